// Simple polls through the HTTP API (docs/POLLS.md): the "eight scenes" naming poll with
// multiple choice, one response per household (co-owners share one, an owner of two flats
// answers for each); a branch's poll among the party members registered with the estate, one
// per person; closing, publication and the public result with integer shares; named polls
// showing staff masked names; every bad input refused with a clear 4xx naming the field and
// nothing written; every write audited.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/time_format.hpp"
#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

// 张一 owns two flats; 李二 and 王三 co-own 201; 赵四 owns 2栋201 and a parking space (which
// does not answer polls as a household).
constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered,use\n"
    "1栋,1单元,1,101,100.00,registry,张一,13900000001,person,yes\n"
    "1栋,1单元,1,102,100.00,registry,张一,13900000001,person,yes\n"
    "1栋,1单元,2,201,120.00,survey,李二,13900000002,person,yes\n"
    "1栋,1单元,2,201,120.00,survey,王三,13900000003,person,yes\n"
    "2栋,1单元,2,201,90.00,registry,赵四,13900000004,person,yes\n"
    "车库,A区,-1,P01,12.50,registry,赵四,13900000004,person,yes,parking\n";

constexpr const char* kNow = "2026-12-01T10:00:00+08:00";
constexpr const char* kCloses = "2026-12-15T20:00:00+08:00";
constexpr const char* kAfter = "2026-12-16T09:00:00+08:00";

const std::vector<std::string> kScenes = {"翠湖春晓", "银杏秋韵", "松风听涛", "荷塘月色",
                                          "紫藤长廊", "樱花小径", "竹林清韵", "桂香满园",
                                          "晨曦广场", "书香亭"};

class PollsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    SetClock(kNow);
    auto ids = s_.MakeTree("和谐小区");
    ASSERT_EQ(ids.size(), 4u);
    estate_ = ids[3];
    auto imported = s_.Call("POST", Estate("/households:import"), kHouseholdsCsv, Admin(),
                            "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto households = s_.Get(Estate("/households?page_size=50"), Admin());
    ASSERT_EQ(households.status, 200) << households.body;
    for (const auto& h : households.json.at("items").as_array())
      household_[Str(h.at("building")) + Str(h.at("room"))] = h.at("id").as_int64();
    ASSERT_EQ(household_.size(), 5u) << households.body;
    MakeAccount("13800000106", "赵主任", "committee");
    MakeAccount("13800000102", "党支部书记", "branch");
    MakeAccount("13900000001", "张一", "resident");
    MakeAccount("13900000002", "李二", "resident");
    MakeAccount("13900000003", "王三", "resident");
    MakeAccount("13900000004", "赵四", "resident");
    MakeAccount("13900000009", "路人", "resident");  // a resident role, but no household here
    // 孙六 rents 2栋201: not an owner, a person of the household; the account created with the
    // person's phone is linked to the person.
    auto tenant = s_.Post("/api/v1/people",
                          json::object{{"name", "孙六"},
                                       {"phone", "13900000006"},
                                       {"unit_id", estate_},
                                       {"household_id", household_.at("2栋201")}},
                          Admin());
    ASSERT_EQ(tenant.status, 201) << tenant.body;
    MakeAccount("13900000006", "孙六", "resident");
  }

  void MakeAccount(const std::string& phone, const std::string& name, const std::string& role) {
    auto a =
        s_.Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", name}}, Admin());
    ASSERT_EQ(a.status, 201) << a.body;
    auto g = s_.Post("/api/v1/accounts/" + std::to_string(a.json.at("id").as_int64()) + "/roles",
                     json::object{{"role", role}, {"unit_id", estate_}}, Admin());
    ASSERT_EQ(g.status, 201) << g.body;
  }

  std::string Admin() { return s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword); }
  std::string Committee() { return s_.Login("13800000106", "Passw0rd!"); }
  std::string Branch() { return s_.Login("13800000102", "Passw0rd!"); }
  std::string User(const char* phone) { return s_.Login(phone, "Passw0rd!"); }
  void SetClock(const char* now) { s_.clock().Set(*ParseTime(now)); }

  std::string Estate(const std::string& tail = "") {
    return "/api/v1/estates/" + std::to_string(estate_) + tail;
  }
  static std::string P(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/polls/" + std::to_string(id) + tail;
  }

  json::object ScenesPoll() {
    json::array options;
    for (const auto& s : kScenes) options.push_back(json::value(s));
    return json::object{{"title", "小区八景命名"},
                        {"description", "从十个候选名称中选出八景，每户一票，最多选八项"},
                        {"options", options},
                        {"max_choices", 8},
                        {"counting", "household"},
                        {"closes_at", kCloses}};
  }
  std::int64_t Create(json::object body, const std::string& token) {
    auto r = s_.Post(Estate("/polls"), body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  HttpResult Respond(std::int64_t poll, const std::string& token, json::array choices,
                     std::optional<std::int64_t> household = std::nullopt) {
    json::object body{{"choices", choices}};
    if (household) body["household_id"] = *household;
    return s_.Post(P(poll, "/responses"), body, token);
  }
  std::int64_t Responses(std::int64_t poll) {
    auto r = s_.Get(P(poll, "/results"), Committee());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json.at("responses").as_int64() : -1;
  }

  TestServer s_;
  std::int64_t estate_ = 0;
  std::map<std::string, std::int64_t> household_;
};

TEST_F(PollsApi, TheEightScenesAreNamedByHouseholdsWithMultipleChoice) {
  const auto committee = Committee();
  auto created = s_.Post(Estate("/polls"), ScenesPoll(), committee);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json.at("id").as_int64();
  EXPECT_EQ(Str(created.json.at("phase")), "open");  // opens now: no notice period
  EXPECT_EQ(Str(created.json.at("counting_label")), "每户一票");
  EXPECT_EQ(created.json.at("options").as_array().size(), 10u);
  EXPECT_TRUE(created.json.at("can_manage").as_bool());
  EXPECT_FALSE(created.json.at("me").at("eligible").as_bool());

  // 李二 answers for 201; 王三, the co-owner, is refused: one response per household.
  const auto li = User("13900000002");
  auto seen = s_.Get(P(id), li);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(seen.json.at("me").at("can_respond").as_bool());
  EXPECT_TRUE(seen.json.at("responses").is_null());  // no counts before publication
  EXPECT_FALSE(seen.json.at("options").at(0).as_object().contains("votes"));
  auto r = Respond(id, li, {1, 2, 3, 4, 5, 6, 7, 8});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json.at("me").at("answered").as_bool());
  EXPECT_FALSE(r.json.at("me").at("can_respond").as_bool());
  EXPECT_EQ(r.json.at("me").at("responses").at(0).at("choices").as_array().size(), 8u);
  auto wang = Respond(id, User("13900000003"), {9});
  EXPECT_EQ(wang.status, 409) << wang.body;
  EXPECT_EQ(Field(wang), "household_id");
  EXPECT_NE(Message(wang).find("already answered"), std::string::npos) << wang.body;

  // 张一 owns two flats: he says which one answers, and answers for each once.
  const auto zhang = User("13900000001");
  auto which = Respond(id, zhang, {1});
  EXPECT_EQ(which.status, 400);
  EXPECT_EQ(Field(which), "household_id");
  ASSERT_EQ(Respond(id, zhang, {1, 9}, household_.at("1栋101")).status, 201);
  auto twice = Respond(id, zhang, {2}, household_.at("1栋101"));
  EXPECT_EQ(twice.status, 409);
  auto second_flat = Respond(id, zhang, {1, 10}, household_.at("1栋102"));
  ASSERT_EQ(second_flat.status, 201) << second_flat.body;
  EXPECT_TRUE(second_flat.json.at("me").at("answered").as_bool());
  auto not_his = Respond(id, zhang, {1}, household_.at("2栋201"));
  EXPECT_EQ(not_his.status, 404);
  EXPECT_EQ(Field(not_his), "household_id");
  // 孙六, a tenant of 2栋201 (people.household_id), answers for it before its owner 赵四.
  const auto tenant_token = User("13900000006");
  auto sun_seen = s_.Get(P(id), tenant_token);
  ASSERT_EQ(sun_seen.status, 200) << sun_seen.body;
  EXPECT_EQ(Str(sun_seen.json.at("me").at("households").at(0).at("label")), "2栋1单元201");
  ASSERT_EQ(Respond(id, tenant_token, {1, 2}).status, 201);
  // 赵四 owns 2栋201 and a parking space: only the flat answers, and it has answered.
  auto zhao_seen = s_.Get(P(id), User("13900000004"));
  ASSERT_EQ(zhao_seen.status, 200) << zhao_seen.body;
  EXPECT_EQ(zhao_seen.json.at("me").at("households").as_array().size(), 1u) << zhao_seen.body;
  EXPECT_FALSE(zhao_seen.json.at("me").at("can_respond").as_bool());
  auto zhao = Respond(id, User("13900000004"), {3});
  EXPECT_EQ(zhao.status, 409) << zhao.body;
  EXPECT_EQ(Field(zhao), "household_id");

  // Someone with no household here may not answer.
  auto stranger = Respond(id, User("13900000009"), {1});
  EXPECT_EQ(stranger.status, 403) << stranger.body;

  // Before publication: staff see the counts, residents and the public do not.
  EXPECT_EQ(s_.Get(P(id, "/results")).status, 401);
  EXPECT_EQ(s_.Get(P(id, "/results"), li).status, 403);
  EXPECT_EQ(Responses(id), 4);
  auto publish_early = s_.Post(P(id, "/publish"), json::object{}, committee);
  EXPECT_EQ(publish_early.status, 409) << publish_early.body;

  // Named poll: staff see who answered what, names masked.
  auto who = s_.Get(P(id, "/responses"), committee);
  ASSERT_EQ(who.status, 200) << who.body;
  const auto& items = who.json.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(Str(items[0].at("name")), "李**");
  EXPECT_EQ(Str(items[0].at("household")), "1栋1单元201");
  EXPECT_EQ(who.body.find("李二"), std::string::npos);
  EXPECT_EQ(s_.Get(P(id, "/responses"), li).status, 403);

  // Close, then nobody answers any more; publish; the result is public.
  auto closed = s_.Post(P(id, "/close"), json::object{}, committee);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Str(closed.json.at("phase")), "closed");
  auto late = Respond(id, User("13900000003"), {1});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(Field(late), "poll");
  EXPECT_EQ(s_.Post(P(id, "/close"), json::object{}, committee).status, 409);
  auto published = s_.Post(P(id, "/publish"), json::object{}, committee);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(s_.Post(P(id, "/publish"), json::object{}, committee).status, 409);

  auto result = s_.Get(P(id, "/results"));  // no login
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(Str(result.json.at("phase")), "published");
  EXPECT_EQ(result.json.at("responses").as_int64(), 4);
  const auto& opts = result.json.at("options").as_array();
  ASSERT_EQ(opts.size(), 10u);
  EXPECT_EQ(Str(opts[0].at("label")), "翠湖春晓");
  EXPECT_EQ(opts[0].at("votes").as_int64(), 4);
  EXPECT_EQ(Str(opts[0].at("share")), "100.0%");
  EXPECT_EQ(opts[1].at("votes").as_int64(), 2);
  EXPECT_EQ(opts[1].at("share_permille").as_int64(), 500);
  EXPECT_EQ(opts[8].at("votes").as_int64(), 1);  // 晨曦广场, from 张一's 101
  EXPECT_EQ(Str(opts[8].at("share")), "25.0%");
  EXPECT_EQ(opts[9].at("votes").as_int64(), 1);

  // Residents see the counts once published; their list shows the poll.
  auto mine = s_.Get("/api/v1/me/polls", li);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto mine_items = mine.json.at("items").as_array();
  ASSERT_EQ(mine_items.size(), 1u);
  EXPECT_EQ(mine_items[0].at("options").at(0).at("votes").as_int64(), 4);

  // The estate's list, for staff.
  auto list = s_.Get(Estate("/polls"), committee);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json.at("total").as_int64(), 1);

  // Every write is audited: create, close, publish, and the four responses.
  auto audit = s_.Get("/api/v1/audit?entity=poll&page_size=50", Admin());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json.at("items").as_array().size(), 3u);
  audit = s_.Get("/api/v1/audit?entity=poll_response&page_size=50", Admin());
  EXPECT_EQ(audit.json.at("items").as_array().size(), 4u);
}

TEST_F(PollsApi, ABranchAsksItsRegisteredMembersOnePerPerson) {
  // 赵四 registers with the estate's branch as a party member; the branch confirms.
  const auto zhao = User("13900000004");
  auto reg = s_.Post(Estate("/member-registrations"),
                     json::object{{"household_id", household_.at("2栋201")},
                                  {"employer_name", "璧山区教育委员会"},
                                  {"employer_party_org", "区教委机关党委"}},
                     zhao);
  ASSERT_EQ(reg.status, 201) << reg.body;
  const auto branch = Branch();
  auto confirmed = s_.Post(
      "/api/v1/member-registrations/" + std::to_string(reg.json.at("id").as_int64()) + "/decision",
      json::object{{"decision", "confirm"}}, branch);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;

  const auto id =
      Create(json::object{{"title", "停课期间如何辅导孩子"},
                          {"options", json::array{"线上答疑", "分楼栋小组", "错峰到站"}},
                          {"counting", "person"},
                          {"audience", "members"},
                          {"anonymous", true},
                          {"closes_at", kCloses}},
             branch);
  ASSERT_NE(id, 0);

  // Residents who are not registered members neither see nor answer it.
  const auto li = User("13900000002");
  EXPECT_EQ(s_.Get(P(id), li).status, 403);
  EXPECT_EQ(Respond(id, li, {1}).status, 403);
  EXPECT_TRUE(s_.Get("/api/v1/me/polls", li).json.at("items").as_array().empty());
  auto list = s_.Get(Estate("/polls"), li);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(list.json.at("items").as_array().empty());

  auto mine = s_.Get("/api/v1/me/polls", zhao);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto items = mine.json.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0].at("audience_label")), "本小区报到党员");
  EXPECT_TRUE(items[0].at("me").at("can_respond").as_bool());

  auto r = Respond(id, zhao, {2});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json.at("me").at("answered").as_bool());
  // Anonymous: the choice is not kept with the response.
  EXPECT_TRUE(r.json.at("me").at("responses").at(0).at("choices").as_array().empty());
  auto again = Respond(id, zhao, {1});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Field(again), "poll");
  EXPECT_NE(Message(again).find("one response per person"), std::string::npos);
  EXPECT_EQ(s_.Get(P(id, "/responses"), branch).status, 409);  // anonymous

  // The window ends; publishing closes it at its end.
  SetClock(kAfter);
  EXPECT_EQ(Respond(id, User("13900000004"), {1}).status, 409);
  auto published = s_.Post(P(id, "/publish"), json::object{}, Branch());
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Str(published.json.at("closed_at")), "2026-12-15T20:00:00+08:00");
  EXPECT_EQ(published.json.at("options").at(1).at("votes").as_int64(), 1);
  EXPECT_EQ(Str(published.json.at("options").at(1).at("share")), "100.0%");
}

TEST_F(PollsApi, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  const auto committee = Committee();
  struct Case {
    std::string key;
    json::value value;
    std::string field;
  };
  std::string long_option;
  for (int i = 0; i < 61; ++i) long_option += "景";
  json::array many;
  for (int i = 0; i < 21; ++i) many.push_back(json::value("选项" + std::to_string(i)));
  const std::vector<Case> cases = {
      {"options", json::array{"唯一"}, "options"},
      {"options", many, "options"},
      {"options", json::array{"翠湖", "松风", "翠湖"}, "options[2]"},
      {"options", json::array{"翠湖", " "}, "options[1]"},
      {"options", json::array{"翠湖", json::value(long_option)}, "options[1]"},
      {"options", json::array{"翠湖", 7}, "options[1]"},
      {"max_choices", 0, "max_choices"},
      {"max_choices", 11, "max_choices"},
      {"opens_at", "2026-11-30T10:00:00+08:00", "opens_at"},
      {"opens_at", "tomorrow", "opens_at"},
      {"closes_at", "2026-12-01T09:00:00+08:00", "closes_at"},
      {"closes_at", "2027-03-15T10:00:00+08:00", "closes_at"},  // beyond 90 days
      {"counting", "family", "counting"},
      {"audience", "everyone", "audience"},
      {"title", "八", "title"},
  };
  for (const auto& c : cases) {
    auto body = ScenesPoll();
    body[c.key] = c.value;
    auto r = s_.Post(Estate("/polls"), body, committee);
    EXPECT_EQ(r.status, 400) << c.key << " " << r.body;
    EXPECT_EQ(Field(r), c.field) << c.key << " " << r.body;
  }
  // Residents and property staff do not start polls.
  EXPECT_EQ(s_.Post(Estate("/polls"), ScenesPoll(), User("13900000002")).status, 403);
  auto none = s_.Get(Estate("/polls"), committee);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json.at("total").as_int64(), 0);

  // Responses: too many, unknown, repeated, none, not an array; all 400 and nothing counted.
  auto single = ScenesPoll();
  single["max_choices"] = 2;
  const auto id = Create(single, committee);
  const auto li = User("13900000002");
  struct Bad {
    json::value choices;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {json::array{1, 2, 3}, "choices"}, {json::array{1, 99}, "choices[1]"},
      {json::array{0}, "choices[0]"},    {json::array{3, 3}, "choices[1]"},
      {json::array{}, "choices"},        {json::value("1"), "choices"},
      {json::array{"1"}, "choices[0]"},
  };
  for (const auto& b : bad) {
    auto r = s_.Post(P(id, "/responses"), json::object{{"choices", b.choices}}, li);
    EXPECT_EQ(r.status, 400) << json::serialize(b.choices) << " " << r.body;
    EXPECT_EQ(Field(r), b.field) << json::serialize(b.choices) << " " << r.body;
  }
  auto missing = s_.Post(P(id, "/responses"), json::object{}, li);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Field(missing), "choices");
  EXPECT_EQ(Responses(id), 0);
  EXPECT_EQ(s_.Post(P(999999, "/responses"), json::object{{"choices", json::array{1}}}, li).status,
            404);

  // Before the window opens and after it ends: 409 naming the poll, nothing written.
  auto later = ScenesPoll();
  later["opens_at"] = "2026-12-05T08:00:00+08:00";
  const auto scheduled = Create(later, committee);
  auto early = Respond(scheduled, li, {1});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Field(early), "poll");
  EXPECT_NE(Message(early).find("has not opened yet"), std::string::npos);
  SetClock(kAfter);
  auto over = Respond(id, User("13900000002"), {1});
  EXPECT_EQ(over.status, 409);
  EXPECT_NE(Message(over).find("is over"), std::string::npos);
  EXPECT_EQ(Responses(id), 0);
  EXPECT_EQ(Responses(scheduled), 0);
  auto audit = s_.Get("/api/v1/audit?entity=poll_response&page_size=50", Admin());
  EXPECT_TRUE(audit.json.at("items").as_array().empty());
}

}  // namespace
}  // namespace linli::testing
