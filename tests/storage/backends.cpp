#include "backends.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <system_error>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace linli::storage::testing {
namespace {

constexpr int kPoolSize = 4;  // small, so that concurrent tests exercise the pool's waiting

std::string RandomSuffix() {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%d_%u_%06x", static_cast<int>(::getpid()), counter++,
                rd() & 0xffffff);
  return buf;
}

Result<std::unique_ptr<ScratchDatabase>> CreateSqlite() {
  std::error_code ec;
  const auto base = std::filesystem::temp_directory_path(ec);
  if (ec) return Internal("no temporary directory: " + ec.message());
  const auto dir = base / ("linli-sqlite-" + RandomSuffix());
  if (!std::filesystem::create_directory(dir, ec) || ec) {
    return Internal("cannot create " + dir.string() + ": " + ec.message());
  }
  const std::string path = (dir / "test.db").string();
  auto drop = [dir] {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  };
  auto db = OpenSqlite(path, kPoolSize);
  if (!db) {
    drop();
    return tl::unexpected(db.error());
  }
  return std::make_unique<ScratchDatabase>(std::move(*db), path, drop);
}

// `url` with its database name replaced by `dbname`. Takes a postgresql:// URL or a
// keyword=value connection string.
std::string WithDatabase(const std::string& url, const std::string& dbname) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + dbname;  // later keywords win
  const size_t authority = scheme + 3;
  const size_t path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + dbname;
  if (url[path] == '?') return url.substr(0, path) + "/" + dbname + url.substr(path);
  const size_t query = url.find('?', path);
  return url.substr(0, path) + "/" + dbname +
         (query == std::string::npos ? std::string() : url.substr(query));
}

// Runs one statement on a short-lived connection to the admin URL (CREATE/DROP DATABASE cannot
// run inside a transaction, so not through the port).
Status AdminExec(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return MakeError(ErrorCode::kUnavailable,
                     "cannot connect to LINLI_TEST_PG_URL (" + admin_url + "): " + msg);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* res = PQexec(conn, sql.c_str());
  Status st;
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    st = Internal(sql + ": " + PQresultErrorMessage(res));
  }
  PQclear(res);
  PQfinish(conn);
  return st;
}

Result<std::unique_ptr<ScratchDatabase>> CreatePostgres(const std::string& admin_url) {
  const std::string name = "linli_t_" + RandomSuffix();
  LINLI_TRY(AdminExec(admin_url, "CREATE DATABASE " + name));
  auto drop = [admin_url, name] {
    // FORCE: a connection some test leaked must not keep the database alive.
    (void)AdminExec(admin_url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  };
  const std::string url = WithDatabase(admin_url, name);
  auto db = OpenPostgres(url, kPoolSize);
  if (!db) {
    drop();
    return tl::unexpected(db.error());
  }
  return std::make_unique<ScratchDatabase>(std::move(*db), url, drop);
}

std::vector<Backend> MakeBackends() {
  std::vector<Backend> out;
  out.push_back(Backend{"sqlite", Dialect::kSqlite, "", CreateSqlite});

  Backend pg{"postgres", Dialect::kPostgres, "", nullptr};
  const char* url = std::getenv("LINLI_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    pg.skip_reason =
        "PostgreSQL tests skipped: LINLI_TEST_PG_URL is not set (run the tests under "
        "scripts/with-postgres.sh)";
  } else {
    pg.create = [admin_url = std::string(url)] { return CreatePostgres(admin_url); };
  }
  out.push_back(std::move(pg));
  return out;
}

}  // namespace

const std::vector<Backend>& AllBackends() {
  static const std::vector<Backend> backends = MakeBackends();
  return backends;
}

}  // namespace linli::storage::testing
