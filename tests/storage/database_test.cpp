// Tests of the storage port (Database, Tx) itself, run once per backend: what every adapter must
// do the same way so that repositories can be written once.
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;

class DatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The one place the two dialects differ here: an auto-assigned id column.
    const std::string id = dialect() == Dialect::kPostgres
                               ? "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                               : "id INTEGER PRIMARY KEY AUTOINCREMENT";
    auto st = db().RunWrite([&](Tx& tx) -> Status {
      LINLI_TRY(tx.Exec("CREATE TABLE items (" + id +
                        ", name TEXT NOT NULL UNIQUE, qty BIGINT, note TEXT)"));
      LINLI_TRY(tx.Exec("CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)"));
      return {};
    });
    ASSERT_TRUE(st) << st.error().message;
  }

  // Inserts an item in its own write transaction; returns its id.
  Result<std::int64_t> AddItem(const std::string& name, Value qty = nullptr, Value note = nullptr) {
    return db().Write([&](Tx& tx) {
      return tx.InsertReturningId(
          "INSERT INTO items (name, qty, note) VALUES (?, ?, ?) RETURNING id", {name, qty, note});
    });
  }

  std::int64_t CountItems() {
    auto n = db().Read([](Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM items"));
      return row->Int(0);
    });
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
  }
};

TEST_P(DatabaseTest, ReportsItsDialect) {
  EXPECT_EQ(db().dialect(), dialect());
  auto st = db().RunRead([&](Tx& tx) -> Status {
    EXPECT_EQ(tx.dialect(), dialect());
    return {};
  });
  EXPECT_TRUE(st);
}

TEST_P(DatabaseTest, InsertReturningIdGivesDistinctIds) {
  auto a = AddItem("alpha", std::int64_t{1});
  auto b = AddItem("beta", std::int64_t{2});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_GT(*a, 0);
  EXPECT_GT(*b, *a);

  auto name = db().Read([&](Tx& tx) -> Result<std::string> {
    LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name, qty FROM items WHERE id = ?", {*b}));
    if (!row) return NotFound("no row");
    EXPECT_EQ(row->Int(1), 2);
    return row->Text(0);
  });
  ASSERT_TRUE(name) << name.error().message;
  EXPECT_EQ(*name, "beta");
}

// The SQLite adapter answers a plain `INSERT ... RETURNING id` from the connection's last rowid:
// the id is the row's, also for the second insert of a transaction; an upsert that inserts
// nothing still returns no id.
TEST_P(DatabaseTest, InsertReturningIdIsTheInsertedRowsId) {
  auto ids = db().Write([&](Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
    LINLI_ASSIGN_OR_RETURN(
        auto a, tx.InsertReturningId("INSERT INTO items (name) VALUES (?) RETURNING id", {"one"}));
    LINLI_ASSIGN_OR_RETURN(
        auto b, tx.InsertReturningId("INSERT INTO items (name) VALUES (?) RETURNING id", {"two"}));
    return std::make_pair(a, b);
  });
  ASSERT_TRUE(ids) << ids.error().message;
  auto found = db().Read([&](Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
    LINLI_ASSIGN_OR_RETURN(auto a, tx.QueryOne("SELECT id FROM items WHERE name = 'one'"));
    LINLI_ASSIGN_OR_RETURN(auto b, tx.QueryOne("SELECT id FROM items WHERE name = 'two'"));
    return std::make_pair(a->Int(0), b->Int(0));
  });
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*ids, *found);

  auto none = db().Write([&](Tx& tx) {
    return tx.InsertReturningId(
        "INSERT INTO items (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id", {"one"});
  });
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInternal);
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(DatabaseTest, QueryOneOnNoRowsIsNullopt) {
  auto row =
      db().Read([](Tx& tx) { return tx.QueryOne("SELECT id FROM items WHERE id = ?", {42}); });
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_FALSE(row->has_value());
}

TEST_P(DatabaseTest, NullRoundTrips) {
  auto id = AddItem("empty", OptionalInt(std::nullopt), OptionalText(std::nullopt));
  ASSERT_TRUE(id) << id.error().message;

  auto st = db().RunRead([&](Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto row,
                           tx.QueryOne("SELECT qty, note FROM items WHERE id = ?", {*id}));
    EXPECT_TRUE(row.has_value());
    if (!row) return {};
    EXPECT_TRUE(row->IsNull(0));
    EXPECT_TRUE(row->IsNull(1));
    EXPECT_EQ(row->OptInt(0), std::nullopt);
    EXPECT_EQ(row->OptText(1), std::nullopt);
    EXPECT_EQ(row->Text(1), "");
    LINLI_ASSIGN_OR_RETURN(auto count,
                           tx.QueryOne("SELECT COUNT(*) FROM items WHERE note IS NULL"));
    EXPECT_EQ(count->Int(0), 1);
    return {};
  });
  EXPECT_TRUE(st) << st.error().message;

  // A NULL can be written over a value, and a value over a NULL.
  auto changed = db().Write([&](Tx& tx) {
    return tx.Exec("UPDATE items SET note = ?, qty = ? WHERE id = ?", {"now set", nullptr, *id});
  });
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, 1);
  auto row = db().Read(
      [&](Tx& tx) { return tx.QueryOne("SELECT note, qty FROM items WHERE id = ?", {*id}); });
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->OptText(0), "now set");
  EXPECT_TRUE((*row)->IsNull(1));
}

TEST_P(DatabaseTest, IntegersKeepAll64Bits) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();
  auto a = AddItem("big", big);
  auto b = AddItem("small", small);
  auto c = AddItem("odd", std::int64_t{9007199254740993});  // not representable as a double
  ASSERT_TRUE(a && b && c);
  auto rows = db().Read([](Tx& tx) { return tx.Query("SELECT qty FROM items ORDER BY id"); });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].Int(0), big);
  EXPECT_EQ((*rows)[1].Int(0), small);
  EXPECT_EQ((*rows)[2].Int(0), 9007199254740993);
  // An integer parameter compares with an integer column.
  auto found =
      db().Read([&](Tx& tx) { return tx.QueryOne("SELECT name FROM items WHERE qty = ?", {big}); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->Text(0), "big");
}

TEST_P(DatabaseTest, UnicodeTextRoundTrips) {
  const std::string text = "邻里议事 · naïve café — Ελληνικά ✓ 😀 \"quoted\" 'single' \\ back";
  auto id = AddItem(text, nullptr, std::string("备注：二楼 ⟨2⟩"));
  ASSERT_TRUE(id) << id.error().message;

  auto row = db().Read([&](Tx& tx) {
    return tx.QueryOne("SELECT id, name, note FROM items WHERE name = ?", {text});
  });
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Int(0), *id);
  EXPECT_EQ((*row)->Text(1), text);
  EXPECT_EQ((*row)->Text(2), "备注：二楼 ⟨2⟩");
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExists) {
  ASSERT_TRUE(AddItem("dup"));
  auto again = AddItem("dup");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists) << again.error().message;
  EXPECT_EQ(CountItems(), 1);

  // The same through Exec and RunWrite.
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"dup"}));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kAlreadyExists) << st.error().message;
}

TEST_P(DatabaseTest, PrimaryKeyViolationIsAlreadyExists) {
  auto insert = [&] {
    return db().Write([](Tx& tx) {
      return tx.Exec("INSERT INTO counters (id, n) VALUES (?, ?)", {7, 0});
    });
  };
  ASSERT_TRUE(insert());
  auto again = insert();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists) << again.error().message;
}

TEST_P(DatabaseTest, ForeignKeyViolationIsFailedPrecondition) {
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("CREATE TABLE parent (id BIGINT PRIMARY KEY)"));
    LINLI_TRY(
        tx.Exec("CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES "
                "parent (id))"));
    LINLI_TRY(tx.Exec("INSERT INTO parent (id) VALUES (?)", {1}));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  auto ok = db().Write([](Tx& tx) {
    return tx.Exec("INSERT INTO child (id, parent_id) VALUES (?, ?)", {1, 1});
  });
  EXPECT_TRUE(ok) << ok.error().message;
  auto orphan = db().Write([](Tx& tx) {
    return tx.Exec("INSERT INTO child (id, parent_id) VALUES (?, ?)", {2, 99});
  });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kFailedPrecondition) << orphan.error().message;
  auto in_use = db().Write([](Tx& tx) { return tx.Exec("DELETE FROM parent WHERE id = ?", {1}); });
  ASSERT_FALSE(in_use);
  EXPECT_EQ(in_use.error().code, ErrorCode::kFailedPrecondition) << in_use.error().message;
}

TEST_P(DatabaseTest, ErrorFromTheBodyRollsEverythingBack) {
  ASSERT_TRUE(AddItem("kept"));
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"gone 1"}));
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"gone 2"}));
    LINLI_TRY(tx.Exec("UPDATE items SET note = ? WHERE name = ?", {"changed", "kept"}));
    return FailedPrecondition("stop here", "field");
  });
  ASSERT_FALSE(st);
  // The body's own error comes back unchanged.
  EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.error().message, "stop here");
  EXPECT_EQ(st.error().field, "field");
  EXPECT_EQ(CountItems(), 1);
  auto note = db().Read([](Tx& tx) { return tx.QueryOne("SELECT note FROM items"); });
  ASSERT_TRUE(note && *note);
  EXPECT_TRUE((*note)->IsNull(0));

  // A typed Write returns the body's error as well, and also writes nothing.
  auto typed = db().Write([](Tx& tx) -> Result<std::int64_t> {
    LINLI_ASSIGN_OR_RETURN(
        auto id, tx.InsertReturningId("INSERT INTO items (name) VALUES (?) RETURNING id", {"x"}));
    (void)id;
    return InvalidArgument("no");
  });
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(DatabaseTest, FailedStatementRollsBackTheTransaction) {
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"first"}));
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"first"}));  // unique violation
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(DatabaseTest, ExceptionRollsBackAndPropagates) {
  // More rounds than any pool has connections: a connection lost per throw would hang here.
  for (int i = 0; i < 12; ++i) {
    EXPECT_THROW(db().RunWrite([](Tx& tx) -> Status {
      LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"thrown"}));
      throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_THROW(db().RunRead([](Tx& tx) -> Status {
      LINLI_TRY(tx.Query("SELECT COUNT(*) FROM items"));
      throw std::runtime_error("boom");
    }),
                 std::runtime_error);
  }
  EXPECT_EQ(CountItems(), 0);
  EXPECT_TRUE(AddItem("thrown"));
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(DatabaseTest, SqlErrorIsAValueNotAnException) {
  auto rows = db().Read([](Tx& tx) { return tx.Query("SELECT no_such_column FROM items"); });
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(rows.error().message.empty());
  EXPECT_TRUE(AddItem("still works"));
}

TEST_P(DatabaseTest, ExecWithoutParamsRunsAScript) {
  auto st = db().RunWrite([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec(R"sql(
      -- a migration-like script: several statements, comments, a literal with ; and ?
      CREATE TABLE a (v BIGINT NOT NULL);
      CREATE TABLE b (s TEXT NOT NULL);
      INSERT INTO a (v) VALUES (1);
      INSERT INTO a (v) VALUES (2);
      /* block comment; with a semicolon */
      INSERT INTO b (s) VALUES ('one; two? three');
      CREATE INDEX a_v ON a (v);
    )sql"));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;

  auto st2 = db().RunRead([](Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto sum, tx.QueryOne("SELECT SUM(v), COUNT(*) FROM a"));
    EXPECT_EQ(sum->Int(0), 3);
    EXPECT_EQ(sum->Int(1), 2);
    LINLI_ASSIGN_OR_RETURN(auto s, tx.QueryOne("SELECT s FROM b"));
    EXPECT_EQ(s->Text(0), "one; two? three");
    return {};
  });
  EXPECT_TRUE(st2) << st2.error().message;
}

TEST_P(DatabaseTest, ExecReturnsRowsChanged) {
  for (const char* name : {"a", "b", "c"}) ASSERT_TRUE(AddItem(name, std::int64_t{1}));
  auto changed = db().Write([](Tx& tx) {
    return tx.Exec("UPDATE items SET qty = qty + ? WHERE name <> ?", {std::int64_t{5}, "b"});
  });
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, 2);
  auto none = db().Write([](Tx& tx) { return tx.Exec("DELETE FROM items WHERE name = ?", {"z"}); });
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

TEST_P(DatabaseTest, QuestionMarkInsideALiteralIsNotAParameter) {
  auto row = db().Read([](Tx& tx) {
    return tx.QueryOne("SELECT '?', ?, 'it''s ? here', ? /* why? */", {"x", std::int64_t{7}});
  });
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Text(0), "?");
  EXPECT_EQ((*row)->Text(1), "x");
  EXPECT_EQ((*row)->Text(2), "it's ? here");
  EXPECT_EQ((*row)->Int(3), 7);

  auto id = db().Write([](Tx& tx) {
    return tx.InsertReturningId("INSERT INTO items (name, note) VALUES ('what?', ?) RETURNING id",
                                {"really?"});
  });
  ASSERT_TRUE(id) << id.error().message;
  auto found = db().Read([](Tx& tx) {
    return tx.QueryOne("SELECT note FROM items WHERE name = 'what?' AND note = ?", {"really?"});
  });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->Text(0), "really?");
}

TEST_P(DatabaseTest, ConcurrentWritesAllLand) {
  ASSERT_TRUE(
      db().Write([](Tx& tx) { return tx.Exec("INSERT INTO counters (id, n) VALUES (1, 0)"); }));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto st = db().RunWrite([&](Tx& tx) -> Status {
          LINLI_TRY(tx.Exec("INSERT INTO items (name, qty) VALUES (?, ?)",
                            {"t" + std::to_string(t) + "-" + std::to_string(i), std::int64_t{t}}));
          LINLI_TRY(tx.Exec("UPDATE counters SET n = n + 1 WHERE id = ?", {1}));
          return {};
        });
        if (!st) {
          ++failures;
          ADD_FAILURE() << st.error().message;
        }
        // Readers run beside the writers.
        auto n = db().Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM items"); });
        if (!n) ADD_FAILURE() << n.error().message;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountItems(), kThreads * kPerThread);
  auto n = db().Read([](Tx& tx) { return tx.QueryOne("SELECT n FROM counters WHERE id = 1"); });
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->Int(0), kThreads * kPerThread);
}

// Writers that run at the same time may share a commit (SQLite's group commit): a write that
// fails, by its own error, a constraint or an exception, must still undo only its own changes.
TEST_P(DatabaseTest, ConcurrentWritesThatFailUndoOnlyThemselves) {
  ASSERT_TRUE(AddItem("taken"));
  ASSERT_TRUE(
      db().Write([](Tx& tx) { return tx.Exec("INSERT INTO counters (id, n) VALUES (1, 0)"); }));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
        const int kind = (t + i) % 4;  // 0 succeeds, 1 returns an error, 2 violates, 3 throws
        try {
          auto st = db().RunWrite([&](Tx& tx) -> Status {
            LINLI_TRY(
                tx.Exec("INSERT INTO items (name, qty) VALUES (?, ?)", {name, std::int64_t{kind}}));
            LINLI_TRY(tx.Exec("UPDATE counters SET n = n + 1 WHERE id = ?", {1}));
            if (kind == 1) return FailedPrecondition("refused " + name);
            if (kind == 2) LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"taken"}));
            if (kind == 3) throw std::runtime_error("boom " + name);
            return {};
          });
          if (kind == 0) {
            if (st)
              ++ok;
            else
              ADD_FAILURE() << name << ": " << st.error().message;
          } else if (kind == 1) {
            if (st || st.error().message != "refused " + name)
              ADD_FAILURE() << name << " should have been refused with its own error";
          } else if (kind == 2) {
            if (st || st.error().code != ErrorCode::kAlreadyExists)
              ADD_FAILURE() << name << " should have failed on the unique name";
          } else {
            ADD_FAILURE() << name << " should have thrown";
          }
        } catch (const std::runtime_error& e) {
          if (kind != 3 || std::string(e.what()) != "boom " + name)
            ADD_FAILURE() << name << " threw " << e.what();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread / 4);
  EXPECT_EQ(CountItems(), 1 + ok.load());
  auto rows = db().Read([](Tx& tx) {
    return tx.Query("SELECT COUNT(*) FROM items WHERE qty IS NOT NULL AND qty <> 0");
  });
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->front().Int(0), 0) << "a failed write left its row behind";
  auto n = db().Read([](Tx& tx) { return tx.QueryOne("SELECT n FROM counters WHERE id = 1"); });
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->Int(0), ok.load());
}

TEST_P(DatabaseTest, ReadSeesCommittedWritesOnly) {
  ASSERT_TRUE(AddItem("committed"));
  auto st = db().RunWrite([&](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("INSERT INTO items (name) VALUES (?)", {"pending"}));
    // A reader elsewhere does not see the uncommitted row.
    std::int64_t seen = -1;
    std::thread reader([&] { seen = CountItems(); });
    reader.join();
    EXPECT_EQ(seen, 1);
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(CountItems(), 2);
}

LINLI_INSTANTIATE_BACKEND_TEST(DatabaseTest);

}  // namespace
}  // namespace linli::storage
