// The branch's task list (党员认领任务单) through the HTTP API (docs/MEMBER_TASKS.md): the branch
// publishes, members registered with the estate claim, report progress and submit with photos,
// the owners' representatives accept or send back, the branch closes or cancels; bad input gets
// a clear 4xx and changes nothing; overdue tasks are flagged and move up once when the clock
// moves; names are masked per viewer; every write is in the audit log.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n"
    "1栋,1单元,17,1703,89.45,registry,张三丰,13912345678,person,yes\n"
    "1栋,1单元,5,502,89.45,registry,李四,13900001111,person,yes\n"
    "1栋,1单元,6,602,89.45,registry,王五,13900002222,person,yes\n";

std::string Png(const std::string& tail = "pixels") {
  return std::string("\x89PNG\r\n\x1A\n", 8) + tail;
}
std::vector<std::string> Strings(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& a : list.as_array()) out.push_back(Str(a));
  return out;
}
bool Has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

class MemberTasksApi : public ::testing::Test {
 protected:
  // 测试区 > 测试街道 > 测试社区 > 幸福小区 with three households; the branch and the owners'
  // committee on the estate, an official on the community; members 张三丰 and 李四 confirmed
  // with the estate, 王五 a resident who never registered.
  void SetUp() override {
    auto ids = s_.MakeTree("幸福小区");
    ASSERT_EQ(ids.size(), 4u);
    street_ = ids[1];
    community_ = ids[2];
    estate_ = ids[3];
    admin_ = s_.AdminToken();
    auto imported =
        s_.Call("POST", "/api/v1/estates/" + std::to_string(estate_) + "/households:import",
                kHouseholdsCsv, admin_, "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto list = s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/households", admin_);
    ASSERT_EQ(list.status, 200) << list.body;
    for (const auto& h : list.json.at("items").as_array()) {
      if (h.at("room") == "1703") home_a_ = h.at("id").as_int64();
      if (h.at("room") == "502") home_b_ = h.at("id").as_int64();
    }
    branch_ = Account("13800000102", "王书记", "branch", estate_);
    committee_ = Account("13800000106", "赵主任", "committee", estate_);
    official_ = Account("13800000104", "社区干部", "official", community_);
    member_a_ = ConfirmedMember("13911112222", "张三丰", home_a_);
    member_b_ = ConfirmedMember("13922223333", "李四", home_b_);
    resident_ = Account("13933334444", "王五", "resident", estate_);
  }

  std::int64_t last_account_id_ = 0;
  // An account with one role; returns its token (its id in last_account_id_).
  std::string Account(const std::string& phone, const std::string& name, const std::string& role,
                      std::int64_t unit) {
    auto a =
        s_.Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", name}}, admin_);
    EXPECT_EQ(a.status, 201) << a.body;
    last_account_id_ = a.json.at("id").as_int64();
    auto g = s_.Post("/api/v1/accounts/" + std::to_string(last_account_id_) + "/roles",
                     json::object{{"role", role}, {"unit_id", unit}}, admin_);
    EXPECT_EQ(g.status, 201) << g.body;
    return s_.Login(phone, "Passw0rd!");
  }

  // A party member who registered (报到) with the estate through the API, confirmed by the
  // branch (which makes the account a member there).
  std::string ConfirmedMember(const std::string& phone, const std::string& name,
                              std::int64_t household) {
    auto token = Account(phone, name, "resident", estate_);
    auto reg = s_.Post("/api/v1/estates/" + std::to_string(estate_) + "/member-registrations",
                       json::object{{"household_id", household},
                                    {"employer_name", "区财政局"},
                                    {"employer_party_org", "区财政局机关党支部"},
                                    {"skills", "电工"},
                                    {"services", "设施巡查"}},
                       token);
    EXPECT_EQ(reg.status, 201) << reg.body;
    if (reg.status != 201) return token;
    EXPECT_EQ(reg.json.at("status"), "pending");
    auto decided = s_.Post("/api/v1/member-registrations/" +
                               std::to_string(reg.json.at("id").as_int64()) + "/decision",
                           json::object{{"decision", "confirm"}}, branch_);
    EXPECT_EQ(decided.status, 200) << decided.body;
    EXPECT_EQ(decided.json.at("status"), "confirmed") << decided.body;
    return token;
  }

  // Moves the test clock (running the scheduled jobs) and logs everyone in again: sessions last
  // 12 hours.
  HttpResult SetClock(const std::string& now) {
    auto r = s_.Post("/api/v1/test/clock", json::object{{"now", now}});
    EXPECT_EQ(r.status, 200) << r.body;
    admin_ = s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
    for (auto [token, phone] : {std::pair{&branch_, "13800000102"},
                                {&committee_, "13800000106"},
                                {&official_, "13800000104"},
                                {&member_a_, "13911112222"},
                                {&member_b_, "13922223333"},
                                {&resident_, "13933334444"}})
      *token = s_.Login(phone, "Passw0rd!");
    return r;
  }

  std::string TasksPath() const {
    return "/api/v1/estates/" + std::to_string(estate_) + "/member-tasks";
  }
  static std::string TaskPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/member-tasks/" + std::to_string(id) + rest;
  }
  static std::string ClaimPath(std::int64_t id) {
    return "/api/v1/task-claims/" + std::to_string(id) + "/actions";
  }

  json::object Draft(const char* due = "2026-03-16T18:00:00+08:00", int needed = 2) {
    return json::object{{"title", "检查10部电梯的维保记录"},
                        {"description", "逐部核对维保记录，拍照上传"},
                        {"source", "plan"},
                        {"due_at", due},
                        {"needed", needed},
                        {"hours_minutes", 120},
                        {"points", 6}};
  }
  std::int64_t PublishOk(json::object body = {}) {
    if (body.empty()) body = Draft();
    auto r = s_.Post(TasksPath(), body, branch_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  // Claims and returns the claim id.
  std::int64_t ClaimOk(const std::string& token, std::int64_t task) {
    auto r = s_.Post(TaskPath(task, "/claims"), json::object{}, token);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return 0;
    return r.json.at("my_claim").at("id").as_int64();
  }
  HttpResult Act(const std::string& token, std::int64_t claim, json::object body) {
    return s_.Post(ClaimPath(claim), body, token);
  }
  // The claim `id` inside a task's JSON.
  static json::object ClaimIn(const HttpResult& task, std::int64_t id) {
    for (const auto& c : task.json.at("claims").as_array())
      if (c.at("id").as_int64() == id) return c.as_object();
    ADD_FAILURE() << "no claim " << id << " in " << task.body;
    return {};
  }
  std::int64_t UploadPhoto(const std::string& token) {
    auto r = s_.Call("POST", "/api/v1/photos", Png(), token, "image/png");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  std::vector<std::string> NotificationTexts(const std::string& token) {
    auto r = s_.Get("/api/v1/notifications", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& n : r.json.at("items").as_array()) {
      out.push_back(Str(n.at("text")));
      // A task's notification leads to the task on the phone.
      if (out.back().find("任务") != std::string::npos) {
        EXPECT_EQ(n.at("subject").at("kind"), "task") << r.body;
        EXPECT_GT(n.at("subject").at("id").as_int64(), 0) << r.body;
      }
    }
    return out;
  }
  static bool AnyContains(const std::vector<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.find(part) != std::string::npos; });
  }
  std::vector<std::string> AuditActions(const std::string& entity) {
    auto r = s_.Get("/api/v1/audit?entity=" + entity + "&page_size=200", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& e : r.json.at("items").as_array()) out.push_back(Str(e.at("action")));
    return out;
  }

  TestServer s_;
  std::int64_t street_ = 0, community_ = 0, estate_ = 0, home_a_ = 0, home_b_ = 0;
  std::string admin_, branch_, committee_, official_, member_a_, member_b_, resident_;
};

TEST_F(MemberTasksApi, PublishClaimSubmitAcceptReturnAndClose) {
  auto published = s_.Post(TasksPath(), Draft(), branch_);
  ASSERT_EQ(published.status, 201) << published.body;
  const auto& t = published.json;
  const auto task = t.at("id").as_int64();
  EXPECT_EQ(t.at("status"), "open");
  EXPECT_EQ(t.at("status_label"), "进行中");
  EXPECT_EQ(t.at("source"), "plan");
  EXPECT_EQ(t.at("source_label"), "支部计划");
  EXPECT_EQ(t.at("due_at"), "2026-03-16T18:00:00+08:00");
  EXPECT_EQ(t.at("needed").as_int64(), 2);
  EXPECT_EQ(t.at("places_left").as_int64(), 2);
  EXPECT_EQ(t.at("hours_minutes").as_int64(), 120);
  EXPECT_EQ(t.at("points").as_int64(), 6);
  EXPECT_EQ(t.at("level"), "estate");
  EXPECT_EQ(t.at("overdue"), false);
  EXPECT_EQ(t.at("can_manage"), true);
  EXPECT_EQ(t.at("timeline").as_array().size(), 1u);
  EXPECT_EQ(t.at("timeline").at(0).at("action"), "publish");
  // Members of the estate hear of it.
  EXPECT_TRUE(AnyContains(NotificationTexts(member_a_), "新任务待认领"));

  // A member sees it and may claim.
  auto seen = s_.Get(TasksPath(), member_a_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.json.at("total").as_int64(), 1);
  EXPECT_EQ(seen.json.at("items").at(0).at("can_claim"), true);

  auto claimed = s_.Post(TaskPath(task, "/claims"), json::object{}, member_a_);
  ASSERT_EQ(claimed.status, 201) << claimed.body;
  const auto claim = claimed.json.at("my_claim").at("id").as_int64();
  EXPECT_EQ(claimed.json.at("my_claim").at("status"), "claimed");
  EXPECT_EQ(claimed.json.at("my_claim").at("status_label"), "进行中");
  EXPECT_EQ(claimed.json.at("places_taken").as_int64(), 1);
  EXPECT_EQ(claimed.json.at("can_claim"), false);
  EXPECT_EQ(Strings(claimed.json.at("my_claim").at("actions")),
            (std::vector<std::string>{"progress", "submit", "withdraw"}));

  // A second claim by the same member: 409 already_exists, nothing added.
  auto again = s_.Post(TaskPath(task, "/claims"), json::object{}, member_a_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.ErrorCode(), "already_exists");
  EXPECT_EQ(s_.Get(TaskPath(task), branch_).json.at("places_taken").as_int64(), 1);

  auto progress = Act(member_a_, claim, {{"action", "progress"}, {"note", "已检查6部"}});
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_EQ(ClaimIn(progress, claim).at("progress"), "已检查6部");

  auto photo = UploadPhoto(member_a_);
  auto submitted = Act(member_a_, claim,
                       {{"action", "submit"},
                        {"report", "10部电梯已全部检查，2部需维修"},
                        {"photo_ids", json::array{photo}}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  auto c = ClaimIn(submitted, claim);
  EXPECT_EQ(c.at("status"), "submitted");
  EXPECT_EQ(c.at("status_label"), "待验收");
  EXPECT_EQ(c.at("report"), "10部电梯已全部检查，2部需维修");
  ASSERT_EQ(c.at("photos").as_array().size(), 1u);
  EXPECT_EQ(c.at("photos").at(0).at("id").as_int64(), photo);
  EXPECT_TRUE(AnyContains(NotificationTexts(branch_), "有成果待验收"));
  EXPECT_TRUE(AnyContains(NotificationTexts(committee_), "有成果待验收"));

  // The committee (owners' representatives) accepts it.
  auto for_committee = s_.Get(TaskPath(task), committee_);
  ASSERT_EQ(for_committee.status, 200) << for_committee.body;
  EXPECT_EQ(Strings(ClaimIn(for_committee, claim).at("actions")),
            (std::vector<std::string>{"accept", "return"}));
  auto accepted = Act(committee_, claim, {{"action", "accept"}, {"note", "检查到位"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(ClaimIn(accepted, claim).at("status"), "accepted");
  EXPECT_EQ(ClaimIn(accepted, claim).at("status_label"), "已验收");
  EXPECT_TRUE(AnyContains(NotificationTexts(member_a_), "已通过验收"));

  // ... then finds a problem and sends it back with the reason; the member hears why.
  auto no_reason = Act(committee_, claim, {{"action", "return"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Field(no_reason), "note");
  auto returned = Act(committee_, claim, {{"action", "return"}, {"note", "3号楼记录缺照片"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(ClaimIn(returned, claim).at("status"), "returned");
  EXPECT_EQ(ClaimIn(returned, claim).at("decision_note"), "3号楼记录缺照片");
  EXPECT_TRUE(AnyContains(NotificationTexts(member_a_), "被退回整改：3号楼记录缺照片"));

  // Resubmitted and accepted again.
  ASSERT_EQ(Act(member_a_, claim, {{"action", "submit"}, {"report", "已补拍照片"}}).status, 200);
  ASSERT_EQ(Act(branch_, claim, {{"action", "accept"}}).status, 200);

  // The member's own list across estates.
  auto mine = s_.Get("/api/v1/me/task-claims", member_a_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json.at("total").as_int64(), 1);
  EXPECT_EQ(mine.json.at("items").at(0).at("status"), "accepted");
  EXPECT_EQ(mine.json.at("items").at(0).at("task").at("id").as_int64(), task);
  EXPECT_EQ(s_.Get("/api/v1/me/task-claims", member_b_).json.at("total").as_int64(), 0);

  // The branch closes it; the timeline tells the story.
  auto closed = s_.Post(TaskPath(task, "/close"), json::object{{"note", "全部完成"}}, branch_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at("status"), "done");
  EXPECT_EQ(closed.json.at("status_label"), "已完成");
  EXPECT_EQ(closed.json.at("can_manage"), false);
  std::vector<std::string> steps;
  for (const auto& e : closed.json.at("timeline").as_array()) steps.push_back(Str(e.at("action")));
  EXPECT_EQ(steps, (std::vector<std::string>{"publish", "claim", "progress", "submit", "accept",
                                             "return", "submit", "accept", "close"}));
  // Every write is audited.
  EXPECT_TRUE(Has(AuditActions("member_task"), "create"));
  EXPECT_TRUE(Has(AuditActions("member_task"), "close"));
  auto claim_audit = AuditActions("task_claim");
  for (const char* a : {"claim", "progress", "submit", "accept", "return"})
    EXPECT_TRUE(Has(claim_audit, a)) << a;
}

TEST_F(MemberTasksApi, BadPublishingGetsA4xxAndCreatesNothing) {
  auto bad = [&](json::object body, int status, const char* field) {
    auto r = s_.Post(TasksPath(), body, branch_);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(Field(r), field) << r.body;
  };
  auto d = Draft("2026-02-28T18:00:00+08:00");
  bad(d, 400, "due_at");  // in the past
  d = Draft();
  d["due_at"] = "next friday";
  bad(d, 400, "due_at");
  bad(Draft("2026-03-16T18:00:00+08:00", 0), 400, "needed");
  bad(Draft("2026-03-16T18:00:00+08:00", 101), 400, "needed");
  d = Draft();
  d["source"] = "problem";
  bad(d, 400, "appeal_id");
  d["appeal_id"] = 999;
  bad(d, 404, "appeal_id");
  d = Draft();
  d["source"] = "decision";
  bad(d, 400, "source_note");
  d = Draft();
  d["source"] = "whim";
  bad(d, 400, "source");
  d = Draft();
  d["title"] = "x";
  bad(d, 400, "title");
  // Only the branch (or above) publishes.
  auto r = s_.Post(TasksPath(), Draft(), member_a_);
  EXPECT_EQ(r.status, 403) << r.body;
  r = s_.Post(TasksPath(), Draft(), committee_);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(s_.Get(TasksPath(), branch_).json.at("total").as_int64(), 0);

  // A task from a problem names one of the same estate.
  auto filed = s_.Post("/api/v1/appeals",
                       json::object{{"estate_id", estate_},
                                    {"category", "lift"},
                                    {"description", "3栋电梯经常停运"},
                                    {"place", json::object{{"text", "3栋"}}}},
                       resident_);
  ASSERT_EQ(filed.status, 201) << filed.body;
  d = Draft();
  d["source"] = "problem";
  d["appeal_id"] = filed.json.at("id").as_int64();
  auto from_problem = s_.Post(TasksPath(), d, branch_);
  ASSERT_EQ(from_problem.status, 201) << from_problem.body;
  EXPECT_EQ(from_problem.json.at("appeal_id").as_int64(), filed.json.at("id").as_int64());
  EXPECT_EQ(from_problem.json.at("source_label"), "居民诉求");
}

TEST_F(MemberTasksApi, BadClaimsGetA409OrA403AndChangeNothing) {
  const auto task = PublishOk(Draft("2026-03-16T18:00:00+08:00", 1));
  // Not registered (a resident), and a branch account without a registration.
  auto r = s_.Post(TaskPath(task, "/claims"), json::object{}, resident_);
  EXPECT_EQ(r.status, 403) << r.body;
  r = s_.Post(TaskPath(task, "/claims"), json::object{}, branch_);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("registration"), std::string::npos) << r.body;
  r = s_.Post(TaskPath(9999, "/claims"), json::object{}, member_a_);
  EXPECT_EQ(r.status, 404) << r.body;

  const auto claim = ClaimOk(member_a_, task);
  // Full.
  r = s_.Post(TaskPath(task, "/claims"), json::object{}, member_b_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.ErrorCode(), "failed_precondition");
  EXPECT_NE(r.body.find("full"), std::string::npos) << r.body;
  auto now = s_.Get(TaskPath(task), branch_);
  EXPECT_EQ(now.json.at("places_taken").as_int64(), 1);
  EXPECT_EQ(now.json.at("claims").as_array().size(), 1u);
  EXPECT_EQ(now.json.at("timeline").as_array().size(), 2u);  // publish, claim

  // A place freed by withdrawing can be taken; the one who withdrew may come back later.
  ASSERT_EQ(Act(member_a_, claim, {{"action", "withdraw"}}).status, 200);
  ClaimOk(member_b_, task);
  r = s_.Post(TaskPath(task, "/claims"), json::object{}, member_a_);
  EXPECT_EQ(r.status, 409) << r.body;  // full again

  // Wrong actors and wrong states.
  auto task2 = PublishOk();
  auto c2 = ClaimOk(member_a_, task2);
  r = Act(member_b_, c2, {{"action", "progress"}, {"note", "别人的"}});
  EXPECT_EQ(r.status, 403) << r.body;
  r = Act(committee_, c2, {{"action", "accept"}});
  EXPECT_EQ(r.status, 409) << r.body;  // nothing submitted yet
  r = Act(member_a_, c2, {{"action", "progress"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r), "note");
  r = Act(member_a_, c2, {{"action", "dance"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r), "action");
  // A photo someone else uploaded: 404, and the submission is rolled back entirely.
  auto foreign = UploadPhoto(member_b_);
  r = Act(member_a_, c2,
          {{"action", "submit"}, {"report", "做完了"}, {"photo_ids", json::array{foreign}}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(Field(r), "photo_ids[0]");
  EXPECT_EQ(ClaimIn(s_.Get(TaskPath(task2), branch_), c2).at("status"), "claimed");
  json::array ten;
  for (int i = 0; i < 10; ++i) ten.push_back(UploadPhoto(member_a_));
  r = Act(member_a_, c2, {{"action", "submit"}, {"report", "做完了"}, {"photo_ids", ten}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r), "photo_ids");
  r = Act(member_a_, c2, {{"action", "accept"}});
  EXPECT_EQ(r.status, 403) << r.body;  // members do not accept, least of all their own work

  // Closing with a result waiting is refused; cancelling with an accepted one too.
  ASSERT_EQ(Act(member_a_, c2, {{"action", "submit"}, {"report", "做完了"}}).status, 200);
  r = s_.Post(TaskPath(task2, "/close"), json::object{}, branch_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("await acceptance"), std::string::npos) << r.body;
  ASSERT_EQ(Act(committee_, c2, {{"action", "accept"}}).status, 200);
  r = s_.Post(TaskPath(task2, "/cancel"), json::object{}, branch_);
  EXPECT_EQ(r.status, 409) << r.body;
  r = s_.Post(TaskPath(task2, "/close"), json::object{}, member_a_);
  EXPECT_EQ(r.status, 403) << r.body;
  ASSERT_EQ(s_.Post(TaskPath(task2, "/close"), json::object{}, branch_).status, 200);
  // Closed: no more claims, no more changes to its claims.
  r = s_.Post(TaskPath(task2, "/claims"), json::object{}, member_b_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("done"), std::string::npos) << r.body;
  r = Act(committee_, c2, {{"action", "return"}, {"note", "迟来的意见"}});
  EXPECT_EQ(r.status, 409) << r.body;
  r = s_.Post(TaskPath(task2, "/close"), json::object{}, branch_);
  EXPECT_EQ(r.status, 409) << r.body;

  // Cancelled: likewise.
  auto task3 = PublishOk();
  ASSERT_EQ(s_.Post(TaskPath(task3, "/cancel"), json::object{{"note", "重复发布"}}, branch_).status,
            200);
  r = s_.Post(TaskPath(task3, "/claims"), json::object{}, member_a_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(s_.Get(TaskPath(task3), branch_).json.at("status_label"), "已取消");

  // Late: past the deadline nobody may claim any more.
  auto task4 = PublishOk(Draft("2026-03-02T09:00:00+08:00"));
  SetClock("2026-03-03T09:00:00+08:00");
  r = s_.Post(TaskPath(task4, "/claims"), json::object{}, member_a_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("deadline"), std::string::npos) << r.body;
}

TEST_F(MemberTasksApi, MembersSeeOpenTasksAndTheirOwnClaimsWithOthersMasked) {
  const auto open_task = PublishOk();
  const auto claimed_task = PublishOk();
  const auto closed_task = PublishOk();
  ClaimOk(member_a_, claimed_task);
  ClaimOk(member_b_, claimed_task);
  ASSERT_EQ(s_.Post(TaskPath(claimed_task, "/close"), json::object{}, branch_).status, 200);
  ASSERT_EQ(s_.Post(TaskPath(closed_task, "/close"), json::object{}, branch_).status, 200);

  auto ids = [&](const std::string& token, const std::string& query = "") {
    auto r = s_.Get(TasksPath() + query, token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::int64_t> out;
    for (const auto& t : r.json.at("items").as_array()) out.push_back(t.at("id").as_int64());
    return out;
  };
  EXPECT_EQ(ids(branch_), (std::vector<std::int64_t>{closed_task, claimed_task, open_task}));
  EXPECT_EQ(ids(committee_, "?status=done"),
            (std::vector<std::int64_t>{closed_task, claimed_task}));
  EXPECT_EQ(ids(member_a_), (std::vector<std::int64_t>{claimed_task, open_task}));
  EXPECT_EQ(s_.Get(TaskPath(closed_task), member_a_).status, 403);
  EXPECT_EQ(s_.Get(TasksPath(), resident_).status, 403);
  auto bad = s_.Get(TasksPath() + "?status=sleeping", branch_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "status");

  // Names: the branch sees them, a member sees their own and the others masked.
  auto for_branch = s_.Get(TaskPath(claimed_task), branch_);
  auto for_a = s_.Get(TaskPath(claimed_task), member_a_);
  ASSERT_EQ(for_a.status, 200) << for_a.body;
  std::vector<std::string> branch_names, a_names;
  for (const auto& c : for_branch.json.at("claims").as_array())
    branch_names.push_back(Str(c.at("claimer").at("name")));
  for (const auto& c : for_a.json.at("claims").as_array())
    a_names.push_back(Str(c.at("claimer").at("name")));
  EXPECT_EQ(branch_names, (std::vector<std::string>{"张三丰", "李四"}));
  EXPECT_EQ(a_names, (std::vector<std::string>{"张三丰", "李**"}));
  for (const auto& e : for_a.json.at("timeline").as_array()) {
    if (e.at("action") == "close") {
      EXPECT_EQ(e.at("actor"), "王**");
    }
  }
}

TEST_F(MemberTasksApi, AnOverdueTaskIsFlaggedAndMovesUpOnceWhenTheClockMoves) {
  const auto task = PublishOk(Draft("2026-03-03T18:00:00+08:00"));
  ClaimOk(member_a_, task);
  const auto done_in_time = PublishOk(Draft("2026-03-03T18:00:00+08:00"));
  ASSERT_EQ(s_.Post(TaskPath(done_in_time, "/close"), json::object{}, branch_).status, 200);

  SetClock("2026-03-04T09:00:00+08:00");
  auto t = s_.Get(TaskPath(task), branch_);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json.at("overdue"), true);
  EXPECT_EQ(t.json.at("overdue_marked"), true);
  EXPECT_EQ(t.json.at("level"), "community");
  EXPECT_EQ(t.json.at("level_unit").at("id").as_int64(), community_);
  EXPECT_EQ(t.json.at("level_unit").at("name"), "测试社区");
  EXPECT_EQ(t.json.at("timeline").as_array().back().at("action"), "auto_escalate");
  EXPECT_EQ(t.json.at("timeline").as_array().back().at("actor"), "系统");
  EXPECT_TRUE(AnyContains(NotificationTexts(official_), "任务超期"));
  EXPECT_TRUE(AnyContains(NotificationTexts(branch_), "任务超期"));
  EXPECT_EQ(s_.Get(TaskPath(done_in_time), branch_).json.at("overdue_marked"), false);
  auto overdue = s_.Get(TasksPath() + "?status=overdue", branch_);
  ASSERT_EQ(overdue.json.at("total").as_int64(), 1);
  EXPECT_TRUE(Has(AuditActions("member_task"), "auto_escalate"));

  // Once: moving the clock again leaves it where it is.
  SetClock("2026-03-10T09:00:00+08:00");
  t = s_.Get(TaskPath(task), branch_);
  EXPECT_EQ(t.json.at("level"), "community");
  int escalations = 0;
  for (const auto& e : t.json.at("timeline").as_array())
    if (e.at("action") == "auto_escalate") ++escalations;
  EXPECT_EQ(escalations, 1);
  // Work goes on: the claim can still be submitted and accepted, then the task closed.
  auto claim = t.json.at("claims").at(0).at("id").as_int64();
  ASSERT_EQ(Act(member_a_, claim, {{"action", "submit"}, {"report", "迟交的成果"}}).status, 200);
  ASSERT_EQ(Act(committee_, claim, {{"action", "accept"}}).status, 200);
  auto closed = s_.Post(TaskPath(task, "/close"), json::object{}, branch_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at("overdue"), false);
}

}  // namespace
}  // namespace linli::testing
