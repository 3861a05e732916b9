// The roll of a vote (业主名册, RULES.md §2): who may vote and what each counts for. Built from
// the estate's units and owners by the counting rules of domain/org/owner_roll.hpp (one head per
// buyer however many units; the developer's unsold and undelivered units one head together;
// co-owners one head and one voter), each head with the exclusive area of its units. A vote
// limited to some buildings (the households that share a maintenance-fund cost) counts only the
// units of those buildings. The roll is published for objections and frozen when voting opens.
//
// Pure domain code. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/org/owner_roll.hpp"
#include "domain/votes/tally.hpp"

namespace linli::domain {

struct VoteRollEntry {
  VoterGroup group;       // kind, owners (sorted), units
  std::int64_t area = 0;  // 0.01 m², the sum over the group's units
};

struct VoteRoll {
  std::vector<VoteRollEntry> entries;
  Share total;  // area over all units of the roll, heads = entries.size()
};

// The roll over `units`, limited to `building_ids` when that is not empty; parking spaces are
// left out (area and heads) unless `count_parking` (the estate's rules of procedure).
// Deterministic for a given input order (GroupVoters' order).
VoteRoll BuildVoteRoll(const std::vector<RollUnit>& units,
                       const std::vector<std::int64_t>& building_ids, bool count_parking = false);

}  // namespace linli::domain
