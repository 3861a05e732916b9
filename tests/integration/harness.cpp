#include "harness.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <random>

#include "app/appeals.hpp"
#include "app/member_tasks.hpp"

namespace linli::testing {
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;

std::string HttpResult::ErrorCode() const {
  if (!json.is_object()) return "";
  auto* e = json.as_object().if_contains("error");
  if (!e || !e->is_object()) return "";
  auto* c = e->as_object().if_contains("code");
  return c && c->is_string() ? std::string(c->as_string()) : "";
}

std::string Str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

namespace {
std::string ErrorPart(const HttpResult& r, const char* key) {
  if (!r.json.is_object()) return "";
  auto* e = r.json.as_object().if_contains("error");
  if (!e || !e->is_object()) return "";
  auto* v = e->as_object().if_contains(key);
  return v ? Str(*v) : "";
}
}  // namespace

std::string Field(const HttpResult& r) { return ErrorPart(r, "field"); }
std::string Message(const HttpResult& r) { return ErrorPart(r, "message"); }

namespace {
bool PostgresRun() {
  const char* b = std::getenv("LINLI_IT_BACKEND");
  return b && std::string(b) == "postgres";
}

// In a PostgreSQL run without a server, every test is skipped with the reason.
class BackendEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (PostgresRun() && !storage::testing::AllBackends()[1].skip_reason.empty())
      // ctest marks a test skipped when its output has gtest's "[  SKIPPED ]" marker, which a
      // skip in the environment does not print by itself.
      GTEST_SKIP() << "[  SKIPPED ] " << storage::testing::AllBackends()[1].skip_reason;
  }
};
const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new BackendEnvironment);
}  // namespace

TestServer::TestServer(std::string db_url) {
  InitCrypto();
  storage::Database* db_ptr = nullptr;
  if (db_url.empty() && PostgresRun()) {
    auto scratch = storage::testing::AllBackends()[1].create();
    if (!scratch)
      throw std::runtime_error("cannot create a PostgreSQL test database: " +
                               scratch.error().message);
    scratch_ = std::move(*scratch);
    db_ptr = &scratch_->db();
  } else if (db_url.empty()) {
    std::random_device rd;
    dir_ = (std::filesystem::temp_directory_path() /
            ("linli-it-" + std::to_string(rd()) + std::to_string(rd())))
               .string();
    std::filesystem::create_directories(dir_);
    db_url = "sqlite:" + dir_ + "/test.db";
  }
  if (!db_ptr) {
    auto db = storage::OpenDatabase(db_url);
    if (!db) throw std::runtime_error(db.error().message);
    db_ = std::move(*db);
    db_ptr = db_.get();
  }
  auto m = storage::Migrate(*db_ptr);
  if (!m) throw std::runtime_error(m.error().message);
  clock_.Set(1772326800);  // 2026-03-01T09:00:00+08:00
  cipher_ = std::make_unique<FieldCipher>(*FieldCipher::FromHex(FieldCipher::GenerateKeyHex()));
  env_ = std::make_unique<app::Env>(app::Env{*db_ptr, clock_, *cipher_});
  accounts_ = std::make_unique<app::AccountService>(*env_);
  auto admin = accounts_->CreateAdmin(kAdminPhone, kAdminPassword, "管理员");
  if (!admin) throw std::runtime_error(admin.error().message);
  api_ = std::make_unique<http::Api>(http::Api{*env_, *accounts_, &clock_, ""});
  // As jobs::JobRunner::RunNow in `linli serve --test-clock` (the harness does not link jobs).
  api_->run_jobs = [this] {
    auto n = app::AppealService(*env_).EscalateOverdue();
    (void)app::MemberTaskService(*env_).EscalateOverdue();
    return n ? *n : 0;
  };
  router_ = std::make_unique<http::Router>();
  http::RegisterAllRoutes(*router_, *api_);
  http::ServerOptions opts;
  opts.port = 0;
  opts.io_threads = 1;
  opts.worker_threads = 4;
  opts.shutdown_grace_seconds = 2;
  server_ = std::make_unique<http::Server>(*router_, opts);
  port_ = server_->Start();
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
  server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  db_.reset();
  scratch_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

HttpResult TestServer::Call(const std::string& method, const std::string& target,
                            const std::string& body, const std::string& token,
                            const std::string& content_type,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  if (!body.empty()) req.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buffer, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  out.content_type = std::string(res[bhttp::field::content_type]);
  boost::system::error_code ec;
  auto v = json::parse(out.body, ec);
  if (!ec) out.json = std::move(v);
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return out;
}

std::string TestServer::Login(const std::string& phone, const std::string& password) {
  auto r = Post("/api/v1/auth/login", json::object{{"phone", phone}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return "";
  return std::string(r.json.at("token").as_string());
}

std::string TestServer::AdminToken() {
  if (admin_token_.empty()) admin_token_ = Login(kAdminPhone, kAdminPassword);
  return admin_token_;
}

std::string TestServer::UserWithRole(const std::string& phone, const std::string& role,
                                     std::int64_t unit_id) {
  auto admin = AdminToken();
  auto a = Post("/api/v1/accounts",
                json::object{{"phone", phone}, {"password", "Passw0rd!"}, {"name", "测试" + role}},
                admin);
  EXPECT_EQ(a.status, 201) << a.body;
  auto id = a.json.at("id").as_int64();
  auto g = Post("/api/v1/accounts/" + std::to_string(id) + "/roles",
                json::object{{"role", role}, {"unit_id", unit_id}}, admin);
  EXPECT_EQ(g.status, 201) << g.body;
  return Login(phone, "Passw0rd!");
}

std::vector<std::int64_t> TestServer::MakeTree(const std::string& estate_name) {
  auto admin = AdminToken();
  std::vector<std::int64_t> ids;
  std::optional<std::int64_t> parent;
  const char* kinds[] = {"district", "street", "community", "estate"};
  const std::string names[] = {"测试区", "测试街道", "测试社区", estate_name};
  for (int i = 0; i < 4; ++i) {
    json::object body{{"kind", kinds[i]}, {"name", names[i]}};
    if (parent) body["parent_id"] = *parent;
    auto r = Post("/api/v1/units", body, admin);
    if (r.status == 409) {  // the upper levels exist already: find them
      auto list =
          parent
              ? Get("/api/v1/units/" + std::to_string(*parent) + "/children?page_size=500", admin)
              : Get("/api/v1/units", admin);
      for (const auto& item : list.json.at("items").as_array())
        if (item.at("name").as_string() == names[i]) parent = item.at("id").as_int64();
      ids.push_back(*parent);
      continue;
    }
    EXPECT_EQ(r.status, 201) << r.body;
    parent = r.json.at("id").as_int64();
    ids.push_back(*parent);
  }
  return ids;
}

}  // namespace linli::testing
