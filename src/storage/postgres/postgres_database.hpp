// PostgreSQL adapter of the storage port (libpq, a pool of connections, prepared statements).
// Thread-safety: PostgresDatabase is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace linli::storage {

// conninfo: a "postgresql://..." URL as libpq takes it. pool_size: connections kept open.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo, int pool_size = 8);

}  // namespace linli::storage
