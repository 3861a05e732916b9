#include "storage/repos/open311.hpp"

namespace linli::storage {
namespace {

constexpr const char* kClientSelect =
    "SELECT c.id, c.name, c.estate_id, COALESCE(u.name, ''), COALESCE(u.path, ''), c.created_by, "
    "c.created_at, c.revoked_at FROM open311_clients c LEFT JOIN units u ON u.id = c.estate_id";

Open311ClientRecord ClientFromRow(const Row& r) {
  Open311ClientRecord c;
  c.id = r.Int(0);
  c.name = r.Text(1);
  c.estate_id = r.OptInt(2);
  c.estate_name = r.Text(3);
  c.estate_path = r.Text(4);
  c.created_by = r.OptInt(5);
  c.created_at = r.Int(6);
  c.revoked_at = r.OptInt(7);
  return c;
}

Result<std::optional<Open311ClientRecord>> FindOne(Tx& tx, const std::string& where,
                                                   const Params& params) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kClientSelect) + where, params));
  if (!row) return std::optional<Open311ClientRecord>();
  return std::optional<Open311ClientRecord>(ClientFromRow(*row));
}

}  // namespace

Result<std::int64_t> InsertOpen311Client(Tx& tx, const std::string& name,
                                         const std::string& key_digest,
                                         std::optional<std::int64_t> estate_id,
                                         std::optional<std::int64_t> created_by, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO open311_clients (name, key_digest, estate_id, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {name, key_digest, OptionalInt(estate_id), OptionalInt(created_by), now});
}

Result<std::optional<Open311ClientRecord>> FindOpen311Client(Tx& tx, std::int64_t id) {
  return FindOne(tx, " WHERE c.id = ?", {id});
}

Result<std::optional<Open311ClientRecord>> FindOpen311ClientByDigest(
    Tx& tx, const std::string& key_digest) {
  return FindOne(tx, " WHERE c.key_digest = ?", {key_digest});
}

Result<std::vector<Open311ClientRecord>> ListOpen311Clients(Tx& tx) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kClientSelect) + " ORDER BY c.id DESC"));
  std::vector<Open311ClientRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ClientFromRow(r));
  return out;
}

Result<bool> RevokeOpen311Client(Tx& tx, std::int64_t id, std::int64_t now) {
  LINLI_ASSIGN_OR_RETURN(
      auto n,
      tx.Exec("UPDATE open311_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
              {now, id}));
  return n > 0;
}

Result<std::vector<std::int64_t>> ListEstateIds(Tx& tx, std::int64_t limit) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT id FROM units WHERE kind = 'estate' ORDER BY id LIMIT ?", {limit}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

}  // namespace linli::storage
