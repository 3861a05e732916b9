#include "app/audit.hpp"

#include <boost/json/serialize.hpp>

#include "app/authz.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace {
storage::Value JsonOrNull(const boost::json::value& v) {
  if (v.is_null()) return nullptr;
  return boost::json::serialize(v);
}
}  // namespace

Status RecordAudit(storage::Tx& tx, const Env& env, const Principal* actor, const AuditEntry& e) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, unit_path, before_json, "
      "after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {env.clock.Now(), actor ? storage::Value(actor->account_id) : storage::Value(nullptr),
       e.action, e.entity, storage::OptionalInt(e.entity_id), e.unit_path, JsonOrNull(e.before),
       JsonOrNull(e.after)}));
  return {};
}

Result<Paged<AuditView>> ListAudit(const Env& env, const Principal& who,
                                   std::optional<std::int64_t> unit_id, const std::string& entity,
                                   Page page) {
  return env.db.Read([&](storage::Tx& tx) -> Result<Paged<AuditView>> {
    std::string path = "/";
    if (unit_id) {
      LINLI_ASSIGN_OR_RETURN(auto unit, storage::FindUnit(tx, *unit_id));
      if (!unit) return NotFound("unit " + std::to_string(*unit_id) + " does not exist");
      path = unit->path;
    } else if (!Allows(who, domain::Permission::kReadAudit, "/")) {
      // Without a unit, read below the reader's own grants: take the first that allows it.
      bool found = false;
      for (const auto& g : who.roles)
        if (domain::RoleHas(g.role, domain::Permission::kReadAudit)) {
          path = g.unit_path;
          found = true;
          break;
        }
      if (!found) return PermissionDenied("your roles do not allow you to read the audit log");
    }
    LINLI_TRY(Require(who, domain::Permission::kReadAudit, path, "read the audit log"));
    std::string where = " WHERE a.unit_path LIKE ?";
    storage::Params params{path + "%"};
    if (!entity.empty()) {
      where += " AND a.entity = ?";
      params.push_back(entity);
    }
    Paged<AuditView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(auto count,
                           tx.QueryOne("SELECT COUNT(*) FROM audit_log a" + where, params));
    out.total = count->Int(0);
    params.push_back(static_cast<std::int64_t>(page.page_size));
    params.push_back(page.Offset());
    LINLI_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT a.id, a.at, a.actor_id, COALESCE(ac.name, ''), a.action, a.entity, "
                 "a.entity_id, a.before_json, a.after_json FROM audit_log a LEFT JOIN accounts ac "
                 "ON ac.id = a.actor_id" +
                     where + " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                 params));
    for (const auto& r : rows) {
      AuditView v;
      v.id = r.Int(0);
      v.at = r.Int(1);
      v.actor_id = r.OptInt(2);
      v.actor_name = r.Text(3);
      v.action = r.Text(4);
      v.entity = r.Text(5);
      v.entity_id = r.OptInt(6);
      v.before_json = r.Text(7);
      v.after_json = r.Text(8);
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace linli::app
