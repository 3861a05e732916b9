// The estates repository on every backend: applying a household import plan and reading it
// back (households with owners, buildings, owners, figures), re-importing, searching.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "backends.hpp"
#include "domain/org/household_import.hpp"
#include "storage/database.hpp"
#include "storage/repos/estates.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

constexpr const char* kHeader =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n";

domain::ImportPlan Plan(const std::string& rows) {
  auto plan = domain::ParseHouseholdCsv(std::string(kHeader) + rows);
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().message);
  return plan ? *plan : domain::ImportPlan{};
}

class EstatesRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto estate = db().Write([&](Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(auto district,
                             InsertUnit(tx, domain::UnitKind::kDistrict, "区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(auto street,
                             InsertUnit(tx, domain::UnitKind::kStreet, "街道", district, kNow));
      LINLI_ASSIGN_OR_RETURN(auto community,
                             InsertUnit(tx, domain::UnitKind::kCommunity, "社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(auto estate,
                             InsertUnit(tx, domain::UnitKind::kEstate, "小区", community, kNow));
      return estate.id;
    });
    ASSERT_TRUE(estate) << estate.error().message;
    estate_ = *estate;
  }

  ImportOutcome Apply(const domain::ImportPlan& plan) {
    auto out = db().Write([&](Tx& tx) { return ApplyImportPlan(tx, estate_, plan, kNow); });
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : ImportOutcome{};
  }
  std::vector<HouseholdRecord> Households(const HouseholdFilter& filter = {},
                                          std::int64_t limit = 100, std::int64_t offset = 0) {
    auto out =
        db().Read([&](Tx& tx) { return ListHouseholds(tx, estate_, filter, limit, offset); });
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : std::vector<HouseholdRecord>{};
  }
  std::int64_t Count(const HouseholdFilter& filter = {}) {
    auto out = db().Read([&](Tx& tx) { return CountHouseholds(tx, estate_, filter); });
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : -1;
  }
  EstateStats Stats() {
    auto out = db().Read([&](Tx& tx) { return LoadEstateStats(tx, estate_); });
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : EstateStats{};
  }

  std::int64_t estate_ = 0;
};

TEST_P(EstatesRepoTest, AppliesAPlanAndReadsItBack) {
  auto out = Apply(
      Plan("1栋,1单元,1,101,89.45,registry,张测试,13800000001,person,yes\n"
           "1栋,1单元,1,101,89.45,registry,李测试,13800000002,person,yes\n"  // co-owner
           "1栋,1单元,2,201,90,survey,张测试,13800000001,person,yes\n"  // second flat, same buyer
           "10栋,2单元,3,301,100.5,contract,,,developer,no\n"
           "2栋,1单元,B1,B101,120.01,registry,王测试,,person,yes\n"));
  EXPECT_EQ(out.households_created, 4);
  EXPECT_EQ(out.households_updated, 0);
  EXPECT_EQ(out.owners_created, 4);
  EXPECT_EQ(out.buildings_created, 3);
  EXPECT_EQ(out.entrances_created, 3);
  EXPECT_EQ(out.rows, 5);

  auto all = Households();
  ASSERT_EQ(all.size(), 4u);
  // Natural order: 1栋, 2栋, 10栋.
  EXPECT_EQ(all[0].building, "1栋");
  EXPECT_EQ(all[0].room, "101");
  EXPECT_EQ(all[0].area_m2_x100, 8945);
  EXPECT_EQ(all[0].area_source, domain::AreaSource::kRegistry);
  ASSERT_EQ(all[0].owners.size(), 2u);
  EXPECT_EQ(all[0].owners[0].name, "张测试");
  EXPECT_EQ(all[0].owners[0].phone, "13800000001");
  EXPECT_EQ(all[0].owners[1].name, "李测试");
  EXPECT_EQ(all[1].room, "201");
  EXPECT_EQ(all[2].building, "2栋");
  EXPECT_EQ(all[2].floor, -1);
  EXPECT_EQ(all[2].floor_label, "B1");
  EXPECT_EQ(all[2].area_m2_x100, 12001);
  EXPECT_EQ(all[2].owners.at(0).phone, "");
  EXPECT_EQ(all[3].building, "10栋");
  EXPECT_FALSE(all[3].delivered);
  EXPECT_EQ(all[3].owners.at(0).kind, domain::OwnerKind::kDeveloper);
  EXPECT_EQ(all[3].owners.at(0).name, "开发商");

  // Paging and filters.
  auto second = Households({}, 2, 2);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].room, "B101");
  EXPECT_EQ(second[0].owners.size(), 1u);
  EXPECT_EQ(Count(), 4);
  EXPECT_EQ(Count({"1栋", "", false}), 2);
  EXPECT_EQ(Count({"", "李测", true}), 1);
  EXPECT_EQ(Count({"", "00000002", true}), 1);
  EXPECT_EQ(Count({"", "李测", false}), 0);  // without personal data: rooms only
  EXPECT_EQ(Count({"", "B1", false}), 1);
  EXPECT_EQ(Count({"", "%", true}), 0);  // pattern characters are literal

  auto buildings = db().Read([&](Tx& tx) { return ListBuildings(tx, estate_); });
  ASSERT_TRUE(buildings);
  ASSERT_EQ(buildings->size(), 3u);
  EXPECT_EQ((*buildings)[0].name, "1栋");
  EXPECT_EQ((*buildings)[0].households, 2);
  EXPECT_EQ((*buildings)[0].entrances, 1);
  EXPECT_EQ((*buildings)[0].area_m2_x100, 8945 + 9000);
  EXPECT_EQ((*buildings)[2].name, "10栋");

  auto owners = db().Read([&](Tx& tx) { return ListOwners(tx, estate_, {}, 10, 0); });
  ASSERT_TRUE(owners) << owners.error().message;
  ASSERT_EQ(owners->size(), 4u);
  EXPECT_EQ((*owners)[0].owner.name, "张测试");
  ASSERT_EQ((*owners)[0].households.size(), 2u);
  EXPECT_EQ((*owners)[0].households[0].label, "1栋/1单元/101");
  auto found = db().Read([&](Tx& tx) { return CountOwners(tx, estate_, {"王", true}); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, 1);

  EstateStats s = Stats();
  EXPECT_EQ(s.buildings, 3);
  EXPECT_EQ(s.entrances, 3);
  EXPECT_EQ(s.households, 4);
  EXPECT_EQ(s.delivered_households, 3);
  EXPECT_EQ(s.total_area_m2_x100, 8945 + 9000 + 10050 + 12001);
  EXPECT_EQ(s.owners, 4);
  // {张, 李} on 101; 张 alone on 201; the developer; 王.
  EXPECT_EQ(s.owner_headcount, 4);
}

TEST_P(EstatesRepoTest, ReimportUpdatesRoomsAndReplacesOwners) {
  Apply(
      Plan("1栋,1单元,1,101,89.45,registry,张测试,13800000001,person,yes\n"
           "1栋,1单元,1,102,80,registry,李测试,13800000002,person,yes\n"));
  auto out = Apply(Plan(
      // 101: another area and source, and a new owner instead of 张.
      "1栋,1单元,1层,101,89.50,survey,赵测试,13800000003,person,yes\n"
      // 102: unchanged, but 李's name corrected (same phone: same owner).
      "1栋,1单元,1,102,80,registry,李正确,13800000002,person,yes\n"
      "1栋,2单元,1,101,70,contract,,,developer,no\n"));
  EXPECT_EQ(out.households_created, 1);
  EXPECT_EQ(out.households_updated, 2);
  EXPECT_EQ(out.owners_created, 2);  // 赵 and the developer
  EXPECT_EQ(out.buildings_created, 0);
  EXPECT_EQ(out.entrances_created, 1);

  auto all = Households();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].room, "101");
  EXPECT_EQ(all[0].floor_label, "1层");  // "1" and "1层" are the same floor
  EXPECT_EQ(all[0].area_m2_x100, 8950);
  EXPECT_EQ(all[0].area_source, domain::AreaSource::kSurvey);
  ASSERT_EQ(all[0].owners.size(), 1u);
  EXPECT_EQ(all[0].owners[0].name, "赵测试");
  EXPECT_EQ(all[1].owners.at(0).name, "李正确");

  EstateStats s = Stats();
  EXPECT_EQ(s.households, 3);
  EXPECT_EQ(s.owners, 3);  // 张 holds nothing any more
  EXPECT_EQ(s.owner_headcount, 3);
  auto owners = db().Read([&](Tx& tx) { return CountOwners(tx, estate_, {}); });
  ASSERT_TRUE(owners);
  EXPECT_EQ(*owners, 3);

  // The same file again changes nothing.
  auto again = Apply(Plan("1栋,1单元,1层,101,89.50,survey,赵测试,13800000003,person,yes\n"));
  EXPECT_EQ(again.households_created, 0);
  EXPECT_EQ(again.households_updated, 1);
  EXPECT_EQ(again.owners_created, 0);
}

TEST_P(EstatesRepoTest, ProfileDefaultsAndSaves) {
  auto p = db().Read([&](Tx& tx) { return LoadEstateProfile(tx, estate_); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->address, "");
  EXPECT_FALSE(p->built_year);
  EXPECT_EQ(p->service_mode, domain::ServiceMode::kNone);
  domain::EstateProfile changed{"重庆市璧山区某路1号", 1998, domain::ServiceMode::kItemised};
  ASSERT_TRUE(db().Write([&](Tx& tx) { return SaveEstateProfile(tx, estate_, changed, kNow); }));
  changed.built_year.reset();
  ASSERT_TRUE(
      db().Write([&](Tx& tx) { return SaveEstateProfile(tx, estate_, changed, kNow + 1); }));
  p = db().Read([&](Tx& tx) { return LoadEstateProfile(tx, estate_); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->address, "重庆市璧山区某路1号");
  EXPECT_FALSE(p->built_year);
  EXPECT_EQ(p->service_mode, domain::ServiceMode::kItemised);
}

TEST_P(EstatesRepoTest, BuildingNamesAreUniquePerEstate) {
  auto first = db().Write([&](Tx& tx) { return InsertBuilding(tx, estate_, "1栋", kNow); });
  ASSERT_TRUE(first);
  auto again = db().Write([&](Tx& tx) { return InsertBuilding(tx, estate_, "1栋", kNow); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(EstatesRepoTest, AppliesAThousandHouseholdsInOneTransaction) {
  std::string rows;
  for (int n = 0; n < 1000; ++n) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "139%08d", n);
    rows += std::to_string(n / 100 + 1) + "栋," + std::to_string(n / 50 % 2 + 1) + "单元," +
            std::to_string(n % 50 / 2 + 1) + "," + std::to_string(n % 2 + 1) +
            ",89.45,registry,业主" + std::to_string(n) + "," + phone + ",person,yes\n";
  }
  auto plan = Plan(rows);
  ASSERT_EQ(plan.households.size(), 1000u);
  auto start = std::chrono::steady_clock::now();
  auto out = Apply(plan);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(out.households_created, 1000);
  std::printf("[ info ] %s: 1000 households applied in %lld ms\n", GetParam().name.c_str(),
              static_cast<long long>(ms));
  EXPECT_LT(ms, 5000);
  EXPECT_EQ(Stats().owner_headcount, 1000);
}

LINLI_INSTANTIATE_BACKEND_TEST(EstatesRepoTest);

}  // namespace
}  // namespace linli::storage
