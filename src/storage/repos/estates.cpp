#include "storage/repos/estates.hpp"

#include "domain/org/household_order.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace linli::storage {
namespace {

using domain::AreaSource;
using domain::OwnerKind;

// "%text%" for LIKE ... ESCAPE '\', with the pattern characters of `q` taken literally.
std::string ContainsPattern(std::string_view q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

OwnerRecord OwnerFromColumns(const Row& r, size_t first) {
  OwnerRecord o;
  o.id = r.Int(first);
  o.name = r.Text(first + 1);
  o.phone = r.Text(first + 2);
  o.kind = domain::ParseOwnerKindName(r.Text(first + 3)).value_or(OwnerKind::kPerson);
  return o;
}

std::vector<std::int64_t> SortedUnique(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// ---- Household lists -------------------------------------------------------------------------

// Natural order: "2栋" before "10栋", "301" before "1001".
constexpr const char* kHouseholdOrder = " ORDER BY h.sort_key, h.id";

// " WHERE ..." for the filter, appending its parameters.
std::string HouseholdWhere(std::int64_t estate_id, const HouseholdFilter& f, Params& params) {
  std::string where = " WHERE h.estate_id = ?";
  params.push_back(estate_id);
  if (!f.building.empty()) {
    where +=
        " AND h.building_id IN (SELECT fb.id FROM buildings fb WHERE fb.estate_id = ? AND fb.name "
        "= ?)";
    params.push_back(estate_id);
    params.push_back(f.building);
  }
  if (!f.q.empty()) {
    std::string pattern = ContainsPattern(f.q);
    if (f.q_personal) {
      where +=
          " AND (h.room LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ownerships qs JOIN owners qo"
          " ON qo.id = qs.owner_id WHERE qs.household_id = h.id AND (qo.name LIKE ? ESCAPE '\\'"
          " OR qo.phone LIKE ? ESCAPE '\\')))";
      params.insert(params.end(), {pattern, pattern, pattern});
    } else {
      where += " AND h.room LIKE ? ESCAPE '\\'";
      params.push_back(pattern);
    }
  }
  return where;
}

// ---- Owner lists -------------------------------------------------------------------------------

std::string OwnerWhere(std::int64_t estate_id, const OwnerFilter& f, Params& params) {
  std::string where =
      " WHERE o.estate_id = ? AND EXISTS (SELECT 1 FROM ownerships hs WHERE hs.owner_id = o.id)";
  params.push_back(estate_id);
  if (!f.q.empty()) {
    std::string pattern = ContainsPattern(f.q);
    if (f.q_personal) {
      where += " AND (o.name LIKE ? ESCAPE '\\' OR o.phone LIKE ? ESCAPE '\\')";
      params.insert(params.end(), {pattern, pattern});
    } else {
      where +=
          " AND EXISTS (SELECT 1 FROM ownerships qs JOIN households qh ON qh.id = qs.household_id"
          " WHERE qs.owner_id = o.id AND qh.room LIKE ? ESCAPE '\\')";
      params.push_back(pattern);
    }
  }
  return where;
}

}  // namespace

// ---- Profile -------------------------------------------------------------------------------

Result<domain::EstateProfile> LoadEstateProfile(Tx& tx, std::int64_t estate_id) {
  domain::EstateProfile p;
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT address, built_year, service_mode FROM estate_profiles "
                            "WHERE unit_id = ?",
                            {estate_id}));
  if (!row) return p;
  p.address = row->Text(0);
  if (auto y = row->OptInt(1)) p.built_year = static_cast<int>(*y);
  p.service_mode = domain::ParseServiceMode(row->Text(2)).value_or(domain::ServiceMode::kNone);
  return p;
}

Status SaveEstateProfile(Tx& tx, std::int64_t estate_id, const domain::EstateProfile& p,
                         std::int64_t now) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO estate_profiles (unit_id, address, built_year, service_mode, updated_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET address = excluded.address, "
      "built_year = excluded.built_year, service_mode = excluded.service_mode, "
      "updated_at = excluded.updated_at",
      {estate_id, p.address,
       p.built_year ? Value(static_cast<std::int64_t>(*p.built_year)) : Value(nullptr),
       std::string(domain::ServiceModeName(p.service_mode)), now}));
  return {};
}

// ---- Buildings and entrances ---------------------------------------------------------------

Result<std::vector<BuildingSummary>> ListBuildings(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT b.id, b.name,"
               " (SELECT COUNT(*) FROM entrances e WHERE e.building_id = b.id),"
               " (SELECT COUNT(*) FROM households h WHERE h.building_id = b.id),"
               " (SELECT COALESCE(SUM(h.area_centi), 0) FROM households h"
               " WHERE h.building_id = b.id)"
               " FROM buildings b WHERE b.estate_id = ? ORDER BY LENGTH(b.name), b.name, b.id",
               {estate_id}));
  std::vector<BuildingSummary> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(BuildingSummary{r.Int(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4)});
  return out;
}

Result<std::int64_t> InsertBuilding(Tx& tx, std::int64_t estate_id, const std::string& name,
                                    std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO buildings (estate_id, name, created_at) VALUES (?, ?, ?) RETURNING id",
      {estate_id, name, now});
}

Result<std::int64_t> InsertEntrance(Tx& tx, std::int64_t building_id, const std::string& name) {
  return tx.InsertReturningId(
      "INSERT INTO entrances (building_id, name) VALUES (?, ?) RETURNING id", {building_id, name});
}

// ---- Owners and households -----------------------------------------------------------------

Result<std::vector<HouseholdRecord>> ListHouseholds(Tx& tx, std::int64_t estate_id,
                                                    const HouseholdFilter& filter,
                                                    std::int64_t limit, std::int64_t offset) {
  Params params;
  const std::string where = HouseholdWhere(estate_id, filter, params);
  params.push_back(limit);
  params.push_back(offset);
  // One statement: the page (an index range on households_order) joined with its buildings,
  // entrances and owners; a household with several owners comes back on several rows.
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(
          "SELECT h.id, h.building_id, b.name, h.entrance_id, e.name, h.floor, h.floor_label,"
          " h.room, h.area_centi, h.area_source, h.delivered, h.use_kind,"
          " o.id, o.name, COALESCE(o.phone, ''), o.kind"
          " FROM (SELECT h.* FROM households h" +
              where + kHouseholdOrder +
              " LIMIT ? OFFSET ?) h"
              " JOIN buildings b ON b.id = h.building_id JOIN entrances e ON e.id = h.entrance_id"
              " LEFT JOIN ownerships s ON s.household_id = h.id LEFT JOIN owners o ON o.id = "
              "s.owner_id" +
              kHouseholdOrder + ", o.id",
          params));
  std::vector<HouseholdRecord> out;
  out.reserve(static_cast<size_t>(limit));
  for (const auto& r : rows) {
    const std::int64_t id = r.Int(0);
    if (out.empty() || out.back().id != id) {
      HouseholdRecord h;
      h.id = id;
      h.building_id = r.Int(1);
      h.building = r.Text(2);
      h.entrance_id = r.Int(3);
      h.unit = r.Text(4);
      h.floor = static_cast<int>(r.Int(5));
      h.floor_label = r.Text(6);
      h.room = r.Text(7);
      h.area_m2_x100 = r.Int(8);
      h.area_source = domain::ParseAreaSourceName(r.Text(9)).value_or(AreaSource::kRegistry);
      h.delivered = r.Bool(10);
      h.use = domain::ParseUnitUseName(r.Text(11)).value_or(domain::UnitUse::kHome);
      out.push_back(std::move(h));
    }
    if (!r.IsNull(12)) out.back().owners.push_back(OwnerFromColumns(r, 12));
  }
  return out;
}

Result<HouseholdsVersionRow> HouseholdsVersion(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT households_version, household_count FROM estate_profiles"
                            " WHERE unit_id = ?",
                            {estate_id}));
  HouseholdsVersionRow out;
  if (row) {
    out.version = row->Int(0);
    out.household_count = row->Int(1);
  }
  return out;
}

Status TouchHouseholds(Tx& tx, std::int64_t estate_id) {
  LINLI_TRY(
      tx.Exec("INSERT INTO estate_profiles (unit_id, updated_at) VALUES (?, 0)"
              " ON CONFLICT (unit_id) DO NOTHING",
              {estate_id}));
  LINLI_TRY(tx.Exec(
      "UPDATE estate_profiles SET households_version = households_version + 1, household_count ="
      " (SELECT COUNT(*) FROM households h WHERE h.estate_id = ?) WHERE unit_id = ?",
      {estate_id, estate_id}));
  return {};
}

Result<std::int64_t> CountHouseholds(Tx& tx, std::int64_t estate_id,
                                     const HouseholdFilter& filter) {
  Params params;
  const std::string where = HouseholdWhere(estate_id, filter, params);
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne(std::string("SELECT COUNT(*) FROM households h") + where, params));
  return row->Int(0);
}

Result<std::vector<OwnerListing>> ListOwners(Tx& tx, std::int64_t estate_id,
                                             const OwnerFilter& filter, std::int64_t limit,
                                             std::int64_t offset) {
  Params params;
  const std::string where = OwnerWhere(estate_id, filter, params);
  params.push_back(limit);
  params.push_back(offset);
  const std::string page = " FROM owners o" + where + " ORDER BY o.id LIMIT ? OFFSET ?";
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT o.id, o.name, COALESCE(o.phone, ''), o.kind" + page, params));
  std::vector<OwnerListing> out;
  out.reserve(rows.size());
  std::unordered_map<std::int64_t, size_t> index;
  for (const auto& r : rows) {
    index.emplace(r.Int(0), out.size());
    out.push_back(OwnerListing{OwnerFromColumns(r, 0), {}});
  }
  if (out.empty()) return out;

  LINLI_ASSIGN_OR_RETURN(
      auto household_rows,
      tx.Query("SELECT s.owner_id, h.id, b.name, e.name, h.room"
               " FROM ownerships s JOIN households h ON h.id = s.household_id"
               " JOIN buildings b ON b.id = h.building_id JOIN entrances e ON e.id = h.entrance_id"
               " WHERE s.owner_id IN (SELECT o.id" +
                   page +
                   ") ORDER BY s.owner_id, LENGTH(b.name), b.name, LENGTH(e.name), e.name,"
                   " h.floor, LENGTH(h.room), h.room, h.id",
               params));
  for (const auto& r : household_rows) {
    auto it = index.find(r.Int(0));
    if (it == index.end()) continue;
    out[it->second].households.push_back(
        HouseholdRef{r.Int(1), r.Text(2) + "/" + r.Text(3) + "/" + r.Text(4)});
  }
  return out;
}

Result<std::int64_t> CountOwners(Tx& tx, std::int64_t estate_id, const OwnerFilter& filter) {
  Params params;
  const std::string where = OwnerWhere(estate_id, filter, params);
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM owners o" + where, params));
  return row->Int(0);
}

Status ReplaceOwnership(Tx& tx, std::int64_t household_id,
                        const std::vector<std::int64_t>& owner_ids) {
  LINLI_TRY(tx.Exec("DELETE FROM ownerships WHERE household_id = ?", {household_id}));
  for (std::int64_t owner : SortedUnique(owner_ids))
    LINLI_TRY(tx.Exec("INSERT INTO ownerships (household_id, owner_id) VALUES (?, ?)",
                      {household_id, owner}));
  return {};
}

Result<std::vector<domain::RollUnit>> LoadOwnerRoll(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT h.id, h.delivered, o.id, o.kind, h.area_centi, h.building_id, h.use_kind"
               " FROM households h"
               " LEFT JOIN ownerships s ON s.household_id = h.id"
               " LEFT JOIN owners o ON o.id = s.owner_id"
               " WHERE h.estate_id = ? ORDER BY h.id, o.id",
               {estate_id}));
  std::vector<domain::RollUnit> out;
  for (const auto& r : rows) {
    const std::int64_t id = r.Int(0);
    if (out.empty() || out.back().household_id != id)
      out.push_back(domain::RollUnit{id,
                                     r.Bool(1),
                                     {},
                                     r.Int(4),
                                     r.Int(5),
                                     r.Text(6) == domain::UnitUseName(domain::UnitUse::kParking)});
    if (!r.IsNull(2))
      out.back().owners.push_back(domain::RollOwner{
          r.Int(2), domain::ParseOwnerKindName(r.Text(3)).value_or(OwnerKind::kPerson)});
  }
  return out;
}

// ---- Figures -------------------------------------------------------------------------------

Result<EstateStats> LoadEstateStats(Tx& tx, std::int64_t estate_id) {
  EstateStats s;
  LINLI_ASSIGN_OR_RETURN(
      auto b, tx.QueryOne("SELECT COUNT(*) FROM buildings WHERE estate_id = ?", {estate_id}));
  s.buildings = b->Int(0);
  LINLI_ASSIGN_OR_RETURN(
      auto e,
      tx.QueryOne("SELECT COUNT(*) FROM entrances e JOIN buildings b ON b.id = e.building_id"
                  " WHERE b.estate_id = ?",
                  {estate_id}));
  s.entrances = e->Int(0);
  LINLI_ASSIGN_OR_RETURN(
      auto h,
      tx.QueryOne("SELECT COUNT(*), COALESCE(SUM(CASE WHEN delivered = 1 THEN 1 ELSE 0 END), 0),"
                  " COALESCE(SUM(area_centi), 0) FROM households WHERE estate_id = ?",
                  {estate_id}));
  s.households = h->Int(0);
  s.delivered_households = h->Int(1);
  s.total_area_m2_x100 = h->Int(2);
  LINLI_ASSIGN_OR_RETURN(
      auto o, tx.QueryOne("SELECT COUNT(DISTINCT s.owner_id) FROM ownerships s"
                          " JOIN households h ON h.id = s.household_id WHERE h.estate_id = ?",
                          {estate_id}));
  s.owners = o->Int(0);
  LINLI_ASSIGN_OR_RETURN(auto roll, LoadOwnerRoll(tx, estate_id));
  s.owner_headcount = domain::OwnerHeadcount(roll);
  return s;
}

// ---- Import --------------------------------------------------------------------------------

Result<ImportOutcome> ApplyImportPlan(Tx& tx, std::int64_t estate_id,
                                      const domain::ImportPlan& plan, std::int64_t now) {
  ImportOutcome out;
  out.rows = plan.counts.records;

  // What the estate holds already, read in five queries so that the loop below only writes.
  std::unordered_map<std::string, std::int64_t> buildings;  // name -> id
  {
    LINLI_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, name FROM buildings WHERE estate_id = ?", {estate_id}));
    for (const auto& r : rows) buildings.emplace(r.Text(1), r.Int(0));
  }
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> entrances;  // (building, name)
  {
    LINLI_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT e.id, e.building_id, e.name FROM entrances e"
                            " JOIN buildings b ON b.id = e.building_id WHERE b.estate_id = ?",
                            {estate_id}));
    for (const auto& r : rows) entrances.emplace(std::make_pair(r.Int(1), r.Text(2)), r.Int(0));
  }
  struct Existing {
    std::int64_t id = 0;
    std::string floor_label;
    std::int64_t area = 0;
    std::string source;
    bool delivered = true;
    std::string use;
    std::vector<std::int64_t> owners;  // sorted
  };
  using RoomKey = std::tuple<std::int64_t, std::int64_t, std::string>;  // entrance, floor, room
  std::map<RoomKey, Existing> households;
  {
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           tx.Query("SELECT id, entrance_id, floor, floor_label, room, area_centi,"
                                    " area_source, delivered, use_kind FROM households"
                                    " WHERE estate_id = ?",
                                    {estate_id}));
    std::unordered_map<std::int64_t, Existing*> by_id;
    for (const auto& r : rows) {
      auto [it, inserted] = households.try_emplace(RoomKey{r.Int(1), r.Int(2), r.Text(4)});
      if (!inserted) continue;  // two labels of one floor: the first one is matched
      it->second = Existing{r.Int(0), r.Text(3), r.Int(5), r.Text(6), r.Bool(7), r.Text(8), {}};
      by_id.emplace(r.Int(0), &it->second);
    }
    LINLI_ASSIGN_OR_RETURN(auto owner_rows,
                           tx.Query("SELECT s.household_id, s.owner_id FROM ownerships s"
                                    " JOIN households h ON h.id = s.household_id"
                                    " WHERE h.estate_id = ? ORDER BY s.household_id, s.owner_id",
                                    {estate_id}));
    for (const auto& r : owner_rows)
      if (auto it = by_id.find(r.Int(0)); it != by_id.end()) it->second->owners.push_back(r.Int(1));
  }
  struct KnownOwner {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
  };
  std::unordered_map<std::string, KnownOwner> owners;  // identity key -> owner
  {
    LINLI_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, identity_key, name, kind FROM owners WHERE estate_id = ?",
                            {estate_id}));
    for (const auto& r : rows)
      owners.emplace(r.Text(1), KnownOwner{r.Int(0), r.Text(2), r.Text(3)});
  }

  // Owners: match by identity, else create; a match takes the file's name and kind.
  std::vector<std::int64_t> owner_ids(plan.owners.size());
  for (size_t i = 0; i < plan.owners.size(); ++i) {
    const domain::ImportOwner& o = plan.owners[i];
    const std::string kind = domain::OwnerKindName(o.kind);
    const std::string key = domain::OwnerIdentityKey(o.kind, o.name, o.phone);
    if (auto it = owners.find(key); it != owners.end()) {
      owner_ids[i] = it->second.id;
      if (it->second.name != o.name || it->second.kind != kind)
        LINLI_TRY(tx.Exec("UPDATE owners SET name = ?, kind = ? WHERE id = ?",
                          {o.name, kind, it->second.id}));
      continue;
    }
    LINLI_ASSIGN_OR_RETURN(
        owner_ids[i],
        tx.InsertReturningId("INSERT INTO owners (estate_id, kind, name, phone, identity_key,"
                             " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             {estate_id, kind, o.name,
                              o.phone.empty() ? Value(nullptr) : Value(o.phone), key, now}));
    ++out.owners_created;
  }

  for (const domain::ImportHousehold& h : plan.households) {
    std::int64_t building_id = 0;
    if (auto it = buildings.find(h.building); it != buildings.end()) {
      building_id = it->second;
    } else {
      LINLI_ASSIGN_OR_RETURN(building_id, InsertBuilding(tx, estate_id, h.building, now));
      buildings.emplace(h.building, building_id);
      ++out.buildings_created;
    }
    std::int64_t entrance_id = 0;
    if (auto it = entrances.find({building_id, h.unit}); it != entrances.end()) {
      entrance_id = it->second;
    } else {
      LINLI_ASSIGN_OR_RETURN(entrance_id, InsertEntrance(tx, building_id, h.unit));
      entrances.emplace(std::make_pair(building_id, h.unit), entrance_id);
      ++out.entrances_created;
    }
    std::vector<std::int64_t> wanted;
    wanted.reserve(h.owners.size());
    for (size_t o : h.owners) wanted.push_back(owner_ids.at(o));
    wanted = SortedUnique(std::move(wanted));
    const std::string source = domain::AreaSourceName(h.area_source);

    auto it = households.find(RoomKey{entrance_id, h.floor, h.room});
    if (it != households.end()) {
      Existing& known = it->second;
      ++out.households_updated;
      if (known.floor_label != h.floor_label || known.area != h.area_m2_x100 ||
          known.source != source || known.delivered != h.delivered ||
          known.use != domain::UnitUseName(h.use)) {
        LINLI_TRY(tx.Exec(
            "UPDATE households SET floor_label = ?, area_centi = ?, area_source = ?,"
            " delivered = ?, use_kind = ?, updated_at = ? WHERE id = ?",
            {h.floor_label, h.area_m2_x100, source, static_cast<std::int64_t>(h.delivered ? 1 : 0),
             std::string(domain::UnitUseName(h.use)), now, known.id}));
      }
      if (known.owners != wanted) LINLI_TRY(ReplaceOwnership(tx, known.id, wanted));
      continue;
    }
    LINLI_ASSIGN_OR_RETURN(
        std::int64_t id,
        tx.InsertReturningId(
            "INSERT INTO households (estate_id, building_id, entrance_id, floor, floor_label, room,"
            " area_centi, area_source, delivered, use_kind, created_at, updated_at, sort_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {estate_id, building_id, entrance_id, static_cast<std::int64_t>(h.floor), h.floor_label,
             h.room, h.area_m2_x100, source, static_cast<std::int64_t>(h.delivered ? 1 : 0),
             std::string(domain::UnitUseName(h.use)), now, now,
             domain::HouseholdSortKey(h.building, h.unit, h.floor, h.room)}));
    for (std::int64_t owner : wanted)
      LINLI_TRY(
          tx.Exec("INSERT INTO ownerships (household_id, owner_id) VALUES (?, ?)", {id, owner}));
    ++out.households_created;
  }
  LINLI_TRY(TouchHouseholds(tx, estate_id));
  return out;
}

}  // namespace linli::storage
