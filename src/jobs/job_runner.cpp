#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>

#include "app/appeals.hpp"
#include "app/member_tasks.hpp"

namespace linli::jobs {

void JobRunner::Start() {
  if (thread_.joinable()) return;  // already running
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (cv_.wait_for(lock, period_, [this] { return stop_; })) break;
      lock.unlock();
      RunNow();
      lock.lock();
    }
  });
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

JobReport JobRunner::RunNow() {
  std::lock_guard lock(run_mu_);
  JobReport report;
  auto moved = app::AppealService(env_).EscalateOverdue();
  if (!moved)
    spdlog::warn("escalating overdue appeals failed: {}", moved.error().message);
  else
    report.escalated = *moved;
  if (report.escalated > 0) spdlog::info("escalated {} overdue appeal(s)", report.escalated);
  auto tasks = app::MemberTaskService(env_).EscalateOverdue();
  if (!tasks)
    spdlog::warn("flagging overdue member tasks failed: {}", tasks.error().message);
  else
    report.tasks_escalated = *tasks;
  if (report.tasks_escalated > 0)
    spdlog::info("flagged {} overdue member task(s)", report.tasks_escalated);
  return report;
}

}  // namespace linli::jobs
