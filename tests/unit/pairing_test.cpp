// Pairing and door-knocking: coverage of households, checks on a new pairing, suggestions of the
// nearest member, visit and round inputs, quarters and the share arithmetic.
#include "domain/members/pairing.hpp"

#include <gtest/gtest.h>

namespace linli::domain {
namespace {

// Building 1: entrance 11 (households 1, 2, 3), entrance 12 (4, 5); building 2: entrance 21 (6).
const std::vector<HouseholdSpot> kHouseholds = {{1, 1, 11}, {2, 1, 11}, {3, 1, 11},
                                                {4, 1, 12}, {5, 1, 12}, {6, 2, 21}};

ActivePairing HouseholdPair(std::int64_t id, std::int64_t reg, std::int64_t household) {
  return {id, reg, PairingKind::kHousehold, household, std::nullopt};
}
ActivePairing EntrancePair(std::int64_t id, std::int64_t reg, std::int64_t entrance) {
  return {id, reg, PairingKind::kEntrance, std::nullopt, entrance};
}
std::vector<std::int64_t> Ids(const std::vector<HouseholdSpot>& hs) {
  std::vector<std::int64_t> out;
  for (const auto& h : hs) out.push_back(h.id);
  return out;
}

TEST(Pairing, KindNamesAndLabels) {
  EXPECT_EQ(PairingKindName(PairingKind::kEntrance), "entrance");
  EXPECT_EQ(ParsePairingKind("household"), PairingKind::kHousehold);
  EXPECT_FALSE(ParsePairingKind("building"));
  EXPECT_EQ(PairingKindLabel(PairingKind::kEntrance), "党员中心户");
  EXPECT_EQ(PairingKindLabel(PairingKind::kHousehold), "结对户");
}

TEST(Pairing, AHouseholdIsCoveredByItsPairingItsEntranceOrAMemberLivingThere) {
  const std::vector<ActivePairing> active = {HouseholdPair(1, 7, 2), EntrancePair(2, 8, 12)};
  const std::vector<std::int64_t> homes = {6};
  EXPECT_FALSE(HouseholdCovered(kHouseholds[0], active, homes));
  EXPECT_TRUE(HouseholdCovered(kHouseholds[1], active, homes));  // paired
  EXPECT_TRUE(HouseholdCovered(kHouseholds[3], active, homes));  // entrance 12 has a 中心户
  EXPECT_TRUE(HouseholdCovered(kHouseholds[5], active, homes));  // a member lives there
  EXPECT_EQ(Ids(UncoveredHouseholds(kHouseholds, active, homes)),
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(Ids(UncoveredHouseholds(kHouseholds, {}, {})).size(), 6u);
}

TEST(Pairing, RefusesTheMembersOwnHouseholdAndASecondActivePairing) {
  NewPairing p{7, PairingKind::kHousehold, 3, std::nullopt};
  auto own = CheckNewPairing(p, 3, {});
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(own.error().field, "household_id");

  EXPECT_TRUE(CheckNewPairing(p, 1, {HouseholdPair(5, 7, 2), HouseholdPair(6, 8, 3)}));
  auto twice = CheckNewPairing(p, 1, {HouseholdPair(5, 7, 3)});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(twice.error().message.find("pairing 5"), std::string::npos);

  NewPairing e{7, PairingKind::kEntrance, std::nullopt, 11};
  EXPECT_TRUE(CheckNewPairing(e, 1, {HouseholdPair(5, 7, 3)}));  // own entrance is fine
  auto e2 = CheckNewPairing(e, 1, {EntrancePair(9, 7, 11)});
  ASSERT_FALSE(e2);
  EXPECT_EQ(e2.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(e2.error().field, "entrance_id");

  NewPairing missing{7, PairingKind::kHousehold, std::nullopt, std::nullopt};
  EXPECT_EQ(CheckNewPairing(missing, 1, {}).error().field, "household_id");
}

TEST(Pairing, CountsPairsAgainstTheMinimum) {
  MemberRules r;
  EXPECT_EQ(r.min_pairs, 2);
  auto c = CountPairs(1, 0, r);
  EXPECT_EQ(c.households, 1);
  EXPECT_FALSE(c.met);
  EXPECT_TRUE(CountPairs(2, 0, r).met);
  EXPECT_TRUE(CountPairs(0, 12, r).met);
  r.min_pairs = 3;
  EXPECT_FALSE(CountPairs(2, 0, r).met);
}

TEST(Pairing, SuggestsTheNearestMemberWithTheFewestPairs) {
  // Member 100 lives in household 2 (entrance 11), member 200 in 5 (entrance 12) with 3 pairs,
  // member 300 in building 2.
  std::vector<PairCandidate> members = {
      {100, {2, 1, 11}, 0}, {200, {5, 1, 12}, 3}, {300, {6, 2, 21}, 0}};
  auto s = SuggestPairs({{1, 1, 11}, {3, 1, 11}, {4, 1, 12}, {2, 1, 11}, {7, 2, 22}}, members);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].registration_id, 100);
  EXPECT_EQ(s[0].nearness, Nearness::kSameEntrance);
  EXPECT_EQ(s[1].registration_id, 100);  // still the only one in entrance 11
  EXPECT_EQ(s[2].registration_id, 200);  // same entrance beats fewer pairs
  EXPECT_EQ(s[2].nearness, Nearness::kSameEntrance);
  // Household 2 is member 100's own home: the nearest other is 200 in the same building.
  EXPECT_EQ(s[3].registration_id, 200);
  EXPECT_EQ(s[3].nearness, Nearness::kSameBuilding);
  EXPECT_EQ(s[4].registration_id, 300);
  EXPECT_EQ(s[4].nearness, Nearness::kSameBuilding);
  EXPECT_EQ(NearnessLabel(Nearness::kSameBuilding), "同楼栋");

  // Equally near: the fewest pairs, counting the suggestions already made, then the lowest id.
  std::vector<PairCandidate> far = {{10, {90, 9, 99}, 1}, {11, {91, 9, 98}, 0}};
  auto spread = SuggestPairs({{1, 1, 11}, {3, 1, 11}, {4, 1, 12}}, far);
  EXPECT_EQ(spread[0].registration_id, 11);
  EXPECT_EQ(spread[0].nearness, Nearness::kSameEstate);
  EXPECT_EQ(spread[1].registration_id, 10);  // both have 1 now: the lower id
  EXPECT_EQ(spread[2].registration_id, 11);

  auto none = SuggestPairs({{1, 1, 11}}, {});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_FALSE(none[0].registration_id);
}

TEST(DoorKnocking, VisitDateIsARealDateNotInTheFuture) {
  EXPECT_TRUE(CheckVisitDate("2026-11-02", "2026-11-02"));
  EXPECT_TRUE(CheckVisitDate("2025-01-31", "2026-11-02"));
  auto future = CheckVisitDate("2026-11-03", "2026-11-02");
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field, "visited_on");
  EXPECT_NE(future.error().message.find("future"), std::string::npos);
  EXPECT_FALSE(CheckVisitDate("2026-02-30", "2026-11-02"));
  EXPECT_FALSE(CheckVisitDate("2026-1-2", "2026-11-02"));
  EXPECT_FALSE(CheckVisitDate("", "2026-11-02"));
}

TEST(DoorKnocking, HeardAndRoundChecksNameTheField) {
  EXPECT_TRUE(CheckHeard(""));
  EXPECT_TRUE(CheckHeard("楼道灯坏了"));
  EXPECT_EQ(CheckHeard(std::string(2001, 'a')).error().field, "heard");
  EXPECT_EQ(CheckHeard("\xff").error().field, "heard");

  EXPECT_TRUE(CheckRound("第四季度敲门行动", "2026-10-01", "2026-12-31"));
  EXPECT_TRUE(CheckRound("一天", "2026-10-01", "2026-10-01"));
  EXPECT_EQ(CheckRound("  ", "2026-10-01", "2026-12-31").error().field, "title");
  EXPECT_EQ(CheckRound("t", "2026-13-01", "2026-12-31").error().field, "starts_on");
  EXPECT_EQ(CheckRound("t", "2026-10-01", "x").error().field, "ends_on");
  EXPECT_EQ(CheckRound("t", "2026-10-02", "2026-10-01").error().field, "ends_on");
}

TEST(DoorKnocking, Quarters) {
  auto q = ParseQuarter("2026-Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, "2026-10-01");
  EXPECT_EQ(q->to, "2026-12-31");
  EXPECT_EQ(ParseQuarter("2026-q1")->name, "2026-Q1");
  EXPECT_EQ(ParseQuarter("2026-Q2")->to, "2026-06-30");
  EXPECT_FALSE(ParseQuarter("2026-Q5"));
  EXPECT_FALSE(ParseQuarter("2026Q4"));
  EXPECT_FALSE(ParseQuarter("20x6-Q4"));
  EXPECT_EQ(QuarterOf("2026-08-15").name, "2026-Q3");
  EXPECT_EQ(QuarterOf("2026-08-15").from, "2026-07-01");
  EXPECT_EQ(QuarterOf("2026-12-31").name, "2026-Q4");
  EXPECT_EQ(QuarterOf("2026-01-01").to, "2026-03-31");
  EXPECT_EQ(QuarterStart("2026-08-15"), QuarterOf("2026-08-15").from);
}

TEST(DoorKnocking, ShareIsRoundedHalfUpToOneDecimal) {
  EXPECT_EQ(ShareTenths({3, 1}), 333);   // 33.33 -> 33.3
  EXPECT_EQ(ShareTenths({3, 2}), 667);   // 66.67 -> 66.7
  EXPECT_EQ(ShareTenths({8, 1}), 125);   // 12.5 exactly
  EXPECT_EQ(ShareTenths({2000, 1}), 1);  // 0.05 -> 0.1 (half up)
  EXPECT_EQ(ShareTenths({2001, 1}), 0);  // 0.0499.. -> 0.0
  EXPECT_EQ(ShareTenths({0, 0}), 0);
  EXPECT_EQ(ShareTenths({5, 5}), 1000);
  EXPECT_DOUBLE_EQ(SharePercent({3, 1}), 33.3);
  auto sum = SumCoverage({{3, 1}, {5, 5}, {0, 0}});
  EXPECT_EQ(sum.households, 8);
  EXPECT_EQ(sum.visited, 6);
  EXPECT_DOUBLE_EQ(SharePercent(sum), 75.0);
}

}  // namespace
}  // namespace linli::domain
