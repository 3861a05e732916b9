#include "domain/members/members.hpp"

#include <cstdio>

#include "core/text.hpp"
#include "core/time_format.hpp"

namespace linli::domain {
namespace {

template <class E, size_t N>
std::optional<E> ParseByName(std::string_view text, const E (&all)[N],
                             std::string_view (*name)(E)) {
  for (E e : all)
    if (name(e) == text) return e;
  return std::nullopt;
}

bool ValidMonthDay(int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1];
}

// Midnight at the start of the civil day in Beijing time; Feb 29 in a common year is Mar 1.
UnixSeconds DayStart(int y, int m, int d) {
  return static_cast<UnixSeconds>(DaysFromCivil(y, static_cast<unsigned>(m), 1) + (d - 1)) * 86400 -
         kShanghaiOffsetSeconds;
}

}  // namespace

std::string_view RegistrationStatusName(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::kPending:
      return "pending";
    case RegistrationStatus::kConfirmed:
      return "confirmed";
    case RegistrationStatus::kRejected:
      return "rejected";
    case RegistrationStatus::kEnded:
      return "ended";
  }
  return "pending";
}
std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text) {
  static constexpr RegistrationStatus kAll[] = {
      RegistrationStatus::kPending, RegistrationStatus::kConfirmed, RegistrationStatus::kRejected,
      RegistrationStatus::kEnded};
  return ParseByName(text, kAll, &RegistrationStatusName);
}
std::string_view RegistrationStatusLabel(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::kPending:
      return "待确认";
    case RegistrationStatus::kConfirmed:
      return "已报到";
    case RegistrationStatus::kRejected:
      return "未通过";
    case RegistrationStatus::kEnded:
      return "已迁出";
  }
  return "";
}

std::string ReceiptNumber(int year, std::int64_t registration_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "BD%04d-%06lld", year, static_cast<long long>(registration_id));
  return buf;
}

MemberRules DefaultMemberRules() {
  MemberRules r;
  // The first two are named in seed 000 (璧山区); the other three are Linli's defaults, which a
  // district replaces with its own template.
  r.required = {"支持小区党支部和业委会工作", "结对2户以上非党员小区业主",
                "带头遵守业主公约和小区管理规约", "带头参加小区志愿服务和公益活动",
                "带头收集反映居民诉求、化解邻里矛盾"};
  return r;
}

Status CheckMemberRules(const MemberRules& r) {
  auto range = [](int v, int lo, int hi, const char* field) -> Status {
    if (v < lo || v > hi)
      return InvalidArgument(std::string(field) + " must be between " + std::to_string(lo) +
                                 " and " + std::to_string(hi) + ", not " + std::to_string(v),
                             field);
    return {};
  };
  LINLI_TRY(range(r.renew_months, 0, 36, "renew_months"));
  LINLI_TRY(range(r.target_minutes, 0, 1000 * 60, "target_minutes"));
  LINLI_TRY(range(r.target_points, 0, 10000, "target_points"));
  LINLI_TRY(range(r.visit_minutes, 0, 24 * 60, "visit_minutes"));
  LINLI_TRY(range(r.visit_points, 0, 100, "visit_points"));
  LINLI_TRY(range(r.task_points, 0, 100, "task_points"));
  LINLI_TRY(range(r.appeal_points, 0, 100, "appeal_points"));
  LINLI_TRY(range(r.min_pairs, 0, 20, "min_pairs"));
  if (!ValidMonthDay(r.report_from_month, r.report_from_day))
    return InvalidArgument("report_from must be a month and day such as 01-01", "report_from");
  if (!ValidMonthDay(r.report_to_month, r.report_to_day))
    return InvalidArgument("report_to must be a month and day such as 01-31", "report_to");
  if (r.report_to_month * 100 + r.report_to_day < r.report_from_month * 100 + r.report_from_day)
    return InvalidArgument("report_to must not be before report_from (both in the next year)",
                           "report_to");
  if (r.required.empty() || r.required.size() > 10)
    return InvalidArgument("required must list 1 to 10 commitments", "required");
  for (size_t i = 0; i < r.required.size(); ++i) {
    const auto t = Trim(r.required[i]);
    if (Utf8Length(t) < 2 || Utf8Length(t) > 200)
      return InvalidArgument("each required commitment must be 2 to 200 characters",
                             "required[" + std::to_string(i) + "]");
  }
  return {};
}

std::optional<UnixSeconds> RenewalDue(const MemberRules& r, UnixSeconds since) {
  if (r.renew_months <= 0) return std::nullopt;
  const long long day = (since + kShanghaiOffsetSeconds) / 86400;
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  int months = static_cast<int>(m) - 1 + r.renew_months;
  y += months / 12;
  m = static_cast<unsigned>(months % 12) + 1;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const unsigned last = m == 2 && leap ? 29 : kDays[m - 1];
  if (d > last) d = last;
  return static_cast<UnixSeconds>(DaysFromCivil(y, m, d)) * 86400 - kShanghaiOffsetSeconds +
         ((since + kShanghaiOffsetSeconds) % 86400);
}

std::string_view CommitmentReviewName(CommitmentReview r) {
  switch (r) {
    case CommitmentReview::kNone:
      return "";
    case CommitmentReview::kKept:
      return "kept";
    case CommitmentReview::kPartly:
      return "partly";
    case CommitmentReview::kNotKept:
      return "not_kept";
  }
  return "";
}
std::optional<CommitmentReview> ParseCommitmentReview(std::string_view text) {
  static constexpr CommitmentReview kAll[] = {CommitmentReview::kNone, CommitmentReview::kKept,
                                              CommitmentReview::kPartly,
                                              CommitmentReview::kNotKept};
  return ParseByName(text, kAll, &CommitmentReviewName);
}
std::string_view CommitmentReviewLabel(CommitmentReview r) {
  switch (r) {
    case CommitmentReview::kNone:
      return "待评议";
    case CommitmentReview::kKept:
      return "已践诺";
    case CommitmentReview::kPartly:
      return "部分践诺";
    case CommitmentReview::kNotKept:
      return "未践诺";
  }
  return "";
}

Status CheckOwnCommitments(const std::vector<std::string>& own) {
  if (own.empty() || own.size() > 5)
    return InvalidArgument("make 1 to 5 commitments of your own (自选承诺)", "own");
  for (size_t i = 0; i < own.size(); ++i) {
    const auto t = Trim(own[i]);
    if (Utf8Length(t) < 2 || Utf8Length(t) > 200)
      return InvalidArgument("each commitment must be 2 to 200 characters",
                             "own[" + std::to_string(i) + "]");
  }
  return {};
}

std::pair<UnixSeconds, UnixSeconds> ReportWindow(const MemberRules& r, int year) {
  return {DayStart(year + 1, r.report_from_month, r.report_from_day),
          DayStart(year + 1, r.report_to_month, r.report_to_day) + 86400};
}

Status CheckReportWindow(const MemberRules& r, int year, UnixSeconds now) {
  auto [from, to] = ReportWindow(r, year);
  if (now < from || now >= to)
    return FailedPrecondition("reports on the commitments of " + std::to_string(year) +
                                  " are taken from " + FormatDate(from) + " to " +
                                  FormatDate(to - 86400) + "; today is " + FormatDate(now),
                              "report");
  return {};
}

std::string_view TaskSourceName(TaskSource s) {
  switch (s) {
    case TaskSource::kProblem:
      return "problem";
    case TaskSource::kDecision:
      return "decision";
    case TaskSource::kPlan:
      return "plan";
  }
  return "plan";
}
std::optional<TaskSource> ParseTaskSource(std::string_view text) {
  static constexpr TaskSource kAll[] = {TaskSource::kProblem, TaskSource::kDecision,
                                        TaskSource::kPlan};
  return ParseByName(text, kAll, &TaskSourceName);
}

std::string_view TaskSourceLabel(TaskSource s) {
  switch (s) {
    case TaskSource::kProblem:
      return "居民诉求";
    case TaskSource::kDecision:
      return "议事决定";
    case TaskSource::kPlan:
      return "支部计划";
  }
  return "";
}

std::string_view TaskStatusLabel(TaskStatus s) {
  switch (s) {
    case TaskStatus::kOpen:
      return "进行中";
    case TaskStatus::kDone:
      return "已完成";
    case TaskStatus::kCancelled:
      return "已取消";
  }
  return "";
}

Status CheckTaskDraft(const TaskDraft& d, UnixSeconds now) {
  const auto title = Trim(d.title);
  if (Utf8Length(title) < 2 || Utf8Length(title) > 60)
    return InvalidArgument("title must be 2 to 60 characters, such as \"检查10部电梯的维保记录\"",
                           "title");
  if (Utf8Length(Trim(d.description)) > 2000)
    return InvalidArgument("description must be at most 2000 characters", "description");
  if (d.source == TaskSource::kProblem && !d.appeal_id)
    return InvalidArgument("a task from a residents' problem names it: give appeal_id",
                           "appeal_id");
  if (d.source != TaskSource::kProblem && d.appeal_id)
    return InvalidArgument("appeal_id is given only when source is problem", "appeal_id");
  const auto note = Trim(d.source_note);
  if (d.source == TaskSource::kDecision && Utf8Length(note) < 2)
    return InvalidArgument(
        "a task from a meeting decision says which: give source_note, such as "
        "\"3月议事会决定\"",
        "source_note");
  if (Utf8Length(note) > 200)
    return InvalidArgument("source_note must be at most 200 characters", "source_note");
  if (d.due_at <= now)
    return InvalidArgument("due_at must be in the future; it is " + FormatTime(d.due_at) +
                               " and now is " + FormatTime(now),
                           "due_at");
  if (d.due_at > now + 366LL * 86400)
    return InvalidArgument("due_at must be within a year from now", "due_at");
  if (d.needed < 1 || d.needed > kMaxTaskPlaces)
    return InvalidArgument(
        "needed (how many people the task needs) must be 1 to " + std::to_string(kMaxTaskPlaces),
        "needed");
  if (d.hours_minutes < 0 || d.hours_minutes > kMaxTaskMinutes)
    return InvalidArgument("hours_minutes must be 0 to " + std::to_string(kMaxTaskMinutes),
                           "hours_minutes");
  if (d.points < 0 || d.points > kMaxTaskPoints)
    return InvalidArgument("points must be 0 to " + std::to_string(kMaxTaskPoints), "points");
  return {};
}

std::string_view TaskStatusName(TaskStatus s) {
  switch (s) {
    case TaskStatus::kOpen:
      return "open";
    case TaskStatus::kDone:
      return "done";
    case TaskStatus::kCancelled:
      return "cancelled";
  }
  return "open";
}
std::optional<TaskStatus> ParseTaskStatus(std::string_view text) {
  static constexpr TaskStatus kAll[] = {TaskStatus::kOpen, TaskStatus::kDone,
                                        TaskStatus::kCancelled};
  return ParseByName(text, kAll, &TaskStatusName);
}

std::string_view ClaimStatusName(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::kClaimed:
      return "claimed";
    case ClaimStatus::kSubmitted:
      return "submitted";
    case ClaimStatus::kAccepted:
      return "accepted";
    case ClaimStatus::kReturned:
      return "returned";
    case ClaimStatus::kWithdrawn:
      return "withdrawn";
  }
  return "claimed";
}
std::optional<ClaimStatus> ParseClaimStatus(std::string_view text) {
  static constexpr ClaimStatus kAll[] = {ClaimStatus::kClaimed, ClaimStatus::kSubmitted,
                                         ClaimStatus::kAccepted, ClaimStatus::kReturned,
                                         ClaimStatus::kWithdrawn};
  return ParseByName(text, kAll, &ClaimStatusName);
}
std::string_view ClaimStatusLabel(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::kClaimed:
      return "进行中";
    case ClaimStatus::kSubmitted:
      return "待验收";
    case ClaimStatus::kAccepted:
      return "已验收";
    case ClaimStatus::kReturned:
      return "退回整改";
    case ClaimStatus::kWithdrawn:
      return "已放弃";
  }
  return "";
}

bool ClaimHoldsPlace(ClaimStatus s) { return s != ClaimStatus::kWithdrawn; }

std::string_view ClaimActionName(ClaimAction a) {
  switch (a) {
    case ClaimAction::kProgress:
      return "progress";
    case ClaimAction::kSubmit:
      return "submit";
    case ClaimAction::kAccept:
      return "accept";
    case ClaimAction::kReturn:
      return "return";
    case ClaimAction::kWithdraw:
      return "withdraw";
  }
  return "progress";
}
std::optional<ClaimAction> ParseClaimAction(std::string_view text) {
  static constexpr ClaimAction kAll[] = {ClaimAction::kProgress, ClaimAction::kSubmit,
                                         ClaimAction::kAccept, ClaimAction::kReturn,
                                         ClaimAction::kWithdraw};
  return ParseByName(text, kAll, &ClaimActionName);
}

bool ClaimerAction(ClaimAction a) {
  return a == ClaimAction::kProgress || a == ClaimAction::kSubmit || a == ClaimAction::kWithdraw;
}

Status CheckClaimActionText(ClaimAction a, std::string_view note, std::string_view report) {
  const auto n = Utf8Length(Trim(note));
  if (n > 500) return InvalidArgument("note must be at most 500 characters", "note");
  switch (a) {
    case ClaimAction::kProgress:
      if (n == 0)
        return InvalidArgument("say how the work is going in note, such as \"已检查6部\"", "note");
      break;
    case ClaimAction::kSubmit: {
      const auto r = Utf8Length(Trim(report));
      if (r == 0)
        return InvalidArgument("report what was done, such as \"10部电梯已全部检查\"", "report");
      if (r > 2000) return InvalidArgument("report must be at most 2000 characters", "report");
      break;
    }
    case ClaimAction::kReturn:
      if (n == 0)
        return InvalidArgument("say in note why the result is sent back and what to put right",
                               "note");
      break;
    case ClaimAction::kAccept:
    case ClaimAction::kWithdraw:
      break;
  }
  return {};
}

Result<ClaimStatus> ApplyClaimAction(ClaimStatus current, ClaimAction action) {
  const bool working = current == ClaimStatus::kClaimed || current == ClaimStatus::kReturned;
  auto refuse = [&](std::string_view why) -> Result<ClaimStatus> {
    return FailedPrecondition("cannot " + std::string(ClaimActionName(action)) +
                              " a claim that is " + std::string(ClaimStatusName(current)) + ": " +
                              std::string(why));
  };
  switch (action) {
    case ClaimAction::kProgress:
      if (working) return current;
      return refuse("progress is reported while the work is under way");
    case ClaimAction::kSubmit:
      if (working) return ClaimStatus::kSubmitted;
      return refuse("only work under way can be submitted for acceptance");
    case ClaimAction::kAccept:
      if (current == ClaimStatus::kSubmitted) return ClaimStatus::kAccepted;
      return refuse("only a submitted result can be accepted");
    case ClaimAction::kReturn:
      if (current == ClaimStatus::kSubmitted || current == ClaimStatus::kAccepted)
        return ClaimStatus::kReturned;
      return refuse("only a submitted or accepted result can be sent back");
    case ClaimAction::kWithdraw:
      if (working) return ClaimStatus::kWithdrawn;
      return refuse("only a claim still under way can be given up");
  }
  return refuse("unknown action");
}

Status CheckClaimable(TaskStatus status, UnixSeconds due_at, int needed, int places_taken,
                      UnixSeconds now) {
  if (status != TaskStatus::kOpen)
    return FailedPrecondition("the task is " + std::string(TaskStatusName(status)) +
                              "; only open tasks can be claimed");
  if (now >= due_at)
    return FailedPrecondition("the task's deadline " + FormatTime(due_at) +
                              " has passed; it can no longer be claimed");
  if (places_taken >= needed)
    return FailedPrecondition("the task is full: it needs " + std::to_string(needed) + " and " +
                              std::to_string(places_taken) + " have claimed it");
  return {};
}

bool TaskOverdue(TaskStatus status, UnixSeconds due_at, UnixSeconds now) {
  return status == TaskStatus::kOpen && now >= due_at;
}

std::string_view RecordKindName(RecordKind k) {
  switch (k) {
    case RecordKind::kVisit:
      return "visit";
    case RecordKind::kTask:
      return "task";
    case RecordKind::kAppeal:
      return "appeal";
    case RecordKind::kEntry:
      return "entry";
  }
  return "entry";
}
std::string_view RecordKindLabel(RecordKind k) {
  switch (k) {
    case RecordKind::kVisit:
      return "入户走访";
    case RecordKind::kTask:
      return "认领任务";
    case RecordKind::kAppeal:
      return "办理诉求";
    case RecordKind::kEntry:
      return "支部记录";
  }
  return "";
}

RecordSummary SummariseRecord(const std::vector<RecordItem>& items, const MemberRules& rules) {
  RecordSummary s;
  for (const auto& i : items) {
    s.minutes += i.minutes;
    s.points += i.points;
    switch (i.kind) {
      case RecordKind::kVisit:
        ++s.visits;
        break;
      case RecordKind::kTask:
        ++s.tasks;
        break;
      case RecordKind::kAppeal:
        ++s.appeals;
        break;
      case RecordKind::kEntry:
        ++s.entries;
        break;
    }
  }
  s.target_met = (rules.target_minutes > 0 && s.minutes >= rules.target_minutes) ||
                 (rules.target_points > 0 && s.points >= rules.target_points);
  return s;
}

std::string QuarterStart(std::string_view date) {
  if (date.size() < 7) return std::string(date);
  const int m = (date[5] - '0') * 10 + (date[6] - '0');
  const int q = (m - 1) / 3;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4s-%02d-01", date.data(), q * 3 + 1);
  return buf;
}

}  // namespace linli::domain
