// The migration runner on every backend: a fresh store gets every migration once, a second run
// applies nothing, and a version missing below the latest applied one (a branch whose migration
// landed after a later-numbered one) is applied all the same.
#include <gtest/gtest.h>

#include "backends.hpp"
#include "storage/database.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;
using testing::Ok;

class MigrateTest : public BackendTest {};

TEST_P(MigrateTest, EveryMissingVersionIsAppliedOnce) {
  const int all = Ok(Migrate(db()));
  EXPECT_GT(all, 10);
  EXPECT_EQ(Ok(Migrate(db())), 0);
  // As if the polls migration (013) had arrived after 015 was applied: its tables and its row
  // are missing.
  Ok(db().Write([](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("DROP TABLE poll_responses"));
    LINLI_TRY(tx.Exec("DROP TABLE poll_options"));
    LINLI_TRY(tx.Exec("DROP TABLE polls"));
    LINLI_TRY(tx.Exec("DELETE FROM schema_migrations WHERE version = 13"));
    return {};
  }));
  EXPECT_EQ(Ok(Migrate(db())), 1);
  auto count = Ok(db().Read([](Tx& tx) -> Result<std::int64_t> {
    LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM polls"));
    return row->Int(0);
  }));
  EXPECT_EQ(count, 0);
  auto status = Ok(MigrationStatus(db()));
  EXPECT_EQ(status.first, status.second);
}

LINLI_INSTANTIATE_BACKEND_TEST(MigrateTest);

}  // namespace
}  // namespace linli::storage
