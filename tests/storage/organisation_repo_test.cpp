// The organisation and people repositories, run once per backend.
#include <gtest/gtest.h>

#include "backends.hpp"
#include "storage/database.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;
constexpr std::int64_t kNow = 1772326800;

domain::CivilDate D(const char* text) { return domain::ParseCivilDate(text, "date").value(); }

class OrganisationRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto m = Migrate(db());
    ASSERT_TRUE(m) << m.error().message;
    auto tree = db().Write([&](Tx& tx) -> Result<std::vector<domain::Unit>> {
      std::vector<domain::Unit> out;
      LINLI_ASSIGN_OR_RETURN(
          auto district, InsertUnit(tx, domain::UnitKind::kDistrict, "璧山区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(auto street,
                             InsertUnit(tx, domain::UnitKind::kStreet, "璧城街道", district, kNow));
      LINLI_ASSIGN_OR_RETURN(
          auto community, InsertUnit(tx, domain::UnitKind::kCommunity, "东林社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(
          auto estate, InsertUnit(tx, domain::UnitKind::kEstate, "金科小区", community, kNow));
      LINLI_ASSIGN_OR_RETURN(
          auto other, InsertUnit(tx, domain::UnitKind::kEstate, "别的小区", community, kNow));
      LINLI_ASSIGN_OR_RETURN(auto building,
                             tx.InsertReturningId("INSERT INTO buildings (estate_id, name, "
                                                  "created_at) VALUES (?, '1栋', ?) RETURNING id",
                                                  {estate.id, kNow}));
      building_ = building;
      out = {district, street, community, estate, other};
      return out;
    });
    ASSERT_TRUE(tree) << tree.error().message;
    community_ = (*tree)[2];
    estate_ = (*tree)[3];
    other_ = (*tree)[4];
  }

  template <class F>
  auto W(F&& fn) {
    auto r = db().Write(std::forward<F>(fn));
    EXPECT_TRUE(r) << r.error().message;
    return r;
  }

  domain::Unit community_, estate_, other_;
  std::int64_t building_ = 0;
};

TEST_P(OrganisationRepoTest, PartyOrgsInsertFindListUpdate) {
  auto ids = W([&](Tx& tx) -> Result<std::vector<std::int64_t>> {
    domain::PartyOrg cc{
        0, domain::PartyOrgKind::kCommunityCommittee, "东林社区党委", community_.id, {}, {}, {}};
    LINLI_ASSIGN_OR_RETURN(auto cc_id, InsertPartyOrg(tx, cc, kNow));
    domain::PartyOrg branch{0,
                            domain::PartyOrgKind::kBranch,
                            "金科小区党支部",
                            estate_.id,
                            cc_id,
                            domain::BranchFunction::kEstate,
                            {}};
    LINLI_ASSIGN_OR_RETURN(auto b_id, InsertPartyOrg(tx, branch, kNow));
    domain::PartyOrg group{
        0, domain::PartyOrgKind::kPartyGroup, "1栋党小组", estate_.id, b_id, {}, building_};
    LINLI_ASSIGN_OR_RETURN(auto g_id, InsertPartyOrg(tx, group, kNow));
    domain::PartyOrg elsewhere{0, domain::PartyOrgKind::kBranch, "别的党支部", other_.id, cc_id, {},
                               {}};
    LINLI_ASSIGN_OR_RETURN(auto e_id, InsertPartyOrg(tx, elsewhere, kNow));
    return std::vector<std::int64_t>{cc_id, b_id, g_id, e_id};
  });
  ASSERT_TRUE(ids);
  auto st = db().Read([&](Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto in_estate, ListPartyOrgsUnder(tx, estate_.path));
    EXPECT_EQ(in_estate.size(), 2u);
    LINLI_ASSIGN_OR_RETURN(auto in_community, ListPartyOrgsUnder(tx, community_.path));
    EXPECT_EQ(in_community.size(), 4u);
    LINLI_ASSIGN_OR_RETURN(auto group, FindPartyOrg(tx, (*ids)[2]));
    EXPECT_TRUE(group);
    EXPECT_EQ(group->kind, domain::PartyOrgKind::kPartyGroup);
    EXPECT_EQ(group->parent_id, (*ids)[1]);
    EXPECT_EQ(group->building_id, building_);
    EXPECT_FALSE(group->function);
    LINLI_ASSIGN_OR_RETURN(auto branch, FindPartyOrg(tx, (*ids)[1]));
    EXPECT_EQ(branch->function, domain::BranchFunction::kEstate);
    LINLI_ASSIGN_OR_RETURN(auto none, FindPartyOrg(tx, 9999));
    EXPECT_FALSE(none);
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;

  // Names are unique per unit.
  auto dup = db().Write([&](Tx& tx) {
    return InsertPartyOrg(
        tx, {0, domain::PartyOrgKind::kBranch, "金科小区党支部", estate_.id, {}, {}, {}}, kNow);
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  W([&](Tx& tx) -> Result<int> {
    LINLI_ASSIGN_OR_RETURN(auto branch, FindPartyOrg(tx, (*ids)[1]));
    branch->name = "金科小区第一党支部";
    branch->function = domain::BranchFunction::kRetired;
    branch->parent_id.reset();
    LINLI_TRY(UpdatePartyOrg(tx, *branch));
    LINLI_ASSIGN_OR_RETURN(auto again, FindPartyOrg(tx, (*ids)[1]));
    EXPECT_EQ(again->name, "金科小区第一党支部");
    EXPECT_EQ(again->function, domain::BranchFunction::kRetired);
    EXPECT_FALSE(again->parent_id);
    return 0;
  });
}

TEST_P(OrganisationRepoTest, CommitteesCompaniesContracts) {
  auto st = db().Write([&](Tx& tx) -> Status {
    domain::Committee c{0,
                        estate_.id,
                        domain::CommitteeKind::kOwnersCommittee,
                        "第一届业委会",
                        D("2026-01-01"),
                        D("2030-12-31")};
    LINLI_ASSIGN_OR_RETURN(c.id, InsertCommittee(tx, c, kNow));
    LINLI_ASSIGN_OR_RETURN(auto found, FindCommittee(tx, c.id));
    EXPECT_TRUE(found);
    EXPECT_EQ(found->term_end.ToString(), "2030-12-31");
    EXPECT_EQ(found->kind, domain::CommitteeKind::kOwnersCommittee);
    LINLI_ASSIGN_OR_RETURN(auto list, ListCommittees(tx, estate_.id));
    EXPECT_EQ(list.size(), 1u);
    LINLI_ASSIGN_OR_RETURN(auto none, ListCommittees(tx, other_.id));
    EXPECT_TRUE(none.empty());

    LINLI_ASSIGN_OR_RETURN(
        auto a, InsertCompany(tx, {0, "金科物业", "91350100M000100Y43", "023-1234567"}, kNow));
    LINLI_ASSIGN_OR_RETURN(auto b, InsertCompany(tx, {0, "绿城保洁_100%", "", ""}, kNow));
    LINLI_ASSIGN_OR_RETURN(auto c2, InsertCompany(tx, {0, "碧桂园服务", "", ""}, kNow));
    (void)c2;
    LINLI_ASSIGN_OR_RETURN(auto all, CountCompanies(tx, ""));
    EXPECT_EQ(all, 3);
    // LIKE wildcards in the search text are literal.
    LINLI_ASSIGN_OR_RETURN(auto pct, ListCompanies(tx, "_100%", 10, 0));
    EXPECT_EQ(pct.size(), 1u);
    LINLI_ASSIGN_OR_RETURN(auto under, CountCompanies(tx, "_"));
    EXPECT_EQ(under, 1);
    LINLI_ASSIGN_OR_RETURN(auto page2, ListCompanies(tx, "", 2, 2));
    EXPECT_EQ(page2.size(), 1u);

    LINLI_TRY(InsertContract(
        tx, {0, estate_.id, a, "", domain::ContractScope::kWhole, D("2026-01-01"), D("2028-12-31")},
        kNow));
    LINLI_TRY(InsertContract(
        tx,
        {0, other_.id, b, "", domain::ContractScope::kCleaning, D("2026-01-01"), D("2026-12-31")},
        kNow));
    LINLI_ASSIGN_OR_RETURN(auto contracts, ListContracts(tx, estate_.id));
    EXPECT_EQ(contracts.size(), 1u);
    EXPECT_EQ(contracts[0].company_name, "金科物业");
    EXPECT_EQ(contracts[0].scope, domain::ContractScope::kWhole);
    EXPECT_EQ(contracts[0].end_date.ToString(), "2028-12-31");

    LINLI_ASSIGN_OR_RETURN(auto be, BuildingEstate(tx, building_));
    EXPECT_EQ(be, estate_.id);
    LINLI_ASSIGN_OR_RETURN(auto nb, BuildingEstate(tx, 9999));
    EXPECT_FALSE(nb);
    LINLI_ASSIGN_OR_RETURN(auto mode, EstateServiceMode(tx, estate_.id));
    EXPECT_EQ(mode, "none");
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;

  auto same_name = db().Write([&](Tx& tx) {
    return InsertCompany(tx, {0, "金科物业", "", ""}, kNow);
  });
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().code, ErrorCode::kAlreadyExists);
  auto same_code = db().Write([&](Tx& tx) {
    return InsertCompany(tx, {0, "另一家", "91350100M000100Y43", ""}, kNow);
  });
  ASSERT_FALSE(same_code);
  EXPECT_EQ(same_code.error().code, ErrorCode::kAlreadyExists);
  auto same_committee = db().Write([&](Tx& tx) {
    return InsertCommittee(tx,
                           {0, estate_.id, domain::CommitteeKind::kOwnersCommittee, "第一届业委会",
                            D("2026-01-01"), D("2027-01-01")},
                           kNow);
  });
  ASSERT_FALSE(same_committee);
  EXPECT_EQ(same_committee.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(OrganisationRepoTest, PeopleKeepSensitiveFieldsAsGivenAndIdIndexUnique) {
  PersonRecord p;
  p.unit_id = estate_.id;
  p.name = "张三";
  p.phone = "13812345678";
  p.id_number_enc = "v1:ciphertext";
  p.id_number_index = "index-1";
  p.party_enc = "v1:party";
  p.created_at = p.updated_at = kNow;
  auto id = W([&](Tx& tx) { return InsertPerson(tx, p); });
  ASSERT_TRUE(id);
  PersonRecord q = p;
  q.name = "李四";
  q.phone = "13900000000";
  q.id_number_enc.reset();
  q.id_number_index.reset();
  auto id2 = W([&](Tx& tx) { return InsertPerson(tx, q); });
  auto id3 = W([&](Tx& tx) { return InsertPerson(tx, q); });  // no ID number: no clash
  ASSERT_TRUE(id2 && id3);
  PersonRecord dup = p;
  dup.name = "王五";
  auto clash = db().Write([&](Tx& tx) { return InsertPerson(tx, dup); });
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);

  auto st = db().Write([&](Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto found, FindPerson(tx, *id));
    EXPECT_TRUE(found);
    EXPECT_EQ(found->unit_path, estate_.path);
    EXPECT_EQ(found->id_number_enc, "v1:ciphertext");
    EXPECT_EQ(found->party_enc, "v1:party");
    LINLI_ASSIGN_OR_RETURN(auto by_index, FindPersonByIdIndex(tx, "index-1"));
    EXPECT_EQ(by_index, *id);
    LINLI_ASSIGN_OR_RETURN(auto many, FindPeople(tx, {*id, *id2, 9999}));
    EXPECT_EQ(many.size(), 2u);
    LINLI_ASSIGN_OR_RETURN(auto none, FindPeople(tx, {}));
    EXPECT_TRUE(none.empty());

    PeopleFilter all{community_.path, "", ""};
    LINLI_ASSIGN_OR_RETURN(auto n, CountPeople(tx, all));
    EXPECT_EQ(n, 3);
    PeopleFilter by_name{estate_.path, "张", ""};
    LINLI_ASSIGN_OR_RETURN(auto zhang, ListPeople(tx, by_name, 10, 0));
    EXPECT_EQ(zhang.size(), 1u);
    PeopleFilter by_phone{estate_.path, "1390", "1390"};
    LINLI_ASSIGN_OR_RETURN(auto li, CountPeople(tx, by_phone));
    EXPECT_EQ(li, 2);
    PeopleFilter elsewhere{other_.path, "", ""};
    LINLI_ASSIGN_OR_RETURN(auto zero, CountPeople(tx, elsewhere));
    EXPECT_EQ(zero, 0);

    found->name = "张三丰";
    found->phone.reset();
    found->id_number_enc.reset();
    found->id_number_index.reset();
    found->updated_at = kNow + 60;
    LINLI_TRY(UpdatePerson(tx, *found));
    LINLI_ASSIGN_OR_RETURN(auto after, FindPerson(tx, *id));
    EXPECT_EQ(after->name, "张三丰");
    EXPECT_FALSE(after->phone);
    EXPECT_FALSE(after->id_number_index);
    EXPECT_EQ(after->updated_at, kNow + 60);
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
}

TEST_P(OrganisationRepoTest, PostsStartEndAndCurrentLists) {
  auto st = db().Write([&](Tx& tx) -> Status {
    PersonRecord p;
    p.unit_id = estate_.id;
    p.name = "赵六";
    p.party_enc = "x";
    p.created_at = p.updated_at = kNow;
    LINLI_ASSIGN_OR_RETURN(auto person, InsertPerson(tx, p));
    LINLI_ASSIGN_OR_RETURN(auto committee,
                           InsertCommittee(tx,
                                           {0, estate_.id, domain::CommitteeKind::kOwnersCommittee,
                                            "业委会", D("2026-01-01"), D("2030-12-31")},
                                           kNow));
    PostRecord chair;
    chair.person_id = person;
    chair.kind = domain::PostKind::kCommitteeChair;
    chair.unit_id = estate_.id;
    chair.links.committee_id = committee;
    chair.start_date = "2026-01-01";
    LINLI_ASSIGN_OR_RETURN(chair.id, InsertPost(tx, chair, kNow));
    PostRecord lead;
    lead.person_id = person;
    lead.kind = domain::PostKind::kBuildingLead;
    lead.unit_id = estate_.id;
    lead.links.building_id = building_;
    lead.start_date = "2026-02-01";
    LINLI_ASSIGN_OR_RETURN(lead.id, InsertPost(tx, lead, kNow));
    PostRecord secretary;
    secretary.person_id = person;
    secretary.kind = domain::PostKind::kCommunityPartySecretary;
    secretary.unit_id = community_.id;
    secretary.start_date = "2025-01-01";
    LINLI_ASSIGN_OR_RETURN(secretary.id, InsertPost(tx, secretary, kNow));

    LINLI_ASSIGN_OR_RETURN(auto at_estate, CurrentPostsAtUnit(tx, estate_.id));
    EXPECT_EQ(at_estate.size(), 2u);
    LINLI_ASSIGN_OR_RETURN(auto of_person, CurrentPostsOfPeople(tx, {person}));
    EXPECT_EQ(of_person.size(), 3u);
    LINLI_ASSIGN_OR_RETURN(auto on_committee, CurrentPostsOfCommittee(tx, committee));
    EXPECT_EQ(on_committee.size(), 1u);
    if (on_committee.empty()) return Internal("no committee post");
    EXPECT_EQ(on_committee[0].kind, domain::PostKind::kCommitteeChair);
    EXPECT_EQ(on_committee[0].links.committee_id, committee);
    LINLI_ASSIGN_OR_RETURN(
        auto like, CurrentPostsLike(tx, domain::PostKind::kBuildingLead, estate_.id, lead.links));
    EXPECT_EQ(like.size(), 1u);
    LINLI_ASSIGN_OR_RETURN(auto unlike,
                           CurrentPostsLike(tx, domain::PostKind::kBuildingLead, estate_.id, {}));
    EXPECT_TRUE(unlike.empty());

    LINLI_TRY(EndPost(tx, lead.id, "2026-03-01"));
    LINLI_ASSIGN_OR_RETURN(auto ended, FindPost(tx, lead.id));
    EXPECT_EQ(ended->end_date, "2026-03-01");
    EXPECT_EQ(ended->start_date, "2026-02-01");
    LINLI_ASSIGN_OR_RETURN(auto now_at_estate, CurrentPostsAtUnit(tx, estate_.id));
    EXPECT_EQ(now_at_estate.size(), 1u);
    LINLI_ASSIGN_OR_RETURN(auto count, tx.QueryOne("SELECT COUNT(*) FROM posts"));
    EXPECT_EQ(count->Int(0), 3);  // history kept

    // A post held at the community is listed there (GET /units/{id}/posts), found as the
    // taken single-holder post, and ends like any other.
    LINLI_ASSIGN_OR_RETURN(auto at_community, CurrentPostsAtUnit(tx, community_.id));
    EXPECT_EQ(at_community.size(), 1u);
    if (at_community.empty()) return Internal("no community post");
    EXPECT_EQ(at_community[0].id, secretary.id);
    EXPECT_EQ(at_community[0].kind, domain::PostKind::kCommunityPartySecretary);
    LINLI_ASSIGN_OR_RETURN(
        auto taken,
        CurrentPostsLike(tx, domain::PostKind::kCommunityPartySecretary, community_.id, {}));
    EXPECT_EQ(taken.size(), 1u);
    LINLI_TRY(EndPost(tx, secretary.id, "2026-03-01"));
    LINLI_ASSIGN_OR_RETURN(auto none_at_community, CurrentPostsAtUnit(tx, community_.id));
    EXPECT_TRUE(none_at_community.empty());
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
}

LINLI_INSTANTIATE_BACKEND_TEST(OrganisationRepoTest);

}  // namespace
}  // namespace linli::storage
