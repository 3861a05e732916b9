// Residents' problems (诉求) through the HTTP API, as residents, handlers, the party branch and
// officials meet them (docs/APPEALS.md): the catalogue, filing with its checks and photos,
// retries with an Idempotency-Key, the handling flow and its timeline, ratings and reopening,
// routing, extension and merging, escalation by hand and by the clock, callbacks and figures,
// the public board, list filters, door-knocking intakes, the holiday calendar and the audit.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

constexpr const char* kHouseholdsCsv =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n"
    "1栋,1单元,17,1703,89.45,registry,张三丰,13912345678,person,yes\n"
    "1栋,1单元,5,502,89.45,registry,李四,13900001111,person,yes\n";

// A tiny PNG-looking file: the signature is what the server checks.
std::string Png(const std::string& tail = "pixels") {
  return std::string("\x89PNG\r\n\x1A\n", 8) + tail;
}

std::vector<std::string> Actions(const HttpResult& r) {
  std::vector<std::string> out;
  for (const auto& a : r.json.at("actions").as_array()) out.push_back(Str(a));
  return out;
}
bool Has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

class AppealsApi : public ::testing::Test {
 protected:
  // 测试区 > 测试街道 > 测试社区 > 幸福小区 with 1栋 and two households (1703 of 张三丰 and 502);
  // residents 张三丰 and 李四, property staff, the branch and a building lead on the estate,
  // officials on the community and on the street.
  void SetUp() override {
    auto ids = s_.MakeTree("幸福小区");
    ASSERT_EQ(ids.size(), 4u);
    district_ = ids[0];
    street_ = ids[1];
    community_ = ids[2];
    estate_ = ids[3];
    admin_ = s_.AdminToken();
    auto imported = s_.Call("POST", EstatePath(estate_, "/households:import"), kHouseholdsCsv,
                            admin_, "text/csv; charset=utf-8");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto list = s_.Get(EstatePath(estate_, "/households"), admin_);
    ASSERT_EQ(list.status, 200) << list.body;
    for (const auto& h : list.json.at("items").as_array()) {
      if (h.at("room") == "1703") home_ = h.at("id").as_int64();
      if (h.at("room") == "502") neighbour_home_ = h.at("id").as_int64();
      building_ = h.at("building_id").as_int64();
    }
    ASSERT_NE(home_, 0);
    ASSERT_NE(neighbour_home_, 0);
    resident_ = Person("13911112222", "张三丰", "resident", estate_);
    neighbour_ = Person("13922223333", "李四", "resident", estate_);
    property_ = s_.UserWithRole("13800000101", "property", estate_);
    branch_ = s_.UserWithRole("13800000102", "branch", estate_);
    lead_ = s_.UserWithRole("13800000103", "building_lead", estate_);
    community_official_ = s_.UserWithRole("13800000104", "official", community_);
    street_official_ = s_.UserWithRole("13800000105", "official", street_);
  }

  static std::string EstatePath(std::int64_t estate, const std::string& rest = "") {
    return "/api/v1/estates/" + std::to_string(estate) + rest;
  }
  static std::string AppealPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/appeals/" + std::to_string(id) + rest;
  }

  // An account with a name of its own and one role; returns its token.
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

  json::object AtHome() const { return json::object{{"household_id", home_}}; }
  json::object InBuilding() const { return json::object{{"building_id", building_}}; }
  static json::object Outside(const char* text = "北门垃圾桶旁") {
    return json::object{{"text", text}};
  }

  HttpResult File(const std::string& token, const std::string& category, json::object place,
                  const std::string& description = "楼道里堆满了垃圾，没人清运",
                  json::object extra = {}) {
    json::object body{{"estate_id", estate_},
                      {"category", category},
                      {"description", description},
                      {"place", std::move(place)}};
    for (auto& [k, v] : extra) body[k] = v;
    return s_.Post("/api/v1/appeals", body, token);
  }
  std::int64_t FileOk(const std::string& token, const std::string& category,
                      json::object place = {}, json::object extra = {}) {
    if (place.empty()) place = Outside();
    auto r =
        File(token, category, std::move(place), "楼道里堆满了垃圾，没人清运", std::move(extra));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }
  HttpResult Act(const std::string& token, std::int64_t id, json::object body) {
    return s_.Post(AppealPath(id, "/transitions"), body, token);
  }
  HttpResult Do(const std::string& token, std::int64_t id, const char* action,
                const char* note = "") {
    json::object body{{"action", action}};
    if (*note) body["note"] = note;
    return Act(token, id, std::move(body));
  }
  // The action must succeed and leave the appeal in `status`.
  void DoOk(const std::string& token, std::int64_t id, const char* action, const char* status,
            const char* note = "") {
    auto r = Do(token, id, action, note);
    ASSERT_EQ(r.status, 200) << action << ": " << r.body;
    EXPECT_EQ(r.json.at("status"), status) << action;
  }
  HttpResult Rate(const std::string& token, std::int64_t id, const char* result) {
    return s_.Post(AppealPath(id, "/rating"), json::object{{"result", result}, {"comment", "评价"}},
                   token);
  }
  HttpResult Read(std::int64_t id, const std::string& token) {
    return s_.Get(AppealPath(id), token);
  }
  std::int64_t Total(const std::string& query, const std::string& token) {
    auto r = s_.Get("/api/v1/appeals" + query, token);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? r.json.at("total").as_int64() : -1;
  }
  std::int64_t Unread(const std::string& token) {
    auto r = s_.Get("/api/v1/notifications?unread=1", token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json.at("unread").as_int64() : -1;
  }
  std::vector<std::string> NotificationTexts(const std::string& token) {
    auto r = s_.Get("/api/v1/notifications", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& n : r.json.at("items").as_array()) out.push_back(Str(n.at("text")));
    return out;
  }
  // Moves the test clock (running the escalation job) and logs everyone in again: sessions last
  // 12 hours.
  HttpResult SetClock(const std::string& now) {
    auto r = s_.Post("/api/v1/test/clock", json::object{{"now", now}});
    EXPECT_EQ(r.status, 200) << r.body;
    admin_ = s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
    for (auto [token, phone] : {std::pair{&resident_, "13911112222"},
                                {&neighbour_, "13922223333"},
                                {&property_, "13800000101"},
                                {&branch_, "13800000102"},
                                {&lead_, "13800000103"},
                                {&community_official_, "13800000104"},
                                {&street_official_, "13800000105"}})
      *token = s_.Login(phone, "Passw0rd!");
    return r;
  }
  HttpResult Upload(const std::string& token, const std::string& bytes,
                    const std::string& content_type = "image/png") {
    return s_.Call("POST", "/api/v1/photos", bytes, token, content_type);
  }
  std::int64_t UploadOk(const std::string& token, const std::string& tail = "pixels") {
    auto r = Upload(token, Png(tail));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }

  TestServer s_;
  std::int64_t district_ = 0, street_ = 0, community_ = 0, estate_ = 0;
  std::int64_t home_ = 0, neighbour_home_ = 0, building_ = 0;
  std::string admin_, resident_, neighbour_, property_, branch_, lead_, community_official_,
      street_official_;
};

// ---- The catalogue ------------------------------------------------------------------------------

TEST_F(AppealsApi, CatalogueStartsWithTheDefaultsAndTheBranchChangesIt) {
  auto list = s_.Get(EstatePath(estate_, "/appeal-categories"), resident_);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& items = list.json.as_array();
  ASSERT_EQ(items.size(), 11u);
  auto find = [](const json::array& a, const char* code) -> const json::object* {
    for (const auto& c : a)
      if (c.at("code") == code) return &c.as_object();
    return nullptr;
  };
  for (const char* code : {"sanitation", "lift", "water_power", "facilities", "parking", "security",
                           "greenery", "fees", "noise", "dispute", "other"})
    EXPECT_TRUE(find(items, code)) << code;
  const auto* sanitation = find(items, "sanitation");
  ASSERT_TRUE(sanitation);
  EXPECT_EQ(sanitation->at("name"), "环境卫生");
  EXPECT_EQ(sanitation->at("handler"), "property");
  EXPECT_EQ(sanitation->at("respond").at("value"), 24);
  EXPECT_EQ(sanitation->at("respond").at("unit"), "hours");
  EXPECT_EQ(sanitation->at("resolve").at("value"), 3);
  EXPECT_EQ(sanitation->at("resolve").at("unit"), "working_days");
  EXPECT_EQ(sanitation->at("custom"), false);
  EXPECT_EQ(sanitation->at("active"), true);

  json::object lift{{"name", "电梯故障"},
                    {"name_en", "Lift failures"},
                    {"handler", "property"},
                    {"respond", json::object{{"value", 1}, {"unit", "hours"}}},
                    {"resolve", json::object{{"value", 1}, {"unit", "working_days"}}},
                    {"sort", 5}};
  auto refused = s_.Call("PUT", EstatePath(estate_, "/appeal-categories/lift"),
                         json::serialize(lift), resident_);
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto by_property = s_.Call("PUT", EstatePath(estate_, "/appeal-categories/lift"),
                             json::serialize(lift), property_);
  EXPECT_EQ(by_property.status, 403) << by_property.body;
  auto changed = s_.Call("PUT", EstatePath(estate_, "/appeal-categories/lift"),
                         json::serialize(lift), branch_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json.at("name"), "电梯故障");
  EXPECT_EQ(changed.json.at("custom"), true);

  // A bad one names the field and changes nothing.
  json::object bad = lift;
  bad["handler"] = "community";
  auto wrong =
      s_.Call("PUT", EstatePath(estate_, "/appeal-categories/lift"), json::serialize(bad), branch_);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(Field(wrong), "handler");

  list = s_.Get(EstatePath(estate_, "/appeal-categories"), resident_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json.as_array().size(), 11u);
  const auto* now_lift = find(list.json.as_array(), "lift");
  ASSERT_TRUE(now_lift);
  EXPECT_EQ(now_lift->at("name"), "电梯故障");
  EXPECT_EQ(now_lift->at("handler"), "property");
  EXPECT_EQ(now_lift->at("respond").at("value"), 1);
  EXPECT_EQ(now_lift->at("resolve").at("value"), 1);
  EXPECT_EQ(now_lift->at("custom"), true);
  EXPECT_EQ(list.json.as_array()[0].at("code"), "lift");  // sorted by sort

  // The new limits apply to the next lift problem: an hour to respond, one working day.
  auto filed = File(resident_, "lift", Outside("3号电梯"));
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json.at("category").at("name"), "电梯故障");
  EXPECT_EQ(filed.json.at("respond_by"), "2026-03-01T10:00:00+08:00");
  EXPECT_EQ(filed.json.at("resolve_by"), "2026-03-03T00:00:00+08:00");  // Monday 24:00

  // A category of the estate's own.
  json::object pets{{"name", "宠物"},
                    {"handler", "branch"},
                    {"respond", json::object{{"value", 24}, {"unit", "hours"}}},
                    {"resolve", json::object{{"value", 5}, {"unit", "working_days"}}}};
  auto added = s_.Call("PUT", EstatePath(estate_, "/appeal-categories/pets"), json::serialize(pets),
                       branch_);
  ASSERT_EQ(added.status, 200) << added.body;
  list = s_.Get(EstatePath(estate_, "/appeal-categories"), resident_);
  EXPECT_EQ(list.json.as_array().size(), 12u);
  EXPECT_TRUE(find(list.json.as_array(), "pets"));
}

// ---- Filing -------------------------------------------------------------------------------------

TEST_F(AppealsApi, FilingChecksEveryFieldAndStoresNothingWhenRefused) {
  // Good ones: a household, a building, a public place.
  auto home = File(resident_, "sanitation", AtHome());
  ASSERT_EQ(home.status, 201) << home.body;
  EXPECT_EQ(home.json.at("status"), "submitted");
  EXPECT_EQ(home.json.at("level"), "estate");
  EXPECT_EQ(home.json.at("handler"), "property");
  EXPECT_EQ(home.json.at("channel"), "self");
  EXPECT_EQ(home.json.at("escalated"), false);
  EXPECT_EQ(home.json.at("mine"), true);
  EXPECT_EQ(home.json.at("place").at("kind"), "household");
  EXPECT_EQ(home.json.at("place").at("household_id"), home_);
  EXPECT_EQ(home.json.at("place").at("label"), "1栋1单元1703");
  EXPECT_EQ(home.json.at("reporter").at("name"), "张三丰");
  EXPECT_EQ(home.json.at("category").at("code"), "sanitation");
  EXPECT_EQ(home.json.at("category").at("name"), "环境卫生");
  // Sanitation: 24 hours to respond; 3 working days from Sunday 03-01: Mon, Tue, Wed 24:00.
  EXPECT_EQ(home.json.at("received_at"), "2026-03-01T09:00:00+08:00");
  EXPECT_EQ(home.json.at("respond_by"), "2026-03-02T09:00:00+08:00");
  EXPECT_EQ(home.json.at("resolve_by"), "2026-03-05T00:00:00+08:00");
  auto building = File(resident_, "lift", InBuilding());
  ASSERT_EQ(building.status, 201) << building.body;
  EXPECT_EQ(building.json.at("place").at("kind"), "building");
  EXPECT_EQ(building.json.at("place").at("label"), "1栋");
  EXPECT_EQ(building.json.at("respond_by"), "2026-03-01T11:00:00+08:00");  // lift: 2 hours
  auto outside = File(resident_, "greenery", Outside());
  ASSERT_EQ(outside.status, 201) << outside.body;
  EXPECT_EQ(outside.json.at("place").at("kind"), "public");
  EXPECT_EQ(outside.json.at("place").at("text"), "北门垃圾桶旁");
  EXPECT_EQ(Total("?mine=1", resident_), 3);

  // A submission that got 201 is stored: a fresh read gives it back.
  auto again = Read(home.json.at("id").as_int64(), resident_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json.at("description"), "楼道里堆满了垃圾，没人清运");
  EXPECT_EQ(again.json.at("place").at("label"), "1栋1单元1703");
  EXPECT_EQ(again.json.at("resolve_by"), "2026-03-05T00:00:00+08:00");
  ASSERT_EQ(again.json.at("timeline").as_array().size(), 1u);
  EXPECT_EQ(again.json.at("timeline").as_array()[0].at("action"), "submit");
  auto staff_view = Read(home.json.at("id").as_int64(), property_);
  ASSERT_EQ(staff_view.status, 200);
  EXPECT_EQ(staff_view.json.at("reporter").at("name"), "张三丰");
  EXPECT_EQ(staff_view.json.at("reporter").at("phone"), "13911112222");

  auto refused = [&](const HttpResult& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(Field(r), field) << r.body;
    EXPECT_FALSE(Message(r).empty());
  };
  refused(File(resident_, "rubbish", AtHome()), 400, "category");
  refused(File(resident_, "sanitation", json::object{{"household_id", 999999}}), 404,
          "place.household_id");
  // A household of another estate.
  auto other_estate = s_.MakeTree("乙小区")[3];
  auto imported = s_.Call("POST", EstatePath(other_estate, "/households:import"),
                          "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,"
                          "owner_kind,delivered\n9栋,1单元,1,101,80,registry,王五,13700002222,"
                          "person,yes\n",
                          admin_, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto others = s_.Get(EstatePath(other_estate, "/households"), admin_);
  const auto foreign = others.json.at("items").as_array()[0].at("id").as_int64();
  const auto foreign_building = others.json.at("items").as_array()[0].at("building_id").as_int64();
  refused(File(resident_, "sanitation", json::object{{"household_id", foreign}}), 404,
          "place.household_id");
  refused(File(resident_, "sanitation", json::object{{"building_id", foreign_building}}), 404,
          "place.building_id");
  std::string long_text;
  for (int i = 0; i < 2001; ++i) long_text += "问";
  refused(File(resident_, "sanitation", AtHome(), long_text), 400, "description");
  refused(File(resident_, "sanitation", AtHome(), "   "), 400, "description");
  refused(File(resident_, "sanitation",
               json::object{{"household_id", home_}, {"text", "北门垃圾桶旁"}}),
          400, "place");
  refused(File(resident_, "sanitation", json::object{}), 400, "place");
  refused(File(resident_, "sanitation", AtHome(), "垃圾", json::object{{"channel", "pigeon"}}), 400,
          "channel");
  // A resident files for themself, in their own estate only.
  EXPECT_EQ(
      File(resident_, "sanitation", AtHome(), "垃圾", json::object{{"channel", "hotline"}}).status,
      403);
  auto elsewhere = s_.Post("/api/v1/appeals",
                           json::object{{"estate_id", other_estate},
                                        {"category", "sanitation"},
                                        {"description", "垃圾"},
                                        {"place", Outside()}},
                           resident_);
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.body;
  EXPECT_EQ(s_.Post("/api/v1/appeals", json::object{{"estate_id", estate_}}, "").status, 401);
  EXPECT_EQ(Total("?mine=1", resident_), 3);

  // Exactly 2000 characters is fine.
  long_text.resize(2000 * 3);
  EXPECT_EQ(File(resident_, "sanitation", AtHome(), long_text).status, 201);
  EXPECT_EQ(Total("?mine=1", resident_), 4);
}

TEST_F(AppealsApi, PhotosAreCheckedAndAttached) {
  auto not_image = Upload(resident_, "hello, this is text");
  EXPECT_EQ(not_image.status, 400) << not_image.body;
  EXPECT_EQ(Field(not_image), "photo");
  auto empty = Upload(resident_, "");
  EXPECT_EQ(empty.status, 400) << empty.body;
  auto mislabelled = Upload(resident_, Png(), "image/jpeg");
  EXPECT_EQ(mislabelled.status, 400) << mislabelled.body;
  EXPECT_EQ(Field(mislabelled), "Content-Type");
  std::string big = Png();
  big.resize(5 * 1024 * 1024 + 1, 'x');
  auto too_big = Upload(resident_, big);
  EXPECT_EQ(too_big.status, 413) << too_big.body.substr(0, 200);
  EXPECT_EQ(too_big.ErrorCode(), "payload_too_large");
  EXPECT_EQ(Upload("", Png()).status, 401);

  auto ok = Upload(resident_, Png("one"));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json.at("content_type"), "image/png");
  EXPECT_EQ(ok.json.at("size"), static_cast<std::int64_t>(Png("one").size()));
  // The URL is the capability: no login needed to fetch it.
  auto fetched = s_.Get(Str(ok.json.at("url")));
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, Png("one"));
  EXPECT_EQ(fetched.content_type, "image/png");
  EXPECT_EQ(s_.Get("/api/v1/photos/no-such-token").status, 404);

  // Ten photos are one too many; the nine uploaded stay free for the next try.
  json::array ten;
  for (int i = 0; i < 10; ++i) ten.push_back(UploadOk(resident_, "p" + std::to_string(i)));
  const auto before = Total("?mine=1", resident_);
  auto too_many = File(resident_, "sanitation", AtHome(), "垃圾", json::object{{"photo_ids", ten}});
  EXPECT_EQ(too_many.status, 400) << too_many.body;
  EXPECT_EQ(Field(too_many), "photo_ids");
  EXPECT_EQ(Total("?mine=1", resident_), before);

  // Somebody else's photo.
  const auto theirs = UploadOk(neighbour_, "theirs");
  auto stolen = File(resident_, "sanitation", AtHome(), "垃圾",
                     json::object{{"photo_ids", json::array{theirs}}});
  EXPECT_EQ(stolen.status, 404) << stolen.body;
  EXPECT_EQ(Field(stolen), "photo_ids[0]");
  EXPECT_EQ(Total("?mine=1", resident_), before);

  json::array nine(ten.begin(), ten.begin() + 9);
  auto with_photos =
      File(resident_, "sanitation", AtHome(), "垃圾", json::object{{"photo_ids", nine}});
  ASSERT_EQ(with_photos.status, 201) << with_photos.body;
  const auto id = with_photos.json.at("id").as_int64();
  auto read = Read(id, property_);
  ASSERT_EQ(read.status, 200);
  ASSERT_EQ(read.json.at("photos").as_array().size(), 9u);
  EXPECT_EQ(read.json.at("photos").as_array()[0].at("stage"), "report");
  // A photo belongs to one appeal only.
  auto reused = File(resident_, "sanitation", AtHome(), "垃圾",
                     json::object{{"photo_ids", json::array{nine[0]}}});
  EXPECT_EQ(reused.status, 400) << reused.body;
  EXPECT_EQ(Field(reused), "photo_ids[0]");
}

TEST_F(AppealsApi, TheFilingsAnswerIsTheAppealAsItIsReadBack) {
  // The answer to a filing is made from what the filing wrote, without reading it back: it must
  // be exactly what GET /appeals/{id} then gives the same caller, for every kind of place and
  // reporter (photos in id order however they were listed, the timeline, masking, actions).
  const auto first = UploadOk(resident_, "a");
  const auto second = UploadOk(resident_, "b");
  const auto lead_photo = UploadOk(lead_, "c");
  struct Case {
    const char* what;
    std::string token;
    json::object place;
    json::object extra;
  };
  const std::vector<Case> cases{
      {"at home with photos", resident_, AtHome(),
       json::object{{"photo_ids", json::array{second, first}}}},
      {"a building, anonymous", resident_, json::object{{"building_id", building_}},
       json::object{{"anonymous", true}}},
      {"a public place", neighbour_, json::object{{"text", "北门垃圾桶旁"}}, json::object{}},
      {"entered by the building lead for a neighbour", lead_,
       json::object{{"household_id", neighbour_home_}},
       json::object{{"channel", "building_lead"},
                    {"contact_name", "王阿姨"},
                    {"contact_phone", "13912345678"},
                    {"photo_ids", json::array{lead_photo}}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto filed = File(c.token, "sanitation", c.place, "楼道里堆满了垃圾，没人清运", c.extra);
    ASSERT_EQ(filed.status, 201) << filed.body;
    auto read = Read(filed.json.at("id").as_int64(), c.token);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(filed.json, read.json) << "filed: " << filed.body << "\nread:  " << read.body;
  }
}

TEST_F(AppealsApi, AnIdempotencyKeyMakesARetryReturnTheFirstAppeal) {
  const std::string body = json::serialize(json::object{{"estate_id", estate_},
                                                        {"category", "sanitation"},
                                                        {"description", "垃圾没人收"},
                                                        {"place", AtHome()}});
  auto first = s_.Call("POST", "/api/v1/appeals", body, resident_, "application/json",
                       {{"Idempotency-Key", "retry-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json.at("category").at("name"), "环境卫生");
  // The estate renames the category meanwhile: the replayed answer reads the catalogue afresh.
  json::object renamed{{"name", "卫生保洁"},
                       {"handler", "property"},
                       {"respond", json::object{{"value", 24}, {"unit", "hours"}}},
                       {"resolve", json::object{{"value", 3}, {"unit", "working_days"}}}};
  auto rename = s_.Call("PUT", EstatePath(estate_, "/appeal-categories/sanitation"),
                        json::serialize(renamed), branch_);
  ASSERT_EQ(rename.status, 200) << rename.body;
  auto second = s_.Call("POST", "/api/v1/appeals", body, resident_, "application/json",
                        {{"Idempotency-Key", "retry-1"}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json.at("id"), first.json.at("id"));
  EXPECT_EQ(second.json.at("category").at("name"), "卫生保洁");
  EXPECT_EQ(Total("?mine=1", resident_), 1);
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_), branch_), 1);

  auto other_key = s_.Call("POST", "/api/v1/appeals", body, resident_, "application/json",
                           {{"Idempotency-Key", "retry-2"}});
  ASSERT_EQ(other_key.status, 201) << other_key.body;
  EXPECT_NE(other_key.json.at("id"), first.json.at("id"));
  EXPECT_EQ(other_key.json.at("category").at("name"), "卫生保洁");
  auto no_key = s_.Call("POST", "/api/v1/appeals", body, resident_, "application/json", {});
  ASSERT_EQ(no_key.status, 201);
  EXPECT_EQ(Total("?mine=1", resident_), 3);
  // The key is the caller's: the same key from someone else is their own request.
  auto neighbour = s_.Call("POST", "/api/v1/appeals", body, neighbour_, "application/json",
                           {{"Idempotency-Key", "retry-1"}});
  ASSERT_EQ(neighbour.status, 201) << neighbour.body;
  EXPECT_NE(neighbour.json.at("id"), first.json.at("id"));
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_), branch_), 4);
  auto too_long = s_.Call("POST", "/api/v1/appeals", body, resident_, "application/json",
                          {{"Idempotency-Key", std::string(129, 'k')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(Field(too_long), "Idempotency-Key");
}

// ---- Handling -----------------------------------------------------------------------------------

TEST_F(AppealsApi, AcceptStartResolveRateWithTimelineNotificationsAndAudit) {
  const auto property_unread = Unread(property_);
  const auto id = FileOk(resident_, "sanitation", AtHome());
  EXPECT_EQ(Unread(property_), property_unread + 1);  // the handler hears of it

  // The resident may not handle it.
  auto by_resident = Do(resident_, id, "accept");
  EXPECT_EQ(by_resident.status, 403) << by_resident.body;
  EXPECT_EQ(by_resident.ErrorCode(), "permission_denied");
  auto staff = Read(id, property_);
  ASSERT_EQ(staff.status, 200);
  EXPECT_TRUE(Has(Actions(staff), "accept"));
  EXPECT_FALSE(Has(Actions(staff), "assign"));  // routing is the branch's
  EXPECT_FALSE(Has(Actions(Read(id, resident_)), "accept"));

  SetClock("2026-03-01T10:00:00+08:00");
  DoOk(property_, id, "accept", "accepted");
  SetClock("2026-03-01T11:00:00+08:00");
  DoOk(property_, id, "start", "in_progress");
  SetClock("2026-03-02T15:00:00+08:00");
  auto no_note = Do(property_, id, "resolve");
  EXPECT_EQ(no_note.status, 400) << no_note.body;
  EXPECT_EQ(Field(no_note), "note");
  const auto resident_unread = Unread(resident_);
  auto resolved = Do(property_, id, "resolve", "已清运，并通知保洁每日巡查");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json.at("status"), "resolved");
  EXPECT_EQ(resolved.json.at("resolved_at"), "2026-03-02T15:00:00+08:00");
  EXPECT_EQ(resolved.json.at("responded_at"), "2026-03-01T10:00:00+08:00");
  EXPECT_EQ(resolved.json.at("resolution_note"), "已清运，并通知保洁每日巡查");
  EXPECT_EQ(Unread(resident_), resident_unread + 1);
  auto texts = NotificationTexts(resident_);
  ASSERT_FALSE(texts.empty());
  EXPECT_NE(texts[0].find("已办结"), std::string::npos) << texts[0];

  auto mine = Read(id, resident_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json.at("can_rate"), true);
  EXPECT_TRUE(Has(Actions(mine), "close"));
  EXPECT_FALSE(Has(Actions(mine), "reopen"));  // only after a dissatisfied rating
  // Only the reporter rates.
  EXPECT_EQ(Rate(neighbour_, id, "satisfied").status, 403);
  EXPECT_EQ(Rate(property_, id, "satisfied").status, 403);
  EXPECT_EQ(Rate(resident_, id, "delighted").status, 400);

  SetClock("2026-03-02T18:00:00+08:00");
  auto rated = Rate(resident_, id, "satisfied");
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.json.at("status"), "closed");
  EXPECT_EQ(rated.json.at("closed_at"), "2026-03-02T18:00:00+08:00");
  EXPECT_EQ(rated.json.at("rating").at("result"), "satisfied");
  EXPECT_EQ(rated.json.at("can_rate"), false);

  // The timeline, in order, with times.
  auto done = Read(id, resident_);
  const auto& timeline = done.json.at("timeline").as_array();
  struct Step {
    const char* action;
    const char* at;
    const char* from;
    const char* to;
  };
  const Step steps[] = {
      {"submit", "2026-03-01T09:00:00+08:00", "", "submitted"},
      {"accept", "2026-03-01T10:00:00+08:00", "submitted", "accepted"},
      {"start", "2026-03-01T11:00:00+08:00", "accepted", "in_progress"},
      {"resolve", "2026-03-02T15:00:00+08:00", "in_progress", "resolved"},
      {"rate", "2026-03-02T18:00:00+08:00", "resolved", "closed"},
  };
  ASSERT_EQ(timeline.size(), std::size(steps)) << done.body;
  for (size_t i = 0; i < std::size(steps); ++i) {
    SCOPED_TRACE(steps[i].action);
    EXPECT_EQ(timeline[i].at("action"), steps[i].action);
    EXPECT_EQ(timeline[i].at("at"), steps[i].at);
    EXPECT_EQ(timeline[i].at("from_status"), steps[i].from);
    EXPECT_EQ(timeline[i].at("to_status"), steps[i].to);
    if (i > 0) {
      EXPECT_GT(timeline[i].at("id").as_int64(), timeline[i - 1].at("id").as_int64());
    }
  }
  EXPECT_EQ(timeline[1].at("actor_role"), "property");
  EXPECT_EQ(timeline[3].at("note"), "已清运，并通知保洁每日巡查");

  // An action the state does not allow: 409 naming the state.
  auto late = Do(property_, id, "start");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.ErrorCode(), "failed_precondition");
  EXPECT_NE(Message(late).find("closed"), std::string::npos) << late.body;
  EXPECT_NE(Message(late).find("\"start\""), std::string::npos) << late.body;

  // Every write is in the audit log.
  auto audit = s_.Get("/api/v1/audit?entity=appeal", admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> audited;
  for (const auto& e : audit.json.at("items").as_array()) {
    EXPECT_EQ(e.at("entity"), "appeal");
    if (e.at("entity_id") == id) audited.push_back(Str(e.at("action")));
  }
  for (const char* action : {"create", "accept", "start", "resolve", "rate"})
    EXPECT_TRUE(Has(audited, action)) << action;

  // Notifications are marked read.
  EXPECT_GT(Unread(resident_), 0);
  ASSERT_EQ(s_.Call("POST", "/api/v1/notifications/read", "", resident_).status, 200);
  EXPECT_EQ(Unread(resident_), 0);
}

TEST_F(AppealsApi, HandlersActOnlyOnWhatIsRoutedToTheirSide) {
  // Fees go to the owners' committee.
  const auto id = FileOk(resident_, "fees");
  auto first = Read(id, property_);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.json.at("handler"), "committee");
  EXPECT_FALSE(Has(Actions(first), "accept"));
  auto refused = Do(property_, id, "accept");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(Do(property_, id, "assign").status, 403);
  // The branch routes it to the property company, which may then accept it.
  const auto property_unread = Unread(property_);
  auto routed = Act(branch_, id, json::object{{"action", "assign"}, {"handler", "property"}});
  ASSERT_EQ(routed.status, 200) << routed.body;
  EXPECT_EQ(routed.json.at("handler"), "property");
  EXPECT_EQ(routed.json.at("status"), "submitted");
  EXPECT_EQ(Unread(property_), property_unread + 1);
  DoOk(property_, id, "accept", "accepted");
  auto bad = Act(branch_, id, json::object{{"action", "assign"}, {"handler", "mayor"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "handler");
  auto unknown = Act(branch_, id, json::object{{"action", "fly"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Field(unknown), "action");
  EXPECT_EQ(Do(branch_, 999999, "accept").status, 404);
}

TEST_F(AppealsApi, DissatisfiedResidentsReopenAndItIsHandledAgain) {
  const auto id = FileOk(resident_, "sanitation", AtHome());
  DoOk(property_, id, "accept", "accepted");
  DoOk(property_, id, "resolve", "resolved", "已清理");
  auto unhappy = Rate(resident_, id, "dissatisfied");
  ASSERT_EQ(unhappy.status, 200) << unhappy.body;
  EXPECT_EQ(unhappy.json.at("status"), "resolved");
  EXPECT_EQ(unhappy.json.at("rating").at("result"), "dissatisfied");
  auto mine = Read(id, resident_);
  EXPECT_TRUE(Has(Actions(mine), "reopen")) << mine.body;
  // Someone else may not.
  EXPECT_EQ(Do(neighbour_, id, "reopen", "不行").status, 403);

  const auto property_unread = Unread(property_);
  auto no_reason = Do(resident_, id, "reopen");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Field(no_reason), "note");
  auto reopened = Do(resident_, id, "reopen", "楼道还是很脏");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json.at("status"), "accepted");
  EXPECT_EQ(reopened.json.at("reopen_count"), 1);
  EXPECT_TRUE(reopened.json.at("rating").is_null());
  EXPECT_TRUE(reopened.json.at("resolved_at").is_null());
  EXPECT_EQ(Unread(property_), property_unread + 1);
  // It is in the handler's hands again.
  DoOk(property_, id, "start", "in_progress");
  DoOk(property_, id, "resolve", "resolved", "已彻底清理");
  auto rated = Rate(resident_, id, "satisfied");
  ASSERT_EQ(rated.status, 200);
  EXPECT_EQ(rated.json.at("status"), "closed");
  EXPECT_FALSE(Has(Actions(Read(id, resident_)), "reopen"));
}

TEST_F(AppealsApi, ReturnExtendAndMerge) {
  const auto id = FileOk(resident_, "sanitation", AtHome());
  auto no_reason = Do(property_, id, "return");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Field(no_reason), "note");
  auto returned = Do(property_, id, "return", "这是业委会的事");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(returned.json.at("status"), "returned");
  EXPECT_EQ(returned.json.at("handler"), "branch");
  EXPECT_EQ(Do(property_, id, "accept").status, 403);  // it is not theirs any more
  auto assigned = Act(branch_, id, json::object{{"action", "assign"}, {"handler", "property"}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json.at("status"), "submitted");
  DoOk(property_, id, "accept", "accepted");

  // Extended once by two working days: from Wednesday 24:00 to Friday 24:00.
  auto before = Read(id, resident_);
  EXPECT_EQ(before.json.at("resolve_by"), "2026-03-05T00:00:00+08:00");
  const auto resident_unread = Unread(resident_);
  auto no_length = Act(property_, id, json::object{{"action", "extend"}, {"note", "等待配件"}});
  EXPECT_EQ(no_length.status, 400);
  EXPECT_EQ(Field(no_length), "extend_by");
  json::object extend{{"action", "extend"},
                      {"note", "需要等待配件到货"},
                      {"extend_by", json::object{{"value", 2}, {"unit", "working_days"}}}};
  json::object too_long = extend;
  too_long["extend_by"] = json::object{{"value", 11}, {"unit", "working_days"}};
  auto refused = Act(property_, id, too_long);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Field(refused), "extend_by.value");
  auto extended = Act(property_, id, extend);
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.json.at("resolve_by"), "2026-03-07T00:00:00+08:00");
  EXPECT_EQ(extended.json.at("extensions"), 1);
  EXPECT_EQ(Unread(resident_), resident_unread + 1);
  auto mine = Read(id, resident_);
  const auto& timeline = mine.json.at("timeline").as_array();
  const auto& last = timeline.back();
  EXPECT_EQ(last.at("action"), "extend");
  EXPECT_NE(Str(last.at("note")).find("需要等待配件到货"), std::string::npos) << last;
  EXPECT_NE(Str(last.at("note")).find("2026-03-07"), std::string::npos) << last;
  std::vector<std::string> actions;
  for (const auto& t : timeline) actions.push_back(Str(t.at("action")));
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "return", "assign", "accept", "extend"}));
  auto twice = Act(property_, id, extend);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.ErrorCode(), "failed_precondition");

  // A duplicate is merged into the first by the branch.
  const auto dup = FileOk(neighbour_, "sanitation", InBuilding());
  EXPECT_EQ(Do(property_, dup, "merge").status, 403);
  auto no_target = Do(branch_, dup, "merge");
  EXPECT_EQ(no_target.status, 400);
  EXPECT_EQ(Field(no_target), "merge_into");
  auto into_itself = Act(branch_, dup, json::object{{"action", "merge"}, {"merge_into", dup}});
  EXPECT_EQ(into_itself.status, 400);
  EXPECT_EQ(Field(into_itself), "merge_into");
  auto merged = Act(branch_, dup, json::object{{"action", "merge"}, {"merge_into", id}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json.at("status"), "merged");
  EXPECT_EQ(merged.json.at("merged_into"), id);
  EXPECT_FALSE(merged.json.at("closed_at").is_null());
  auto after = Read(dup, neighbour_);
  EXPECT_EQ(after.json.at("timeline").as_array().back().at("action"), "merge");
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_) + "&status=open", branch_), 1);
}

// ---- Escalation ---------------------------------------------------------------------------------

TEST_F(AppealsApi, EscalatedByHandFromTheEstateToTheDistrict) {
  SetClock("2026-03-02T10:00:00+08:00");  // Monday
  const auto id = FileOk(resident_, "noise", AtHome());
  EXPECT_EQ(Do(property_, id, "escalate", "管不了").status, 403);  // routing is the branch's
  auto no_reason = Do(branch_, id, "escalate");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Field(no_reason), "note");
  const auto official_unread = Unread(community_official_);
  SetClock("2026-03-02T14:00:00+08:00");
  auto up = Do(branch_, id, "escalate", "涉及违建，小区无法解决");
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json.at("level"), "community");
  EXPECT_EQ(up.json.at("level_unit").at("id"), community_);
  EXPECT_EQ(up.json.at("level_unit").at("name"), "测试社区");
  EXPECT_EQ(up.json.at("handler"), "community");
  EXPECT_EQ(up.json.at("status"), "submitted");
  EXPECT_EQ(up.json.at("escalated"), true);
  // New deadlines from now: 24 hours, 3 working days (Tue, Wed, Thu).
  EXPECT_EQ(up.json.at("respond_by"), "2026-03-03T14:00:00+08:00");
  EXPECT_EQ(up.json.at("resolve_by"), "2026-03-06T00:00:00+08:00");
  EXPECT_EQ(Unread(community_official_), official_unread + 1);

  // The community's officials see it and may act; the estate's branch and property may not.
  EXPECT_EQ(Total("?unit_id=" + std::to_string(community_), community_official_), 1);
  auto seen = Read(id, community_official_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(Has(Actions(seen), "accept"));
  EXPECT_TRUE(Has(Actions(seen), "escalate"));
  auto branch_view = Read(id, branch_);
  EXPECT_FALSE(Has(Actions(branch_view), "accept")) << branch_view.body;
  for (const char* action : {"accept", "assign", "start", "resolve", "escalate", "close", "merge"})
    EXPECT_FALSE(Has(Actions(branch_view), action)) << action;
  auto branch_try = Do(branch_, id, "accept");
  EXPECT_EQ(branch_try.status, 403) << branch_try.body;
  EXPECT_EQ(Do(branch_, id, "escalate", "再上报").status, 403);
  EXPECT_EQ(Do(property_, id, "accept").status, 403);

  const auto street_unread = Unread(street_official_);
  auto street = Do(community_official_, id, "escalate", "需要街道协调");
  ASSERT_EQ(street.status, 200) << street.body;
  EXPECT_EQ(street.json.at("level"), "street");
  EXPECT_EQ(street.json.at("level_unit").at("id"), street_);
  EXPECT_EQ(street.json.at("handler"), "street");
  EXPECT_EQ(Unread(street_official_), street_unread + 1);
  EXPECT_EQ(Do(community_official_, id, "accept").status, 403);  // it has left the community

  auto district = Do(street_official_, id, "escalate", "需要区里协调");
  ASSERT_EQ(district.status, 200) << district.body;
  EXPECT_EQ(district.json.at("level"), "district");
  EXPECT_EQ(district.json.at("level_unit").at("id"), district_);
  // The district is the top.
  auto top = Read(id, admin_);
  EXPECT_FALSE(Has(Actions(top), "escalate"));
  EXPECT_TRUE(Has(Actions(top), "accept"));
  auto beyond = Do(admin_, id, "escalate", "还要上报");
  EXPECT_EQ(beyond.status, 409) << beyond.body;
  EXPECT_EQ(beyond.ErrorCode(), "failed_precondition");

  std::vector<std::string> actions;
  auto history = Read(id, resident_);
  for (const auto& t : history.json.at("timeline").as_array())
    actions.push_back(Str(t.at("action")));
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "escalate", "escalate", "escalate"}));
}

TEST_F(AppealsApi, AnUnansweredProblemEscalatesByItselfWhenItsDeadlinePasses) {
  const auto late = FileOk(resident_, "sanitation", AtHome());  // respond by 03-02 09:00
  const auto answered = FileOk(resident_, "sanitation", InBuilding());
  DoOk(property_, answered, "accept", "accepted");
  const auto official_unread = Unread(community_official_);

  // Not yet.
  auto early = SetClock("2026-03-02T08:59:00+08:00");
  EXPECT_EQ(early.json.at("escalated"), 0);
  EXPECT_EQ(Read(late, resident_).json.at("level"), "estate");
  EXPECT_EQ(Read(late, resident_).json.at("overdue"), false);

  auto moved = SetClock("2026-03-02T09:30:00+08:00");
  EXPECT_EQ(moved.json.at("escalated"), 1);
  auto up = Read(late, resident_);
  ASSERT_EQ(up.status, 200);
  EXPECT_EQ(up.json.at("level"), "community");
  EXPECT_EQ(up.json.at("level_unit").at("id"), community_);
  EXPECT_EQ(up.json.at("escalated"), true);
  EXPECT_EQ(up.json.at("status"), "submitted");
  EXPECT_EQ(up.json.at("respond_by"), "2026-03-03T09:30:00+08:00");
  EXPECT_EQ(up.json.at("overdue"), false);
  const auto& timeline = up.json.at("timeline").as_array();
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[1].at("action"), "auto_escalate");
  EXPECT_EQ(timeline[1].at("actor"), "系统");
  EXPECT_EQ(timeline[1].at("at"), "2026-03-02T09:30:00+08:00");
  EXPECT_EQ(Unread(community_official_), official_unread + 1);
  auto texts = NotificationTexts(community_official_);
  ASSERT_FALSE(texts.empty());
  EXPECT_NE(texts[0].find("超时自动上报"), std::string::npos) << texts[0];
  EXPECT_NE(NotificationTexts(resident_)[0].find("测试社区"), std::string::npos);
  // The one that was answered in time stays in the estate.
  EXPECT_EQ(Read(answered, resident_).json.at("level"), "estate");
  EXPECT_EQ(Read(answered, resident_).json.at("escalated"), false);

  // Still unanswered a day later: on to the street.
  auto again = SetClock("2026-03-03T10:00:00+08:00");
  EXPECT_EQ(again.json.at("escalated"), 1);
  EXPECT_EQ(Read(late, resident_).json.at("level"), "street");
}

// ---- Callbacks and figures ----------------------------------------------------------------------

TEST_F(AppealsApi, CallbackAndFiguresMatchWhatWasDone) {
  // A1: sanitation, accepted and resolved; the resident says "basically", the callback says
  //     satisfied (the callback wins).
  const auto a1 = FileOk(resident_, "sanitation", AtHome());
  DoOk(property_, a1, "accept", "accepted");
  DoOk(property_, a1, "resolve", "resolved", "已清运");
  ASSERT_EQ(Rate(resident_, a1, "basically").status, 200);
  // A2: sanitation, resolved, rated basically.
  const auto a2 = FileOk(neighbour_, "sanitation");
  DoOk(property_, a2, "accept", "accepted");
  DoOk(property_, a2, "resolve", "resolved", "已清运");
  ASSERT_EQ(Rate(neighbour_, a2, "basically").status, 200);
  // A3: noise, escalated to the community, resolved there, rated dissatisfied.
  const auto a3 = FileOk(resident_, "noise", AtHome());
  DoOk(branch_, a3, "escalate", "submitted", "需要社区协调");
  DoOk(community_official_, a3, "accept", "accepted");
  DoOk(community_official_, a3, "resolve", "resolved", "已约谈");
  ASSERT_EQ(Rate(resident_, a3, "dissatisfied").status, 200);
  // A4: parking, not answered yet; A5: a duplicate merged into it.
  const auto a4 = FileOk(resident_, "parking");
  const auto a5 = FileOk(neighbour_, "sanitation");
  ASSERT_EQ(Act(branch_, a5, json::object{{"action", "merge"}, {"merge_into", a4}}).status, 200);

  // The callback (回访) by the branch after resolution; not on an open one; not by a resident.
  json::object callback{
      {"contacted", true}, {"solved", true}, {"result", "satisfied"}, {"note", "电话回访"}};
  EXPECT_EQ(s_.Post(AppealPath(a4, "/callback"), callback, branch_).status, 409);
  EXPECT_EQ(s_.Post(AppealPath(a1, "/callback"), callback, resident_).status, 403);
  auto called = s_.Post(AppealPath(a1, "/callback"), callback, branch_);
  ASSERT_EQ(called.status, 200) << called.body;
  EXPECT_EQ(called.json.at("callback").at("contacted"), true);
  EXPECT_EQ(called.json.at("callback").at("solved"), true);
  EXPECT_EQ(called.json.at("callback").at("result"), "satisfied");
  EXPECT_EQ(called.json.at("timeline").as_array().back().at("action"), "callback");
  // The callback is staff's record: not in the resident's timeline.
  auto resident_view = Read(a1, resident_);
  for (const auto& t : resident_view.json.at("timeline").as_array())
    EXPECT_NE(t.at("action"), "callback");

  // By hand: received 5, merged 1 (A5), responded 3 (A1-A3), resolved 3, escalated 1 (A3),
  // solved inside the estate 2 (A1, A2); rated 3: satisfied 1 (A1 by callback), basically 1
  // (A2), dissatisfied 1 (A3); one callback, contacted and solved.
  // reply rate = 3 / (5 - 1) = 0.75; satisfaction = (1 + 0.9 x 1) / 3 = 19/30; simple = 2/3.
  const std::string stats =
      "/api/v1/stats/appeals?unit_id=" + std::to_string(street_) + "&from=2026-03&to=2026-03";
  auto r = s_.Get(stats, street_official_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& total = r.json.at("total");
  EXPECT_EQ(total.at("received"), 5);
  EXPECT_EQ(total.at("merged"), 1);
  EXPECT_EQ(total.at("responded"), 3);
  EXPECT_EQ(total.at("responded_on_time"), 3);
  EXPECT_EQ(total.at("resolved"), 3);
  EXPECT_EQ(total.at("resolved_on_time"), 3);
  EXPECT_EQ(total.at("escalated"), 1);
  EXPECT_EQ(total.at("solved_inside"), 2);
  EXPECT_EQ(total.at("rated"), 3);
  EXPECT_EQ(total.at("satisfied"), 1);
  EXPECT_EQ(total.at("basically"), 1);
  EXPECT_EQ(total.at("dissatisfied"), 1);
  EXPECT_EQ(total.at("callbacks"), 1);
  EXPECT_EQ(total.at("contacted"), 1);
  EXPECT_EQ(total.at("solved"), 1);
  // Rates are written with up to 6 decimals.
  EXPECT_DOUBLE_EQ(total.at("reply_rate").as_double(), 0.75);
  EXPECT_NEAR(total.at("satisfaction_rate").as_double(), 19.0 / 30.0, 1e-6);
  EXPECT_NEAR(total.at("solved_inside_rate").as_double(), 2.0 / 3.0, 1e-6);
  EXPECT_NE(r.body.find("\"satisfaction_rate\":0.633333"), std::string::npos);
  EXPECT_EQ(total.at("open_now"), 1);  // A4
  EXPECT_EQ(total.at("overdue_now"), 0);
  EXPECT_FALSE(total.at("median_response_hours").is_null());

  const auto& definitions = r.json.at("definitions");
  EXPECT_EQ(definitions.at("satisfaction"), "weighted");
  EXPECT_EQ(definitions.at("reply"), "responded");
  EXPECT_FALSE(Str(definitions.at("satisfaction_text")).empty());
  EXPECT_FALSE(Str(definitions.at("reply_text")).empty());
  EXPECT_EQ(r.json.at("unit").at("id"), street_);
  EXPECT_EQ(r.json.at("from"), "2026-03");
  EXPECT_EQ(r.json.at("to"), "2026-03");

  std::map<std::string, const json::value*> by_category;
  for (const auto& c : r.json.at("by_category").as_array()) by_category[Str(c.at("code"))] = &c;
  ASSERT_EQ(by_category.size(), 3u) << r.body;
  ASSERT_TRUE(by_category.count("sanitation"));
  EXPECT_EQ(by_category["sanitation"]->at("name"), "环境卫生");
  EXPECT_EQ(by_category["sanitation"]->at("received"), 3);
  EXPECT_EQ(by_category["sanitation"]->at("merged"), 1);
  EXPECT_EQ(by_category["sanitation"]->at("resolved"), 2);
  ASSERT_TRUE(by_category.count("noise"));
  EXPECT_EQ(by_category["noise"]->at("escalated"), 1);
  ASSERT_TRUE(by_category.count("parking"));
  EXPECT_EQ(by_category["parking"]->at("responded"), 0);
  const auto& by_month = r.json.at("by_month").as_array();
  ASSERT_EQ(by_month.size(), 1u);
  EXPECT_EQ(by_month[0].at("month"), "2026-03");
  EXPECT_EQ(by_month[0].at("received"), 5);
  EXPECT_TRUE(r.json.at("by_handler").is_array());

  auto simple = s_.Get(stats + "&satisfaction=simple", street_official_);
  ASSERT_EQ(simple.status, 200) << simple.body;
  EXPECT_NEAR(simple.json.at("total").at("satisfaction_rate").as_double(), 2.0 / 3.0, 1e-6);
  EXPECT_EQ(simple.json.at("definitions").at("satisfaction"), "simple");
  auto contacted = s_.Get(stats + "&reply=contacted", street_official_);
  ASSERT_EQ(contacted.status, 200);
  EXPECT_DOUBLE_EQ(contacted.json.at("total").at("reply_rate").as_double(), 1.0);
  EXPECT_EQ(s_.Get(stats + "&satisfaction=generous", street_official_).status, 400);

  // The same figures for the estate, read by its branch; the community official for the
  // community.
  auto estate = s_.Get(
      "/api/v1/stats/appeals?unit_id=" + std::to_string(estate_) + "&from=2026-03&to=2026-03",
      branch_);
  ASSERT_EQ(estate.status, 200) << estate.body;
  EXPECT_EQ(estate.json.at("total").at("received"), 5);
  EXPECT_EQ(estate.json.at("total").at("solved_inside"), 2);
  auto community = s_.Get(
      "/api/v1/stats/appeals?unit_id=" + std::to_string(community_) + "&from=2026-03&to=2026-03",
      community_official_);
  ASSERT_EQ(community.status, 200);
  EXPECT_EQ(community.json.at("total").at("received"), 5);
  // An earlier month has nothing.
  auto february = s_.Get(
      "/api/v1/stats/appeals?unit_id=" + std::to_string(street_) + "&from=2026-02&to=2026-02",
      street_official_);
  ASSERT_EQ(february.status, 200);
  EXPECT_EQ(february.json.at("total").at("received"), 0);
  EXPECT_TRUE(february.json.at("total").at("reply_rate").is_null());

  // Who may not read them.
  EXPECT_EQ(s_.Get(stats, resident_).status, 403);
  EXPECT_EQ(s_.Get(stats, branch_).status, 403);  // the street is above the branch's estate
  EXPECT_EQ(s_.Get("/api/v1/stats/appeals?unit_id=" + std::to_string(estate_), property_).status,
            403);
}

// ---- The public board ---------------------------------------------------------------------------

TEST_F(AppealsApi, ThePublicBoardShowsResolvedProblemsWithoutPersonalData) {
  const auto named = FileOk(resident_, "sanitation", AtHome());
  const auto photo = UploadOk(property_, "after");
  SetClock("2026-03-01T12:00:00+08:00");
  DoOk(property_, named, "accept", "accepted");
  ASSERT_EQ(
      Act(property_, named,
          json::object{
              {"action", "resolve"}, {"note", "已清理楼道"}, {"photo_ids", json::array{photo}}})
          .status,
      200);
  ASSERT_EQ(Rate(resident_, named, "satisfied").status, 200);
  const auto anonymous =
      FileOk(neighbour_, "noise", json::object{{"household_id", neighbour_home_}},
             json::object{{"anonymous", true}});
  DoOk(branch_, anonymous, "accept", "accepted");
  DoOk(branch_, anonymous, "resolve", "resolved", "已劝导");
  const auto open = FileOk(resident_, "lift", InBuilding());

  ASSERT_EQ(Rate(neighbour_, anonymous, "satisfied").status, 200);
  // Nobody but the reporter learns who reported it anonymously: not in the reporter field, not
  // in the timeline (the submission nor the rating), not the room.
  for (const auto* token : {&lead_, &property_, &branch_}) {
    auto view = Read(anonymous, *token);
    ASSERT_EQ(view.status, 200) << view.body;
    EXPECT_TRUE(view.json.at("reporter").is_null()) << view.body;
    for (const char* secret : {"李四", "李**", "13922223333", "502"})
      EXPECT_EQ(view.body.find(secret), std::string::npos) << secret << " in " << view.body;
    const auto& timeline = view.json.at("timeline").as_array();
    EXPECT_EQ(timeline.front().at("actor"), "匿名");
    EXPECT_EQ(timeline.back().at("action"), "rate");
    EXPECT_EQ(timeline.back().at("actor"), "匿名");
  }
  EXPECT_EQ(Read(anonymous, neighbour_).json.at("timeline").as_array().back().at("actor"), "李四");

  auto board = s_.Get("/api/v1/public/estates/" + std::to_string(estate_) + "/appeals");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.json.at("estate").at("id"), estate_);
  EXPECT_EQ(board.json.at("estate").at("name"), "幸福小区");
  EXPECT_EQ(board.json.at("total"), 2);
  EXPECT_EQ(board.json.at("resolved_total"), 2);
  EXPECT_DOUBLE_EQ(board.json.at("satisfaction_rate").as_double(), 1.0);  // both satisfied
  std::map<std::int64_t, const json::value*> items;
  for (const auto& it : board.json.at("items").as_array()) items[it.at("id").as_int64()] = &it;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_FALSE(items.count(open));
  ASSERT_TRUE(items.count(named));
  const auto& item = *items[named];
  EXPECT_EQ(item.at("reporter"), "张**");
  EXPECT_EQ(item.at("category_name"), "环境卫生");
  EXPECT_EQ(item.at("place"), "1栋");
  EXPECT_EQ(item.at("status"), "closed");
  EXPECT_EQ(item.at("resolution_note"), "已清理楼道");
  EXPECT_EQ(item.at("rating"), "satisfied");
  EXPECT_DOUBLE_EQ(item.at("hours_to_resolve").as_double(), 3.0);
  ASSERT_EQ(item.at("photos").as_array().size(), 1u);
  ASSERT_TRUE(items.count(anonymous));
  EXPECT_EQ(items[anonymous]->at("reporter"), "匿名");
  // Nothing personal anywhere in the page (photo URLs left out: random tokens may hold digits).
  json::value page = board.json;
  for (auto& it : page.at("items").as_array()) it.as_object().erase("photos");
  const std::string text = json::serialize(page);
  for (const char* secret : {"张三丰", "13911112222", "1703", "李四", "李**", "13922223333", "502",
                             "13912345678", "household"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  EXPECT_EQ(board.body.find("张三丰"), std::string::npos);
  EXPECT_EQ(board.body.find("13911112222"), std::string::npos);
  EXPECT_EQ(s_.Get("/api/v1/public/estates/999999/appeals").status, 404);
}

// ---- Lists --------------------------------------------------------------------------------------

TEST_F(AppealsApi, ListFiltersAndResidentsSeeTheirOwn) {
  const auto sanitation = FileOk(resident_, "sanitation", AtHome());
  const auto lift = FileOk(resident_, "lift", InBuilding());
  const auto parking = FileOk(neighbour_, "parking");
  DoOk(property_, sanitation, "accept", "accepted");
  DoOk(property_, sanitation, "resolve", "resolved", "已清理");
  DoOk(property_, lift, "accept", "accepted");
  const std::string estate = "?unit_id=" + std::to_string(estate_);

  auto ids = [&](const std::string& query, const std::string& token) {
    auto r = s_.Get("/api/v1/appeals" + query, token);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::int64_t> out;
    if (r.status == 200)
      for (const auto& it : r.json.at("items").as_array()) out.push_back(it.at("id").as_int64());
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(estate, branch_), (V{parking, lift, sanitation}));
  EXPECT_EQ(ids(estate + "&status=open", branch_), (V{parking, lift}));
  EXPECT_EQ(ids(estate + "&status=resolved", branch_), (V{sanitation}));
  EXPECT_EQ(ids(estate + "&category=lift", branch_), (V{lift}));
  EXPECT_EQ(ids(estate + "&handler=property", branch_), (V{parking, lift, sanitation}));
  EXPECT_EQ(ids(estate + "&overdue=1", branch_), V{});
  EXPECT_EQ(ids("?unit_id=" + std::to_string(street_), street_official_),
            (V{parking, lift, sanitation}));
  EXPECT_EQ(ids("", branch_), (V{parking, lift, sanitation}));  // the branch's own estate
  auto bad = s_.Get("/api/v1/appeals" + estate + "&status=lost", branch_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "status");

  // Residents: their own, with or without mine=1; never the estate's.
  EXPECT_EQ(ids("?mine=1", resident_), (V{lift, sanitation}));
  EXPECT_EQ(ids("", resident_), (V{lift, sanitation}));
  EXPECT_EQ(ids("?mine=1&status=open", resident_), (V{lift}));
  EXPECT_EQ(ids("?mine=1&category=sanitation", resident_), (V{sanitation}));
  EXPECT_EQ(ids("", neighbour_), (V{parking}));
  auto own = s_.Get("/api/v1/appeals", resident_);
  for (const auto& it : own.json.at("items").as_array()) EXPECT_EQ(it.at("mine"), true);
  EXPECT_EQ(s_.Get("/api/v1/appeals" + estate, resident_).status, 403);
  EXPECT_EQ(Read(parking, resident_).status, 403);
  EXPECT_EQ(s_.Get("/api/v1/appeals").status, 401);

  // Overdue: open and past a deadline. The job moves such problems up, except at the district,
  // the top: take the parking problem there, then let a week pass. The lift (resolve by 03-04)
  // is moved to the community with new deadlines; the parking problem stays overdue.
  DoOk(branch_, parking, "escalate", "submitted", "需要社区协调");
  DoOk(community_official_, parking, "escalate", "submitted", "需要街道协调");
  DoOk(street_official_, parking, "escalate", "submitted", "需要区里协调");
  auto week = SetClock("2026-03-10T09:00:00+08:00");
  EXPECT_EQ(week.json.at("escalated"), 1);
  EXPECT_EQ(ids("?unit_id=" + std::to_string(street_) + "&overdue=1", street_official_),
            (V{parking}));
  auto late = Read(parking, admin_);
  EXPECT_EQ(late.json.at("level"), "district");
  EXPECT_EQ(late.json.at("overdue"), true);
  EXPECT_EQ(Read(lift, admin_).json.at("level"), "community");
  EXPECT_EQ(ids(estate + "&overdue=1", branch_), (V{parking}));
}

// ---- Intakes ------------------------------------------------------------------------------------

TEST_F(AppealsApi, ADoorKnockingVisitFilesSeveralProblemsAtOnceOrNone) {
  json::object intake{
      {"estate_id", estate_},
      {"channel", "door_knock"},
      {"contact_name", "王大妈"},
      {"contact_phone", "13700002222"},
      {"place", json::object{{"household_id", neighbour_home_}}},
      {"problems",
       json::array{json::object{{"category", "sanitation"}, {"description", "楼道有垃圾"}},
                   json::object{{"category", "lift"}, {"description", "电梯异响"}},
                   json::object{{"category", "noise"},
                                {"description", "广场舞太吵"},
                                {"place", json::object{{"text", "中心广场"}}}}}}};
  const auto before = Total("?unit_id=" + std::to_string(estate_), branch_);

  // One bad problem: nothing is saved, and the field says which.
  json::object bad = intake;
  bad["problems"].as_array()[1].as_object()["category"] = "ufo";
  auto refused = s_.Post("/api/v1/intakes", bad, lead_);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Field(refused), "problems[1].category");
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_), branch_), before);
  json::object empty_description = intake;
  empty_description["problems"].as_array()[2].as_object()["description"] = "";
  auto refused2 = s_.Post("/api/v1/intakes", empty_description, lead_);
  EXPECT_EQ(refused2.status, 400);
  EXPECT_EQ(Field(refused2), "problems[2].description");
  json::object self = intake;
  self["channel"] = "self";
  EXPECT_EQ(Field(s_.Post("/api/v1/intakes", self, lead_)), "channel");
  EXPECT_EQ(s_.Post("/api/v1/intakes", intake, resident_).status, 403);
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_), branch_), before);

  auto filed = s_.Post("/api/v1/intakes", intake, lead_);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto intake_id = filed.json.at("intake_id");
  ASSERT_TRUE(intake_id.is_int64()) << filed.body;
  const auto& appeals = filed.json.at("appeals").as_array();
  ASSERT_EQ(appeals.size(), 3u);
  for (const auto& a : appeals) {
    EXPECT_EQ(a.at("intake_id"), intake_id);
    EXPECT_EQ(a.at("channel"), "door_knock");
    EXPECT_EQ(a.at("status"), "submitted");
  }
  EXPECT_EQ(appeals[0].at("category").at("code"), "sanitation");
  EXPECT_EQ(appeals[0].at("handler"), "property");
  EXPECT_EQ(appeals[0].at("place").at("household_id"), neighbour_home_);
  EXPECT_EQ(appeals[1].at("category").at("code"), "lift");
  EXPECT_EQ(appeals[2].at("handler"), "branch");
  EXPECT_EQ(appeals[2].at("place").at("kind"), "public");
  EXPECT_EQ(appeals[2].at("place").at("text"), "中心广场");
  EXPECT_EQ(Total("?unit_id=" + std::to_string(estate_), branch_), before + 3);

  // The branch enters them too; and reads them back with the contact.
  auto by_branch = s_.Post("/api/v1/intakes", intake, branch_);
  ASSERT_EQ(by_branch.status, 201) << by_branch.body;
  EXPECT_NE(by_branch.json.at("intake_id"), intake_id);
  auto read = Read(appeals[0].at("id").as_int64(), branch_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json.at("reporter").at("name"), "王大妈");
  EXPECT_EQ(read.json.at("intake_id"), intake_id);
}

// ---- The holiday calendar -----------------------------------------------------------------------

TEST_F(AppealsApi, AHolidayInTheCalendarMovesWorkingDayDeadlines) {
  auto empty = s_.Get("/api/v1/calendar/2026", resident_);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.json.at("holidays").as_array().empty());

  json::object year{{"holidays", json::array{"2026-03-03"}}, {"workdays", json::array{}}};
  EXPECT_EQ(s_.Call("PUT", "/api/v1/calendar/2026", json::serialize(year), branch_).status, 403);
  json::object bad{{"holidays", json::array{"2026-3-3"}}};
  auto refused = s_.Call("PUT", "/api/v1/calendar/2026", json::serialize(bad), admin_);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Field(refused), "holidays[0]");
  json::object other_year{{"holidays", json::array{"2027-01-01"}}};
  EXPECT_EQ(Field(s_.Call("PUT", "/api/v1/calendar/2026", json::serialize(other_year), admin_)),
            "holidays[0]");

  auto put = s_.Call("PUT", "/api/v1/calendar/2026", json::serialize(year), admin_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json.at("holidays"), (json::array{"2026-03-03"}));
  EXPECT_EQ(s_.Get("/api/v1/calendar/2026", resident_).json.at("holidays"),
            (json::array{"2026-03-03"}));

  // Filed Sunday 03-01: Monday, (Tuesday off), Wednesday, Thursday: Thursday 24:00.
  auto filed = File(resident_, "sanitation", AtHome());
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json.at("resolve_by"), "2026-03-06T00:00:00+08:00");
  EXPECT_EQ(filed.json.at("respond_by"), "2026-03-02T09:00:00+08:00");  // hours: unchanged

  // Back to an ordinary year: Wednesday 24:00 again.
  auto cleared = s_.Call("PUT", "/api/v1/calendar/2026", json::serialize(json::object{}), admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  auto next = File(resident_, "sanitation", AtHome());
  ASSERT_EQ(next.status, 201);
  EXPECT_EQ(next.json.at("resolve_by"), "2026-03-05T00:00:00+08:00");
}

}  // namespace
}  // namespace linli::testing
