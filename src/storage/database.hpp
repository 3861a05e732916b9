// The storage port: a small SQL interface that both adapters (SQLite, PostgreSQL) implement.
// Repositories in src/storage/*.cpp are written once against it; each adapter keeps its own
// schema files (migrations/<backend>/) and translates the shared dialect:
//   - parameters are written `?` and numbered `$1..$n` by the PostgreSQL adapter;
//   - timestamps are integer Unix seconds (UTC), booleans integer 0/1, money integer fen,
//     areas integer hundredths of m², on both backends;
//   - `INSERT ... RETURNING id` and `ON CONFLICT` are used as both support them;
//   - where the dialects truly differ a repository asks Tx::dialect().
// Thread-safety: Database is thread-safe; a Tx belongs to the thread that was handed it.
#pragma once

#include <charconv>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace linli::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Value>;

inline Value OptionalText(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value OptionalInt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

// One result row. Columns arrive as text (PostgreSQL) or as integers and text (SQLite) and are
// converted on access.
class Row {
 public:
  struct Cell {
    enum class Type : unsigned char { kNull, kInt, kText } type = Type::kNull;
    std::int64_t i = 0;
    mutable std::string s;  // the text, or an integer's text once asked for
  };
  explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}
  explicit Row(std::vector<std::optional<std::string>> cols) {
    cells_.resize(cols.size());
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i]) {
        cells_[i].type = Cell::Type::kText;
        cells_[i].s = std::move(*cols[i]);
      }
  }
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return cells_.at(i).type == Cell::Type::kNull; }
  const std::string& Text(size_t i) const {
    const Cell& c = cells_.at(i);
    if (c.type == Cell::Type::kInt && c.s.empty()) c.s = std::to_string(c.i);
    return c.s;
  }
  std::int64_t Int(size_t i) const {
    const Cell& c = cells_.at(i);
    if (c.type == Cell::Type::kInt) return c.i;
    std::int64_t v = 0;
    if (c.type == Cell::Type::kText) std::from_chars(c.s.data(), c.s.data() + c.s.size(), v);
    return v;
  }
  bool Bool(size_t i) const {
    const Cell& c = cells_.at(i);
    if (c.type == Cell::Type::kInt) return c.i != 0;
    return c.type == Cell::Type::kText && (c.s == "1" || c.s == "t" || c.s == "true");
  }
  std::optional<std::string> OptText(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
  }
  std::optional<std::int64_t> OptInt(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
  }

 private:
  std::vector<Cell> cells_;
};

using Rows = std::vector<Row>;

// A connection inside an open transaction. SQL errors come back as Error values: a unique
// violation as kAlreadyExists, a serialization failure or deadlock as kAborted, anything else
// as kInternal.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;

  // The first row, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {}) {
    auto rows = Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<Row>();
    return std::optional<Row>(std::move(rows->front()));
  }
  // For `INSERT ... RETURNING id`. An adapter may run it another way with the same result.
  virtual Result<std::int64_t> InsertReturningId(std::string_view sql, const Params& params = {}) {
    auto rows = Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return Internal("insert returned no id");
    return rows->front().Int(0);
  }
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs `fn` in a transaction. A read transaction may run concurrently with others; a write
  // transaction commits when `fn` succeeds and rolls back when it returns an error, so nothing
  // is half-written. The caller gets its answer only after the commit.
  virtual Status RunRead(const std::function<Status(Tx&)>& fn) = 0;
  virtual Status RunWrite(const std::function<Status(Tx&)>& fn) = 0;

  template <class F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(false, std::forward<F>(fn));
  }
  template <class F>
  auto Write(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(true, std::forward<F>(fn));
  }

 private:
  template <class F>
  auto Run(bool write, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    std::optional<R> out;
    auto body = [&](Tx& tx) -> Status {
      out.emplace(fn(tx));
      if (!*out) return tl::unexpected(out->error());
      return {};
    };
    Status st = write ? RunWrite(body) : RunRead(body);
    if (!st) {
      // An error from fn is already in `out`; a commit failure replaces a success.
      if (!out || *out) return tl::unexpected(st.error());
    }
    return std::move(*out);
  }
};

// Opens a database from a URL: "sqlite:PATH" or "postgresql://...". Applies no migrations.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url);

// Applies every pending forward-only migration of the backend; returns how many ran.
Result<int> Migrate(Database& db);
// The newest migration version the binary knows and the one the database is at.
Result<std::pair<int, int>> MigrationStatus(Database& db);

}  // namespace linli::storage
