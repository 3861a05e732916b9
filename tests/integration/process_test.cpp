// The linli binary as an operator runs it: the subcommands, the start-up refusals, and a
// graceful stop on SIGTERM while a request is in flight.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include "harness.hpp"

#ifndef LINLI_BINARY
#error "LINLI_BINARY must name the linli executable"
#endif

namespace linli::testing {
namespace {
namespace fs = std::filesystem;

struct Run {
  int status = -1;
  std::string output;
};

Run Exec(const std::string& command) {
  Run r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string TempDir() {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("linli-proc-" + std::to_string(rd()));
  fs::create_directories(dir);
  return dir.string();
}

TEST(Process, SubcommandsMigrateCreateAdminAndRefuseBadInput) {
  const std::string bin = LINLI_BINARY, dir = TempDir(), db = "sqlite:" + dir + "/p.db";
  auto migrate = Exec(bin + " migrate --db " + db);
  EXPECT_EQ(migrate.status, 0) << migrate.output;
  EXPECT_NE(migrate.output.find("schema at version"), std::string::npos);
  auto admin =
      Exec(bin + " admin create --db " + db + " --phone 13800000000 --password Admin12345");
  EXPECT_EQ(admin.status, 0) << admin.output;
  auto weak = Exec(bin + " admin create --db " + db + " --phone 13800000000 --password short");
  EXPECT_NE(weak.status, 0);
  EXPECT_NE(weak.output.find("at least 8"), std::string::npos) << weak.output;
  auto bad_url = Exec(bin + " migrate --db mysql://x");
  EXPECT_NE(bad_url.status, 0);
  EXPECT_NE(bad_url.output.find("sqlite:"), std::string::npos) << bad_url.output;
  // The test clock is refused with a production (PostgreSQL) store unless forced.
  auto refused = Exec(bin + " serve --db postgresql://127.0.0.1:1/x --test-clock --port 0");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.output.find("--test-clock is refused"), std::string::npos) << refused.output;
  fs::remove_all(dir);
}

TEST(Process, StopsGracefullyOnSigterm) {
  const std::string bin = LINLI_BINARY, dir = TempDir(), db = "sqlite:" + dir + "/p.db";
  ASSERT_EQ(Exec(bin + " migrate --db " + db).status, 0);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execl(bin.c_str(), bin.c_str(), "serve", "--db", db.c_str(), "--port", "0", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  // "Linli listening on http://127.0.0.1:PORT/"
  std::string line;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  auto colon = line.rfind(':');
  ASSERT_NE(colon, std::string::npos) << line;
  const int port = std::stoi(line.substr(colon + 1));
  auto ok = Exec("curl -s http://127.0.0.1:" + std::to_string(port) + "/healthz");
  EXPECT_NE(ok.output.find("\"ok\""), std::string::npos) << ok.output;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(15))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "linli serve did not stop within 15 s of SIGTERM";
  }
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ::close(out[0]);
  fs::remove_all(dir);
}

// Starts `linli serve` on a free port; returns its pid and port.
std::pair<pid_t, int> StartServer(const std::string& bin, const std::string& db) {
  int out[2];
  if (::pipe(out) != 0) return {-1, 0};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execl(bin.c_str(), bin.c_str(), "serve", "--db", db.c_str(), "--port", "0", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  // Log lines may come first: wait for "Linli listening on http://127.0.0.1:PORT/".
  std::string line;
  char c;
  while (line.find("Linli listening on") == std::string::npos) {
    line.clear();
    ssize_t n = 0;
    while ((n = ::read(out[0], &c, 1)) == 1 && c != '\n') line += c;
    if (n != 1) break;
  }
  // The read end stays open (and leaks until the test ends): the server keeps logging to it.
  auto colon = line.rfind(':');
  if (line.find("Linli listening on") == std::string::npos || colon == std::string::npos)
    return {pid, 0};
  return {pid, std::stoi(line.substr(colon + 1))};
}

// One request with curl; the body of the answer as JSON (a string when it is not JSON).
boost::json::value Curl(int port, const std::string& method, const std::string& path,
                        const std::string& body = "", const std::string& token = "") {
  std::string cmd = "curl -s -X " + method + " -H 'Content-Type: application/json'";
  if (!token.empty()) cmd += " -H 'Authorization: Bearer " + token + "'";
  if (!body.empty()) cmd += " --data-binary '" + body + "'";
  cmd += " http://127.0.0.1:" + std::to_string(port) + path;
  auto r = Exec(cmd);
  boost::system::error_code ec;
  auto v = boost::json::parse(r.output, ec);
  return ec ? boost::json::value(r.output) : v;
}

std::int64_t IdOf(const boost::json::value& v) {
  const auto* o = v.if_object();
  const auto* id = o ? o->if_contains("id") : nullptr;
  return id && id->is_int64() ? id->as_int64() : 0;
}

// Quality bar of the residents' problems: a problem that got a 2xx answer is stored, even when
// the server is killed (SIGKILL, no shutdown) right after answering.
TEST(Process, AnsweredAppealSurvivesAKilledServer) {
  const std::string bin = LINLI_BINARY, dir = TempDir(), db = "sqlite:" + dir + "/p.db";
  ASSERT_EQ(Exec(bin + " migrate --db " + db).status, 0);
  ASSERT_EQ(
      Exec(bin + " admin create --db " + db + " --phone 13800000000 --password Admin12345").status,
      0);
  auto [pid, port] = StartServer(bin, db);
  ASSERT_GT(port, 0);
  auto login = Curl(port, "POST", "/api/v1/auth/login",
                    R"({"phone":"13800000000","password":"Admin12345"})");
  ASSERT_TRUE(login.is_object()) << login;
  const std::string token(login.as_object().at("token").as_string());
  std::int64_t parent = 0;
  for (const char* kind : {"district", "street", "community", "estate"}) {
    std::string body = std::string(R"({"kind":")") + kind + R"(","name":")" + kind + "1\"" +
                       (parent ? ",\"parent_id\":" + std::to_string(parent) : "") + "}";
    parent = IdOf(Curl(port, "POST", "/api/v1/units", body, token));
    ASSERT_GT(parent, 0) << kind;
  }
  auto filed = Curl(
      port, "POST", "/api/v1/appeals",
      R"({"estate_id":)" + std::to_string(parent) +
          R"(,"category":"sanitation","channel":"hotline","description":"垃圾桶满了没人清运","place":{"text":"北门"}})",
      token);
  const std::int64_t id = IdOf(filed);
  ASSERT_GT(id, 0) << filed;
  // Killed at once: no graceful stop, no checkpoint.
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);

  auto [pid2, port2] = StartServer(bin, db);
  ASSERT_GT(port2, 0);
  auto again = Curl(port2, "GET", "/api/v1/appeals/" + std::to_string(id), "", token);
  EXPECT_EQ(IdOf(again), id) << again;
  ASSERT_TRUE(again.is_object());
  EXPECT_EQ(again.as_object().at("description").as_string(), "垃圾桶满了没人清运");
  EXPECT_EQ(again.as_object().at("timeline").as_array().size(), 1u);
  ::kill(pid2, SIGTERM);
  ::waitpid(pid2, nullptr, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace linli::testing
