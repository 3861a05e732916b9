// Estates through the HTTP API: the household CSV import (all or nothing), the household and
// owner lists with masking per viewer, the estate's figures and profile, buildings, the audit.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

constexpr const char* kHeader =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered";

// Rows joined with CRLF after a UTF-8 BOM and the header, as Excel saves "CSV UTF-8".
std::string ExcelCsv(std::initializer_list<std::string> rows) {
  std::string out = "\xEF\xBB\xBF";
  out += kHeader;
  out += "\r\n";
  for (const auto& r : rows) out += r + "\r\n";
  return out;
}

// 2 buildings; 101 co-owned by a couple; the couple also holds 201; two undelivered rooms of the
// developer; one sold-but-undelivered room; an organisation without a phone.
const std::string kGoodCsv = ExcelCsv({
    "1栋,1单元,1,101,89.45,registry,张三,13812341234,person,yes",
    "1栋,1单元,1,101,89.45,registry,李四,13900001111,person,yes",
    "1栋,1单元,2,201,90.00,survey,张三,13812341234,person,yes",
    "1栋,1单元,2,201,90.00,survey,李四,13900001111,person,yes",
    "1栋,2单元,3,301,100.5,contract,王五,13700002222,person,yes",
    "2栋,1单元,1,101,120,registry,,,developer,no",
    "2栋,1单元,1,102,120,registry,,,developer,no",
    "2栋,1单元,2,201,75.25,contract,赵六,13600003333,person,no",
    "2栋,1单元,B1,B101,30,registry,某某公司,,organisation,yes",
});

std::string Target(std::int64_t estate, const std::string& rest = "") {
  return "/api/v1/estates/" + std::to_string(estate) + rest;
}

HttpResult Import(TestServer& s, std::int64_t estate, const std::string& csv,
                  const std::string& token) {
  return s.Call("POST", Target(estate, "/households:import"), csv, token,
                "text/csv; charset=utf-8");
}

const json::object* FindRoom(const HttpResult& list, const std::string& building,
                             const std::string& room) {
  for (const auto& item : list.json.at("items").as_array())
    if (item.at("building") == building.c_str() && item.at("room") == room.c_str())
      return &item.as_object();
  return nullptr;
}

TEST(EstatesApi, ABadFileIsRefusedWithEveryProblemAndNothingIsSaved) {
  TestServer s;
  auto admin = s.AdminToken();
  auto estate = s.MakeTree("甲小区")[3];
  auto bad = Import(s, estate,
                    ExcelCsv({
                        "1栋,1单元,1,101,89.45,registry,张三,13812341234,person,yes",
                        "1栋,1单元,x,102,89.45,registry,李四,13900001111,person,yes",  // floor
                        "1栋,1单元,1,103,-3,registry,王五,13700002222,person,yes",     // area
                        "1栋,1单元,1,104,80,guess,赵六,12345,person,yes",  // source, phone
                        "1栋,1单元,1,105,80,registry,,,person,yes",        // name
                    }),
                    admin);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");
  const auto& rows = bad.json.at("error").at("rows").as_array();
  ASSERT_EQ(rows.size(), 5u) << bad.body;
  auto has = [&](int line, const char* column) {
    for (const auto& r : rows)
      if (r.at("line") == line && r.at("column") == column && !r.at("problem").as_string().empty())
        return true;
    return false;
  };
  EXPECT_TRUE(has(3, "floor"));
  EXPECT_TRUE(has(4, "area_m2"));
  EXPECT_TRUE(has(5, "area_source"));
  EXPECT_TRUE(has(5, "owner_phone"));
  EXPECT_TRUE(has(6, "owner_name"));

  auto list = s.Get(Target(estate, "/households"), admin);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json.at("total"), 0);
  auto e = s.Get(Target(estate), admin);
  ASSERT_EQ(e.status, 200);
  EXPECT_EQ(e.json.at("stats").at("households"), 0);
  EXPECT_EQ(e.json.at("stats").at("buildings"), 0);

  // An empty body is a problem of the file too.
  auto empty = Import(s, estate, "", admin);
  EXPECT_EQ(empty.status, 400);
  EXPECT_FALSE(empty.json.at("error").at("rows").as_array().empty());
}

TEST(EstatesApi, ImportsListsAndReimports) {
  TestServer s;
  auto admin = s.AdminToken();
  auto estate = s.MakeTree("甲小区")[3];

  auto first = Import(s, estate, kGoodCsv, admin);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json.at("households_created"), 7);
  EXPECT_EQ(first.json.at("households_updated"), 0);
  EXPECT_EQ(first.json.at("owners_created"), 6);  // 张, 李, 王, developer, 赵, 公司
  EXPECT_EQ(first.json.at("buildings_created"), 2);
  EXPECT_EQ(first.json.at("entrances_created"), 3);
  EXPECT_EQ(first.json.at("rows"), 9);

  // Paged list.
  auto page1 = s.Get(Target(estate, "/households?page=1&page_size=3"), admin);
  ASSERT_EQ(page1.status, 200) << page1.body;
  EXPECT_EQ(page1.json.at("total"), 7);
  EXPECT_EQ(page1.json.at("page"), 1);
  EXPECT_EQ(page1.json.at("page_size"), 3);
  ASSERT_EQ(page1.json.at("items").as_array().size(), 3u);
  const auto& h = page1.json.at("items").as_array()[0].as_object();
  EXPECT_EQ(h.at("building"), "1栋");
  EXPECT_TRUE(h.at("building_id").is_int64());
  EXPECT_EQ(h.at("unit"), "1单元");
  EXPECT_EQ(h.at("floor"), 1);
  EXPECT_EQ(h.at("floor_label"), "1");
  EXPECT_EQ(h.at("room"), "101");
  EXPECT_EQ(h.at("area_m2").as_double(), 89.45);
  EXPECT_EQ(h.at("area_source"), "registry");
  EXPECT_EQ(h.at("delivered"), true);
  ASSERT_EQ(h.at("owners").as_array().size(), 2u);
  EXPECT_EQ(h.at("owners").as_array()[0].at("name"), "张三");
  EXPECT_EQ(h.at("owners").as_array()[0].at("phone"), "13812341234");
  EXPECT_EQ(h.at("owners").as_array()[0].at("kind"), "person");
  // Areas are written with 2 decimals.
  EXPECT_NE(page1.body.find("\"area_m2\":89.45"), std::string::npos) << page1.body;
  EXPECT_NE(page1.body.find("\"area_m2\":90.00"), std::string::npos) << page1.body;
  auto page3 = s.Get(Target(estate, "/households?page=3&page_size=3"), admin);
  ASSERT_EQ(page3.status, 200);
  EXPECT_EQ(page3.json.at("items").as_array().size(), 1u);

  // Filters.
  auto b2 = s.Get(Target(estate, "/households?building=2%E6%A0%8B"), admin);  // 2栋
  ASSERT_EQ(b2.status, 200) << b2.body;
  EXPECT_EQ(b2.json.at("total"), 4);
  auto q = s.Get(Target(estate, "/households?q=%E6%9D%8E"), admin);  // 李
  EXPECT_EQ(q.json.at("total"), 2);
  auto qphone = s.Get(Target(estate, "/households?q=0002222"), admin);
  EXPECT_EQ(qphone.json.at("total"), 1);

  // Buildings.
  auto buildings = s.Get(Target(estate, "/buildings"), admin);
  ASSERT_EQ(buildings.status, 200) << buildings.body;
  EXPECT_EQ(buildings.json.at("total"), 2);
  const auto& b1 = buildings.json.at("items").as_array()[0];
  EXPECT_EQ(b1.at("name"), "1栋");
  EXPECT_EQ(b1.at("entrances"), 2);
  EXPECT_EQ(b1.at("households"), 3);
  EXPECT_EQ(b1.at("area_m2").as_double(), 279.95);

  // Figures: 7 households, 4 delivered; heads: the couple (101 and 201), 王, the developer's
  // group (2栋101, 2栋102 and 赵's undelivered 2栋201), the organisation.
  auto e = s.Get(Target(estate), admin);
  ASSERT_EQ(e.status, 200) << e.body;
  const auto& st = e.json.at("stats");
  EXPECT_EQ(st.at("buildings"), 2);
  EXPECT_EQ(st.at("entrances"), 3);
  EXPECT_EQ(st.at("households"), 7);
  EXPECT_EQ(st.at("delivered_households"), 4);
  EXPECT_EQ(st.at("total_area_m2").as_double(), 625.2);
  EXPECT_NE(e.body.find("\"total_area_m2\":625.20"), std::string::npos) << e.body;
  EXPECT_EQ(st.at("owners"), 6);
  EXPECT_EQ(st.at("owner_headcount"), 4);
  EXPECT_EQ(e.json.at("kind"), "estate");
  EXPECT_EQ(e.json.at("path").as_array().size(), 4u);
  EXPECT_EQ(e.json.at("profile").at("service_mode"), "none");

  // Owners with their households.
  auto owners = s.Get(Target(estate, "/owners?page_size=2"), admin);
  ASSERT_EQ(owners.status, 200) << owners.body;
  EXPECT_EQ(owners.json.at("total"), 6);
  const auto& zhang = owners.json.at("items").as_array()[0];
  EXPECT_EQ(zhang.at("name"), "张三");
  ASSERT_EQ(zhang.at("households").as_array().size(), 2u);
  EXPECT_EQ(zhang.at("households").as_array()[0].at("label"), "1栋/1单元/101");

  // Re-import: 101's area corrected and 李四 sold his share to 钱七; 赵六's 2栋201 delivered now;
  // one new room. Rooms not in the file stay as they are.
  auto second = Import(s, estate,
                       ExcelCsv({
                           "1栋,1单元,1,101,89.40,survey,张三,13812341234,person,yes",
                           "1栋,1单元,1,101,89.40,survey,钱七,13500004444,person,yes",
                           "2栋,1单元,2,201,75.25,contract,赵六,13600003333,person,yes",
                           "2栋,1单元,2,202,75.25,contract,孙八,13300005555,person,yes",
                       }),
                       admin);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json.at("households_created"), 1);
  EXPECT_EQ(second.json.at("households_updated"), 2);
  EXPECT_EQ(second.json.at("owners_created"), 2);
  EXPECT_EQ(second.json.at("buildings_created"), 0);
  EXPECT_EQ(second.json.at("entrances_created"), 0);
  auto after = s.Get(Target(estate, "/households?page_size=100"), admin);
  ASSERT_EQ(after.json.at("total"), 8);
  const auto* room101 = FindRoom(after, "1栋", "101");
  ASSERT_NE(room101, nullptr);
  EXPECT_EQ(room101->at("area_m2").as_double(), 89.40);
  EXPECT_EQ(room101->at("area_source"), "survey");
  ASSERT_EQ(room101->at("owners").as_array().size(), 2u);
  EXPECT_EQ(room101->at("owners").as_array()[0].at("name"), "张三");
  EXPECT_EQ(room101->at("owners").as_array()[1].at("name"), "钱七");
  const auto* room201 = FindRoom(after, "2栋", "201");
  ASSERT_NE(room201, nullptr);
  EXPECT_EQ(room201->at("delivered"), true);
  // Heads now: {张,钱} on 101, {张,李} on 1栋201, 王, developer (2 rooms), 赵, 孙, the company.
  auto e2 = s.Get(Target(estate), admin);
  EXPECT_EQ(e2.json.at("stats").at("owner_headcount"), 7);
  EXPECT_EQ(e2.json.at("stats").at("households"), 8);

  // The audit log has one entry per import, with the counts.
  auto audit =
      s.Get("/api/v1/audit?unit_id=" + std::to_string(estate) + "&entity=households", admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json.at("total"), 2) << audit.body;
  const auto& last = audit.json.at("items").as_array()[0];
  EXPECT_EQ(last.at("action"), "import");
  EXPECT_EQ(last.at("entity_id"), estate);
  EXPECT_EQ(last.at("after").at("households_created"), 1);
  EXPECT_EQ(last.at("after").at("households_updated"), 2);
  EXPECT_EQ(last.at("after").at("rows"), 4);
}

TEST(EstatesApi, MasksNamesAndPhonesForViewersWithoutTheNeed) {
  TestServer s;
  auto admin = s.AdminToken();
  auto estate = s.MakeTree("甲小区")[3];
  auto other = s.MakeTree("乙小区")[3];
  ASSERT_EQ(Import(s, estate, kGoodCsv, admin).status, 200);

  auto member = s.UserWithRole("13900000011", "member", estate);
  auto committee = s.UserWithRole("13900000012", "committee", estate);
  auto property = s.UserWithRole("13900000013", "property", estate);
  auto resident = s.UserWithRole("13900000014", "resident", estate);
  auto stranger = s.UserWithRole("13900000015", "resident", other);

  auto masked = s.Get(Target(estate, "/households"), member);
  ASSERT_EQ(masked.status, 200) << masked.body;
  const auto* room = FindRoom(masked, "1栋", "101");
  ASSERT_NE(room, nullptr);
  EXPECT_EQ(room->at("owners").as_array()[0].at("name"), "张**");
  EXPECT_EQ(room->at("owners").as_array()[0].at("phone"), "138****1234");
  const auto* company = FindRoom(masked, "2栋", "B101");
  ASSERT_NE(company, nullptr);
  EXPECT_EQ(company->at("owners").as_array()[0].at("name"), "某某公司");  // not a person
  EXPECT_EQ(masked.body.find("13812341234"), std::string::npos);
  EXPECT_EQ(masked.body.find("张三"), std::string::npos);
  // Searching for a name or phone finds nothing for a viewer who may not see them.
  EXPECT_EQ(s.Get(Target(estate, "/households?q=13812341234"), member).json.at("total"), 0);
  EXPECT_EQ(s.Get(Target(estate, "/households?q=101"), member).json.at("total"), 3);
  auto masked_owners = s.Get(Target(estate, "/owners"), member);
  ASSERT_EQ(masked_owners.status, 200);
  EXPECT_EQ(masked_owners.json.at("items").as_array()[0].at("name"), "张**");
  EXPECT_EQ(masked_owners.json.at("items").as_array()[0].at("phone"), "138****1234");
  EXPECT_EQ(s.Get(Target(estate, "/owners?q=%E5%BC%A0"), member).json.at("total"), 0);  // 张

  for (const auto& token : {committee, property}) {
    auto full = s.Get(Target(estate, "/households"), token);
    ASSERT_EQ(full.status, 200) << full.body;
    const auto* r = FindRoom(full, "1栋", "101");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->at("owners").as_array()[0].at("name"), "张三");
    EXPECT_EQ(r->at("owners").as_array()[0].at("phone"), "13812341234");
  }

  // A resident sees the estate and its buildings, not the household list.
  EXPECT_EQ(s.Get(Target(estate), resident).status, 200);
  EXPECT_EQ(s.Get(Target(estate, "/buildings"), resident).status, 200);
  EXPECT_EQ(s.Get(Target(estate, "/households"), resident).status, 403);
  EXPECT_EQ(s.Get(Target(estate, "/owners"), resident).status, 403);
  // A resident of another estate sees nothing of this one.
  auto denied = s.Get(Target(estate), stranger);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.ErrorCode(), "permission_denied");
  EXPECT_EQ(s.Get(Target(estate, "/households"), stranger).status, 403);
  EXPECT_EQ(s.Get(Target(estate, "/buildings"), stranger).status, 403);
  // Only those who manage households may import.
  EXPECT_EQ(Import(s, estate, kGoodCsv, member).status, 403);
  EXPECT_EQ(Import(s, estate, kGoodCsv, stranger).status, 403);
  EXPECT_EQ(Import(s, estate, kGoodCsv, committee).status, 200);
  EXPECT_EQ(Import(s, estate, kGoodCsv, "").status, 401);
}

TEST(EstatesApi, ProfileAndBuildings) {
  TestServer s;
  auto admin = s.AdminToken();
  auto ids = s.MakeTree("甲小区");
  auto estate = ids[3];
  // The harness clock stands at 2026-03-01, so 2026 is the latest possible built_year.

  auto ok = s.Patch(
      Target(estate),
      json::object{
          {"address", "重庆市璧山区示例路1号"}, {"built_year", 1998}, {"service_mode", "itemised"}},
      admin);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json.at("profile").at("address"), "重庆市璧山区示例路1号");
  EXPECT_EQ(ok.json.at("profile").at("built_year"), 1998);
  EXPECT_EQ(ok.json.at("profile").at("service_mode"), "itemised");
  // A partial change keeps the other fields.
  auto partial =
      s.Patch(Target(estate), json::object{{"service_mode", "community_company"}}, admin);
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.json.at("profile").at("built_year"), 1998);
  EXPECT_EQ(s.Get(Target(estate), admin).json.at("profile").at("service_mode"),
            "community_company");

  EXPECT_EQ(s.Patch(Target(estate), json::object{{"built_year", 2026}}, admin).status, 200);
  auto future = s.Patch(Target(estate), json::object{{"built_year", 2027}}, admin);
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(future.json.at("error").at("field"), "built_year");
  EXPECT_EQ(s.Patch(Target(estate), json::object{{"built_year", 1899}}, admin).status, 400);
  auto mode = s.Patch(Target(estate), json::object{{"service_mode", "outsourced"}}, admin);
  EXPECT_EQ(mode.status, 400);
  EXPECT_EQ(mode.json.at("error").at("field"), "service_mode");
  std::string address;
  for (int i = 0; i < 129; ++i) address += "路";
  auto long_address = s.Patch(Target(estate), json::object{{"address", address}}, admin);
  EXPECT_EQ(long_address.status, 400);
  EXPECT_EQ(long_address.json.at("error").at("field"), "address");
  auto member = s.UserWithRole("13900000021", "member", estate);
  EXPECT_EQ(s.Patch(Target(estate), json::object{{"service_mode", "whole"}}, member).status, 403);
  auto cleared = s.Patch(Target(estate), json::object{{"built_year", nullptr}}, admin);
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json.at("profile").at("built_year").is_null());

  // Buildings can be added by hand too.
  auto made = s.Post(Target(estate, "/buildings"), json::object{{"name", "3栋"}}, admin);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json.at("name"), "3栋");
  EXPECT_EQ(made.json.at("households"), 0);
  EXPECT_EQ(s.Post(Target(estate, "/buildings"), json::object{{"name", "3栋"}}, admin).status, 409);
  EXPECT_EQ(s.Post(Target(estate, "/buildings"), json::object{{"name", ""}}, admin).status, 400);
  EXPECT_EQ(s.Post(Target(estate, "/buildings"), json::object{{"name", "4栋"}}, member).status,
            403);
  EXPECT_EQ(s.Get(Target(estate), admin).json.at("stats").at("buildings"), 1);

  // Not an estate / no such estate.
  EXPECT_EQ(s.Get(Target(ids[2]), admin).status, 400);
  EXPECT_EQ(s.Get(Target(999999), admin).status, 404);
  EXPECT_EQ(s.Get(Target(estate)).status, 401);

  // The audit log has the profile change and the building.
  auto audit =
      s.Get("/api/v1/audit?unit_id=" + std::to_string(estate) + "&entity=estate_profile", admin);
  ASSERT_EQ(audit.status, 200);
  EXPECT_GE(audit.json.at("total").as_int64(), 3);
}

TEST(EstatesApi, AThousandHouseholdsImportQuickly) {
  TestServer s;
  auto admin = s.AdminToken();
  auto estate = s.MakeTree("大小区")[3];
  std::string csv = std::string(kHeader) + "\n";
  int n = 0;
  for (int b = 1; b <= 10 && n < 1000; ++b)
    for (int u = 1; u <= 2; ++u)
      for (int f = 1; f <= 25; ++f)
        for (int r = 1; r <= 2; ++r, ++n) {
          char phone[16];
          std::snprintf(phone, sizeof phone, "139%08d", n);
          csv += std::to_string(b) + "栋," + std::to_string(u) + "单元," + std::to_string(f) + "," +
                 std::to_string(f * 100 + r) + ",89.45,registry,业主" + std::to_string(n) + "," +
                 phone + ",person,yes\n";
        }
  ASSERT_EQ(n, 1000);
  auto start = std::chrono::steady_clock::now();
  auto first = Import(s, estate, csv, admin);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 2000);
  EXPECT_EQ(first.json.at("households_created"), 1000);
  EXPECT_EQ(first.json.at("owners_created"), 1000);
  std::printf("[ info ] 1000-household import: %lld ms\n", static_cast<long long>(ms));
  EXPECT_LT(ms, 2000);  // typically far less; the bound leaves room for sanitizer builds

  start = std::chrono::steady_clock::now();
  auto again = Import(s, estate, csv, admin);
  ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                             start)
           .count();
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json.at("households_updated"), 1000);
  std::printf("[ info ] 1000-household re-import: %lld ms\n", static_cast<long long>(ms));
  EXPECT_LT(ms, 2000);
  auto e = s.Get(Target(estate), admin);
  EXPECT_EQ(e.json.at("stats").at("owner_headcount"), 1000);
  EXPECT_EQ(e.json.at("stats").at("total_area_m2").as_double(), 89450.0);
}

}  // namespace
}  // namespace linli::testing

namespace linli::testing {
namespace {

// The household page is served from a cache keyed on the estate's households_version: a change
// must show at once, and the cache must not leak between viewers with and without masking.
TEST(EstatesApi, ListShowsChangesAtOnceAndCachesPerViewer) {
  TestServer s;
  auto admin = s.AdminToken();
  auto estate = s.MakeTree()[3];
  ASSERT_EQ(Import(s, estate, kGoodCsv, admin).status, 200);
  const std::string list = Target(estate, "/households?page=1&page_size=2");
  auto before = s.Get(list, admin);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(s.Get(list, admin).body, before.body);  // the same page again
  EXPECT_EQ(before.json.at("items").as_array()[0].at("area_m2").as_double(), 89.45);

  auto member = s.UserWithRole("13900000021", "member", estate);
  auto masked = s.Get(list, member);
  ASSERT_EQ(masked.status, 200);
  EXPECT_EQ(masked.json.at("items").as_array()[0].at("owners").as_array()[0].at("name"), "张**");
  EXPECT_EQ(s.Get(list, admin).json.at("items").as_array()[0].at("owners").as_array()[0].at("name"),
            "张三");

  ASSERT_EQ(Import(s, estate,
                   ExcelCsv({"1栋,1单元,1,101,88.00,registry,张三,13812341234,person,yes",
                             "1栋,1单元,1,101,88.00,registry,李四,13900001111,person,yes",
                             "3栋,1单元,1,101,60,registry,钱七,13500004444,person,yes"}),
                   admin)
                .status,
            200);
  auto after = s.Get(list, admin);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.json.at("items").as_array()[0].at("area_m2").as_double(), 88.0);
  EXPECT_EQ(after.json.at("total"), before.json.at("total").as_int64() + 1);
  // A resident of the estate still may not read the list, cached or not.
  auto resident = s.UserWithRole("13900000022", "resident", estate);
  EXPECT_EQ(s.Get(list, resident).status, 403);
}

}  // namespace
}  // namespace linli::testing
