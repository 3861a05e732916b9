// The meetings repository on every backend: meetings with their joined names and series, the
// optimistic version check, the subtree and period filters, the agenda, minutes replaced as a
// whole, action items (done once), the published list, supervision records, and the reads the
// four musts and the committee's attendance are computed from.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/meetings/meetings.hpp"
#include "storage/database.hpp"
#include "storage/repos/meetings.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using domain::MeetingKind;
using domain::MeetingStatus;
using domain::Presence;
using domain::Side;
using testing::BackendTest;

constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00
constexpr std::int64_t kDay = 86400;

using testing::Ok;

class MeetingsRepoTest : public BackendTest {
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
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "秋实学府", community_, kNow));
      LINLI_ASSIGN_OR_RETURN(other_, InsertUnit(tx, K::kEstate, "另一小区", community_, kNow));
      LINLI_ASSIGN_OR_RETURN(
          committee_,
          tx.InsertReturningId("INSERT INTO committees (estate_id, kind, name, term_start, "
                               "term_end, created_at) VALUES (?, 'owners_committee', '业委会', "
                               "'2026-01-01', '2030-12-31', ?) RETURNING id",
                               {estate_.id, kNow}));
      for (const char* name : {"张伟", "王芳", "李娜"}) {
        LINLI_ASSIGN_OR_RETURN(
            auto p, tx.InsertReturningId("INSERT INTO people (unit_id, name, created_at, "
                                         "updated_at) VALUES (?, ?, ?, ?) RETURNING id",
                                         {estate_.id, std::string(name), kNow, kNow}));
        people_.push_back(p);
      }
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  MeetingRecord Make(const domain::Unit& unit, MeetingKind kind, std::int64_t starts_at) {
    MeetingRecord m;
    m.unit_id = unit.id;
    m.unit_path = unit.path;
    m.kind = kind;
    if (kind == MeetingKind::kCommittee) m.committee_id = committee_;
    m.title = "三月业委会会议";
    m.location = "党群服务站";
    m.starts_at = starts_at;
    m.notice_at = kNow;
    m.created_at = kNow;
    return m;
  }
  MeetingRecord Insert(MeetingRecord m) {
    m.id = Ok(db().Write([&](Tx& tx) { return InsertMeeting(tx, m); }));
    EXPECT_GT(m.id, 0);
    return m;
  }
  MeetingRecord Find(std::int64_t id) {
    auto m = Ok(db().Read([&](Tx& tx) { return FindMeeting(tx, id); }));
    EXPECT_TRUE(m.has_value());
    return m ? *m : MeetingRecord{};
  }
  // Marks the meeting held at `at` with these minutes.
  void Hold(MeetingRecord& m, std::int64_t at, const std::vector<AttendeeRecord>& attendance,
            const std::vector<DecisionRecord>& decisions) {
    Ok(db().Write([&](Tx& tx) -> Status {
      m.status = MeetingStatus::kHeld;
      m.held_at = at;
      m.publish_by = at + 3 * kDay;
      const auto expected = m.version;
      ++m.version;
      LINLI_TRY(UpdateMeeting(tx, m, expected));
      return ReplaceMinutes(tx, m.id, attendance, decisions);
    }));
  }
  AttendeeRecord Att(std::optional<std::int64_t> person, Side side, Presence p) {
    AttendeeRecord a;
    a.person_id = person;
    a.name = "某人";
    a.side = side;
    a.presence = p;
    return a;
  }
  DecisionRecord Dec(const std::string& text, bool major, bool project, bool passed = true) {
    DecisionRecord d;
    d.text = text;
    d.major = major;
    d.project = project;
    d.passed = passed;
    d.in_favour = 3;
    return d;
  }

  domain::Unit community_, estate_, other_;
  std::int64_t committee_ = 0;
  std::vector<std::int64_t> people_;
};

TEST_P(MeetingsRepoTest, SeriesJoinsAndVersionCheck) {
  auto series = Ok(db().Write([&](Tx& tx) {
    return InsertSeries(tx, estate_.id, domain::Recurrence::kMonthly, 2, std::nullopt, kNow);
  }));
  auto a = Make(estate_, MeetingKind::kJoint, kNow + kDay);
  a.series_id = series;
  a = Insert(a);
  auto b = Make(estate_, MeetingKind::kJoint, kNow + 31 * kDay);
  b.series_id = series;
  b.series_index = 2;
  b = Insert(b);
  auto got = Find(b.id);
  EXPECT_EQ(got.unit_name, "秋实学府");
  EXPECT_EQ(got.unit_kind, "estate");
  EXPECT_EQ(got.series_recurrence, "monthly");
  EXPECT_EQ(got.series_size, 2);
  EXPECT_EQ(got.series_index, 2);
  EXPECT_EQ(got.status, MeetingStatus::kScheduled);
  EXPECT_FALSE(got.held_at);

  // Editing one occurrence leaves the other alone; a stale version is refused.
  got.title = "改期的联席会";
  Ok(db().Write([&](Tx& tx) {
    got.version = 2;
    return UpdateMeeting(tx, got, 1);
  }));
  EXPECT_EQ(Find(b.id).title, "改期的联席会");
  EXPECT_EQ(Find(a.id).title, "三月业委会会议");
  auto stale = db().Write([&](Tx& tx) { return UpdateMeeting(tx, got, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);

  MeetingFilter f;
  f.unit_path = community_.path;
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountMeetings(tx, f); })), 2);
  f.series_id = series;
  f.from = kNow + 2 * kDay;
  auto list = Ok(db().Read([&](Tx& tx) { return ListMeetings(tx, f, 10, 0); }));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, b.id);
  f = {};
  f.unit_path = other_.path;
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountMeetings(tx, f); })), 0);
}

TEST_P(MeetingsRepoTest, AgendaMinutesActionsAndPublication) {
  auto m = Insert(Make(estate_, MeetingKind::kCommittee, kNow + kDay));
  Ok(db().Write([&](Tx& tx) {
    return ReplaceAgenda(tx, m.id,
                         {{0, 0, 0, "电梯维修", std::nullopt}, {0, 0, 0, "停车", std::nullopt}});
  }));
  auto agenda = Ok(db().Read([&](Tx& tx) { return ListAgenda(tx, m.id); }));
  ASSERT_EQ(agenda.size(), 2u);
  EXPECT_EQ(agenda[1].position, 2);
  EXPECT_EQ(agenda[1].title, "停车");

  Hold(m, kNow + kDay,
       {Att(people_[0], Side::kCommittee, Presence::kPresent),
        Att(people_[1], Side::kCommittee, Presence::kAbsent),
        Att(std::nullopt, Side::kCommunityParty, Presence::kPresent)},
       {Dec("更换2号楼电梯", true, true), Dec("不通过的提议", false, false, false)});
  // Re-recording replaces the whole minutes.
  Hold(m, kNow + kDay,
       {Att(people_[0], Side::kCommittee, Presence::kPresent),
        Att(people_[1], Side::kCommittee, Presence::kPresent),
        Att(std::nullopt, Side::kCommunityParty, Presence::kPresent)},
       {Dec("更换2号楼电梯", true, true), Dec("不通过的提议", false, false, false)});
  auto attendance = Ok(db().Read([&](Tx& tx) { return ListAttendance(tx, m.id); }));
  ASSERT_EQ(attendance.size(), 3u);
  EXPECT_EQ(attendance[1].presence, Presence::kPresent);
  EXPECT_EQ(attendance[2].side, Side::kCommunityParty);
  auto decisions = Ok(db().Read([&](Tx& tx) { return ListDecisions(tx, m.id); }));
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_TRUE(decisions[0].major);
  EXPECT_TRUE(decisions[0].project);
  EXPECT_EQ(decisions[0].in_favour, 3);
  EXPECT_FALSE(decisions[1].passed);

  ActionRecord a;
  a.decision_id = decisions[0].id;
  a.meeting_id = m.id;
  a.unit_path = m.unit_path;
  a.title = "联系电梯公司报价";
  a.owner_person_id = people_[0];
  a.owner_name = "张伟";
  a.due_at = kNow + 10 * kDay;
  a.created_at = kNow;
  a.id = Ok(db().Write([&](Tx& tx) { return InsertAction(tx, a); }));
  auto found = Ok(db().Read([&](Tx& tx) { return FindAction(tx, a.id); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->meeting_title, "三月业委会会议");
  EXPECT_EQ(found->decision_text, "更换2号楼电梯");
  ActionFilter open;
  open.unit_path = community_.path;
  open.open_only = true;
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountActions(tx, open); })), 1);
  Ok(db().Write([&](Tx& tx) { return MarkActionDone(tx, a.id, kNow + 2 * kDay, "已报价"); }));
  auto twice = db().Write([&](Tx& tx) { return MarkActionDone(tx, a.id, kNow + 3 * kDay, ""); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountActions(tx, open); })), 0);

  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountPublished(tx, estate_.id); })), 0);
  m.published_at = kNow + 2 * kDay;
  Ok(db().Write([&](Tx& tx) {
    const auto expected = m.version;
    ++m.version;
    return UpdateMeeting(tx, m, expected);
  }));
  auto published = Ok(db().Read([&](Tx& tx) { return ListPublished(tx, estate_.id, 10, 0); }));
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].published_at, kNow + 2 * kDay);
  EXPECT_EQ(published[0].committee_name, "业委会");
}

TEST_P(MeetingsRepoTest, FourMustsInputsAndCommitteePresence) {
  const std::int64_t from = kNow - 59 * kDay, to = kNow + 31 * kDay;  // roughly 2026Q1
  auto attended = Insert(Make(estate_, MeetingKind::kCommittee, kNow + kDay));
  Hold(attended, kNow + kDay,
       {Att(people_[0], Side::kCommittee, Presence::kPresent),
        Att(people_[1], Side::kCommittee, Presence::kPresent),
        Att(std::nullopt, Side::kCommunityParty, Presence::kPresent)},
       {Dec("更换电梯", true, true)});
  auto missed = Insert(Make(estate_, MeetingKind::kCommittee, kNow + 2 * kDay));
  Hold(missed, kNow + 2 * kDay,
       {Att(people_[0], Side::kCommittee, Presence::kPresent),
        Att(people_[2], Side::kCommittee, Presence::kPresent),
        Att(std::nullopt, Side::kCommunityParty, Presence::kAbsent)},
       {Dec("调整停车费", true, false), Dec("小事", false, false)});
  Insert(Make(estate_, MeetingKind::kJoint, kNow + 3 * kDay));  // scheduled only
  auto elsewhere = Insert(Make(other_, MeetingKind::kAssembly, kNow + kDay));
  Hold(elsewhere, kNow + kDay, {}, {});

  auto meetings =
      Ok(db().Read([&](Tx& tx) { return SupervisedMeetings(tx, estate_.id, from, to); }));
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_TRUE(meetings[0].community_party_present);
  EXPECT_FALSE(meetings[1].community_party_present);
  auto decisions = Ok(db().Read([&](Tx& tx) { return MajorDecisions(tx, estate_.id, from, to); }));
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_TRUE(decisions[0].project);
  EXPECT_FALSE(decisions[0].project_supervised);
  EXPECT_TRUE(decisions[0].community_party_present);
  EXPECT_FALSE(decisions[1].community_party_present);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountSpotChecks(tx, estate_.id, from, to); })), 0);

  SupervisionRecord check;
  check.estate_id = estate_.id;
  check.estate_path = estate_.path;
  check.kind = "spot_check";
  check.on_day = "2026-03-01";
  check.happened_at = kNow - 9 * 3600;
  check.subject = "公共收益账目";
  check.finding = "账实相符";
  check.created_at = kNow;
  Ok(db().Write([&](Tx& tx) { return InsertSupervision(tx, check); }));
  SupervisionRecord project = check;
  project.kind = "project";
  project.subject = "电梯更换";
  project.decision_id = decisions[0].id;
  Ok(db().Write([&](Tx& tx) { return InsertSupervision(tx, project); }));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountSpotChecks(tx, estate_.id, from, to); })), 1);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountSpotChecks(tx, estate_.id, to, to + kDay); })),
            0);
  decisions = Ok(db().Read([&](Tx& tx) { return MajorDecisions(tx, estate_.id, from, to); }));
  EXPECT_TRUE(decisions[0].project_supervised);
  auto records = Ok(db().Read(
      [&](Tx& tx) { return ListSupervision(tx, estate_.id, std::nullopt, std::nullopt); }));
  ASSERT_EQ(records.size(), 2u);

  auto held =
      Ok(db().Read([&](Tx& tx) { return HeldCommitteeMeetings(tx, committee_, from, to); }));
  EXPECT_EQ(held.size(), 2u);
  auto presence =
      Ok(db().Read([&](Tx& tx) { return CommitteePresence(tx, committee_, from, to); }));
  EXPECT_EQ(presence.size(), 4u);  // community party attendees have no person id

  auto estates = Ok(db().Read([&](Tx& tx) { return EstatesUnder(tx, community_.path); }));
  ASSERT_EQ(estates.size(), 2u);
}

LINLI_INSTANTIATE_BACKEND_TEST(MeetingsRepoTest);

}  // namespace
}  // namespace linli::storage
