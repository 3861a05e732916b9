#include "domain/members/pairing.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.hpp"
#include "core/time_format.hpp"

namespace linli::domain {

std::string_view PairingKindName(PairingKind k) {
  return k == PairingKind::kEntrance ? "entrance" : "household";
}
std::optional<PairingKind> ParsePairingKind(std::string_view text) {
  if (text == "household") return PairingKind::kHousehold;
  if (text == "entrance") return PairingKind::kEntrance;
  return std::nullopt;
}
std::string_view PairingKindLabel(PairingKind k) {
  return k == PairingKind::kEntrance ? "党员中心户" : "结对户";
}

bool HouseholdCovered(const HouseholdSpot& h, const std::vector<ActivePairing>& active,
                      const std::vector<std::int64_t>& member_homes) {
  if (std::find(member_homes.begin(), member_homes.end(), h.id) != member_homes.end()) return true;
  return std::any_of(active.begin(), active.end(), [&](const ActivePairing& p) {
    return p.kind == PairingKind::kHousehold ? p.household_id == h.id
                                             : p.entrance_id == h.entrance_id;
  });
}

std::vector<HouseholdSpot> UncoveredHouseholds(const std::vector<HouseholdSpot>& all,
                                               const std::vector<ActivePairing>& active,
                                               const std::vector<std::int64_t>& member_homes) {
  // Sets, so that an estate of thousands of households is one pass.
  std::set<std::int64_t> homes(member_homes.begin(), member_homes.end());
  std::set<std::int64_t> households, entrances;
  for (const auto& p : active) {
    if (p.kind == PairingKind::kHousehold && p.household_id) households.insert(*p.household_id);
    if (p.kind == PairingKind::kEntrance && p.entrance_id) entrances.insert(*p.entrance_id);
  }
  std::vector<HouseholdSpot> out;
  for (const auto& h : all)
    if (!homes.count(h.id) && !households.count(h.id) && !entrances.count(h.entrance_id))
      out.push_back(h);
  return out;
}

Status CheckNewPairing(const NewPairing& p, std::int64_t member_home,
                       const std::vector<ActivePairing>& of_member) {
  if (p.kind == PairingKind::kHousehold) {
    if (!p.household_id)
      return InvalidArgument("household_id is required for a household pairing", "household_id");
    if (*p.household_id == member_home)
      return InvalidArgument("household " + std::to_string(member_home) +
                                 " is the member's own home; pair them with another household",
                             "household_id");
  } else if (!p.entrance_id) {
    return InvalidArgument("entrance_id is required for a 党员中心户 (entrance) pairing",
                           "entrance_id");
  }
  for (const auto& a : of_member) {
    if (a.registration_id != p.registration_id || a.kind != p.kind) continue;
    if (p.kind == PairingKind::kHousehold && a.household_id == p.household_id)
      return AlreadyExists("the member is already paired with household " +
                               std::to_string(*p.household_id) + " (pairing " +
                               std::to_string(a.id) + ")",
                           "household_id");
    if (p.kind == PairingKind::kEntrance && a.entrance_id == p.entrance_id)
      return AlreadyExists("the member already looks after entrance " +
                               std::to_string(*p.entrance_id) + " (pairing " +
                               std::to_string(a.id) + ")",
                           "entrance_id");
  }
  return {};
}

PairCount CountPairs(int household_pairings, int entrance_households, const MemberRules& rules) {
  PairCount c;
  c.households = household_pairings + entrance_households;
  c.min_pairs = rules.min_pairs;
  c.met = c.households >= rules.min_pairs;
  return c;
}

std::string_view NearnessName(Nearness n) {
  switch (n) {
    case Nearness::kSameEntrance:
      return "same_entrance";
    case Nearness::kSameBuilding:
      return "same_building";
    case Nearness::kSameEstate:
      return "same_estate";
  }
  return "same_estate";
}
std::string_view NearnessLabel(Nearness n) {
  switch (n) {
    case Nearness::kSameEntrance:
      return "同单元";
    case Nearness::kSameBuilding:
      return "同楼栋";
    case Nearness::kSameEstate:
      return "同小区";
  }
  return "同小区";
}

std::vector<PairSuggestion> SuggestPairs(const std::vector<HouseholdSpot>& uncovered,
                                         std::vector<PairCandidate> members) {
  std::vector<PairSuggestion> out;
  out.reserve(uncovered.size());
  for (const auto& h : uncovered) {
    PairSuggestion s;
    s.household_id = h.id;
    PairCandidate* best = nullptr;
    Nearness best_near = Nearness::kSameEstate;
    for (auto& m : members) {
      if (m.home.id == h.id) continue;
      const Nearness near = m.home.entrance_id == h.entrance_id   ? Nearness::kSameEntrance
                            : m.home.building_id == h.building_id ? Nearness::kSameBuilding
                                                                  : Nearness::kSameEstate;
      const bool better = !best || near < best_near ||
                          (near == best_near &&
                           (m.pairs < best->pairs ||
                            (m.pairs == best->pairs && m.registration_id < best->registration_id)));
      if (better) {
        best = &m;
        best_near = near;
      }
    }
    if (best) {
      s.registration_id = best->registration_id;
      s.nearness = best_near;
      ++best->pairs;
    }
    out.push_back(s);
  }
  return out;
}

bool IsCalendarDate(std::string_view text) { return ParseDate(text, 0).has_value(); }

Status CheckVisitDate(std::string_view visited_on, std::string_view today) {
  if (!IsCalendarDate(visited_on))
    return InvalidArgument("visited_on must be a date YYYY-MM-DD such as " + std::string(today),
                           "visited_on");
  // Dates of the same fixed format compare as text.
  if (visited_on > today)
    return InvalidArgument("visited_on " + std::string(visited_on) +
                               " is in the future; record a visit on or after the day it "
                               "happened (today is " +
                               std::string(today) + ")",
                           "visited_on");
  return {};
}

Status CheckHeard(std::string_view heard) {
  if (!IsValidUtf8(heard)) return InvalidArgument("heard is not valid UTF-8 text", "heard");
  const auto n = Utf8Length(heard);
  if (n > 2000)
    return InvalidArgument("heard has " + std::to_string(n) +
                               " characters; at most 2000 are allowed (put each problem in "
                               "problems instead)",
                           "heard");
  return {};
}

Status CheckRound(std::string_view title, std::string_view starts_on, std::string_view ends_on) {
  const auto t = Trim(title);
  if (!IsValidUtf8(t) || Utf8Length(t) < 1 || Utf8Length(t) > 100)
    return InvalidArgument("title must be 1 to 100 characters, such as \"2026年第四季度敲门行动\"",
                           "title");
  if (!IsCalendarDate(starts_on))
    return InvalidArgument("starts_on must be a date YYYY-MM-DD", "starts_on");
  if (!IsCalendarDate(ends_on))
    return InvalidArgument("ends_on must be a date YYYY-MM-DD", "ends_on");
  if (ends_on < starts_on)
    return InvalidArgument(
        "ends_on " + std::string(ends_on) + " is before starts_on " + std::string(starts_on),
        "ends_on");
  return {};
}

std::optional<Quarter> ParseQuarter(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')) return std::nullopt;
  for (int i = 0; i < 4; ++i)
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int q = text[6] - '0';
  if (q < 1 || q > 4) return std::nullopt;
  static constexpr const char* kFrom[] = {"01-01", "04-01", "07-01", "10-01"};
  static constexpr const char* kTo[] = {"03-31", "06-30", "09-30", "12-31"};
  const std::string year(text.substr(0, 4));
  if (year == "0000") return std::nullopt;
  return Quarter{year + "-Q" + std::to_string(q), year + "-" + kFrom[q - 1],
                 year + "-" + kTo[q - 1]};
}

Quarter QuarterOf(std::string_view date) {
  const int m = (date[5] - '0') * 10 + (date[6] - '0');
  return *ParseQuarter(std::string(date.substr(0, 4)) + "-Q" + std::to_string((m - 1) / 3 + 1));
}

std::int64_t ShareTenths(const CoverageCount& c) {
  if (c.households <= 0) return 0;
  // round(visited / households * 1000), half up, in integers
  return (c.visited * 2000 + c.households) / (2 * c.households);
}
double SharePercent(const CoverageCount& c) { return static_cast<double>(ShareTenths(c)) / 10.0; }

CoverageCount SumCoverage(const std::vector<CoverageCount>& parts) {
  CoverageCount sum;
  for (const auto& p : parts) {
    sum.households += p.households;
    sum.visited += p.visited;
  }
  return sum;
}

}  // namespace linli::domain
