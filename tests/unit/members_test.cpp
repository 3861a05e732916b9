// Party members in their estate: the pure rules (renewal, report window, claims, the record).
#include "domain/members/members.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace linli::domain {
namespace {

UnixSeconds At(const char* text) { return *ParseTime(text); }

TEST(MemberRules, DefaultsHaveFiveRequiredCommitmentsAndPass) {
  auto r = DefaultMemberRules();
  EXPECT_EQ(r.required.size(), 5u);
  EXPECT_EQ(r.required[0], "支持小区党支部和业委会工作");
  EXPECT_TRUE(CheckMemberRules(r));
}

TEST(MemberRules, BadRulesNameTheField) {
  auto r = DefaultMemberRules();
  r.renew_months = 40;
  EXPECT_EQ(CheckMemberRules(r).error().field, "renew_months");
  r = DefaultMemberRules();
  r.required[2] = "x";
  EXPECT_EQ(CheckMemberRules(r).error().field, "required[2]");
  r = DefaultMemberRules();
  r.report_from_month = 2;
  r.report_from_day = 30;
  EXPECT_EQ(CheckMemberRules(r).error().field, "report_from");
  r = DefaultMemberRules();
  r.report_from_month = 2;
  r.report_to_month = 1;
  EXPECT_EQ(CheckMemberRules(r).error().field, "report_to");
}

TEST(MemberRules, RenewalFallsDueMonthsLaterClampedToTheMonthsEnd) {
  auto r = DefaultMemberRules();
  EXPECT_EQ(FormatTime(*RenewalDue(r, At("2026-03-15T10:00:00+08:00"))),
            "2026-09-15T10:00:00+08:00");
  // Aug 31 + 6 months: Feb has 28 days in 2027.
  EXPECT_EQ(FormatDate(*RenewalDue(r, At("2026-08-31T09:00:00+08:00"))), "2027-02-28");
  r.renew_months = 12;
  EXPECT_EQ(FormatDate(*RenewalDue(r, At("2026-12-31T23:30:00+08:00"))), "2027-12-31");
  r.renew_months = 0;
  EXPECT_FALSE(RenewalDue(r, At("2026-03-15T10:00:00+08:00")));
}

TEST(Commitments, OwnCommitmentsAtLeastOneEachInRange) {
  EXPECT_EQ(CheckOwnCommitments({}).error().field, "own");
  EXPECT_EQ(CheckOwnCommitments({"帮助独居老人买菜", "a"}).error().field, "own[1]");
  EXPECT_TRUE(CheckOwnCommitments({"帮助独居老人买菜"}));
}

TEST(Commitments, ReportsForAYearAreTakenInJanuaryOfTheNextInBeijingTime) {
  auto r = DefaultMemberRules();
  EXPECT_FALSE(CheckReportWindow(r, 2026, At("2026-12-31T23:59:59+08:00")));
  EXPECT_TRUE(CheckReportWindow(r, 2026, At("2027-01-01T00:00:00+08:00")));
  EXPECT_TRUE(CheckReportWindow(r, 2026, At("2027-01-31T23:59:59+08:00")));
  auto late = CheckReportWindow(r, 2026, At("2027-02-01T00:00:00+08:00"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(late.error().message.find("2027-01-01 to 2027-01-31"), std::string::npos)
      << late.error().message;
  // 2027-01-01 00:00 Beijing is still 2026 in UTC: the window follows Beijing time.
  EXPECT_TRUE(CheckReportWindow(r, 2026, At("2026-12-31T16:00:00Z")));
  EXPECT_FALSE(CheckReportWindow(r, 2026, At("2026-12-31T15:59:59Z")));
}

TEST(Claims, TheResultIsSubmittedThenAcceptedOrSentBack) {
  EXPECT_EQ(*ApplyClaimAction(ClaimStatus::kClaimed, ClaimAction::kProgress),
            ClaimStatus::kClaimed);
  EXPECT_EQ(*ApplyClaimAction(ClaimStatus::kClaimed, ClaimAction::kSubmit),
            ClaimStatus::kSubmitted);
  EXPECT_EQ(*ApplyClaimAction(ClaimStatus::kSubmitted, ClaimAction::kAccept),
            ClaimStatus::kAccepted);
  EXPECT_EQ(*ApplyClaimAction(ClaimStatus::kAccepted, ClaimAction::kReturn),
            ClaimStatus::kReturned);
  EXPECT_EQ(*ApplyClaimAction(ClaimStatus::kReturned, ClaimAction::kSubmit),
            ClaimStatus::kSubmitted);
  auto bad = ApplyClaimAction(ClaimStatus::kClaimed, ClaimAction::kAccept);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(bad.error().message.find("claimed"), std::string::npos);
  EXPECT_FALSE(ApplyClaimAction(ClaimStatus::kWithdrawn, ClaimAction::kSubmit));
  EXPECT_FALSE(ApplyClaimAction(ClaimStatus::kAccepted, ClaimAction::kWithdraw));
}

TEST(Claims, FullClosedAndLateTasksCannotBeClaimed) {
  const UnixSeconds now = At("2026-05-01T10:00:00+08:00");
  const UnixSeconds due = At("2026-05-15T18:00:00+08:00");
  EXPECT_TRUE(CheckClaimable(TaskStatus::kOpen, due, 3, 2, now));
  auto full = CheckClaimable(TaskStatus::kOpen, due, 3, 3, now);
  ASSERT_FALSE(full);
  EXPECT_NE(full.error().message.find("full"), std::string::npos);
  EXPECT_FALSE(CheckClaimable(TaskStatus::kDone, due, 3, 0, now));
  EXPECT_FALSE(CheckClaimable(TaskStatus::kCancelled, due, 3, 0, now));
  EXPECT_FALSE(CheckClaimable(TaskStatus::kOpen, due, 3, 0, due));
  EXPECT_TRUE(TaskOverdue(TaskStatus::kOpen, due, due));
  EXPECT_FALSE(TaskOverdue(TaskStatus::kDone, due, due + 100));
}

TEST(Record, SummaryAddsUpAndMeetsTheTargetByHoursOrPoints) {
  auto r = DefaultMemberRules();
  r.target_minutes = 120;
  r.target_points = 10;
  std::vector<RecordItem> items{{RecordKind::kVisit, "2026-03-01", "走访", 30, 1, 1},
                                {RecordKind::kTask, "2026-04-01", "电梯", 60, 5, 2},
                                {RecordKind::kAppeal, "2026-04-03", "垃圾", 0, 3, 3}};
  auto s = SummariseRecord(items, r);
  EXPECT_EQ(s.minutes, 90);
  EXPECT_EQ(s.points, 9);
  EXPECT_EQ(s.visits, 1);
  EXPECT_EQ(s.tasks, 1);
  EXPECT_EQ(s.appeals, 1);
  EXPECT_FALSE(s.target_met);
  items.push_back({RecordKind::kEntry, "2026-05-01", "志愿服务", 30, 0, 4});
  EXPECT_TRUE(SummariseRecord(items, r).target_met);  // 120 minutes
}

TEST(Record, QuarterStart) {
  EXPECT_EQ(QuarterStart("2026-01-31"), "2026-01-01");
  EXPECT_EQ(QuarterStart("2026-06-30"), "2026-04-01");
  EXPECT_EQ(QuarterStart("2026-11-22"), "2026-10-01");
}

TEST(MemberTasks, ADraftIsCheckedFieldByField) {
  const UnixSeconds now = At("2026-03-01T09:00:00+08:00");
  TaskDraft d;
  d.title = "检查10部电梯的维保记录";
  d.source = TaskSource::kPlan;
  d.due_at = At("2026-03-16T18:00:00+08:00");
  d.needed = 3;
  d.hours_minutes = 120;
  d.points = 5;
  EXPECT_TRUE(CheckTaskDraft(d, now));

  auto field = [&](TaskDraft x) {
    auto st = CheckTaskDraft(x, now);
    return st ? std::string() : st.error().field;
  };
  TaskDraft x = d;
  x.title = " 查 ";
  EXPECT_EQ(field(x), "title");
  x = d;
  x.source = TaskSource::kProblem;
  EXPECT_EQ(field(x), "appeal_id");  // a problem must be named
  x.appeal_id = 7;
  EXPECT_EQ(field(x), "");
  x.source = TaskSource::kPlan;
  EXPECT_EQ(field(x), "appeal_id");  // and only then
  x = d;
  x.source = TaskSource::kDecision;
  EXPECT_EQ(field(x), "source_note");
  x.source_note = "3月议事会决定";
  EXPECT_EQ(field(x), "");
  x = d;
  x.due_at = now;
  EXPECT_EQ(field(x), "due_at");
  x.due_at = now + 400LL * 86400;
  EXPECT_EQ(field(x), "due_at");
  x = d;
  x.needed = 0;
  EXPECT_EQ(field(x), "needed");
  x.needed = kMaxTaskPlaces + 1;
  EXPECT_EQ(field(x), "needed");
  x.needed = kMaxTaskPlaces;
  EXPECT_EQ(field(x), "");
  x = d;
  x.hours_minutes = -1;
  EXPECT_EQ(field(x), "hours_minutes");
  x = d;
  x.points = kMaxTaskPoints + 1;
  EXPECT_EQ(field(x), "points");
}

TEST(MemberTasks, LabelsAndWhoActs) {
  EXPECT_EQ(TaskStatusLabel(TaskStatus::kDone), "已完成");
  EXPECT_EQ(TaskSourceLabel(TaskSource::kProblem), "居民诉求");
  EXPECT_EQ(ClaimStatusLabel(ClaimStatus::kSubmitted), "待验收");
  EXPECT_TRUE(ClaimerAction(ClaimAction::kSubmit));
  EXPECT_TRUE(ClaimerAction(ClaimAction::kWithdraw));
  EXPECT_FALSE(ClaimerAction(ClaimAction::kAccept));
  EXPECT_FALSE(ClaimerAction(ClaimAction::kReturn));
}

TEST(MemberTasks, ActionsNeedTheirText) {
  EXPECT_EQ(CheckClaimActionText(ClaimAction::kProgress, " ", "").error().field, "note");
  EXPECT_TRUE(CheckClaimActionText(ClaimAction::kProgress, "已检查6部", ""));
  EXPECT_EQ(CheckClaimActionText(ClaimAction::kSubmit, "", "").error().field, "report");
  EXPECT_TRUE(CheckClaimActionText(ClaimAction::kSubmit, "", "10部已全部检查"));
  EXPECT_EQ(CheckClaimActionText(ClaimAction::kReturn, "", "").error().field, "note");
  EXPECT_TRUE(CheckClaimActionText(ClaimAction::kAccept, "", ""));
  EXPECT_TRUE(CheckClaimActionText(ClaimAction::kWithdraw, "", ""));
  EXPECT_EQ(CheckClaimActionText(ClaimAction::kAccept, std::string(501, 'x'), "").error().field,
            "note");
}

}  // namespace
}  // namespace linli::domain
