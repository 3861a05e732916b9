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

}  // namespace
}  // namespace linli::testing
