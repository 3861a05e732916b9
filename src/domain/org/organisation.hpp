// The organisations of an estate and above it (DOMAIN.md §1): the party tree (街道党工委 >
// 社区党委 > 党总支 > 党支部 > 党小组), the owners' committee (业委会) or property-management
// committee (物管会) with its term and size rules (RULES.md §4), and the property companies
// with the contracts that bind them to an estate.
// Pure domain code: no I/O, no JSON, no SQL. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "domain/org/unit.hpp"

namespace linli::domain {

// ---- Wording ---------------------------------------------------------------------------------

// A warning given beside a successful answer: `code` is a short snake_case word for clients to
// translate (stable: part of the API), `message` the sentence in English.
struct Warning {
  std::string code;
  std::string message;
};

// ---- Calendar dates ("YYYY-MM-DD") ----------------------------------------------------------

// A civil date as the API writes it. Comparable; no time zone (the day as lived in China).
struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  auto operator<=>(const CivilDate&) const = default;
  std::string ToString() const;  // "2026-03-01"
  long long DayNumber() const;   // days since 1970-01-01
};

// Parses "YYYY-MM-DD" (years 1900..2999), or invalid_argument naming `field`.
Result<CivilDate> ParseCivilDate(std::string_view text, const char* field);
// The same day `years` later; 29 February becomes 28 February in a common year.
CivilDate AddYears(const CivilDate& date, int years);

// ---- Party organisations --------------------------------------------------------------------

enum class PartyOrgKind {
  kWorkingCommittee,    // 街道党工委, at a street
  kCommunityCommittee,  // 社区党委, at a community
  kGeneralBranch,       // 党总支, at an estate (or a community too small for a 党委)
  kBranch,              // 党支部, at an estate
  kPartyGroup,          // 党小组, at an estate, under a branch; may name a building
};

std::string_view PartyOrgKindName(PartyOrgKind kind);     // "working_committee", ...
std::string_view PartyOrgKindChinese(PartyOrgKind kind);  // "街道党工委", ...
std::optional<PartyOrgKind> ParsePartyOrgKind(std::string_view text);

// What a branch is for [001]: the estate's own branch, a building (楼苑) branch, the branch in
// the owners' committee or in the property company, working members reporting to the estate
// (在职党员), retired members, mobile (流动) members.
enum class BranchFunction {
  kEstate,
  kBuilding,
  kCommittee,
  kProperty,
  kWorkingMembers,
  kRetired,
  kMobile
};

std::string_view BranchFunctionName(BranchFunction f);
std::string_view BranchFunctionChinese(BranchFunction f);
std::optional<BranchFunction> ParseBranchFunction(std::string_view text);

struct PartyOrg {
  std::int64_t id = 0;
  PartyOrgKind kind = PartyOrgKind::kBranch;
  std::string name;
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> parent_id;
  std::optional<BranchFunction> function;   // branches only
  std::optional<std::int64_t> building_id;  // party groups and building branches only
};

// 1..64 characters of one-line text.
Status CheckPartyOrgName(std::string_view name);
// Whether an organisation of `kind` may be attached to a unit of `unit_kind` (field unit_id).
Status CheckPartyOrgUnit(PartyOrgKind kind, UnitKind unit_kind);
// Whether it may sit under a parent of `parent` kind (nullopt: no parent recorded; allowed for
// every kind but the party group, since the levels above an estate may not be in Linli yet).
// Field parent_id.
Status CheckPartyOrgParent(PartyOrgKind kind, std::optional<PartyOrgKind> parent);
// The parent must be attached to the same unit or to one above it: `unit_path` within
// `parent_unit_path` (field parent_id).
Status CheckPartyOrgParentPlace(std::string_view unit_path, std::string_view parent_unit_path);
// function only for branches; building_id only for party groups and branches of function
// building. Fields function, building_id.
Status CheckPartyOrgFields(PartyOrgKind kind, std::optional<BranchFunction> function,
                           bool has_building);

// ---- Committees -----------------------------------------------------------------------------

enum class CommitteeKind {
  kOwnersCommittee,      // 业委会, elected by the owners' assembly
  kManagementCommittee,  // 物管会, set up where no 业委会 can be elected
};

std::string_view CommitteeKindName(CommitteeKind kind);
std::string_view CommitteeKindChinese(CommitteeKind kind);
std::optional<CommitteeKind> ParseCommitteeKind(std::string_view text);

inline constexpr int kMaxCommitteeTermYears = 5;  // Guiding Rules art. 31
inline constexpr int kMinCommitteeMembers = 5;
inline constexpr int kMaxCommitteeMembers = 11;

struct Committee {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  CommitteeKind kind = CommitteeKind::kOwnersCommittee;
  std::string name;
  CivilDate term_start;
  CivilDate term_end;
};

// 1..64 characters of one-line text (field name).
Status CheckCommitteeName(std::string_view name);
// The term ends after it starts and lasts at most 5 years (field term_end).
Status CheckCommitteeTerm(const CivilDate& start, const CivilDate& end);
// Members are appointed one by one, so a committee is often temporarily too small: the size
// rule (5 to 11, odd) is a warning shown with the committee, never a refusal. nullopt when
// the size is fine; else code too_few_members (under 5), too_many_members (over 11) or
// even_member_count.
std::optional<Warning> CommitteeSizeWarning(CommitteeKind kind, int members);

// ---- Property companies and contracts -------------------------------------------------------

enum class ContractScope { kWhole, kCleaning, kGreening, kRepair, kSecurity };

std::string_view ContractScopeName(ContractScope scope);
std::string_view ContractScopeChinese(ContractScope scope);
std::optional<ContractScope> ParseContractScope(std::string_view text);

struct PropertyCompany {
  std::int64_t id = 0;
  std::string name;
  std::string credit_code;  // 统一社会信用代码, may be empty
  std::string phone;        // may be empty
};

struct PropertyContract {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::int64_t company_id = 0;
  std::string company_name;  // filled by reads
  ContractScope scope = ContractScope::kWhole;
  CivilDate start_date;
  CivilDate end_date;
};

// 1..100 characters of one-line text (field name).
Status CheckCompanyName(std::string_view name);
// Empty, or an 18-character unified social credit code (GB 32100-2015) whose check character
// is right; returns it upper-cased (field credit_code).
Result<std::string> NormaliseCreditCode(std::string_view code);
// Empty, or 5..20 characters of digits, '-', '+', spaces (field phone): landlines are normal.
Status CheckCompanyPhone(std::string_view phone);
// end_date after start_date (field end_date).
Status CheckContractDates(const CivilDate& start, const CivilDate& end);
// Whether a new contract clashes with one already in force at the same time: two contracts for
// the same scope, or a whole-estate contract beside any other (field start_date).
Status CheckContractOverlap(const PropertyContract& added,
                            const std::vector<PropertyContract>& existing);
// Whether the contracts in force on `today` fit the estate's service mode (estate profile:
// self_managed|whole|itemised|community_company|none). nullopt when they fit; otherwise a
// warning (the profile may be out of date) with one of the codes
//   no_whole_contract_but_mode_whole      whole, and no whole-estate contract in force
//   whole_contract_but_mode_itemised      itemised, and a whole-estate contract in force
//   no_item_contract_but_mode_itemised    itemised, and no contract for an item in force
//   whole_contract_but_mode_self_managed  self_managed, and a whole-estate contract in force
//   contracts_but_mode_none               no mode set, and contracts in force
std::optional<Warning> ServiceModeContractWarning(std::string_view service_mode,
                                                  const std::vector<PropertyContract>& contracts,
                                                  const CivilDate& today);

}  // namespace linli::domain
