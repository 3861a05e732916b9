// Party members in their estate through the HTTP API (docs/MEMBERS.md): registration with the
// branch, the receipt as page and PDF, renewal and the late list, commitments and their January
// report window, the service record derived from what happened, the employer's figures, the
// rules per unit, privacy of membership, and the audit.
#include <gtest/gtest.h>

#include <string>

#include "core/time_format.hpp"
#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n"
    "1栋,1单元,17,1703,89.45,registry,张三丰,13912345678,person,yes\n"
    "1栋,1单元,5,502,89.45,registry,李四,13900001111,person,yes\n";

class MembersApi : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.clock().Set(*ParseTime("2026-03-10T09:00:00+08:00"));
    auto ids = s_.MakeTree("幸福小区");
    ASSERT_EQ(ids.size(), 4u);
    district_ = ids[0];
    estate_ = ids[3];
    admin_ = s_.AdminToken();
    other_estate_ =
        s_.Post("/api/v1/units",
                json::object{{"kind", "estate"}, {"name", "别的小区"}, {"parent_id", ids[2]}},
                admin_)
            .json.at("id")
            .as_int64();
    auto imported = s_.Call("POST", Estate(estate_, "/households:import"), kHouseholdsCsv, admin_,
                            "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    imported = s_.Call("POST", Estate(other_estate_, "/households:import"), kHouseholdsCsv, admin_,
                       "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto households = s_.Get(Estate(estate_, "/households"), admin_);
    for (const auto& h : households.json.at("items").as_array())
      (h.at("room") == "1703" ? home_ : neighbour_home_) = h.at("id").as_int64();
    auto elsewhere = s_.Get(Estate(other_estate_, "/households"), admin_);
    ASSERT_FALSE(elsewhere.json.at("items").as_array().empty()) << elsewhere.body;
    elsewhere_home_ = elsewhere.json.at("items").as_array()[0].at("id").as_int64();
    member_ = Person("13911112222", "张三丰", "resident", estate_);
    neighbour_ = Person("13922223333", "李四", "resident", estate_);
    branch_ = s_.UserWithRole("13800000102", "branch", estate_);
    committee_ = s_.UserWithRole("13800000106", "committee", estate_);
  }

  static std::string Estate(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/estates/" + std::to_string(id) + rest;
  }
  static std::string Reg(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/member-registrations/" + std::to_string(id) + rest;
  }
  std::string Person(const std::string& phone, const std::string& name, const std::string& role,
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
  HttpResult Register(const std::string& token, std::int64_t household, json::object extra = {}) {
    json::object body{{"household_id", household},
                      {"employer_name", "璧山区人力社保局"},
                      {"employer_party_org", "区人社局机关党委"},
                      {"skills", "法律咨询"},
                      {"services", "周末志愿服务"}};
    for (auto& [k, v] : extra) body[k] = v;
    return s_.Post(Estate(estate_, "/member-registrations"), body, token);
  }
  std::int64_t Confirmed() {
    auto r = Register(member_, home_);
    EXPECT_EQ(r.status, 201) << r.body;
    const auto id = r.json.at("id").as_int64();
    auto d = s_.Post(Reg(id, "/decision"), json::object{{"decision", "confirm"}}, branch_);
    EXPECT_EQ(d.status, 200) << d.body;
    return id;
  }
  // Moves the clock; sessions of 12 hours end, so everyone logs in again.
  void MoveTo(const char* when) {
    s_.clock().Set(*ParseTime(when));
    admin_ = s_.AdminToken();
    member_ = s_.Login("13911112222", "Passw0rd!");
    branch_ = s_.Login("13800000102", "Passw0rd!");
  }

  TestServer s_;
  std::int64_t district_ = 0, estate_ = 0, other_estate_ = 0;
  std::int64_t home_ = 0, neighbour_home_ = 0, elsewhere_home_ = 0;
  std::string admin_, member_, neighbour_, branch_, committee_;
};

TEST_F(MembersApi, AMemberRegistersTheBranchConfirmsAndTheReceiptIsIssued) {
  auto r = Register(member_, home_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Str(r.json.at("status")), "pending");
  EXPECT_EQ(Str(r.json.at("status_label")), "待确认");
  EXPECT_EQ(Str(r.json.at("household")), "1栋1单元1703");
  EXPECT_TRUE(r.json.at("mine").as_bool());
  const auto id = r.json.at("id").as_int64();

  // A second registration is refused and changes nothing.
  auto again = Register(member_, neighbour_home_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(Message(again).find("already registered with 幸福小区"), std::string::npos);
  EXPECT_EQ(s_.Get(Estate(estate_, "/member-registrations"), branch_).json.as_array().size(), 1u);

  // No receipt before the branch confirms.
  EXPECT_EQ(s_.Get(Reg(id, "/receipt"), member_).status, 409);
  // The member cannot confirm their own registration.
  EXPECT_EQ(s_.Post(Reg(id, "/decision"), json::object{{"decision", "confirm"}}, member_).status,
            403);
  auto d = s_.Post(Reg(id, "/decision"), json::object{{"decision", "confirm"}}, branch_);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(Str(d.json.at("status")), "confirmed");
  EXPECT_EQ(Str(d.json.at("receipt_no")),
            "BD2026-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
  EXPECT_EQ(Str(d.json.at("renewal_due")), "2026-09-10T09:00:00+08:00");
  // Deciding twice is refused.
  EXPECT_EQ(
      s_.Post(Reg(id, "/decision"), json::object{{"decision", "reject"}, {"note", "重复"}}, branch_)
          .status,
      409);

  // The account became a member of the estate.
  member_ = s_.Login("13911112222", "Passw0rd!");
  auto me = s_.Get("/api/v1/auth/me", member_);
  bool is_member = false;
  for (const auto& g : me.json.at("roles").as_array())
    if (g.at("role") == "member" && g.at("unit_id").as_int64() == estate_) is_member = true;
  EXPECT_TRUE(is_member) << me.body;

  // The receipt: a printable page and a PDF with the member's name and the employer.
  auto page = s_.Get(Reg(id, "/receipt"), member_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("在职党员到小区报到回执单"), std::string::npos);
  EXPECT_NE(page.body.find("张三丰"), std::string::npos);
  EXPECT_NE(page.body.find("区人社局机关党委"), std::string::npos);
  EXPECT_EQ(page.body.find("1703"), std::string::npos) << "the receipt names no room";
  auto pdf = s_.Get(Reg(id, "/receipt?format=pdf"), member_);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(s_.Get(Reg(id, "/receipt?format=doc"), member_).status, 400);

  // My registrations, for the phone.
  auto mine = s_.Get("/api/v1/me/member-registrations", member_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json.as_array().size(), 1u);
}

TEST_F(MembersApi, BadRegistrationsAreRefusedWithTheFieldAndSaveNothing) {
  auto elsewhere = Register(member_, elsewhere_home_);
  EXPECT_EQ(elsewhere.status, 400);
  EXPECT_EQ(Field(elsewhere), "household_id");
  EXPECT_NE(Message(elsewhere).find("not in 幸福小区"), std::string::npos);
  auto no_employer = s_.Post(Estate(estate_, "/member-registrations"),
                             json::object{{"household_id", home_}}, member_);
  EXPECT_EQ(no_employer.status, 400);
  EXPECT_EQ(Field(no_employer), "employer_name");
  auto long_skills = Register(member_, home_, {{"skills", std::string(201 * 3, 'a')}});
  EXPECT_EQ(long_skills.status, 400);
  EXPECT_EQ(Field(long_skills), "skills");
  // The committee may not register people on their behalf.
  auto on_behalf = Register(committee_, home_, {{"person_id", 1}});
  EXPECT_EQ(on_behalf.status, 403);
  EXPECT_TRUE(s_.Get(Estate(estate_, "/member-registrations"), branch_).json.as_array().empty());
  EXPECT_TRUE(s_.Get("/api/v1/employers", member_).json.as_array().empty())
      << "a refused registration left its employer behind";
}

TEST_F(MembersApi, MembershipIsShownOnlyToTheMemberTheBranchAndTheEmployerAndReadsAreAudited) {
  const auto id = Confirmed();
  EXPECT_EQ(s_.Get(Reg(id), neighbour_).status, 403);
  EXPECT_EQ(s_.Get(Reg(id), committee_).status, 403);
  EXPECT_EQ(s_.Get(Estate(estate_, "/member-registrations"), committee_).status, 403);
  EXPECT_EQ(s_.Get(Estate(estate_, "/member-registrations"), neighbour_).status, 403);
  EXPECT_EQ(s_.Get(Reg(id, "/record"), neighbour_).status, 403);
  ASSERT_EQ(s_.Get(Reg(id), branch_).status, 200);
  auto audit = s_.Get("/api/v1/audit?entity=person", admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool audited = false;
  for (const auto& e : audit.json.at("items").as_array())
    if (e.at("action") == "read_sensitive" &&
        json::serialize(e).find("party_membership") != std::string::npos)
      audited = true;
  EXPECT_TRUE(audited) << audit.body;

  // The employer's account sees its member without the household.
  auto employers = s_.Get("/api/v1/employers?q=%E4%BA%BA%E5%8A%9B", member_);  // 人力
  ASSERT_EQ(employers.status, 200) << employers.body;
  ASSERT_EQ(employers.json.as_array().size(), 1u);
  const auto employer = employers.json.as_array()[0].at("id").as_int64();
  auto hr = Person("13933334444", "人社局组织部", "resident", other_estate_);
  auto hr_me = s_.Get("/api/v1/auth/me", hr);
  auto hr_account = hr_me.json.at("id").as_int64();
  EXPECT_TRUE(hr_me.json.at("employers").as_array().empty()) << hr_me.body;
  EXPECT_EQ(s_.Get("/api/v1/employers/" + std::to_string(employer) + "/figures", hr).status, 403);
  ASSERT_EQ(s_.Post("/api/v1/employers/" + std::to_string(employer) + "/accounts",
                    json::object{{"account_id", hr_account}}, admin_)
                .status,
            201);
  // Its /auth/me now names the employer it reads for.
  auto linked = s_.Get("/api/v1/auth/me", hr);
  ASSERT_EQ(linked.json.at("employers").as_array().size(), 1u) << linked.body;
  EXPECT_EQ(linked.json.at("employers").at(0).at("id").as_int64(), employer);
  auto seen = s_.Get(Reg(id), hr);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(Str(seen.json.at("name")), "张三丰");
  EXPECT_EQ(Str(seen.json.at("household")), "");
  EXPECT_TRUE(seen.json.at("household_id").is_null());
}

TEST_F(MembersApi, CommitmentsAreMadeOnceAndReportedOnlyInJanuaryOfTheNextYear) {
  const auto id = Confirmed();
  auto none = s_.Post(Reg(id, "/commitments"), json::object{{"year", 2026}, {"own", json::array{}}},
                      member_);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(Field(none), "own");
  auto wrong_year =
      s_.Post(Reg(id, "/commitments"),
              json::object{{"year", 2025}, {"own", json::array{"陪伴独居老人"}}}, member_);
  EXPECT_EQ(wrong_year.status, 400);
  EXPECT_EQ(Field(wrong_year), "year");
  auto made =
      s_.Post(Reg(id, "/commitments"),
              json::object{{"year", 2026}, {"own", json::array{"每月陪伴独居老人一次"}}}, member_);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& items = made.json.at("items").as_array();
  ASSERT_EQ(items.size(), 6u);  // five required, one own
  EXPECT_TRUE(items[0].at("required").as_bool());
  EXPECT_EQ(Str(items[0].at("text")), "支持小区党支部和业委会工作");
  EXPECT_FALSE(items[5].at("required").as_bool());
  EXPECT_FALSE(made.json.at("report_open").as_bool());
  EXPECT_EQ(s_.Post(Reg(id, "/commitments"),
                    json::object{{"year", 2026}, {"own", json::array{"再来一次"}}}, member_)
                .status,
            409);
  const auto first = items[0].at("id").as_int64();
  const auto own = items[5].at("id").as_int64();

  // Not in March; the refusal gives the window.
  auto early = s_.Post("/api/v1/commitments/" + std::to_string(first) + "/report",
                       json::object{{"report", "参加了支部全部活动"}}, member_);
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(Message(early).find("2027-01-01 to 2027-01-31"), std::string::npos) << early.body;

  // The branch's list shows who has not reported once January comes.
  MoveTo("2027-01-05T10:00:00+08:00");
  auto status = s_.Get(Estate(estate_, "/commitment-status?year=2026"), branch_);
  ASSERT_EQ(status.status, 200) << status.body;
  ASSERT_EQ(status.json.as_array().size(), 1u);
  EXPECT_TRUE(status.json.as_array()[0].at("missing_report").as_bool());

  auto report = s_.Post("/api/v1/commitments/" + std::to_string(first) + "/report",
                        json::object{{"report", "参加了支部全部活动"}}, member_);
  ASSERT_EQ(report.status, 200) << report.body;
  // Only the member reports; the branch reviews, and only what was reported.
  EXPECT_EQ(s_.Post("/api/v1/commitments/" + std::to_string(own) + "/report",
                    json::object{{"report", "代写"}}, branch_)
                .status,
            403);
  EXPECT_EQ(s_.Post("/api/v1/commitments/" + std::to_string(own) + "/review",
                    json::object{{"review", "kept"}}, branch_)
                .status,
            409);
  auto review = s_.Post("/api/v1/commitments/" + std::to_string(first) + "/review",
                        json::object{{"review", "kept"}, {"note", "表现突出"}}, branch_);
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_EQ(Str(review.json.at("review_label")), "已践诺");
  EXPECT_EQ(s_.Post("/api/v1/commitments/" + std::to_string(first) + "/review",
                    json::object{{"review", "great"}}, branch_)
                .status,
            400);

  MoveTo("2027-02-01T00:00:00+08:00");
  EXPECT_EQ(s_.Post("/api/v1/commitments/" + std::to_string(own) + "/report",
                    json::object{{"report", "迟到的汇报"}}, member_)
                .status,
            409);
}

TEST_F(MembersApi, TheRecordIsDerivedAndFollowsProblemsReopenedAndEntriesVoided) {
  const auto id = Confirmed();
  // A problem assigned to the member and resolved counts; reopened, it drops out.
  member_ = s_.Login("13911112222", "Passw0rd!");
  auto filed = s_.Post("/api/v1/appeals",
                       json::object{{"estate_id", estate_},
                                    {"category", "dispute"},
                                    {"description", "楼上漏水到楼下，两家有矛盾"},
                                    {"place", json::object{{"household_id", neighbour_home_}}}},
                       neighbour_);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto appeal = filed.json.at("id").as_int64();
  const auto account = s_.Get("/api/v1/auth/me", member_).json.at("id").as_int64();
  auto act = [&](const std::string& token, json::object body) {
    auto r = s_.Post("/api/v1/appeals/" + std::to_string(appeal) + "/transitions", body, token);
    EXPECT_EQ(r.status, 200) << json::serialize(body) << " " << r.body;
  };
  act(branch_, {{"action", "accept"}});
  act(branch_, {{"action", "assign"}, {"assignee_account_id", account}});
  act(member_, {{"action", "accept"}});
  act(member_, {{"action", "start"}});
  act(member_, {{"action", "resolve"}, {"note", "协调两家修好了水管"}});
  auto record = s_.Get(Reg(id, "/record?year=2026"), member_);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.json.at("summary").at("appeals").as_int64(), 1);
  EXPECT_EQ(record.json.at("summary").at("points").as_int64(), 3);

  auto entry = s_.Post(Reg(id, "/record-entries"),
                       json::object{{"date", "2026-03-01"},
                                    {"kind", "service"},
                                    {"minutes", 180},
                                    {"points", 4},
                                    {"note", "学雷锋志愿服务"}},
                       branch_);
  ASSERT_EQ(entry.status, 201) << entry.body;
  auto future =
      s_.Post(Reg(id, "/record-entries"),
              json::object{{"date", "2026-12-01"}, {"minutes", 60}, {"note", "未来的事"}}, branch_);
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(Field(future), "date");
  EXPECT_EQ(
      s_.Post(Reg(id, "/record-entries"),
              json::object{{"date", "2026-03-01"}, {"minutes", 60}, {"note", "自己加的"}}, member_)
          .status,
      403);
  record = s_.Get(Reg(id, "/record?year=2026"), member_);
  EXPECT_EQ(record.json.at("summary").at("minutes").as_int64(), 180);
  EXPECT_EQ(record.json.at("summary").at("points").as_int64(), 7);
  EXPECT_EQ(record.json.at("items").as_array().size(), 2u);

  // The reporter is dissatisfied and reopens: the problem leaves the record by itself.
  auto rated = s_.Post("/api/v1/appeals/" + std::to_string(appeal) + "/rating",
                       json::object{{"result", "dissatisfied"}, {"comment", "还在漏"}}, neighbour_);
  ASSERT_EQ(rated.status, 200) << rated.body;
  act(neighbour_, {{"action", "reopen"}, {"note", "还在漏水"}});
  record = s_.Get(Reg(id, "/record?year=2026"), member_);
  EXPECT_EQ(record.json.at("summary").at("appeals").as_int64(), 0);
  EXPECT_EQ(record.json.at("summary").at("points").as_int64(), 4);

  // A voided entry leaves it too; the printable record and its PDF.
  const auto entry_id = entry.json.at("id").as_int64();
  EXPECT_EQ(
      s_.Call("DELETE", "/api/v1/record-entries/" + std::to_string(entry_id), "", branch_).status,
      204);
  record = s_.Get(Reg(id, "/record?year=2026"), member_);
  EXPECT_EQ(record.json.at("summary").at("minutes").as_int64(), 0);
  auto page = s_.Get(Reg(id, "/record?year=2026&format=html"), member_);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("在职党员居住小区履职纪实表"), std::string::npos);
  auto pdf = s_.Get(Reg(id, "/record?year=2026&format=pdf"), member_);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  // Every write is in the audit log.
  auto audit = s_.Get("/api/v1/audit?entity=service_entry", admin_);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json.at("items").as_array().size(), 2u);  // create and void
}

TEST_F(MembersApi, RenewalFallsDueAndTheLateListShowsWhoIsMissing) {
  const auto id = Confirmed();
  // A member in the person register who never registered.
  auto p = s_.Post("/api/v1/people",
                   json::object{{"name", "王未报"},
                                {"unit_id", estate_},
                                {"household_id", neighbour_home_},
                                {"party_member", true}},
                   admin_);
  ASSERT_EQ(p.status, 201) << p.body;
  auto late = s_.Get(Estate(estate_, "/member-registrations/late"), branch_);
  ASSERT_EQ(late.status, 200) << late.body;
  ASSERT_EQ(late.json.at("unregistered").as_array().size(), 1u);
  EXPECT_EQ(Str(late.json.at("unregistered").as_array()[0].at("name")), "王未报");
  EXPECT_TRUE(late.json.at("late").as_array().empty());

  MoveTo("2026-09-11T09:00:00+08:00");
  late = s_.Get(Estate(estate_, "/member-registrations/late"), branch_);
  ASSERT_EQ(late.json.at("late").as_array().size(), 1u);
  EXPECT_TRUE(late.json.at("late").as_array()[0].at("renewal_late").as_bool());
  auto renewed = s_.Post(Reg(id, "/renew"), json::object{}, member_);
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(Str(renewed.json.at("renewal_due")), "2027-03-11T09:00:00+08:00");
  late = s_.Get(Estate(estate_, "/member-registrations/late"), branch_);
  EXPECT_TRUE(late.json.at("late").as_array().empty());
}

TEST_F(MembersApi, RulesAreSetPerUnitAndInheritedDownTheTree) {
  auto rules = s_.Get("/api/v1/units/" + std::to_string(estate_) + "/member-rules", branch_);
  ASSERT_EQ(rules.status, 200) << rules.body;
  EXPECT_EQ(rules.json.at("renew_months").as_int64(), 6);
  EXPECT_EQ(rules.json.at("required").as_array().size(), 5u);
  EXPECT_TRUE(rules.json.at("from_unit").at("id").is_null());

  json::object district_rules{
      {"renew_months", 12},
      {"target_minutes", 3000},
      {"target_points", 60},
      {"required", json::array{"支持小区党支部和业委会工作", "结对2户以上非党员小区业主"}}};
  // The branch may not set the district's rules.
  EXPECT_EQ(s_.Call("PUT", "/api/v1/units/" + std::to_string(district_) + "/member-rules",
                    json::serialize(district_rules), branch_)
                .status,
            403);
  auto bad = district_rules;
  bad["report_from"] = "02-30";
  auto refused = s_.Call("PUT", "/api/v1/units/" + std::to_string(district_) + "/member-rules",
                         json::serialize(bad), admin_);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Field(refused), "report_from");
  auto put = s_.Call("PUT", "/api/v1/units/" + std::to_string(district_) + "/member-rules",
                     json::serialize(district_rules), admin_);
  ASSERT_EQ(put.status, 200) << put.body;
  rules = s_.Get("/api/v1/units/" + std::to_string(estate_) + "/member-rules", branch_);
  EXPECT_EQ(rules.json.at("renew_months").as_int64(), 12);
  EXPECT_EQ(rules.json.at("from_unit").at("id").as_int64(), district_);

  // A member's commitments follow the district's template.
  const auto id = Confirmed();
  auto made =
      s_.Post(Reg(id, "/commitments"),
              json::object{{"year", 2026}, {"own", json::array{"每月陪伴独居老人一次"}}}, member_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json.at("items").as_array().size(), 3u);
  EXPECT_EQ(Str(s_.Get(Reg(id), member_).json.at("renewal_due")), "2027-03-10T09:00:00+08:00");
}

TEST_F(MembersApi, TheEmployerSeesRegistrationAndCompletionRates) {
  auto e = s_.Post(
      "/api/v1/employers",
      json::object{{"name", "区教委"}, {"party_org_name", "区教委机关党委"}, {"member_count", 4}},
      admin_);
  ASSERT_EQ(e.status, 201) << e.body;
  const auto employer = e.json.at("id").as_int64();
  EXPECT_EQ(s_.Post("/api/v1/employers", json::object{{"name", "区教委"}}, admin_).status, 409);
  EXPECT_EQ(s_.Post("/api/v1/employers", json::object{{"name", "某单位"}}, member_).status, 403);
  auto r = Register(member_, home_, {{"employer_id", employer}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r.json.at("id").as_int64();
  ASSERT_EQ(s_.Post(Reg(id, "/decision"), json::object{{"decision", "confirm"}}, branch_).status,
            200);
  ASSERT_EQ(
      s_.Post(Reg(id, "/record-entries"),
              json::object{
                  {"date", "2026-03-05"}, {"minutes", 600}, {"points", 60}, {"note", "全年服务"}},
              branch_)
          .status,
      201);
  auto f = s_.Get("/api/v1/employers/" + std::to_string(employer) + "/figures?year=2026", admin_);
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.json.at("registered").as_int64(), 1);
  EXPECT_DOUBLE_EQ(f.json.at("registration_rate").to_number<double>(), 25.0);
  EXPECT_EQ(f.json.at("target_met").as_int64(), 1);
  EXPECT_DOUBLE_EQ(f.json.at("completion_rate").to_number<double>(), 100.0);
  const auto& m = f.json.at("members").as_array()[0];
  EXPECT_EQ(Str(m.at("name")), "张三丰");
  EXPECT_EQ(json::serialize(m).find("1703"), std::string::npos);
}

TEST_F(MembersApi, ParticipationFiguresCountMembersActiveThisMonthUpTheTree) {
  const auto id = Confirmed();
  ASSERT_EQ(
      s_.Post(Reg(id, "/record-entries"),
              json::object{{"date", "2026-03-05"}, {"minutes", 90}, {"note", "清理楼道"}}, branch_)
          .status,
      201);
  Register(neighbour_, neighbour_home_);  // pending
  auto f = s_.Get("/api/v1/stats/members?unit_id=" + std::to_string(district_) + "&month=2026-03",
                  admin_);
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.json.at("registered").as_int64(), 1);
  EXPECT_EQ(f.json.at("pending").as_int64(), 1);
  EXPECT_EQ(f.json.at("active").as_int64(), 1);
  EXPECT_DOUBLE_EQ(f.json.at("hours").to_number<double>(), 1.5);
  EXPECT_EQ(f.json.at("households").as_int64(), 4);        // two estates of two households
  ASSERT_EQ(f.json.at("children").as_array().size(), 1u);  // the street
  EXPECT_EQ(f.json.at("children").as_array()[0].at("active").as_int64(), 1);
  // Another month: registered still, not active.
  f = s_.Get("/api/v1/stats/members?unit_id=" + std::to_string(estate_) + "&month=2026-02",
             branch_);
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.json.at("active").as_int64(), 0);
  EXPECT_EQ(
      s_.Get("/api/v1/stats/members?unit_id=" + std::to_string(estate_) + "&month=2026-13", branch_)
          .status,
      400);
  EXPECT_EQ(s_.Get("/api/v1/stats/members?unit_id=" + std::to_string(estate_), committee_).status,
            403);
}

}  // namespace
}  // namespace linli::testing
