// Pairing (结对) and door-knocking (敲门行动) of party members in their estate (DOMAIN.md §2):
// which households are looked after, the checks on a new pairing, suggestions of the nearest
// member for households with nobody, visit and round inputs, quarters, and the coverage
// arithmetic (share of households visited, by building).
// Pure domain code: no I/O, today's date always passed in. Thread-safety: plain values and pure
// functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/members/members.hpp"

namespace linli::domain {

// ---- Pairing (结对) -----------------------------------------------------------------------------

// A member pairs with a household (结对户), or looks after a whole entrance as its 党员中心户.
enum class PairingKind { kHousehold, kEntrance };
std::string_view PairingKindName(PairingKind k);  // "household", "entrance"
std::optional<PairingKind> ParsePairingKind(std::string_view text);
std::string_view PairingKindLabel(PairingKind k);  // 结对户, 党员中心户

// Where a household is, as pairing sees it.
struct HouseholdSpot {
  std::int64_t id = 0;
  std::int64_t building_id = 0;
  std::int64_t entrance_id = 0;
};

struct ActivePairing {
  std::int64_t id = 0;
  std::int64_t registration_id = 0;
  PairingKind kind = PairingKind::kHousehold;
  std::optional<std::int64_t> household_id;  // kHousehold
  std::optional<std::int64_t> entrance_id;   // kEntrance
};

// A household is looked after when it has a household pairing, when its entrance has a
// 党员中心户, or when a confirmed member lives there (pairing is with non-member households).
bool HouseholdCovered(const HouseholdSpot& h, const std::vector<ActivePairing>& active,
                      const std::vector<std::int64_t>& member_homes);
// The households of `all` that nobody looks after, in the order given.
std::vector<HouseholdSpot> UncoveredHouseholds(const std::vector<HouseholdSpot>& all,
                                               const std::vector<ActivePairing>& active,
                                               const std::vector<std::int64_t>& member_homes);

// A pairing about to be made for a member who lives in `member_home` (a household id).
struct NewPairing {
  std::int64_t registration_id = 0;
  PairingKind kind = PairingKind::kHousehold;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> entrance_id;
};
// Refuses pairing a member with their own household (invalid_argument, field household_id) and a
// second active pairing of the same member with the same household or entrance (already_exists).
// `of_member` are the member's active pairings.
Status CheckNewPairing(const NewPairing& p, std::int64_t member_home,
                       const std::vector<ActivePairing>& of_member);

// How many households a member looks after: household pairings plus the households of the
// entrances they are 党员中心户 of (their own household not counted), against rules.min_pairs.
struct PairCount {
  int households = 0;
  int min_pairs = 0;
  bool met = false;
};
PairCount CountPairs(int household_pairings, int entrance_households, const MemberRules& rules);

// A confirmed member who may be suggested: where they live and how many households they look
// after now.
struct PairCandidate {
  std::int64_t registration_id = 0;
  HouseholdSpot home;
  int pairs = 0;
};
enum class Nearness { kSameEntrance, kSameBuilding, kSameEstate };
std::string_view NearnessName(Nearness n);   // same_entrance, same_building, same_estate
std::string_view NearnessLabel(Nearness n);  // 同单元, 同楼栋, 同小区
struct PairSuggestion {
  std::int64_t household_id = 0;
  std::optional<std::int64_t> registration_id;  // nullopt: no member to suggest
  Nearness nearness = Nearness::kSameEstate;
};
// For each household, in order: the nearest member (same entrance, then same building, then
// anyone in the estate), among those equally near the one with the fewest pairs (then the lowest
// registration id); a member is never suggested for their own household. Each suggestion counts
// as a pair of the member for the households after it, so suggestions spread.
std::vector<PairSuggestion> SuggestPairs(const std::vector<HouseholdSpot>& uncovered,
                                         std::vector<PairCandidate> members);

// ---- Door-knocking (敲门行动) -------------------------------------------------------------------

// A real calendar date "YYYY-MM-DD".
bool IsCalendarDate(std::string_view text);
// visited_on: a calendar date not after today (both "YYYY-MM-DD"; field visited_on).
Status CheckVisitDate(std::string_view visited_on, std::string_view today);
// What was heard: valid UTF-8, at most 2000 characters (may be empty; field heard).
Status CheckHeard(std::string_view heard);
// A round: title 1..100 characters, dates real, starts_on <= ends_on (fields name each).
Status CheckRound(std::string_view title, std::string_view starts_on, std::string_view ends_on);

// A calendar quarter "2026-Q4": its first and last day ("2026-10-01", "2026-12-31").
struct Quarter {
  std::string name;  // "2026-Q4"
  std::string from;  // first day
  std::string to;    // last day, inclusive
};
std::optional<Quarter> ParseQuarter(std::string_view text);
Quarter QuarterOf(std::string_view date);  // the quarter a valid date falls in

// Coverage of one building (or of the estate): households, those visited, and the share as a
// percentage rounded half up to one decimal, computed exactly in integers (tenths of a percent).
struct CoverageCount {
  std::int64_t households = 0;
  std::int64_t visited = 0;
};
std::int64_t ShareTenths(const CoverageCount& c);  // 0..1000; 0 when there are no households
double SharePercent(const CoverageCount& c);       // ShareTenths / 10, e.g. 33.3
CoverageCount SumCoverage(const std::vector<CoverageCount>& parts);

}  // namespace linli::domain
