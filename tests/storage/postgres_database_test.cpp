// Tests of what is particular to the PostgreSQL adapter: placeholder translation, the statement
// cache, parameter typing, the connection pool. Skipped without LINLI_TEST_PG_URL.
#include "storage/postgres/postgres_database.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "storage/database.hpp"

namespace linli::storage {
namespace {

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const testing::Backend& pg = testing::AllBackends().at(1);
    ASSERT_EQ(pg.name, "postgres");
    if (!pg.skip_reason.empty()) GTEST_SKIP() << pg.skip_reason;
    auto scratch = pg.create();
    ASSERT_TRUE(scratch) << scratch.error().message;
    scratch_ = std::move(*scratch);
  }

  Database& db() { return scratch_->db(); }

  std::unique_ptr<testing::ScratchDatabase> scratch_;
};

TEST_F(PostgresDatabaseTest, PlaceholdersInQuotesAndCommentsAreLeftAlone) {
  auto row2 = db().Read([](Tx& tx) {
    return tx.QueryOne(
        "SELECT ?::text AS a, $$dollar ? quoted$$, $tag$tagged ? $tag$, E'esc\\' ?',"
        " \"q?\".x, ? /* ? */ -- tail ?\n FROM (SELECT 5 AS x) AS \"q?\"",
        {"a", std::int64_t{2}});
  });
  ASSERT_TRUE(row2) << row2.error().message;
  ASSERT_TRUE(row2->has_value());
  const Row& r = **row2;
  EXPECT_EQ(r.Text(0), "a");
  EXPECT_EQ(r.Text(1), "dollar ? quoted");
  EXPECT_EQ(r.Text(2), "tagged ? ");
  EXPECT_EQ(r.Text(3), "esc' ?");
  EXPECT_EQ(r.Int(4), 5);
  EXPECT_EQ(r.Int(5), 2);
}

TEST_F(PostgresDatabaseTest, WrongParameterCountIsAnError) {
  auto rows = db().Read([](Tx& tx) { return tx.Query("SELECT ?, ?", {std::int64_t{1}}); });
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kInternal);
  EXPECT_NE(rows.error().message.find("2 placeholders but 1"), std::string::npos)
      << rows.error().message;
}

TEST_F(PostgresDatabaseTest, SameStatementWithDifferentParameterKinds) {
  ASSERT_TRUE(db().Write(
      [](Tx& tx) { return tx.Exec("CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT, s TEXT)"); }));
  // One SQL text, bound with an integer, a NULL and a numeric string in turn: each binding
  // must be typed right although the statement is cached per connection.
  const char* kInsert = "INSERT INTO t (id, n, s) VALUES (?, ?, ?)";
  auto st = db().RunWrite([&](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec(kInsert, {1, std::int64_t{10}, "x"}));
    LINLI_TRY(tx.Exec(kInsert, {2, nullptr, nullptr}));
    LINLI_TRY(tx.Exec(kInsert, {3, std::string("30"), std::string("y")}));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  auto rows = db().Read([](Tx& tx) { return tx.Query("SELECT n, s FROM t ORDER BY id"); });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].Int(0), 10);
  EXPECT_TRUE((*rows)[1].IsNull(0));
  EXPECT_TRUE((*rows)[1].IsNull(1));
  EXPECT_EQ((*rows)[2].Int(0), 30);
}

TEST_F(PostgresDatabaseTest, UntypedParameterInIsNullWorks) {
  // `? IS NULL` gives the server no type for the parameter; the adapter retries it as text
  // without aborting the transaction.
  ASSERT_TRUE(db().Write([](Tx& tx) {
    return tx.Exec(
        "CREATE TABLE t (id BIGINT PRIMARY KEY, org TEXT); "
        "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
  }));
  auto count = [&](Value v) {
    return db().Read([&](Tx& tx) -> Result<std::int64_t> {
      auto rows = tx.Query("SELECT COUNT(*) FROM t WHERE (? IS NULL OR org = ?)", {v, v});
      if (!rows) return tl::unexpected(rows.error());
      // The transaction is still usable afterwards.
      LINLI_TRY(tx.Query("SELECT 1"));
      return rows->at(0).Int(0);
    });
  };
  auto all = count(nullptr);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(*all, 3);
  auto some = count(std::string("a"));
  ASSERT_TRUE(some) << some.error().message;
  EXPECT_EQ(*some, 1);

  auto selected = db().Read([](Tx& tx) { return tx.QueryOne("SELECT ?", {nullptr}); });
  ASSERT_TRUE(selected) << selected.error().message;
  EXPECT_TRUE((*selected)->IsNull(0));
}

TEST_F(PostgresDatabaseTest, ManyDistinctStatementsStayUsable) {
  // More distinct statements than the per-connection cache keeps.
  auto st = db().RunRead([](Tx& tx) -> Status {
    for (int round = 0; round < 2; ++round) {
      for (int i = 0; i < 1100; ++i) {
        auto row = tx.QueryOne("SELECT ? + " + std::to_string(i), {std::int64_t{1}});
        if (!row) return tl::unexpected(row.error());
        EXPECT_EQ((*row)->Int(0), i + 1);
      }
    }
    return {};
  });
  EXPECT_TRUE(st) << st.error().message;
}

TEST_F(PostgresDatabaseTest, ReadTransactionsAreReadOnly) {
  ASSERT_TRUE(db().Write([](Tx& tx) { return tx.Exec("CREATE TABLE t (id BIGINT)"); }));
  auto st = db().Read([](Tx& tx) { return tx.Exec("INSERT INTO t VALUES (?)", {1}); });
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("25006"), std::string::npos) << st.error().message;
}

TEST_F(PostgresDatabaseTest, SwallowedErrorStillRollsBack) {
  ASSERT_TRUE(db().Write([](Tx& tx) { return tx.Exec("CREATE TABLE t (id BIGINT PRIMARY KEY)"); }));
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("INSERT INTO t VALUES (?)", {1}));
    (void)tx.Exec("INSERT INTO t VALUES (?)", {1});  // error ignored
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kAlreadyExists) << st.error().message;
  auto n = db().Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM t"); });
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->Int(0), 0);
}

TEST_F(PostgresDatabaseTest, SessionIsUtcAndUtf8) {
  auto row = db().Read([](Tx& tx) {
    return tx.QueryOne("SELECT current_setting('TimeZone'), current_setting('client_encoding')");
  });
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->Text(0), "UTC");
  EXPECT_EQ((*row)->Text(1), "UTF8");
}

TEST_F(PostgresDatabaseTest, ReplacesConnectionsTheServerClosed) {
  ASSERT_TRUE(db().Write([](Tx& tx) { return tx.Exec("CREATE TABLE t (id BIGINT)"); }));
  // Open several pooled connections and warm their statement caches.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto st =
          db().Read([](Tx& tx) { return tx.Query("SELECT pg_sleep(0.05), COUNT(*) FROM t"); });
      EXPECT_TRUE(st) << st.error().message;
    });
  }
  for (auto& t : threads) t.join();

  // Kill every other session on this database from a fresh connection of the same pool.
  auto killed = db().Read([](Tx& tx) {
    return tx.Query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  });
  ASSERT_TRUE(killed) << killed.error().message;
  EXPECT_GE(killed->size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  // Every later transaction works: dead connections are noticed at BEGIN and reopened.
  for (int i = 0; i < 12; ++i) {
    auto st = db().Write([&](Tx& tx) { return tx.Exec("INSERT INTO t VALUES (?)", {i}); });
    ASSERT_TRUE(st) << "round " << i << ": " << st.error().message;
  }
  auto n = db().Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM t"); });
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->Int(0), 12);
}

TEST(PostgresOpenTest, UnreachableServerIsUnavailable) {
  auto db = OpenPostgres("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 2);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find("cannot connect"), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace linli::storage
