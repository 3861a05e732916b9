// Integration-test harness: a real Linli server (the same router and use cases as `linli
// serve`) on 127.0.0.1 and a port chosen by the OS, over a fresh database, with a test clock,
// and an HTTP client to call it. The admin 13800000000 / Admin12345 exists from the start.
// The database is a SQLite file in a temp folder, or, when LINLI_IT_BACKEND=postgres, a fresh
// PostgreSQL database on the server named by LINLI_TEST_PG_URL (scripts/with-postgres.sh):
// ctest runs the whole suite both ways.
// Thread-safety: use one TestServer per test.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../storage/backends.hpp"
#include "app/accounts.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"

namespace linli::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  boost::json::value json;  // null when the body is not JSON
  std::string content_type;
  // json["error"]["code"] or "".
  std::string ErrorCode() const;
};

// A JSON value as text: a string's characters, anything else serialised.
std::string Str(const boost::json::value& v);
// The error's field and message of a response, or "" when it is not an error.
std::string Field(const HttpResult& r);
std::string Message(const HttpResult& r);

class TestServer {
 public:
  // db_url: empty for a fresh SQLite file in a temp folder.
  explicit TestServer(std::string db_url = "");
  ~TestServer();

  std::uint16_t port() const { return port_; }
  ManualClock& clock() { return clock_; }
  app::Env& env() { return *env_; }
  app::AccountService& accounts() { return *accounts_; }
  // The routes the server was built with (for checking docs/openapi.json against them).
  const http::Router& router() const { return *router_; }

  // `headers`: extra request headers, e.g. {{"Idempotency-Key", "k1"}}.
  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& token = "",
                  const std::string& content_type = "application/json",
                  const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpResult Get(const std::string& target, const std::string& token = "") {
    return Call("GET", target, "", token);
  }
  HttpResult Post(const std::string& target, const boost::json::value& body,
                  const std::string& token = "") {
    return Call("POST", target, boost::json::serialize(body), token);
  }
  HttpResult Patch(const std::string& target, const boost::json::value& body,
                   const std::string& token = "") {
    return Call("PATCH", target, boost::json::serialize(body), token);
  }
  // Logs in and returns the token (fails the test if login fails).
  std::string Login(const std::string& phone, const std::string& password);
  std::string AdminToken();
  // Creates an account and grants it `role` on `unit_id`; returns its token.
  std::string UserWithRole(const std::string& phone, const std::string& role, std::int64_t unit_id);
  // Creates district > street > community > estate; returns the ids in that order.
  std::vector<std::int64_t> MakeTree(const std::string& estate_name = "测试小区");

  static constexpr const char* kAdminPhone = "13800000000";
  static constexpr const char* kAdminPassword = "Admin12345";

 private:
  std::string dir_;
  std::unique_ptr<storage::testing::ScratchDatabase> scratch_;  // PostgreSQL runs
  std::unique_ptr<storage::Database> db_;
  ManualClock clock_;
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<app::Env> env_;
  std::unique_ptr<app::AccountService> accounts_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::string admin_token_;
};

}  // namespace linli::testing
