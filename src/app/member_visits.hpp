// Use cases of pairing (结对) and door-knocking (敲门行动), docs/MEMBER_VISITS.md:
//   - the branch pairs confirmed members with households (or makes a member the 党员中心户 of an
//     entrance), sees the households nobody looks after with a suggested member for each, and
//     accepts suggestions in bulk (all or nothing);
//   - the branch plans rounds by building; members and building leads record visits, and what
//     they heard becomes problems in the problems flow in the same transaction as the visit;
//   - coverage: the share of households visited in a quarter, by building.
// Privacy (RULES.md §9): pairing lists and suggestions name members, so they need kReadMembers
// (kManageMembers to change them) and each such read is audited; coverage is counts only; a
// visitor without kReadMembers sees only their own visits.
// Thread-safety: PairingService and VisitService are thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/appeals.hpp"
#include "app/context.hpp"
#include "domain/members/pairing.hpp"
#include "storage/repos/member_visits.hpp"

namespace linli::app {

// ---- Pairing ------------------------------------------------------------------------------------

struct PairingView {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::int64_t registration_id = 0;
  domain::PairingKind kind = domain::PairingKind::kHousehold;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> entrance_id;
  std::int64_t building_id = 0;
  std::string label;        // "3栋2单元501", or "3栋2单元" for an entrance
  std::string member_name;  // masked unless the viewer may read personal data
  std::int64_t entrance_households = 0;
  // /me/pairings only: for a 党员中心户's entrance, its households (apart from the member's own
  // home) to pick one when recording a visit. Labels only, no owners.
  struct Household {
    std::int64_t id = 0;
    std::string label;
  };
  std::vector<Household> households;
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> ended_at;
};

// One member and how many households they look after, against the rules' minimum.
struct MemberPairsView {
  std::int64_t registration_id = 0;
  std::int64_t estate_id = 0;
  std::string estate_name;
  std::string member_name;
  std::string home_label;
  domain::PairCount count;
  std::vector<PairingView> pairings;  // filled for /me/pairings
};

struct PairingBoard {
  std::int64_t estate_id = 0;
  std::string estate_name;
  std::vector<PairingView> pairings;     // active
  std::vector<MemberPairsView> members;  // every confirmed member, fewest households first
  std::int64_t households = 0;
  std::int64_t households_unpaired = 0;
};

// Exactly one of household_id (结对户) or entrance_id (党员中心户).
struct PairingInput {
  std::int64_t registration_id = 0;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> entrance_id;
};

struct UnpairedHousehold {
  std::int64_t household_id = 0;
  std::string label;
  struct Suggestion {
    std::int64_t registration_id = 0;
    std::string member_name;
    domain::Nearness nearness = domain::Nearness::kSameEstate;
  };
  std::optional<Suggestion> suggestion;  // nullopt: no confirmed member to suggest
};
struct UnpairedGroup {
  std::int64_t building_id = 0;
  std::string building_name;
  std::int64_t entrance_id = 0;
  std::string entrance_name;
  std::vector<UnpairedHousehold> households;
};
struct UnpairedPage {
  std::int64_t estate_id = 0;
  std::int64_t households = 0;  // of the estate
  std::int64_t unpaired = 0;
  std::vector<UnpairedGroup> groups;  // by building and entrance, in the household list's order
};

class PairingService {
 public:
  explicit PairingService(Env env) : env_(env) {}

  // kReadMembers on the estate (audited: it names members).
  Result<PairingBoard> Board(const Principal& who, std::int64_t estate_id);
  // kManageMembers: the registration confirmed and of this estate, the household or entrance of
  // this estate, not the member's own household, not paired already (already_exists).
  Result<PairingView> Pair(const Principal& who, std::int64_t estate_id, const PairingInput& in);
  // kManageMembers: several pairings, all or nothing; errors name pairings[i].field.
  Result<std::vector<PairingView>> PairBatch(const Principal& who, std::int64_t estate_id,
                                             const std::vector<PairingInput>& in);
  // kManageMembers on the pairing's estate; failed_precondition when it has already ended.
  Result<PairingView> End(const Principal& who, std::int64_t pairing_id);
  // kManageMembers (audited): households nobody looks after, each with the nearest member.
  Result<UnpairedPage> Unpaired(const Principal& who, std::int64_t estate_id);
  // The caller's own confirmed registrations with their active pairings (any logged-in caller;
  // empty when they have none).
  Result<std::vector<MemberPairsView>> Mine(const Principal& who);

 private:
  Env env_;
};

// ---- Door-knocking ------------------------------------------------------------------------------

struct RoundInput {
  std::string title;
  std::optional<std::int64_t> building_id;  // nullopt: the whole estate
  std::string starts_on, ends_on;           // YYYY-MM-DD, inclusive
};

struct RoundView {
  storage::RoundRecord round;
  domain::CoverageCount progress;  // households in scope, visited between the round's dates
  std::string status;              // upcoming | active | finished (by today)
};

struct VisitInput {
  std::int64_t household_id = 0;
  std::optional<std::string> visited_on;  // default today (Beijing time)
  std::optional<std::int64_t> round_id;
  std::string heard;
  std::string contact_name;  // the resident spoken to, for the problems (optional)
  std::string contact_phone;
  struct Problem {
    std::string category;
    std::string description;
    std::optional<PlaceInput> place;  // default: the visited household
  };
  std::vector<Problem> problems;  // 0..20, filed as appeals with channel door_knock
};

struct VisitView {
  storage::VisitRecord visit;
  std::string visitor_name;  // masked unless kReadPersonalData; the caller's own name for them
  bool by_member = false;    // shown only to kReadMembers holders and to the visitor
  bool mine = false;
};

struct VisitListQuery {
  std::optional<std::string> from, to;  // visited_on bounds, inclusive
  std::optional<std::int64_t> building_id;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> round_id;
  bool mine = false;
};

struct CoverageView {
  std::int64_t estate_id = 0;
  std::string estate_name;
  domain::Quarter quarter;
  std::vector<storage::BuildingCoverage> buildings;
  domain::CoverageCount total;
  std::int64_t visits = 0;
};

class VisitService {
 public:
  explicit VisitService(Env env) : env_(env) {}

  // kManageMembers; the building, when given, of this estate.
  Result<RoundView> CreateRound(const Principal& who, std::int64_t estate_id, const RoundInput& in);
  // kRecordVisits or kReadMembers: every round, newest first, with its progress.
  Result<std::vector<RoundView>> Rounds(const Principal& who, std::int64_t estate_id);

  // kRecordVisits (and kEnterAppeals when there are problems). The household must be of the
  // estate (not_found naming household_id, nothing saved); the visit, its problems (one intake,
  // channel door_knock) and the audit entries commit together.
  Result<VisitView> Record(const Principal& who, std::int64_t estate_id, const VisitInput& in);
  // kReadMembers: every visit (audited when it shows who visited as a member); kRecordVisits
  // alone: the caller's own visits.
  Result<Paged<VisitView>> List(const Principal& who, std::int64_t estate_id,
                                const VisitListQuery& q, Page page);
  // The caller's own visits anywhere.
  Result<Paged<VisitView>> Mine(const Principal& who, Page page);

  // kReadMembers or kRecordVisits (counts only). `quarter` "2026-Q4"; default the current one.
  Result<CoverageView> Coverage(const Principal& who, std::int64_t estate_id,
                                const std::optional<std::string>& quarter);

 private:
  Env env_;
};

}  // namespace linli::app
