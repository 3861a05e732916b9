#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>

namespace linli::storage {
namespace {

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = sqlite3_errmsg(db);
  ErrorCode code = ErrorCode::kInternal;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    code = ErrorCode::kAlreadyExists;
  else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
    code = ErrorCode::kFailedPrecondition;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = ErrorCode::kAborted;
  return Error{code, "sqlite: " + msg, {}, {}};
}

// One SQLite connection with its prepared-statement cache.
class Connection {
 public:
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close_v2(db_);
  }
  Status Open(const std::string& path, bool readonly) {
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      return MakeError(ErrorCode::kUnavailable,
                       "cannot open SQLite database '" + path + "': " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    if (!readonly) pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
    return ExecScript(pragmas);
  }
  Status ExecScript(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return Internal("sqlite: " + msg);
    }
    return {};
  }
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_, rc, sql));
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }
  sqlite3* db() { return db_; }

  // BEGIN, COMMIT and ROLLBACK as cached prepared statements.
  Status ExecCached(const char* sql) {
    LINLI_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return tl::unexpected(SqliteError(db_, rc, sql));
    return {};
  }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    LINLI_TRY(Step(sql, params, &rows));
    return rows;
  }
  Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
    if (params.empty() && sql.find(';') != std::string_view::npos) {
      LINLI_TRY(c_.ExecScript(std::string(sql)));
      return static_cast<std::int64_t>(sqlite3_changes(c_.db()));
    }
    LINLI_TRY(Step(sql, params, nullptr));
    return static_cast<std::int64_t>(sqlite3_changes(c_.db()));
  }

 private:
  Status Step(std::string_view sql, const Params& params, Rows* rows) {
    LINLI_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, c_.Prepare(sql));
    int i = 1;
    for (const auto& p : params) {
      if (std::holds_alternative<std::nullptr_t>(p)) {
        sqlite3_bind_null(stmt, i);
      } else if (auto* v = std::get_if<std::int64_t>(&p)) {
        sqlite3_bind_int64(stmt, i, *v);
      } else {
        const auto& s = std::get<std::string>(p);
        sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      ++i;
    }
    int rc;
    const int ncol = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!rows) continue;
      std::vector<Row::Cell> cells(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            break;
          case SQLITE_INTEGER:
            cells[c].type = Row::Cell::Type::kInt;
            cells[c].i = sqlite3_column_int64(stmt, c);
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            cells[c].type = Row::Cell::Type::kText;
            cells[c].s.assign(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(cells));
    }
    Status st;
    if (rc != SQLITE_DONE) st = tl::unexpected(SqliteError(c_.db(), rc, sql));
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return st;
  }
  Connection& c_;
};

class SqliteDatabase final : public Database {
 public:
  Status Open(const std::string& path, int readers) {
    writer_ = std::make_unique<Connection>();
    LINLI_TRY(writer_->Open(path, false));
    for (int i = 0; i < readers; ++i) {
      auto c = std::make_unique<Connection>();
      LINLI_TRY(c->Open(path, true));
      free_readers_.push_back(c.get());
      readers_.push_back(std::move(c));
    }
    return {};
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

  Status RunRead(const std::function<Status(Tx&)>& fn) override {
    Connection* c;
    {
      std::unique_lock lock(readers_mu_);
      readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
      c = free_readers_.back();
      free_readers_.pop_back();
    }
    struct Release {
      SqliteDatabase* self;
      Connection* c;
      ~Release() {
        {
          std::lock_guard lock(self->readers_mu_);
          self->free_readers_.push_back(c);
        }
        self->readers_cv_.notify_one();
      }
    } release{this, c};
    return RunTx(*c, "BEGIN", fn);
  }

  Status RunWrite(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard lock(writer_mu_);
    return RunTx(*writer_, "BEGIN IMMEDIATE", fn);
  }

 private:
  static Status RunTx(Connection& c, const char* begin, const std::function<Status(Tx&)>& fn) {
    LINLI_TRY(c.ExecCached(begin));
    SqliteTx tx(c);
    Status st;
    try {
      st = fn(tx);
    } catch (...) {
      (void)c.ExecScript("ROLLBACK");
      throw;
    }
    if (!st) {
      (void)c.ExecCached("ROLLBACK");
      return st;
    }
    auto commit = c.ExecCached("COMMIT");
    if (!commit) {
      (void)c.ExecCached("ROLLBACK");
      return commit;
    }
    return {};
  }

  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_readers_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int readers) {
  auto db = std::make_unique<SqliteDatabase>();
  LINLI_TRY(db->Open(path, readers < 1 ? 1 : readers));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace linli::storage
