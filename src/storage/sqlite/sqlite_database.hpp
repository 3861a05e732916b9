// SQLite adapter of the storage port: WAL mode, one writer connection (writes are serialised),
// a pool of reader connections that run beside it.
// Thread-safety: SqliteDatabase is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace linli::storage {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int readers = 4);

}  // namespace linli::storage
