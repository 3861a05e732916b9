#include "domain/votes/roll.hpp"

#include <algorithm>
#include <unordered_map>

namespace linli::domain {

VoteRoll BuildVoteRoll(const std::vector<RollUnit>& units,
                       const std::vector<std::int64_t>& building_ids, bool count_parking) {
  std::vector<RollUnit> chosen;
  chosen.reserve(units.size());
  for (const RollUnit& u : units)
    if ((count_parking || !u.parking) &&
        (building_ids.empty() ||
         std::find(building_ids.begin(), building_ids.end(), u.building_id) != building_ids.end()))
      chosen.push_back(u);

  std::unordered_map<std::int64_t, std::int64_t> area_of;  // household -> area
  area_of.reserve(chosen.size());
  for (const RollUnit& u : chosen) area_of[u.household_id] = u.area;

  VoteRoll roll;
  for (VoterGroup& g : GroupVoters(chosen)) {
    VoteRollEntry e;
    for (std::int64_t h : g.household_ids) e.area += area_of[h];
    e.group = std::move(g);
    roll.total.area += e.area;
    roll.entries.push_back(std::move(e));
  }
  roll.total.heads = static_cast<std::int64_t>(roll.entries.size());
  return roll;
}

}  // namespace linli::domain
