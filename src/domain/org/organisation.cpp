#include "domain/org/organisation.hpp"

#include <cstdio>

#include "core/text.hpp"
#include "core/time_format.hpp"

namespace linli::domain {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// One line of text of 1..max characters.
Status CheckLine(std::string_view text, size_t max, const char* field, const char* what) {
  if (Trim(text).empty()) return InvalidArgument(std::string(what) + " is required", field);
  if (!IsValidUtf8(text) || Utf8Length(text) > max)
    return InvalidArgument(
        std::string(what) + " must be text of at most " + std::to_string(max) + " characters",
        field);
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f)
      return InvalidArgument(std::string(what) + " must be one line without control characters",
                             field);
  return {};
}

std::string KindLabel(PartyOrgKind k) {
  return std::string(PartyOrgKindName(k)) + " (" + std::string(PartyOrgKindChinese(k)) + ")";
}

}  // namespace

// ---- Wording --------------------------------------------------------------------------------

// ---- Dates ----------------------------------------------------------------------------------

std::string CivilDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

long long CivilDate::DayNumber() const { return DaysFromCivil(year, month, day); }

Result<CivilDate> ParseCivilDate(std::string_view text, const char* field) {
  auto bad = [&] {
    return InvalidArgument(
        std::string(field) + " must be a date written YYYY-MM-DD, such as 2026-03-01", field);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < lens[i]; ++j) {
      char c = text[starts[i] + j];
      if (c < '0' || c > '9') return bad();
      parts[i] = parts[i] * 10 + (c - '0');
    }
  if (parts[0] < 1900 || parts[0] > 2999)
    return InvalidArgument(std::string(field) + " must be a date from 1900 to 2999", field);
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 ||
      static_cast<unsigned>(parts[2]) > DaysInMonth(parts[0], parts[1]))
    return InvalidArgument(
        std::string(field) + " '" + std::string(text) + "' is not a date of the calendar", field);
  return CivilDate{parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2])};
}

CivilDate AddYears(const CivilDate& date, int years) {
  CivilDate out = date;
  out.year += years;
  if (out.day > DaysInMonth(out.year, out.month)) out.day = DaysInMonth(out.year, out.month);
  return out;
}

// ---- Party organisations --------------------------------------------------------------------

std::string_view PartyOrgKindName(PartyOrgKind kind) {
  switch (kind) {
    case PartyOrgKind::kWorkingCommittee:
      return "working_committee";
    case PartyOrgKind::kCommunityCommittee:
      return "community_committee";
    case PartyOrgKind::kGeneralBranch:
      return "general_branch";
    case PartyOrgKind::kBranch:
      return "branch";
    case PartyOrgKind::kPartyGroup:
      return "party_group";
  }
  return "branch";
}

std::string_view PartyOrgKindChinese(PartyOrgKind kind) {
  switch (kind) {
    case PartyOrgKind::kWorkingCommittee:
      return "街道党工委";
    case PartyOrgKind::kCommunityCommittee:
      return "社区党委";
    case PartyOrgKind::kGeneralBranch:
      return "党总支";
    case PartyOrgKind::kBranch:
      return "党支部";
    case PartyOrgKind::kPartyGroup:
      return "党小组";
  }
  return "党支部";
}

std::optional<PartyOrgKind> ParsePartyOrgKind(std::string_view text) {
  for (auto k : {PartyOrgKind::kWorkingCommittee, PartyOrgKind::kCommunityCommittee,
                 PartyOrgKind::kGeneralBranch, PartyOrgKind::kBranch, PartyOrgKind::kPartyGroup})
    if (PartyOrgKindName(k) == text) return k;
  return std::nullopt;
}

std::string_view BranchFunctionName(BranchFunction f) {
  switch (f) {
    case BranchFunction::kEstate:
      return "estate";
    case BranchFunction::kBuilding:
      return "building";
    case BranchFunction::kCommittee:
      return "committee";
    case BranchFunction::kProperty:
      return "property";
    case BranchFunction::kWorkingMembers:
      return "working_members";
    case BranchFunction::kRetired:
      return "retired";
    case BranchFunction::kMobile:
      return "mobile";
  }
  return "estate";
}

std::string_view BranchFunctionChinese(BranchFunction f) {
  switch (f) {
    case BranchFunction::kEstate:
      return "小区党支部";
    case BranchFunction::kBuilding:
      return "楼苑党支部";
    case BranchFunction::kCommittee:
      return "业委会党支部";
    case BranchFunction::kProperty:
      return "物业党支部";
    case BranchFunction::kWorkingMembers:
      return "在职党员党支部";
    case BranchFunction::kRetired:
      return "离退休党员党支部";
    case BranchFunction::kMobile:
      return "流动党员党支部";
  }
  return "小区党支部";
}

std::optional<BranchFunction> ParseBranchFunction(std::string_view text) {
  for (auto f : {BranchFunction::kEstate, BranchFunction::kBuilding, BranchFunction::kCommittee,
                 BranchFunction::kProperty, BranchFunction::kWorkingMembers,
                 BranchFunction::kRetired, BranchFunction::kMobile})
    if (BranchFunctionName(f) == text) return f;
  return std::nullopt;
}

Status CheckPartyOrgName(std::string_view name) { return CheckLine(name, 64, "name", "name"); }

Status CheckPartyOrgUnit(PartyOrgKind kind, UnitKind unit_kind) {
  bool ok = false;
  const char* where = "";
  switch (kind) {
    case PartyOrgKind::kWorkingCommittee:
      ok = unit_kind == UnitKind::kStreet;
      where = "a street";
      break;
    case PartyOrgKind::kCommunityCommittee:
      ok = unit_kind == UnitKind::kCommunity;
      where = "a community";
      break;
    case PartyOrgKind::kGeneralBranch:
      ok = unit_kind == UnitKind::kEstate || unit_kind == UnitKind::kCommunity;
      where = "an estate (or a community)";
      break;
    case PartyOrgKind::kBranch:
      // A small community's own organisation may be a 社区党支部 (seed 004).
      ok = unit_kind == UnitKind::kEstate || unit_kind == UnitKind::kCommunity;
      where = "an estate (or a community)";
      break;
    case PartyOrgKind::kPartyGroup:
      ok = unit_kind == UnitKind::kEstate;
      where = "an estate";
      break;
  }
  if (ok) return {};
  return InvalidArgument(WithIndefiniteArticle(KindLabel(kind)) + " belongs to " + where +
                             ", not to " + WithIndefiniteArticle(UnitKindName(unit_kind)) +
                             "; choose the right unit_id",
                         "unit_id");
}

Status CheckPartyOrgParent(PartyOrgKind kind, std::optional<PartyOrgKind> parent) {
  using K = PartyOrgKind;
  std::vector<K> allowed;
  switch (kind) {
    case K::kWorkingCommittee:
      allowed = {};
      break;
    case K::kCommunityCommittee:
      allowed = {K::kWorkingCommittee};
      break;
    case K::kGeneralBranch:
      allowed = {K::kCommunityCommittee, K::kWorkingCommittee};
      break;
    case K::kBranch:
      // Under a 社区党支部 too (seed 004: 龙山路社区党支部 leads the estates' branches); the
      // place check keeps the parent on a unit above.
      allowed = {K::kGeneralBranch, K::kCommunityCommittee, K::kBranch, K::kWorkingCommittee};
      break;
    case K::kPartyGroup:
      allowed = {K::kBranch};
      break;
  }
  if (!parent) {
    if (kind == K::kPartyGroup)
      return InvalidArgument(
          "a party_group (党小组) needs parent_id: the branch (党支部) it belongs to", "parent_id");
    return {};
  }
  for (auto a : allowed)
    if (a == *parent) return {};
  if (allowed.empty())
    return InvalidArgument(WithIndefiniteArticle(KindLabel(kind)) +
                               " is the top of the party tree in Linli; leave parent_id empty",
                           "parent_id");
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i)
    list += (i ? " or " : "") + WithIndefiniteArticle(KindLabel(allowed[i]));
  return InvalidArgument(WithIndefiniteArticle(KindLabel(kind)) + " sits under " + list +
                             ", not under " + WithIndefiniteArticle(KindLabel(*parent)),
                         "parent_id");
}

Status CheckPartyOrgParentPlace(std::string_view unit_path, std::string_view parent_unit_path) {
  if (PathWithin(unit_path, parent_unit_path)) return {};
  return InvalidArgument(
      "the parent organisation belongs to another part of the tree: it must be "
      "attached to the same unit or to a unit above this one",
      "parent_id");
}

Status CheckPartyOrgFields(PartyOrgKind kind, std::optional<BranchFunction> function,
                           bool has_building) {
  if (function && kind != PartyOrgKind::kBranch)
    return InvalidArgument("function is for branches (党支部) only; leave it empty for " +
                               WithIndefiniteArticle(KindLabel(kind)),
                           "function");
  if (has_building) {
    bool ok = kind == PartyOrgKind::kPartyGroup ||
              (kind == PartyOrgKind::kBranch && function == BranchFunction::kBuilding);
    if (!ok)
      return InvalidArgument(
          "building_id is for party groups (党小组) and building branches (function "
          "building) only",
          "building_id");
  }
  return {};
}

// ---- Committees -----------------------------------------------------------------------------

std::string_view CommitteeKindName(CommitteeKind kind) {
  return kind == CommitteeKind::kOwnersCommittee ? "owners_committee" : "management_committee";
}

std::string_view CommitteeKindChinese(CommitteeKind kind) {
  return kind == CommitteeKind::kOwnersCommittee ? "业委会" : "物管会";
}

std::optional<CommitteeKind> ParseCommitteeKind(std::string_view text) {
  for (auto k : {CommitteeKind::kOwnersCommittee, CommitteeKind::kManagementCommittee})
    if (CommitteeKindName(k) == text) return k;
  return std::nullopt;
}

Status CheckCommitteeName(std::string_view name) { return CheckLine(name, 64, "name", "name"); }

Status CheckCommitteeTerm(const CivilDate& start, const CivilDate& end) {
  if (end <= start)
    return InvalidArgument(
        "term_end (" + end.ToString() + ") must be after term_start (" + start.ToString() + ")",
        "term_end");
  const CivilDate latest = AddYears(start, kMaxCommitteeTermYears);
  if (end > latest)
    return InvalidArgument("a committee's term lasts at most " +
                               std::to_string(kMaxCommitteeTermYears) +
                               " years (Guiding Rules art. 31): term_end may be " +
                               latest.ToString() + " at the latest",
                           "term_end");
  return {};
}

std::optional<Warning> CommitteeSizeWarning(CommitteeKind kind, int members) {
  const char* code = members < kMinCommitteeMembers   ? "too_few_members"
                     : members > kMaxCommitteeMembers ? "too_many_members"
                     : members % 2 == 0               ? "even_member_count"
                                                      : nullptr;
  if (!code) return std::nullopt;
  return Warning{code, std::string(CommitteeKindChinese(kind)) + " has " + std::to_string(members) +
                           (members == 1 ? " member" : " members") +
                           "; the rules ask for an odd number from " +
                           std::to_string(kMinCommitteeMembers) + " to " +
                           std::to_string(kMaxCommitteeMembers) + " (Guiding Rules art. 31)"};
}

// ---- Property -------------------------------------------------------------------------------

std::string_view ContractScopeName(ContractScope scope) {
  switch (scope) {
    case ContractScope::kWhole:
      return "whole";
    case ContractScope::kCleaning:
      return "cleaning";
    case ContractScope::kGreening:
      return "greening";
    case ContractScope::kRepair:
      return "repair";
    case ContractScope::kSecurity:
      return "security";
  }
  return "whole";
}

std::string_view ContractScopeChinese(ContractScope scope) {
  switch (scope) {
    case ContractScope::kWhole:
      return "整体委托";
    case ContractScope::kCleaning:
      return "保洁";
    case ContractScope::kGreening:
      return "绿化";
    case ContractScope::kRepair:
      return "维修";
    case ContractScope::kSecurity:
      return "秩序维护";
  }
  return "整体委托";
}

std::optional<ContractScope> ParseContractScope(std::string_view text) {
  for (auto s : {ContractScope::kWhole, ContractScope::kCleaning, ContractScope::kGreening,
                 ContractScope::kRepair, ContractScope::kSecurity})
    if (ContractScopeName(s) == text) return s;
  return std::nullopt;
}

Status CheckCompanyName(std::string_view name) { return CheckLine(name, 100, "name", "name"); }

Result<std::string> NormaliseCreditCode(std::string_view code_in) {
  std::string code(Trim(code_in));
  if (code.empty()) return code;
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  for (auto& c : code)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  auto bad = [] {
    return InvalidArgument(
        "credit_code must be the 18-character unified social credit code "
        "(统一社会信用代码) of the company, digits and capital letters other than I, O, S, V, Z",
        "credit_code");
  };
  if (code.size() != 18) return bad();
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    auto pos = kChars.find(code[i]);
    if (pos == std::string_view::npos) return bad();
    if (i < 17) sum += static_cast<int>(pos) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  if (kChars[check] != code[17])
    return InvalidArgument("credit_code " + code + " has a wrong check character: verify the code",
                           "credit_code");
  return code;
}

Status CheckCompanyPhone(std::string_view phone_in) {
  auto phone = Trim(phone_in);
  if (phone.empty()) return {};
  bool ok = phone.size() >= 5 && phone.size() <= 20;
  for (char c : phone)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ')) ok = false;
  if (!ok)
    return InvalidArgument(
        "phone must be a telephone number of digits and '-', such as 023-68001234", "phone");
  return {};
}

Status CheckContractDates(const CivilDate& start, const CivilDate& end) {
  if (end <= start)
    return InvalidArgument(
        "end_date (" + end.ToString() + ") must be after start_date (" + start.ToString() + ")",
        "end_date");
  return {};
}

Status CheckContractOverlap(const PropertyContract& added,
                            const std::vector<PropertyContract>& existing) {
  for (const auto& c : existing) {
    const bool overlaps = added.start_date <= c.end_date && c.start_date <= added.end_date;
    if (!overlaps) continue;
    const bool clash = c.scope == added.scope || c.scope == ContractScope::kWhole ||
                       added.scope == ContractScope::kWhole;
    if (!clash) continue;
    return FailedPrecondition(
        "the estate already has " +
            WithIndefiniteArticle(std::string(ContractScopeName(c.scope)) + " contract") +
            (c.company_name.empty() ? std::string() : " with " + c.company_name) + " from " +
            c.start_date.ToString() + " to " + c.end_date.ToString() +
            "; a whole-estate contract cannot run beside another, nor two contracts for one scope. "
            "Start the new contract after the old one ends",
        "start_date");
  }
  return {};
}

std::optional<Warning> ServiceModeContractWarning(std::string_view service_mode,
                                                  const std::vector<PropertyContract>& contracts,
                                                  const CivilDate& today) {
  bool whole = false, itemised = false;
  for (const auto& c : contracts) {
    if (c.start_date > today || c.end_date < today) continue;
    (c.scope == ContractScope::kWhole ? whole : itemised) = true;
  }
  if (service_mode == "whole" && !whole)
    return Warning{"no_whole_contract_but_mode_whole",
                   "the estate profile says the whole estate is outsourced, but no whole-estate "
                   "contract is in force today"};
  if (service_mode == "itemised" && whole)
    return Warning{"whole_contract_but_mode_itemised",
                   "the estate profile says services are outsourced item by item, but a "
                   "whole-estate contract is in force today"};
  if (service_mode == "itemised" && !itemised)
    return Warning{"no_item_contract_but_mode_itemised",
                   "the estate profile says services are outsourced item by item, but no "
                   "contract for an item is in force today"};
  if (service_mode == "self_managed" && whole)
    return Warning{"whole_contract_but_mode_self_managed",
                   "the estate profile says the estate manages itself, but a whole-estate "
                   "contract is in force today"};
  if (service_mode == "none" && (whole || itemised))
    return Warning{"contracts_but_mode_none",
                   "contracts are in force but the estate profile has no service mode; set it"};
  return std::nullopt;
}

}  // namespace linli::domain
