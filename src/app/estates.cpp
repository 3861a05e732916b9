#include "app/estates.hpp"

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

constexpr size_t kMaxQueryChars = 64;

json::value ProfileJson(const domain::EstateProfile& p) {
  return json::object{
      {"address", p.address},
      {"built_year", p.built_year ? json::value(*p.built_year) : json::value(nullptr)},
      {"service_mode", std::string(domain::ServiceModeName(p.service_mode))}};
}

Result<EstateView> MakeView(storage::Tx& tx, domain::Unit unit) {
  EstateView v;
  LINLI_ASSIGN_OR_RETURN(v.path, storage::UnitsOnPath(tx, unit.path));
  LINLI_ASSIGN_OR_RETURN(v.child_count, storage::CountChildUnits(tx, unit.id));
  LINLI_ASSIGN_OR_RETURN(v.profile, storage::LoadEstateProfile(tx, unit.id));
  LINLI_ASSIGN_OR_RETURN(v.stats, storage::LoadEstateStats(tx, unit.id));
  v.unit = std::move(unit);
  return v;
}

// The year now in Asia/Shanghai.
int CurrentYear(const Clock& clock) { return std::stoi(FormatDate(clock.Now()).substr(0, 4)); }

Result<std::string> CleanQuery(std::string_view q) {
  std::string_view t = Trim(q);
  if (!IsValidUtf8(t)) return InvalidArgument("q is not valid UTF-8 text", "q");
  if (Utf8Length(t) > kMaxQueryChars)
    return InvalidArgument("q must have at most " + std::to_string(kMaxQueryChars) +
                               " characters; search for a shorter piece of text",
                           "q");
  return std::string(t);
}

Status CheckBuildingName(std::string_view name) {
  if (name.empty())
    return InvalidArgument("name is required: write the building name, like 1栋", "name");
  if (!IsValidUtf8(name)) return InvalidArgument("name is not valid UTF-8 text", "name");
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      return InvalidArgument("name must be on one line without control characters", "name");
  if (Utf8Length(name) > static_cast<size_t>(domain::kMaxNameChars))
    return InvalidArgument("name must have at most " + std::to_string(domain::kMaxNameChars) +
                               " characters; shorten it",
                           "name");
  return {};
}

// Names of people and every phone are masked; the names of developers and organisations are
// not personal data and stay readable.
void MaskOwner(storage::OwnerRecord& o) {
  if (o.kind == domain::OwnerKind::kPerson) o.name = MaskName(o.name);
  o.phone = MaskPhone(o.phone);
}

}  // namespace

Result<EstateView> EstateService::GetEstate(const Principal& who, std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<EstateView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this estate"));
    return MakeView(tx, std::move(unit));
  });
}

Result<EstateView> EstateService::UpdateProfile(const Principal& who, std::int64_t estate_id,
                                                const EstateProfilePatch& patch) {
  std::optional<std::string> address;
  if (patch.address) {
    address = std::string(Trim(*patch.address));
    LINLI_TRY(domain::CheckAddress(*address));
  }
  if (patch.built_year && *patch.built_year)
    LINLI_TRY(domain::CheckBuiltYear(**patch.built_year, CurrentYear(env_.clock)));
  std::optional<domain::ServiceMode> mode;
  if (patch.service_mode) {
    mode = domain::ParseServiceMode(*patch.service_mode);
    if (!mode)
      return InvalidArgument("service_mode '" + *patch.service_mode +
                                 "' is unknown; use self_managed, whole, itemised, "
                                 "community_company or none",
                             "service_mode");
  }
  return env_.db.Write([&](storage::Tx& tx) -> Result<EstateView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageHouseholds, unit.path, "edit this estate's profile"));
    LINLI_ASSIGN_OR_RETURN(auto profile, storage::LoadEstateProfile(tx, estate_id));
    const json::value before = ProfileJson(profile);
    if (address) profile.address = *address;
    if (patch.built_year) {
      profile.built_year.reset();
      if (*patch.built_year) profile.built_year = static_cast<int>(**patch.built_year);
    }
    if (mode) profile.service_mode = *mode;
    LINLI_TRY(storage::SaveEstateProfile(tx, estate_id, profile, env_.clock.Now()));
    LINLI_TRY(RecordAudit(
        tx, env_, &who,
        {"update", "estate_profile", estate_id, unit.path, before, ProfileJson(profile)}));
    return MakeView(tx, std::move(unit));
  });
}

Result<std::vector<storage::BuildingSummary>> EstateService::ListBuildings(const Principal& who,
                                                                           std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<storage::BuildingSummary>> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this estate"));
    return storage::ListBuildings(tx, estate_id);
  });
}

Result<storage::BuildingSummary> EstateService::CreateBuilding(const Principal& who,
                                                               std::int64_t estate_id,
                                                               const std::string& name_in) {
  std::string name(Trim(name_in));
  LINLI_TRY(CheckBuildingName(name));
  return env_.db.Write([&](storage::Tx& tx) -> Result<storage::BuildingSummary> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageHouseholds, unit.path, "add buildings"));
    auto id = storage::InsertBuilding(tx, estate_id, name, env_.clock.Now());
    if (!id && id.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists("this estate already has a building named '" + name + "'", "name");
    if (!id) return tl::unexpected(id.error());
    LINLI_TRY(
        RecordAudit(tx, env_, &who,
                    {"create", "building", *id, unit.path, nullptr, json::object{{"name", name}}}));
    storage::BuildingSummary b;
    b.id = *id;
    b.name = name;
    return b;
  });
}

Result<std::string> EstateService::HouseholdListVersion(const Principal& who,
                                                        std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::string> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kReadHouseholds, unit.path, "see the households of this estate"));
    const bool masked = !Allows(who, Permission::kReadPersonalData, unit.path);
    LINLI_ASSIGN_OR_RETURN(auto version, storage::HouseholdsVersion(tx, estate_id));
    return "households:" + std::to_string(estate_id) + ":v" + std::to_string(version.version) +
           (masked ? ":masked" : ":full");
  });
}

Result<HouseholdPage> EstateService::ListHouseholds(const Principal& who, std::int64_t estate_id,
                                                    const HouseholdQuery& query, Page page) {
  LINLI_ASSIGN_OR_RETURN(std::string q, CleanQuery(query.q));
  std::string building(Trim(query.building));
  return env_.db.Read([&](storage::Tx& tx) -> Result<HouseholdPage> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kReadHouseholds, unit.path, "see the households of this estate"));
    HouseholdPage out;
    out.names_masked = !Allows(who, Permission::kReadPersonalData, unit.path);
    storage::HouseholdFilter filter{building, q, !out.names_masked};
    out.households.page = page;
    if (building.empty() && q.empty()) {
      LINLI_ASSIGN_OR_RETURN(auto version, storage::HouseholdsVersion(tx, estate_id));
      out.households.total = version.household_count;
    } else {
      LINLI_ASSIGN_OR_RETURN(out.households.total, storage::CountHouseholds(tx, estate_id, filter));
    }
    LINLI_ASSIGN_OR_RETURN(
        out.households.items,
        storage::ListHouseholds(tx, estate_id, filter, page.page_size, page.Offset()));
    if (out.names_masked)
      for (auto& h : out.households.items)
        for (auto& o : h.owners) MaskOwner(o);
    return out;
  });
}

Result<OwnerPage> EstateService::ListOwners(const Principal& who, std::int64_t estate_id,
                                            const std::string& q_in, Page page) {
  LINLI_ASSIGN_OR_RETURN(std::string q, CleanQuery(q_in));
  return env_.db.Read([&](storage::Tx& tx) -> Result<OwnerPage> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kReadHouseholds, unit.path, "see the owners of this estate"));
    OwnerPage out;
    out.names_masked = !Allows(who, Permission::kReadPersonalData, unit.path);
    storage::OwnerFilter filter{q, !out.names_masked};
    out.owners.page = page;
    LINLI_ASSIGN_OR_RETURN(out.owners.total, storage::CountOwners(tx, estate_id, filter));
    LINLI_ASSIGN_OR_RETURN(out.owners.items, storage::ListOwners(tx, estate_id, filter,
                                                                 page.page_size, page.Offset()));
    if (out.names_masked)
      for (auto& o : out.owners.items) MaskOwner(o.owner);
    return out;
  });
}

Result<ImportCounts> EstateService::ImportHouseholds(const Principal& who, std::int64_t estate_id,
                                                     std::string_view csv) {
  // Refuse an unknown estate or a caller without the right before reading the file.
  LINLI_TRY(env_.db.Read([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    return Require(who, Permission::kManageHouseholds, unit.path, "import households");
  }));
  // Parsed outside the write transaction, which then only writes.
  LINLI_ASSIGN_OR_RETURN(auto plan, domain::ParseHouseholdCsv(csv));
  return env_.db.Write([&](storage::Tx& tx) -> Result<ImportCounts> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageHouseholds, unit.path, "import households"));
    LINLI_ASSIGN_OR_RETURN(auto counts,
                           storage::ApplyImportPlan(tx, estate_id, plan, env_.clock.Now()));
    json::object after{{"households_created", counts.households_created},
                       {"households_updated", counts.households_updated},
                       {"owners_created", counts.owners_created},
                       {"buildings_created", counts.buildings_created},
                       {"entrances_created", counts.entrances_created},
                       {"rows", counts.rows},
                       {"households_in_file", plan.counts.households},
                       {"owners_in_file", plan.counts.owners}};
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"import", "households", estate_id, unit.path, nullptr, after}));
    return counts;
  });
}

}  // namespace linli::app
