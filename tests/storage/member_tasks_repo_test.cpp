// The task-list repository on every backend: tasks with their joined names and places taken, the
// optimistic version check, the list filters (status, overdue, a member's view), claims (one per
// member and task, the status check on update), the timeline, photos of a report, the confirmed
// registration look-up, the overdue scan, and the reads for the service record and the figures
// (derived from the claims' current state: a result sent back drops out).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/members/members.hpp"
#include "storage/database.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/member_tasks.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using domain::ClaimStatus;
using domain::TaskStatus;
using testing::BackendTest;

constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00
constexpr std::int64_t kDay = 86400;

using testing::Ok;

class MemberTasksRepoTest : public BackendTest {
 protected:
  // district > street > community > estate, and a second community with its own estate.
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
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "幸福小区", community_, kNow));
      LINLI_ASSIGN_OR_RETURN(auto other_community,
                             InsertUnit(tx, K::kCommunity, "另一社区", street_, kNow));
      LINLI_ASSIGN_OR_RETURN(other_estate_,
                             InsertUnit(tx, K::kEstate, "另一小区", other_community, kNow));
      LINLI_ASSIGN_OR_RETURN(
          auto building,
          tx.InsertReturningId("INSERT INTO buildings (estate_id, name, created_at) VALUES (?, "
                               "'1栋', ?) RETURNING id",
                               {estate_.id, kNow}));
      LINLI_ASSIGN_OR_RETURN(
          auto entrance,
          tx.InsertReturningId(
              "INSERT INTO entrances (building_id, name) VALUES (?, '1单元') RETURNING id",
              {building}));
      LINLI_ASSIGN_OR_RETURN(
          household_,
          tx.InsertReturningId(
              "INSERT INTO households (estate_id, building_id, entrance_id, floor, floor_label, "
              "room, area_centi, area_source, created_at, updated_at) VALUES (?, ?, ?, 5, '5', "
              "'501', 9000, 'deed', ?, ?) RETURNING id",
              {estate_.id, building, entrance, kNow, kNow}));
      LINLI_ASSIGN_OR_RETURN(employer_,
                             tx.InsertReturningId("INSERT INTO employers (name, created_at) VALUES "
                                                  "('区财政局', ?) RETURNING id",
                                                  {kNow}));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  std::int64_t Account(const std::string& phone, const std::string& name) {
    return Ok(db().Write([&](Tx& tx) {
      return tx.InsertReturningId(
          "INSERT INTO accounts (phone, name, password_hash, created_at) VALUES (?, ?, 'x', ?) "
          "RETURNING id",
          {phone, name, kNow});
    }));
  }
  // A member with a person record and a registration with `estate` in `status`.
  std::int64_t Register(std::int64_t account, const std::string& name, const domain::Unit& estate,
                        const std::string& status = "confirmed") {
    return Ok(db().Write([&](Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(
          auto person,
          tx.InsertReturningId("INSERT INTO people (unit_id, name, created_at, updated_at) VALUES "
                               "(?, ?, ?, ?) RETURNING id",
                               {estate.id, name, kNow, kNow}));
      return tx.InsertReturningId(
          "INSERT INTO member_registrations (person_id, account_id, estate_id, estate_path, "
          "household_id, employer_id, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          {person, account, estate.id, estate.path, household_, employer_, status, kNow});
    }));
  }
  TaskRecord Make(const domain::Unit& estate, std::int64_t due_at = kNow + 10 * kDay,
                  int needed = 2) {
    TaskRecord t;
    t.estate_id = estate.id;
    t.estate_path = estate.path;
    t.title = "检查10部电梯";
    t.description = "逐部检查维保记录";
    t.source = domain::TaskSource::kPlan;
    t.due_at = due_at;
    t.needed = needed;
    t.hours_minutes = 120;
    t.points = 5;
    t.level_unit_id = estate.id;
    t.created_at = kNow;
    return t;
  }
  TaskRecord Insert(TaskRecord t) {
    t.id = Ok(db().Write([&](Tx& tx) { return InsertTask(tx, t); }));
    EXPECT_GT(t.id, 0);
    return t;
  }
  TaskRecord Find(std::int64_t id) {
    auto t = Ok(db().Read([&](Tx& tx) { return FindTask(tx, id); }));
    EXPECT_TRUE(t.has_value());
    return t ? *t : TaskRecord{};
  }
  std::int64_t Claim(std::int64_t task, std::int64_t registration,
                     ClaimStatus status = ClaimStatus::kClaimed, std::int64_t at = kNow) {
    ClaimRecord c;
    c.task_id = task;
    c.registration_id = registration;
    c.status = status;
    c.claimed_at = at;
    return Ok(db().Write([&](Tx& tx) { return InsertClaim(tx, c); }));
  }
  // Moves a claim from its current status to `to` at `at` (decided_at for accept/return).
  void Move(std::int64_t claim, ClaimStatus to, std::int64_t at) {
    Ok(db().Write([&](Tx& tx) -> Status {
      LINLI_ASSIGN_OR_RETURN(auto c, FindClaim(tx, claim));
      if (!c) return NotFound("no claim");
      ClaimRecord after = *c;
      after.status = to;
      if (to == ClaimStatus::kSubmitted) after.submitted_at = at;
      if (to == ClaimStatus::kAccepted || to == ClaimStatus::kReturned) after.decided_at = at;
      return UpdateClaim(tx, after, c->status);
    }));
  }
  std::vector<std::int64_t> Ids(const TaskFilter& f) {
    auto list = Ok(db().Read([&](Tx& tx) { return ListTasks(tx, f, 100, 0); }));
    std::vector<std::int64_t> ids;
    for (const auto& t : list) ids.push_back(t.id);
    return ids;
  }

  domain::Unit district_, street_, community_, estate_, other_estate_;
  std::int64_t household_ = 0, employer_ = 0;
};

TEST_P(MemberTasksRepoTest, InsertsFindsAndUpdatesOnlyTheVersionItRead) {
  auto creator = Account("13900000001", "王书记");
  auto t = Make(estate_);
  t.created_by = creator;
  t.source_note = "支部计划";
  t = Insert(t);
  auto found = Find(t.id);
  EXPECT_EQ(found.title, "检查10部电梯");
  EXPECT_EQ(found.estate_name, "幸福小区");
  EXPECT_EQ(found.level_unit_name, "幸福小区");
  EXPECT_EQ(found.created_by_name, "王书记");
  EXPECT_EQ(found.status, TaskStatus::kOpen);
  EXPECT_EQ(found.level, "estate");
  EXPECT_EQ(found.due_at, kNow + 10 * kDay);
  EXPECT_EQ(found.needed, 2);
  EXPECT_EQ(found.hours_minutes, 120);
  EXPECT_EQ(found.points, 5);
  EXPECT_EQ(found.places_taken, 0);
  EXPECT_EQ(found.version, 1);
  EXPECT_FALSE(found.overdue_marked);

  TaskRecord after = found;
  after.status = TaskStatus::kDone;
  after.level = "community";
  after.level_unit_id = community_.id;
  after.overdue_marked = true;
  after.closed_at = kNow + kDay;
  after.version = 2;
  Ok(db().Write([&](Tx& tx) { return UpdateTask(tx, after, 1); }));
  auto again = Find(t.id);
  EXPECT_EQ(again.status, TaskStatus::kDone);
  EXPECT_EQ(again.level_unit_name, "社区");
  EXPECT_TRUE(again.overdue_marked);
  EXPECT_EQ(again.closed_at, kNow + kDay);
  // A writer that read version 1 is refused: the task changed meanwhile.
  auto stale = db().Write([&](Tx& tx) { return UpdateTask(tx, after, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
}

TEST_P(MemberTasksRepoTest, OneClaimPerMemberAndTaskAndPlacesExcludeWithdrawn) {
  auto t = Insert(Make(estate_));
  auto a = Account("13900000002", "李账号");
  auto b = Account("13900000003", "赵账号");
  auto ra = Register(a, "李四", estate_);
  auto rb = Register(b, "赵六", estate_);
  auto ca = Claim(t.id, ra);
  auto dup = db().Write([&](Tx& tx) {
    ClaimRecord c;
    c.task_id = t.id;
    c.registration_id = ra;
    c.claimed_at = kNow;
    return InsertClaim(tx, c);
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto cb = Claim(t.id, rb);
  EXPECT_EQ(Find(t.id).places_taken, 2);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountPlacesTaken(tx, t.id); })), 2);

  Move(cb, ClaimStatus::kWithdrawn, kNow + 1);
  EXPECT_EQ(Find(t.id).places_taken, 1);

  auto claim = Ok(db().Read([&](Tx& tx) { return FindClaimOf(tx, t.id, ra); }));
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->id, ca);
  EXPECT_EQ(claim->claimer_name, "李四");  // the person's name, not the account's
  EXPECT_EQ(claim->account_id, a);
  // An update that expects a status the claim no longer has is refused.
  ClaimRecord after = *claim;
  after.status = ClaimStatus::kSubmitted;
  auto stale = db().Write([&](Tx& tx) { return UpdateClaim(tx, after, ClaimStatus::kReturned); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  after.progress = "已检查6部";
  after.report = "全部检查完毕";
  Ok(db().Write([&](Tx& tx) { return UpdateClaim(tx, after, ClaimStatus::kClaimed); }));
  auto saved = Ok(db().Read([&](Tx& tx) { return FindClaim(tx, ca); }));
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, ClaimStatus::kSubmitted);
  EXPECT_EQ(saved->progress, "已检查6部");
  EXPECT_EQ(saved->report, "全部检查完毕");

  auto of_task = Ok(db().Read([&](Tx& tx) { return ListClaimsOfTask(tx, t.id); }));
  ASSERT_EQ(of_task.size(), 2u);
  EXPECT_EQ(of_task[0].id, ca);
  EXPECT_EQ(of_task[1].status, ClaimStatus::kWithdrawn);

  // The account's claims across estates, newest first.
  auto t2 = Insert(Make(other_estate_));
  auto ra2 = Register(a, "李四", other_estate_, "ended");
  auto ca2 = Claim(t2.id, ra2);
  auto mine = Ok(db().Read([&](Tx& tx) { return ListClaimsOfAccount(tx, a, 10, 0); }));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, ca2);
  EXPECT_EQ(mine[1].id, ca);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountClaimsOfAccount(tx, a); })), 2);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountClaimsOfAccount(tx, b); })), 1);
}

TEST_P(MemberTasksRepoTest, ListFiltersByStatusOverdueAndAMembersView) {
  auto open1 = Insert(Make(estate_, kNow + kDay));
  auto late = Insert(Make(estate_, kNow - kDay));
  auto done = Make(estate_);
  done.status = TaskStatus::kDone;
  done = Insert(done);
  auto cancelled = Make(estate_);
  cancelled.status = TaskStatus::kCancelled;
  cancelled = Insert(cancelled);
  auto elsewhere = Insert(Make(other_estate_));

  TaskFilter all;
  all.estate_id = estate_.id;
  EXPECT_EQ(Ids(all),
            (std::vector<std::int64_t>{cancelled.id, done.id, late.id, open1.id}));  // newest first
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountTasks(tx, all); })), 4);
  TaskFilter open = all;
  open.statuses = {"open"};
  EXPECT_EQ(Ids(open), (std::vector<std::int64_t>{late.id, open1.id}));
  TaskFilter overdue = all;
  overdue.overdue_at = kNow;
  EXPECT_EQ(Ids(overdue), (std::vector<std::int64_t>{late.id}));

  // A member sees open tasks and the closed ones they claimed.
  auto a = Account("13900000004", "钱账号");
  auto ra = Register(a, "钱七", estate_);
  Claim(done.id, ra);
  TaskFilter member = all;
  member.open_or_claimed_by = ra;
  EXPECT_EQ(Ids(member), (std::vector<std::int64_t>{done.id, late.id, open1.id}));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountTasks(tx, member); })), 3);
  TaskFilter other;
  other.estate_id = other_estate_.id;
  EXPECT_EQ(Ids(other), (std::vector<std::int64_t>{elsewhere.id}));
}

TEST_P(MemberTasksRepoTest, OverdueScanSkipsMarkedAndClosedTasks) {
  auto late = Insert(Make(estate_, kNow - 2 * kDay));
  auto later = Insert(Make(estate_, kNow - kDay));
  auto marked = Make(estate_, kNow - 3 * kDay);
  marked.overdue_marked = true;
  Insert(marked);
  auto closed = Make(estate_, kNow - 3 * kDay);
  closed.status = TaskStatus::kDone;
  Insert(closed);
  Insert(Make(estate_, kNow + kDay));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListOverdueTaskIds(tx, kNow, 10); })),
            (std::vector<std::int64_t>{late.id, later.id}));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListOverdueTaskIds(tx, kNow, 1); })),
            (std::vector<std::int64_t>{late.id}));
}

TEST_P(MemberTasksRepoTest, OnlyAConfirmedRegistrationWithTheEstateCounts) {
  auto a = Account("13900000005", "孙账号");
  auto find = [&](std::int64_t estate) {
    return Ok(db().Read([&](Tx& tx) { return FindConfirmedRegistrationId(tx, a, estate); }));
  };
  Register(a, "孙八", estate_, "pending");
  EXPECT_FALSE(find(estate_.id));
  auto confirmed = Register(a, "孙八", estate_, "confirmed");
  EXPECT_EQ(find(estate_.id), confirmed);
  EXPECT_FALSE(find(other_estate_.id));
}

TEST_P(MemberTasksRepoTest, TimelineAndPhotosOfAReport) {
  auto t = Insert(Make(estate_));
  auto a = Account("13900000006", "周账号");
  auto c = Claim(t.id, Register(a, "周九", estate_));
  Ok(db().Write([&](Tx& tx) {
    return InsertTaskEvent(tx,
                           {0, t.id, std::nullopt, kNow, "publish", a, "周九", "来源：支部计划"});
  }));
  Ok(db().Write([&](Tx& tx) {
    return InsertTaskEvent(tx, {0, t.id, c, kNow + 60, "claim", a, "周九", ""});
  }));
  Ok(db().Write([&](Tx& tx) {
    return InsertTaskEvent(
        tx, {0, t.id, std::nullopt, kNow + 120, "auto_escalate", std::nullopt, "", "超期"});
  }));
  auto events = Ok(db().Read([&](Tx& tx) { return ListTaskEvents(tx, t.id); }));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, "publish");
  EXPECT_EQ(events[0].note, "来源：支部计划");
  EXPECT_FALSE(events[0].claim_id);
  EXPECT_EQ(events[1].claim_id, c);
  EXPECT_EQ(events[1].actor_account_id, a);
  EXPECT_FALSE(events[2].actor_account_id);

  PhotoRecord p;
  p.token = "tok-1";
  p.account_id = a;
  p.content_type = "image/png";
  p.size = 3;
  p.stage = "report";
  auto photo = Ok(db().Write([&](Tx& tx) { return InsertPhoto(tx, p, "AAAA", kNow); }));
  auto use = Ok(db().Read([&](Tx& tx) { return FindPhotoUse(tx, photo); }));
  ASSERT_TRUE(use);
  EXPECT_EQ(use->account_id, a);
  EXPECT_FALSE(use->task_claim_id);
  Ok(db().Write([&](Tx& tx) { return AttachPhotoToClaim(tx, photo, c); }));
  use = Ok(db().Read([&](Tx& tx) { return FindPhotoUse(tx, photo); }));
  EXPECT_EQ(use->task_claim_id, c);
  auto photos = Ok(db().Read([&](Tx& tx) { return ListClaimPhotos(tx, c); }));
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0].token, "tok-1");
  EXPECT_FALSE(Ok(db().Read([&](Tx& tx) { return FindPhotoUse(tx, photo + 100); })));
}

TEST_P(MemberTasksRepoTest, TheRecordHoldsClaimsAcceptedNowAndDropsOneSentBack) {
  auto a = Account("13900000007", "吴账号");
  auto ra = Register(a, "吴十", estate_);
  auto t1 = Insert(Make(estate_, kNow + 10 * kDay));
  auto t2 = Make(estate_, kNow + 10 * kDay);
  t2.title = "清理楼道杂物";
  t2.hours_minutes = 60;
  t2.points = 3;
  t2 = Insert(t2);
  auto t3 = Insert(Make(estate_, kNow + 10 * kDay));
  auto c1 = Claim(t1.id, ra);
  auto c2 = Claim(t2.id, ra);
  auto c3 = Claim(t3.id, ra);
  Move(c1, ClaimStatus::kSubmitted, kNow + kDay);
  Move(c1, ClaimStatus::kAccepted, kNow + 2 * kDay);
  Move(c2, ClaimStatus::kSubmitted, kNow + kDay);
  Move(c2, ClaimStatus::kAccepted, kNow + 3 * kDay);
  Move(c3, ClaimStatus::kSubmitted, kNow + kDay);  // waiting: not in the record

  auto record = [&](std::int64_t from, std::int64_t to) {
    return Ok(db().Read([&](Tx& tx) { return AcceptedClaimsOf(tx, ra, from, to); }));
  };
  auto all = record(kNow, kNow + 30 * kDay);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].claim_id, c1);
  EXPECT_EQ(all[0].task_id, t1.id);
  EXPECT_EQ(all[0].title, "检查10部电梯");
  EXPECT_EQ(all[0].decided_at, kNow + 2 * kDay);
  EXPECT_EQ(all[0].hours_minutes, 120);
  EXPECT_EQ(all[0].points, 5);
  EXPECT_EQ(all[1].title, "清理楼道杂物");
  EXPECT_EQ(all[1].hours_minutes, 60);
  EXPECT_EQ(all[1].points, 3);
  // [from, to): the second was accepted exactly at `to`.
  EXPECT_EQ(record(kNow, kNow + 3 * kDay).size(), 1u);
  EXPECT_EQ(record(kNow + 3 * kDay, kNow + 4 * kDay).size(), 1u);

  // Sent back after acceptance: out of the record by itself; accepted again: back in, at the
  // new time.
  Move(c1, ClaimStatus::kReturned, kNow + 4 * kDay);
  all = record(kNow, kNow + 30 * kDay);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].claim_id, c2);
  Move(c1, ClaimStatus::kSubmitted, kNow + 5 * kDay);
  Move(c1, ClaimStatus::kAccepted, kNow + 6 * kDay);
  all = record(kNow, kNow + 30 * kDay);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].claim_id, c1);
  EXPECT_EQ(all[1].decided_at, kNow + 6 * kDay);
}

TEST_P(MemberTasksRepoTest, FiguresUnderAUnitCountClaimsAcceptanceOnTimeAndOverdueTasks) {
  auto a = Account("13900000008", "郑账号");
  auto b = Account("13900000009", "冯账号");
  auto ra = Register(a, "郑一", estate_);
  auto rb = Register(b, "冯二", estate_);
  auto rother = Register(b, "冯二", other_estate_);
  auto t1 = Insert(Make(estate_, kNow + 2 * kDay));
  auto c1 = Claim(t1.id, ra);
  auto c2 = Claim(t1.id, rb);
  Move(c1, ClaimStatus::kSubmitted, kNow + kDay);
  Move(c1, ClaimStatus::kAccepted, kNow + kDay);  // on time
  Move(c2, ClaimStatus::kSubmitted, kNow + 3 * kDay);
  Move(c2, ClaimStatus::kAccepted, kNow + 3 * kDay);  // late
  auto t2 = Insert(Make(estate_, kNow + 10 * kDay));
  auto c3 = Claim(t2.id, ra);
  Move(c3, ClaimStatus::kWithdrawn, kNow + kDay);  // not counted as claimed
  auto overdue = Make(estate_, kNow + 5 * kDay);
  overdue.overdue_marked = true;
  Insert(overdue);
  auto t_other = Insert(Make(other_estate_, kNow + 2 * kDay));
  auto c4 = Claim(t_other.id, rother);
  Move(c4, ClaimStatus::kSubmitted, kNow + kDay);
  Move(c4, ClaimStatus::kAccepted, kNow + kDay);

  auto figures = [&](const std::string& prefix) {
    return Ok(
        db().Read([&](Tx& tx) { return TaskFiguresUnder(tx, prefix, kNow, kNow + 30 * kDay); }));
  };
  auto f = figures(community_.path);
  EXPECT_EQ(f.claimed, 2);
  EXPECT_EQ(f.accepted, 2);
  EXPECT_EQ(f.accepted_on_time, 1);
  EXPECT_EQ(f.overdue_open, 1);
  f = figures(estate_.path);
  EXPECT_EQ(f.claimed, 2);
  f = figures(street_.path);  // both communities
  EXPECT_EQ(f.claimed, 3);
  EXPECT_EQ(f.accepted, 3);
  EXPECT_EQ(f.accepted_on_time, 2);
  f = figures("/");
  EXPECT_EQ(f.claimed, 3);

  // A result sent back leaves the figures by itself.
  Move(c1, ClaimStatus::kReturned, kNow + 2 * kDay);
  f = figures(community_.path);
  EXPECT_EQ(f.accepted, 1);
  EXPECT_EQ(f.accepted_on_time, 0);
  EXPECT_EQ(f.claimed, 2);  // still holds its place
  // Outside the period: nothing.
  f = Ok(db().Read([&](Tx& tx) {
    return TaskFiguresUnder(tx, community_.path, kNow + 60 * kDay, kNow + 90 * kDay);
  }));
  EXPECT_EQ(f.claimed, 0);
  EXPECT_EQ(f.accepted, 0);
  EXPECT_EQ(f.overdue_open, 0);
}

LINLI_INSTANTIATE_BACKEND_TEST(MemberTasksRepoTest);

}  // namespace
}  // namespace linli::storage
