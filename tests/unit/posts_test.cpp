// People and posts: ID numbers, party membership, what each post links to, cross-appointments.
#include "domain/people/posts.hpp"

#include <gtest/gtest.h>

#include "domain/people/person.hpp"

namespace linli::domain {
namespace {

TEST(IdNumber, AcceptsValidNumbersWithTheirCheckCharacter) {
  EXPECT_EQ(NormaliseIdNumber("11010519491231002X").value(), "11010519491231002X");
  EXPECT_EQ(NormaliseIdNumber("11010519491231002x").value(), "11010519491231002X");
  EXPECT_EQ(NormaliseIdNumber(" 440308199001011239 ").value(), "440308199001011239");
  EXPECT_EQ(IdNumberCheckCharacter("50010319850615301"), '2');
  EXPECT_EQ(IdNumberCheckCharacter("50010319850615308"), 'X');
}

TEST(IdNumber, RefusesWrongShapesDatesAndCheckCharacters) {
  for (const char* bad : {"", "1101051949123100", "11010519491231002X1", "1101051949123100XX",
                          "A1010519491231002X", "440308199001011238",  // wrong check
                          "440308199002301234",                        // 30 February
                          "440308189001011234",                        // before 1900
                          "040308199001011239"}) {
    auto r = NormaliseIdNumber(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "id_number");
    // The message never repeats the number.
    if (std::string(bad).size() > 4) {
      EXPECT_EQ(r.error().message.find(bad), std::string::npos);
    }
  }
}

TEST(Person, NameAndMembership) {
  EXPECT_TRUE(CheckPersonName("张三"));
  EXPECT_FALSE(CheckPersonName(""));
  EXPECT_FALSE(CheckPersonName(std::string(33 * 3, 'a')));
  EXPECT_TRUE(CheckPartyMembership({true, 5, true}));
  EXPECT_TRUE(CheckPartyMembership({false, std::nullopt, false}));
  auto org = CheckPartyMembership({false, 5, false});
  ASSERT_FALSE(org);
  EXPECT_EQ(org.error().field, "party_org_id");
  auto show = CheckPartyMembership({false, std::nullopt, true});
  ASSERT_FALSE(show);
  EXPECT_EQ(show.error().field, "show_party_membership");
}

TEST(PostKinds, NamesAndGroups) {
  EXPECT_EQ(AllPostKinds().size(), 14u);
  for (auto k : AllPostKinds()) {
    EXPECT_EQ(ParsePostKind(PostKindName(k)), k);
    EXPECT_FALSE(PostKindChinese(k).empty());
  }
  EXPECT_EQ(PostKindChinese(PostKind::kBuildingLead), "楼栋长");
  EXPECT_EQ(PostKindChinese(PostKind::kPartyCenterHousehold), "党员中心户");
  EXPECT_FALSE(ParsePostKind("mayor"));
  EXPECT_TRUE(IsCommitteePost(PostKind::kCommitteeViceChair));
  EXPECT_FALSE(IsCommitteePost(PostKind::kBranchCommitteeMember));
  EXPECT_TRUE(IsBranchCommitteePost(PostKind::kBranchDeputySecretary));
  EXPECT_TRUE(ImpliesPartyMembership(PostKind::kPartyCenterHousehold));
  EXPECT_TRUE(ImpliesPartyMembership(PostKind::kBranchSecretary));
  EXPECT_FALSE(ImpliesPartyMembership(PostKind::kCommitteeChair));
  EXPECT_FALSE(ImpliesPartyMembership(PostKind::kBuildingLead));
  EXPECT_EQ(PostUnitKind(PostKind::kCommunityPartySecretary), UnitKind::kCommunity);
  EXPECT_EQ(PostUnitKind(PostKind::kGridWorker), UnitKind::kEstate);
}

TEST(PostLinks, WhatEachPostNeeds) {
  auto field_of = [](PostKind k, PostLinks l) {
    auto r = CheckPostLinks(k, l);
    return r ? std::string() : r.error().field;
  };
  EXPECT_EQ(field_of(PostKind::kCommitteeChair, {}), "committee_id");
  EXPECT_EQ(field_of(PostKind::kCommitteeChair, {std::nullopt, 3, std::nullopt}), "");
  EXPECT_EQ(field_of(PostKind::kCommitteeMember, {7, 3, std::nullopt}), "party_org_id");
  EXPECT_EQ(field_of(PostKind::kBranchSecretary, {}), "party_org_id");
  EXPECT_EQ(field_of(PostKind::kBranchSecretary, {7, std::nullopt, std::nullopt}), "");
  EXPECT_EQ(field_of(PostKind::kBranchCommitteeMember, {7, std::nullopt, 9}), "building_id");
  EXPECT_EQ(field_of(PostKind::kBuildingLead, {}), "building_id");
  EXPECT_EQ(field_of(PostKind::kBuildingLead, {std::nullopt, std::nullopt, 9}), "");
  EXPECT_EQ(field_of(PostKind::kEntranceLead, {}), "");
  EXPECT_EQ(field_of(PostKind::kFloorLead, {std::nullopt, 3, 9}), "committee_id");
  EXPECT_EQ(field_of(PostKind::kPartyCenterHousehold, {7, std::nullopt, 9}), "");
  EXPECT_EQ(field_of(PostKind::kPartyCenterHousehold, {std::nullopt, 3, std::nullopt}),
            "committee_id");
  EXPECT_EQ(field_of(PostKind::kGridWorker, {}), "");
  EXPECT_EQ(field_of(PostKind::kGridWorker, {7, std::nullopt, std::nullopt}), "party_org_id");
  EXPECT_EQ(field_of(PostKind::kCommunityPartySecretary, {7, std::nullopt, std::nullopt}), "");
}

TEST(PostPlace, LinksMustLeadIntoTheSameEstate) {
  PostPlace estate{UnitKind::kEstate, 40, std::nullopt, std::nullopt, 40, 40};
  EXPECT_TRUE(CheckPostPlace(PostKind::kCommitteeChair, {std::nullopt, 3, std::nullopt}, estate));
  PostPlace other = estate;
  other.committee_estate_id = 41;
  auto r = CheckPostPlace(PostKind::kCommitteeChair, {std::nullopt, 3, std::nullopt}, other);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "committee_id");
  other = estate;
  other.building_estate_id = 41;
  EXPECT_EQ(
      CheckPostPlace(PostKind::kBuildingLead, {std::nullopt, std::nullopt, 9}, other).error().field,
      "building_id");

  PostPlace branch = estate;
  branch.org_kind = PartyOrgKind::kBranch;
  branch.org_unit_id = 40;
  EXPECT_TRUE(CheckPostPlace(PostKind::kBranchSecretary, {7, std::nullopt, std::nullopt}, branch));
  PostPlace group = branch;
  group.org_kind = PartyOrgKind::kPartyGroup;
  EXPECT_EQ(CheckPostPlace(PostKind::kBranchSecretary, {7, std::nullopt, std::nullopt}, group)
                .error()
                .field,
            "party_org_id");
  EXPECT_TRUE(
      CheckPostPlace(PostKind::kPartyCenterHousehold, {7, std::nullopt, std::nullopt}, group));
  PostPlace elsewhere = branch;
  elsewhere.org_unit_id = 41;
  EXPECT_FALSE(
      CheckPostPlace(PostKind::kBranchSecretary, {7, std::nullopt, std::nullopt}, elsewhere));

  PostPlace community{UnitKind::kCommunity, 30, PartyOrgKind::kCommunityCommittee, 30, {}, {}};
  EXPECT_TRUE(CheckPostPlace(PostKind::kCommunityPartySecretary, {7, std::nullopt, std::nullopt},
                             community));
  EXPECT_EQ(CheckPostPlace(PostKind::kGridWorker, {}, community).error().field, "unit_id");
  auto at_estate = CheckPostPlace(PostKind::kCommunityPartySecretary, {}, estate);
  ASSERT_FALSE(at_estate);
  EXPECT_EQ(at_estate.error().field, "unit_id");
  EXPECT_NE(at_estate.error().message.find("names an estate"), std::string::npos)
      << at_estate.error().message;
}

TEST(PostStart, CommitteeSeatsStartWithinTheTerm) {
  Committee c;
  c.name = "第一届业委会";
  c.term_start = ParseCivilDate("2024-12-01", "d").value();
  c.term_end = ParseCivilDate("2029-11-30", "d").value();
  auto at = [&](const char* day) {
    return CheckCommitteePostStart(ParseCivilDate(day, "d").value(), c);
  };
  EXPECT_TRUE(at("2024-12-01"));
  EXPECT_TRUE(at("2027-06-15"));
  EXPECT_TRUE(at("2029-11-30"));
  for (const char* day : {"2019-12-01", "2024-11-30", "2029-12-01"}) {
    auto r = at(day);
    ASSERT_FALSE(r) << day;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "start_date");
    EXPECT_NE(r.error().message.find("2024-12-01 to 2029-11-30"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(day), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("第一届业委会"), std::string::npos) << r.error().message;
  }
}

TEST(CrossAppointments, NineOnTheCommitteeSixOfThemPartyMembers) {
  // Seed [001]: 6 of 9 业委会 members are party members. Person 1 is branch secretary and
  // committee chair ("一肩挑"); person 2 is a branch committee member and on the committee;
  // person 3 leads a building and sits on the committee; person 20 sits on the branch
  // committee only.
  std::vector<Holding> h;
  h.push_back({1, PostKind::kCommitteeChair, true});
  h.push_back({1, PostKind::kBranchSecretary, true});
  h.push_back({2, PostKind::kCommitteeViceChair, true});
  h.push_back({2, PostKind::kBranchCommitteeMember, true});
  for (std::int64_t id = 3; id <= 9; ++id) h.push_back({id, PostKind::kCommitteeMember, true});
  h.push_back({3, PostKind::kBuildingLead, true});
  h.push_back({20, PostKind::kBranchDeputySecretary, true});
  // Person 1 is also the community party secretary, a post outside the estate.
  h.push_back({1, PostKind::kCommunityPartySecretary, false});
  // Someone with posts only elsewhere does not appear.
  h.push_back({30, PostKind::kGridWorker, false});
  h.push_back({30, PostKind::kCommunityPartySecretary, false});

  // Recorded members: 3, 4, 5, 6 (1 and 2 are members by their branch posts).
  auto r = ComputeCrossAppointments(h, {3, 4, 5, 6});
  EXPECT_EQ(r.committee_members, 9);
  EXPECT_EQ(r.committee_party_members, 6);
  EXPECT_EQ(r.branch_committee_members, 3);
  EXPECT_EQ(r.branch_members_on_committee, 2);
  ASSERT_EQ(r.people_with_several_posts.size(), 3u);
  EXPECT_EQ(r.people_with_several_posts[0].person_id, 1);
  EXPECT_EQ(r.people_with_several_posts[0].posts,
            (std::vector<PostKind>{PostKind::kBranchSecretary, PostKind::kCommitteeChair,
                                   PostKind::kCommunityPartySecretary}));
  EXPECT_EQ(r.people_with_several_posts[1].person_id, 2);
  EXPECT_EQ(r.people_with_several_posts[2].person_id, 3);
}

TEST(CrossAppointments, SamePostTwiceIsNotSeveralPostsAndEmptyIsZero) {
  auto empty = ComputeCrossAppointments({}, {});
  EXPECT_EQ(empty.committee_members, 0);
  EXPECT_TRUE(empty.people_with_several_posts.empty());
  auto twice = ComputeCrossAppointments(
      {{5, PostKind::kBuildingLead, true}, {5, PostKind::kBuildingLead, true}}, {});
  EXPECT_TRUE(twice.people_with_several_posts.empty());
  // A 党员中心户 counts as a party member even when the record says nothing.
  auto implied = ComputeCrossAppointments(
      {{5, PostKind::kCommitteeMember, true}, {5, PostKind::kPartyCenterHousehold, true}}, {});
  EXPECT_EQ(implied.committee_party_members, 1);
}

}  // namespace
}  // namespace linli::domain
