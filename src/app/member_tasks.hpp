// Use cases of the branch's task list (党员认领任务单; DOMAIN.md §2, RULES.md §8): the branch
// publishes a task (from a residents' problem, a meeting decision or its own plan) with a deadline
// and how many people it needs; members registered with the estate claim it, report progress and
// submit the result with photos; the owners' representatives accept it or send it back; the
// branch closes or cancels the task. Open tasks past their deadline are flagged and escalate one
// level up the tree, like residents' problems. Every write is audited in its own transaction.
// The flow is explained in docs/MEMBER_TASKS.md.
// Thread-safety: MemberTaskService is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/appeals.hpp"
#include "app/context.hpp"
#include "domain/members/members.hpp"
#include "storage/repos/member_tasks.hpp"

namespace linli::app {

struct NewTask {
  std::int64_t estate_id = 0;
  std::string title;
  std::string description;
  std::string source;  // problem | decision | plan
  std::optional<std::int64_t> appeal_id;
  std::string source_note;
  std::string due_at;  // RFC 3339
  int needed = 1;
  int hours_minutes = 0;
  std::optional<int> points;  // default: task_points of the rules that apply to the estate
};

// A claim as a viewer sees it.
struct TaskClaimView {
  storage::ClaimRecord claim;  // claimer_name masked unless the viewer may read personal data
  bool mine = false;           // the viewer claimed it
  std::vector<PhotoRef> photos;
  std::vector<domain::ClaimAction> actions;  // what this viewer may do now
};

struct TaskTimelineEntry {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::string action;
  std::optional<std::int64_t> claim_id;
  std::string actor;  // masked unless the viewer may read personal data; "系统" for the clock
  std::string note;
};

// A task as a viewer sees it.
struct MemberTaskView {
  storage::TaskRecord task;
  bool overdue = false;  // open past its deadline
  std::optional<TaskClaimView> my_claim;
  bool can_claim = false;   // the viewer has a confirmed registration and the task is claimable
  bool can_manage = false;  // close / cancel
  // Get only:
  std::vector<TaskClaimView> claims;
  std::vector<TaskTimelineEntry> timeline;
};

struct TaskQuery {
  std::int64_t estate_id = 0;
  std::optional<std::string> status;  // open | done | cancelled | overdue
};

// One of the caller's claims, with its task (GET /me/task-claims).
struct MyClaimView {
  TaskClaimView claim;
  storage::TaskRecord task;
  bool overdue = false;
};

struct ClaimActionInput {
  domain::ClaimAction action = domain::ClaimAction::kProgress;
  std::string note;
  std::string report;
  std::vector<std::int64_t> photo_ids;
};

class MemberTaskService {
 public:
  explicit MemberTaskService(Env env) : env_(env) {}

  static constexpr int kMaxPhotos = 9;

  // kManageMembers on the estate.
  Result<MemberTaskView> Publish(const Principal& who, const NewTask& in);
  // kReadMembers, kManageMembers or kAcceptTasks on the estate: every task. kClaimTasks only:
  // open tasks and those the caller claimed.
  Result<Paged<MemberTaskView>> List(const Principal& who, const TaskQuery& q, Page page);
  // As List; with the claims and the timeline.
  Result<MemberTaskView> Get(const Principal& who, std::int64_t id);
  // A member with a confirmed registration with the task's estate. One claim per member and
  // task (already_exists); a full, closed or late task is refused (failed_precondition). A
  // member who withdrew may claim again while there is a place.
  Result<MemberTaskView> Claim(const Principal& who, std::int64_t task_id);
  // progress, submit, withdraw by the claimer; accept, return by kAcceptTasks on the estate
  // (never on one's own claim). Returns the task.
  Result<MemberTaskView> Act(const Principal& who, std::int64_t claim_id,
                             const ClaimActionInput& in);
  // kManageMembers: the task is done (no result may be waiting for acceptance).
  Result<MemberTaskView> Close(const Principal& who, std::int64_t id, const std::string& note);
  // kManageMembers: the task is withdrawn (only while no result was accepted or is waiting).
  Result<MemberTaskView> Cancel(const Principal& who, std::int64_t id, const std::string& note);
  // The caller's claims across estates, newest first.
  Result<Paged<MyClaimView>> MyClaims(const Principal& who, Page page);

  // The scheduled job: every open task past its deadline and not yet flagged is flagged overdue
  // once and moves one level up (estate -> community -> street -> district); the accounts that
  // manage members on the new level's unit are told. Returns how many were flagged.
  Result<int> EscalateOverdue();

 private:
  Result<MemberTaskView> GetIn(storage::Tx& tx, const Principal& who, std::int64_t id);

  Env env_;
};

}  // namespace linli::app
