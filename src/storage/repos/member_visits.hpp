// Pairing (结对) and door-knocking (敲门行动) in the store: pairings of members with households and
// entrances, the households nobody looks after, rounds, visits, and the counts that coverage,
// the service record and the figures read. Everything here is derived from the rows of what
// happened (no maintained counters): a visit counts where and when it was made.
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/members/pairing.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// ---- Places and registrations as pairing needs them ---------------------------------------------

// A household with its place and label "3栋2单元501".
struct HouseholdSpotRecord {
  domain::HouseholdSpot spot;
  std::int64_t estate_id = 0;
  std::string building_name;
  std::string entrance_name;
  std::string label;
};
Result<std::optional<HouseholdSpotRecord>> FindHouseholdSpot(Tx& tx, std::int64_t household_id);
// Every household of the estate, in the household list's order (building, entrance, floor, room).
Result<std::vector<HouseholdSpotRecord>> ListHouseholdSpots(Tx& tx, std::int64_t estate_id);
// The households of one entrance (单元), by floor and room.
Result<std::vector<HouseholdSpotRecord>> ListEntranceHouseholdSpots(Tx& tx,
                                                                    std::int64_t entrance_id);
// The households nobody looks after: no active household pairing, no 党员中心户 on their
// entrance, no confirmed member living there (domain::UncoveredHouseholds, as one query).
Result<std::vector<HouseholdSpotRecord>> ListUnpairedHouseholds(Tx& tx, std::int64_t estate_id);

struct EntranceRecord {
  std::int64_t id = 0;
  std::int64_t building_id = 0;
  std::int64_t estate_id = 0;
  std::string label;  // "3栋2单元"
  std::int64_t households = 0;
};
Result<std::optional<EntranceRecord>> FindEntrance(Tx& tx, std::int64_t entrance_id);

// A registration (报到) as pairing and visits see it: whose, where they live, its status.
struct RegistrationRef {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::optional<std::int64_t> account_id;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::string status;  // pending | confirmed | rejected | ended
  std::string person_name;
  domain::HouseholdSpot home;
  std::string home_label;
};
Result<std::optional<RegistrationRef>> FindRegistrationRef(Tx& tx, std::int64_t id);
Result<std::vector<RegistrationRef>> ListConfirmedRegistrations(Tx& tx, std::int64_t estate_id);
// The account's confirmed registrations (at most one per person; newest first).
Result<std::vector<RegistrationRef>> ConfirmedRegistrationsOfAccount(Tx& tx,
                                                                     std::int64_t account_id);

// ---- Pairings -----------------------------------------------------------------------------------

struct PairingRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::int64_t registration_id = 0;
  domain::PairingKind kind = domain::PairingKind::kHousehold;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> entrance_id;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  std::optional<std::int64_t> created_by;
  // Joined on reading:
  std::int64_t building_id = 0;  // of the household or the entrance
  std::string label;             // "3栋2单元501" or, for an entrance, "3栋2单元"
  std::int64_t person_id = 0;    // the member
  std::string member_name;
  std::int64_t entrance_households = 0;  // for an entrance pairing
};

// Inserts and returns the id; a second active pairing of the same member and household or
// entrance is already_exists (unique index of migration 009).
Result<std::int64_t> InsertPairing(Tx& tx, const PairingRecord& p);
Result<std::optional<PairingRecord>> FindPairing(Tx& tx, std::int64_t id);
// Ends an active pairing; false when it had already ended.
Result<bool> EndPairing(Tx& tx, std::int64_t id, std::int64_t now);
// Active pairings of the estate, by building, entrance and room.
Result<std::vector<PairingRecord>> ListActivePairings(Tx& tx, std::int64_t estate_id);
// A member's pairings, active first; `active_only` leaves out ended ones.
Result<std::vector<PairingRecord>> ListPairingsOfRegistration(Tx& tx, std::int64_t registration_id,
                                                              bool active_only);

// ---- Rounds -------------------------------------------------------------------------------------

struct RoundRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::optional<std::int64_t> building_id;  // nullopt: the whole estate
  std::string building_name;                // joined on reading
  std::string title;
  std::string starts_on, ends_on;  // YYYY-MM-DD, inclusive
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
};
Result<std::int64_t> InsertRound(Tx& tx, const RoundRecord& r);
Result<std::optional<RoundRecord>> FindRound(Tx& tx, std::int64_t id);
// Newest first (by starts_on, then id).
Result<std::vector<RoundRecord>> ListRounds(Tx& tx, std::int64_t estate_id);

// Households of the estate (or of one building) and how many of them had a visit dated in
// [from, to] (inclusive dates).
Result<domain::CoverageCount> CountCoverage(Tx& tx, std::int64_t estate_id,
                                            std::optional<std::int64_t> building_id,
                                            const std::string& from, const std::string& to);

// ---- Visits -------------------------------------------------------------------------------------

struct VisitRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::int64_t household_id = 0;
  std::optional<std::int64_t> round_id;
  std::int64_t visitor_account_id = 0;
  std::optional<std::int64_t> registration_id;  // the visitor's confirmed registration there
  std::string visited_on;                       // YYYY-MM-DD
  std::string heard;
  std::optional<std::int64_t> intake_id;  // the problems it raised
  std::int64_t created_at = 0;
  // Joined on reading:
  std::int64_t building_id = 0;
  std::string household_label;                   // "3栋2单元501"
  std::string visitor_name;                      // the account's name
  std::optional<std::int64_t> member_person_id;  // the person of registration_id
  std::vector<std::int64_t> appeal_ids;
};
Result<std::int64_t> InsertVisit(Tx& tx, const VisitRecord& v);
Result<std::optional<VisitRecord>> FindVisit(Tx& tx, std::int64_t id);

struct VisitFilter {
  std::int64_t estate_id = 0;
  std::optional<std::string> from, to;  // visited_on bounds, inclusive
  std::optional<std::int64_t> building_id;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> visitor_account_id;
  std::optional<std::int64_t> round_id;
};
// Newest visit date first, then newest id.
Result<std::vector<VisitRecord>> ListVisits(Tx& tx, const VisitFilter& f, std::int64_t limit,
                                            std::int64_t offset);
Result<std::int64_t> CountVisits(Tx& tx, const VisitFilter& f);
// Visits an account recorded anywhere, newest first (the member's phone).
Result<std::vector<VisitRecord>> ListVisitsOfVisitor(Tx& tx, std::int64_t account_id,
                                                     std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountVisitsOfVisitor(Tx& tx, std::int64_t account_id);

// Coverage of every building of the estate for visits dated in [from, to]: households and
// households visited, in building order (buildings without households included).
struct BuildingCoverage {
  std::int64_t building_id = 0;
  std::string building_name;
  domain::CoverageCount count;
};
Result<std::vector<BuildingCoverage>> CoverageByBuilding(Tx& tx, std::int64_t estate_id,
                                                         const std::string& from,
                                                         const std::string& to);

// ---- What the service record and the figures read (no double entry) -----------------------------

// One visit of a member, for their record (全程纪实).
struct VisitRow {
  std::int64_t visit_id = 0;
  std::string visited_on;       // YYYY-MM-DD
  std::string household_label;  // "3栋2单元501"
  std::string heard;
};
// The visits made under a registration dated in [from_date, to_date] (inclusive, YYYY-MM-DD),
// oldest first.
Result<std::vector<VisitRow>> VisitsOfRegistration(Tx& tx, std::int64_t registration_id,
                                                   const std::string& from_date,
                                                   const std::string& to_date);

// Door-knocking figures of every estate under a unit's path ("/1/5/"; "/" for everywhere):
// households there, households with a visit dated in [from_date, to_date], the visits, and the
// households looked after now (a household pairing or a 党员中心户 on their entrance).
struct VisitFigures {
  std::int64_t households = 0;
  std::int64_t households_visited = 0;
  std::int64_t visits = 0;
  std::int64_t households_paired = 0;
};
Result<VisitFigures> VisitFiguresUnder(Tx& tx, const std::string& estate_path_prefix,
                                       const std::string& from_date, const std::string& to_date);

}  // namespace linli::storage
