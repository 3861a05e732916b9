// The audit log: every write, and every read of sensitive data, in the same transaction as the
// change itself (who, when, what, before and after).
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "app/context.hpp"

namespace linli::app {

struct AuditEntry {
  std::string
      action;  // "create", "update", "delete", "import", "grant", "login", "read_sensitive"...
  std::string entity;  // "unit", "household", "person", ...
  std::optional<std::int64_t> entity_id;
  std::string unit_path = "/";  // where it happened, for scoped reading
  boost::json::value before;    // null when nothing was there
  boost::json::value after;
};

Status RecordAudit(storage::Tx& tx, const Env& env, const Principal* actor, const AuditEntry& e);

struct AuditView {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_name;
  std::string action, entity;
  std::optional<std::int64_t> entity_id;
  std::string before_json, after_json;
};

// Entries under `unit_id` (or everywhere the reader may read when unset), newest first.
Result<Paged<AuditView>> ListAudit(const Env& env, const Principal& who,
                                   std::optional<std::int64_t> unit_id, const std::string& entity,
                                   Page page);

}  // namespace linli::app
