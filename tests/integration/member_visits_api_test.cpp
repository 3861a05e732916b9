// Pairing (结对) and door-knocking (敲门行动) through the HTTP API (docs/MEMBER_VISITS.md): the
// branch pairs confirmed members and accepts suggestions in bulk, members and building leads
// record visits whose problems enter the problems flow in the same step, coverage by building,
// refusals that change nothing, and who may see whom (party membership is sensitive).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

class MemberVisitsApi : public ::testing::Test {
 protected:
  // 幸福小区: 1栋 1单元 101, 102; 1栋 2单元 201; 2栋 1单元 101. Members 张三 (home 1栋1单元101)
  // and 王五 (2栋1单元101) confirmed by the branch, 赵六 pending; a building lead; a resident.
  // 另一小区 with one household.
  void SetUp() override {
    auto ids = s_.MakeTree("幸福小区");
    ASSERT_EQ(ids.size(), 4u);
    community_ = ids[2];
    estate_ = ids[3];
    admin_ = s_.AdminToken();
    Import(estate_,
           "1栋,1单元,1,101,张一\n1栋,1单元,1,102,张二\n1栋,2单元,2,201,张三\n"
           "2栋,1单元,1,101,张四\n");
    for (const auto& h : Households(estate_)) {
      const std::string label = Str(h.at("building")) + Str(h.at("unit")) + Str(h.at("room"));
      h_[label] = h.at("id").as_int64();
      building_[Str(h.at("building"))] = h.at("building_id").as_int64();
    }
    ASSERT_EQ(h_.size(), 4u) << "labels: " << h_.begin()->first;
    auto other = s_.Post(
        "/api/v1/units",
        json::object{{"kind", "estate"}, {"name", "另一小区"}, {"parent_id", community_}}, admin_);
    ASSERT_EQ(other.status, 201) << other.body;
    other_estate_ = other.json.at("id").as_int64();
    Import(other_estate_, "9栋,1单元,1,101,钱七\n");
    other_household_ = Households(other_estate_).at(0).at("id").as_int64();

    branch_ = Account("13800000102", "支部书记", "branch", estate_);
    lead_ = Account("13800000103", "楼长", "building_lead", estate_);
    resident_ = Account("13800000104", "居民", "resident", estate_);
    zhang_ = Account("13800000105", "张三", "resident", estate_);
    wang_ = Account("13800000106", "王五", "resident", estate_);
    zhao_ = Account("13800000107", "赵六", "resident", estate_);
    zhang_reg_ = Register(zhang_, h_["1栋1单元101"], true);
    wang_reg_ = Register(wang_, h_["2栋1单元101"], true);
    zhao_reg_ = Register(zhao_, h_["1栋2单元201"], false);
    // Sessions cache the roles for a while: log in again to carry the member role just granted.
    zhang_ = s_.Login("13800000105", "Passw0rd!");
    wang_ = s_.Login("13800000106", "Passw0rd!");
  }

  void Import(std::int64_t estate, const std::string& rows) {
    std::string csv =
        "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,"
        "delivered\n";
    size_t start = 0;
    while (start < rows.size()) {
      auto end = rows.find('\n', start);
      std::string row = rows.substr(start, end - start);
      auto comma = row.rfind(',');
      csv += row.substr(0, comma) + ",89.45,registry," + row.substr(comma + 1) + ",,person,yes\n";
      start = end + 1;
    }
    auto r = s_.Call("POST", "/api/v1/estates/" + std::to_string(estate) + "/households:import",
                     csv, admin_, "text/csv; charset=utf-8");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json::array Households(std::int64_t estate) {
    auto r = s_.Get("/api/v1/estates/" + std::to_string(estate) + "/households", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.at("items").as_array();
  }
  std::string Account(const std::string& phone, const std::string& name, const std::string& role,
                      std::int64_t unit) {
    auto a =
        s_.Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", name}}, admin_);
    EXPECT_EQ(a.status, 201) << a.body;
    auto g = s_.Post("/api/v1/accounts/" + std::to_string(a.json.at("id").as_int64()) + "/roles",
                     json::object{{"role", role}, {"unit_id", unit}}, admin_);
    EXPECT_EQ(g.status, 201) << g.body;
    return s_.Login(phone, "Passw0rd!");
  }
  std::int64_t Register(const std::string& token, std::int64_t household, bool confirm) {
    auto r = s_.Post(EstatePath("/member-registrations"),
                     json::object{{"household_id", household},
                                  {"employer_name", "区税务局"},
                                  {"employer_party_org", "区税务局机关党委"},
                                  {"skills", "法律咨询"},
                                  {"services", "政策宣讲"}},
                     token);
    EXPECT_EQ(r.status, 201) << r.body;
    const auto id = r.json.at("id").as_int64();
    if (confirm) {
      auto d = s_.Post("/api/v1/member-registrations/" + std::to_string(id) + "/decision",
                       json::object{{"decision", "confirm"}}, branch_);
      EXPECT_EQ(d.status, 200) << d.body;
    }
    return id;
  }
  std::string EstatePath(const std::string& tail, std::int64_t estate = 0) const {
    return "/api/v1/estates/" + std::to_string(estate ? estate : estate_) + tail;
  }
  std::int64_t ActivePairings() {
    auto r = s_.Get(EstatePath("/pairings"), branch_);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::int64_t>(r.json.at("pairings").as_array().size());
  }
  std::int64_t VisitCount() {
    auto r = s_.Get(EstatePath("/visits"), branch_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.at("total").as_int64();
  }
  std::int64_t AppealCount() {
    auto r = s_.Get("/api/v1/appeals?unit_id=" + std::to_string(estate_), branch_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.at("total").as_int64();
  }

  TestServer s_;
  std::int64_t community_ = 0, estate_ = 0, other_estate_ = 0, other_household_ = 0;
  std::map<std::string, std::int64_t> h_, building_;
  std::string admin_, branch_, lead_, resident_, zhang_, wang_, zhao_;
  std::int64_t zhang_reg_ = 0, wang_reg_ = 0, zhao_reg_ = 0;
};

TEST_F(MemberVisitsApi, UnpairedHouseholdsGetSuggestionsAcceptedInBulk) {
  auto page = s_.Get(EstatePath("/pairings/unpaired"), branch_);
  ASSERT_EQ(page.status, 200) << page.body;
  // Members' homes (1栋1单元101, 2栋1单元101) need nobody; 赵六 is only pending.
  EXPECT_EQ(page.json.at("households").as_int64(), 4);
  EXPECT_EQ(page.json.at("unpaired").as_int64(), 2);
  const auto& groups = page.json.at("groups").as_array();
  ASSERT_EQ(groups.size(), 2u);  // 1栋1单元, 1栋2单元
  const auto& first = groups[0].at("households").as_array()[0];
  EXPECT_EQ(first.at("label"), "1栋1单元102");
  EXPECT_EQ(first.at("suggestion").at("registration_id").as_int64(), zhang_reg_);
  EXPECT_EQ(first.at("suggestion").at("nearness"), "same_entrance");
  EXPECT_EQ(first.at("suggestion").at("nearness_label"), "同单元");
  const auto& second = groups[1].at("households").as_array()[0];
  EXPECT_EQ(second.at("label"), "1栋2单元201");
  EXPECT_EQ(second.at("suggestion").at("nearness"), "same_building");

  // The console accepts every suggestion in one call.
  json::array accept;
  for (const auto& g : groups)
    for (const auto& h : g.at("households").as_array())
      accept.push_back(json::object{{"registration_id", h.at("suggestion").at("registration_id")},
                                    {"household_id", h.at("household_id")}});
  auto batch = s_.Post(EstatePath("/pairings:batch"), json::object{{"pairings", accept}}, branch_);
  ASSERT_EQ(batch.status, 201) << batch.body;
  ASSERT_EQ(batch.json.at("pairings").as_array().size(), 2u);
  EXPECT_EQ(batch.json.at("pairings").as_array()[0].at("kind_label"), "结对户");
  EXPECT_EQ(s_.Get(EstatePath("/pairings/unpaired"), branch_).json.at("unpaired").as_int64(), 0);

  auto board = s_.Get(EstatePath("/pairings"), branch_);
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.json.at("households_unpaired").as_int64(), 0);
  const auto& members = board.json.at("members").as_array();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].at("registration_id").as_int64(), wang_reg_);  // fewest first
  EXPECT_FALSE(members[0].at("met").as_bool());
  EXPECT_EQ(members[1].at("households").as_int64(), 2);
  EXPECT_TRUE(members[1].at("met").as_bool());
  EXPECT_EQ(members[1].at("member_name"), "张三");

  // The member sees their own pairings on the phone.
  auto mine = s_.Get("/api/v1/me/pairings", zhang_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto& regs = mine.json.at("registrations").as_array();
  ASSERT_EQ(regs.size(), 1u);
  EXPECT_EQ(regs[0].at("home"), "1栋1单元101");
  EXPECT_EQ(regs[0].at("pairings").as_array().size(), 2u);
  EXPECT_TRUE(s_.Get("/api/v1/me/pairings", resident_).json.at("registrations").as_array().empty());
}

TEST_F(MemberVisitsApi, PairingRefusalsChangeNothing) {
  auto pair = [&](json::object body) { return s_.Post(EstatePath("/pairings"), body, branch_); };
  auto own = pair({{"registration_id", zhang_reg_}, {"household_id", h_["1栋1单元101"]}});
  EXPECT_EQ(own.status, 400) << own.body;
  EXPECT_EQ(Field(own), "household_id");
  auto other = pair({{"registration_id", zhang_reg_}, {"household_id", other_household_}});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(Field(other), "household_id");
  auto pending = pair({{"registration_id", zhao_reg_}, {"household_id", h_["1栋1单元102"]}});
  EXPECT_EQ(pending.status, 409) << pending.body;
  EXPECT_EQ(Field(pending), "registration_id");
  auto both = pair({{"registration_id", zhang_reg_}});
  EXPECT_EQ(both.status, 400) << both.body;
  EXPECT_EQ(
      s_.Post(EstatePath("/pairings"),
              json::object{{"registration_id", zhang_reg_}, {"household_id", h_["1栋1单元102"]}},
              resident_)
          .status,
      403);
  EXPECT_EQ(ActivePairings(), 0);

  auto ok = pair({{"registration_id", zhang_reg_}, {"household_id", h_["1栋1单元102"]}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json.at("label"), "1栋1单元102");
  auto twice = pair({{"registration_id", zhang_reg_}, {"household_id", h_["1栋1单元102"]}});
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.ErrorCode(), "already_exists");

  // A batch with one bad row saves none and names the row.
  json::array rows{
      json::object{{"registration_id", wang_reg_}, {"household_id", h_["1栋2单元201"]}},
      json::object{{"registration_id", wang_reg_}, {"household_id", other_household_}}};
  auto batch = s_.Post(EstatePath("/pairings:batch"), json::object{{"pairings", rows}}, branch_);
  EXPECT_EQ(batch.status, 404) << batch.body;
  EXPECT_EQ(Field(batch), "pairings[1].household_id");
  EXPECT_EQ(ActivePairings(), 1);

  // 党员中心户: 王五 looks after entrance 1栋2单元.
  std::int64_t entrance = 0;
  const auto unpaired = s_.Get(EstatePath("/pairings/unpaired"), branch_);
  for (const auto& g : unpaired.json.at("groups").as_array())
    if (g.at("building_name") == "1栋" && g.at("entrance_name") == "2单元")
      entrance = g.at("entrance_id").as_int64();
  ASSERT_NE(entrance, 0);
  auto centre = pair({{"registration_id", wang_reg_}, {"entrance_id", entrance}});
  ASSERT_EQ(centre.status, 201) << centre.body;
  EXPECT_EQ(centre.json.at("kind_label"), "党员中心户");
  EXPECT_EQ(centre.json.at("label"), "1栋2单元");

  const auto id = ok.json.at("id").as_int64();
  auto end = s_.Post("/api/v1/pairings/" + std::to_string(id) + "/end", json::object{}, branch_);
  ASSERT_EQ(end.status, 200) << end.body;
  EXPECT_FALSE(end.json.at("ended_at").is_null());
  EXPECT_EQ(
      s_.Post("/api/v1/pairings/" + std::to_string(id) + "/end", json::object{}, branch_).status,
      409);
  EXPECT_EQ(ActivePairings(), 1);
}

TEST_F(MemberVisitsApi, ACentreHouseholdPicksAHouseholdOfItsEntranceOnThePhone) {
  // 张三 (home 1栋1单元101) becomes 党员中心户 of his own entrance 1栋1单元.
  std::int64_t entrance = 0;
  const auto unpaired = s_.Get(EstatePath("/pairings/unpaired"), branch_);
  for (const auto& g : unpaired.json.at("groups").as_array())
    if (g.at("building_name") == "1栋" && g.at("entrance_name") == "1单元")
      entrance = g.at("entrance_id").as_int64();
  ASSERT_NE(entrance, 0);
  auto centre =
      s_.Post(EstatePath("/pairings"),
              json::object{{"registration_id", zhang_reg_}, {"entrance_id", entrance}}, branch_);
  ASSERT_EQ(centre.status, 201) << centre.body;
  // The board does not list households; the member's own list does, apart from their home.
  auto board = s_.Get(EstatePath("/pairings"), branch_);
  EXPECT_FALSE(board.json.at("pairings").as_array()[0].as_object().contains("households"));
  auto mine = s_.Get("/api/v1/me/pairings", zhang_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto& pairing = mine.json.at("registrations").as_array()[0].at("pairings").as_array()[0];
  EXPECT_EQ(pairing.at("kind"), "entrance");
  EXPECT_TRUE(pairing.at("household_id").is_null());
  const auto& households = pairing.at("households").as_array();
  ASSERT_EQ(households.size(), 1u);
  EXPECT_EQ(households[0].at("label"), "1栋1单元102");
  EXPECT_EQ(households[0].at("id").as_int64(), h_["1栋1单元102"]);
  EXPECT_FALSE(households[0].as_object().contains("owners"));

  // The picked household is visited and the visit is the member's.
  auto visit = s_.Post(
      EstatePath("/visits"),
      json::object{{"household_id", households[0].at("id")}, {"heard", "邻居说单元门禁坏了"}},
      zhang_);
  ASSERT_EQ(visit.status, 201) << visit.body;
  EXPECT_EQ(visit.json.at("household").at("label"), "1栋1单元102");
  EXPECT_EQ(visit.json.at("registration_id").as_int64(), zhang_reg_);
  auto visits = s_.Get("/api/v1/me/visits", zhang_);
  ASSERT_EQ(visits.status, 200) << visits.body;
  EXPECT_EQ(visits.json.at("total").as_int64(), 1);

  // Once the pairing ends, the member's list no longer offers the entrance.
  auto end = s_.Post("/api/v1/pairings/" + std::to_string(centre.json.at("id").as_int64()) + "/end",
                     json::object{}, branch_);
  ASSERT_EQ(end.status, 200) << end.body;
  mine = s_.Get("/api/v1/me/pairings", zhang_);
  EXPECT_TRUE(mine.json.at("registrations").as_array()[0].at("pairings").as_array().empty());
}

TEST_F(MemberVisitsApi, AVisitsProblemsEnterTheProblemsFlowInOneStep) {
  auto visit = s_.Post(
      EstatePath("/visits"),
      json::object{
          {"household_id", h_["1栋1单元102"]},
          {"heard", "楼道灯坏了两周，电梯经常停"},
          {"contact_name", "张二"},
          {"problems",
           json::array{json::object{{"category", "facilities"}, {"description", "楼道灯坏了两周"}},
                       json::object{{"category", "lift"},
                                    {"description", "电梯经常停"},
                                    {"place", json::object{{"building_id", building_["1栋"]}}}}}}},
      zhang_);
  ASSERT_EQ(visit.status, 201) << visit.body;
  EXPECT_EQ(visit.json.at("visited_on"), "2026-03-01");  // today by the test clock
  EXPECT_EQ(visit.json.at("household").at("label"), "1栋1单元102");
  EXPECT_EQ(visit.json.at("registration_id").as_int64(), zhang_reg_);
  EXPECT_TRUE(visit.json.at("visitor").at("by_member").as_bool());
  ASSERT_EQ(visit.json.at("appeal_ids").as_array().size(), 2u);
  const auto intake = visit.json.at("intake_id").as_int64();
  auto appeal =
      s_.Get("/api/v1/appeals/" + Str(visit.json.at("appeal_ids").as_array()[0]), branch_);
  ASSERT_EQ(appeal.status, 200) << appeal.body;
  EXPECT_EQ(appeal.json.at("channel"), "door_knock");
  EXPECT_EQ(appeal.json.at("intake_id").as_int64(), intake);
  EXPECT_EQ(appeal.json.at("place").at("household_id").as_int64(), h_["1栋1单元102"]);
  EXPECT_EQ(AppealCount(), 2);
  EXPECT_EQ(VisitCount(), 1);

  // Refusals save neither the visit nor its problems.
  auto elsewhere = s_.Post(
      EstatePath("/visits"),
      json::object{{"household_id", other_household_},
                   {"problems",
                    json::array{json::object{{"category", "facilities"}, {"description", "x"}}}}},
      zhang_);
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
  EXPECT_EQ(Field(elsewhere), "household_id");
  auto bad_category = s_.Post(
      EstatePath("/visits"),
      json::object{
          {"household_id", h_["1栋2单元201"]},
          {"problems",
           json::array{json::object{{"category", "facilities"}, {"description", "门禁坏了"}},
                       json::object{{"category", "no_such"}, {"description", "?"}}}}},
      zhang_);
  EXPECT_EQ(bad_category.status, 400) << bad_category.body;
  EXPECT_EQ(Field(bad_category), "problems[1].category");
  auto future = s_.Post(
      EstatePath("/visits"),
      json::object{{"household_id", h_["1栋2单元201"]}, {"visited_on", "2026-03-02"}}, zhang_);
  EXPECT_EQ(future.status, 400) << future.body;
  EXPECT_EQ(Field(future), "visited_on");
  EXPECT_EQ(
      s_.Post(EstatePath("/visits"), json::object{{"household_id", h_["1栋2单元201"]}}, resident_)
          .status,
      403);
  EXPECT_EQ(VisitCount(), 1);
  EXPECT_EQ(AppealCount(), 2);
}

TEST_F(MemberVisitsApi, RoundsCoverageAndWhoSeesWhichVisits) {
  auto round = s_.Post(EstatePath("/visit-rounds"),
                       json::object{{"title", "一季度1栋敲门行动"},
                                    {"building_id", building_["1栋"]},
                                    {"starts_on", "2026-02-01"},
                                    {"ends_on", "2026-03-31"}},
                       branch_);
  ASSERT_EQ(round.status, 201) << round.body;
  EXPECT_EQ(round.json.at("status"), "active");
  EXPECT_EQ(round.json.at("progress").at("households").as_int64(), 3);
  const auto round_id = round.json.at("id").as_int64();
  EXPECT_EQ(
      s_.Post(EstatePath("/visit-rounds"),
              json::object{{"title", "x"}, {"starts_on", "2026-03-02"}, {"ends_on", "2026-03-01"}},
              branch_)
          .status,
      400);
  EXPECT_EQ(
      s_.Post(EstatePath("/visit-rounds"),
              json::object{{"title", "x"}, {"starts_on", "2026-03-01"}, {"ends_on", "2026-03-31"}},
              zhang_)
          .status,
      403);

  auto record = [&](const std::string& token, json::object body) {
    return s_.Post(EstatePath("/visits"), body, token);
  };
  auto v1 = record(zhang_, {{"household_id", h_["1栋1单元102"]},
                            {"round_id", round_id},
                            {"visited_on", "2026-02-20"},
                            {"heard", "一切都好"}});
  ASSERT_EQ(v1.status, 201) << v1.body;
  // 2栋 is not in the round's building.
  auto outside = record(zhang_, {{"household_id", h_["2栋1单元101"]}, {"round_id", round_id}});
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_EQ(Field(outside), "round_id");
  auto by_lead = record(lead_, {{"household_id", h_["2栋1单元101"]}, {"heard", "想加装电梯"}});
  ASSERT_EQ(by_lead.status, 201) << by_lead.body;
  EXPECT_TRUE(by_lead.json.at("registration_id").is_null());
  EXPECT_FALSE(by_lead.json.at("visitor").at("by_member").as_bool());
  // Last quarter's visit does not count for this one.
  ASSERT_EQ(
      record(zhang_, {{"household_id", h_["1栋2单元201"]}, {"visited_on", "2025-12-30"}}).status,
      201);

  auto rounds = s_.Get(EstatePath("/visit-rounds"), lead_);
  ASSERT_EQ(rounds.status, 200) << rounds.body;
  EXPECT_EQ(rounds.json.at("items").as_array()[0].at("progress").at("visited").as_int64(), 1);
  EXPECT_DOUBLE_EQ(rounds.json.at("items").as_array()[0].at("progress").at("share").as_double(),
                   33.3);

  auto coverage = s_.Get(EstatePath("/visit-coverage"), branch_);
  ASSERT_EQ(coverage.status, 200) << coverage.body;
  EXPECT_EQ(coverage.json.at("quarter").at("name"), "2026-Q1");
  const auto& buildings = coverage.json.at("buildings").as_array();
  ASSERT_EQ(buildings.size(), 2u);
  EXPECT_EQ(buildings[0].at("building_name"), "1栋");
  EXPECT_EQ(buildings[0].at("visited").as_int64(), 1);
  EXPECT_DOUBLE_EQ(buildings[0].at("share").as_double(), 33.3);
  EXPECT_DOUBLE_EQ(buildings[1].at("share").as_double(), 100.0);
  EXPECT_EQ(coverage.json.at("total").at("households").as_int64(), 4);
  EXPECT_DOUBLE_EQ(coverage.json.at("total").at("share").as_double(), 50.0);
  EXPECT_EQ(coverage.json.at("visits").as_int64(), 2);
  auto q4 = s_.Get(EstatePath("/visit-coverage?quarter=2025-Q4"), lead_);
  ASSERT_EQ(q4.status, 200) << q4.body;
  EXPECT_DOUBLE_EQ(q4.json.at("total").at("share").as_double(), 25.0);
  EXPECT_EQ(s_.Get(EstatePath("/visit-coverage?quarter=2025-Q5"), branch_).status, 400);
  EXPECT_EQ(s_.Get(EstatePath("/visit-coverage"), resident_).status, 403);

  // The branch sees every visit and who visited as a member; the building lead only their own;
  // a resident none.
  auto all = s_.Get(EstatePath("/visits"), branch_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json.at("total").as_int64(), 3);
  int by_member = 0;
  for (const auto& v : all.json.at("items").as_array())
    by_member += v.at("visitor").at("by_member").as_bool() ? 1 : 0;
  EXPECT_EQ(by_member, 2);
  auto lead_list = s_.Get(EstatePath("/visits"), lead_);
  ASSERT_EQ(lead_list.status, 200) << lead_list.body;
  EXPECT_EQ(lead_list.json.at("total").as_int64(), 1);
  EXPECT_TRUE(lead_list.json.at("items").as_array()[0].at("mine").as_bool());
  EXPECT_EQ(s_.Get(EstatePath("/visits"), resident_).status, 403);
  EXPECT_EQ(s_.Get(EstatePath("/pairings"), resident_).status, 403);
  EXPECT_EQ(s_.Get(EstatePath("/pairings"), lead_).status, 403);
  EXPECT_EQ(s_.Get(EstatePath("/pairings/unpaired"), zhang_).status, 403);
  auto filtered = s_.Get(
      EstatePath("/visits?building_id=" + std::to_string(building_["1栋"]) + "&from=2026-01-01"),
      branch_);
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(filtered.json.at("total").as_int64(), 1);

  auto mine = s_.Get("/api/v1/me/visits", zhang_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json.at("total").as_int64(), 2);
  EXPECT_EQ(mine.json.at("items").as_array()[0].at("visited_on"), "2026-02-20");

  // Reads that named members are audited.
  auto audit = s_.Get("/api/v1/audit?unit_id=" + std::to_string(estate_), admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  int sensitive = 0, visits_created = 0;
  for (const auto& e : audit.json.at("items").as_array()) {
    if (e.at("action") == "read_sensitive") ++sensitive;
    if (e.at("action") == "create" && e.at("entity") == "visit") ++visits_created;
  }
  EXPECT_GE(sensitive, 1);
  EXPECT_EQ(visits_created, 3);
}

}  // namespace
}  // namespace linli::testing
