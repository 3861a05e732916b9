// Scheduled jobs: every period (a minute by default) the runner escalates the residents' problems
// that passed a deadline (app::AppealService::EscalateOverdue) and flags the branch's member tasks
// that passed theirs (app::MemberTaskService::EscalateOverdue). With the test clock the server
// also runs the jobs at once whenever the clock is moved, so that tests see escalations without
// waiting.
// Thread-safety: Start/Stop from the owning thread; RunNow from any thread (runs are serialised).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/context.hpp"

namespace linli::jobs {

struct JobReport {
  int escalated = 0;        // overdue appeals moved up
  int tasks_escalated = 0;  // overdue member tasks flagged (and moved up where possible)
};

class JobRunner {
 public:
  JobRunner(app::Env env, std::chrono::milliseconds period) : env_(env), period_(period) {}
  ~JobRunner() { Stop(); }
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void Start();
  void Stop();
  // Runs every job once now.
  JobReport RunNow();

 private:
  app::Env env_;
  std::chrono::milliseconds period_;
  std::mutex run_mu_;  // one run at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace linli::jobs
