// Who counts as one owner (RULES.md §2) and the estate profile's rules.
#include "domain/org/owner_roll.hpp"

#include <gtest/gtest.h>

#include "domain/org/estate_profile.hpp"

namespace linli::domain {
namespace {

RollOwner Person(std::int64_t id) { return RollOwner{id, OwnerKind::kPerson}; }
RollOwner Developer(std::int64_t id) { return RollOwner{id, OwnerKind::kDeveloper}; }

TEST(OwnerRoll, OneUnitOneOwner) {
  std::vector<RollUnit> units = {
      {1, true, {Person(10)}},
      {2, true, {Person(11)}},
      {3, true, {Person(12)}},
  };
  EXPECT_EQ(OwnerHeadcount(units), 3);
  EXPECT_EQ(OwnerHeadcount({}), 0);
}

TEST(OwnerRoll, AllOfTheDevelopersUndeliveredUnitsCountAsOne) {
  std::vector<RollUnit> units = {
      {1, true, {Person(10)}},
      {2, false, {Developer(90)}},
      {3, false, {Developer(90)}},
      // Sold but not delivered yet: still the developer's for counting.
      {4, false, {Person(11)}},
      // Unsold: the developer still owns it, whatever the delivery flag says.
      {5, true, {Developer(91)}},
  };
  auto groups = GroupVoters(units);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].kind, VoterGroup::Kind::kDeveloper);
  EXPECT_EQ(groups[0].household_ids, (std::vector<std::int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(groups[0].owner_ids, (std::vector<std::int64_t>{90, 91}));
  EXPECT_EQ(groups[1].kind, VoterGroup::Kind::kBuyer);
  EXPECT_EQ(groups[1].household_ids, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(OwnerHeadcount(units), 2);
  EXPECT_TRUE(IsDeveloperUnit(units[3]));
  EXPECT_FALSE(IsDeveloperUnit(units[0]));
}

TEST(OwnerRoll, OneBuyerOfSeveralUnitsCountsOnce) {
  std::vector<RollUnit> units = {
      {1, true, {Person(10)}},
      {2, true, {Person(10)}},
      {3, true, {Person(11)}},
  };
  auto groups = GroupVoters(units);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].household_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(groups[0].owner_ids, (std::vector<std::int64_t>{10}));
}

TEST(OwnerRoll, CoOwnersOfAUnitCountOnce) {
  std::vector<RollUnit> units = {
      {1, true, {Person(10), Person(11)}},
      // The same couple, listed the other way round, on a second flat: the same buyer.
      {2, true, {Person(11), Person(10)}},
      // One of them alone on a third flat is another buyer.
      {3, true, {Person(10)}},
  };
  auto groups = GroupVoters(units);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].owner_ids, (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(groups[0].household_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(groups[1].owner_ids, (std::vector<std::int64_t>{10}));
}

TEST(OwnerRoll, AUnitWithoutOwnersOnRecordStillCountsAsOne) {
  std::vector<RollUnit> units = {{1, true, {}}, {2, true, {}}, {3, true, {Person(10)}}};
  auto groups = GroupVoters(units);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].kind, VoterGroup::Kind::kUnowned);
  EXPECT_EQ(groups[1].kind, VoterGroup::Kind::kUnowned);
}

TEST(OwnerRoll, IdentityKeyIsThePhoneElseKindAndName) {
  EXPECT_EQ(OwnerIdentityKey(OwnerKind::kPerson, "张三", "13800001234"), "p:13800001234");
  EXPECT_EQ(OwnerIdentityKey(OwnerKind::kPerson, "张三", ""), "k:person/张三");
  EXPECT_EQ(OwnerIdentityKey(OwnerKind::kDeveloper, "开发商", ""), "k:developer/开发商");
  EXPECT_NE(OwnerIdentityKey(OwnerKind::kPerson, "某单位", ""),
            OwnerIdentityKey(OwnerKind::kOrganisation, "某单位", ""));
  EXPECT_EQ(ParseOwnerKindName("organisation"), OwnerKind::kOrganisation);
  EXPECT_EQ(ParseOwnerKindName("company"), std::nullopt);
  EXPECT_EQ(ParseAreaSourceName("survey"), AreaSource::kSurvey);
  EXPECT_EQ(ParseAreaSourceName(""), std::nullopt);
}

TEST(EstateProfile, ChecksAddressYearAndServiceMode) {
  EXPECT_TRUE(CheckAddress(""));
  std::string address;
  for (int i = 0; i < 128; ++i) address += "路";
  EXPECT_TRUE(CheckAddress(address));
  auto too_long = CheckAddress(address + "路");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "address");
  EXPECT_FALSE(CheckAddress("一行\n两行"));
  EXPECT_FALSE(CheckAddress("\xFF"));

  EXPECT_TRUE(CheckBuiltYear(1900, 2026));
  EXPECT_TRUE(CheckBuiltYear(2026, 2026));
  EXPECT_FALSE(CheckBuiltYear(1899, 2026));
  auto future = CheckBuiltYear(2027, 2026);
  ASSERT_FALSE(future);
  EXPECT_NE(future.error().message.find("1900 to 2026"), std::string::npos);

  for (auto name : {"self_managed", "whole", "itemised", "community_company", "none"}) {
    auto mode = ParseServiceMode(name);
    ASSERT_TRUE(mode) << name;
    EXPECT_EQ(ServiceModeName(*mode), name);
  }
  EXPECT_EQ(ParseServiceMode("itemized"), std::nullopt);
}

}  // namespace
}  // namespace linli::domain
