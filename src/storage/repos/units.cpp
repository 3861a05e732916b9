#include "storage/repos/units.hpp"

#include <charconv>

namespace linli::storage {
namespace {

constexpr const char* kCols = "id, kind, name, parent_id, path, depth";

domain::Unit FromRow(const Row& r) {
  domain::Unit u;
  u.id = r.Int(0);
  u.kind = domain::ParseUnitKind(r.Text(1)).value_or(domain::UnitKind::kDistrict);
  u.name = r.Text(2);
  u.parent_id = r.OptInt(3);
  u.path = r.Text(4);
  u.depth = static_cast<int>(r.Int(5));
  return u;
}

Result<std::vector<domain::Unit>> Many(Tx& tx, const std::string& sql, const Params& params) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<domain::Unit> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace

Result<std::optional<domain::Unit>> FindUnit(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne(std::string("SELECT ") + kCols + " FROM units WHERE id = ?", {id}));
  if (!row) return std::optional<domain::Unit>();
  return std::optional<domain::Unit>(FromRow(*row));
}

Result<domain::Unit> InsertUnit(Tx& tx, domain::UnitKind kind, const std::string& name,
                                const std::optional<domain::Unit>& parent, std::int64_t now) {
  domain::Unit u;
  u.kind = kind;
  u.name = name;
  u.depth = parent ? parent->depth + 1 : 0;
  if (parent) u.parent_id = parent->id;
  LINLI_ASSIGN_OR_RETURN(
      u.id,
      tx.InsertReturningId("INSERT INTO units (kind, name, parent_id, path, depth, created_at) "
                           "VALUES (?, ?, ?, '', ?, ?) RETURNING id",
                           {std::string(domain::UnitKindName(kind)), name, OptionalInt(u.parent_id),
                            static_cast<std::int64_t>(u.depth), now}));
  u.path = (parent ? parent->path : std::string("/")) + std::to_string(u.id) + "/";
  LINLI_TRY(tx.Exec("UPDATE units SET path = ? WHERE id = ?", {u.path, u.id}));
  return u;
}

Status RenameUnit(Tx& tx, std::int64_t id, const std::string& name) {
  LINLI_TRY(tx.Exec("UPDATE units SET name = ? WHERE id = ?", {name, id}));
  return {};
}

Result<std::vector<domain::Unit>> ListChildUnits(Tx& tx, std::int64_t parent_id, std::int64_t limit,
                                                 std::int64_t offset) {
  return Many(tx,
              std::string("SELECT ") + kCols +
                  " FROM units WHERE parent_id = ? ORDER BY id LIMIT ? OFFSET ?",
              {parent_id, limit, offset});
}

Result<std::int64_t> CountChildUnits(Tx& tx, std::int64_t parent_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM units WHERE parent_id = ?", {parent_id}));
  return row->Int(0);
}

Result<std::vector<domain::Unit>> ListRootUnits(Tx& tx) {
  return Many(
      tx, std::string("SELECT ") + kCols + " FROM units WHERE parent_id IS NULL ORDER BY id", {});
}

Result<std::vector<domain::Unit>> UnitsOnPath(Tx& tx, const std::string& path) {
  std::vector<domain::Unit> out;
  size_t pos = 1;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) break;
    std::int64_t id = 0;
    std::from_chars(path.data() + pos, path.data() + end, id);
    LINLI_ASSIGN_OR_RETURN(auto u, FindUnit(tx, id));
    if (u) out.push_back(std::move(*u));
    pos = end + 1;
  }
  return out;
}

}  // namespace linli::storage
