// The state machine of residents' problems (docs/APPEALS.md) as a handler and a resident meet it:
// which action is allowed in which state and what the refusal says, what each action changes, and
// the deadlines counted by the clock (hours) or by the working-day calendar (RULES.md §0).
#include "domain/appeals/appeal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/time_format.hpp"

namespace linli::domain {
namespace {

UnixSeconds T(const char* time) { return *ParseTime(time); }
DayNumber D(const char* date) { return *ParseDay(date); }
std::string F(UnixSeconds t) { return FormatTime(t); }

constexpr UnixSeconds kHour = 3600;

AppealCategory Category(const std::string& code) {
  for (auto& c : DefaultCatalogue())
    if (c.code == code) return c;
  ADD_FAILURE() << "no default category " << code;
  return {};
}

// A sanitation problem (24 hours to respond, 3 working days to solve) filed on Friday 2026-03-06
// at 10:00 Beijing time in estate 12, routed to the property company.
Appeal Sanitation(AppealStatus status = AppealStatus::kSubmitted) {
  WorkCalendar cal;
  const auto cat = Category("sanitation");
  Appeal a;
  a.id = 7;
  a.estate_id = 12;
  a.estate_path = "/1/5/9/12/";
  a.category = cat.code;
  a.status = status;
  a.level = AppealLevel::kEstate;
  a.level_unit_id = 12;
  a.handler = cat.handler;
  a.received_at = T("2026-03-06T10:00:00+08:00");
  a.respond_by = DeadlineAfter(cal, a.received_at, cat.respond);
  a.resolve_by = DeadlineAfter(cal, a.received_at, cat.resolve);
  a.version = 1;
  if (status != AppealStatus::kSubmitted && status != AppealStatus::kReturned)
    a.responded_at = a.received_at + kHour;
  if (status == AppealStatus::kResolved || status == AppealStatus::kClosed) {
    a.resolved_at = a.received_at + 5 * kHour;
    a.resolution_note = "已清理";
  }
  if (status == AppealStatus::kClosed) a.closed_at = a.resolved_at;
  if (status == AppealStatus::kMerged) {
    a.merged_into = 3;
    a.closed_at = a.received_at + kHour;
  }
  return a;
}

const EscalationTarget kCommunity{9, AppealLevel::kCommunity};

ActionInput Input(AppealAction action) {
  ActionInput in;
  in.action = action;
  return in;
}

// An input for `action` that carries everything the action needs.
ActionInput Complete(AppealAction action) {
  ActionInput in;
  in.action = action;
  in.note = "说明";
  switch (action) {
    case AppealAction::kAssign:
      in.handler = HandlerKind::kCommittee;
      break;
    case AppealAction::kExtend:
      in.extend_by = Limit{2, DeadlineUnit::kWorkingDays};
      break;
    case AppealAction::kMerge:
      in.merge_into = 3;
      break;
    case AppealAction::kAgenda:
      in.agenda = "6月联席会议";
      break;
    default:
      break;
  }
  return in;
}

Result<Appeal> Apply(const Appeal& a, const ActionInput& in,
                     UnixSeconds now = T("2026-03-09T10:00:00+08:00"),
                     std::optional<EscalationTarget> up = kCommunity,
                     const WorkCalendar& cal = WorkCalendar{}, const AppealPolicy& policy = {}) {
  return ApplyAction(a, in, Category(a.category), cal, policy, now, up);
}

constexpr AppealStatus kAllStatuses[] = {AppealStatus::kSubmitted,  AppealStatus::kAccepted,
                                         AppealStatus::kInProgress, AppealStatus::kResolved,
                                         AppealStatus::kClosed,     AppealStatus::kReturned,
                                         AppealStatus::kMerged};
constexpr AppealAction kAllActions[] = {
    AppealAction::kAccept, AppealAction::kAssign, AppealAction::kStart,    AppealAction::kResolve,
    AppealAction::kReturn, AppealAction::kExtend, AppealAction::kEscalate, AppealAction::kReopen,
    AppealAction::kClose,  AppealAction::kMerge,  AppealAction::kNote,     AppealAction::kAgenda};

// The table of docs/APPEALS.md, "States and actions".
const std::map<AppealStatus, std::set<std::string>>& DocumentedTable() {
  static const std::map<AppealStatus, std::set<std::string>> table = {
      {AppealStatus::kSubmitted,
       {"accept", "assign", "return", "escalate", "merge", "close", "note", "agenda"}},
      {AppealStatus::kAccepted,
       {"assign", "start", "resolve", "return", "extend", "escalate", "merge", "close", "note",
        "agenda"}},
      {AppealStatus::kInProgress,
       {"assign", "resolve", "extend", "escalate", "merge", "note", "agenda"}},
      {AppealStatus::kReturned, {"assign", "escalate", "merge", "close", "note", "agenda"}},
      {AppealStatus::kResolved, {"reopen", "close", "note"}},
      {AppealStatus::kClosed, {"reopen", "note"}},
      {AppealStatus::kMerged, {"note"}},
  };
  return table;
}

std::set<std::string> Names(const std::vector<AppealAction>& actions) {
  std::set<std::string> out;
  for (auto a : actions) out.insert(std::string(AppealActionName(a)));
  return out;
}

TEST(AppealStateMachine, ActionsAllowedInFollowTheDocumentedTable) {
  for (auto s : kAllStatuses) {
    SCOPED_TRACE(std::string(AppealStatusName(s)));
    EXPECT_EQ(Names(ActionsAllowedIn(s, AppealLevel::kEstate)), DocumentedTable().at(s));
    EXPECT_EQ(Names(ActionsAllowedIn(s, AppealLevel::kStreet)), DocumentedTable().at(s));
    // At the district there is nobody above to escalate to.
    auto top = DocumentedTable().at(s);
    top.erase("escalate");
    EXPECT_EQ(Names(ActionsAllowedIn(s, AppealLevel::kDistrict)), top);
  }
}

TEST(AppealStateMachine, EveryActionFromEveryStateIsAllowedOrRefusedNamingTheState) {
  for (auto s : kAllStatuses) {
    for (auto action : kAllActions) {
      const std::string state(AppealStatusName(s));
      const std::string name(AppealActionName(action));
      SCOPED_TRACE(name + " from " + state);
      Appeal a = Sanitation(s);
      if (action == AppealAction::kReopen) a.rating = Rating::kDissatisfied;
      auto r = Apply(a, Complete(action));
      if (DocumentedTable().at(s).count(name)) {
        EXPECT_TRUE(r) << r.error().message;
      } else {
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
        // e.g. `appeal 7 is resolved: "start" is allowed only when accepted`
        EXPECT_NE(r.error().message.find("appeal 7 is " + state + ":"), std::string::npos)
            << r.error().message;
        EXPECT_NE(r.error().message.find("\"" + name + "\" is allowed only when"),
                  std::string::npos)
            << r.error().message;
      }
    }
  }
  auto start = Apply(Sanitation(AppealStatus::kResolved), Complete(AppealAction::kStart));
  ASSERT_FALSE(start);
  EXPECT_EQ(start.error().message, "appeal 7 is resolved: \"start\" is allowed only when accepted");
}

TEST(AppealStateMachine, TheUsualPathFromSubmittedToResolved) {
  Appeal a = Sanitation();
  const UnixSeconds accepted_at = T("2026-03-06T11:30:00+08:00");
  auto accepted = Apply(a, Complete(AppealAction::kAccept), accepted_at);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, AppealStatus::kAccepted);
  EXPECT_EQ(accepted->responded_at, accepted_at);
  EXPECT_EQ(accepted->version, a.version + 1);

  auto started = Apply(*accepted, Complete(AppealAction::kStart), accepted_at + kHour);
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, AppealStatus::kInProgress);
  EXPECT_EQ(started->responded_at, accepted_at);  // starting is not a second response

  ActionInput resolve = Input(AppealAction::kResolve);
  resolve.note = "已清运垃圾";
  const UnixSeconds resolved_at = T("2026-03-09T15:00:00+08:00");
  auto resolved = Apply(*started, resolve, resolved_at);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->status, AppealStatus::kResolved);
  EXPECT_EQ(resolved->resolved_at, resolved_at);
  EXPECT_EQ(resolved->resolution_note, "已清运垃圾");
  EXPECT_EQ(resolved->responded_at, accepted_at);
  EXPECT_EQ(resolved->version, a.version + 3);
}

TEST(AppealStateMachine, AcceptAgainAfterReroutingKeepsTheFirstResponseTime) {
  auto accepted =
      Apply(Sanitation(), Complete(AppealAction::kAccept), T("2026-03-06T11:00:00+08:00"));
  ASSERT_TRUE(accepted);
  ActionInput assign = Input(AppealAction::kAssign);
  assign.handler = HandlerKind::kCommittee;
  auto assigned = Apply(*accepted, assign, T("2026-03-06T12:00:00+08:00"));
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->status, AppealStatus::kSubmitted);
  auto again = Apply(*assigned, Complete(AppealAction::kAccept), T("2026-03-07T12:00:00+08:00"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->responded_at, T("2026-03-06T11:00:00+08:00"));
}

TEST(AppealStateMachine, ResolveNeedsANoteAndAnsweringByResolvingCountsAsAResponse) {
  Appeal a = Sanitation(AppealStatus::kAccepted);
  a.responded_at.reset();  // e.g. an old record: resolving still answers it
  for (const char* note : {"", "   ", "\n\t"}) {
    ActionInput in = Input(AppealAction::kResolve);
    in.note = note;
    auto r = Apply(a, in);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "note");
  }
  ActionInput in = Input(AppealAction::kResolve);
  in.note = std::string(2001, 'x');
  auto too_long = Apply(a, in);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "note");
  in.note = "修好了";
  auto ok = Apply(a, in, T("2026-03-09T10:00:00+08:00"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->responded_at, T("2026-03-09T10:00:00+08:00"));
}

TEST(AppealStateMachine, ReturnNeedsAReasonAndGoesBackToTheDispatcher) {
  Appeal a = Sanitation();
  a.assignee_account_id = 44;
  ActionInput in = Input(AppealAction::kReturn);
  auto no_reason = Apply(a, in);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");
  in.note = "不属于物业";
  auto r = Apply(a, in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, AppealStatus::kReturned);
  EXPECT_EQ(r->handler, HandlerKind::kBranch);
  EXPECT_FALSE(r->assignee_account_id);
}

TEST(AppealStateMachine, AssignRoutesToAHandlerOrAPartyMember) {
  Appeal a = Sanitation(AppealStatus::kReturned);
  a.handler = HandlerKind::kBranch;
  ActionInput none = Input(AppealAction::kAssign);
  auto nothing = Apply(a, none);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(nothing.error().field, "handler");

  ActionInput member = Input(AppealAction::kAssign);
  member.handler = HandlerKind::kMember;
  auto no_one = Apply(a, member);
  ASSERT_FALSE(no_one);
  EXPECT_EQ(no_one.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_one.error().field, "assignee_account_id");
  member.assignee_account = 31;
  auto to_member = Apply(a, member);
  ASSERT_TRUE(to_member);
  EXPECT_EQ(to_member->handler, HandlerKind::kMember);
  EXPECT_EQ(to_member->assignee_account_id, 31);
  EXPECT_EQ(to_member->status, AppealStatus::kSubmitted);

  // Leaving the estate is an escalation, not an assignment.
  ActionInput up = Input(AppealAction::kAssign);
  up.handler = HandlerKind::kCommunity;
  auto refused = Apply(a, up);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "handler");

  // Re-routing to the property company drops the member assignee.
  ActionInput property = Input(AppealAction::kAssign);
  property.handler = HandlerKind::kProperty;
  auto back = Apply(*to_member, property);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->handler, HandlerKind::kProperty);
  EXPECT_FALSE(back->assignee_account_id);
  // Deadlines keep running from receipt.
  EXPECT_EQ(back->respond_by, a.respond_by);
  EXPECT_EQ(back->resolve_by, a.resolve_by);
}

TEST(AppealStateMachine, ExtendOnceAtMostTenWorkingDaysWithAReason) {
  Appeal a = Sanitation(AppealStatus::kInProgress);
  ASSERT_EQ(F(a.resolve_by), "2026-03-12T00:00:00+08:00");  // end of Wednesday 03-11

  ActionInput in = Input(AppealAction::kExtend);
  in.extend_by = Limit{2, DeadlineUnit::kWorkingDays};
  auto no_reason = Apply(a, in);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");

  in.note = "需要等配件";
  in.extend_by.reset();
  auto no_length = Apply(a, in);
  ASSERT_FALSE(no_length);
  EXPECT_EQ(no_length.error().field, "extend_by");

  for (Limit bad : {Limit{11, DeadlineUnit::kWorkingDays}, Limit{0, DeadlineUnit::kWorkingDays},
                    Limit{241, DeadlineUnit::kHours}, Limit{-1, DeadlineUnit::kHours}}) {
    in.extend_by = bad;
    auto r = Apply(a, in);
    ASSERT_FALSE(r) << bad.value;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "extend_by.value");
  }
  in.extend_by = Limit{10, DeadlineUnit::kWorkingDays};
  EXPECT_TRUE(Apply(a, in));
  in.extend_by = Limit{240, DeadlineUnit::kHours};
  EXPECT_TRUE(Apply(a, in));

  // Two working days more than Wednesday 24:00: Thursday and Friday, so Friday 24:00.
  in.extend_by = Limit{2, DeadlineUnit::kWorkingDays};
  auto once = Apply(a, in, T("2026-03-10T10:00:00+08:00"));
  ASSERT_TRUE(once) << once.error().message;
  EXPECT_EQ(F(once->resolve_by), "2026-03-14T00:00:00+08:00");
  EXPECT_EQ(once->extensions, 1);
  EXPECT_EQ(once->status, AppealStatus::kInProgress);
  EXPECT_EQ(once->respond_by, a.respond_by);

  auto twice = Apply(*once, in, T("2026-03-11T10:00:00+08:00"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(twice.error().message.find("already extended"), std::string::npos);

  // A policy may allow more.
  AppealPolicy lenient;
  lenient.max_extensions = 2;
  EXPECT_TRUE(
      Apply(*once, in, T("2026-03-11T10:00:00+08:00"), kCommunity, WorkCalendar{}, lenient));
}

TEST(AppealStateMachine, ExtendCountsOnTheCalendarSoAHolidayOnTheWayMovesIt) {
  Appeal a = Sanitation(AppealStatus::kAccepted);
  WorkCalendar cal;
  cal.AddHoliday(D("2026-03-12"));  // Thursday off
  ActionInput in = Input(AppealAction::kExtend);
  in.note = "等待业委会表决";
  in.extend_by = Limit{2, DeadlineUnit::kWorkingDays};
  // After Wednesday: Thursday is off, so Friday and Monday; the deadline is Monday 24:00.
  auto r = Apply(a, in, T("2026-03-10T10:00:00+08:00"), kCommunity, cal);
  ASSERT_TRUE(r);
  EXPECT_EQ(F(r->resolve_by), "2026-03-17T00:00:00+08:00");

  // In hours it runs by the clock from the old deadline.
  in.extend_by = Limit{36, DeadlineUnit::kHours};
  auto hours = Apply(a, in, T("2026-03-10T10:00:00+08:00"), kCommunity, cal);
  ASSERT_TRUE(hours);
  EXPECT_EQ(F(hours->resolve_by), "2026-03-13T12:00:00+08:00");

  // Already late: counted from now.
  in.extend_by = Limit{1, DeadlineUnit::kWorkingDays};
  auto late = Apply(a, in, T("2026-03-13T10:00:00+08:00"), kCommunity, cal);  // Friday
  ASSERT_TRUE(late);
  EXPECT_EQ(F(late->resolve_by), "2026-03-17T00:00:00+08:00");  // Monday 24:00
}

TEST(AppealStateMachine, EscalateMovesUpALevelWithNewDeadlines) {
  Appeal a = Sanitation(AppealStatus::kInProgress);
  a.assignee_account_id = 31;
  ActionInput in = Input(AppealAction::kEscalate);
  auto no_reason = Apply(a, in);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");

  in.note = "涉及市政管网，小区无法解决";
  const UnixSeconds now = T("2026-03-10T16:00:00+08:00");  // Tuesday
  auto up = Apply(a, in, now);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(up->level, AppealLevel::kCommunity);
  EXPECT_EQ(up->level_unit_id, 9);
  EXPECT_EQ(up->handler, HandlerKind::kCommunity);
  EXPECT_EQ(up->status, AppealStatus::kSubmitted);
  EXPECT_TRUE(up->escalated);
  EXPECT_FALSE(up->assignee_account_id);
  EXPECT_EQ(F(up->respond_by), "2026-03-11T16:00:00+08:00");  // 24 hours
  EXPECT_EQ(F(up->resolve_by), "2026-03-14T00:00:00+08:00");  // Wed, Thu, Fri
  EXPECT_EQ(up->estate_id, a.estate_id);
  EXPECT_EQ(up->received_at, a.received_at);

  auto street = Apply(*up, in, now, EscalationTarget{5, AppealLevel::kStreet});
  ASSERT_TRUE(street);
  EXPECT_EQ(street->level, AppealLevel::kStreet);
  EXPECT_EQ(street->handler, HandlerKind::kStreet);
  auto district = Apply(*street, in, now, EscalationTarget{1, AppealLevel::kDistrict});
  ASSERT_TRUE(district);
  EXPECT_EQ(district->level, AppealLevel::kDistrict);
  EXPECT_EQ(district->handler, HandlerKind::kDistrict);

  // The district is the top, whatever is said to be above it.
  auto top = Apply(*district, in, now, EscalationTarget{0, AppealLevel::kDistrict});
  ASSERT_FALSE(top);
  EXPECT_EQ(top.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(top.error().message.find("top level"), std::string::npos);
  // Nothing above: refused too.
  auto nowhere = Apply(*street, in, now, std::nullopt);
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().code, ErrorCode::kFailedPrecondition);
}

TEST(AppealStateMachine, ReopenStartsAgainAndIsLimited) {
  Appeal a = Sanitation(AppealStatus::kResolved);
  a.rating = Rating::kDissatisfied;
  a.rating_comment = "还是很脏";
  a.rated_at = a.received_at + 6 * kHour;
  a.callback_contacted = true;
  a.callback_solved = false;
  a.callback_rating = Rating::kDissatisfied;
  a.callback_at = a.received_at + 7 * kHour;

  ActionInput in = Input(AppealAction::kReopen);
  auto no_reason = Apply(a, in);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");

  in.note = "楼道仍有垃圾";
  const UnixSeconds now = T("2026-03-10T10:00:00+08:00");
  auto r = Apply(a, in, now);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, AppealStatus::kAccepted);
  EXPECT_EQ(r->reopen_count, 1);
  EXPECT_FALSE(r->resolved_at);
  EXPECT_FALSE(r->closed_at);
  EXPECT_FALSE(r->rating);
  EXPECT_EQ(r->rating_comment, "");
  EXPECT_FALSE(r->rated_at);
  EXPECT_FALSE(r->callback_contacted);
  EXPECT_FALSE(r->callback_solved);
  EXPECT_FALSE(r->callback_rating);
  EXPECT_FALSE(r->callback_at);
  EXPECT_EQ(r->responded_at, a.responded_at);
  EXPECT_EQ(F(r->resolve_by), "2026-03-14T00:00:00+08:00");  // 3 working days from now

  // A closed appeal can be reopened too; the policy's limit (2) stops the third.
  Appeal closed = *r;
  closed.status = AppealStatus::kClosed;
  closed.resolved_at = now + kHour;
  closed.closed_at = now + kHour;
  auto second = Apply(closed, in, now + 2 * kHour);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reopen_count, 2);
  Appeal resolved_again = *second;
  resolved_again.status = AppealStatus::kResolved;
  resolved_again.resolved_at = now + 3 * kHour;
  auto third = Apply(resolved_again, in, now + 4 * kHour);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(third.error().message.find("reopened 2 time(s)"), std::string::npos);

  AppealPolicy strict;
  strict.max_reopens = 0;
  EXPECT_FALSE(Apply(a, in, now, kCommunity, WorkCalendar{}, strict));
}

TEST(AppealStateMachine, RatingSatisfiedClosesDissatisfiedStaysResolved) {
  Appeal a = Sanitation(AppealStatus::kResolved);
  const UnixSeconds now = T("2026-03-10T10:00:00+08:00");
  for (Rating r : {Rating::kSatisfied, Rating::kBasically}) {
    auto rated = ApplyRating(a, r, "谢谢", now);
    ASSERT_TRUE(rated);
    EXPECT_EQ(rated->status, AppealStatus::kClosed);
    EXPECT_EQ(rated->closed_at, now);
    EXPECT_EQ(rated->rating, r);
    EXPECT_EQ(rated->rating_comment, "谢谢");
    EXPECT_EQ(rated->rated_at, now);
    EXPECT_EQ(rated->version, a.version + 1);
  }
  auto unhappy = ApplyRating(a, Rating::kDissatisfied, "没修好", now);
  ASSERT_TRUE(unhappy);
  EXPECT_EQ(unhappy->status, AppealStatus::kResolved);
  EXPECT_FALSE(unhappy->closed_at);
  EXPECT_EQ(unhappy->rating, Rating::kDissatisfied);
  // ...so that the resident can reopen it.
  ActionInput reopen = Input(AppealAction::kReopen);
  reopen.note = "没修好";
  EXPECT_TRUE(Apply(*unhappy, reopen, now + kHour));

  for (auto s : {AppealStatus::kSubmitted, AppealStatus::kAccepted, AppealStatus::kInProgress,
                 AppealStatus::kClosed, AppealStatus::kMerged}) {
    auto early = ApplyRating(Sanitation(s), Rating::kSatisfied, "", now);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(early.error().message.find("is " + std::string(AppealStatusName(s))),
              std::string::npos);
  }
  auto long_comment = ApplyRating(a, Rating::kSatisfied, std::string(501, 'x'), now);
  ASSERT_FALSE(long_comment);
  EXPECT_EQ(long_comment.error().field, "comment");
}

TEST(AppealStateMachine, MergeNeedsAnotherAppeal) {
  Appeal a = Sanitation();
  ActionInput in = Input(AppealAction::kMerge);
  auto none = Apply(a, in);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.error().field, "merge_into");
  in.merge_into = a.id;
  auto self = Apply(a, in);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().field, "merge_into");
  in.merge_into = 3;
  const UnixSeconds now = T("2026-03-06T12:00:00+08:00");
  auto merged = Apply(a, in, now);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->status, AppealStatus::kMerged);
  EXPECT_EQ(merged->merged_into, 3);
  EXPECT_EQ(merged->closed_at, now);
  EXPECT_FALSE(IsOpen(merged->status));
}

TEST(AppealStateMachine, CloseBeforeResolutionNeedsAReason) {
  ActionInput in = Input(AppealAction::kClose);
  auto no_reason = Apply(Sanitation(), in);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");
  in.note = "居民撤回";
  const UnixSeconds now = T("2026-03-06T12:00:00+08:00");
  auto withdrawn = Apply(Sanitation(), in, now);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->status, AppealStatus::kClosed);
  EXPECT_EQ(withdrawn->closed_at, now);
  EXPECT_FALSE(withdrawn->resolved_at);
  // After resolution no reason is needed.
  auto done = Apply(Sanitation(AppealStatus::kResolved), Input(AppealAction::kClose), now);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, AppealStatus::kClosed);
}

TEST(AppealStateMachine, NotesChangeNothingCountedAndAgendaNamesTheMeeting) {
  Appeal a = Sanitation(AppealStatus::kAccepted);
  ActionInput note = Input(AppealAction::kNote);
  EXPECT_FALSE(Apply(a, note));
  note.note = "已联系保洁";
  auto noted = Apply(a, note);
  ASSERT_TRUE(noted);
  EXPECT_EQ(noted->version, a.version);
  EXPECT_EQ(noted->status, a.status);

  ActionInput agenda = Input(AppealAction::kAgenda);
  agenda.agenda = "   ";
  auto empty = Apply(a, agenda);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "agenda");
  agenda.agenda = std::string(65, 'x');
  EXPECT_FALSE(Apply(a, agenda));
  agenda.agenda = " 6月联席会议 ";
  auto listed = Apply(a, agenda);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->agenda, "6月联席会议");
  EXPECT_EQ(listed->status, AppealStatus::kAccepted);
  EXPECT_EQ(listed->version, a.version + 1);
}

TEST(AppealDeadlines, HoursRunByTheClockDayAndNight) {
  WorkCalendar cal;
  cal.AddHoliday(D("2026-03-07"));  // makes no difference to hours
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T23:30:00+08:00"), {2, DeadlineUnit::kHours})),
            "2026-03-07T01:30:00+08:00");
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T10:00:00+08:00"), {24, DeadlineUnit::kHours})),
            "2026-03-07T10:00:00+08:00");  // a Saturday
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-07T03:00:00+08:00"), {48, DeadlineUnit::kHours})),
            "2026-03-09T03:00:00+08:00");
}

TEST(AppealDeadlines, WorkingDaysEndAtMidnightOfTheNthWorkingDay) {
  WorkCalendar cal;
  // Filed Friday 2026-03-06: Monday, Tuesday, Wednesday; Wednesday 24:00.
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T10:00:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-12T00:00:00+08:00");
  // Late on Friday evening is still Friday.
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T23:59:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-12T00:00:00+08:00");
  // Just after midnight is Saturday (though still Friday in UTC): the same three days.
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-07T00:30:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-12T00:00:00+08:00");
  // Filed Monday: Tuesday, Wednesday, Thursday.
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-09T08:00:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-13T00:00:00+08:00");
  // A holiday on Tuesday moves it to Thursday 24:00.
  cal.AddHoliday(D("2026-03-10"));
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T10:00:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-13T00:00:00+08:00");
  // A worked Saturday counts.
  cal.AddMakeUpWorkday(D("2026-03-07"));
  EXPECT_EQ(F(DeadlineAfter(cal, T("2026-03-06T10:00:00+08:00"), {3, DeadlineUnit::kWorkingDays})),
            "2026-03-12T00:00:00+08:00");
}

TEST(AppealDeadlines, OverdueWhenUnansweredOrUnresolvedInTime) {
  Appeal a = Sanitation();
  ASSERT_EQ(F(a.respond_by), "2026-03-07T10:00:00+08:00");
  EXPECT_FALSE(IsOverdue(a, a.received_at));
  EXPECT_FALSE(IsOverdue(a, a.respond_by));  // the deadline itself is still in time
  EXPECT_TRUE(IsOverdue(a, a.respond_by + 1));

  Appeal answered = Sanitation(AppealStatus::kAccepted);
  EXPECT_FALSE(IsOverdue(answered, a.respond_by + 1));
  EXPECT_FALSE(IsOverdue(answered, a.resolve_by));
  EXPECT_TRUE(IsOverdue(answered, a.resolve_by + 1));

  Appeal returned = Sanitation(AppealStatus::kReturned);
  EXPECT_TRUE(IsOverdue(returned, a.respond_by + 1));

  for (auto s : {AppealStatus::kResolved, AppealStatus::kClosed, AppealStatus::kMerged})
    EXPECT_FALSE(IsOverdue(Sanitation(s), a.resolve_by + 86400)) << AppealStatusName(s);

  // At the top it is still overdue (the flag), though nothing is above to escalate to.
  Appeal top = Sanitation();
  top.level = AppealLevel::kDistrict;
  EXPECT_TRUE(IsOverdue(top, a.respond_by + 1));
}

TEST(AppealCatalogue, DefaultsAreValidAndSanitationIsADayAndThreeWorkingDays) {
  std::set<std::string> codes;
  for (const auto& c : DefaultCatalogue()) {
    EXPECT_TRUE(ValidateCategory(c)) << c.code;
    EXPECT_TRUE(codes.insert(c.code).second) << "duplicate " << c.code;
    EXPECT_TRUE(c.active);
  }
  EXPECT_TRUE(codes.count("other"));
  auto s = Category("sanitation");
  EXPECT_EQ(s.name, "环境卫生");
  EXPECT_EQ(s.handler, HandlerKind::kProperty);
  EXPECT_EQ(s.respond.value, 24);
  EXPECT_EQ(s.respond.unit, DeadlineUnit::kHours);
  EXPECT_EQ(s.resolve.value, 3);
  EXPECT_EQ(s.resolve.unit, DeadlineUnit::kWorkingDays);
  EXPECT_EQ(Category("fees").handler, HandlerKind::kCommittee);
}

TEST(AppealCatalogue, ValidateCategoryNamesTheField) {
  auto field_of = [](AppealCategory c) {
    auto st = ValidateCategory(c);
    return st ? std::string("ok") : st.error().field;
  };
  const AppealCategory good = Category("lift");
  EXPECT_EQ(field_of(good), "ok");

  for (const char* code : {"", "Lift", "lift-2", "电梯", "a b"}) {
    auto c = good;
    c.code = code;
    EXPECT_EQ(field_of(c), "code") << code;
  }
  auto c = good;
  c.code = std::string(32, 'a');
  EXPECT_EQ(field_of(c), "ok");
  c.code = std::string(33, 'a');
  EXPECT_EQ(field_of(c), "code");

  c = good;
  c.name = "  ";
  EXPECT_EQ(field_of(c), "name");
  c.name.clear();
  for (int i = 0; i < 33; ++i) c.name += "电";
  EXPECT_EQ(field_of(c), "name");
  c.name.resize(32 * 3);  // 32 characters
  EXPECT_EQ(field_of(c), "ok");

  c = good;
  c.name_en = std::string(65, 'x');
  EXPECT_EQ(field_of(c), "name_en");

  for (auto h : {HandlerKind::kCommunity, HandlerKind::kStreet, HandlerKind::kDistrict}) {
    c = good;
    c.handler = h;
    EXPECT_EQ(field_of(c), "handler");
  }

  c = good;
  c.respond = {0, DeadlineUnit::kHours};
  EXPECT_EQ(field_of(c), "respond.value");
  c.respond = {24 * 90 + 1, DeadlineUnit::kHours};
  c.resolve = {60, DeadlineUnit::kWorkingDays};
  EXPECT_EQ(field_of(c), "respond.value");
  c = good;
  c.resolve = {61, DeadlineUnit::kWorkingDays};
  EXPECT_EQ(field_of(c), "resolve.value");
  // Resolving cannot be due before responding.
  c = good;
  c.respond = {3, DeadlineUnit::kWorkingDays};
  c.resolve = {48, DeadlineUnit::kHours};
  EXPECT_EQ(field_of(c), "resolve.value");
  c.resolve = {3, DeadlineUnit::kWorkingDays};
  EXPECT_EQ(field_of(c), "ok");
}

TEST(AppealLevels, LevelOfUnitKind) {
  EXPECT_EQ(LevelOfUnitKind("community"), AppealLevel::kCommunity);
  EXPECT_EQ(LevelOfUnitKind("street"), AppealLevel::kStreet);
  EXPECT_EQ(LevelOfUnitKind("district"), AppealLevel::kDistrict);
  EXPECT_EQ(LevelOfUnitKind("city"), AppealLevel::kDistrict);
  EXPECT_FALSE(LevelOfUnitKind("estate"));
  EXPECT_FALSE(LevelOfUnitKind(""));
  EXPECT_FALSE(LevelOfUnitKind("Community"));
}

TEST(AppealNames, EveryNameParsesBack) {
  for (auto s : kAllStatuses) EXPECT_EQ(ParseAppealStatus(AppealStatusName(s)), s);
  for (auto a : kAllActions) EXPECT_EQ(ParseAppealAction(AppealActionName(a)), a);
  for (auto h : {HandlerKind::kProperty, HandlerKind::kCommittee, HandlerKind::kBranch,
                 HandlerKind::kMember, HandlerKind::kMediation, HandlerKind::kCommunity,
                 HandlerKind::kStreet, HandlerKind::kDistrict})
    EXPECT_EQ(ParseHandlerKind(HandlerKindName(h)), h);
  for (auto c : {AppealChannel::kSelf, AppealChannel::kDoorKnock, AppealChannel::kBuildingLead,
                 AppealChannel::kHotline, AppealChannel::kMailbox, AppealChannel::kMeeting,
                 AppealChannel::kOpen311})
    EXPECT_EQ(ParseAppealChannel(AppealChannelName(c)), c);
  for (auto r : {Rating::kSatisfied, Rating::kBasically, Rating::kDissatisfied})
    EXPECT_EQ(ParseRating(RatingName(r)), r);
  for (auto l : {AppealLevel::kEstate, AppealLevel::kCommunity, AppealLevel::kStreet,
                 AppealLevel::kDistrict})
    EXPECT_EQ(ParseAppealLevel(AppealLevelName(l)), l);
  EXPECT_FALSE(ParseAppealStatus("open"));
  EXPECT_FALSE(ParseAppealAction("Accept"));
  EXPECT_FALSE(ParseDeadlineUnit("days"));
  EXPECT_TRUE(IsOpen(AppealStatus::kReturned));
  EXPECT_FALSE(IsOpen(AppealStatus::kResolved));
}

}  // namespace
}  // namespace linli::domain
