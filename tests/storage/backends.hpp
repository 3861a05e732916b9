// Test support: the storage backends a test runs against, each able to create a fresh, empty
// database that is deleted again when the test ends. A test written once runs on every backend:
//
//   class MemberRepoTest : public linli::storage::testing::BackendTest {
//    protected:
//     void SetUp() override {
//       BackendTest::SetUp();
//       if (IsSkipped() || HasFatalFailure()) return;
//       ASSERT_TRUE(linli::storage::Migrate(db()));  // if the test needs the schema
//     }
//   };
//   TEST_P(MemberRepoTest, AddsAMember) { ... db() ... }
//   LINLI_INSTANTIATE_BACKEND_TEST(MemberRepoTest);
//
// which yields Backends/MemberRepoTest.AddsAMember/sqlite and .../postgres.
//
// SQLite always runs, on a file in a fresh temporary directory. PostgreSQL runs when the
// environment variable LINLI_TEST_PG_URL names a database on a server where that user may
// CREATE DATABASE (scripts/with-postgres.sh starts such a server); each test gets its own
// database `linli_t_...`, dropped afterwards. Without the variable the PostgreSQL cases are
// skipped with a message; with it but no reachable server they fail.
//
// Thread-safety: AllBackends() may be called from any thread; a ScratchDatabase is as
// thread-safe as the Database it holds.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace linli::storage::testing {

// A database that exists for one test. Destroying it closes the connections, then deletes the
// data (file or server-side database).
class ScratchDatabase {
 public:
  ScratchDatabase(std::unique_ptr<Database> db, std::string location, std::function<void()> drop)
      : db_(std::move(db)), location_(std::move(location)), drop_(std::move(drop)) {}
  ~ScratchDatabase() {
    db_.reset();
    if (drop_) drop_();
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  Database& db() const { return *db_; }
  // Where the data lives: the SQLite file path or the PostgreSQL URL.
  const std::string& location() const { return location_; }

 private:
  std::unique_ptr<Database> db_;
  std::string location_;
  std::function<void()> drop_;
};

struct Backend {
  std::string name;  // "sqlite" or "postgres"; the suffix of the test names
  Dialect dialect = Dialect::kSqlite;
  std::string skip_reason;  // non-empty when the backend is not available in this run
  // Creates a fresh, empty database (no migrations applied).
  std::function<Result<std::unique_ptr<ScratchDatabase>>()> create;
};

// Every backend, available or not, always in the same order (sqlite, postgres).
const std::vector<Backend>& AllBackends();

// For gtest's messages and test names.
inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }
inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

// Base fixture for tests parameterised over the backends: SetUp gives each test a fresh empty
// database, or skips the test when its backend is unavailable.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const Backend& backend = GetParam();
    if (!backend.skip_reason.empty()) GTEST_SKIP() << backend.skip_reason;
    auto scratch = backend.create();
    ASSERT_TRUE(scratch) << backend.name
                         << ": cannot create a test database: " << scratch.error().message;
    scratch_ = std::move(*scratch);
  }
  void TearDown() override { scratch_.reset(); }

  Database& db() { return scratch_->db(); }
  const ScratchDatabase& scratch() const { return *scratch_; }
  Dialect dialect() const { return GetParam().dialect; }

 private:
  std::unique_ptr<ScratchDatabase> scratch_;
};

// The value of a result, failing the test (and answering T{}) when it is an error.
template <class T>
T Ok(Result<T> r) {
  EXPECT_TRUE(r) << r.error().message;
  return r ? std::move(*r) : T{};
}
inline void Ok(const Status& st) { EXPECT_TRUE(st) << st.error().message; }

}  // namespace linli::storage::testing

// Instantiates a TEST_P suite deriving from BackendTest once per backend.
#define LINLI_INSTANTIATE_BACKEND_TEST(suite)                                             \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                               \
                           ::testing::ValuesIn(::linli::storage::testing::AllBackends()), \
                           ::linli::storage::testing::BackendName)
