// Meetings and supervision through the HTTP API (docs/MEETINGS.md): a monthly series whose
// occurrences change one by one, leadership meetings above the estate, the committee's quorum and
// decisions against ALL members (refused and accepted; no proxies; late notice flagged), a
// decision that becomes an action item and goes late with the clock, publication within 3 days
// on the residents' public list (names masked; late publication flagged), the four musts (四必)
// with their misses, and the audit of every write.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

std::string Id(std::int64_t id) { return std::to_string(id); }

class MeetingsApi : public ::testing::Test {
 protected:
  // 测试区 > 测试街道 > 测试社区 > 秋实学府; a 业委会 of 5 (张伟 王芳 李娜 刘洋 陈静) and a
  // community party secretary 周书记; the branch and the committee on the estate, an official on
  // the community, a resident of the estate.
  void SetUp() override {
    auto ids = s_.MakeTree("秋实学府");
    ASSERT_EQ(ids.size(), 4u);
    community_ = ids[2];
    estate_ = ids[3];
    admin_ = s_.AdminToken();
    committee_id_ =
        MustCreate("/api/v1/estates/" + Id(estate_) + "/committees", {{"kind", "owners_committee"},
                                                                      {"name", "第一届业委会"},
                                                                      {"term_start", "2026-01-01"},
                                                                      {"term_end", "2030-12-31"}});
    const char* names[] = {"张伟", "王芳", "李娜", "刘洋", "陈静"};
    for (int i = 0; i < 5; ++i) {
      auto p = MustCreate("/api/v1/people", {{"name", names[i]},
                                             {"phone", "1391234560" + std::to_string(i)},
                                             {"unit_id", estate_},
                                             {"party_member", false}});
      members_.push_back(p);
      MustCreate("/api/v1/posts", {{"person_id", p},
                                   {"post", i == 0 ? "committee_chair" : "committee_member"},
                                   {"unit_id", estate_},
                                   {"committee_id", committee_id_},
                                   {"start_date", "2026-01-01"}});
    }
    branch_ = Account("13800000102", "王书记", "branch", estate_);
    committee_ = Account("13800000106", "赵主任", "committee", estate_);
    official_ = Account("13800000104", "周书记", "official", community_);
    resident_ = Account("13933334444", "钱居民", "resident", estate_);
  }

  std::int64_t MustCreate(const std::string& path, const json::object& body) {
    auto r = s_.Post(path, body, admin_);
    EXPECT_EQ(r.status, 201) << path << " -> " << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  std::string Account(const std::string& phone, const std::string& name, const std::string& role,
                      std::int64_t unit) {
    auto a =
        s_.Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", name}}, admin_);
    EXPECT_EQ(a.status, 201) << a.body;
    auto g = s_.Post("/api/v1/accounts/" + Id(a.json.at("id").as_int64()) + "/roles",
                     json::object{{"role", role}, {"unit_id", unit}}, admin_);
    EXPECT_EQ(g.status, 201) << g.body;
    return s_.Login(phone, "Passw0rd!");
  }
  // Moves the test clock and logs everyone in again (sessions last 12 hours).
  void SetClock(const std::string& now) {
    auto r = s_.Post("/api/v1/test/clock", json::object{{"now", now}});
    ASSERT_EQ(r.status, 200) << r.body;
    admin_ = s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
    branch_ = s_.Login("13800000102", "Passw0rd!");
    committee_ = s_.Login("13800000106", "Passw0rd!");
    official_ = s_.Login("13800000104", "Passw0rd!");
    resident_ = s_.Login("13933334444", "Passw0rd!");
  }
  // Schedules one meeting; returns its id.
  std::int64_t Schedule(const json::object& body, const std::string& token, std::int64_t unit = 0) {
    auto r = s_.Post("/api/v1/units/" + Id(unit ? unit : estate_) + "/meetings", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return 0;
    return r.json.at("meetings").as_array()[0].at("id").as_int64();
  }
  json::object Present(int member) {
    return {{"person_id", members_[member]}, {"side", "committee"}, {"presence", "present"}};
  }
  std::vector<std::string> AuditActions(const std::string& entity) {
    auto r = s_.Get("/api/v1/audit?entity=" + entity + "&page_size=200", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& e : r.json.at("items").as_array()) out.push_back(Str(e.at("action")));
    return out;
  }

  TestServer s_;
  std::int64_t community_ = 0, estate_ = 0, committee_id_ = 0;
  std::vector<std::int64_t> members_;
  std::string admin_, branch_, committee_, official_, resident_;
};

TEST_F(MeetingsApi, MonthlySeriesWhoseOccurrencesChangeOneByOne) {
  auto r = s_.Post("/api/v1/units/" + Id(estate_) + "/meetings",
                   json::object{{"kind", "joint"},
                                {"title", "小区治理联席会"},
                                {"location", "党群服务站"},
                                {"starts_at", "2026-03-31T19:30:00+08:00"},
                                {"recurrence", "monthly"},
                                {"occurrences", 3},
                                {"agenda", json::array{json::object{{"title", "电梯维修"}}}}},
                   branch_);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto series = r.json.at("series_id").as_int64();
  const json::array meetings = r.json.at("meetings").as_array();
  ASSERT_EQ(meetings.size(), 3u);
  EXPECT_EQ(meetings[0].at("starts_at"), "2026-03-31T19:30:00+08:00");
  EXPECT_EQ(meetings[1].at("starts_at"), "2026-04-30T19:30:00+08:00");
  EXPECT_EQ(meetings[2].at("starts_at"), "2026-05-31T19:30:00+08:00");
  EXPECT_EQ(meetings[1].at("series").at("id"), series);
  EXPECT_EQ(meetings[1].at("series").at("index"), 2);
  EXPECT_EQ(meetings[2].at("agenda").as_array().size(), 1u);

  const auto second = meetings[1].at("id").as_int64();
  auto changed = s_.Patch(
      "/api/v1/meetings/" + Id(second),
      json::object{{"title", "四月联席会（改期）"}, {"starts_at", "2026-05-02T19:30:00+08:00"}},
      branch_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json.at("title"), "四月联席会（改期）");
  auto first = s_.Get("/api/v1/meetings/" + Id(meetings[0].at("id").as_int64()), branch_);
  EXPECT_EQ(first.json.at("title"), "小区治理联席会");
  auto third = s_.Get("/api/v1/meetings/" + Id(meetings[2].at("id").as_int64()), branch_);
  EXPECT_EQ(third.json.at("starts_at"), "2026-05-31T19:30:00+08:00");

  auto list = s_.Get("/api/v1/units/" + Id(community_) + "/meetings", official_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json.at("total"), 3);

  // Leadership groups sit above the estate; other kinds do not.
  auto leadership = s_.Post("/api/v1/units/" + Id(community_) + "/meetings",
                            json::object{{"kind", "leadership"},
                                         {"title", "社区领导小组会议"},
                                         {"starts_at", "2026-03-20T09:00:00+08:00"},
                                         {"recurrence", "quarterly"},
                                         {"occurrences", 4}},
                            official_);
  ASSERT_EQ(leadership.status, 201) << leadership.body;
  EXPECT_EQ(leadership.json.at("meetings").as_array().size(), 4u);
  auto wrong = s_.Post(
      "/api/v1/units/" + Id(community_) + "/meetings",
      json::object{
          {"kind", "joint"}, {"title", "联席会"}, {"starts_at", "2026-03-20T09:00:00+08:00"}},
      official_);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(Field(wrong), "unit_id");

  // Bad input: clear 4xx naming the field, nothing written.
  for (auto [body, field] : std::vector<std::pair<json::object, std::string>>{
           {{{"kind", "party"}, {"title", "x"}, {"starts_at", "2026-03-20T09:00:00+08:00"}},
            "kind"},
           {{{"kind", "joint"}, {"title", "x"}, {"starts_at", "tomorrow"}}, "starts_at"},
           {{{"kind", "joint"}, {"title", "x"}, {"starts_at", "2026-02-20T09:00:00+08:00"}},
            "starts_at"},
           {{{"kind", "joint"},
             {"title", "x"},
             {"starts_at", "2026-03-20T09:00:00+08:00"},
             {"recurrence", "weekly"}},
            "recurrence"},
           {{{"kind", "joint"},
             {"title", "x"},
             {"starts_at", "2026-03-20T09:00:00+08:00"},
             {"recurrence", "monthly"},
             {"occurrences", 30}},
            "occurrences"},
           {{{"kind", "joint"},
             {"title", "x"},
             {"starts_at", "2026-03-20T09:00:00+08:00"},
             {"agenda", json::array{json::object{{"appeal_id", 999}}}}},
            "agenda[0].appeal_id"},
       }) {
    auto bad = s_.Post("/api/v1/units/" + Id(estate_) + "/meetings", body, branch_);
    EXPECT_GE(bad.status, 400) << json::serialize(body);
    EXPECT_LT(bad.status, 500) << json::serialize(body);
    EXPECT_EQ(Field(bad), field) << bad.body;
  }
  auto after = s_.Get("/api/v1/units/" + Id(estate_) + "/meetings", branch_);
  EXPECT_EQ(after.json.at("total"), 3);
  // Residents do not read the meetings list; they cannot schedule.
  EXPECT_EQ(s_.Get("/api/v1/units/" + Id(estate_) + "/meetings", resident_).status, 403);
}

TEST_F(MeetingsApi, CommitteeQuorumAndDecisionsAgainstAllMembers) {
  // Notice 10 days ahead is in time; 3 days ahead is flagged.
  auto r = s_.Post("/api/v1/units/" + Id(estate_) + "/meetings",
                   json::object{{"kind", "committee"},
                                {"title", "三月业委会会议"},
                                {"starts_at", "2026-03-11T19:00:00+08:00"}},
                   committee_);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::object in_time = r.json.at("meetings").as_array()[0].as_object();
  EXPECT_EQ(in_time.at("notice_late"), false);
  EXPECT_EQ(in_time.at("notice_days"), 7);
  EXPECT_EQ(in_time.at("committee").at("id"), committee_id_);
  EXPECT_EQ(in_time.at("committee_members"), 5);
  const auto meeting = in_time.at("id").as_int64();
  auto late = s_.Post(
      "/api/v1/units/" + Id(estate_) + "/meetings",
      json::object{
          {"kind", "committee"}, {"title", "临时会议"}, {"starts_at", "2026-03-04T19:00:00+08:00"}},
      committee_);
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(late.json.at("meetings").as_array()[0].at("notice_late"), true);

  // Minutes before the meeting are refused.
  auto early = s_.Call("PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
                       json::serialize(json::object{{"attendance", json::array{}}}), committee_);
  EXPECT_EQ(early.status, 409) << early.body;
  SetClock("2026-03-11T21:00:00+08:00");

  // 2 of 5: no quorum, nothing written.
  auto no_quorum = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
      json::serialize(json::object{
          {"attendance", json::array{Present(0), Present(1)}},
          {"decisions", json::array{json::object{{"text", "更换电梯"}, {"in_favour", 2}}}}}),
      committee_);
  EXPECT_EQ(no_quorum.status, 409) << no_quorum.body;
  EXPECT_EQ(Field(no_quorum), "attendance");
  EXPECT_NE(no_quorum.body.find("at least 3"), std::string::npos) << no_quorum.body;
  auto still = s_.Get("/api/v1/meetings/" + Id(meeting), committee_);
  EXPECT_EQ(still.json.at("status"), "scheduled");
  EXPECT_TRUE(still.json.at("decisions").as_array().empty());

  // A proxy is refused.
  json::object proxy = Present(3);
  proxy["presence"] = "proxy";
  auto with_proxy = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
      json::serialize(
          json::object{{"attendance", json::array{Present(0), Present(1), Present(2), proxy}}}),
      committee_);
  EXPECT_EQ(with_proxy.status, 400) << with_proxy.body;
  EXPECT_EQ(Field(with_proxy), "attendance[3].presence");

  // 3 of 5 present is a quorum; 3 in favour passes, 2 in favour (of 3 present) fails.
  auto ok = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
      json::serialize(json::object{
          {"discussion", "讨论电梯更换与停车费"},
          {"attendance",
           json::array{Present(0), Present(1), Present(2),
                       json::object{{"person_id", members_[3]},
                                    {"side", "committee"},
                                    {"presence", "absent"}},
                       json::object{{"name", "周书记"}, {"side", "community_party"}}}},
          {"decisions",
           json::array{json::object{{"text", "更换2号楼电梯"}, {"in_favour", 3}, {"major", true}},
                       json::object{{"text", "上调停车费"}, {"in_favour", 2}}}}}),
      committee_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json.at("status"), "held");
  EXPECT_EQ(ok.json.at("present"), 3);
  EXPECT_EQ(ok.json.at("quorum"), true);
  const json::array decisions = ok.json.at("decisions").as_array();
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].at("passed"), true);
  EXPECT_EQ(decisions[1].at("passed"), false);
  EXPECT_EQ(ok.json.at("attendance").as_array()[0].at("name"), "张伟");
  // A decision that failed cannot become an action item.
  auto failed_action = s_.Post(
      "/api/v1/meeting-decisions/" + Id(decisions[1].at("id").as_int64()) + "/actions",
      json::object{{"owner_name", "张伟"}, {"due_at", "2026-03-20T18:00:00+08:00"}}, committee_);
  EXPECT_EQ(failed_action.status, 409) << failed_action.body;

  // The year's attendance: 刘洋 and 陈静 missed the only meeting.
  auto attendance =
      s_.Get("/api/v1/committees/" + Id(committee_id_) + "/attendance?year=2026", committee_);
  ASSERT_EQ(attendance.status, 200) << attendance.body;
  EXPECT_EQ(attendance.json.at("meetings"), 1);
  int flagged = 0;
  for (const auto& m : attendance.json.at("members").as_array())
    if (m.at("flagged").as_bool()) ++flagged;
  EXPECT_EQ(flagged, 2);
}

TEST_F(MeetingsApi, DecisionBecomesActionItemGoesLateAndIsPublished) {
  const auto meeting = Schedule({{"kind", "deliberation"},
                                 {"title", "说事议事会"},
                                 {"starts_at", "2026-03-04T19:00:00+08:00"}},
                                branch_);
  SetClock("2026-03-04T21:00:00+08:00");
  auto minutes = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
      json::serialize(json::object{
          {"attendance", json::array{json::object{{"name", "王书记"}, {"side", "branch"}},
                                     json::object{{"name", "钱居民"}, {"side", "resident"}}}},
          {"decisions", json::array{json::object{{"text", "修补3栋门前路面"}}}}}),
      branch_);
  ASSERT_EQ(minutes.status, 200) << minutes.body;
  // Held Wednesday 03-04: published by 24:00 Saturday 03-07, a weekend: Monday 03-09.
  EXPECT_EQ(minutes.json.at("publish_by"), "2026-03-10T00:00:00+08:00");
  const auto decision = minutes.json.at("decisions").as_array()[0].at("id").as_int64();
  auto action = s_.Post(
      "/api/v1/meeting-decisions/" + Id(decision) + "/actions",
      json::object{{"owner_person_id", members_[0]}, {"due_at", "2026-03-06T18:00:00+08:00"}},
      branch_);
  ASSERT_EQ(action.status, 201) << action.body;
  EXPECT_EQ(action.json.at("owner").at("name"), "张伟");
  EXPECT_EQ(action.json.at("late"), false);
  EXPECT_EQ(action.json.at("title"), "修补3栋门前路面");
  const auto action_id = action.json.at("id").as_int64();
  // Minutes can no longer change once an action item hangs on them.
  auto rerecord = s_.Call("PUT", "/api/v1/meetings/" + Id(meeting) + "/minutes",
                          json::serialize(json::object{{"attendance", json::array{}}}), branch_);
  EXPECT_EQ(rerecord.status, 409) << rerecord.body;

  SetClock("2026-03-10T09:00:00+08:00");
  auto open = s_.Get("/api/v1/units/" + Id(estate_) + "/meeting-actions?open=true", branch_);
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.json.at("total"), 1);
  EXPECT_EQ(open.json.at("items").as_array()[0].at("late"), true);
  auto unpublished = s_.Get("/api/v1/meetings/" + Id(meeting), branch_);
  EXPECT_EQ(unpublished.json.at("publication_late"), true);

  auto published = s_.Post("/api/v1/meetings/" + Id(meeting) + "/publish", json::object{}, branch_);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json.at("publication_late"), true);
  EXPECT_EQ(s_.Post("/api/v1/meetings/" + Id(meeting) + "/publish", json::object{}, branch_).status,
            409);

  auto board = s_.Get("/api/v1/estates/" + Id(estate_) + "/published-decisions", resident_);
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json.at("total"), 1);
  const json::object item = board.json.at("items").as_array()[0].as_object();
  EXPECT_EQ(item.at("late"), true);
  const json::array ds = item.at("decisions").as_array();
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].at("text"), "修补3栋门前路面");
  EXPECT_EQ(ds[0].at("actions").as_array()[0].at("owner").at("name"), "张**");

  auto done = s_.Post("/api/v1/meeting-actions/" + Id(action_id) + "/done",
                      json::object{{"note", "已修补"}}, branch_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json.at("done"), true);
  EXPECT_EQ(done.json.at("late"), false);
  EXPECT_EQ(
      s_.Post("/api/v1/meeting-actions/" + Id(action_id) + "/done", json::object{}, branch_).status,
      409);

  auto meeting_audit = AuditActions("meeting");
  for (const char* a : {"create", "minutes", "publish"})
    EXPECT_NE(std::find(meeting_audit.begin(), meeting_audit.end(), a), meeting_audit.end()) << a;
  auto action_audit = AuditActions("meeting_action");
  EXPECT_EQ(action_audit.size(), 2u);
}

TEST_F(MeetingsApi, FourMustsShowWhatWasMissed) {
  const auto attended = Schedule(
      {{"kind", "committee"}, {"title", "一次业委会"}, {"starts_at", "2026-03-10T19:00:00+08:00"}},
      committee_);
  const auto missed = Schedule(
      {{"kind", "committee"}, {"title", "二次业委会"}, {"starts_at", "2026-03-12T19:00:00+08:00"}},
      committee_);
  SetClock("2026-03-13T09:00:00+08:00");
  auto first = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(attended) + "/minutes",
      json::serialize(json::object{
          {"attendance",
           json::array{Present(0), Present(1), Present(2),
                       json::object{{"name", "周书记"}, {"side", "community_party"}}}},
          {"decisions",
           json::array{json::object{{"text", "更换电梯"}, {"in_favour", 3}, {"project", true}}}}}),
      committee_);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto project = first.json.at("decisions").as_array()[0].at("id").as_int64();
  auto second = s_.Call(
      "PUT", "/api/v1/meetings/" + Id(missed) + "/minutes",
      json::serialize(json::object{
          {"attendance", json::array{Present(0), Present(1), Present(2), Present(3)}},
          {"decisions", json::array{json::object{
                            {"text", "动用公共收益"}, {"in_favour", 4}, {"major", true}}}}}),
      committee_);
  ASSERT_EQ(second.status, 200) << second.body;

  auto report =
      s_.Get("/api/v1/units/" + Id(community_) + "/four-musts?quarter=2026-Q1", official_);
  ASSERT_EQ(report.status, 200) << report.body;
  ASSERT_EQ(report.json.at("estates").as_array().size(), 1u);
  json::object estate = report.json.at("estates").as_array()[0].as_object();
  EXPECT_EQ(estate.at("missed"), 4);
  json::array musts = estate.at("musts").as_array();
  EXPECT_EQ(musts[0].at("must"), "attend");
  EXPECT_EQ(musts[0].at("due"), 2);
  EXPECT_EQ(musts[0].at("done"), 1);
  EXPECT_EQ(musts[1].at("met"), false);  // the major decision of the second meeting
  EXPECT_EQ(musts[2].at("met"), false);  // the project not supervised
  EXPECT_EQ(musts[3].at("met"), false);  // no spot-check

  // The branch does not record the community party organisation's supervision.
  json::object check{{"kind", "spot_check"},
                     {"on", "2026-03-12"},
                     {"subject", "2026年一季度公共收益账目"},
                     {"finding", "账实相符"}};
  EXPECT_EQ(
      s_.Post("/api/v1/estates/" + Id(estate_) + "/supervision-records", check, branch_).status,
      403);
  auto no_finding = s_.Post(
      "/api/v1/estates/" + Id(estate_) + "/supervision-records",
      json::object{{"kind", "spot_check"}, {"on", "2026-03-12"}, {"subject", "账目"}}, official_);
  EXPECT_EQ(no_finding.status, 400);
  EXPECT_EQ(Field(no_finding), "finding");
  auto recorded =
      s_.Post("/api/v1/estates/" + Id(estate_) + "/supervision-records", check, official_);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  auto supervised = s_.Post("/api/v1/estates/" + Id(estate_) + "/supervision-records",
                            json::object{{"kind", "project"},
                                         {"on", "2026-03-13"},
                                         {"subject", "电梯更换招标"},
                                         {"decision_id", project}},
                            official_);
  ASSERT_EQ(supervised.status, 201) << supervised.body;

  report = s_.Get("/api/v1/units/" + Id(estate_) + "/four-musts?quarter=2026-Q1", branch_);
  ASSERT_EQ(report.status, 200) << report.body;
  estate = report.json.at("estates").as_array()[0].as_object();
  EXPECT_EQ(estate.at("missed"), 2);
  musts = estate.at("musts").as_array();
  EXPECT_EQ(musts[2].at("met"), true);
  EXPECT_EQ(musts[3].at("met"), true);
  // Another quarter: nothing happened, only the spot-check is missed.
  auto q2 = s_.Get("/api/v1/units/" + Id(estate_) + "/four-musts?quarter=2026-Q2", branch_);
  EXPECT_EQ(q2.json.at("estates").as_array()[0].at("missed"), 1);
  EXPECT_EQ(s_.Get("/api/v1/units/" + Id(estate_) + "/four-musts?quarter=2026-Q9", branch_).status,
            400);
  auto records =
      s_.Get("/api/v1/estates/" + Id(estate_) + "/supervision-records?quarter=2026-Q1", branch_);
  ASSERT_EQ(records.status, 200) << records.body;
  EXPECT_EQ(records.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(AuditActions("supervision_record").size(), 2u);
}

TEST_F(MeetingsApi, AgendaOffersTheEstatesOpenProblems) {
  auto appeal = s_.Post("/api/v1/appeals",
                        json::object{{"estate_id", estate_},
                                     {"category", "sanitation"},
                                     {"place", json::object{{"text", "2号楼电梯厅"}}},
                                     {"description", "2号楼电梯厅堆满了垃圾，电梯经常停运"}},
                        resident_);
  ASSERT_EQ(appeal.status, 201) << appeal.body;
  const auto appeal_id = appeal.json.at("id").as_int64();
  auto offered = s_.Get("/api/v1/estates/" + Id(estate_) + "/meeting-agenda-candidates", branch_);
  ASSERT_EQ(offered.status, 200) << offered.body;
  ASSERT_EQ(offered.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(offered.json.at("items").as_array()[0].at("appeal_id"), appeal_id);
  auto r = s_.Post("/api/v1/units/" + Id(estate_) + "/meetings",
                   json::object{{"kind", "joint"},
                                {"title", "联席会"},
                                {"starts_at", "2026-03-20T19:00:00+08:00"},
                                {"agenda", json::array{json::object{{"appeal_id", appeal_id}},
                                                       json::object{{"title", "其他事项"}}}}},
                   branch_);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::array agenda = r.json.at("meetings").as_array()[0].at("agenda").as_array();
  ASSERT_EQ(agenda.size(), 2u);
  EXPECT_EQ(agenda[0].at("appeal_id"), appeal_id);
  EXPECT_NE(Str(agenda[0].at("title")).find("电梯"), std::string::npos);
}

}  // namespace
}  // namespace linli::testing
