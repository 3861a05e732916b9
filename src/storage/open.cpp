#include "storage/database.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace linli::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) return InvalidArgument("sqlite URL needs a file path: sqlite:PATH", "db");
    return OpenSqlite(path);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return OpenPostgres(url);
  return InvalidArgument(
      "database URL must start with sqlite: or postgresql:// (got '" + url + "')", "db");
}

}  // namespace linli::storage
