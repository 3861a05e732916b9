// The owner roll: who counts as one owner when owners' heads are counted (RULES.md §2, SPC
// interpretation of building ownership disputes art. 9):
//   - one exclusive unit (household) counts as one owner;
//   - BUT all of the developer's units that are unsold or sold-but-not-delivered count as one
//     owner together;
//   - one buyer holding several units counts as one;
//   - co-owners of a unit choose one voter and count as one.
// A "buyer" is the exact set of owners of a unit: the couple {A, B} that owns two flats is one
// owner; A alone on a third flat is another buyer (a different set of people holds it).
// Also here: the identity that makes two rows of an import the same owner of an estate.
//
// Pure domain code. Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/org/household_import.hpp"

namespace linli::domain {

// One owner of a unit, as the roll needs it.
struct RollOwner {
  std::int64_t id = 0;
  OwnerKind kind = OwnerKind::kPerson;
};

// One exclusive unit (household) with its owners.
struct RollUnit {
  std::int64_t household_id = 0;
  bool delivered = true;
  std::vector<RollOwner> owners;
  std::int64_t area = 0;  // exclusive area, 0.01 m² (votes count it; the head count does not)
  std::int64_t building_id = 0;
  bool parking = false;  // a parking space: counted in votes only if the estate's rules say so
};

// One head of the head count and the units it stands for.
struct VoterGroup {
  enum class Kind {
    kDeveloper,  // every unsold or undelivered unit of the estate, together
    kBuyer,      // the units held by one exact set of owners
    kUnowned,    // a unit whose owners are not on record yet: still one unit, one head
  };
  Kind kind = Kind::kBuyer;
  std::vector<std::int64_t> owner_ids;      // sorted; empty for kUnowned
  std::vector<std::int64_t> household_ids;  // in the order given
};

// Whether a unit belongs to the developer's group: it is not delivered yet, or a developer
// still owns it (unsold).
bool IsDeveloperUnit(const RollUnit& unit);

// The voter groups of an estate: the developer's group first (if any), then buyers in the order
// of their first unit. Deterministic for a given input order.
std::vector<VoterGroup> GroupVoters(const std::vector<RollUnit>& units);

// The number of owners for head-count purposes: GroupVoters(units).size().
std::int64_t OwnerHeadcount(const std::vector<RollUnit>& units);

// The identity of an owner within an estate: "p:13800001234" when a phone is known, else
// "k:<kind>/<name>" (kind is one of person|developer|organisation, so the name that follows
// the first '/' is unambiguous).
std::string OwnerIdentityKey(OwnerKind kind, std::string_view name, std::string_view phone);

// "person" etc. back to the kind; nullopt for anything else.
std::optional<OwnerKind> ParseOwnerKindName(std::string_view text);
// "registry" etc. back to the source; nullopt for anything else.
std::optional<AreaSource> ParseAreaSourceName(std::string_view text);

}  // namespace linli::domain
