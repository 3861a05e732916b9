// The pairing and door-knocking repository on every backend: pairings with their joined labels
// and the one-active-pairing rule, households nobody looks after, rounds, visits and their
// filters, coverage by building, and what the service record and the figures read.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/org/household_import.hpp"
#include "storage/database.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/estates.hpp"
#include "storage/repos/member_visits.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using domain::PairingKind;
using testing::BackendTest;

constexpr std::int64_t kNow = 1793500000;  // 2026-11-01

using testing::Ok;

class MemberVisitsRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto built = db().Write([&](Tx& tx) -> Status {
      using K = domain::UnitKind;
      LINLI_ASSIGN_OR_RETURN(auto district, InsertUnit(tx, K::kDistrict, "区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(auto street, InsertUnit(tx, K::kStreet, "街道", district, kNow));
      LINLI_ASSIGN_OR_RETURN(community_, InsertUnit(tx, K::kCommunity, "社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "小区", community_, kNow));
      LINLI_ASSIGN_OR_RETURN(auto other_community,
                             InsertUnit(tx, K::kCommunity, "另一社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(other_, InsertUnit(tx, K::kEstate, "另一小区", other_community, kNow));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
    Import(estate_.id, "1栋,1单元,1,101\n1栋,1单元,1,102\n1栋,2单元,2,201\n2栋,1单元,1,101\n");
    Import(other_.id, "1栋,1单元,1,101\n");
    for (const auto& h : Ok(db().Read([&](Tx& tx) { return ListHouseholdSpots(tx, estate_.id); })))
      h_[h.label] = h.spot;
    for (const auto& h : Ok(db().Read([&](Tx& tx) { return ListHouseholdSpots(tx, other_.id); })))
      other_h_ = h.spot;
    ASSERT_EQ(h_.size(), 4u);
    visitor_ = Account("13800000001", "王五");
    employer_ = Ok(db().Write([&](Tx& tx) {
      return tx.InsertReturningId(
          "INSERT INTO employers (name, created_at) VALUES ('区税务局', ?) RETURNING id", {kNow});
    }));
    // 张三 (confirmed) lives in 1栋1单元101; 李四's registration is still pending.
    zhang_ = Registration("张三", h_["1栋1单元101"].id, "confirmed", visitor_);
    li_ = Registration("李四", h_["1栋2单元201"].id, "pending", std::nullopt);
  }

  void Import(std::int64_t estate, const std::string& rows) {
    std::string csv =
        "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,"
        "delivered\n";
    size_t start = 0;
    while (start < rows.size()) {
      auto end = rows.find('\n', start);
      csv += rows.substr(start, end - start) + ",89.45,registry,业主,,person,yes\n";
      start = end + 1;
    }
    auto plan = domain::ParseHouseholdCsv(csv);
    ASSERT_TRUE(plan) << plan.error().message;
    Ok(db().Write([&](Tx& tx) { return ApplyImportPlan(tx, estate, *plan, kNow); }));
  }
  std::int64_t Account(const std::string& phone, const std::string& name) {
    return Ok(db().Write([&](Tx& tx) {
      return tx.InsertReturningId(
          "INSERT INTO accounts (phone, name, password_hash, created_at) VALUES (?, ?, 'x', ?) "
          "RETURNING id",
          {phone, name, kNow});
    }));
  }
  std::int64_t Registration(const std::string& name, std::int64_t household,
                            const std::string& status, std::optional<std::int64_t> account) {
    return Ok(db().Write([&](Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(
          auto person,
          tx.InsertReturningId("INSERT INTO people (unit_id, name, household_id, created_at, "
                               "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                               {estate_.id, name, household, kNow, kNow}));
      return tx.InsertReturningId(
          "INSERT INTO member_registrations (person_id, account_id, estate_id, estate_path, "
          "household_id, employer_id, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          {person, OptionalInt(account), estate_.id, estate_.path, household, employer_, status,
           kNow});
    }));
  }
  std::int64_t Pair(std::int64_t reg, PairingKind kind, std::int64_t target) {
    PairingRecord p;
    p.estate_id = estate_.id;
    p.registration_id = reg;
    p.kind = kind;
    if (kind == PairingKind::kHousehold)
      p.household_id = target;
    else
      p.entrance_id = target;
    p.started_at = kNow;
    return Ok(db().Write([&](Tx& tx) { return InsertPairing(tx, p); }));
  }
  std::int64_t Visit(const std::string& label, const std::string& on,
                     std::optional<std::int64_t> reg, std::optional<std::int64_t> intake = {},
                     std::optional<std::int64_t> round = {}) {
    VisitRecord v;
    v.estate_id = estate_.id;
    v.estate_path = estate_.path;
    v.household_id = h_.at(label).id;
    v.visitor_account_id = visitor_;
    v.registration_id = reg;
    v.visited_on = on;
    v.heard = "听到：" + label;
    v.intake_id = intake;
    v.round_id = round;
    v.created_at = kNow;
    return Ok(db().Write([&](Tx& tx) { return InsertVisit(tx, v); }));
  }
  std::vector<std::string> UnpairedLabels() {
    std::vector<std::string> out;
    for (const auto& h :
         Ok(db().Read([&](Tx& tx) { return ListUnpairedHouseholds(tx, estate_.id); })))
      out.push_back(h.label);
    return out;
  }

  domain::Unit community_, estate_, other_;
  std::map<std::string, domain::HouseholdSpot> h_;
  domain::HouseholdSpot other_h_;
  std::int64_t visitor_ = 0, employer_ = 0, zhang_ = 0, li_ = 0;
};

TEST_P(MemberVisitsRepoTest, PlacesAndRegistrations) {
  auto h = Ok(db().Read([&](Tx& tx) { return FindHouseholdSpot(tx, h_["1栋2单元201"].id); }));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->estate_id, estate_.id);
  EXPECT_EQ(h->label, "1栋2单元201");
  EXPECT_EQ(h->building_name, "1栋");
  EXPECT_EQ(h->entrance_name, "2单元");
  auto e = Ok(db().Read([&](Tx& tx) { return FindEntrance(tx, h_["1栋1单元101"].entrance_id); }));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->label, "1栋1单元");
  EXPECT_EQ(e->households, 2);
  EXPECT_EQ(e->estate_id, estate_.id);
  // The entrance's households, by floor and room, and none of another entrance.
  auto in_entrance = Ok(db().Read(
      [&](Tx& tx) { return ListEntranceHouseholdSpots(tx, h_["1栋1单元101"].entrance_id); }));
  ASSERT_EQ(in_entrance.size(), 2u);
  EXPECT_EQ(in_entrance[0].label, "1栋1单元101");
  EXPECT_EQ(in_entrance[1].label, "1栋1单元102");

  auto reg = Ok(db().Read([&](Tx& tx) { return FindRegistrationRef(tx, zhang_); }));
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->status, "confirmed");
  EXPECT_EQ(reg->person_name, "张三");
  EXPECT_EQ(reg->home.id, h_["1栋1单元101"].id);
  EXPECT_EQ(reg->home_label, "1栋1单元101");
  auto confirmed =
      Ok(db().Read([&](Tx& tx) { return ListConfirmedRegistrations(tx, estate_.id); }));
  ASSERT_EQ(confirmed.size(), 1u);
  EXPECT_EQ(confirmed[0].id, zhang_);
  auto mine = Ok(db().Read([&](Tx& tx) { return ConfirmedRegistrationsOfAccount(tx, visitor_); }));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].estate_id, estate_.id);
}

TEST_P(MemberVisitsRepoTest, PairingsOneActivePerMemberAndHousehold) {
  const auto id = Pair(zhang_, PairingKind::kHousehold, h_["1栋1单元102"].id);
  auto p = Ok(db().Read([&](Tx& tx) { return FindPairing(tx, id); }));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->label, "1栋1单元102");
  EXPECT_EQ(p->member_name, "张三");
  EXPECT_EQ(p->building_id, h_["1栋1单元102"].building_id);
  EXPECT_FALSE(p->ended_at);

  PairingRecord again = *p;
  auto dup = db().Write([&](Tx& tx) { return InsertPairing(tx, again); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  EXPECT_TRUE(Ok(db().Write([&](Tx& tx) { return EndPairing(tx, id, kNow + 10); })));
  EXPECT_FALSE(Ok(db().Write([&](Tx& tx) { return EndPairing(tx, id, kNow + 20); })));
  auto ended = Ok(db().Read([&](Tx& tx) { return FindPairing(tx, id); }));
  EXPECT_EQ(ended->ended_at, kNow + 10);
  // Ended, the same pair may be made again; the history keeps both.
  const auto id2 = Pair(zhang_, PairingKind::kHousehold, h_["1栋1单元102"].id);
  const auto entrance = Pair(zhang_, PairingKind::kEntrance, h_["1栋2单元201"].entrance_id);
  auto ent = Ok(db().Read([&](Tx& tx) { return FindPairing(tx, entrance); }));
  EXPECT_EQ(ent->label, "1栋2单元");
  EXPECT_EQ(ent->entrance_households, 1);
  PairingRecord dup_entrance = *ent;
  EXPECT_EQ(db().Write([&](Tx& tx) { return InsertPairing(tx, dup_entrance); }).error().code,
            ErrorCode::kAlreadyExists);

  auto active = Ok(db().Read([&](Tx& tx) { return ListActivePairings(tx, estate_.id); }));
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].id, id2);  // 1栋1单元102 sorts before the entrance 1栋2单元
  auto all = Ok(db().Read([&](Tx& tx) { return ListPairingsOfRegistration(tx, zhang_, false); }));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().id, id);  // ended last
  EXPECT_EQ(
      Ok(db().Read([&](Tx& tx) { return ListPairingsOfRegistration(tx, zhang_, true); })).size(),
      2u);
}

TEST_P(MemberVisitsRepoTest, UnpairedLeavesOutPairedEntrancesAndMembersHomes) {
  // 张三 is confirmed and lives in 1栋1单元101; 李四 (pending) does not count.
  EXPECT_EQ(UnpairedLabels(),
            (std::vector<std::string>{"1栋1单元102", "1栋2单元201", "2栋1单元101"}));
  const auto p = Pair(zhang_, PairingKind::kHousehold, h_["1栋1单元102"].id);
  Pair(zhang_, PairingKind::kEntrance, h_["1栋2单元201"].entrance_id);
  EXPECT_EQ(UnpairedLabels(), (std::vector<std::string>{"2栋1单元101"}));
  Ok(db().Write([&](Tx& tx) { return EndPairing(tx, p, kNow); }));
  EXPECT_EQ(UnpairedLabels(), (std::vector<std::string>{"1栋1单元102", "2栋1单元101"}));
}

TEST_P(MemberVisitsRepoTest, RoundsNewestFirstWithTheirBuilding) {
  RoundRecord r;
  r.estate_id = estate_.id;
  r.title = "第三季度";
  r.starts_on = "2026-07-01";
  r.ends_on = "2026-09-30";
  r.created_at = kNow;
  const auto q3 = Ok(db().Write([&](Tx& tx) { return InsertRound(tx, r); }));
  r.title = "1栋第四季度";
  r.building_id = h_["1栋1单元101"].building_id;
  r.starts_on = "2026-10-01";
  r.ends_on = "2026-12-31";
  const auto q4 = Ok(db().Write([&](Tx& tx) { return InsertRound(tx, r); }));
  auto list = Ok(db().Read([&](Tx& tx) { return ListRounds(tx, estate_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, q4);
  EXPECT_EQ(list[0].building_name, "1栋");
  EXPECT_EQ(list[1].id, q3);
  EXPECT_FALSE(list[1].building_id);
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListRounds(tx, other_.id); })).empty());
  auto found = Ok(db().Read([&](Tx& tx) { return FindRound(tx, q4); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "1栋第四季度");

  Visit("1栋1单元101", "2026-10-02", zhang_, std::nullopt, q4);
  Visit("1栋1单元101", "2026-10-05", zhang_);  // the same household twice counts once
  Visit("2栋1单元101", "2026-10-05", zhang_);
  Visit("1栋2单元201", "2026-09-30", zhang_);  // before the round
  auto b1 = Ok(db().Read([&](Tx& tx) {
    return CountCoverage(tx, estate_.id, r.building_id, "2026-10-01", "2026-12-31");
  }));
  EXPECT_EQ(b1.households, 3);
  EXPECT_EQ(b1.visited, 1);
  auto all = Ok(db().Read([&](Tx& tx) {
    return CountCoverage(tx, estate_.id, std::nullopt, "2026-07-01", "2026-12-31");
  }));
  EXPECT_EQ(all.households, 4);
  EXPECT_EQ(all.visited, 3);
}

TEST_P(MemberVisitsRepoTest, VisitsFiltersAppealsAndCoverageByBuilding) {
  // An intake with two appeals, as a visit with problems leaves it.
  const auto intake = Ok(db().Write(
      [&](Tx& tx) { return InsertIntake(tx, estate_.id, "door_knock", visitor_, kNow); }));
  std::vector<std::int64_t> appeal_ids;
  for (int i = 0; i < 2; ++i) {
    domain::Appeal a;
    a.estate_id = estate_.id;
    a.estate_path = estate_.path;
    a.category = "sanitation";
    a.channel = domain::AppealChannel::kDoorKnock;
    a.place_kind = domain::PlaceKind::kHousehold;
    a.household_id = h_["1栋1单元102"].id;
    a.building_id = h_["1栋1单元102"].building_id;
    a.description = "楼道堆物";
    a.status = domain::AppealStatus::kSubmitted;
    a.level = domain::AppealLevel::kEstate;
    a.level_unit_id = estate_.id;
    a.received_at = kNow;
    a.respond_by = kNow + 86400;
    a.resolve_by = kNow + 3 * 86400;
    a.version = 1;
    Ok(db().Write([&](Tx& tx) { return InsertAppeal(tx, a, intake, std::nullopt); }));
    appeal_ids.push_back(a.id);
  }
  const auto v1 = Visit("1栋1单元102", "2026-10-03", zhang_, intake);
  const auto v2 = Visit("2栋1单元101", "2026-11-01", std::nullopt);
  const auto v3 = Visit("1栋1单元102", "2026-06-30", zhang_);

  auto found = Ok(db().Read([&](Tx& tx) { return FindVisit(tx, v1); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->household_label, "1栋1单元102");
  EXPECT_EQ(found->visitor_name, "王五");
  EXPECT_EQ(found->intake_id, intake);
  EXPECT_EQ(found->appeal_ids, appeal_ids);
  EXPECT_EQ(found->registration_id, zhang_);
  EXPECT_TRUE(found->member_person_id);

  auto ids = [&](const VisitFilter& f) {
    std::vector<std::int64_t> out;
    for (const auto& v : Ok(db().Read([&](Tx& tx) { return ListVisits(tx, f, 50, 0); })))
      out.push_back(v.id);
    EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountVisits(tx, f); })),
              static_cast<std::int64_t>(out.size()));
    return out;
  };
  VisitFilter f;
  f.estate_id = estate_.id;
  EXPECT_EQ(ids(f), (std::vector<std::int64_t>{v2, v1, v3}));  // newest date first
  f.from = "2026-10-01";
  f.to = "2026-12-31";
  EXPECT_EQ(ids(f), (std::vector<std::int64_t>{v2, v1}));
  f.building_id = h_["1栋1单元102"].building_id;
  EXPECT_EQ(ids(f), (std::vector<std::int64_t>{v1}));
  f = {};
  f.estate_id = estate_.id;
  f.household_id = h_["1栋1单元102"].id;
  EXPECT_EQ(ids(f), (std::vector<std::int64_t>{v1, v3}));
  f.visitor_account_id = visitor_ + 1000;
  EXPECT_TRUE(ids(f).empty());
  f = {};
  f.estate_id = other_.id;
  EXPECT_TRUE(ids(f).empty());
  VisitFilter everything;
  everything.estate_id = estate_.id;
  auto page = Ok(db().Read([&](Tx& tx) { return ListVisits(tx, everything, 1, 1); }));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, v1);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountVisitsOfVisitor(tx, visitor_); })), 3);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListVisitsOfVisitor(tx, visitor_, 2, 0); })).size(),
            2u);

  auto cov = Ok(db().Read(
      [&](Tx& tx) { return CoverageByBuilding(tx, estate_.id, "2026-10-01", "2026-12-31"); }));
  ASSERT_EQ(cov.size(), 2u);
  EXPECT_EQ(cov[0].building_name, "1栋");
  EXPECT_EQ(cov[0].count.households, 3);
  EXPECT_EQ(cov[0].count.visited, 1);
  EXPECT_EQ(cov[1].building_name, "2栋");
  EXPECT_EQ(cov[1].count.households, 1);
  EXPECT_EQ(cov[1].count.visited, 1);
}

TEST_P(MemberVisitsRepoTest, WhatTheRecordAndTheFiguresRead) {
  Pair(zhang_, PairingKind::kHousehold, h_["1栋1单元102"].id);
  Pair(zhang_, PairingKind::kEntrance, h_["1栋2单元201"].entrance_id);
  const auto v1 = Visit("1栋1单元102", "2026-10-03", zhang_);
  const auto v2 = Visit("1栋1单元102", "2026-10-09", zhang_);
  Visit("2栋1单元101", "2026-10-04", std::nullopt);  // a building lead's visit
  Visit("1栋2单元201", "2027-01-02", zhang_);        // next quarter

  auto rows = Ok(db().Read(
      [&](Tx& tx) { return VisitsOfRegistration(tx, zhang_, "2026-10-01", "2026-12-31"); }));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].visit_id, v1);  // oldest first
  EXPECT_EQ(rows[0].visited_on, "2026-10-03");
  EXPECT_EQ(rows[0].household_label, "1栋1单元102");
  EXPECT_EQ(rows[0].heard, "听到：1栋1单元102");
  EXPECT_EQ(rows[1].visit_id, v2);
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) {
                return VisitsOfRegistration(tx, li_, "2026-01-01", "2026-12-31");
              })).empty());

  auto figures = [&](const std::string& path) {
    return Ok(
        db().Read([&](Tx& tx) { return VisitFiguresUnder(tx, path, "2026-10-01", "2026-12-31"); }));
  };
  auto f = figures(community_.path);
  EXPECT_EQ(f.households, 4);
  EXPECT_EQ(f.households_visited, 2);
  EXPECT_EQ(f.visits, 3);
  EXPECT_EQ(f.households_paired, 2);  // 1栋1单元102 and, through its 中心户, 1栋2单元201
  auto all = figures("/");
  EXPECT_EQ(all.households, 5);  // the other estate's household too
  EXPECT_EQ(all.visits, 3);
  auto other = figures(other_.path);
  EXPECT_EQ(other.households, 1);
  EXPECT_EQ(other.households_visited, 0);
  EXPECT_EQ(other.households_paired, 0);
}

LINLI_INSTANTIATE_BACKEND_TEST(MemberVisitsRepoTest);

}  // namespace
}  // namespace linli::storage
