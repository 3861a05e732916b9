// The party members' repository on every backend: employers, rules found up the tree, one active
// registration per person (the partial unique index), the registration's joined names and
// filters, commitments, record entries voided not deleted, problems handled, and the figures.
#include <gtest/gtest.h>

#include <string>

#include "backends.hpp"
#include "domain/org/household_import.hpp"
#include "storage/database.hpp"
#include "storage/repos/estates.hpp"
#include "storage/repos/members.hpp"
#include "storage/repos/people.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;
constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00

using testing::Ok;

class MembersRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto built = db().Write([&](Tx& tx) -> Status {
      using K = domain::UnitKind;
      LINLI_ASSIGN_OR_RETURN(district_, InsertUnit(tx, K::kDistrict, "区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(auto street, InsertUnit(tx, K::kStreet, "街道", district_, kNow));
      LINLI_ASSIGN_OR_RETURN(auto community, InsertUnit(tx, K::kCommunity, "社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "小区", community, kNow));
      auto plan = domain::ParseHouseholdCsv(
          "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,"
          "delivered\n"
          "1栋,1单元,5,501,89.45,registry,张三,13812341234,person,yes\n"
          "1栋,2单元,6,602,89.45,registry,李四,13812341235,person,yes\n");
      if (!plan) return tl::unexpected(plan.error());
      LINLI_TRY(ApplyImportPlan(tx, estate_.id, *plan, kNow));
      LINLI_ASSIGN_OR_RETURN(auto hs, ListHouseholds(tx, estate_.id, {}, 10, 0));
      home_ = hs.at(0).id;
      PersonRecord p;
      p.unit_id = estate_.id;
      p.name = "张三";
      p.household_id = home_;
      p.party_enc = "x";
      p.created_at = p.updated_at = kNow;
      LINLI_ASSIGN_OR_RETURN(person_, InsertPerson(tx, p));
      LINLI_ASSIGN_OR_RETURN(employer_,
                             InsertEmployer(tx, {0, "区教委", "区教委机关党委", 4, kNow}));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  RegistrationRecord Draft() const {
    RegistrationRecord r;
    r.person_id = person_;
    r.estate_id = estate_.id;
    r.estate_path = estate_.path;
    r.household_id = home_;
    r.employer_id = employer_;
    r.status = "pending";
    r.submitted_at = kNow;
    return r;
  }

  domain::Unit district_, estate_;
  std::int64_t home_ = 0, person_ = 0, employer_ = 0;
};

TEST_P(MembersRepoTest, EmployersAreFoundByNameAndSearched) {
  auto found = Ok(db().Read([&](Tx& tx) { return FindEmployerByName(tx, "区教委"); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->member_count, 4);
  Ok(db().Write([&](Tx& tx) { return InsertEmployer(tx, {0, "区人社局", "", 0, kNow}); }));
  auto list = Ok(db().Read([&](Tx& tx) { return ListEmployers(tx, "教", 10); }));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "区教委");
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListEmployers(tx, "", 10); })).size(), 2u);
  auto dup = db().Write([&](Tx& tx) { return InsertEmployer(tx, {0, "区教委", "", 0, kNow}); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(MembersRepoTest, RulesAreFoundAtTheNearestUnitUpTheTree) {
  auto none = Ok(db().Read([&](Tx& tx) {
    return NearestMemberRules(tx, {estate_.id, district_.id});
  }));
  EXPECT_FALSE(none);
  Ok(db().Write([&](Tx& tx) { return SaveMemberRules(tx, district_.id, "{\"a\":1}", kNow); }));
  auto found = Ok(db().Read([&](Tx& tx) {
    return NearestMemberRules(tx, {estate_.id, district_.id});
  }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first, district_.id);
  Ok(db().Write([&](Tx& tx) { return SaveMemberRules(tx, estate_.id, "{\"a\":2}", kNow); }));
  Ok(db().Write([&](Tx& tx) { return SaveMemberRules(tx, estate_.id, "{\"a\":3}", kNow); }));
  found = Ok(db().Read([&](Tx& tx) { return NearestMemberRules(tx, {estate_.id, district_.id}); }));
  EXPECT_EQ(found->first, estate_.id);
  EXPECT_EQ(found->second, "{\"a\":3}");
}

TEST_P(MembersRepoTest, APersonHasOneActiveRegistrationWithItsNamesJoined) {
  const auto id = Ok(db().Write([&](Tx& tx) { return InsertRegistration(tx, Draft()); }));
  auto second = db().Write([&](Tx& tx) { return InsertRegistration(tx, Draft()); });
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);

  auto r = Ok(db().Read([&](Tx& tx) { return FindRegistration(tx, id); }));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->person_name, "张三");
  EXPECT_EQ(r->household_label, "1栋1单元501");
  EXPECT_EQ(r->employer_name, "区教委");
  EXPECT_EQ(r->estate_name, "小区");
  // Ended, the person may register again.
  r->status = "ended";
  r->ended_at = kNow + 10;
  Ok(db().Write([&](Tx& tx) { return UpdateRegistration(tx, *r); }));
  const auto again = Ok(db().Write([&](Tx& tx) { return InsertRegistration(tx, Draft()); }));
  EXPECT_NE(again, id);
  auto active = Ok(db().Read([&](Tx& tx) { return FindActiveRegistrationOfPerson(tx, person_); }));
  ASSERT_TRUE(active);
  EXPECT_EQ(active->id, again);

  RegistrationFilter f;
  f.path_prefix = district_.path;
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListRegistrations(tx, f); })).size(), 2u);
  f.status = "pending";
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListRegistrations(tx, f); })).size(), 1u);
  f = {};
  f.employer_id = employer_ + 1;
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListRegistrations(tx, f); })).empty());
}

TEST_P(MembersRepoTest, CommitmentsEntriesAndFigures) {
  auto r = Draft();
  r.status = "confirmed";
  const auto id = Ok(db().Write([&](Tx& tx) { return InsertRegistration(tx, r); }));
  for (int i = 0; i < 3; ++i) {
    CommitmentRecord c;
    c.registration_id = id;
    c.year = 2026;
    c.required = i < 2;
    c.sort = 2 - i;
    c.text = "承诺" + std::to_string(i);
    Ok(db().Write([&](Tx& tx) { return InsertCommitment(tx, c, kNow); }));
  }
  auto cs = Ok(db().Read([&](Tx& tx) { return ListCommitments(tx, id, 2026); }));
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].text, "承诺2");  // by sort
  EXPECT_FALSE(cs[0].required);
  cs[0].report = "做到了";
  cs[0].reported_at = kNow + 100;
  Ok(db().Write([&](Tx& tx) { return UpdateCommitment(tx, cs[0]); }));
  auto c = Ok(db().Read([&](Tx& tx) { return FindCommitment(tx, cs[0].id); }));
  EXPECT_EQ(c->report, "做到了");
  EXPECT_EQ(
      Ok(db().Read([&](Tx& tx) { return ListEstateCommitments(tx, estate_.id, 2026); })).size(),
      3u);
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListCommitments(tx, id, 2025); })).empty());

  ServiceEntryRecord e{0, id,         "2026-03-01", "service", 90,
                       3, "志愿服务", std::nullopt, kNow,      std::nullopt};
  const auto entry = Ok(db().Write([&](Tx& tx) { return InsertServiceEntry(tx, e); }));
  e.on_date = "2026-04-02";
  Ok(db().Write([&](Tx& tx) { return InsertServiceEntry(tx, e); }));
  auto march =
      Ok(db().Read([&](Tx& tx) { return ListServiceEntries(tx, id, "2026-03-01", "2026-03-31"); }));
  ASSERT_EQ(march.size(), 1u);
  auto figures = Ok(db().Read([&](Tx& tx) {
    return MemberFiguresUnder(tx, district_.path, kNow - 9 * 3600, kNow + 30 * 86400, "2026-03-01",
                              "2026-03-31", "2026-01-01");
  }));
  EXPECT_EQ(figures.registered, 1);
  EXPECT_EQ(figures.active, 1);
  EXPECT_EQ(figures.entry_minutes, 90);
  EXPECT_EQ(figures.households, 2);
  EXPECT_EQ(figures.households_paired, 0);

  Ok(db().Write([&](Tx& tx) { return VoidServiceEntry(tx, entry, kNow + 5); }));
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) {
                return ListServiceEntries(tx, id, "2026-03-01", "2026-03-31");
              })).empty());
  auto kept = Ok(db().Read([&](Tx& tx) { return FindServiceEntry(tx, entry); }));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->voided_at, kNow + 5);
  figures = Ok(db().Read([&](Tx& tx) {
    return MemberFiguresUnder(tx, district_.path, kNow - 9 * 3600, kNow + 30 * 86400, "2026-03-01",
                              "2026-03-31", "2026-01-01");
  }));
  EXPECT_EQ(figures.active, 0);
}

LINLI_INSTANTIATE_BACKEND_TEST(MembersRepoTest);

}  // namespace
}  // namespace linli::storage
