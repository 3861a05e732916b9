// Owners' votes through the HTTP API (docs/VOTES.md): announcing a motion with its art. 278
// matter, the roll by the counting rules (multi-unit owner, co-owners, the developer's units,
// building-limited votes), objections and the freeze, ballots from every channel with one per
// owner across channels (a second attempt refused and logged), the proxy cap, the window on the
// test clock, closing with the exact tally, publication and the public result with masked
// participants; bad input gets a clear 4xx and changes nothing; every write is audited.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

// 660.00 m² and 5 heads: 张一 holds two flats (one head), 李二 and 王三 co-own one (one head),
// the developer holds an undelivered and an unsold flat (one head together), 赵四 and 钱五.
constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered,use\n"
    "1栋,1单元,1,101,100.00,registry,张一,13900000001,person,yes\n"
    "1栋,1单元,1,102,100.00,registry,张一,13900000001,person,yes\n"
    "1栋,1单元,2,201,120.00,survey,李二,13900000002,person,yes\n"
    "1栋,1单元,2,201,120.00,survey,王三,13900000003,person,yes\n"
    "2栋,1单元,1,101,80.00,contract,开发商,,developer,no\n"
    "2栋,1单元,1,102,80.00,registry,开发商,,developer,yes\n"
    "2栋,1单元,2,201,90.00,registry,赵四,13900000004,person,yes\n"
    "2栋,1单元,2,202,90.00,registry,钱五,13900000005,person,yes\n"
    // Two parking spaces: left out of votes unless the estate's rules count them.
    "车库,A区,-1,P01,12.50,registry,钱五,13900000005,person,yes,parking\n"
    "车库,A区,-1,P02,12.50,registry,孙六,13900000006,person,yes,车位\n";

// 2026-12-01 10:00 Beijing. With 15 days' notice voting may open at 2026-12-17 00:00.
constexpr const char* kNow = "2026-12-01T10:00:00+08:00";
constexpr const char* kOpens = "2026-12-17T00:00:00+08:00";
constexpr const char* kCloses = "2026-12-24T20:00:00+08:00";
constexpr const char* kDuringVote = "2026-12-18T09:00:00+08:00";

class VotesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    SetClock(kNow);
    auto ids = s_.MakeTree("和谐小区");
    ASSERT_EQ(ids.size(), 4u);
    estate_ = ids[3];
    auto other = s_.MakeTree("别的小区");
    other_estate_ = other[3];
    auto imported =
        s_.Call("POST", "/api/v1/estates/" + std::to_string(estate_) + "/households:import",
                kHouseholdsCsv, Admin(), "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto owners =
        s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/owners?page_size=50", Admin());
    ASSERT_EQ(owners.status, 200) << owners.body;
    for (const auto& o : owners.json.at("items").as_array())
      owner_[Str(o.at("name"))] = o.at("id").as_int64();
    ASSERT_EQ(owner_.size(), 7u) << owners.body;
    auto buildings = s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/buildings", Admin());
    for (const auto& b : buildings.json.at("items").as_array())
      building_[Str(b.at("name"))] = b.at("id").as_int64();
    MakeAccount("13800000106", "赵主任", "committee", estate_);
    MakeAccount("13900000001", "张一", "resident", estate_);
    MakeAccount("13900000002", "李二", "resident", estate_);
    MakeAccount("13900000003", "王三", "resident", estate_);
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

  // Sessions last 12 hours and the clock jumps days: log in afresh each time.
  std::string Admin() { return s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword); }
  std::string Committee() { return s_.Login("13800000106", "Passw0rd!"); }
  std::string Owner(const char* phone) { return s_.Login(phone, "Passw0rd!"); }

  void SetClock(const std::string& now) {
    auto r = s_.Post("/api/v1/test/clock", json::object{{"now", now}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  HttpResult Create(json::object body, const std::string& token) {
    return s_.Post("/api/v1/estates/" + std::to_string(estate_) + "/votes", body, token);
  }
  std::int64_t NewVote(int matter, json::array buildings = {}) {
    json::object body{{"title", "更换物业服务企业"},
                      {"matter", matter},
                      {"opens_at", kOpens},
                      {"closes_at", kCloses}};
    if (!buildings.empty()) body["building_ids"] = buildings;
    auto r = Create(body, Committee());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  HttpResult Cast(std::int64_t vote, const std::string& owner, const char* choice,
                  const char* channel, const std::string& token, json::object extra = {}) {
    json::object body{{"owner_id", owner_.at(owner)}, {"choice", choice}, {"channel", channel}};
    for (auto& [k, v] : extra) body[k] = v;
    return s_.Post("/api/v1/votes/" + std::to_string(vote) + "/ballots", body, token);
  }
  std::string V(std::int64_t vote, const std::string& tail = "") {
    return "/api/v1/votes/" + std::to_string(vote) + tail;
  }

  TestServer s_;
  std::int64_t estate_ = 0, other_estate_ = 0;
  std::map<std::string, std::int64_t> owner_;
  std::map<std::string, std::int64_t> building_;
};

TEST_F(VotesApi, BadMotionsAreRefusedAndNothingIsCreated) {
  const auto token = Committee();
  struct Case {
    json::object body;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"title", "没有事项的表决"}, {"opens_at", kOpens}, {"closes_at", kCloses}}, 400, "matter"},
      {{{"title", "事项越界"}, {"matter", 10}, {"opens_at", kOpens}, {"closes_at", kCloses}},
       400,
       "matter"},
      {{{"title", "公告期不足"},
        {"matter", 4},
        {"opens_at", "2026-12-16T23:59:59+08:00"},
        {"closes_at", kCloses}},
       400,
       "opens_at"},
      {{{"title", "结束早于开始"}, {"matter", 4}, {"opens_at", kOpens}, {"closes_at", kOpens}},
       400,
       "closes_at"},
      {{{"title", "别的小区的楼"},
        {"matter", 5},
        {"opens_at", kOpens},
        {"closes_at", kCloses},
        {"building_ids", json::array{999999}}},
       404,
       "building_ids[0]"},
      {{{"title", "时间格式"}, {"matter", 5}, {"opens_at", "明天"}, {"closes_at", kCloses}},
       400,
       "opens_at"},
  };
  for (const auto& c : cases) {
    auto r = Create(c.body, token);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(Field(r), c.field) << r.body;
  }
  // The notice message names the earliest opening.
  auto early = Create(cases[2].body, token);
  EXPECT_NE(Message(early).find("2026-12-17T00:00:00+08:00"), std::string::npos) << early.body;
  // Property staff may not run owners' votes; residents neither.
  json::object ok{
      {"title", "合法的表决"}, {"matter", 4}, {"opens_at", kOpens}, {"closes_at", kCloses}};
  EXPECT_EQ(Create(ok, s_.Login("13800000148", "Passw0rd!")).status, 403);
  EXPECT_EQ(Create(ok, Owner("13900000001")).status, 403);
  auto list = s_.Get("/api/v1/estates/" + std::to_string(estate_) + "/votes", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json.at("total").as_int64(), 0);
}

TEST_F(VotesApi, RollCountsHeadsAndAreaByTheRules) {
  const auto id = NewVote(4);
  auto v = s_.Get(V(id), Committee());
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json.at("threshold"), "more_than_half");
  EXPECT_EQ(v.json.at("phase"), "announced");
  EXPECT_EQ(v.json.at("notice_at"), "2026-12-01T10:00:00+08:00");
  EXPECT_EQ(v.json.at("earliest_opening"), "2026-12-17T00:00:00+08:00");

  auto roll = s_.Get(V(id, "/roll"), Committee());
  ASSERT_EQ(roll.status, 200) << roll.body;
  EXPECT_EQ(roll.json.at("total_area"), "660.00");
  EXPECT_EQ(roll.json.at("total_heads").as_int64(), 5);
  EXPECT_FALSE(roll.json.at("frozen").as_bool());
  std::map<std::string, json::object> by_name;
  for (const auto& e : roll.json.at("entries").as_array())
    by_name[Str(e.at("name"))] = e.as_object();
  ASSERT_EQ(by_name.size(), 5u) << roll.body;
  EXPECT_EQ(by_name.at("张一").at("area"), "200.00");
  EXPECT_EQ(by_name.at("张一").at("household_ids").as_array().size(), 2u);
  EXPECT_EQ(by_name.at("李二、王三").at("area"), "120.00");
  EXPECT_EQ(by_name.at("开发商").at("area"), "160.00");
  EXPECT_EQ(by_name.at("开发商").at("kind"), "developer");

  // An owner sees the roll masked.
  auto masked = s_.Get(V(id, "/roll"), Owner("13900000001"));
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(masked.body.find("张一"), std::string::npos) << masked.body;
  EXPECT_NE(masked.body.find("李**、王**"), std::string::npos) << masked.body;

  // A vote limited to building 2: the developer's two units, 赵四, 钱五.
  const auto b2 = NewVote(5, json::array{building_.at("2栋")});
  auto r2 = s_.Get(V(b2, "/roll"), Committee());
  EXPECT_EQ(r2.json.at("total_area"), "340.00");
  EXPECT_EQ(r2.json.at("total_heads").as_int64(), 3);
}

TEST_F(VotesApi, ParkingSpacesCountOnlyWhenTheEstatesRulesSaySo) {
  const auto without = NewVote(4);
  auto r1 = s_.Get(V(without, "/roll"), Committee());
  EXPECT_EQ(r1.json.at("total_area"), "660.00");
  EXPECT_EQ(r1.json.at("total_heads").as_int64(), 5);
  auto rules = s_.Call("PUT", "/api/v1/estates/" + std::to_string(estate_) + "/vote-rules",
                       json::serialize(json::object{{"count_parking", true}}), Committee());
  ASSERT_EQ(rules.status, 200) << rules.body;
  EXPECT_TRUE(rules.json.at("count_parking").as_bool());
  // 钱五's space joins their flat (the same owner, one head); 孙六 holds only a space: one more.
  const auto with = NewVote(4);
  auto r2 = s_.Get(V(with, "/roll"), Committee());
  EXPECT_EQ(r2.json.at("total_area"), "685.00");
  EXPECT_EQ(r2.json.at("total_heads").as_int64(), 6);
  EXPECT_TRUE(s_.Get(V(with), Committee()).json.at("count_parking").as_bool());
  // The first vote keeps the rule it was announced with.
  EXPECT_EQ(s_.Get(V(without, "/roll"), Committee()).json.at("total_heads").as_int64(), 5);
}

TEST_F(VotesApi, ObjectionsAreAnsweredAndTheRollFreezesWhenVotingOpens) {
  const auto id = NewVote(4);
  auto o = s_.Post(V(id, "/objections"), json::object{{"text", "我家面积应为登记面积 101.50"}},
                   Owner("13900000001"));
  ASSERT_EQ(o.status, 201) << o.body;
  auto a =
      s_.Post("/api/v1/roll-objections/" + std::to_string(o.json.at("id").as_int64()) + "/answer",
              json::object{{"answer", "已核对不动产登记，面积以登记为准"}}, Committee());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json.at("answer"), "已核对不动产登记，面积以登记为准");
  EXPECT_EQ(s_.Post(V(id, "/roll/retake"), json::object{}, Committee()).status, 200);
  SetClock(kDuringVote);
  auto frozen = s_.Post(V(id, "/roll/retake"), json::object{}, Committee());
  EXPECT_EQ(frozen.status, 409) << frozen.body;
  EXPECT_TRUE(s_.Get(V(id, "/roll"), Committee()).json.at("frozen").as_bool());
  EXPECT_EQ(s_.Post(V(id, "/objections"), json::object{{"text", "开始投票后的异议不再受理"}},
                    Owner("13900000001"))
                .status,
            409);
}

TEST_F(VotesApi, BallotsOncePerOwnerAcrossChannelsWithinTheWindow) {
  const auto id = NewVote(4);
  // Before voting opens.
  auto early = Cast(id, "张一", "agree", "online", Owner("13900000001"));
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(Message(early).find("opens at"), std::string::npos) << early.body;

  SetClock(kDuringVote);
  const auto staff = Committee();
  auto first = Cast(id, "张一", "agree", "online", Owner("13900000001"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json.at("area"), "200.00");
  // The same owner again, on paper through staff: refused and logged.
  auto again = Cast(id, "张一", "disagree", "paper", staff, {{"evidence", "纸质票 0007"}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(Message(again).find("already voted"), std::string::npos) << again.body;
  auto refusals = s_.Get(V(id, "/refusals"), staff);
  ASSERT_EQ(refusals.status, 200) << refusals.body;
  ASSERT_EQ(refusals.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(refusals.json.at("items").at(0).at("reason"), "already_voted");
  // Co-owners are one voter: 王三 cannot vote after 李二.
  ASSERT_EQ(Cast(id, "李二", "agree", "online", Owner("13900000002")).status, 201);
  EXPECT_EQ(Cast(id, "王三", "disagree", "online", Owner("13900000003")).status, 409);

  // Bad ballots change nothing.
  EXPECT_EQ(Field(Cast(id, "赵四", "yes", "paper", staff, {{"evidence", "纸质票 0008"}})),
            "choice");
  EXPECT_EQ(Field(Cast(id, "赵四", "agree", "wechat", staff, {{"evidence", "x"}})), "channel");
  EXPECT_EQ(Field(Cast(id, "赵四", "agree", "paper", staff)), "evidence");
  auto foreign = Cast(id, "钱五", "agree", "online", Owner("13900000001"));
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  auto not_on_roll = s_.Post(V(id, "/ballots"),
                             json::object{{"owner_id", 999999},
                                          {"choice", "agree"},
                                          {"channel", "paper"},
                                          {"evidence", "纸质票 0009"}},
                             staff);
  EXPECT_EQ(not_on_roll.status, 404) << not_on_roll.body;
  EXPECT_EQ(Field(not_on_roll), "owner_id");
  auto ballots = s_.Get(V(id, "/ballots"), staff);
  ASSERT_EQ(ballots.status, 200) << ballots.body;
  EXPECT_EQ(ballots.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(s_.Get(V(id, "/ballots"), Owner("13900000001")).status, 403);

  // The owner sees their own ballot on the vote.
  auto mine = s_.Get("/api/v1/me/votes", Owner("13900000001"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.json.at("items").at(0).at("mine").at(0).at("choice"), "agree");

  // After the window, no more ballots.
  SetClock("2026-12-25T09:00:00+08:00");
  auto late = Cast(id, "赵四", "agree", "paper", Committee(), {{"evidence", "纸质票 0010"}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(s_.Get(V(id), Committee()).json.at("phase"), "ended");
}

TEST_F(VotesApi, ProxyBallotsNeedAuthorisationAndRespectTheCap) {
  auto rules =
      s_.Call("PUT", "/api/v1/estates/" + std::to_string(estate_) + "/vote-rules",
              json::serialize(json::object{{"proxy_cap", 1},
                                           {"channels", json::array{"online", "paper", "proxy"}}}),
              Committee());
  ASSERT_EQ(rules.status, 200) << rules.body;
  const auto id = NewVote(4);
  SetClock(kDuringVote);
  const auto staff = Committee();
  EXPECT_EQ(Field(Cast(id, "赵四", "agree", "proxy", staff, {{"evidence", "授权委托书 01"}})),
            "proxy_name");
  ASSERT_EQ(
      Cast(
          id, "赵四", "agree", "proxy", staff,
          {{"evidence", "授权委托书 01"}, {"proxy_name", "孙代理"}, {"proxy_phone", "13911110000"}})
          .status,
      201);
  auto capped = Cast(
      id, "钱五", "agree", "proxy", staff,
      {{"evidence", "授权委托书 02"}, {"proxy_name", "孙代理"}, {"proxy_phone", "13911110000"}});
  EXPECT_EQ(capped.status, 409) << capped.body;
  EXPECT_EQ(Field(capped), "proxy_name");
  // The estate does not take phone ballots.
  auto phone = Cast(id, "钱五", "agree", "phone", staff, {{"evidence", "通话录音 0101"}});
  EXPECT_EQ(phone.status, 409) << phone.body;
  EXPECT_EQ(Field(phone), "channel");
}

TEST_F(VotesApi, CloseTalliesExactlyAndPublishesWithMaskedParticipants) {
  // Matter 7 (rebuilding) needs three quarters.
  const auto id = NewVote(7);
  SetClock(kDuringVote);
  const auto staff = Committee();
  ASSERT_EQ(Cast(id, "张一", "agree", "online", Owner("13900000001")).status, 201);
  ASSERT_EQ(Cast(id, "李二", "agree", "paper", staff, {{"evidence", "纸质票 0001"}}).status, 201);
  ASSERT_EQ(Cast(id, "开发商", "agree", "ballot_box", staff, {{"evidence", "流动票箱 3号"}}).status,
            201);
  ASSERT_EQ(Cast(id, "赵四", "disagree", "phone", staff, {{"evidence", "通话录音 0102"}}).status,
            201);
  // Not published yet: no result without login.
  EXPECT_EQ(s_.Get(V(id, "/result")).status, 401);
  auto closed = s_.Post(V(id, "/close"), json::object{}, staff);
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto& r = closed.json;
  // Participation 570.00 of 660.00 m² and 4 of 5 heads; approval 480.00 of 570.00 m² and exactly
  // 3 of 4 heads: three quarters is met.
  EXPECT_EQ(r.at("outcome"), "passed") << closed.body;
  EXPECT_EQ(r.at("participation").at("area"), "570.00");
  EXPECT_EQ(r.at("participation").at("heads").as_int64(), 4);
  EXPECT_TRUE(r.at("participation").at("met").as_bool());
  EXPECT_EQ(r.at("approval").at("area"), "480.00");
  EXPECT_EQ(r.at("approval").at("heads").as_int64(), 3);
  EXPECT_EQ(r.at("approval").at("threshold"), "three_quarters");
  EXPECT_TRUE(r.at("approval").at("met").as_bool());
  EXPECT_EQ(r.at("by_channel").at("ballot_box").as_int64(), 1);
  EXPECT_FALSE(r.at("nonvoter_rule").at("enabled").as_bool());
  // Closed means closed.
  EXPECT_EQ(Cast(id, "钱五", "agree", "paper", staff, {{"evidence", "纸质票 0002"}}).status, 409);
  EXPECT_EQ(s_.Post(V(id, "/close"), json::object{}, staff).status, 409);

  auto published = s_.Post(V(id, "/publish"), json::object{}, staff);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_FALSE(published.json.at("publish_late").as_bool());
  // Anyone may read it now; participants are masked.
  auto pub = s_.Get(V(id, "/result"));
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json.at("outcome"), "passed");
  EXPECT_EQ(pub.json.at("participants").as_array().size(), 4u);
  EXPECT_EQ(pub.body.find("张一"), std::string::npos) << pub.body;
  EXPECT_NE(pub.body.find("张**"), std::string::npos) << pub.body;
  auto board = s_.Get("/api/v1/public/estates/" + std::to_string(estate_) + "/votes");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.json.at("total").as_int64(), 1);

  // Every step is in the audit log.
  auto audit = s_.Get("/api/v1/audit?entity=ballot&page_size=50", Admin());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json.at("items").as_array().size(), 4u);
  auto vaudit = s_.Get("/api/v1/audit?entity=vote&page_size=50", Admin());
  std::vector<std::string> actions;
  for (const auto& e : vaudit.json.at("items").as_array()) actions.push_back(Str(e.at("action")));
  EXPECT_NE(std::find(actions.begin(), actions.end(), "close"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "publish"), actions.end());
}

TEST_F(VotesApi, TooFewTakingPartIsVoidAndLatePublicationIsFlagged) {
  const auto id = NewVote(4);
  SetClock(kDuringVote);
  const auto staff = Committee();
  // 3 of 5 heads (< 2/3) though 480.00 of 660.00 m² (> 2/3).
  ASSERT_EQ(Cast(id, "张一", "agree", "online", Owner("13900000001")).status, 201);
  ASSERT_EQ(Cast(id, "李二", "agree", "online", Owner("13900000002")).status, 201);
  ASSERT_EQ(Cast(id, "开发商", "agree", "paper", staff, {{"evidence", "纸质票 0003"}}).status, 201);
  SetClock("2026-12-25T09:00:00+08:00");
  auto closed = s_.Post(V(id, "/close"), json::object{}, Committee());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at("outcome"), "void");
  EXPECT_TRUE(closed.json.at("participation").at("area_met").as_bool());
  EXPECT_FALSE(closed.json.at("participation").at("heads_met").as_bool());
  // Voting ended 12-24 20:00; publication was due by 12-27 24:00 (a Sunday: moved to Monday's end).
  EXPECT_EQ(closed.json.at("publish_due"), "2026-12-29T00:00:00+08:00");
  SetClock("2026-12-29T09:00:00+08:00");
  auto v = s_.Get(V(id), Committee());
  EXPECT_TRUE(v.json.at("publish_late").as_bool()) << v.body;
}

TEST_F(VotesApi, AnnouncedVotesCanBeCancelledOnly) {
  const auto id = NewVote(4);
  EXPECT_EQ(Field(s_.Post(V(id, "/cancel"), json::object{}, Committee())), "reason");
  auto c = s_.Post(V(id, "/cancel"), json::object{{"reason", "议题写错，重新公告"}}, Committee());
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_FALSE(c.json.at("cancelled_at").is_null());
  const auto open = NewVote(4);
  SetClock(kDuringVote);
  EXPECT_EQ(s_.Post(V(open, "/cancel"), json::object{{"reason", "太晚了"}}, Committee()).status,
            409);
  EXPECT_EQ(Cast(id, "张一", "agree", "online", Owner("13900000001")).status, 409);
}

}  // namespace
}  // namespace linli::testing
