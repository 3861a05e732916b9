// Party members in their estate (在职党员回小区报到; DOMAIN.md §2, RULES.md §8): registration and
// its renewal, the rules a unit sets (inherited down the tree), yearly commitments and their
// report window, pairing, task claims, and the service record derived from what happened.
// Pure domain code: no I/O, the time always passed in. Thread-safety: plain values and pure
// functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace linli::domain {

// ---- Registration (报到) ------------------------------------------------------------------------

enum class RegistrationStatus { kPending, kConfirmed, kRejected, kEnded };
std::string_view RegistrationStatusName(RegistrationStatus s);
std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text);
std::string_view RegistrationStatusLabel(RegistrationStatus s);  // 待确认, 已报到, ...

// The receipt number printed on the 报到回执单: "BD" + year + "-" + 6-digit id.
std::string ReceiptNumber(int year, std::int64_t registration_id);

// ---- Rules per unit (nearest ancestor's rules apply) --------------------------------------------

struct MemberRules {
  int renew_months = 6;          // re-register every N months (0: never)
  int target_minutes = 50 * 60;  // yearly service target: hours ...
  int target_points = 60;        // ... or points, whichever is met first
  int visit_minutes = 30;        // credited per door-knocking visit
  int visit_points = 1;
  int task_points = 5;    // a task accepted, unless the task says otherwise
  int appeal_points = 3;  // a problem the member handled to resolution
  int report_from_month = 1, report_from_day = 1;  // commitment reports for year Y are taken
  int report_to_month = 1, report_to_day = 31;     // from..to (inclusive) of year Y + 1
  int min_pairs = 2;                               // households each member pairs with
  std::vector<std::string> required;               // the required commitments (5 by default)
};
MemberRules DefaultMemberRules();
// Checks ranges and texts; errors name the field (e.g. "required[2]").
Status CheckMemberRules(const MemberRules& r);

// When a registration confirmed (or last renewed) at `since` falls due for renewal.
std::optional<UnixSeconds> RenewalDue(const MemberRules& r, UnixSeconds since);

// ---- Commitments (承诺, 践诺)
// ---------------------------------------------------------------------

enum class CommitmentReview { kNone, kKept, kPartly, kNotKept };
std::string_view CommitmentReviewName(CommitmentReview r);
std::optional<CommitmentReview> ParseCommitmentReview(std::string_view text);
std::string_view CommitmentReviewLabel(CommitmentReview r);  // 已践诺, 部分践诺, 未践诺

// A member's own commitments for a year: at least one, each 2 to 200 characters (field own[i]).
Status CheckOwnCommitments(const std::vector<std::string>& own);
// The report window of a year's commitments, as [start, end) in Beijing time.
std::pair<UnixSeconds, UnixSeconds> ReportWindow(const MemberRules& r, int year);
// Refuses a report outside the window with a message giving the window (failed_precondition).
Status CheckReportWindow(const MemberRules& r, int year, UnixSeconds now);

// ---- Tasks (认领任务单) -------------------------------------------------------------------------

enum class TaskSource { kProblem, kDecision, kPlan };
std::string_view TaskSourceName(TaskSource s);
std::optional<TaskSource> ParseTaskSource(std::string_view text);
std::string_view TaskSourceLabel(TaskSource s);  // 居民诉求, 议事决定, 支部计划

enum class TaskStatus { kOpen, kDone, kCancelled };
std::string_view TaskStatusName(TaskStatus s);
std::optional<TaskStatus> ParseTaskStatus(std::string_view text);
std::string_view TaskStatusLabel(TaskStatus s);  // 进行中, 已完成, 已取消

// What the branch publishes (认领任务单), before it is stored.
struct TaskDraft {
  std::string title;        // 2..60 characters
  std::string description;  // up to 2000 characters
  TaskSource source = TaskSource::kPlan;
  std::optional<std::int64_t> appeal_id;  // required for kProblem, refused otherwise
  std::string source_note;                // the decision (required for kDecision), up to 200
  UnixSeconds due_at = 0;                 // after `now`, within a year
  int needed = 1;                         // 1..kMaxTaskPlaces people
  int hours_minutes = 0;                  // credited per accepted claim, 0..kMaxTaskMinutes
  int points = 0;                         // credited per accepted claim, 0..100
};
constexpr int kMaxTaskPlaces = 100;
constexpr int kMaxTaskMinutes = 100 * 60;
constexpr int kMaxTaskPoints = 100;
// Checks a draft at time `now`; errors name the field (invalid_argument). Texts are compared
// trimmed; the caller stores them trimmed.
Status CheckTaskDraft(const TaskDraft& d, UnixSeconds now);

enum class ClaimStatus { kClaimed, kSubmitted, kAccepted, kReturned, kWithdrawn };
std::string_view ClaimStatusName(ClaimStatus s);
std::optional<ClaimStatus> ParseClaimStatus(std::string_view text);
std::string_view ClaimStatusLabel(ClaimStatus s);

// Claims that hold a place on the task (not withdrawn).
bool ClaimHoldsPlace(ClaimStatus s);

enum class ClaimAction { kProgress, kSubmit, kAccept, kReturn, kWithdraw };
std::string_view ClaimActionName(ClaimAction a);
std::optional<ClaimAction> ParseClaimAction(std::string_view text);
// Who takes an action: the member who claimed (progress, submit, withdraw) or the owners'
// representatives who accept (accept, return).
bool ClaimerAction(ClaimAction a);
// The text an action needs: a progress note, a submitted report, a reason for sending back.
// Checks it (trimmed, at most 2000 characters for a report, 500 otherwise); field "note" or
// "report".
Status CheckClaimActionText(ClaimAction a, std::string_view note, std::string_view report);

// The claim's status after `action`, or failed_precondition naming the current status.
Result<ClaimStatus> ApplyClaimAction(ClaimStatus current, ClaimAction action);

// Whether a new claim may be taken: the task open, before its deadline, with a free place.
Status CheckClaimable(TaskStatus status, UnixSeconds due_at, int needed, int places_taken,
                      UnixSeconds now);

// A task is overdue when it is open past its deadline (its results not all accepted).
bool TaskOverdue(TaskStatus status, UnixSeconds due_at, UnixSeconds now);

// ---- The service record (全程纪实) --------------------------------------------------------------

enum class RecordKind { kVisit, kTask, kAppeal, kEntry };
std::string_view RecordKindName(RecordKind k);
std::string_view RecordKindLabel(RecordKind k);  // 入户走访, 认领任务, 办理诉求, 支部记录

struct RecordItem {
  RecordKind kind = RecordKind::kEntry;
  std::string date;  // YYYY-MM-DD, Beijing time
  std::string title;
  int minutes = 0;
  int points = 0;
  std::int64_t ref_id = 0;  // the visit, task, appeal or entry
};

struct RecordSummary {
  int minutes = 0;
  int points = 0;
  int visits = 0;
  int tasks = 0;
  int appeals = 0;
  int entries = 0;
  bool target_met = false;  // hours or points target reached
};
RecordSummary SummariseRecord(const std::vector<RecordItem>& items, const MemberRules& rules);

// The calendar quarter (1-4) and its first day "YYYY-MM-DD" of a date "YYYY-MM-DD".
std::string QuarterStart(std::string_view date);

}  // namespace linli::domain
