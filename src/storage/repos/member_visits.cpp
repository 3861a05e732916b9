#include "storage/repos/member_visits.hpp"

#include <map>

namespace linli::storage {
namespace {

// Subtree bounds of a materialised path "/1/5/" for a column kept in byte order (COLLATE "C" on
// PostgreSQL): every path under it sorts in ["/1/5/", "/1/50") because '/' + 1 == '0'.
std::pair<std::string, std::string> PathRange(const std::string& path) {
  std::string hi = path;
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {path, hi};
}

// units.path has the database's default collation on PostgreSQL, where a range would not be
// exact; paths are digits and '/', so a LIKE prefix is.
std::string PathLike(const std::string& path) { return path + "%"; }

constexpr const char* kSpotCols =
    "h.id, h.building_id, h.entrance_id, h.estate_id, b.name, e.name, h.room";
constexpr const char* kSpotFrom =
    " FROM households h JOIN buildings b ON b.id = h.building_id"
    " JOIN entrances e ON e.id = h.entrance_id";

HouseholdSpotRecord SpotFromRow(const Row& r) {
  HouseholdSpotRecord s;
  s.spot = {r.Int(0), r.Int(1), r.Int(2)};
  s.estate_id = r.Int(3);
  s.building_name = r.Text(4);
  s.entrance_name = r.Text(5);
  s.label = s.building_name + s.entrance_name + r.Text(6);
  return s;
}

constexpr const char* kRegistrationCols =
    "r.id, r.person_id, r.account_id, r.estate_id, r.estate_path, r.status, p.name, "
    "h.id, h.building_id, h.entrance_id, b.name || e.name || h.room";
constexpr const char* kRegistrationFrom =
    " FROM member_registrations r JOIN people p ON p.id = r.person_id"
    " JOIN households h ON h.id = r.household_id JOIN buildings b ON b.id = h.building_id"
    " JOIN entrances e ON e.id = h.entrance_id";

RegistrationRef RegistrationFromRow(const Row& r) {
  RegistrationRef g;
  g.id = r.Int(0);
  g.person_id = r.Int(1);
  g.account_id = r.OptInt(2);
  g.estate_id = r.Int(3);
  g.estate_path = r.Text(4);
  g.status = r.Text(5);
  g.person_name = r.Text(6);
  g.home = {r.Int(7), r.Int(8), r.Int(9)};
  g.home_label = r.Text(10);
  return g;
}

// A household pairing joins its household; an entrance pairing its entrance.
constexpr const char* kPairingCols =
    "pr.id, pr.estate_id, pr.registration_id, pr.kind, pr.household_id, pr.entrance_id, "
    "pr.started_at, pr.ended_at, pr.created_by, COALESCE(hb.id, eb.id), "
    "CASE WHEN pr.kind = 'household' THEN hb.name || he.name || h.room ELSE eb.name || en.name "
    "END, r.person_id, p.name, "
    "CASE WHEN pr.kind = 'entrance' THEN (SELECT COUNT(*) FROM households x WHERE x.entrance_id = "
    "pr.entrance_id) ELSE 0 END";
constexpr const char* kPairingFrom =
    " FROM pairings pr JOIN member_registrations r ON r.id = pr.registration_id"
    " JOIN people p ON p.id = r.person_id"
    " LEFT JOIN households h ON h.id = pr.household_id"
    " LEFT JOIN buildings hb ON hb.id = h.building_id"
    " LEFT JOIN entrances he ON he.id = h.entrance_id"
    " LEFT JOIN entrances en ON en.id = pr.entrance_id"
    " LEFT JOIN buildings eb ON eb.id = en.building_id";
constexpr const char* kPairingOrder =
    " ORDER BY LENGTH(COALESCE(hb.name, eb.name)), COALESCE(hb.name, eb.name),"
    " LENGTH(COALESCE(he.name, en.name)), COALESCE(he.name, en.name),"
    " COALESCE(h.sort_key, ''), pr.id";

PairingRecord PairingFromRow(const Row& r) {
  PairingRecord p;
  p.id = r.Int(0);
  p.estate_id = r.Int(1);
  p.registration_id = r.Int(2);
  p.kind = domain::ParsePairingKind(r.Text(3)).value_or(domain::PairingKind::kHousehold);
  p.household_id = r.OptInt(4);
  p.entrance_id = r.OptInt(5);
  p.started_at = r.Int(6);
  p.ended_at = r.OptInt(7);
  p.created_by = r.OptInt(8);
  p.building_id = r.Int(9);
  p.label = r.Text(10);
  p.person_id = r.Int(11);
  p.member_name = r.Text(12);
  p.entrance_households = r.Int(13);
  return p;
}

constexpr const char* kRoundCols =
    "vr.id, vr.estate_id, vr.building_id, COALESCE(b.name, ''), vr.title, vr.starts_on, "
    "vr.ends_on, vr.created_by, vr.created_at";
constexpr const char* kRoundFrom =
    " FROM visit_rounds vr LEFT JOIN buildings b ON b.id = vr.building_id";

RoundRecord RoundFromRow(const Row& r) {
  RoundRecord v;
  v.id = r.Int(0);
  v.estate_id = r.Int(1);
  v.building_id = r.OptInt(2);
  v.building_name = r.Text(3);
  v.title = r.Text(4);
  v.starts_on = r.Text(5);
  v.ends_on = r.Text(6);
  v.created_by = r.OptInt(7);
  v.created_at = r.Int(8);
  return v;
}

constexpr const char* kVisitCols =
    "v.id, v.estate_id, v.estate_path, v.household_id, v.round_id, v.visitor_account_id, "
    "v.registration_id, v.visited_on, v.heard, v.intake_id, v.created_at, h.building_id, "
    "b.name || e.name || h.room, a.name, mr.person_id";
constexpr const char* kVisitFrom =
    " FROM visits v JOIN households h ON h.id = v.household_id"
    " JOIN buildings b ON b.id = h.building_id JOIN entrances e ON e.id = h.entrance_id"
    " JOIN accounts a ON a.id = v.visitor_account_id"
    " LEFT JOIN member_registrations mr ON mr.id = v.registration_id";
constexpr const char* kVisitOrder = " ORDER BY v.visited_on DESC, v.id DESC";

VisitRecord VisitFromRow(const Row& r) {
  VisitRecord v;
  v.id = r.Int(0);
  v.estate_id = r.Int(1);
  v.estate_path = r.Text(2);
  v.household_id = r.Int(3);
  v.round_id = r.OptInt(4);
  v.visitor_account_id = r.Int(5);
  v.registration_id = r.OptInt(6);
  v.visited_on = r.Text(7);
  v.heard = r.Text(8);
  v.intake_id = r.OptInt(9);
  v.created_at = r.Int(10);
  v.building_id = r.Int(11);
  v.household_label = r.Text(12);
  v.visitor_name = r.Text(13);
  v.member_person_id = r.OptInt(14);
  return v;
}

// Fills appeal_ids of a page of visits with one query.
Status AttachAppealIds(Tx& tx, std::vector<VisitRecord>& visits) {
  std::string in;
  Params params;
  for (const auto& v : visits)
    if (v.intake_id) {
      in += in.empty() ? "?" : ", ?";
      params.push_back(*v.intake_id);
    }
  if (in.empty()) return {};
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT intake_id, id FROM appeals WHERE intake_id IN (" + in + ") ORDER BY id",
               params));
  std::map<std::int64_t, std::vector<std::int64_t>> by_intake;
  for (const auto& r : rows) by_intake[r.Int(0)].push_back(r.Int(1));
  for (auto& v : visits)
    if (v.intake_id) v.appeal_ids = by_intake[*v.intake_id];
  return {};
}

Result<std::vector<VisitRecord>> QueryVisits(Tx& tx, const std::string& sql, const Params& params) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<VisitRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(VisitFromRow(r));
  LINLI_TRY(AttachAppealIds(tx, out));
  return out;
}

std::string VisitWhere(const VisitFilter& f, Params& params) {
  std::string w = " WHERE v.estate_id = ?";
  params.push_back(f.estate_id);
  if (f.from) {
    w += " AND v.visited_on >= ?";
    params.push_back(*f.from);
  }
  if (f.to) {
    w += " AND v.visited_on <= ?";
    params.push_back(*f.to);
  }
  if (f.building_id) {
    w += " AND h.building_id = ?";
    params.push_back(*f.building_id);
  }
  if (f.household_id) {
    w += " AND v.household_id = ?";
    params.push_back(*f.household_id);
  }
  if (f.visitor_account_id) {
    w += " AND v.visitor_account_id = ?";
    params.push_back(*f.visitor_account_id);
  }
  if (f.round_id) {
    w += " AND v.round_id = ?";
    params.push_back(*f.round_id);
  }
  return w;
}

}  // namespace

// ---- Places and registrations -------------------------------------------------------------------

Result<std::optional<HouseholdSpotRecord>> FindHouseholdSpot(Tx& tx, std::int64_t household_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne(std::string("SELECT ") + kSpotCols + kSpotFrom + " WHERE h.id = ?",
                            {household_id}));
  if (!row) return std::optional<HouseholdSpotRecord>();
  return std::optional<HouseholdSpotRecord>(SpotFromRow(*row));
}

namespace {

// The households matching `where` (one parameter), in the household list's order.
Result<std::vector<HouseholdSpotRecord>> SpotsWhere(Tx& tx, const char* where, std::int64_t param) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kSpotCols + kSpotFrom +
                                                 " WHERE " + where + " ORDER BY h.sort_key, h.id",
                                             {param}));
  std::vector<HouseholdSpotRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(SpotFromRow(r));
  return out;
}

}  // namespace

Result<std::vector<HouseholdSpotRecord>> ListHouseholdSpots(Tx& tx, std::int64_t estate_id) {
  return SpotsWhere(tx, "h.estate_id = ?", estate_id);
}

Result<std::vector<HouseholdSpotRecord>> ListEntranceHouseholdSpots(Tx& tx,
                                                                    std::int64_t entrance_id) {
  return SpotsWhere(tx, "h.entrance_id = ?", entrance_id);
}

Result<std::vector<HouseholdSpotRecord>> ListUnpairedHouseholds(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kSpotCols + kSpotFrom +
                   " WHERE h.estate_id = ?"
                   " AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.household_id = h.id"
                   " AND p.ended_at IS NULL AND p.kind = 'household')"
                   " AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.entrance_id = h.entrance_id"
                   " AND p.ended_at IS NULL AND p.kind = 'entrance')"
                   " AND NOT EXISTS (SELECT 1 FROM member_registrations r WHERE r.household_id ="
                   " h.id AND r.status = 'confirmed')"
                   " ORDER BY h.sort_key, h.id",
               {estate_id}));
  std::vector<HouseholdSpotRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(SpotFromRow(r));
  return out;
}

Result<std::optional<EntranceRecord>> FindEntrance(Tx& tx, std::int64_t entrance_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT e.id, e.building_id, b.estate_id, b.name || e.name,"
                            " (SELECT COUNT(*) FROM households h WHERE h.entrance_id = e.id)"
                            " FROM entrances e JOIN buildings b ON b.id = e.building_id"
                            " WHERE e.id = ?",
                            {entrance_id}));
  if (!row) return std::optional<EntranceRecord>();
  return std::optional<EntranceRecord>(
      EntranceRecord{row->Int(0), row->Int(1), row->Int(2), row->Text(3), row->Int(4)});
}

Result<std::optional<RegistrationRef>> FindRegistrationRef(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kRegistrationCols +
                                                   kRegistrationFrom + " WHERE r.id = ?",
                                               {id}));
  if (!row) return std::optional<RegistrationRef>();
  return std::optional<RegistrationRef>(RegistrationFromRow(*row));
}

Result<std::vector<RegistrationRef>> ListConfirmedRegistrations(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string("SELECT ") + kRegistrationCols + kRegistrationFrom +
                                      " WHERE r.estate_id = ? AND r.status = "
                                      "'confirmed' ORDER BY r.id",
                                  {estate_id}));
  std::vector<RegistrationRef> out;
  for (const auto& r : rows) out.push_back(RegistrationFromRow(r));
  return out;
}

Result<std::vector<RegistrationRef>> ConfirmedRegistrationsOfAccount(Tx& tx,
                                                                     std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string("SELECT ") + kRegistrationCols + kRegistrationFrom +
                                      " WHERE r.account_id = ? AND r.status = "
                                      "'confirmed' ORDER BY r.id DESC",
                                  {account_id}));
  std::vector<RegistrationRef> out;
  for (const auto& r : rows) out.push_back(RegistrationFromRow(r));
  return out;
}

// ---- Pairings -----------------------------------------------------------------------------------

Result<std::int64_t> InsertPairing(Tx& tx, const PairingRecord& p) {
  return tx.InsertReturningId(
      "INSERT INTO pairings (estate_id, registration_id, kind, household_id, entrance_id, "
      "started_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.estate_id, p.registration_id, std::string(domain::PairingKindName(p.kind)),
       OptionalInt(p.household_id), OptionalInt(p.entrance_id), p.started_at,
       OptionalInt(p.created_by)});
}

Result<std::optional<PairingRecord>> FindPairing(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kPairingCols + kPairingFrom + " WHERE pr.id = ?", {id}));
  if (!row) return std::optional<PairingRecord>();
  return std::optional<PairingRecord>(PairingFromRow(*row));
}

Result<bool> EndPairing(Tx& tx, std::int64_t id, std::int64_t now) {
  LINLI_ASSIGN_OR_RETURN(
      auto n,
      tx.Exec("UPDATE pairings SET ended_at = ? WHERE id = ? AND ended_at IS NULL", {now, id}));
  return n > 0;
}

Result<std::vector<PairingRecord>> ListActivePairings(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + kPairingCols + kPairingFrom +
                              " WHERE pr.estate_id = ? AND pr.ended_at IS NULL" + kPairingOrder,
                          {estate_id}));
  std::vector<PairingRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(PairingFromRow(r));
  return out;
}

Result<std::vector<PairingRecord>> ListPairingsOfRegistration(Tx& tx, std::int64_t registration_id,
                                                              bool active_only) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + kPairingCols + kPairingFrom +
                              " WHERE pr.registration_id = ?" +
                              (active_only ? " AND pr.ended_at IS NULL" : "") +
                              " ORDER BY CASE WHEN pr.ended_at IS NULL THEN 0 ELSE 1 END, pr.id",
                          {registration_id}));
  std::vector<PairingRecord> out;
  for (const auto& r : rows) out.push_back(PairingFromRow(r));
  return out;
}

// ---- Rounds -------------------------------------------------------------------------------------

Result<std::int64_t> InsertRound(Tx& tx, const RoundRecord& r) {
  return tx.InsertReturningId(
      "INSERT INTO visit_rounds (estate_id, building_id, title, starts_on, ends_on, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.estate_id, OptionalInt(r.building_id), r.title, r.starts_on, r.ends_on,
       OptionalInt(r.created_by), r.created_at});
}

Result<std::optional<RoundRecord>> FindRound(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kRoundCols + kRoundFrom + " WHERE vr.id = ?", {id}));
  if (!row) return std::optional<RoundRecord>();
  return std::optional<RoundRecord>(RoundFromRow(*row));
}

Result<std::vector<RoundRecord>> ListRounds(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kRoundCols + kRoundFrom +
                                                 " WHERE vr.estate_id = ?"
                                                 " ORDER BY vr.starts_on DESC, vr.id DESC",
                                             {estate_id}));
  std::vector<RoundRecord> out;
  for (const auto& r : rows) out.push_back(RoundFromRow(r));
  return out;
}

Result<domain::CoverageCount> CountCoverage(Tx& tx, std::int64_t estate_id,
                                            std::optional<std::int64_t> building_id,
                                            const std::string& from, const std::string& to) {
  Params params = {estate_id};
  std::string where = " WHERE h.estate_id = ?";
  if (building_id) {
    where += " AND h.building_id = ?";
    params.push_back(*building_id);
  }
  params.insert(params.begin(), {estate_id, from, to});
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*), COUNT(v.household_id) FROM households h"
                            " LEFT JOIN (SELECT DISTINCT household_id FROM visits WHERE estate_id"
                            " = ? AND visited_on >= ? AND visited_on <= ?) v"
                            " ON v.household_id = h.id" +
                                where,
                            params));
  domain::CoverageCount c;
  if (row) c = {row->Int(0), row->Int(1)};
  return c;
}

// ---- Visits -------------------------------------------------------------------------------------

Result<std::int64_t> InsertVisit(Tx& tx, const VisitRecord& v) {
  return tx.InsertReturningId(
      "INSERT INTO visits (estate_id, estate_path, household_id, round_id, visitor_account_id, "
      "registration_id, visited_on, heard, intake_id, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.estate_id, v.estate_path, v.household_id, OptionalInt(v.round_id), v.visitor_account_id,
       OptionalInt(v.registration_id), v.visited_on, v.heard, OptionalInt(v.intake_id),
       v.created_at});
}

Result<std::optional<VisitRecord>> FindVisit(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto list,
      QueryVisits(tx, std::string("SELECT ") + kVisitCols + kVisitFrom + " WHERE v.id = ?", {id}));
  if (list.empty()) return std::optional<VisitRecord>();
  return std::optional<VisitRecord>(std::move(list.front()));
}

Result<std::vector<VisitRecord>> ListVisits(Tx& tx, const VisitFilter& f, std::int64_t limit,
                                            std::int64_t offset) {
  Params params;
  const std::string where = VisitWhere(f, params);
  params.push_back(limit);
  params.push_back(offset);
  return QueryVisits(
      tx,
      std::string("SELECT ") + kVisitCols + kVisitFrom + where + kVisitOrder + " LIMIT ? OFFSET ?",
      params);
}

Result<std::int64_t> CountVisits(Tx& tx, const VisitFilter& f) {
  Params params;
  const std::string where = VisitWhere(f, params);
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT COUNT(*) FROM visits v JOIN households h ON h.id = "
                                     "v.household_id" +
                                         where,
                                     params));
  return row ? row->Int(0) : 0;
}

Result<std::vector<VisitRecord>> ListVisitsOfVisitor(Tx& tx, std::int64_t account_id,
                                                     std::int64_t limit, std::int64_t offset) {
  return QueryVisits(tx,
                     std::string("SELECT ") + kVisitCols + kVisitFrom +
                         " WHERE v.visitor_account_id = ?" + kVisitOrder + " LIMIT ? OFFSET ?",
                     {account_id, limit, offset});
}

Result<std::int64_t> CountVisitsOfVisitor(Tx& tx, std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT COUNT(*) FROM visits WHERE visitor_account_id = ?", {account_id}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<BuildingCoverage>> CoverageByBuilding(Tx& tx, std::int64_t estate_id,
                                                         const std::string& from,
                                                         const std::string& to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT b.id, b.name, COUNT(h.id), COUNT(v.household_id) FROM buildings b"
                          " LEFT JOIN households h ON h.building_id = b.id"
                          " LEFT JOIN (SELECT DISTINCT household_id FROM visits WHERE estate_id = ?"
                          " AND visited_on >= ? AND visited_on <= ?) v ON v.household_id = h.id"
                          " WHERE b.estate_id = ? GROUP BY b.id, b.name"
                          " ORDER BY LENGTH(b.name), b.name, b.id",
                          {estate_id, from, to, estate_id}));
  std::vector<BuildingCoverage> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(BuildingCoverage{r.Int(0), r.Text(1), {r.Int(2), r.Int(3)}});
  return out;
}

// ---- The service record and the figures ---------------------------------------------------------

Result<std::vector<VisitRow>> VisitsOfRegistration(Tx& tx, std::int64_t registration_id,
                                                   const std::string& from_date,
                                                   const std::string& to_date) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT v.id, v.visited_on, b.name || e.name || h.room, v.heard"
                          " FROM visits v JOIN households h ON h.id = v.household_id"
                          " JOIN buildings b ON b.id = h.building_id"
                          " JOIN entrances e ON e.id = h.entrance_id"
                          " WHERE v.registration_id = ? AND v.visited_on >= ? AND v.visited_on <= ?"
                          " ORDER BY v.visited_on, v.id",
                          {registration_id, from_date, to_date}));
  std::vector<VisitRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(VisitRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Result<VisitFigures> VisitFiguresUnder(Tx& tx, const std::string& estate_path_prefix,
                                       const std::string& from_date, const std::string& to_date) {
  VisitFigures f;
  const std::string like = PathLike(estate_path_prefix);
  LINLI_ASSIGN_OR_RETURN(
      auto households,
      tx.QueryOne("SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM pairings p"
                  " WHERE p.household_id = h.id AND p.ended_at IS NULL AND p.kind = 'household')"
                  " OR EXISTS (SELECT 1 FROM pairings p WHERE p.entrance_id = h.entrance_id"
                  " AND p.ended_at IS NULL AND p.kind = 'entrance') THEN 1 ELSE 0 END), 0)"
                  " FROM households h JOIN units u ON u.id = h.estate_id WHERE u.path LIKE ?",
                  {like}));
  if (households) {
    f.households = households->Int(0);
    f.households_paired = households->Int(1);
  }
  auto [lo, hi] = PathRange(estate_path_prefix);
  LINLI_ASSIGN_OR_RETURN(auto visits,
                         tx.QueryOne("SELECT COUNT(DISTINCT household_id), COUNT(*) FROM visits"
                                     " WHERE estate_path >= ? AND estate_path < ?"
                                     " AND visited_on >= ? AND visited_on <= ?",
                                     {lo, hi, from_date, to_date}));
  if (visits) {
    f.households_visited = visits->Int(0);
    f.visits = visits->Int(1);
  }
  return f;
}

}  // namespace linli::storage
