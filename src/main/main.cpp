// The linli command: serve, migrate, admin create, demo, keygen.
#include <spdlog/spdlog.h>

#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/accounts.hpp"
#include "core/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "jobs/job_runner.hpp"
#include "main/config.hpp"
#include "main/demo.hpp"

using namespace linli;

namespace {

int Serve(const std::string& db_url, int port, const std::string& address,
          const std::string& web_dir, bool test_clock, bool force_test_clock,
          const std::string& key_file, int workers) {
  const bool postgres = db_url.rfind("sqlite:", 0) != 0;
  // SIGTERM and SIGINT stop the server. They are blocked here, before any thread starts (threads
  // inherit the mask), and taken by one thread with sigwait, which then calls Stop as ordinary
  // code: Stop called from a signal handler could wait forever for a lock that the interrupted
  // thread holds (seen: the event loop's mutex, while posting a write).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  if (test_clock && postgres && !force_test_clock)
    throw std::runtime_error(
        "--test-clock is refused with a PostgreSQL database (a production store); add "
        "--force-test-clock if you mean it");
  auto db = main::OpenOrDie(db_url, true);
  FieldCipher cipher = main::LoadDataKey(db_url, key_file);
  SystemClock system_clock;
  ManualClock manual_clock;
  const Clock& clock = test_clock ? static_cast<const Clock&>(manual_clock) : system_clock;
  app::Env env{*db, clock, cipher};
  app::AccountService accounts(env);
  http::Api api{env, accounts, test_clock ? &manual_clock : nullptr, web_dir};
  jobs::JobRunner job_runner(env, std::chrono::seconds(60));
  if (test_clock) api.run_jobs = [&job_runner] { return job_runner.RunNow().escalated; };
  http::Router router;
  http::RegisterAllRoutes(router, api);

  http::ServerOptions opts;
  opts.address = address;
  opts.port = static_cast<std::uint16_t>(port);
  opts.worker_threads = workers;
  http::Server server(router, opts);
  const auto bound = server.Start();
  job_runner.Start();
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout (log pipe) must not stop the server
  std::thread signal_waiter([&server, &stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.Stop();
  });
  std::cout << "Linli listening on http://" << address << ":" << bound << "/" << std::endl;
  spdlog::info("serving {} with {} ({}){}", web_dir.empty() ? "the API" : "the API and " + web_dir,
               db_url, postgres ? "PostgreSQL" : "SQLite", test_clock ? ", test clock on" : "");
  server.Run();
  pthread_kill(signal_waiter.native_handle(), SIGTERM);  // wakes it if no signal came
  signal_waiter.join();
  job_runner.Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (!InitCrypto()) {
    std::cerr << "libsodium failed to initialise\n";
    return 1;
  }
  CLI::App cli{"Linli (邻里): party-led residential-community governance"};
  cli.require_subcommand(1);
  std::string db_url = "sqlite:linli.db";
  std::string key_file;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (migrates the database first)");
  int port = 8080, workers = http::ServerOptions{}.worker_threads;
  std::string address = "127.0.0.1", web_dir;
  bool test_clock = false, force_test_clock = false;
  serve->add_option("--db", db_url, "sqlite:PATH or postgresql://...")->required();
  serve->add_option("--port", port, "TCP port; 0 picks a free one")->check(CLI::Range(0, 65535));
  serve->add_option("--address", address, "address to listen on");
  serve->add_option("--web", web_dir, "folder of the built console (web/dist)");
  serve->add_option("--workers", workers, "request worker threads (default 16)")
      ->check(CLI::Range(1, 64));
  serve->add_flag("--test-clock", test_clock,
                  "let POST /api/v1/test/clock set the time (tests only)");
  serve->add_flag("--force-test-clock", force_test_clock, "allow --test-clock with PostgreSQL");
  serve->add_option("--data-key-file", key_file, "file holding the 64-hex-character data key");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations");
  migrate->add_option("--db", db_url, "sqlite:PATH or postgresql://...")->required();

  auto* admin = cli.add_subcommand("admin", "Administer accounts");
  admin->require_subcommand(1);
  auto* admin_create =
      admin->add_subcommand("create", "Create an administrator (or reset its password)");
  std::string phone, password, name = "管理员";
  admin_create->add_option("--db", db_url, "sqlite:PATH or postgresql://...")->required();
  admin_create->add_option("--phone", phone, "mobile number used to log in")->required();
  admin_create->add_option("--password", password, "at least 8 characters")->required();
  admin_create->add_option("--name", name, "display name");
  admin_create->add_option("--data-key-file", key_file, "file holding the data key");

  auto* demo = cli.add_subcommand("demo", "Load the demo data (safe to run twice)");
  demo->add_option("--db", db_url, "sqlite:PATH or postgresql://...")->required();
  demo->add_option("--data-key-file", key_file, "file holding the data key");

  auto* keygen = cli.add_subcommand("keygen", "Print a new random data key");

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*serve)
      return Serve(db_url, port, address, web_dir, test_clock, force_test_clock, key_file, workers);
    if (*keygen) {
      std::cout << FieldCipher::GenerateKeyHex() << "\n";
      return 0;
    }
    auto db = main::OpenOrDie(db_url, true);
    if (*migrate) {
      auto status = storage::MigrationStatus(*db);
      std::cout << "schema at version " << (status ? status->second : 0) << "\n";
      return 0;
    }
    FieldCipher cipher = main::LoadDataKey(db_url, key_file);
    SystemClock clock;
    app::Env env{*db, clock, cipher};
    if (*admin_create) {
      app::AccountService accounts(env);
      auto a = accounts.CreateAdmin(phone, password, name);
      if (!a) {
        std::cerr << "error: " << a.error().message << "\n";
        return 2;
      }
      std::cout << "administrator " << a->phone << " (account " << a->id << ") can log in\n";
      return 0;
    }
    if (*demo) {
      auto st = main::LoadDemo(env, true);
      if (!st) {
        std::cerr << "error: " << st.error().message << "\n";
        return 2;
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
