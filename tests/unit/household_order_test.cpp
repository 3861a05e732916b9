#include "domain/org/household_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace linli::domain {
namespace {

TEST(HouseholdOrder, NaturalOrderOfBuildingsEntrancesFloorsAndRooms) {
  struct H {
    const char* b;
    const char* e;
    int floor;
    const char* room;
  };
  // Shuffled input; the expected order is the order a person reads a household list in.
  std::vector<H> expected = {{"2栋", "1单元", -1, "B101"}, {"2栋", "1单元", 3, "301"},
                             {"2栋", "1单元", 3, "302"},   {"2栋", "2单元", 1, "101"},
                             {"2栋", "10单元", 1, "101"},  {"10栋", "1单元", 2, "201"},
                             {"10栋", "1单元", 10, "1001"}};
  std::vector<std::pair<std::string, int>> keys;
  for (int i = 0; i < static_cast<int>(expected.size()); ++i)
    keys.emplace_back(
        HouseholdSortKey(expected[i].b, expected[i].e, expected[i].floor, expected[i].room), i);
  std::reverse(keys.begin(), keys.end());
  std::sort(keys.begin(), keys.end());
  for (int i = 0; i < static_cast<int>(keys.size()); ++i)
    EXPECT_EQ(keys[i].second, i) << keys[i].first;
}

TEST(HouseholdOrder, KeyFormatMatchesTheMigration) {
  // src/storage/migrations/*/003_household_order.sql builds the same string in SQL.
  EXPECT_EQ(HouseholdSortKey("1栋", "2单元", 3, "301"), "0021栋|0032单元|1003|003301");
  EXPECT_EQ(HouseholdSortKey("A", "1", -2, "B2"), "001A|0011|0998|002B2");
}

}  // namespace
}  // namespace linli::domain
