// The owners' committee election through the HTTP API (docs/ELECTIONS.md): announcing it (a
// vote of kind 'election' on art. 278 matter 3 with its roll), the preparatory group and its
// composition check, candidates with nomination and eligibility (an ineligible one cannot
// stand; the list is fixed when voting opens), multi-seat ballots through the vote's channels
// and rules (one per owner, evidence, window), a 5-seat election with 6 candidates to its
// result, publication, and the reminders that follow (first meeting, filing, term end) on the
// test clock; bad input gets a clear 4xx naming the field and changes nothing.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

// 9 heads, 920.00 m²: 张一 holds 120.00 m², the others 100.00 m² each.
constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n"
    "1栋,1单元,1,101,120.00,registry,张一,13900000001,person,yes\n"
    "1栋,1单元,1,102,100.00,registry,李二,13900000002,person,yes\n"
    "1栋,1单元,2,201,100.00,registry,王三,13900000003,person,yes\n"
    "1栋,1单元,2,202,100.00,registry,赵四,13900000004,person,yes\n"
    "1栋,1单元,3,301,100.00,registry,钱五,13900000005,person,yes\n"
    "1栋,1单元,3,302,100.00,registry,孙六,13900000006,person,yes\n"
    "2栋,1单元,1,101,100.00,registry,周七,13900000007,person,yes\n"
    "2栋,1单元,1,102,100.00,registry,吴八,13900000008,person,yes\n"
    "2栋,1单元,2,201,100.00,registry,郑九,13900000009,person,yes\n";

constexpr const char* kNow = "2026-12-01T10:00:00+08:00";
constexpr const char* kOpens = "2026-12-17T00:00:00+08:00";
constexpr const char* kCloses = "2026-12-24T20:00:00+08:00";
constexpr const char* kDuringVote = "2026-12-18T09:00:00+08:00";
constexpr const char* kAfterVote = "2026-12-25T09:00:00+08:00";

class ElectionsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    SetClock(kNow);
    auto ids = s_.MakeTree("和谐小区");
    ASSERT_EQ(ids.size(), 4u);
    estate_ = ids[3];
    auto imported =
        s_.Call("POST", "/api/v1/estates/" + std::to_string(estate_) + "/households:import",
                kHouseholdsCsv, Admin(), "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto owners =
        s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/owners?page_size=50", Admin());
    ASSERT_EQ(owners.status, 200) << owners.body;
    for (const auto& o : owners.json.at("items").as_array())
      owner_[Str(o.at("name"))] = o.at("id").as_int64();
    ASSERT_EQ(owner_.size(), 9u) << owners.body;
    MakeAccount("13800000106", "赵主任", "committee", estate_);
    MakeAccount("13900000001", "张一", "resident", estate_);
    MakeAccount("13800000148", "物业经理", "property", estate_);
  }

  void MakeAccount(const std::string& phone, const std::string& name, const std::string& role,
                   std::int64_t unit) {
    auto a =
        s_.Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", name}}, Admin());
    ASSERT_EQ(a.status, 201) << a.body;
    auto g = s_.Post("/api/v1/accounts/" + std::to_string(a.json.at("id").as_int64()) + "/roles",
                     json::object{{"role", role}, {"unit_id", unit}}, Admin());
    ASSERT_EQ(g.status, 201) << g.body;
  }

  std::string Admin() { return s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword); }
  std::string Committee() { return s_.Login("13800000106", "Passw0rd!"); }
  std::string Owner(const char* phone) { return s_.Login(phone, "Passw0rd!"); }

  void SetClock(const std::string& now) {
    auto r = s_.Post("/api/v1/test/clock", json::object{{"now", now}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::string E(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/elections/" + std::to_string(id) + tail;
  }
  HttpResult Create(json::object body, const std::string& token) {
    return s_.Post("/api/v1/estates/" + std::to_string(estate_) + "/elections", body, token);
  }
  std::int64_t NewElection(int seats = 5) {
    auto r = Create({{"title", "第一届业主委员会选举"},
                     {"seats", seats},
                     {"term_years", 3},
                     {"opens_at", kOpens},
                     {"closes_at", kCloses}},
                    Committee());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  HttpResult AddPrep(std::int64_t id, const std::string& name, const char* side,
                     bool leader = false, bool owner = false) {
    return s_.Post(
        E(id, "/prep-members"),
        json::object{{"name", name}, {"side", side}, {"is_leader", leader}, {"is_owner", owner}},
        Committee());
  }
  void GoodPrepGroup(std::int64_t id) {
    ASSERT_EQ(AddPrep(id, "街道刘科长", "street", true).status, 201);
    ASSERT_EQ(AddPrep(id, "社区陈书记", "community_party").status, 201);
    ASSERT_EQ(AddPrep(id, "业主郑九", "owner").status, 201);
    ASSERT_EQ(AddPrep(id, "业主吴八", "owner").status, 201);
    auto r = AddPrep(id, "派出所民警兼业主", "police", false, true);
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_TRUE(r.json.at("prep_check").at("ok").as_bool()) << r.body;
  }
  HttpResult AddCandidate(std::int64_t id, const std::string& owner, const char* nomination,
                          json::object extra = {}) {
    json::object body{{"owner_id", owner_.at(owner)},
                      {"nomination", nomination},
                      {"full_capacity", true},
                      {"no_property_interest", true},
                      {"not_defaulter", true}};
    if (std::string(nomination) == "joint_owners") body["nominated_by"] = "吴八、郑九等12名业主";
    for (auto& [k, v] : extra) body[k] = v;
    return s_.Post(E(id, "/candidates"), body, Committee());
  }
  // Candidate ids by the owner's name.
  std::map<std::string, std::int64_t> Candidates(std::int64_t id) {
    std::map<std::string, std::int64_t> out;
    auto r = s_.Get(E(id), Committee());
    for (const auto& c : r.json.at("candidates").as_array())
      out[Str(c.at("name"))] = c.at("id").as_int64();
    return out;
  }
  HttpResult Cast(std::int64_t id, const std::string& owner, const char* channel,
                  const std::string& token,
                  const std::vector<std::pair<std::string, const char*>>& m,
                  const std::map<std::string, std::int64_t>& cands) {
    json::array marks;
    for (const auto& [name, choice] : m)
      marks.push_back(json::object{{"candidate_id", cands.at(name)}, {"choice", choice}});
    json::object body{{"owner_id", owner_.at(owner)}, {"channel", channel}, {"marks", marks}};
    if (std::string(channel) != "online") body["evidence"] = "纸质选票 " + owner;
    return s_.Post(E(id, "/ballots"), body, token);
  }
  std::int64_t AuditCount(const std::string& entity) {
    auto r = s_.Get("/api/v1/audit?entity=" + entity + "&page_size=200", Admin());
    return r.status == 200 ? r.json.at("total").as_int64() : -1;
  }

  TestServer s_;
  std::int64_t estate_ = 0;
  std::map<std::string, std::int64_t> owner_;
};

TEST_F(ElectionsApi, BadElectionsAreRefusedAndNothingIsCreated) {
  const auto token = Committee();
  struct Case {
    json::object body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"title", "偶数席位"}, {"seats", 6}, {"term_years", 3}}, "seats"},
      {{{"title", "席位太少"}, {"seats", 3}, {"term_years", 3}}, "seats"},
      {{{"title", "席位太多"}, {"seats", 13}, {"term_years", 3}}, "seats"},
      {{{"title", "没有席位"}, {"term_years", 3}}, "seats"},
      {{{"title", "任期过长"}, {"seats", 5}, {"term_years", 6}}, "term_years"},
      {{{"title", "公告期不足"},
        {"seats", 5},
        {"term_years", 3},
        {"opens_at", "2026-12-16T23:59:59+08:00"}},
       "opens_at"},
  };
  for (auto c : cases) {
    if (!c.body.contains("opens_at")) c.body["opens_at"] = kOpens;
    c.body["closes_at"] = kCloses;
    auto r = Create(c.body, token);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Field(r), c.field) << r.body;
  }
  auto list = s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/elections", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(list.json.at("items").as_array().empty());
  auto votes = s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/votes", token);
  EXPECT_EQ(votes.json.at("total").as_int64(), 0) << votes.body;
  // Only those who run votes may announce one.
  auto denied = Create({{"title", "物业发起"},
                        {"seats", 5},
                        {"term_years", 3},
                        {"opens_at", kOpens},
                        {"closes_at", kCloses}},
                       s_.Login("13800000148", "Passw0rd!"));
  EXPECT_EQ(denied.status, 403) << denied.body;
}

TEST_F(ElectionsApi, PrepGroupCompositionAndCandidateEligibility) {
  const auto id = NewElection();
  ASSERT_GT(id, 0);
  auto got = s_.Get(E(id), Committee());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json.at("vote").at("kind").as_string(), "election");
  EXPECT_EQ(got.json.at("vote").at("matter").as_int64(), 3);
  EXPECT_EQ(got.json.at("vote").at("total_heads").as_int64(), 9);
  EXPECT_EQ(got.json.at("vote").at("total_area").as_string(), "920.00");
  EXPECT_FALSE(got.json.at("prep_check").at("ok").as_bool());

  // No candidates before the preparatory group is properly composed.
  auto early = AddCandidate(id, "张一", "self");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Field(early), "prep_group");

  // An even group led by an owner: the check says what is wrong.
  ASSERT_EQ(AddPrep(id, "业主郑九", "owner", true).status, 201);
  auto two = AddPrep(id, "社区陈书记", "community_party");
  ASSERT_EQ(two.status, 201);
  const auto& check = two.json.at("prep_check");
  EXPECT_FALSE(check.at("odd").as_bool());
  EXPECT_FALSE(check.at("led_by_street").as_bool());
  EXPECT_TRUE(check.at("owners_half").as_bool());
  EXPECT_EQ(check.at("problems").as_array().size(), 2u) << two.body;
  // Bad side.
  auto bad = AddPrep(id, "某人", "army");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "side");
  // Fix it: remove both, form the group properly.
  for (const auto& m : two.json.at("prep_group").as_array()) {
    auto del = s_.Call("DELETE", E(id, "/prep-members/" + std::to_string(m.at("id").as_int64())),
                       "", Committee());
    ASSERT_EQ(del.status, 200) << del.body;
  }
  GoodPrepGroup(id);

  // Candidates: each nomination; ineligible ones cannot stand and nothing is written.
  ASSERT_EQ(AddCandidate(id, "张一", "party_organisation").status, 201);
  ASSERT_EQ(AddCandidate(id, "李二", "residents_committee").status, 201);
  for (const char* check_name : {"full_capacity", "no_property_interest", "not_defaulter"}) {
    auto r = AddCandidate(id, "周七", "self", {{check_name, false}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(Field(r), check_name);
  }
  auto missing =
      s_.Post(E(id, "/candidates"),
              json::object{{"owner_id", owner_.at("周七")}, {"nomination", "self"}}, Committee());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Field(missing), "full_capacity");
  auto joint = AddCandidate(id, "王三", "joint_owners", {{"nominated_by", ""}});
  EXPECT_EQ(joint.status, 400);
  EXPECT_EQ(Field(joint), "nominated_by");
  auto unknown_nom = AddCandidate(id, "王三", "boss");
  EXPECT_EQ(Field(unknown_nom), "nomination");
  auto twice = AddCandidate(id, "张一", "self");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(Field(twice), "owner_id");
  EXPECT_EQ(Candidates(id).size(), 2u);
  EXPECT_EQ(AuditCount("election_candidate"), 2);

  // Editing a candidate to ineligible is refused; a fine edit is kept.
  const auto cands = Candidates(id);
  auto edit = s_.Call("PUT", E(id, "/candidates/" + std::to_string(cands.at("李二"))),
                      json::serialize(json::object{{"nomination", "self"},
                                                   {"full_capacity", true},
                                                   {"no_property_interest", false},
                                                   {"not_defaulter", true}}),
                      Committee());
  EXPECT_EQ(edit.status, 409) << edit.body;
  edit = s_.Call("PUT", E(id, "/candidates/" + std::to_string(cands.at("李二"))),
                 json::serialize(json::object{{"nomination", "self"},
                                              {"statement", "热心公益"},
                                              {"full_capacity", true},
                                              {"no_property_interest", true},
                                              {"not_defaulter", true}}),
                 Committee());
  ASSERT_EQ(edit.status, 200) << edit.body;
  for (const auto& c : edit.json.at("candidates").as_array())
    if (Str(c.at("name")) == "李二") {
      EXPECT_EQ(c.at("nomination").as_string(), "self");
      EXPECT_TRUE(c.at("eligible").as_bool());
    }

  // Once voting opens the list is fixed.
  SetClock(kDuringVote);
  auto late = AddCandidate(id, "王三", "self");
  EXPECT_EQ(late.status, 409) << late.body;
  auto del =
      s_.Call("DELETE", E(id, "/candidates/" + std::to_string(cands.at("张一"))), "", Committee());
  EXPECT_EQ(del.status, 409) << del.body;
  EXPECT_EQ(Candidates(id).size(), 2u);
}

TEST_F(ElectionsApi, FiveSeatsSixCandidatesToTheResultAndReminders) {
  const auto id = NewElection(5);
  ASSERT_GT(id, 0);
  GoodPrepGroup(id);
  ASSERT_EQ(AddCandidate(id, "张一", "party_organisation").status, 201);
  ASSERT_EQ(AddCandidate(id, "李二", "residents_committee").status, 201);
  ASSERT_EQ(AddCandidate(id, "王三", "self").status, 201);
  ASSERT_EQ(AddCandidate(id, "赵四", "joint_owners").status, 201);
  ASSERT_EQ(AddCandidate(id, "钱五", "self").status, 201);
  ASSERT_EQ(AddCandidate(id, "孙六", "self").status, 201);
  const auto c = Candidates(id);
  ASSERT_EQ(c.size(), 6u);
  const auto vote_id = s_.Get(E(id), Committee()).json.at("vote_id").as_int64();

  // Before the window: refused.
  auto early = Cast(id, "李二", "paper", Committee(), {{"张一", "agree"}}, c);
  EXPECT_EQ(early.status, 409) << early.body;

  SetClock(kDuringVote);
  const auto staff = Committee();
  // Bad ballots change nothing.
  auto six = Cast(id, "李二", "paper", staff,
                  {{"张一", "agree"},
                   {"李二", "agree"},
                   {"王三", "agree"},
                   {"赵四", "agree"},
                   {"钱五", "agree"},
                   {"孙六", "agree"}},
                  c);
  EXPECT_EQ(six.status, 400) << six.body;
  EXPECT_EQ(Field(six), "marks");
  auto unknown = s_.Post(
      E(id, "/ballots"),
      json::object{
          {"owner_id", owner_.at("李二")},
          {"channel", "paper"},
          {"evidence", "票1"},
          {"marks", json::array{json::object{{"candidate_id", 999999}, {"choice", "agree"}}}}},
      staff);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(Field(unknown), "marks[0].candidate_id");
  auto bad_choice = Cast(id, "李二", "paper", staff, {{"张一", "yes"}}, c);
  EXPECT_EQ(Field(bad_choice), "marks[0].choice");
  auto no_evidence = s_.Post(
      E(id, "/ballots"),
      json::object{{"owner_id", owner_.at("李二")}, {"channel", "paper"}, {"marks", json::array{}}},
      staff);
  EXPECT_EQ(Field(no_evidence), "evidence");
  // Online only by the owner themself.
  auto not_mine = Cast(id, "李二", "online", Owner("13900000001"), {{"张一", "agree"}}, c);
  EXPECT_EQ(not_mine.status, 403) << not_mine.body;
  // The plain vote route refuses an election's ballot.
  auto plain = s_.Post("/api/v1/votes/" + std::to_string(vote_id) + "/ballots",
                       json::object{{"owner_id", owner_.at("李二")},
                                    {"choice", "agree"},
                                    {"channel", "paper"},
                                    {"evidence", "票1"}},
                       staff);
  EXPECT_EQ(plain.status, 409) << plain.body;
  auto ballots = s_.Get(E(id, "/ballots"), staff);
  ASSERT_EQ(ballots.status, 200);
  EXPECT_TRUE(ballots.json.at("items").as_array().empty()) << ballots.body;

  // Seven ballots: 张一 online on the phone, the rest on paper.
  auto r = Cast(id, "张一", "online", Owner("13900000001"),
                {{"张一", "agree"},
                 {"李二", "agree"},
                 {"王三", "agree"},
                 {"钱五", "agree"},
                 {"孙六", "disagree"}},
                c);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json.at("marks").as_array().size(), 5u);
  using M = std::vector<std::pair<std::string, const char*>>;
  const std::vector<std::pair<std::string, M>> paper = {
      {"李二",
       {{"张一", "agree"},
        {"李二", "agree"},
        {"王三", "agree"},
        {"赵四", "agree"},
        {"钱五", "agree"}}},
      {"王三",
       {{"张一", "agree"},
        {"李二", "agree"},
        {"王三", "agree"},
        {"赵四", "agree"},
        {"钱五", "agree"}}},
      {"赵四",
       {{"张一", "agree"},
        {"李二", "agree"},
        {"王三", "agree"},
        {"赵四", "agree"},
        {"孙六", "agree"}}},
      {"钱五", {{"张一", "agree"}, {"李二", "agree"}, {"孙六", "agree"}, {"赵四", "abstain"}}},
      {"孙六", {{"张一", "agree"}, {"李二", "agree"}, {"孙六", "agree"}}},
      {"周七", {{"张一", "agree"}, {"王三", "agree"}, {"赵四", "agree"}, {"钱五", "agree"}}},
  };
  for (const auto& [owner, marks] : paper) {
    auto b = Cast(id, owner, "paper", staff, marks, c);
    ASSERT_EQ(b.status, 201) << owner << b.body;
  }
  // One ballot per owner across channels.
  auto again = Cast(id, "周七", "ballot_box", staff, {{"张一", "agree"}}, c);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Field(again), "owner_id");
  ballots = s_.Get(E(id, "/ballots"), staff);
  EXPECT_EQ(ballots.json.at("items").as_array().size(), 7u);

  // The phone: the owner sees the election and their ballot.
  auto mine = s_.Get("/api/v1/me/elections", Owner("13900000001"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json.at("items").as_array().size(), 1u);
  EXPECT_TRUE(mine.json.at("items").at(0).at("vote").at("mine").at(0).at("voted").as_bool());

  // The plain vote route cannot close it.
  auto plain_close =
      s_.Post("/api/v1/votes/" + std::to_string(vote_id) + "/close", json::object{}, staff);
  EXPECT_EQ(plain_close.status, 409) << plain_close.body;

  SetClock(kAfterVote);
  auto closed = s_.Post(E(id, "/close"), json::object{}, Committee());
  ASSERT_EQ(closed.status, 200) << closed.body;
  const json::value result = closed.json.at("result");
  EXPECT_EQ(result.at("outcome").as_string(), "elected") << closed.body;
  EXPECT_EQ(result.at("participation").at("heads").as_int64(), 7);
  EXPECT_EQ(result.at("participation").at("area").as_string(), "720.00");
  EXPECT_TRUE(result.at("participation").at("met").as_bool());
  EXPECT_EQ(result.at("elected_count").as_int64(), 5);
  EXPECT_EQ(result.at("seats_empty").as_int64(), 0);
  std::vector<std::string> order;
  std::set<std::string> elected;
  for (const auto& x : result.at("candidates").as_array()) {
    order.push_back(Str(x.at("name")));
    if (x.at("elected").as_bool()) elected.insert(Str(x.at("name")));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"张一", "李二", "王三", "钱五", "赵四", "孙六"}));
  EXPECT_EQ(elected, (std::set<std::string>{"张一", "李二", "王三", "钱五", "赵四"}));
  const auto& last = result.at("candidates").at(5);
  EXPECT_EQ(last.at("agree").at("heads").as_int64(), 3);
  EXPECT_FALSE(last.at("qualified").as_bool());
  const auto& fourth = result.at("candidates").at(3);
  EXPECT_EQ(fourth.at("agree").at("area").as_string(), "420.00");
  EXPECT_EQ(closed.json.at("status").as_string(), "closed");
  EXPECT_EQ(closed.json.at("elected_at").as_string(), "2026-12-24T20:00:00+08:00");

  // Reminders: first meeting by 12-31 24:00, filing 30 days on (Sat 01-23 -> Mon 01-25), term.
  const auto& rem = closed.json.at("reminders").as_array();
  ASSERT_EQ(rem.size(), 3u);
  EXPECT_EQ(rem[0].at("kind").as_string(), "first_meeting");
  EXPECT_EQ(rem[0].at("due").as_string(), "2027-01-01T00:00:00+08:00");
  EXPECT_EQ(rem[1].at("due").as_string(), "2027-01-26T00:00:00+08:00");
  EXPECT_EQ(rem[2].at("kind").as_string(), "term_end");
  EXPECT_EQ(rem[2].at("due").as_string(), "2029-12-24T00:00:00+08:00");
  EXPECT_FALSE(rem[0].at("late").as_bool());

  // Publication: the result becomes public through the vote too.
  EXPECT_EQ(s_.Get("/api/v1/votes/" + std::to_string(vote_id) + "/result").status, 401);
  auto published = s_.Post(E(id, "/publish"), json::object{}, Committee());
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json.at("status").as_string(), "published");
  auto pub = s_.Get("/api/v1/votes/" + std::to_string(vote_id) + "/result");
  EXPECT_EQ(pub.status, 200) << pub.body;

  // Late first meeting shows; recording it in time clears it; a future time is refused.
  SetClock("2027-01-02T10:00:00+08:00");
  auto view = s_.Get(E(id), Committee());
  EXPECT_TRUE(view.json.at("reminders").at(0).at("late").as_bool()) << view.body;
  auto future =
      s_.Call("PUT", E(id, "/first-meeting"),
              json::serialize(json::object{{"held_at", "2027-01-03T10:00:00+08:00"}}), Committee());
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(Field(future), "held_at");
  auto met =
      s_.Call("PUT", E(id, "/first-meeting"),
              json::serialize(json::object{{"held_at", "2026-12-28T19:00:00+08:00"}}), Committee());
  ASSERT_EQ(met.status, 200) << met.body;
  EXPECT_FALSE(met.json.at("reminders").at(0).at("late").as_bool());
  auto filed = s_.Call("PUT", E(id, "/filing"),
                       json::serialize(json::object{{"filed_at", "2027-01-02T09:00:00+08:00"},
                                                    {"reference", "和房备〔2027〕1号"}}),
                       Committee());
  ASSERT_EQ(filed.status, 200) << filed.body;
  EXPECT_EQ(filed.json.at("filing_ref").as_string(), "和房备〔2027〕1号");
  EXPECT_FALSE(filed.json.at("reminders").at(1).at("late").as_bool());

  // The term: warned 90 days ahead, late once it ended.
  SetClock("2029-10-01T10:00:00+08:00");
  view = s_.Get(E(id), Committee());
  EXPECT_TRUE(view.json.at("reminders").at(2).at("warning").as_bool());
  EXPECT_FALSE(view.json.at("reminders").at(2).at("late").as_bool());
  SetClock("2029-12-25T10:00:00+08:00");
  view = s_.Get(E(id), Committee());
  EXPECT_TRUE(view.json.at("reminders").at(2).at("late").as_bool());

  // Every write audited.
  EXPECT_EQ(AuditCount("election"), 5);  // create, close, publish, first meeting, filing
  EXPECT_EQ(AuditCount("election_prep_member"), 5);
  EXPECT_EQ(AuditCount("election_candidate"), 6);
}

TEST_F(ElectionsApi, LowTurnoutIsVoidAndNobodyIsElected) {
  const auto id = NewElection(5);
  GoodPrepGroup(id);
  for (const char* n : {"张一", "李二", "王三", "赵四", "钱五"})
    ASSERT_EQ(AddCandidate(id, n, "self").status, 201);
  const auto c = Candidates(id);
  SetClock(kDuringVote);
  for (const char* owner : {"李二", "王三", "赵四", "钱五", "孙六"}) {
    auto b = Cast(id, owner, "paper", Committee(), {{"张一", "agree"}}, c);
    ASSERT_EQ(b.status, 201) << b.body;
  }
  SetClock(kAfterVote);
  auto closed = s_.Post(E(id, "/close"), json::object{}, Committee());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at("result").at("outcome").as_string(), "void");
  EXPECT_EQ(closed.json.at("result").at("elected_count").as_int64(), 0);
  EXPECT_TRUE(closed.json.at("elected_at").is_null());
  EXPECT_TRUE(closed.json.at("reminders").as_array().empty());
  auto meeting = s_.Call("PUT", E(id, "/first-meeting"),
                         json::serialize(json::object{{"held_at", kAfterVote}}), Committee());
  EXPECT_EQ(meeting.status, 409) << meeting.body;
}

TEST_F(ElectionsApi, CancelledThroughItsVoteAndThenFrozen) {
  const auto id = NewElection(7);
  ASSERT_GT(id, 0);
  const auto vote_id = s_.Get(E(id), Committee()).json.at("vote_id").as_int64();
  auto cancelled = s_.Post("/api/v1/votes/" + std::to_string(vote_id) + "/cancel",
                           json::object{{"reason", "筹备组尚未成立，撤回公告"}}, Committee());
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  auto view = s_.Get(E(id), Committee());
  EXPECT_EQ(view.json.at("status").as_string(), "cancelled");
  auto prep = AddPrep(id, "街道刘科长", "street", true);
  EXPECT_EQ(prep.status, 409) << prep.body;
  EXPECT_TRUE(s_.Get(E(id), Committee()).json.at("prep_group").as_array().empty());
}

}  // namespace
}  // namespace linli::testing
