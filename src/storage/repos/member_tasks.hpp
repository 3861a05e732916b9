// The branch's task list (认领任务单) in the store: tasks, the members' claims on them, the
// timeline of both, the photos a claim reports with, the overdue scan, and two reads for the
// service record and the figures that derive everything from the claims' current state (no
// second bookkeeping: a result sent back drops out by itself).
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/members/members.hpp"
#include "storage/database.hpp"
#include "storage/repos/appeals.hpp"

namespace linli::storage {

// A task as stored, with what reads join in.
struct TaskRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::string title;
  std::string description;
  domain::TaskSource source = domain::TaskSource::kPlan;
  std::optional<std::int64_t> appeal_id;
  std::string source_note;
  std::int64_t due_at = 0;
  int needed = 1;
  int hours_minutes = 0;
  int points = 0;
  domain::TaskStatus status = domain::TaskStatus::kOpen;
  std::string level = "estate";  // estate | community | street | district (AppealLevel names)
  std::int64_t level_unit_id = 0;
  bool overdue_marked = false;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> closed_at;
  std::int64_t version = 1;
  // Joined on reads.
  std::string estate_name;
  std::string level_unit_name;
  std::string created_by_name;
  int places_taken = 0;  // claims not withdrawn
};

// Inserts and returns the id (version 1).
Result<std::int64_t> InsertTask(Tx& tx, const TaskRecord& t);
Result<std::optional<TaskRecord>> FindTask(Tx& tx, std::int64_t id);
// Writes status, level, level_unit_id, overdue_marked, closed_at and version if the stored task is
// still at `expected_version`; aborted otherwise (someone changed it meanwhile).
Status UpdateTask(Tx& tx, const TaskRecord& t, std::int64_t expected_version);

struct TaskFilter {
  std::optional<std::int64_t> estate_id;
  std::vector<std::string> statuses;       // empty: any
  std::optional<std::int64_t> overdue_at;  // open with due_at <= this time
  // A member's view: open tasks, and any task this registration claimed.
  std::optional<std::int64_t> open_or_claimed_by;
};
// Newest first.
Result<std::vector<TaskRecord>> ListTasks(Tx& tx, const TaskFilter& f, std::int64_t limit,
                                          std::int64_t offset);
Result<std::int64_t> CountTasks(Tx& tx, const TaskFilter& f);
// Places taken on the task: its claims that are not withdrawn.
Result<int> CountPlacesTaken(Tx& tx, std::int64_t task_id);
// Ids of open tasks past due_at at `now` not yet marked overdue, oldest deadline first.
Result<std::vector<std::int64_t>> ListOverdueTaskIds(Tx& tx, std::int64_t now, std::int64_t limit);

// The id of the confirmed registration (报到) of the account with the estate, if any (the
// whole record: FindConfirmedRegistration in repos/members.hpp).
Result<std::optional<std::int64_t>> FindConfirmedRegistrationId(Tx& tx, std::int64_t account_id,
                                                                std::int64_t estate_id);

struct ClaimRecord {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::int64_t registration_id = 0;
  domain::ClaimStatus status = domain::ClaimStatus::kClaimed;
  std::int64_t claimed_at = 0;
  std::string progress;  // the latest progress note
  std::string report;    // the latest submitted report
  std::optional<std::int64_t> submitted_at;
  std::optional<std::int64_t> decided_at;  // accepted or sent back
  std::optional<std::int64_t> decided_by;
  std::string decision_note;
  // Joined on reads: the member behind the registration.
  std::optional<std::int64_t> account_id;
  std::string claimer_name;
};

Result<std::int64_t> InsertClaim(Tx& tx, const ClaimRecord& c);
Result<std::optional<ClaimRecord>> FindClaim(Tx& tx, std::int64_t id);
Result<std::optional<ClaimRecord>> FindClaimOf(Tx& tx, std::int64_t task_id,
                                               std::int64_t registration_id);
// Writes the claim's mutable columns if its stored status is still `expected`; aborted otherwise.
Status UpdateClaim(Tx& tx, const ClaimRecord& c, domain::ClaimStatus expected);
// In the order they were made.
Result<std::vector<ClaimRecord>> ListClaimsOfTask(Tx& tx, std::int64_t task_id);
// The account's claims across estates (through its registrations), newest first.
Result<std::vector<ClaimRecord>> ListClaimsOfAccount(Tx& tx, std::int64_t account_id,
                                                     std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountClaimsOfAccount(Tx& tx, std::int64_t account_id);

struct TaskEventRecord {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::optional<std::int64_t> claim_id;
  std::int64_t at = 0;
  std::string action;  // publish, claim, progress, submit, accept, return, withdraw, close,
                       // cancel, auto_escalate
  std::optional<std::int64_t> actor_account_id;
  std::string actor_name;
  std::string note;
};
Status InsertTaskEvent(Tx& tx, const TaskEventRecord& e);
Result<std::vector<TaskEventRecord>> ListTaskEvents(Tx& tx, std::int64_t task_id);

// Who uploaded a photo and what it is attached to already.
struct PhotoUse {
  std::optional<std::int64_t> account_id;
  std::optional<std::int64_t> appeal_id;
  std::optional<std::int64_t> task_claim_id;
};
Result<std::optional<PhotoUse>> FindPhotoUse(Tx& tx, std::int64_t photo_id);
Status AttachPhotoToClaim(Tx& tx, std::int64_t photo_id, std::int64_t claim_id);
Result<std::vector<PhotoRecord>> ListClaimPhotos(Tx& tx, std::int64_t claim_id);

// ---- Reads for the service record (全程纪实) and the figures -----------------------------------

// A claim whose current status is accepted: what the member is credited with.
struct AcceptedClaim {
  std::int64_t claim_id = 0;
  std::int64_t task_id = 0;
  std::string title;            // the task's
  std::int64_t decided_at = 0;  // when it was accepted
  int hours_minutes = 0;
  int points = 0;
};
// The registration's claims accepted (and not sent back since) with decided_at in [from, to),
// oldest first.
Result<std::vector<AcceptedClaim>> AcceptedClaimsOf(Tx& tx, std::int64_t registration_id,
                                                    UnixSeconds from, UnixSeconds to);

struct TaskFigures {
  std::int64_t claimed = 0;           // claims made in [from, to), not withdrawn
  std::int64_t accepted = 0;          // claims accepted now, decided_at in [from, to)
  std::int64_t accepted_on_time = 0;  // ... of them decided no later than the task's due_at
  std::int64_t overdue_open = 0;      // tasks still open, marked overdue, due_at in [from, to)
};
// Over the tasks of every estate whose path starts with `estate_path_prefix` (a unit's path such
// as "/1/5/": the estates below it; "/" for everything).
Result<TaskFigures> TaskFiguresUnder(Tx& tx, const std::string& estate_path_prefix,
                                     UnixSeconds from, UnixSeconds to);

}  // namespace linli::storage
