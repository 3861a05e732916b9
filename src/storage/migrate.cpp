#include <charconv>
#include <cstdlib>
#include <ctime>
#include <string>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace linli::storage {
namespace {

int VersionOf(const char* name) {
  int v = 0;
  std::from_chars(name, name + std::char_traits<char>::length(name), v);
  return v;
}

std::span<const EmbeddedFile> MigrationsOf(Dialect d) {
  return d == Dialect::kSqlite ? SqliteMigrations() : PostgresMigrations();
}

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

Result<bool> IsApplied(Tx& tx, int version) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?",
                                               {static_cast<std::int64_t>(version)}));
  return row.has_value();
}

Result<int> CurrentVersion(Tx& tx) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

}  // namespace

Result<int> Migrate(Database& db) {
  LINLI_TRY(db.Write([](Tx& tx) -> Result<int> {
    LINLI_TRY(tx.Exec(kCreateTable));
    return 0;
  }));
  int applied = 0;
  for (const auto& file : MigrationsOf(db.dialect())) {
    const int version = VersionOf(file.name);
    // Each migration in its own transaction; a concurrent migrator sees the version row. Every
    // version not yet recorded is applied, also one numbered below the latest applied (branches
    // developed side by side land their migrations in any order).
    auto ran = db.Write([&](Tx& tx) -> Result<bool> {
      LINLI_ASSIGN_OR_RETURN(bool done, IsApplied(tx, version));
      if (done) return false;
      LINLI_TRY(tx.Exec(file.contents));
      LINLI_TRY(
          tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  {static_cast<std::int64_t>(version), std::string(file.name),
                   static_cast<std::int64_t>(std::time(nullptr))}));
      return true;
    });
    if (!ran) {
      Error e = ran.error();
      e.message = std::string("migration ") + file.name + " failed: " + e.message;
      return tl::unexpected(e);
    }
    if (*ran) ++applied;
  }
  return applied;
}

Result<std::pair<int, int>> MigrationStatus(Database& db) {
  int latest = 0;
  for (const auto& file : MigrationsOf(db.dialect()))
    latest = std::max(latest, VersionOf(file.name));
  LINLI_TRY(db.Write([](Tx& tx) -> Result<int> {
    LINLI_TRY(tx.Exec(kCreateTable));
    return 0;
  }));
  LINLI_ASSIGN_OR_RETURN(int current, db.Read([](Tx& tx) { return CurrentVersion(tx); }));
  return std::make_pair(latest, current);
}

}  // namespace linli::storage
