// The administrative tree, accounts, roles and the audit log through the HTTP API.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

TEST(UnitsApi, BuildsTheTreeAndRefusesWrongPlacement) {
  TestServer s;
  auto admin = s.AdminToken();
  auto ids = s.MakeTree();
  auto estate = s.Get("/api/v1/units/" + std::to_string(ids[3]), admin);
  ASSERT_EQ(estate.status, 200) << estate.body;
  EXPECT_EQ(estate.json.at("kind"), "estate");
  EXPECT_EQ(estate.json.at("path").as_array().size(), 4u);
  EXPECT_EQ(estate.json.at("path").as_array()[0].at("name"), "测试区");

  auto bad =
      s.Post("/api/v1/units",
             json::object{{"kind", "estate"}, {"name", "错位小区"}, {"parent_id", ids[0]}}, admin);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json.at("error").at("field"), "parent_id");
  EXPECT_NE(std::string(bad.json.at("error").at("message").as_string()).find("community"),
            std::string::npos);

  auto dup =
      s.Post("/api/v1/units",
             json::object{{"kind", "estate"}, {"name", "测试小区"}, {"parent_id", ids[2]}}, admin);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "already_exists");

  auto children =
      s.Get("/api/v1/units/" + std::to_string(ids[2]) + "/children?page=1&page_size=10", admin);
  ASSERT_EQ(children.status, 200);
  EXPECT_EQ(children.json.at("total"), 1);
  EXPECT_EQ(children.json.at("items").as_array()[0].at("name"), "测试小区");
}

TEST(UnitsApi, RequiresLoginAndScopesReads) {
  TestServer s;
  auto ids = s.MakeTree("甲小区");
  auto other = s.MakeTree("乙小区");
  EXPECT_EQ(s.Get("/api/v1/units/" + std::to_string(ids[3])).status, 401);
  auto resident = s.UserWithRole("13900000001", "resident", ids[3]);
  EXPECT_EQ(s.Get("/api/v1/units/" + std::to_string(ids[3]), resident).status, 200);
  auto denied = s.Get("/api/v1/units/" + std::to_string(other[3]), resident);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.ErrorCode(), "permission_denied");
  // A resident may not create units or accounts.
  EXPECT_EQ(s.Post("/api/v1/units",
                   json::object{{"kind", "estate"}, {"name", "x"}, {"parent_id", ids[2]}}, resident)
                .status,
            403);
  EXPECT_EQ(
      s.Post("/api/v1/accounts",
             json::object{{"phone", "13900000009"}, {"password", "Passw0rd!"}, {"name", "某人"}},
             resident)
          .status,
      403);
  // Roots of a scoped user are their granted units.
  auto roots = s.Get("/api/v1/units", resident);
  ASSERT_EQ(roots.status, 200);
  ASSERT_EQ(roots.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(roots.json.at("items").as_array()[0].at("id"), ids[3]);
}

TEST(UnitsApi, OfficialManagesOnlyTheirSubtree) {
  TestServer s;
  auto ids = s.MakeTree("甲小区");
  auto official = s.UserWithRole("13900000002", "official", ids[1]);
  auto made = s.Post("/api/v1/units",
                     json::object{{"kind", "community"}, {"name", "新社区"}, {"parent_id", ids[1]}},
                     official);
  EXPECT_EQ(made.status, 201) << made.body;
  auto outside = s.Post(
      "/api/v1/units",
      json::object{{"kind", "street"}, {"name", "别的街道"}, {"parent_id", ids[0]}}, official);
  EXPECT_EQ(outside.status, 403);
  // An official cannot make an admin.
  auto acct =
      s.Post("/api/v1/accounts",
             json::object{{"phone", "13900000003"}, {"password", "Passw0rd!"}, {"name", "王测试"}},
             official);
  ASSERT_EQ(acct.status, 201) << acct.body;
  auto id = std::to_string(acct.json.at("id").as_int64());
  EXPECT_EQ(s.Post("/api/v1/accounts/" + id + "/roles",
                   json::object{{"role", "admin"}, {"unit_id", ids[1]}}, official)
                .status,
            403);
  EXPECT_EQ(s.Post("/api/v1/accounts/" + id + "/roles",
                   json::object{{"role", "branch"}, {"unit_id", ids[3]}}, official)
                .status,
            201);
}

TEST(AuthApi, LoginFailuresAreLimitedAndSessionsExpire) {
  TestServer s;
  for (int i = 0; i < 5; ++i) {
    auto r = s.Post("/api/v1/auth/login", json::object{{"phone", TestServer::kAdminPhone},
                                                       {"password", "wrong-password"}});
    EXPECT_EQ(r.status, 401);
  }
  auto locked = s.Post(
      "/api/v1/auth/login",
      json::object{{"phone", TestServer::kAdminPhone}, {"password", TestServer::kAdminPassword}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.ErrorCode(), "resource_exhausted");
  s.clock().Advance(16 * 60);
  auto token = s.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
  EXPECT_EQ(s.Get("/api/v1/auth/me", token).status, 200);
  s.clock().Advance(13 * 3600);
  auto expired = s.Get("/api/v1/auth/me", token);
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(std::string(expired.json.at("error").at("message").as_string()).find("expired"),
            std::string::npos);
}

TEST(AuthApi, LogoutEndsTheSession) {
  TestServer s;
  auto token = s.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
  EXPECT_EQ(s.Call("POST", "/api/v1/auth/logout", "", token).status, 200);
  EXPECT_EQ(s.Get("/api/v1/auth/me", token).status, 401);
}

TEST(AuditApi, RecordsWritesWithBeforeAndAfter) {
  TestServer s;
  auto admin = s.AdminToken();
  auto ids = s.MakeTree();
  auto renamed = s.Patch("/api/v1/units/" + std::to_string(ids[3]),
                         json::object{{"name", "新名字小区"}}, admin);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  auto audit = s.Get("/api/v1/audit?entity=unit", admin);
  ASSERT_EQ(audit.status, 200);
  const auto& first = audit.json.at("items").as_array()[0];
  EXPECT_EQ(first.at("action"), "update");
  EXPECT_EQ(first.at("before").at("name"), "测试小区");
  EXPECT_EQ(first.at("after").at("name"), "新名字小区");
  EXPECT_EQ(first.at("actor").at("name"), "管理员");
}

}  // namespace
}  // namespace linli::testing
