// Open311 GeoReport v2 clients in the store: each holds one API key, kept as its digest only.
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace linli::storage {

struct Open311ClientRecord {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> estate_id;  // nullopt: any estate
  std::string estate_name;                // "" without an estate
  std::string estate_path;                // "" without an estate
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

// Inserts the client with the digest of its key; returns the id.
Result<std::int64_t> InsertOpen311Client(Tx& tx, const std::string& name,
                                         const std::string& key_digest,
                                         std::optional<std::int64_t> estate_id,
                                         std::optional<std::int64_t> created_by, std::int64_t now);
Result<std::optional<Open311ClientRecord>> FindOpen311Client(Tx& tx, std::int64_t id);
// The client whose key has this digest, revoked or not.
Result<std::optional<Open311ClientRecord>> FindOpen311ClientByDigest(Tx& tx,
                                                                     const std::string& key_digest);
// Every client, newest first.
Result<std::vector<Open311ClientRecord>> ListOpen311Clients(Tx& tx);
// Sets revoked_at if it is not set yet; false when it was.
Result<bool> RevokeOpen311Client(Tx& tx, std::int64_t id, std::int64_t now);

// The ids of the first `limit` estates (units of kind estate), by id: enough to tell whether a
// deployment serves one estate or several.
Result<std::vector<std::int64_t>> ListEstateIds(Tx& tx, std::int64_t limit);

}  // namespace linli::storage
