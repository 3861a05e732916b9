#include "app/units.hpp"

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "core/text.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {
json::value UnitJson(const domain::Unit& u) {
  return json::object{{"kind", std::string(domain::UnitKindName(u.kind))}, {"name", u.name}};
}

Result<UnitView> MakeView(storage::Tx& tx, domain::Unit unit) {
  UnitView v;
  LINLI_ASSIGN_OR_RETURN(v.path, storage::UnitsOnPath(tx, unit.path));
  LINLI_ASSIGN_OR_RETURN(v.child_count, storage::CountChildUnits(tx, unit.id));
  v.unit = std::move(unit);
  return v;
}
}  // namespace

Result<domain::Unit> LoadUnit(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto unit, storage::FindUnit(tx, id));
  if (!unit) return NotFound("unit " + std::to_string(id) + " does not exist");
  return std::move(*unit);
}

Result<domain::Unit> LoadEstate(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto unit, storage::FindUnit(tx, id));
  if (!unit) return NotFound("estate " + std::to_string(id) + " does not exist");
  if (unit->kind != domain::UnitKind::kEstate)
    return InvalidArgument("unit " + std::to_string(id) + " is a " +
                           std::string(domain::UnitKindName(unit->kind)) + ", not an estate");
  return std::move(*unit);
}

Result<UnitView> UnitService::Create(const Principal& who, const std::string& kind_text,
                                     const std::string& name_in,
                                     std::optional<std::int64_t> parent_id) {
  auto kind = domain::ParseUnitKind(kind_text);
  if (!kind)
    return InvalidArgument(
        "kind '" + kind_text + "' is unknown; use city, district, street, community or estate",
        "kind");
  std::string name(Trim(name_in));
  LINLI_TRY(domain::CheckUnitName(name));
  return env_.db.Write([&](storage::Tx& tx) -> Result<UnitView> {
    std::optional<domain::Unit> parent;
    if (parent_id) {
      LINLI_ASSIGN_OR_RETURN(parent, storage::FindUnit(tx, *parent_id));
      if (!parent)
        return tl::unexpected(Error{ErrorCode::kNotFound,
                                    "parent unit " + std::to_string(*parent_id) + " does not exist",
                                    "parent_id",
                                    {}});
    }
    LINLI_TRY(domain::CheckPlacement(*kind, parent ? std::optional(parent->kind) : std::nullopt));
    LINLI_TRY(Require(who, Permission::kManageUnits, parent ? parent->path : "/", "create units"));
    auto unit = storage::InsertUnit(tx, *kind, name, parent, env_.clock.Now());
    if (!unit && unit.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists("a unit named '" + name + "' already exists at this place in the tree",
                           "name");
    if (!unit) return tl::unexpected(unit.error());
    if (*kind == domain::UnitKind::kEstate)
      LINLI_TRY(tx.Exec("INSERT INTO estate_profiles (unit_id, updated_at) VALUES (?, ?)",
                        {unit->id, env_.clock.Now()}));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "unit", unit->id, unit->path, nullptr, UnitJson(*unit)}));
    return MakeView(tx, std::move(*unit));
  });
}

Result<UnitView> UnitService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<UnitView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this unit"));
    return MakeView(tx, std::move(unit));
  });
}

Result<Paged<UnitView>> UnitService::Children(const Principal& who, std::int64_t id, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<UnitView>> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this unit"));
    Paged<UnitView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountChildUnits(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto children,
                           storage::ListChildUnits(tx, id, page.page_size, page.Offset()));
    for (auto& c : children) {
      UnitView v;
      LINLI_ASSIGN_OR_RETURN(v.child_count, storage::CountChildUnits(tx, c.id));
      v.unit = std::move(c);
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::vector<UnitView>> UnitService::Roots(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<UnitView>> {
    std::vector<UnitView> out;
    if (Allows(who, Permission::kReadStructure, "/")) {
      LINLI_ASSIGN_OR_RETURN(auto roots, storage::ListRootUnits(tx));
      for (auto& r : roots) {
        LINLI_ASSIGN_OR_RETURN(auto v, MakeView(tx, std::move(r)));
        out.push_back(std::move(v));
      }
      return out;
    }
    // The granted units, leaving out any that lies inside another granted one.
    for (const auto& g : who.roles) {
      if (!g.unit_id || !domain::RoleHas(g.role, Permission::kReadStructure)) continue;
      bool covered = false;
      for (const auto& other : who.roles)
        if (other.unit_id && other.unit_path != g.unit_path &&
            domain::PathWithin(g.unit_path, other.unit_path))
          covered = true;
      for (const auto& v : out)
        if (v.unit.id == *g.unit_id) covered = true;
      if (covered) continue;
      LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, *g.unit_id));
      LINLI_ASSIGN_OR_RETURN(auto v, MakeView(tx, std::move(unit)));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<UnitView> UnitService::Rename(const Principal& who, std::int64_t id,
                                     const std::string& name_in) {
  std::string name(Trim(name_in));
  LINLI_TRY(domain::CheckUnitName(name));
  return env_.db.Write([&](storage::Tx& tx) -> Result<UnitView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, id));
    LINLI_TRY(Require(who, Permission::kManageUnits, unit.path, "rename units"));
    auto before = UnitJson(unit);
    auto st = storage::RenameUnit(tx, id, name);
    if (!st && st.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists("a unit named '" + name + "' already exists at this place in the tree",
                           "name");
    if (!st) return tl::unexpected(st.error());
    unit.name = name;
    LINLI_TRY(
        RecordAudit(tx, env_, &who, {"update", "unit", id, unit.path, before, UnitJson(unit)}));
    return MakeView(tx, std::move(unit));
  });
}

}  // namespace linli::app
