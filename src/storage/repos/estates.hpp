// Estates in the store: profiles, buildings, entrances, households, owners and who owns what,
// the figures of an estate, and applying a household import plan. Written once against the
// storage port; the same SQL runs on SQLite and PostgreSQL.
// Masking and permissions are not done here (the use cases in app/estates do them).
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/org/estate_profile.hpp"
#include "domain/org/household_import.hpp"
#include "domain/org/owner_roll.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// ---- Profile -------------------------------------------------------------------------------

// The profile of an estate; defaults (empty address, no year, service mode none) when the
// estate has no profile row yet.
Result<domain::EstateProfile> LoadEstateProfile(Tx& tx, std::int64_t estate_id);
// Creates or replaces the profile row.
Status SaveEstateProfile(Tx& tx, std::int64_t estate_id, const domain::EstateProfile& profile,
                         std::int64_t now);

// ---- Buildings and entrances ---------------------------------------------------------------

struct BuildingSummary {
  std::int64_t id = 0;
  std::string name;
  std::int64_t entrances = 0;
  std::int64_t households = 0;
  std::int64_t area_m2_x100 = 0;  // sum of the households' exclusive areas
};

// Every building of the estate with its counts, in natural name order ("2栋" before "10栋").
Result<std::vector<BuildingSummary>> ListBuildings(Tx& tx, std::int64_t estate_id);
// kAlreadyExists when the estate has a building of that name.
Result<std::int64_t> InsertBuilding(Tx& tx, std::int64_t estate_id, const std::string& name,
                                    std::int64_t now);
// kAlreadyExists when the building has an entrance of that name.
Result<std::int64_t> InsertEntrance(Tx& tx, std::int64_t building_id, const std::string& name);

// ---- Owners and households -----------------------------------------------------------------

struct OwnerRecord {
  std::int64_t id = 0;
  std::string name;
  std::string phone;  // "" when not known
  domain::OwnerKind kind = domain::OwnerKind::kPerson;
};

struct HouseholdRecord {
  std::int64_t id = 0;
  std::int64_t building_id = 0;
  std::string building;
  std::int64_t entrance_id = 0;
  std::string unit;  // the entrance's name
  int floor = 0;
  std::string floor_label;
  std::string room;
  std::int64_t area_m2_x100 = 0;
  domain::AreaSource area_source = domain::AreaSource::kRegistry;
  bool delivered = true;
  domain::UnitUse use = domain::UnitUse::kHome;
  std::vector<OwnerRecord> owners;  // by owner id
};

// What a list is narrowed to. `q` is a piece of text (matched as a substring, not a pattern).
// With `q_personal` it is looked for in owners' names and phones as well as in room numbers;
// without it only in room numbers (a viewer who sees masked names must not be able to find
// out a name or a phone by searching for it).
struct HouseholdFilter {
  std::string building;  // exact building name; empty for all
  std::string q;
  bool q_personal = false;
};

// The maintained figures of an estate's household list (migration 003).
struct HouseholdsVersionRow {
  std::int64_t version = 0;
  std::int64_t household_count = 0;
};
Result<HouseholdsVersionRow> HouseholdsVersion(Tx& tx, std::int64_t estate_id);
// Every change to an estate's households or owners calls this in its transaction: it bumps the
// version and recounts the households.
Status TouchHouseholds(Tx& tx, std::int64_t estate_id);

// A page of the estate's households in natural order (building, entrance, floor, room).
Result<std::vector<HouseholdRecord>> ListHouseholds(Tx& tx, std::int64_t estate_id,
                                                    const HouseholdFilter& filter,
                                                    std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountHouseholds(Tx& tx, std::int64_t estate_id, const HouseholdFilter& filter);

struct HouseholdRef {
  std::int64_t id = 0;
  std::string label;  // "1栋/2单元/301"
};

struct OwnerListing {
  OwnerRecord owner;
  std::vector<HouseholdRef> households;
};

// Owners who hold at least one household of the estate (owners left without a household by
// a re-import are kept for the record but are not on the roll). `q` as for households: name
// and phone with `q_personal`, else the room numbers of their households.
struct OwnerFilter {
  std::string q;
  bool q_personal = false;
};
Result<std::vector<OwnerListing>> ListOwners(Tx& tx, std::int64_t estate_id,
                                             const OwnerFilter& filter, std::int64_t limit,
                                             std::int64_t offset);
Result<std::int64_t> CountOwners(Tx& tx, std::int64_t estate_id, const OwnerFilter& filter);

// Replaces the owners of a household by `owner_ids`.
Status ReplaceOwnership(Tx& tx, std::int64_t household_id,
                        const std::vector<std::int64_t>& owner_ids);

// Every household of the estate with its owners, for counting heads (domain/org/owner_roll).
Result<std::vector<domain::RollUnit>> LoadOwnerRoll(Tx& tx, std::int64_t estate_id);

// ---- Figures -------------------------------------------------------------------------------

struct EstateStats {
  std::int64_t buildings = 0;
  std::int64_t entrances = 0;
  std::int64_t households = 0;
  std::int64_t delivered_households = 0;
  std::int64_t total_area_m2_x100 = 0;
  std::int64_t owners = 0;           // distinct owners holding a household
  std::int64_t owner_headcount = 0;  // RULES.md §2, see domain/org/owner_roll.hpp
};
Result<EstateStats> LoadEstateStats(Tx& tx, std::int64_t estate_id);

// ---- Import --------------------------------------------------------------------------------

struct ImportOutcome {
  std::int64_t households_created = 0;
  std::int64_t households_updated = 0;  // rooms of the file that existed already
  std::int64_t owners_created = 0;
  std::int64_t buildings_created = 0;
  std::int64_t entrances_created = 0;
  std::int64_t rows = 0;  // data rows of the file
};

// Applies a clean import plan to the estate: creates missing buildings and entrances; a room
// is matched by (building, entrance, floor number, room) — "3", "3层" and "3F" are one floor —
// and a room that exists gets the file's area, area source, delivery status, floor label and
// owners (replacing its owners); owners are matched within the estate by identity key (phone
// if given, else kind + name) and take the file's name and kind. Call inside a write
// transaction: on error the caller's rollback leaves nothing half-written.
Result<ImportOutcome> ApplyImportPlan(Tx& tx, std::int64_t estate_id,
                                      const domain::ImportPlan& plan, std::int64_t now);

}  // namespace linli::storage
