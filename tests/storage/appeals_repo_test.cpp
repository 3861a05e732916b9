// The appeals repository on every backend: appeals with their joined names and the optimistic
// version check, the list filters (estate, subtree by path range, status, overdue), catalogue
// overrides, the holiday calendar, photos, notifications, idempotency keys, the timeline, the
// public board and the maintained figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/stats.hpp"
#include "domain/org/household_import.hpp"
#include "storage/database.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/estates.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using domain::Appeal;
using domain::AppealStatus;
using testing::BackendTest;

constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

using testing::Ok;

class AppealsRepoTest : public BackendTest {
 protected:
  // district > street > community > estates; among the estates two whose ids are x and 10x, so
  // that their paths are "/…/x/" and "/…/x0/"; and a second street with one estate.
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto built = db().Write([&](Tx& tx) -> Status {
      using K = domain::UnitKind;
      LINLI_ASSIGN_OR_RETURN(district_, InsertUnit(tx, K::kDistrict, "区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(street_, InsertUnit(tx, K::kStreet, "街道", district_, kNow));
      LINLI_ASSIGN_OR_RETURN(community_, InsertUnit(tx, K::kCommunity, "社区", street_, kNow));
      std::vector<domain::Unit> estates;
      for (int i = 0; i < 200; ++i) {
        LINLI_ASSIGN_OR_RETURN(
            auto e, InsertUnit(tx, K::kEstate, "小区" + std::to_string(i), community_, kNow));
        estates.push_back(e);
        auto first = std::find_if(estates.begin(), estates.end(),
                                  [&](const domain::Unit& u) { return u.id * 10 == e.id; });
        if (first != estates.end()) {
          estate_ = *first;
          estate10_ = e;
          break;
        }
      }
      LINLI_ASSIGN_OR_RETURN(other_street_,
                             InsertUnit(tx, K::kStreet, "另一街道", district_, kNow));
      LINLI_ASSIGN_OR_RETURN(auto other_community,
                             InsertUnit(tx, K::kCommunity, "另一社区", other_street_, kNow));
      LINLI_ASSIGN_OR_RETURN(other_estate_,
                             InsertUnit(tx, K::kEstate, "另一小区", other_community, kNow));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
    ASSERT_NE(estate_.id, 0);
    ASSERT_EQ(estate10_.path, estate_.path.substr(0, estate_.path.size() - 1) + "0/");
  }

  // A problem of `estate` received at `at`, in the estate's hands.
  Appeal Make(const domain::Unit& estate, const std::string& category = "sanitation",
              std::int64_t at = kNow) {
    Appeal a;
    a.estate_id = estate.id;
    a.estate_path = estate.path;
    a.category = category;
    a.channel = domain::AppealChannel::kSelf;
    a.place_kind = domain::PlaceKind::kPublic;
    a.place_text = "北门垃圾桶旁";
    a.description = "垃圾没有清运";
    a.status = AppealStatus::kSubmitted;
    a.level = domain::AppealLevel::kEstate;
    a.level_unit_id = estate.id;
    a.handler = domain::HandlerKind::kProperty;
    a.received_at = at;
    a.respond_by = at + 24 * kHour;
    a.resolve_by = at + 3 * kDay;
    a.version = 1;
    return a;
  }
  Appeal Insert(Appeal a, std::optional<std::int64_t> intake = std::nullopt) {
    Ok(db().Write([&](Tx& tx) { return InsertAppeal(tx, a, intake, std::nullopt); }));
    EXPECT_GT(a.id, 0);
    return a;
  }
  std::optional<AppealRecord> Find(std::int64_t id) {
    return Ok(db().Read([&](Tx& tx) { return FindAppeal(tx, id); }));
  }
  std::vector<std::int64_t> Ids(const AppealFilter& f, std::int64_t limit = 100,
                                std::int64_t offset = 0) {
    auto list = Ok(db().Read([&](Tx& tx) { return ListAppeals(tx, f, limit, offset); }));
    std::vector<std::int64_t> ids;
    for (const auto& r : list) ids.push_back(r.appeal.id);
    return ids;
  }
  std::int64_t Count(const AppealFilter& f) {
    return Ok(db().Read([&](Tx& tx) { return CountAppeals(tx, f); }));
  }
  std::int64_t Account(const std::string& phone, const std::string& name) {
    return Ok(db().Write([&](Tx& tx) {
      return tx.InsertReturningId(
          "INSERT INTO accounts (phone, name, password_hash, created_at) VALUES (?, ?, 'x', ?) "
          "RETURNING id",
          {phone, name, kNow});
    }));
  }
  void Grant(std::int64_t account, const std::string& role, std::int64_t unit) {
    Ok(db().Write([&](Tx& tx) -> Status {
      LINLI_TRY(tx.Exec(
          "INSERT INTO account_roles (account_id, role, unit_id, created_at) VALUES (?, ?, ?, ?)",
          {account, role, unit, kNow}));
      return {};
    }));
  }

  domain::Unit district_, street_, community_, estate_, estate10_, other_street_, other_estate_;
};

TEST_P(AppealsRepoTest, InsertsFindsAndUpdatesOnlyTheVersionItRead) {
  // A household to point at: 1栋 1单元 501.
  auto plan = domain::ParseHouseholdCsv(
      "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n"
      "1栋,1单元,5,501,89.45,registry,张三,13812341234,person,yes\n");
  ASSERT_TRUE(plan) << plan.error().message;
  Ok(db().Write([&](Tx& tx) { return ApplyImportPlan(tx, estate_.id, *plan, kNow); }));
  auto households =
      Ok(db().Read([&](Tx& tx) { return ListHouseholds(tx, estate_.id, {}, 10, 0); }));
  ASSERT_EQ(households.size(), 1u);
  const auto& h = households[0];

  auto place = Ok(db().Read([&](Tx& tx) { return FindHouseholdPlace(tx, h.id); }));
  ASSERT_TRUE(place);
  EXPECT_EQ(place->estate_id, estate_.id);
  EXPECT_EQ(place->building_id, h.building_id);
  EXPECT_EQ(place->label, "1栋1单元501");
  EXPECT_EQ(place->building_name, "1栋");
  auto building = Ok(db().Read([&](Tx& tx) { return FindBuildingPlace(tx, h.building_id); }));
  ASSERT_TRUE(building);
  EXPECT_EQ(building->estate_id, estate_.id);
  EXPECT_EQ(building->label, "1栋");
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindHouseholdPlace(tx, h.id + 1000); })));
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindBuildingPlace(tx, h.building_id + 1000); })));

  const auto reporter = Account("13900001111", "李四");
  const auto intake = Ok(db().Write(
      [&](Tx& tx) { return InsertIntake(tx, estate_.id, "door_knock", reporter, kNow); }));
  Appeal a = Make(estate_);
  a.channel = domain::AppealChannel::kDoorKnock;
  a.place_kind = domain::PlaceKind::kHousehold;
  a.place_text.clear();
  a.household_id = h.id;
  a.building_id = h.building_id;
  a.anonymous = true;
  a.reporter_account_id = reporter;
  a.contact_name = "王五";
  a.contact_phone = "13700002222";
  a = Insert(a, intake);
  EXPECT_EQ(a.visit_id, intake);

  auto rec = Find(a.id);
  ASSERT_TRUE(rec);
  const Appeal& got = rec->appeal;
  EXPECT_EQ(got.estate_id, estate_.id);
  EXPECT_EQ(got.estate_path, estate_.path);
  EXPECT_EQ(got.category, "sanitation");
  EXPECT_EQ(got.channel, domain::AppealChannel::kDoorKnock);
  EXPECT_EQ(got.place_kind, domain::PlaceKind::kHousehold);
  EXPECT_EQ(got.household_id, h.id);
  EXPECT_EQ(got.building_id, h.building_id);
  EXPECT_EQ(got.description, "垃圾没有清运");
  EXPECT_TRUE(got.anonymous);
  EXPECT_EQ(got.reporter_account_id, reporter);
  EXPECT_EQ(got.contact_name, "王五");
  EXPECT_EQ(got.contact_phone, "13700002222");
  EXPECT_EQ(got.status, AppealStatus::kSubmitted);
  EXPECT_EQ(got.level, domain::AppealLevel::kEstate);
  EXPECT_EQ(got.level_unit_id, estate_.id);
  EXPECT_EQ(got.handler, domain::HandlerKind::kProperty);
  EXPECT_FALSE(got.escalated);
  EXPECT_EQ(got.received_at, kNow);
  EXPECT_EQ(got.respond_by, kNow + 24 * kHour);
  EXPECT_EQ(got.resolve_by, kNow + 3 * kDay);
  EXPECT_FALSE(got.responded_at);
  EXPECT_FALSE(got.rating);
  EXPECT_FALSE(got.callback_contacted);
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(rec->intake_id, intake);
  EXPECT_EQ(got.visit_id, intake);
  EXPECT_FALSE(rec->client_id);
  EXPECT_EQ(rec->estate_name, estate_.name);
  EXPECT_EQ(rec->level_unit_name, estate_.name);
  EXPECT_EQ(rec->building_name, "1栋");
  EXPECT_EQ(rec->entrance_name, "1单元");
  EXPECT_EQ(rec->room, "501");
  EXPECT_EQ(rec->reporter_name, "李四");
  EXPECT_EQ(rec->reporter_phone, "13900001111");
  EXPECT_EQ(rec->assignee_name, "");

  // Every mutable field goes through an update and comes back.
  const auto assignee = Account("13600003333", "赵六");
  Appeal b = got;
  b.status = AppealStatus::kResolved;
  b.level = domain::AppealLevel::kCommunity;
  b.level_unit_id = community_.id;
  b.handler = domain::HandlerKind::kCommunity;
  b.assignee_account_id = assignee;
  b.escalated = true;
  b.respond_by = kNow + 2 * kDay;
  b.resolve_by = kNow + 5 * kDay;
  b.responded_at = kNow + kHour;
  b.resolved_at = kNow + 2 * kHour;
  b.closed_at = kNow + 3 * kHour;
  b.extensions = 1;
  b.reopen_count = 2;
  b.merged_into = 99;
  b.resolution_note = "已清运";
  b.agenda = "6月联席会议";
  b.rating = domain::Rating::kBasically;
  b.rating_comment = "还行";
  b.rated_at = kNow + 4 * kHour;
  b.callback_contacted = true;
  b.callback_solved = false;
  b.callback_rating = domain::Rating::kDissatisfied;
  b.callback_at = kNow + 5 * kHour;
  b.version = 2;
  Ok(db().Write([&](Tx& tx) { return UpdateAppeal(tx, b, 1); }));
  rec = Find(a.id);
  ASSERT_TRUE(rec);
  const Appeal& c = rec->appeal;
  EXPECT_EQ(c.status, AppealStatus::kResolved);
  EXPECT_EQ(c.level, domain::AppealLevel::kCommunity);
  EXPECT_EQ(c.level_unit_id, community_.id);
  EXPECT_EQ(rec->level_unit_name, "社区");
  EXPECT_EQ(c.handler, domain::HandlerKind::kCommunity);
  EXPECT_EQ(c.assignee_account_id, assignee);
  EXPECT_EQ(rec->assignee_name, "赵六");
  EXPECT_TRUE(c.escalated);
  EXPECT_EQ(c.respond_by, kNow + 2 * kDay);
  EXPECT_EQ(c.resolve_by, kNow + 5 * kDay);
  EXPECT_EQ(c.responded_at, kNow + kHour);
  EXPECT_EQ(c.resolved_at, kNow + 2 * kHour);
  EXPECT_EQ(c.closed_at, kNow + 3 * kHour);
  EXPECT_EQ(c.extensions, 1);
  EXPECT_EQ(c.reopen_count, 2);
  EXPECT_EQ(c.merged_into, 99);
  EXPECT_EQ(c.resolution_note, "已清运");
  EXPECT_EQ(c.agenda, "6月联席会议");
  EXPECT_EQ(c.rating, domain::Rating::kBasically);
  EXPECT_EQ(c.rating_comment, "还行");
  EXPECT_EQ(c.rated_at, kNow + 4 * kHour);
  EXPECT_EQ(c.callback_contacted, true);
  EXPECT_EQ(c.callback_solved, false);
  EXPECT_EQ(c.callback_rating, domain::Rating::kDissatisfied);
  EXPECT_EQ(c.callback_at, kNow + 5 * kHour);
  EXPECT_EQ(c.version, 2);
  // What is not mutable stays.
  EXPECT_EQ(c.received_at, kNow);
  EXPECT_EQ(c.description, "垃圾没有清运");

  // Someone else read version 1 and writes: refused as a conflict, nothing changed.
  Appeal stale = got;
  stale.status = AppealStatus::kClosed;
  stale.version = 2;
  auto conflict = db().Write([&](Tx& tx) { return UpdateAppeal(tx, stale, 1); });
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kAborted);
  EXPECT_EQ(Find(a.id)->appeal.status, AppealStatus::kResolved);

  // Clearing optional fields writes NULLs.
  Appeal cleared = c;
  cleared.assignee_account_id.reset();
  cleared.resolved_at.reset();
  cleared.rating.reset();
  cleared.callback_contacted.reset();
  cleared.callback_solved.reset();
  cleared.callback_rating.reset();
  cleared.merged_into.reset();
  cleared.version = 3;
  Ok(db().Write([&](Tx& tx) { return UpdateAppeal(tx, cleared, 2); }));
  rec = Find(a.id);
  ASSERT_TRUE(rec);
  EXPECT_FALSE(rec->appeal.assignee_account_id);
  EXPECT_FALSE(rec->appeal.resolved_at);
  EXPECT_FALSE(rec->appeal.rating);
  EXPECT_FALSE(rec->appeal.callback_contacted);
  EXPECT_FALSE(rec->appeal.callback_solved);
  EXPECT_FALSE(rec->appeal.callback_rating);
  EXPECT_FALSE(rec->appeal.merged_into);
  EXPECT_EQ(rec->assignee_name, "");

  EXPECT_FALSE(Find(a.id + 1000));
  Appeal missing = c;
  missing.id = a.id + 1000;
  auto nothing = db().Write([&](Tx& tx) { return UpdateAppeal(tx, missing, 1); });
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kAborted);
}

TEST_P(AppealsRepoTest, ListsByEstateSubtreeStatusCategoryAndReporter) {
  const auto reporter = Account("13900001111", "李四");
  Appeal a1 = Make(estate_);
  a1.reporter_account_id = reporter;
  a1 = Insert(a1);
  Appeal a2 = Make(estate_, "lift");
  a2.status = AppealStatus::kResolved;
  a2.handler = domain::HandlerKind::kCommittee;
  a2.responded_at = kNow + kHour;
  a2.resolved_at = kNow + 2 * kHour;
  a2 = Insert(a2);
  Appeal a10 = Insert(Make(estate10_));
  Appeal other = Make(other_estate_);
  other.reporter_account_id = reporter;
  other = Insert(other);

  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids({}), (V{other.id, a10.id, a2.id, a1.id}));  // newest first
  AppealFilter by_estate;
  by_estate.estate_id = estate_.id;
  EXPECT_EQ(Ids(by_estate), (V{a2.id, a1.id}));
  EXPECT_EQ(Count(by_estate), 2);

  // The estate's own path "/…/x/" must not take in the estate "/…/x0/".
  AppealFilter by_path;
  by_path.path = estate_.path;
  EXPECT_EQ(Ids(by_path), (V{a2.id, a1.id})) << estate_.path << " vs " << estate10_.path;
  EXPECT_EQ(Count(by_path), 2);
  by_path.path = estate10_.path;
  EXPECT_EQ(Ids(by_path), (V{a10.id}));
  by_path.path = community_.path;
  EXPECT_EQ(Ids(by_path), (V{a10.id, a2.id, a1.id}));
  by_path.path = street_.path;
  EXPECT_EQ(Count(by_path), 3);
  by_path.path = other_street_.path;
  EXPECT_EQ(Ids(by_path), (V{other.id}));
  by_path.path = district_.path;
  EXPECT_EQ(Count(by_path), 4);

  AppealFilter open;
  open.statuses = {"submitted", "accepted", "in_progress", "returned"};
  EXPECT_EQ(Ids(open), (V{other.id, a10.id, a1.id}));
  AppealFilter resolved;
  resolved.statuses = {"resolved"};
  EXPECT_EQ(Ids(resolved), (V{a2.id}));
  EXPECT_EQ(Count(resolved), 1);

  AppealFilter lift;
  lift.category = "lift";
  EXPECT_EQ(Ids(lift), (V{a2.id}));
  AppealFilter committee;
  committee.handler = "committee";
  EXPECT_EQ(Ids(committee), (V{a2.id}));
  AppealFilter mine;
  mine.reporter_account_id = reporter;
  EXPECT_EQ(Ids(mine), (V{other.id, a1.id}));
  mine.estate_id = estate_.id;
  EXPECT_EQ(Ids(mine), (V{a1.id}));

  // Paging.
  EXPECT_EQ(Ids({}, 2, 0), (V{other.id, a10.id}));
  EXPECT_EQ(Ids({}, 2, 2), (V{a2.id, a1.id}));
  EXPECT_EQ(Ids({}, 2, 4), V{});
}

TEST_P(AppealsRepoTest, OverdueIsOpenAndPastADeadline) {
  // Unanswered past its response deadline.
  Appeal late_answer = Insert(Make(estate_));
  // Answered in time but past its resolution deadline.
  Appeal late_solution = Make(estate_, "lift", kNow - 4 * kDay);
  late_solution.status = AppealStatus::kInProgress;
  late_solution.responded_at = kNow - 4 * kDay + kHour;
  late_solution = Insert(late_solution);
  // Answered, within its resolution deadline.
  Appeal in_time = Make(estate_);
  in_time.status = AppealStatus::kAccepted;
  in_time.responded_at = kNow + kHour;
  in_time = Insert(in_time);
  // Resolved long ago: never overdue.
  Appeal done = Make(estate_, "lift", kNow - 10 * kDay);
  done.status = AppealStatus::kResolved;
  done.responded_at = kNow - 10 * kDay + kHour;
  done.resolved_at = kNow - 9 * kDay;
  done = Insert(done);
  // At the district and late: listed as overdue, but the escalation job leaves it.
  Appeal at_top = Make(estate10_, "sanitation", kNow - 10 * kDay);
  at_top.level = domain::AppealLevel::kDistrict;
  at_top.level_unit_id = district_.id;
  at_top.handler = domain::HandlerKind::kDistrict;
  at_top.escalated = true;
  at_top = Insert(at_top);

  const std::int64_t at = kNow + 25 * kHour;  // past late_answer's 24 hours
  AppealFilter overdue;
  overdue.overdue_at = at;
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(overdue), (V{at_top.id, late_solution.id, late_answer.id}));
  EXPECT_EQ(Count(overdue), 3);
  overdue.estate_id = estate_.id;
  EXPECT_EQ(Ids(overdue), (V{late_solution.id, late_answer.id}));
  overdue.overdue_at = kNow + 23 * kHour;  // late_answer still has an hour
  EXPECT_EQ(Ids(overdue), (V{late_solution.id}));

  // The job looks at every open appeal past a deadline that it has not marked yet, at any level.
  auto ids = Ok(db().Read([&](Tx& tx) { return ListOverdueIds(tx, at, 100); }));
  EXPECT_EQ(ids, (V{late_answer.id, late_solution.id, at_top.id}));
  ids = Ok(db().Read([&](Tx& tx) { return ListOverdueIds(tx, at, 1); }));
  EXPECT_EQ(ids.size(), 1u);
  ids = Ok(db().Read([&](Tx& tx) { return ListOverdueIds(tx, kNow, 100); }));
  EXPECT_EQ(ids, (V{late_solution.id, at_top.id}));
  // Once marked (nowhere higher to go), it is no longer looked at.
  Appeal marked = at_top;
  marked.overdue_marked = true;
  marked.version = at_top.version + 1;
  Ok(db().Write([&](Tx& tx) { return UpdateAppeal(tx, marked, at_top.version); }));
  ids = Ok(db().Read([&](Tx& tx) { return ListOverdueIds(tx, at, 100); }));
  EXPECT_EQ(ids, (V{late_answer.id, late_solution.id}));

  // Open and overdue counts come from the maintained cells of every month, not from the appeals.
  Ok(db().Write([&](Tx& tx) -> Status {
    LINLI_TRY(ApplyStatsDeltas(tx, {community_.id}, domain::Diff(std::nullopt, in_time)));
    LINLI_TRY(ApplyStatsDeltas(tx, {community_.id}, domain::Diff(std::nullopt, marked)));
    return ApplyStatsDeltas(tx, {community_.id}, domain::Diff(std::nullopt, done));
  }));
  auto counts = Ok(db().Read([&](Tx& tx) { return CountOpenAndOverdue(tx, community_.id); }));
  EXPECT_EQ(counts.first, 2);   // in_time, at_top
  EXPECT_EQ(counts.second, 1);  // at_top, marked
  counts = Ok(db().Read([&](Tx& tx) { return CountOpenAndOverdue(tx, other_estate_.id); }));
  EXPECT_EQ(counts.first, 0);
  EXPECT_EQ(counts.second, 0);
}

TEST_P(AppealsRepoTest, CategoryOverridesAreUpsertedPerEstate) {
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListCategoryOverrides(tx, estate_.id); })).empty());
  domain::AppealCategory lift;
  lift.code = "lift";
  lift.name = "电梯故障";
  lift.name_en = "Lift";
  lift.handler = domain::HandlerKind::kCommittee;
  lift.respond = {1, domain::DeadlineUnit::kHours};
  lift.resolve = {1, domain::DeadlineUnit::kWorkingDays};
  lift.sort = 20;
  Ok(db().Write([&](Tx& tx) { return UpsertCategory(tx, estate_.id, lift, kNow); }));
  domain::AppealCategory pets = lift;
  pets.code = "pets";
  pets.name = "宠物";
  pets.sort = 5;
  pets.active = false;
  Ok(db().Write([&](Tx& tx) { return UpsertCategory(tx, estate_.id, pets, kNow); }));
  // The same code again changes it in place.
  lift.name = "电梯";
  lift.respond = {3, domain::DeadlineUnit::kHours};
  lift.resolve = {2, domain::DeadlineUnit::kWorkingDays};
  lift.handler = domain::HandlerKind::kProperty;
  Ok(db().Write([&](Tx& tx) { return UpsertCategory(tx, estate_.id, lift, kNow + 1); }));

  auto list = Ok(db().Read([&](Tx& tx) { return ListCategoryOverrides(tx, estate_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].code, "pets");  // by sort
  EXPECT_FALSE(list[0].active);
  EXPECT_EQ(list[0].estate_id, estate_.id);
  EXPECT_EQ(list[1].code, "lift");
  EXPECT_EQ(list[1].name, "电梯");
  EXPECT_EQ(list[1].name_en, "Lift");
  EXPECT_EQ(list[1].handler, domain::HandlerKind::kProperty);
  EXPECT_EQ(list[1].respond.value, 3);
  EXPECT_EQ(list[1].respond.unit, domain::DeadlineUnit::kHours);
  EXPECT_EQ(list[1].resolve.value, 2);
  EXPECT_EQ(list[1].resolve.unit, domain::DeadlineUnit::kWorkingDays);
  EXPECT_TRUE(list[1].active);
  EXPECT_EQ(list[1].sort, 20);
  // Another estate keeps the defaults.
  EXPECT_TRUE(
      Ok(db().Read([&](Tx& tx) { return ListCategoryOverrides(tx, estate10_.id); })).empty());
}

TEST_P(AppealsRepoTest, CalendarYearIsReplacedWhole) {
  std::vector<CalendarDay> days = {
      {"2026-10-01", "holiday"}, {"2026-10-02", "holiday"}, {"2026-10-10", "workday"}};
  Ok(db().Write([&](Tx& tx) { return ReplaceCalendarYear(tx, 2026, days); }));
  Ok(db().Write([&](Tx& tx) {
    return ReplaceCalendarYear(tx, 2027, {{"2027-01-01", "holiday"}});
  }));
  auto y = Ok(db().Read([&](Tx& tx) { return ListCalendarYear(tx, 2026); }));
  ASSERT_EQ(y.size(), 3u);
  EXPECT_EQ(y[0].day, "2026-10-01");
  EXPECT_EQ(y[0].kind, "holiday");
  EXPECT_EQ(y[2].day, "2026-10-10");
  EXPECT_EQ(y[2].kind, "workday");
  auto cal = Ok(db().Read([&](Tx& tx) { return LoadCalendar(tx); }));
  EXPECT_FALSE(cal.IsWorkingDay(*domain::ParseDay("2026-10-01")));
  EXPECT_TRUE(cal.IsWorkingDay(*domain::ParseDay("2026-10-10")));  // a Saturday worked
  EXPECT_FALSE(cal.IsWorkingDay(*domain::ParseDay("2027-01-01")));

  // Replacing 2026 drops what it had and leaves 2027 alone.
  Ok(db().Write([&](Tx& tx) {
    return ReplaceCalendarYear(tx, 2026, {{"2026-05-01", "holiday"}});
  }));
  y = Ok(db().Read([&](Tx& tx) { return ListCalendarYear(tx, 2026); }));
  ASSERT_EQ(y.size(), 1u);
  EXPECT_EQ(y[0].day, "2026-05-01");
  cal = Ok(db().Read([&](Tx& tx) { return LoadCalendar(tx); }));
  EXPECT_TRUE(cal.IsWorkingDay(*domain::ParseDay("2026-10-01")));  // a Thursday again
  EXPECT_FALSE(cal.IsWorkingDay(*domain::ParseDay("2026-05-01")));
  EXPECT_FALSE(cal.IsWorkingDay(*domain::ParseDay("2027-01-01")));
  Ok(db().Write([&](Tx& tx) { return ReplaceCalendarYear(tx, 2026, {}); }));
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListCalendarYear(tx, 2026); })).empty());
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListCalendarYear(tx, 2027); })).size(), 1u);
}

TEST_P(AppealsRepoTest, PhotosAreStoredAttachedAndListed) {
  const auto owner = Account("13900001111", "李四");
  PhotoRecord p;
  p.token = "tok-1";
  p.account_id = owner;
  p.content_type = "image/png";
  p.size = 4;
  p.stage = "report";
  const auto id1 = Ok(db().Write([&](Tx& tx) { return InsertPhoto(tx, p, "iVBORw==", kNow); }));
  p.token = "tok-2";
  p.content_type = "image/jpeg";
  const auto id2 = Ok(db().Write([&](Tx& tx) { return InsertPhoto(tx, p, "/9j/", kNow); }));
  // Tokens are unique.
  auto dup = db().Write([&](Tx& tx) { return InsertPhoto(tx, p, "/9j/", kNow); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  auto found = Ok(db().Read([&](Tx& tx) { return FindPhoto(tx, id1); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token, "tok-1");
  EXPECT_EQ(found->account_id, owner);
  EXPECT_EQ(found->content_type, "image/png");
  EXPECT_EQ(found->size, 4);
  EXPECT_FALSE(found->appeal_id);
  EXPECT_EQ(found->stage, "report");
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindPhoto(tx, id2 + 100); })));
  auto data = Ok(db().Read([&](Tx& tx) { return FindPhotoData(tx, "tok-2"); }));
  ASSERT_TRUE(data);
  EXPECT_EQ(data->first.id, id2);
  EXPECT_EQ(data->second, "/9j/");
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindPhotoData(tx, "nope"); })));

  Appeal a = Insert(Make(estate_));
  Ok(db().Write([&](Tx& tx) { return AttachPhoto(tx, id2, a.id, "resolve"); }));
  Ok(db().Write([&](Tx& tx) { return AttachPhoto(tx, id1, a.id, "report"); }));
  auto list = Ok(db().Read([&](Tx& tx) { return ListAppealPhotos(tx, a.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, id1);
  EXPECT_EQ(list[0].stage, "report");
  EXPECT_EQ(list[1].id, id2);
  EXPECT_EQ(list[1].stage, "resolve");
  EXPECT_EQ(list[1].appeal_id, a.id);
  EXPECT_TRUE(Ok(db().Read([&](Tx& tx) { return ListAppealPhotos(tx, a.id + 1); })).empty());
}

TEST_P(AppealsRepoTest, NotificationsAreCountedAndMarkedReadPerAccount) {
  const auto me = Account("13900001111", "李四");
  const auto you = Account("13900002222", "王五");
  Appeal a = Insert(Make(estate_));
  for (int i = 0; i < 3; ++i)
    Ok(db().Write([&](Tx& tx) {
      return InsertNotification(tx, me, a.id, "通知" + std::to_string(i), kNow + i);
    }));
  Ok(db().Write([&](Tx& tx) { return InsertNotification(tx, you, std::nullopt, "你的", kNow); }));

  auto count = [&](std::int64_t who, bool unread) {
    return Ok(db().Read([&](Tx& tx) { return CountNotifications(tx, who, unread); }));
  };
  EXPECT_EQ(count(me, true), 3);
  EXPECT_EQ(count(me, false), 3);
  EXPECT_EQ(count(you, true), 1);
  auto list = Ok(db().Read([&](Tx& tx) { return ListNotifications(tx, me, false, 10, 0); }));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].text, "通知2");  // newest first
  EXPECT_EQ(list[0].appeal_id, a.id);
  EXPECT_EQ(list[0].at, kNow + 2);
  EXPECT_FALSE(list[0].read);
  EXPECT_EQ(list[2].text, "通知0");
  auto page = Ok(db().Read([&](Tx& tx) { return ListNotifications(tx, me, false, 2, 2); }));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].text, "通知0");

  // Marking one of mine and one of yours as me reads only mine.
  auto yours = Ok(db().Read([&](Tx& tx) { return ListNotifications(tx, you, false, 10, 0); }));
  ASSERT_EQ(yours.size(), 1u);
  Ok(db().Write([&](Tx& tx) {
    return MarkNotificationsRead(tx, me, {list[0].id, yours[0].id}, kNow + 10);
  }));
  EXPECT_EQ(count(me, true), 2);
  EXPECT_EQ(count(me, false), 3);
  EXPECT_EQ(count(you, true), 1);
  auto unread = Ok(db().Read([&](Tx& tx) { return ListNotifications(tx, me, true, 10, 0); }));
  ASSERT_EQ(unread.size(), 2u);
  EXPECT_EQ(unread[0].text, "通知1");
  list = Ok(db().Read([&](Tx& tx) { return ListNotifications(tx, me, false, 10, 0); }));
  EXPECT_TRUE(list[0].read);

  // No ids: all of mine.
  Ok(db().Write([&](Tx& tx) { return MarkNotificationsRead(tx, me, {}, kNow + 20); }));
  EXPECT_EQ(count(me, true), 0);
  EXPECT_EQ(count(you, true), 1);
}

TEST_P(AppealsRepoTest, IdempotencyKeysAreUniquePerCaller) {
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindIdempotencyKey(tx, "a:1", "k1"); })));
  Ok(db().Write([&](Tx& tx) { return SaveIdempotencyKey(tx, "a:1", "k1", "5,6", kNow); }));
  auto seen = Ok(db().Read([&](Tx& tx) { return FindIdempotencyKey(tx, "a:1", "k1"); }));
  ASSERT_TRUE(seen);
  EXPECT_EQ(*seen, "5,6");
  auto again = db().Write([&](Tx& tx) { return SaveIdempotencyKey(tx, "a:1", "k1", "7", kNow); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(*Ok(db().Read([&](Tx& tx) { return FindIdempotencyKey(tx, "a:1", "k1"); })), "5,6");
  // The same key from another caller is another request.
  Ok(db().Write([&](Tx& tx) { return SaveIdempotencyKey(tx, "c:1", "k1", "8", kNow); }));
  EXPECT_EQ(*Ok(db().Read([&](Tx& tx) { return FindIdempotencyKey(tx, "c:1", "k1"); })), "8");
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindIdempotencyKey(tx, "a:1", "k2"); })));
}

TEST_P(AppealsRepoTest, TimelineAndPublicBoard) {
  const auto actor = Account("13900001111", "李四");
  Appeal a = Insert(Make(estate_));
  Ok(db().Write([&](Tx& tx) {
    return InsertAppealEvent(
        tx, {0, a.id, kNow, "submit", actor, "李四", "resident", "", "submitted", "self", true});
  }));
  Ok(db().Write([&](Tx& tx) {
    return InsertAppealEvent(tx, {0, a.id, kNow + 60, "auto_escalate", std::nullopt, "", "system",
                                  "submitted", "submitted", "超时", false});
  }));
  auto events = Ok(db().Read([&](Tx& tx) { return ListAppealEvents(tx, a.id); }));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "submit");
  EXPECT_EQ(events[0].actor_account_id, actor);
  EXPECT_EQ(events[0].actor_name, "李四");
  EXPECT_EQ(events[0].actor_role, "resident");
  EXPECT_EQ(events[0].to_status, "submitted");
  EXPECT_EQ(events[0].note, "self");
  EXPECT_TRUE(events[0].public_note);
  EXPECT_EQ(events[1].action, "auto_escalate");
  EXPECT_EQ(events[1].at, kNow + 60);
  EXPECT_FALSE(events[1].actor_account_id);
  EXPECT_FALSE(events[1].public_note);

  // The board: resolved or closed after a resolution, latest resolution first.
  Appeal r1 = Make(estate_);
  r1.status = AppealStatus::kResolved;
  r1.resolved_at = kNow + kHour;
  r1 = Insert(r1);
  Appeal r2 = Make(estate_);
  r2.status = AppealStatus::kClosed;
  r2.resolved_at = kNow + 2 * kHour;
  r2.closed_at = kNow + 3 * kHour;
  r2 = Insert(r2);
  Appeal withdrawn = Make(estate_);  // closed without a resolution
  withdrawn.status = AppealStatus::kClosed;
  withdrawn.closed_at = kNow + kHour;
  Insert(withdrawn);
  Appeal elsewhere = Make(estate10_);
  elsewhere.status = AppealStatus::kResolved;
  elsewhere.resolved_at = kNow + 5 * kHour;
  Insert(elsewhere);
  auto board = Ok(db().Read([&](Tx& tx) { return ListBoard(tx, estate_.id, 10, 0); }));
  ASSERT_EQ(board.size(), 2u);
  EXPECT_EQ(board[0].appeal.id, r2.id);
  EXPECT_EQ(board[1].appeal.id, r1.id);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountBoard(tx, estate_.id); })), 2);
  board = Ok(db().Read([&](Tx& tx) { return ListBoard(tx, estate_.id, 1, 1); }));
  ASSERT_EQ(board.size(), 1u);
  EXPECT_EQ(board[0].appeal.id, r1.id);
}

TEST_P(AppealsRepoTest, AccountsWithARoleExactlyOnTheUnit) {
  const auto a = Account("13900001111", "甲");
  const auto b = Account("13900002222", "乙");
  const auto c = Account("13900003333", "丙");
  const auto off = Account("13900004444", "丁");
  Grant(a, "official", community_.id);
  Grant(b, "official", street_.id);  // above, not on it
  Grant(c, "branch", community_.id);
  Grant(off, "official", community_.id);
  Ok(db().Write([&](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("UPDATE accounts SET disabled = 1 WHERE id = ?", {off}));
    return {};
  }));
  auto ids =
      Ok(db().Read([&](Tx& tx) { return AccountsWithRoleOn(tx, community_.id, {"official"}); }));
  EXPECT_EQ(ids, std::vector<std::int64_t>{a});
  ids = Ok(db().Read([&](Tx& tx) {
    return AccountsWithRoleOn(tx, community_.id, {"official", "branch"});
  }));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{a, c}));
}

// What an appeal adds to the cells of every unit on its path, as the use cases apply it.
void CountIn(Database& db, const std::vector<std::int64_t>& units,
             const std::optional<Appeal>& before, const Appeal& after) {
  Ok(db.Write([&](Tx& tx) { return ApplyStatsDeltas(tx, units, domain::Diff(before, after)); }));
}

const domain::StatsCell* CellOf(const std::vector<domain::StatsCell>& cells, int month,
                                const std::string& category, domain::HandlerKind h) {
  for (const auto& c : cells)
    if (c.key.month == month && c.key.category == category && c.key.handler == h) return &c;
  return nullptr;
}

// A change that moves no histogram bucket (a new filing) takes the counters-only upsert: it
// creates a cell with empty buckets, and adds to an existing cell without touching its buckets.
TEST_P(AppealsRepoTest, CounterOnlyDeltasKeepTheHistograms) {
  const std::vector<std::int64_t> path = {community_.id, estate_.id};
  Appeal done = Make(estate_);
  done.id = 1;
  done.status = AppealStatus::kClosed;
  done.responded_at = done.received_at + 30 * 60;
  done.resolved_at = done.received_at + 20 * kHour;
  done.closed_at = done.resolved_at;
  CountIn(db(), path, std::nullopt, done);
  Appeal fresh = Make(estate_);
  fresh.id = 2;
  const auto deltas = domain::Diff(std::nullopt, fresh);
  ASSERT_FALSE(deltas.empty());
  for (const auto& d : deltas) EXPECT_TRUE(d.histogram.empty());
  CountIn(db(), path, std::nullopt, fresh);
  for (std::int64_t unit : path) {
    auto cells = Ok(db().Read([&](Tx& tx) { return LoadStatsCells(tx, unit, 202603, 202603); }));
    ASSERT_EQ(cells.size(), 1u);
    EXPECT_EQ(cells[0].counters.received, 2);
    EXPECT_EQ(cells[0].counters.open, 1);
    EXPECT_EQ(cells[0].counters.resolved, 1);
    EXPECT_EQ(cells[0].response[domain::DurationBucket(30 * 60)], 1);
    EXPECT_EQ(cells[0].resolution[domain::DurationBucket(20 * kHour)], 1);
  }
  // A cell that only ever had counter-only deltas has empty buckets.
  Appeal lift = Make(estate_, "lift");
  lift.id = 3;
  CountIn(db(), path, std::nullopt, lift);
  auto cells =
      Ok(db().Read([&](Tx& tx) { return LoadStatsCells(tx, estate_.id, 202603, 202603); }));
  const auto* c = CellOf(cells, 202603, "lift", domain::HandlerKind::kProperty);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->counters.received, 1);
  for (int i = 0; i < domain::kDurationBuckets; ++i) {
    EXPECT_EQ(c->response[i], 0);
    EXPECT_EQ(c->resolution[i], 0);
  }
}

TEST_P(AppealsRepoTest, StatsDeltasAddUpAcrossUnitsAndMonths) {
  using domain::HandlerKind;
  const std::vector<std::int64_t> path_x = {district_.id, street_.id, community_.id, estate_.id};
  const std::vector<std::int64_t> path_10x = {district_.id, street_.id, community_.id,
                                              estate10_.id};
  // Estate x: one sanitation appeal answered after 30 minutes and solved after 20 hours in time,
  // rated satisfied.
  Appeal a = Make(estate_);
  a.id = 1;
  CountIn(db(), path_x, std::nullopt, a);
  Appeal answered = a;
  answered.status = AppealStatus::kAccepted;
  answered.responded_at = kNow + 30 * 60;
  answered.version = 2;
  CountIn(db(), path_x, a, answered);
  Appeal solved = answered;
  solved.status = AppealStatus::kClosed;
  solved.resolved_at = kNow + 20 * kHour;
  solved.closed_at = solved.resolved_at;
  solved.rating = domain::Rating::kSatisfied;
  solved.version = 3;
  CountIn(db(), path_x, answered, solved);
  // Estate 10x: one sanitation appeal, escalated to the community (another handler), unanswered.
  Appeal b = Make(estate10_);
  b.id = 2;
  CountIn(db(), path_10x, std::nullopt, b);
  Appeal up = b;
  up.level = domain::AppealLevel::kCommunity;
  up.handler = HandlerKind::kCommunity;
  up.escalated = true;
  up.version = 2;
  CountIn(db(), path_10x, b, up);
  // April: a lift appeal in estate x, basically satisfied.
  Appeal c = Make(estate_, "lift", kNow + 31 * kDay);
  c.id = 3;
  c.status = AppealStatus::kClosed;
  c.responded_at = c.received_at + 2 * kHour;
  c.resolved_at = c.received_at + 3 * kDay;
  c.rating = domain::Rating::kBasically;
  CountIn(db(), path_x, std::nullopt, c);

  auto cells = [&](std::int64_t unit, int from, int to) {
    return Ok(db().Read([&](Tx& tx) { return LoadStatsCells(tx, unit, from, to); }));
  };
  // The estate x, March: one cell.
  auto ex = cells(estate_.id, 202603, 202603);
  ASSERT_EQ(ex.size(), 1u);
  const auto& cell = ex[0];
  EXPECT_EQ(cell.key.month, 202603);
  EXPECT_EQ(cell.key.category, "sanitation");
  EXPECT_EQ(cell.key.handler, HandlerKind::kProperty);
  EXPECT_EQ(cell.counters.received, 1);
  EXPECT_EQ(cell.counters.responded, 1);
  EXPECT_EQ(cell.counters.responded_on_time, 1);
  EXPECT_EQ(cell.counters.resolved, 1);
  EXPECT_EQ(cell.counters.resolved_on_time, 1);
  EXPECT_EQ(cell.counters.solved_inside, 1);
  EXPECT_EQ(cell.counters.escalated, 0);
  EXPECT_EQ(cell.counters.rated, 1);
  EXPECT_EQ(cell.counters.satisfied, 1);
  // The histograms hold each duration once, in its bucket (the earlier states taken away).
  std::int64_t responses = 0, resolutions = 0;
  for (int i = 0; i < domain::kDurationBuckets; ++i) {
    responses += cell.response[i];
    resolutions += cell.resolution[i];
    EXPECT_GE(cell.response[i], 0);
    EXPECT_GE(cell.resolution[i], 0);
  }
  EXPECT_EQ(responses, 1);
  EXPECT_EQ(resolutions, 1);
  EXPECT_EQ(cell.response[domain::DurationBucket(30 * 60)], 1);
  EXPECT_EQ(cell.resolution[domain::DurationBucket(20 * kHour)], 1);

  // The estate x0 only has the escalated one, in the community's cell; its first cell is zero.
  auto e10 = cells(estate10_.id, 202603, 202603);
  const auto* community_cell = CellOf(e10, 202603, "sanitation", HandlerKind::kCommunity);
  ASSERT_TRUE(community_cell);
  EXPECT_EQ(community_cell->counters.received, 1);
  EXPECT_EQ(community_cell->counters.escalated, 1);
  EXPECT_EQ(community_cell->counters.responded, 0);
  if (const auto* old = CellOf(e10, 202603, "sanitation", HandlerKind::kProperty)) {
    EXPECT_TRUE(old->counters.IsZero());
  }

  // The community, street and district see both estates: the counters add up.
  for (auto unit : {community_.id, street_.id, district_.id}) {
    auto all = cells(unit, 202603, 202603);
    domain::StatsCounters sum;
    for (const auto& c2 : all) sum += c2.counters;
    EXPECT_EQ(sum.received, 2) << unit;
    EXPECT_EQ(sum.responded, 1) << unit;
    EXPECT_EQ(sum.resolved, 1) << unit;
    EXPECT_EQ(sum.escalated, 1) << unit;
    EXPECT_EQ(sum.solved_inside, 1) << unit;
    EXPECT_EQ(sum.satisfied, 1) << unit;
    const auto* p = CellOf(all, 202603, "sanitation", HandlerKind::kProperty);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->response[domain::DurationBucket(30 * 60)], 1);
  }
  // Month range: April alone, and both months.
  auto april = cells(district_.id, 202604, 202604);
  ASSERT_EQ(april.size(), 1u);
  EXPECT_EQ(april[0].key.category, "lift");
  EXPECT_EQ(april[0].counters.basically, 1);
  EXPECT_EQ(april[0].resolution[domain::DurationBucket(3 * kDay)], 1);
  domain::StatsCounters both;
  for (const auto& c2 : cells(district_.id, 202603, 202604)) both += c2.counters;
  EXPECT_EQ(both.received, 3);
  EXPECT_EQ(both.rated, 2);
  // Other subtrees have nothing.
  EXPECT_TRUE(cells(other_street_.id, 202601, 202612).empty());
  EXPECT_TRUE(cells(other_estate_.id, 202601, 202612).empty());

  // Summarised as the figures endpoint would.
  auto report = domain::Summarise(cells(street_.id, 202603, 202603), 202603, 202603, {});
  EXPECT_EQ(report.total.counters.received, 2);
  ASSERT_TRUE(report.total.reply_rate);
  EXPECT_DOUBLE_EQ(*report.total.reply_rate, 0.5);
  ASSERT_TRUE(report.total.satisfaction_rate);
  EXPECT_DOUBLE_EQ(*report.total.satisfaction_rate, 1.0);
}

LINLI_INSTANTIATE_BACKEND_TEST(AppealsRepoTest);

}  // namespace
}  // namespace linli::storage
