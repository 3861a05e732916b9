// Meetings and supervision rules (domain/meetings): the committee's quorum and decisions against
// ALL members (RULES.md §4) at their edges, no proxies, series of occurrences, notice and
// publication periods, late action items, the absence flag, quarters and the four musts.
#include "domain/meetings/meetings.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace linli::domain {
namespace {

UnixSeconds T(const char* text) { return *ParseTime(text); }

TEST(CommitteeRules, QuorumIsMoreThanHalfOfAllMembers) {
  EXPECT_FALSE(HasQuorum(2, 4));  // exactly half is not a quorum
  EXPECT_TRUE(HasQuorum(3, 4));
  EXPECT_TRUE(HasQuorum(3, 5));  // 5 members: 3 present is a quorum
  EXPECT_FALSE(HasQuorum(2, 5));
  EXPECT_FALSE(HasQuorum(3, 6));
  EXPECT_TRUE(HasQuorum(4, 6));
  EXPECT_FALSE(HasQuorum(0, 0));  // no members, no quorum
  EXPECT_TRUE(HasQuorum(6, 11));
  EXPECT_FALSE(HasQuorum(5, 11));
}

TEST(CommitteeRules, DecisionNeedsMoreThanHalfOfAllMembersNotOfThosePresent) {
  EXPECT_TRUE(DecisionPasses(3, 5));   // passes even if only 3 present
  EXPECT_FALSE(DecisionPasses(2, 5));  // fails even if 2 of 3 present
  EXPECT_FALSE(DecisionPasses(3, 6));  // exactly half
  EXPECT_TRUE(DecisionPasses(4, 7));
  EXPECT_FALSE(DecisionPasses(0, 0));
}

std::vector<CommitteeAttendee> Present(std::initializer_list<std::int64_t> ids) {
  std::vector<CommitteeAttendee> out;
  for (auto id : ids) out.push_back({id, Presence::kPresent});
  return out;
}

TEST(CommitteeRules, MinutesCheckQuorumProxiesAndVotes) {
  const std::vector<std::int64_t> five = {1, 2, 3, 4, 5};
  // 3 of 5 present, 3 in favour: fine.
  EXPECT_TRUE(CheckCommitteeMinutes(five, Present({1, 2, 3}), {{3}}));
  // 2 of 5 present: no quorum.
  auto r = CheckCommitteeMinutes(five, Present({1, 2}), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("at least 3"), std::string::npos) << r.error().message;
  // Outsiders and absentees do not count; a person listed twice counts once.
  auto att = Present({1, 2, 99, 1});
  att.push_back({3, Presence::kAbsent});
  EXPECT_FALSE(CheckCommitteeMinutes(five, att, {}));
  EXPECT_EQ(CommitteePresent(five, att), 2);
  // A proxy is refused, naming where.
  auto proxy = Present({1, 2, 3});
  proxy.push_back({4, Presence::kProxy});
  r = CheckCommitteeMinutes(five, proxy, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "attendance[3].presence");
  // Votes: required, and within those present.
  r = CheckCommitteeMinutes(five, Present({1, 2, 3}), {{3}, {std::nullopt}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "decisions[1].in_favour");
  r = CheckCommitteeMinutes(five, Present({1, 2, 3}), {{4}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "decisions[0].in_favour");
  // No members at all.
  EXPECT_FALSE(CheckCommitteeMinutes({}, Present({1}), {}));
}

TEST(Series, MonthlyBimonthlyQuarterlyOnTheSameDayAndTime) {
  auto monthly = Occurrences(T("2026-01-31T19:30:00+08:00"), Recurrence::kMonthly, 4);
  ASSERT_TRUE(monthly);
  ASSERT_EQ(monthly->size(), 4u);
  EXPECT_EQ(FormatTime((*monthly)[0]), "2026-01-31T19:30:00+08:00");
  EXPECT_EQ(FormatTime((*monthly)[1]), "2026-02-28T19:30:00+08:00");  // shorter month
  EXPECT_EQ(FormatTime((*monthly)[2]), "2026-03-31T19:30:00+08:00");
  EXPECT_EQ(FormatTime((*monthly)[3]), "2026-04-30T19:30:00+08:00");
  auto bi = Occurrences(T("2026-11-10T09:00:00+08:00"), Recurrence::kBimonthly, 3);
  ASSERT_TRUE(bi);
  EXPECT_EQ(FormatTime((*bi)[1]), "2027-01-10T09:00:00+08:00");
  EXPECT_EQ(FormatTime((*bi)[2]), "2027-03-10T09:00:00+08:00");
  auto q = Occurrences(T("2026-03-05T02:00:00+08:00"), Recurrence::kQuarterly, 5);
  ASSERT_TRUE(q);
  EXPECT_EQ(FormatTime((*q)[4]), "2027-03-05T02:00:00+08:00");
  EXPECT_TRUE(Occurrences(T("2026-03-05T09:00:00+08:00"), Recurrence::kNone, 1));
  EXPECT_FALSE(Occurrences(T("2026-03-05T09:00:00+08:00"), Recurrence::kNone, 2));
  EXPECT_FALSE(Occurrences(T("2026-03-05T09:00:00+08:00"), Recurrence::kMonthly, 0));
  auto too_many = Occurrences(T("2026-03-05T09:00:00+08:00"), Recurrence::kMonthly, 25);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "occurrences");
}

TEST(Periods, NoticeOfSevenDaysForTheCommitteeFifteenForTheAssembly) {
  const auto notice = T("2026-03-01T20:00:00+08:00");
  EXPECT_FALSE(NoticeLate(MeetingKind::kCommittee, notice, T("2026-03-08T09:00:00+08:00")));
  EXPECT_TRUE(NoticeLate(MeetingKind::kCommittee, notice, T("2026-03-07T23:00:00+08:00")));
  EXPECT_FALSE(NoticeLate(MeetingKind::kAssembly, notice, T("2026-03-16T09:00:00+08:00")));
  EXPECT_TRUE(NoticeLate(MeetingKind::kAssembly, notice, T("2026-03-15T09:00:00+08:00")));
  EXPECT_FALSE(NoticeLate(MeetingKind::kJoint, notice, T("2026-03-01T21:00:00+08:00")));
}

TEST(Periods, PublicationWithinThreeDaysMovedPastHolidays) {
  WorkCalendar cal;
  // Held Wednesday 2026-03-04: the period ends 24:00 Saturday 03-07, a weekend: Monday 03-09.
  const auto held = T("2026-03-04T19:00:00+08:00");
  const auto deadline = PublishDeadline(cal, held);
  EXPECT_EQ(FormatTime(deadline), "2026-03-10T00:00:00+08:00");
  EXPECT_FALSE(PublicationLate(T("2026-03-09T23:59:59+08:00"), deadline, 0));
  EXPECT_TRUE(PublicationLate(T("2026-03-10T00:00:01+08:00"), deadline, 0));
  EXPECT_FALSE(PublicationLate(std::nullopt, deadline, T("2026-03-09T12:00:00+08:00")));
  EXPECT_TRUE(PublicationLate(std::nullopt, deadline, T("2026-03-10T08:00:00+08:00")));
  // Held Monday 03-02: 24:00 Thursday 03-05.
  EXPECT_EQ(FormatTime(PublishDeadline(cal, T("2026-03-02T10:00:00+08:00"))),
            "2026-03-06T00:00:00+08:00");
}

TEST(Actions, LateWhenNotDonePastTheDeadline) {
  const auto due = T("2026-03-10T18:00:00+08:00");
  EXPECT_FALSE(ActionLate(std::nullopt, due, due));
  EXPECT_TRUE(ActionLate(std::nullopt, due, due + 1));
  EXPECT_FALSE(ActionLate(due + 5, due, due + 10));
}

TEST(Absence, FlaggedWhenAbsentFromMoreThanHalf) {
  EXPECT_FALSE(AbsenceFlagged(2, 4));  // exactly half
  EXPECT_TRUE(AbsenceFlagged(3, 4));
  EXPECT_TRUE(AbsenceFlagged(1, 1));
  EXPECT_FALSE(AbsenceFlagged(0, 0));
}

TEST(Quarters, ParseAndBounds) {
  auto q = ParseSupervisionQuarter("2026-Q1");
  ASSERT_TRUE(q);
  EXPECT_EQ(FormatTime(q->begin), "2026-01-01T00:00:00+08:00");
  EXPECT_EQ(FormatTime(q->end), "2026-04-01T00:00:00+08:00");
  auto q4 = ParseSupervisionQuarter("2026q4");
  ASSERT_TRUE(q4);
  EXPECT_EQ(FormatTime(q4->end), "2027-01-01T00:00:00+08:00");
  EXPECT_FALSE(ParseSupervisionQuarter("2026Q5"));
  EXPECT_FALSE(ParseSupervisionQuarter("26Q1"));
  EXPECT_EQ(SupervisionQuarterName(SupervisionQuarterOf(T("2026-03-31T23:59:59+08:00"))),
            "2026-Q1");
  EXPECT_EQ(SupervisionQuarterName(SupervisionQuarterOf(T("2026-04-01T00:00:00+08:00"))),
            "2026-Q2");
}

TEST(FourMusts, MissesAreListed) {
  std::vector<SupervisedMeeting> meetings = {
      {1, "三月业委会", MeetingKind::kCommittee, T("2026-03-04T19:00:00+08:00"), true},
      {2, "四月业委会", MeetingKind::kCommittee, T("2026-03-20T19:00:00+08:00"), false}};
  std::vector<SupervisedDecision> decisions = {{10, 1, "更换电梯", true, true, false},
                                               {11, 2, "调整停车费", false, false, false}};
  auto r = FourMusts(meetings, decisions, 0);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].must, Must::kAttend);
  EXPECT_FALSE(r[0].met);
  EXPECT_EQ(r[0].due, 2);
  EXPECT_EQ(r[0].done, 1);
  ASSERT_EQ(r[0].misses.size(), 1u);
  EXPECT_NE(r[0].misses[0].find("#2"), std::string::npos);
  EXPECT_FALSE(r[1].met);  // decision 11 without the party organisation
  EXPECT_EQ(r[1].misses.size(), 1u);
  EXPECT_FALSE(r[2].met);  // project 10 not supervised
  EXPECT_EQ(r[2].due, 1);
  EXPECT_FALSE(r[3].met);  // no spot-check
  // A quiet quarter: nothing due but the spot-check.
  auto quiet = FourMusts({}, {}, 1);
  EXPECT_TRUE(quiet[0].met);
  EXPECT_FALSE(quiet[0].applicable);
  EXPECT_TRUE(quiet[3].met);
  EXPECT_TRUE(quiet[3].applicable);
}

TEST(Names, RoundTrip) {
  for (auto k : {MeetingKind::kJoint, MeetingKind::kDeliberation, MeetingKind::kCommittee,
                 MeetingKind::kAssembly, MeetingKind::kLeadership})
    EXPECT_EQ(ParseMeetingKind(MeetingKindName(k)), k);
  EXPECT_FALSE(ParseMeetingKind("party"));
  EXPECT_EQ(ParseSide("community_party"), Side::kCommunityParty);
  EXPECT_EQ(ParsePresence("proxy"), Presence::kProxy);
  EXPECT_EQ(ParseRecurrence("bimonthly"), Recurrence::kBimonthly);
  EXPECT_FALSE(MeetingNeedsEstate(MeetingKind::kLeadership));
  EXPECT_TRUE(MeetingNeedsEstate(MeetingKind::kAssembly));
}

}  // namespace
}  // namespace linli::domain
