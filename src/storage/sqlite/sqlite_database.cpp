#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

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
    // Readers keep temporary tables and sorts in memory. The writer keeps the default: with
    // temp_store=MEMORY SQLite would hold its statement and savepoint journals (every page a
    // statement or a batched request first changes is copied there) in chunks of 1 KiB, five
    // allocations per page; with the default they take chunks of kJournalChunk (see OpenSqlite).
    if (readonly)
      pragmas += " PRAGMA temp_store=MEMORY;";
    else
      pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
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
    auto it = cache_.find(sql);
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
  // Looked up by string_view: no copy of the statement's text per call.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
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
  // SQLite runs RETURNING through a temporary table opened and dropped per statement; a plain
  // INSERT and the connection's last rowid give the same id (`id INTEGER PRIMARY KEY` is the
  // rowid) for a fraction of the work. Upserts keep RETURNING: they may insert nothing.
  Result<std::int64_t> InsertReturningId(std::string_view sql, const Params& params) override {
    constexpr std::string_view kReturningId = " RETURNING id";
    if (!sql.ends_with(kReturningId) || sql.find("ON CONFLICT") != std::string_view::npos)
      return Tx::InsertReturningId(sql, params);
    sql.remove_suffix(kReturningId.size());
    LINLI_TRY(Step(sql, params, nullptr));
    if (sqlite3_changes(c_.db()) != 1) return Internal("insert returned no id");
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(c_.db()));
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

// Writes go through one connection. Callers that arrive while a transaction is running queue up;
// the next caller to find the writer free becomes the leader and runs every queued request in one
// transaction, each inside its own savepoint (a request that fails rolls back to its savepoint
// and leaves the others alone), then commits once and wakes the others: group commit. Each caller
// still gets its answer only after the commit that holds its writes. Should the shared
// transaction itself fail (BEGIN, COMMIT, or an error that ends the whole transaction), the
// requests it held run again one transaction each, so no caller gets another's failure.
//
// The WAL is checkpointed by a background thread on its own connection (PASSIVE, so it never
// blocks the writer), woken when kCheckpointFrames frames were added since the last checkpoint;
// requests do not pay for checkpoints or their fsync. The threshold is 4x SQLite's default: a
// page changed by many commits (a table's last leaf, an estate's index leaves, the counter cells)
// is copied back and synced once per checkpoint, so fewer checkpoints write fewer pages.
// Counting from the last checkpoint matters under steady writes: the WAL starts over only when a
// write finds it wholly checkpointed, which a background checkpoint racing new commits rarely
// leaves, so counting the WAL's length would wake a checkpoint (two fsyncs) after every commit.
// Should the WAL still reach kMaxWalFrames (~64 MiB), the writer checkpoints it itself after a
// commit, when no other write can add frames, so the next write starts the WAL over.
class SqliteDatabase final : public Database {
 public:
  static constexpr int kCheckpointFrames = 4000;
  static constexpr int kMaxWalFrames = 4 * kCheckpointFrames;

  ~SqliteDatabase() override {
    {
      std::lock_guard lock(ckpt_mu_);
      ckpt_stop_ = true;
    }
    ckpt_cv_.notify_all();
    if (ckpt_thread_.joinable()) ckpt_thread_.join();
  }

  Status Open(const std::string& path, int readers) {
    writer_ = std::make_unique<Connection>();
    LINLI_TRY(writer_->Open(path, false));
    for (int i = 0; i < readers; ++i) {
      auto c = std::make_unique<Connection>();
      LINLI_TRY(c->Open(path, true));
      free_readers_.push_back(c.get());
      readers_.push_back(std::move(c));
    }
    if (path != ":memory:" && path.find("mode=memory") == std::string::npos) {
      checkpointer_ = std::make_unique<Connection>();
      LINLI_TRY(checkpointer_->Open(path, false));
      // Replaces the automatic checkpoint, which would run inside a request's commit.
      sqlite3_wal_hook(writer_->db(), &SqliteDatabase::OnWal, this);
      ckpt_thread_ = std::thread([this] { CheckpointLoop(); });
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
    Job job;
    job.fn = &fn;
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&job);
    while (!job.done) {
      if (leading_) {
        job.wake.wait(lock);  // until our batch is done or we are to lead the next one
        continue;
      }
      leading_ = true;
      std::vector<Job*> batch;
      batch.swap(queue_);
      lock.unlock();
      RunBatch(batch);
      lock.lock();
      leading_ = false;
      // Wake only those whose batch is done and, if requests queued meanwhile, the first of them
      // to lead (waking every waiter would wake most of them for nothing).
      for (Job* j : batch) {
        j->done = true;
        if (j != &job) j->wake.notify_one();
      }
      if (!queue_.empty()) queue_.front()->wake.notify_one();
    }
    if (job.exception) std::rethrow_exception(job.exception);
    return job.status;
  }

 private:
  struct Job {
    const std::function<Status(Tx&)>* fn = nullptr;
    Status status;
    std::exception_ptr exception;
    bool done = false;
    std::condition_variable wake;
  };

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

  void RunAlone(Job& j) {
    try {
      j.status = RunTx(*writer_, "BEGIN IMMEDIATE", *j.fn);
    } catch (...) {
      j.exception = std::current_exception();
    }
  }

  // Runs the batch in one transaction; only the leader calls this.
  void RunBatch(std::vector<Job*>& batch) {
    if (batch.size() == 1) return RunAlone(*batch.front());
    Connection& c = *writer_;
    if (!c.ExecCached("BEGIN IMMEDIATE")) {
      for (Job* j : batch) RunAlone(*j);
      return;
    }
    SqliteTx tx(c);
    for (size_t i = 0; i < batch.size(); ++i) {
      Job& j = *batch[i];
      bool ok = static_cast<bool>(c.ExecCached("SAVEPOINT batch_job"));
      if (ok) {
        try {
          j.status = (*j.fn)(tx);
        } catch (...) {
          j.exception = std::current_exception();
        }
        const bool failed = !j.status || j.exception;
        // Some errors (a full disk, an interrupt) end the whole transaction: no savepoint left.
        if (sqlite3_get_autocommit(c.db())) {
          ok = false;
        } else if (failed) {
          ok = c.ExecCached("ROLLBACK TO batch_job") && c.ExecCached("RELEASE batch_job");
        } else {
          ok = static_cast<bool>(c.ExecCached("RELEASE batch_job"));
        }
      }
      if (!ok) {
        // The shared transaction is lost: everything in it runs again, alone.
        if (!sqlite3_get_autocommit(c.db())) (void)c.ExecCached("ROLLBACK");
        for (Job* r : batch) {
          r->status = {};
          r->exception = nullptr;
          RunAlone(*r);
        }
        return;
      }
    }
    if (!c.ExecCached("COMMIT")) {
      (void)c.ExecCached("ROLLBACK");
      for (Job* r : batch) {
        r->status = {};
        r->exception = nullptr;
        RunAlone(*r);
      }
    }
  }

  // Copies back what it can of the WAL without waiting for readers or the writer, and remembers
  // how far it got.
  void Checkpoint(sqlite3* via) {
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(via, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) ==
        SQLITE_OK)
      ckpt_frames_ = copied;
  }

  // Called by the writer after each commit with the WAL's length in frames.
  static int OnWal(void* self, sqlite3* writer, const char*, int frames) {
    auto* db = static_cast<SqliteDatabase*>(self);
    int done = db->ckpt_frames_.load();
    if (frames < done) db->ckpt_frames_ = done = 0;  // the WAL started over
    if (frames >= kMaxWalFrames) {
      db->Checkpoint(writer);
      return SQLITE_OK;
    }
    if (frames - done >= kCheckpointFrames) {
      {
        std::lock_guard lock(db->ckpt_mu_);
        db->ckpt_wanted_ = true;
      }
      db->ckpt_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void CheckpointLoop() {
    std::unique_lock lock(ckpt_mu_);
    while (!ckpt_stop_) {
      ckpt_cv_.wait(lock, [&] { return ckpt_stop_ || ckpt_wanted_; });
      if (ckpt_stop_) break;
      ckpt_wanted_ = false;
      lock.unlock();
      Checkpoint(checkpointer_->db());
      lock.lock();
    }
  }

  std::unique_ptr<Connection> writer_;
  std::mutex queue_mu_;
  std::vector<Job*> queue_;
  bool leading_ = false;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_readers_;

  std::unique_ptr<Connection> checkpointer_;
  std::thread ckpt_thread_;
  std::mutex ckpt_mu_;
  std::condition_variable ckpt_cv_;
  bool ckpt_wanted_ = false;
  bool ckpt_stop_ = false;
  // Frames of the WAL already copied back by the last checkpoint.
  std::atomic<int> ckpt_frames_{0};
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int readers) {
  // Process-wide settings, which SQLite takes only before its first use:
  // - no memory statistics: they cost a global mutex on every allocation and free;
  // - statement and savepoint journals stay in memory up to kJournalChunk (one allocation),
  //   then spill to a temporary file: a batched filing journals ~20 pages (80 KiB), a bulk
  //   import may journal thousands.
  static std::once_flag once;
  std::call_once(once, [] {
    constexpr int kJournalChunk = 256 * 1024;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kJournalChunk);
  });
  auto db = std::make_unique<SqliteDatabase>();
  LINLI_TRY(db->Open(path, readers < 1 ? 1 : readers));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace linli::storage
