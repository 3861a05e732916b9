// The owners' committee election (docs/ELECTIONS.md): the preparatory group's composition, the
// candidates' eligibility, the term, the multi-seat ballot, and the tally's edge cases (exactly
// 2/3 participation, exactly half agreeing is not elected, a tie across the last seat, fewer
// qualified than seats, void), and the reminders after the result.
#include <gtest/gtest.h>

#include "domain/votes/election.hpp"
#include "domain/votes/vote.hpp"

namespace linli::domain {
namespace {

constexpr UnixSeconds kDay = 86400;
// 2026-12-25T10:00:00+08:00, a Friday.
constexpr UnixSeconds kElected = 1798164000;

PrepMember M(PrepSide side, bool owner = false, bool leader = false) {
  return PrepMember{side, owner, leader};
}

TEST(Election, PrepGroupComposition) {
  // 5 members: street leader, community party, police, 2 owners -> owners 2 of 5: not half.
  std::vector<PrepMember> g = {M(PrepSide::kStreet, false, true), M(PrepSide::kCommunityParty),
                               M(PrepSide::kPolice), M(PrepSide::kOwner), M(PrepSide::kOwner)};
  auto c = CheckPrepGroup(g);
  EXPECT_TRUE(c.odd);
  EXPECT_EQ(c.owners, 2);
  EXPECT_FALSE(c.owners_half);
  EXPECT_TRUE(c.led_by_street);
  EXPECT_TRUE(c.has_community_party);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.problems.size(), 1u);
  // A community-party member who is also an owner counts as an owner: 3 of 5.
  g[1].is_owner = true;
  c = CheckPrepGroup(g);
  EXPECT_TRUE(c.owners_half);
  EXPECT_TRUE(c.ok) << c.problems.size();
  // Even: 6 members, half owners ("半数以上" includes half) but even.
  g.push_back(M(PrepSide::kOwner));
  c = CheckPrepGroup(g);
  EXPECT_FALSE(c.odd);
  EXPECT_TRUE(c.owners_half);
  EXPECT_FALSE(c.ok);
  // Led by an owner instead of the street.
  g.pop_back();
  g[0].is_leader = false;
  g[3].is_leader = true;
  c = CheckPrepGroup(g);
  EXPECT_FALSE(c.led_by_street);
  EXPECT_FALSE(c.ok);
  // Two leaders.
  g[0].is_leader = true;
  c = CheckPrepGroup(g);
  EXPECT_FALSE(c.led_by_street);
  // Empty.
  c = CheckPrepGroup({});
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.problems.empty());
  EXPECT_EQ(ParsePrepSide("police"), PrepSide::kPolice);
  EXPECT_FALSE(ParsePrepSide("army"));
}

TEST(Election, EligibilityNamesTheFailingCheck) {
  Eligibility e{true, true, true, true};
  EXPECT_TRUE(CheckEligibility(e));
  e.not_defaulter = false;
  EXPECT_EQ(CheckEligibility(e).error().field, "not_defaulter");
  e.no_property_interest = false;
  EXPECT_EQ(CheckEligibility(e).error().field, "no_property_interest");
  e.full_capacity = false;
  EXPECT_EQ(CheckEligibility(e).error().field, "full_capacity");
  e.on_roll = false;
  EXPECT_EQ(CheckEligibility(e).error().field, "owner_id");
  EXPECT_EQ(ParseNomination("joint_owners"), Nomination::kJointOwners);
  EXPECT_FALSE(ParseNomination("boss"));
  EXPECT_EQ(NominationLabel(Nomination::kPartyOrganisation), "党组织推荐");
}

TEST(Election, SeatsAndTerm) {
  for (int s : {5, 7, 9, 11}) EXPECT_TRUE(CheckCommitteeSeats(s)) << s;
  for (int s : {3, 4, 6, 12, 13, 0, -5}) EXPECT_EQ(CheckCommitteeSeats(s).error().field, "seats");
  for (int y : {1, 3, 5}) EXPECT_TRUE(CheckTermYears(y));
  for (int y : {0, 6}) EXPECT_EQ(CheckTermYears(y).error().field, "term_years");
}

TEST(Election, BallotRules) {
  const std::vector<std::int64_t> cands = {1, 2, 3, 4, 5, 6};
  std::vector<Mark> five;
  for (std::int64_t i = 1; i <= 5; ++i) five.push_back({i, Choice::kAgree});
  EXPECT_TRUE(CheckElectionBallot(five, 5, cands));
  auto six = five;
  six.push_back({6, Choice::kAgree});
  auto too_many = CheckElectionBallot(six, 5, cands);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "marks");
  six.back().choice = Choice::kDisagree;
  EXPECT_TRUE(CheckElectionBallot(six, 5, cands));
  auto unknown = CheckElectionBallot({{9, Choice::kAgree}}, 5, cands);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "marks[0].candidate_id");
  auto twice = CheckElectionBallot({{1, Choice::kAgree}, {1, Choice::kAbstain}}, 5, cands);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "marks[1].candidate_id");
  EXPECT_TRUE(CheckElectionBallot({}, 5, cands));  // a blank ballot takes part
}

CandidateSums C(std::int64_t id, Share agree, Share disagree = {}) {
  return CandidateSums{id, agree, disagree, {}};
}

const CandidateResult& Of(const ElectionTallyResult& r, std::int64_t id) {
  for (const auto& c : r.candidates)
    if (c.candidate_id == id) return c;
  static CandidateResult none;
  return none;
}

TEST(Election, ExactlyTwoThirdsParticipationIsMetAndLessIsVoid) {
  // 9 heads, 900.00 m²; exactly 6 heads and 600.00 m² took part.
  ElectionTallyInput in{{90000, 9}, {60000, 6}, 5, {C(1, {40000, 4})}};
  auto r = TallyElection(in);
  EXPECT_TRUE(r.participation_met);
  EXPECT_TRUE(Of(r, 1).elected);
  EXPECT_EQ(r.outcome, ElectionOutcome::kSeatsEmpty);
  EXPECT_EQ(r.seats_empty, 4);
  in.participated.area = 59999;
  r = TallyElection(in);
  EXPECT_FALSE(r.participation_area_met);
  EXPECT_TRUE(r.participation_heads_met);
  EXPECT_EQ(r.outcome, ElectionOutcome::kVoid);
  EXPECT_EQ(r.elected, 0);
  EXPECT_FALSE(Of(r, 1).elected);
  in.participated = {60000, 5};
  EXPECT_EQ(TallyElection(in).outcome, ElectionOutcome::kVoid);
}

TEST(Election, ExactlyHalfAgreeingIsNotElected) {
  // 6 heads took part with 600.00 m².
  ElectionTallyInput in{{60000, 6},
                        {60000, 6},
                        5,
                        {C(1, {30000, 3}), C(2, {30001, 4}), C(3, {40000, 3}), C(4, {30001, 3})}};
  auto r = TallyElection(in);
  EXPECT_FALSE(Of(r, 1).qualified);  // exactly half of both
  EXPECT_TRUE(Of(r, 2).qualified);
  EXPECT_FALSE(Of(r, 3).qualified);  // area yes, heads exactly half
  EXPECT_TRUE(Of(r, 3).area_met);
  EXPECT_FALSE(Of(r, 3).heads_met);
  EXPECT_FALSE(Of(r, 4).qualified);  // area just over, heads exactly half
  EXPECT_EQ(r.elected, 1);
  EXPECT_EQ(r.seats_empty, 4);
  EXPECT_EQ(r.outcome, ElectionOutcome::kSeatsEmpty);
}

TEST(Election, RankedByHeadsThenAreaAndAtMostSeats) {
  // 10 heads, 1000.00 m², all took part; 6 candidates qualified for 5 seats.
  ElectionTallyInput in{{100000, 10},
                        {100000, 10},
                        5,
                        {C(1, {90000, 9}), C(2, {60000, 8}), C(3, {80000, 8}), C(4, {70000, 7}),
                         C(5, {65000, 6}), C(6, {95000, 6}), C(7, {20000, 2})}};
  auto r = TallyElection(in);
  EXPECT_EQ(r.outcome, ElectionOutcome::kElected);
  EXPECT_EQ(r.elected, 5);
  EXPECT_EQ(r.seats_empty, 0);
  std::vector<std::int64_t> order;
  for (const auto& c : r.candidates) order.push_back(c.candidate_id);
  EXPECT_EQ(order, (std::vector<std::int64_t>{1, 3, 2, 4, 6, 5, 7}));
  EXPECT_TRUE(Of(r, 6).elected);  // 6 heads, more area than 5
  EXPECT_FALSE(Of(r, 5).elected);
  EXPECT_TRUE(Of(r, 5).qualified);
  EXPECT_FALSE(Of(r, 7).qualified);
  EXPECT_EQ(Of(r, 7).abstain, (Share{80000, 8}));  // unmarked ballots abstain
}

TEST(Election, TieAcrossTheLastSeatIsReportedNotResolved) {
  ElectionTallyInput in{{100000, 10},
                        {100000, 10},
                        5,
                        {C(1, {90000, 9}), C(2, {80000, 8}), C(3, {70000, 8}), C(4, {70000, 7}),
                         C(5, {60000, 6}), C(6, {60000, 6})}};
  auto r = TallyElection(in);
  EXPECT_EQ(r.outcome, ElectionOutcome::kTie);
  EXPECT_EQ(r.elected, 4);
  EXPECT_EQ(r.seats_empty, 1);
  EXPECT_TRUE(Of(r, 5).tied);
  EXPECT_TRUE(Of(r, 6).tied);
  EXPECT_FALSE(Of(r, 5).elected);
  EXPECT_FALSE(Of(r, 6).elected);
  EXPECT_EQ(Of(r, 5).rank, 5);
  EXPECT_EQ(Of(r, 6).rank, 5);
  // A tie inside the seats is no problem: both are in.
  in.candidates[4].agree = {70000, 7};
  in.candidates[5].agree = {10000, 1};
  r = TallyElection(in);
  EXPECT_EQ(r.outcome, ElectionOutcome::kElected);
  EXPECT_TRUE(Of(r, 4).elected);
  EXPECT_TRUE(Of(r, 5).elected);
  EXPECT_FALSE(Of(r, 4).tied);
}

TEST(Election, RemindersAreDatesAndShowLate) {
  WorkCalendar cal;
  // First meeting: 7 days after Fri 2026-12-25 is Fri 2027-01-01; make it a holiday -> Mon 01-04.
  cal.AddHoliday(*ParseDay("2027-01-01"));
  auto rs = ElectionReminders(kElected, 3, std::nullopt, std::nullopt, kElected + kDay, cal);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].kind, ReminderKind::kFirstMeeting);
  EXPECT_EQ(DayOf(rs[0].due - 1), *ParseDay("2027-01-04"));
  EXPECT_FALSE(rs[0].late);
  EXPECT_EQ(rs[1].kind, ReminderKind::kFiling);
  EXPECT_EQ(DayOf(rs[1].due - 1), *ParseDay("2027-01-25"));  // Sun 01-24 -> Mon 01-25
  EXPECT_EQ(rs[2].kind, ReminderKind::kTermEnd);
  EXPECT_EQ(rs[2].due, StartOfDay(*ParseDay("2029-12-25")));
  EXPECT_FALSE(rs[2].warning);
  // Past the first-meeting deadline, not held: late. Held in time: not late.
  const UnixSeconds later = StartOfDay(*ParseDay("2027-01-05")) + 3600;
  rs = ElectionReminders(kElected, 3, std::nullopt, std::nullopt, later, cal);
  EXPECT_TRUE(rs[0].late);
  EXPECT_FALSE(rs[1].late);
  rs = ElectionReminders(kElected, 3, kElected + 2 * kDay, std::nullopt, later, cal);
  EXPECT_FALSE(rs[0].late);
  // Held after the deadline stays late.
  rs = ElectionReminders(kElected, 3, later, std::nullopt, later, cal);
  EXPECT_TRUE(rs[0].late);
  // 90 days before the term ends: warning; after: late.
  const UnixSeconds end = StartOfDay(*ParseDay("2029-12-25"));
  rs = ElectionReminders(kElected, 3, kElected, kElected, end - 90 * kDay, cal);
  EXPECT_TRUE(rs[2].warning);
  EXPECT_FALSE(rs[2].late);
  rs = ElectionReminders(kElected, 3, kElected, kElected, end - 91 * kDay, cal);
  EXPECT_FALSE(rs[2].warning);
  rs = ElectionReminders(kElected, 3, kElected, kElected, end, cal);
  EXPECT_TRUE(rs[2].late);
  EXPECT_FALSE(rs[2].warning);
}

TEST(Election, TermEndOfALeapDay) {
  const UnixSeconds leap = StartOfDay(*ParseDay("2028-02-29")) + 3600;
  EXPECT_EQ(TermEnd(leap, 1), StartOfDay(*ParseDay("2029-02-28")));
  EXPECT_EQ(TermEnd(leap, 4), StartOfDay(*ParseDay("2032-02-29")));
}

}  // namespace
}  // namespace linli::domain
