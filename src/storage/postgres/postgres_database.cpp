// PostgreSQL adapter: a fixed-size pool of libpq connections. Each connection keeps its own
// cache of prepared statements, keyed by the shared-dialect SQL and the parameter types.
#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace linli::storage {
namespace {

constexpr Oid kInt8Oid = 20;  // INT8OID from catalog/pg_type.h
constexpr Oid kTextOid = 25;  // TEXTOID
constexpr Oid kInferOid = 0;  // let the server infer the type from the context
// Prepared statements kept per connection; past this the cache starts over.
constexpr size_t kMaxStatements = 1000;

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Rewrites the shared dialect's `?` placeholders as `$1..$n`. A `?` inside a string literal
// ('...', E'...'), a quoted identifier ("..."), a dollar-quoted string ($tag$...$tag$) or a
// comment is left alone. Sets `count` to the number of placeholders.
std::string TranslatePlaceholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  const size_t n = sql.size();
  size_t i = 0;
  while (i < n) {
    const char c = sql[i];
    if (c == '?') {
      out += '$';
      out += std::to_string(++count);
      ++i;
    } else if (c == '\'' || c == '"') {
      // E'...' strings take backslash escapes; '' (or "") inside is an escaped quote and the
      // loop handles it as the end of one literal followed by the start of the next.
      const bool backslash = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                             (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < n && sql[j] != c) j += (backslash && sql[j] == '\\') ? 2 : 1;
      j = std::min(j + 1, n);
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      j = j == std::string_view::npos ? n : j;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t j = sql.find("*/", i + 2);
      j = j == std::string_view::npos ? n : j + 2;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // $tag$ ... $tag$ (tag may be empty); `$1` is not a dollar quote.
      size_t j = i + 1;
      while (j < n && IsIdentChar(sql[j]) && !(sql[j] >= '0' && sql[j] <= '9' && j == i + 1)) ++j;
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        size_t end = sql.find(tag, j + 1);
        end = end == std::string_view::npos ? n : end + tag.size();
        out.append(sql.substr(i, end - i));
        i = end;
      } else {
        out += c;
        ++i;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// Maps a failed result (or, with res == nullptr, a failed call) to an Error. `sql`, if given,
// is quoted in messages of unexpected errors to help find the statement.
Error MakePgError(PGconn* conn, const PGresult* res, std::string_view what,
                  std::string_view sql = {}) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message;
  if (const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    message = primary;
  } else {
    message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    if (message.empty()) message = "unknown error";
  }

  ErrorCode code = ErrorCode::kInternal;
  if (sqlstate == "23505") {
    code = ErrorCode::kAlreadyExists;
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    code = ErrorCode::kAborted;
  } else if (sqlstate == "23503") {
    code = ErrorCode::kFailedPrecondition;
  } else if (sqlstate.rfind("08", 0) == 0 || PQstatus(conn) != CONNECTION_OK) {
    code = ErrorCode::kUnavailable;  // connection exception: the server went away
  }
  if (code == ErrorCode::kInternal && res) {
    if (const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
      message += " (";
      message += detail;
      message += ")";
    }
  }
  std::string full = "postgres: ";
  full += what;
  full += ": ";
  full += message;
  if (!sqlstate.empty()) full += " [SQLSTATE " + sqlstate + "]";
  if (code == ErrorCode::kInternal && !sql.empty()) {
    constexpr size_t kMaxQuoted = 300;
    full += " in: ";
    full += sql.substr(0, kMaxQuoted);
    if (sql.size() > kMaxQuoted) full += "...";
  }
  return Error{code, std::move(full), {}, {}};
}

// Owns a PGresult.
struct ResultPtr {
  PGresult* res = nullptr;
  explicit ResultPtr(PGresult* r) : res(r) {}
  ResultPtr(ResultPtr&& o) noexcept : res(std::exchange(o.res, nullptr)) {}
  ResultPtr& operator=(ResultPtr&& o) noexcept {
    if (this != &o) {
      PQclear(res);
      res = std::exchange(o.res, nullptr);
    }
    return *this;
  }
  ~ResultPtr() { PQclear(res); }
  bool Ok() const {
    const ExecStatusType st = PQresultStatus(res);
    return res && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY);
  }
};

void IgnoreNotice(void*, const char*) {}

// One server session and its prepared statements. Used by one thread at a time (the pool hands
// it out exclusively).
class Connection {
 public:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects and applies the session settings.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conninfo) {
    auto c = std::make_unique<Connection>(PQconnectdb(conninfo.c_str()));
    if (!c->conn_) return MakeError(ErrorCode::kUnavailable, "postgres: out of memory");
    if (PQstatus(c->conn_) != CONNECTION_OK) {
      return MakeError(ErrorCode::kUnavailable,
                       "postgres: cannot connect: " + Trimmed(PQerrorMessage(c->conn_)));
    }
    LINLI_TRY(c->InitSession());
    return c;
  }

  PGconn* raw() { return conn_; }
  bool Healthy() const {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

  // Reconnects with the same parameters; the prepared statements are gone with the session.
  Status Reset() {
    statements_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return MakeError(ErrorCode::kUnavailable,
                       "postgres: cannot reconnect: " + Trimmed(PQerrorMessage(conn_)));
    }
    return InitSession();
  }

  // Runs a command without parameters (one or several statements) outside the statement cache.
  Result<ResultPtr> Simple(const char* sql, std::string_view what) {
    ResultPtr res(PQexec(conn_, sql));
    if (!res.Ok()) return tl::unexpected(MakePgError(conn_, res.res, what, sql));
    return res;
  }

  // Runs `sql` (shared dialect) with `params` as a prepared statement.
  Result<ResultPtr> Prepared(std::string_view sql, const Params& params) {
    // The key carries the parameter types: the same SQL bound once with an integer and once
    // with a string or NULL gets two statements, so the server never mistypes a later call.
    std::string key(sql);
    key += '\0';
    std::vector<Oid> types(params.size(), kInferOid);
    for (size_t i = 0; i < params.size(); ++i) {
      const bool is_int = std::holds_alternative<std::int64_t>(params[i]);
      types[i] = is_int ? kInt8Oid : kInferOid;
      key += is_int ? 'i' : 'u';
    }

    auto it = statements_.find(key);
    if (it == statements_.end()) {
      if (statements_.size() >= kMaxStatements) {
        // Generated SQL (say, IN lists of varying length) must not grow the cache for ever.
        LINLI_TRY(Simple("DEALLOCATE ALL", "prepare"));
        statements_.clear();
      }
      int count = 0;
      const std::string translated = TranslatePlaceholders(sql, count);
      if (count != static_cast<int>(params.size())) {
        return Internal("postgres: statement has " + std::to_string(count) + " placeholders but " +
                        std::to_string(params.size()) +
                        " parameters were bound: " + std::string(sql));
      }
      std::string name = "linli_" + std::to_string(next_statement_++);
      LINLI_TRY(Prepare(name, translated, sql, types));
      it = statements_.emplace(std::move(key), std::move(name)).first;
    }

    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
        text[i] = std::to_string(*v);
        values[i] = text[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      }
    }
    ResultPtr res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, /*resultFormat=*/0));
    if (!res.Ok()) return tl::unexpected(MakePgError(conn_, res.res, "query", sql));
    return res;
  }

 private:
  static std::string Trimmed(const char* s) {
    std::string out = s ? s : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

  // Prepares `translated` as `name`. A parameter the server cannot type from its context (a NULL
  // or string in `? IS NULL`, `SELECT ?`) fails with 42P18; that statement is then prepared
  // again with such parameters typed text, inside a savepoint so the transaction survives.
  Status Prepare(const std::string& name, const std::string& translated, std::string_view sql,
                 std::vector<Oid> types) {
    const bool inferred = std::find(types.begin(), types.end(), kInferOid) != types.end();
    if (!inferred) {
      ResultPtr res(PQprepare(conn_, name.c_str(), translated.c_str(),
                              static_cast<int>(types.size()), types.data()));
      if (!res.Ok()) return tl::unexpected(MakePgError(conn_, res.res, "prepare", sql));
      return {};
    }
    LINLI_TRY(Simple("SAVEPOINT linli_prepare", "prepare"));
    ResultPtr res(PQprepare(conn_, name.c_str(), translated.c_str(), static_cast<int>(types.size()),
                            types.data()));
    if (!res.Ok()) {
      Error error = MakePgError(conn_, res.res, "prepare", sql);
      const char* state = PQresultErrorField(res.res, PG_DIAG_SQLSTATE);
      LINLI_TRY(Simple("ROLLBACK TO SAVEPOINT linli_prepare", "prepare"));
      if (!state || std::string_view(state) != "42P18") return tl::unexpected(std::move(error));
      std::replace(types.begin(), types.end(), kInferOid, kTextOid);
      res = ResultPtr(PQprepare(conn_, name.c_str(), translated.c_str(),
                                static_cast<int>(types.size()), types.data()));
      if (!res.Ok()) {
        LINLI_TRY(Simple("ROLLBACK TO SAVEPOINT linli_prepare", "prepare"));
        return tl::unexpected(std::move(error));
      }
    }
    LINLI_TRY(Simple("RELEASE SAVEPOINT linli_prepare", "prepare"));
    return {};
  }

  Status InitSession() {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    if (PQsetClientEncoding(conn_, "UTF8") != 0) {
      return MakeError(ErrorCode::kUnavailable,
                       "postgres: cannot set client_encoding: " + Trimmed(PQerrorMessage(conn_)));
    }
    auto res = Simple("SET TimeZone TO 'UTC'", "session setup");
    if (!res) return tl::unexpected(res.error());
    return {};
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // key -> statement name
  std::uint64_t next_statement_ = 1;
};

Rows ToRows(const PGresult* res) {
  const int nrows = PQntuples(res);
  const int ncols = PQnfields(res);
  Rows rows;
  rows.reserve(nrows);
  for (int r = 0; r < nrows; ++r) {
    std::vector<std::optional<std::string>> cols;
    cols.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(res, r, c)) {
        cols.emplace_back(std::nullopt);
      } else {
        cols.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
      }
    }
    rows.emplace_back(std::move(cols));
  }
  return rows;
}

std::int64_t ChangedRows(const PGresult* res) {
  const char* s = PQcmdTuples(const_cast<PGresult*>(res));
  std::int64_t n = 0;
  if (s && *s) std::from_chars(s, s + std::strlen(s), n);
  return n;
}

// A transaction on one pooled connection. Remembers the first error: after a server-side error
// PostgreSQL rejects every statement until ROLLBACK, and Run reports that first error.
class PgTx final : public Tx {
 public:
  explicit PgTx(Connection& conn) : conn_(conn) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto res = conn_.Prepared(sql, params);
    if (!res) return Fail(res.error());
    return ToRows(res->res);
  }

  Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
    if (params.empty()) {
      // Possibly a script of several statements (a migration): the simple protocol runs them
      // all; the count is that of the last one.
      const std::string text(sql);
      auto res = conn_.Simple(text.c_str(), "exec");
      if (!res) return Fail(res.error());
      return ChangedRows(res->res);
    }
    auto res = conn_.Prepared(sql, params);
    if (!res) return Fail(res.error());
    return ChangedRows(res->res);
  }

  const std::optional<Error>& first_error() const { return first_error_; }

 private:
  tl::unexpected<Error> Fail(Error e) {
    if (!first_error_) first_error_ = e;
    return tl::unexpected(std::move(e));
  }

  Connection& conn_;
  std::optional<Error> first_error_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, int pool_size)
      : conninfo_(std::move(conninfo)), pool_size_(std::max(1, pool_size)) {}

  // Callers must have finished every transaction.
  ~PostgresDatabase() override = default;

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status RunRead(const std::function<Status(Tx&)>& fn) override {
    // REPEATABLE READ gives the whole read one snapshot; read-only transactions never fail
    // to serialize.
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }
  Status RunWrite(const std::function<Status(Tx&)>& fn) override {
    return Run("BEGIN", fn);  // READ COMMITTED, the server's default
  }

  // Opens the first connection so that a bad URL fails at once; the rest open on demand.
  Status Start() {
    auto conn = Connection::Open(conninfo_);
    if (!conn) return tl::unexpected(conn.error());
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(*conn));
    open_ = 1;
    return {};
  }

 private:
  // Hands a connection back to the pool when the transaction is over.
  class Lease {
   public:
    Lease(PostgresDatabase& db, std::unique_ptr<Connection> conn)
        : db_(db), conn_(std::move(conn)) {}
    ~Lease() { db_.Release(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    PostgresDatabase& db_;
    std::unique_ptr<Connection> conn_;
  };

  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (PQstatus(conn->raw()) != CONNECTION_OK) {
        if (auto st = conn->Reset(); !st) {
          Forget();
          return tl::unexpected(st.error());
        }
      }
      return conn;
    }
    ++open_;
    lock.unlock();
    auto conn = Connection::Open(conninfo_);
    if (!conn) Forget();
    return conn;
  }

  // Returns a connection to the pool; one left in a bad state is closed instead and its slot
  // freed, so the next Acquire opens a new one.
  void Release(std::unique_ptr<Connection> conn) {
    if (!conn) return;
    if (!conn->Healthy()) {
      conn.reset();
      Forget();
      return;
    }
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  // Frees the slot of a connection that was closed or never opened.
  void Forget() {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
  }

  Status Run(const char* begin, const std::function<Status(Tx&)>& fn) {
    auto acquired = Acquire();
    if (!acquired) return tl::unexpected(acquired.error());
    Lease conn(*this, std::move(*acquired));

    auto began = conn->Simple(begin, "begin");
    if (!began && PQstatus(conn->raw()) != CONNECTION_OK) {
      // The server dropped an idle connection (restart, timeout): nothing ran yet, so
      // reconnect once and retry.
      LINLI_TRY(conn->Reset());
      began = conn->Simple(begin, "begin");
    }
    if (!began) return tl::unexpected(began.error());

    PgTx tx(*conn);
    Status st;
    try {
      st = fn(tx);
    } catch (...) {
      (void)conn->Simple("ROLLBACK", "rollback");
      throw;
    }
    if (!st) {
      (void)conn->Simple("ROLLBACK", "rollback");
      return st;
    }
    if (PQtransactionStatus(conn->raw()) == PQTRANS_INERROR) {
      // fn went on after an error, but the server has already aborted the transaction.
      (void)conn->Simple("ROLLBACK", "rollback");
      Error e = tx.first_error()
                    ? *tx.first_error()
                    : Error{ErrorCode::kInternal, "postgres: transaction aborted", {}, {}};
      e.message = "transaction rolled back after an earlier error: " + e.message;
      return tl::unexpected(std::move(e));
    }
    auto committed = conn->Simple("COMMIT", "commit");
    if (!committed) {
      if (PQtransactionStatus(conn->raw()) != PQTRANS_IDLE) {
        (void)conn->Simple("ROLLBACK", "rollback");
      }
      return tl::unexpected(committed.error());
    }
    return {};
  }

  const std::string conninfo_;
  const int pool_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                   // connections in existence; guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo, int pool_size) {
  auto db = std::make_unique<PostgresDatabase>(conninfo, pool_size);
  LINLI_TRY(db->Start());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace linli::storage
