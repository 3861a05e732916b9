// Owners' votes under Civil Code art. 278: thresholds by matter, the law's edge cases of the
// tally (exactly 2/3, exactly 1/2, exactly 3/4, area met but heads not and the reverse,
// abstentions, the non-voter rule kept apart), the roll's head count (multi-unit owners, the
// developer's units, co-owned units, building-limited votes), the vote's window and the
// committee's size; and a property test comparing the roll and tally with a direct
// reimplementation of the rule over random estates.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include <boost/rational.hpp>

#include "domain/votes/roll.hpp"
#include "domain/votes/tally.hpp"
#include "domain/votes/vote.hpp"

namespace linli::domain {
namespace {

TallyInput Input(Share total, Share agree, Share disagree, Share abstain,
                 Threshold t = Threshold::kMoreThanHalf) {
  return TallyInput{total, agree, disagree, abstain, t, false};
}

TEST(Votes, ThresholdFollowsTheMatter) {
  for (int m : {1, 2, 3, 4, 5, 9}) EXPECT_EQ(*ThresholdOfMatter(m), Threshold::kMoreThanHalf) << m;
  for (int m : {6, 7, 8}) EXPECT_EQ(*ThresholdOfMatter(m), Threshold::kThreeQuarters) << m;
  for (int m : {0, 10, -1}) {
    auto t = ThresholdOfMatter(m);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().field, "matter");
  }
  EXPECT_EQ(MatterLabel(5), "使用建筑物及其附属设施的维修资金");
  EXPECT_EQ(MatterLabel(6), "筹集建筑物及其附属设施的维修资金");
  EXPECT_EQ(ThresholdName(Threshold::kThreeQuarters), "three_quarters");
}

TEST(Votes, ChoicesAndChannels) {
  EXPECT_EQ(ParseChoice("agree"), Choice::kAgree);
  EXPECT_FALSE(ParseChoice("yes"));
  EXPECT_EQ(ParseChannel("ballot_box"), Channel::kBallotBox);
  EXPECT_FALSE(ParseChannel("wechat"));
  EXPECT_FALSE(EnteredByStaff(Channel::kOnline));
  EXPECT_TRUE(EnteredByStaff(Channel::kPaper));
}

TEST(Votes, ExactlyTwoThirdsParticipationIsMet) {
  // 300.00 m² and 3 heads in total; 200.00 m² and 2 heads took part: exactly 2/3.
  auto r = Tally(Input({30000, 3}, {20000, 2}, {0, 0}, {0, 0}));
  EXPECT_TRUE(r.participation_area_met);
  EXPECT_TRUE(r.participation_heads_met);
  EXPECT_EQ(r.outcome, Outcome::kPassed);
  // One hundredth of a square metre less is not enough.
  auto less = Tally(Input({30000, 3}, {19999, 2}, {0, 0}, {0, 0}));
  EXPECT_FALSE(less.participation_area_met);
  EXPECT_EQ(less.outcome, Outcome::kVoid);
}

TEST(Votes, ExactlyHalfApprovalIsNotMet) {
  // Everyone took part; half the area and half the heads agree: "过半数" needs more than half.
  auto r = Tally(Input({40000, 4}, {20000, 2}, {20000, 2}, {0, 0}));
  EXPECT_TRUE(r.participation_met);
  EXPECT_FALSE(r.approval_area_met);
  EXPECT_FALSE(r.approval_heads_met);
  EXPECT_EQ(r.outcome, Outcome::kRejected);
  auto more = Tally(Input({40000, 4}, {20001, 3}, {19999, 1}, {0, 0}));
  EXPECT_EQ(more.outcome, Outcome::kPassed);
}

TEST(Votes, ExactlyThreeQuartersIsMet) {
  auto r = Tally(Input({40000, 4}, {30000, 3}, {10000, 1}, {0, 0}, Threshold::kThreeQuarters));
  EXPECT_TRUE(r.approval_area_met);
  EXPECT_TRUE(r.approval_heads_met);
  EXPECT_EQ(r.outcome, Outcome::kPassed);
  auto less = Tally(Input({40000, 4}, {29999, 3}, {10001, 1}, {0, 0}, Threshold::kThreeQuarters));
  EXPECT_FALSE(less.approval_area_met);
  EXPECT_TRUE(less.approval_heads_met);
  EXPECT_EQ(less.outcome, Outcome::kRejected);
}

TEST(Votes, AreaMetButHeadsNotAndTheReverse) {
  // Participation: the big units took part (area 80%) but only 2 of 5 heads.
  auto p = Tally(Input({100000, 5}, {80000, 2}, {0, 0}, {0, 0}));
  EXPECT_TRUE(p.participation_area_met);
  EXPECT_FALSE(p.participation_heads_met);
  EXPECT_EQ(p.outcome, Outcome::kVoid);
  // Approval: 3 of 4 heads agree but they hold little area.
  auto a = Tally(Input({100000, 4}, {30000, 3}, {70000, 1}, {0, 0}));
  EXPECT_FALSE(a.approval_area_met);
  EXPECT_TRUE(a.approval_heads_met);
  EXPECT_EQ(a.outcome, Outcome::kRejected);
  // And the reverse: one big owner agrees, three small ones do not.
  auto b = Tally(Input({100000, 4}, {70000, 1}, {30000, 3}, {0, 0}));
  EXPECT_TRUE(b.approval_area_met);
  EXPECT_FALSE(b.approval_heads_met);
  EXPECT_EQ(b.outcome, Outcome::kRejected);
}

TEST(Votes, AbstentionsTakePartButDoNotApprove) {
  // 6 heads: 3 agree, 1 disagrees, 2 abstain. Participation is full; 3 of 6 is not more than half.
  auto r = Tally(Input({60000, 6}, {30000, 3}, {10000, 1}, {20000, 2}));
  EXPECT_TRUE(r.participation_met);
  EXPECT_EQ(r.participated, (Share{60000, 6}));
  EXPECT_EQ(r.outcome, Outcome::kRejected);
  // Had the two stayed away instead, 3 of the 4 who took part agree and the motion passes:
  // abstaining is not the same as not voting.
  auto without = Tally(Input({60000, 6}, {30000, 3}, {10000, 1}, {0, 0}));
  EXPECT_EQ(without.outcome, Outcome::kPassed);
}

TEST(Votes, AnEmptyRollIsVoid) {
  auto r = Tally(Input({0, 0}, {0, 0}, {0, 0}, {0, 0}));
  EXPECT_EQ(r.outcome, Outcome::kVoid);
  EXPECT_FALSE(r.participation_met);
}

TEST(Votes, NonVoterRuleIsKeptApartAndNeverReachesParticipation) {
  // 9 heads of 100 m²; 6 took part (exactly 2/3): 4 agree, 2 disagree. 4 of 6 > 1/2 passes
  // anyway; with the 3 non-voters added to the majority, 7 of 9 agree.
  TallyInput in = Input({90000, 9}, {40000, 4}, {20000, 2}, {0, 0}, Threshold::kThreeQuarters);
  in.nonvoters_with_majority = true;
  auto r = Tally(in);
  EXPECT_EQ(r.outcome, Outcome::kRejected);  // 4/6 < 3/4: the legal outcome
  EXPECT_TRUE(r.nonvoters.applied);
  EXPECT_EQ(r.nonvoters.side, Choice::kAgree);
  EXPECT_EQ(r.nonvoters.added, (Share{30000, 3}));
  EXPECT_TRUE(r.nonvoters.approval_met);  // 7/9 >= 3/4, shown apart only
  // Below 2/3 participation the rule is not applied at all.
  TallyInput low = Input({90000, 9}, {50000, 5}, {0, 0}, {0, 0});
  low.nonvoters_with_majority = true;
  auto v = Tally(low);
  EXPECT_EQ(v.outcome, Outcome::kVoid);
  EXPECT_FALSE(v.nonvoters.applied);
  // Off by default.
  EXPECT_FALSE(Tally(Input({90000, 9}, {40000, 4}, {20000, 2}, {0, 0})).nonvoters.enabled);
}

RollUnit Unit(std::int64_t id, std::int64_t area, std::vector<RollOwner> owners,
              bool delivered = true, std::int64_t building = 1) {
  return RollUnit{id, delivered, std::move(owners), area, building};
}

TEST(Votes, RollCountsMultiUnitOwnersDeveloperAndCoOwnersOnce) {
  const RollOwner a{1, OwnerKind::kPerson}, b{2, OwnerKind::kPerson}, c{3, OwnerKind::kPerson};
  const RollOwner dev{9, OwnerKind::kDeveloper};
  std::vector<RollUnit> units = {
      Unit(101, 8950, {a}),             // A holds two flats: one head
      Unit(102, 10000, {a}),            //
      Unit(103, 12000, {b, c}),         // B and C co-own: one head, one voter
      Unit(104, 9000, {dev}),           // unsold: the developer's group
      Unit(105, 9000, {c}, false),      // sold but not delivered: the developer's group too
      Unit(106, 7000, {}, true, 2),     // no owner on record: one head
      Unit(107, 5000, {dev}, true, 2),  // unsold in building 2: still the developer's one head
  };
  auto roll = BuildVoteRoll(units, {});
  ASSERT_EQ(roll.entries.size(), 4u);
  EXPECT_EQ(roll.total, (Share{8950 + 10000 + 12000 + 9000 + 9000 + 7000 + 5000, 4}));
  EXPECT_EQ(roll.entries[0].group.kind, VoterGroup::Kind::kDeveloper);
  EXPECT_EQ(roll.entries[0].area, 9000 + 9000 + 5000);
  EXPECT_EQ(roll.entries[1].group.owner_ids, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(roll.entries[1].area, 18950);
  EXPECT_EQ(roll.entries[2].group.owner_ids, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(roll.entries[3].group.kind, VoterGroup::Kind::kUnowned);

  // Limited to building 2: the unowned flat and the developer's unit there, two heads.
  auto b2 = BuildVoteRoll(units, {2});
  ASSERT_EQ(b2.entries.size(), 2u);
  EXPECT_EQ(b2.total, (Share{12000, 2}));
}

TEST(Votes, ParkingSpacesCountOnlyWhenTheRulesSaySo) {
  const RollOwner a{1, OwnerKind::kPerson}, b{2, OwnerKind::kPerson};
  RollUnit space_a = Unit(201, 1250, {a});
  space_a.parking = true;
  RollUnit space_b = Unit(202, 1300, {b});
  space_b.parking = true;
  const std::vector<RollUnit> units = {Unit(101, 9000, {a}), space_a, space_b};
  EXPECT_EQ(BuildVoteRoll(units, {}).total, (Share{9000, 1}));
  // Counted: A's space joins A's flat (one head); B, who holds only a space, is a second head.
  const auto counted = BuildVoteRoll(units, {}, true);
  EXPECT_EQ(counted.total, (Share{9000 + 1250 + 1300, 2}));
  EXPECT_EQ(counted.entries[0].area, 10250);
}

TEST(Votes, WindowNeedsFifteenDaysNotice) {
  WorkCalendar cal;
  // Notice on Monday 2026-11-02 10:00 Beijing; the 15th day is Tuesday 11-17, so voting may open
  // at 24:00 of 11-17, i.e. 2026-11-18 00:00 Beijing = 2026-11-17T16:00Z.
  const UnixSeconds notice = 1793584800;  // 2026-11-02T02:00:00Z
  const UnixSeconds earliest = EarliestOpening(notice, cal);
  EXPECT_EQ(earliest, 1794931200);  // 2026-11-17T16:00:00Z
  VoteDraft d{"更换物业服务企业", 4, notice, earliest, earliest + 7 * 86400};
  EXPECT_TRUE(CheckVoteDraft(d, cal));
  d.opens_at = earliest - 1;
  auto e = CheckVoteDraft(d, cal);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "opens_at");
  EXPECT_NE(e.error().message.find("2026-11-18T00:00:00+08:00"), std::string::npos)
      << e.error().message;
  // A 15th day that is a holiday moves the end to the next working day.
  cal.AddHoliday(DayOf(earliest - 3600));  // 11-17 off
  EXPECT_EQ(EarliestOpening(notice, cal), earliest + 86400);
  d = VoteDraft{"x", 4, notice, earliest + 86400, earliest + 2 * 86400};
  EXPECT_EQ(CheckVoteDraft(d, cal).error().field, "title");
  d.title = "命名小区八景";
  d.matter = 0;
  EXPECT_EQ(CheckVoteDraft(d, cal).error().field, "matter");
  d.matter = 9;
  d.closes_at = d.opens_at;
  EXPECT_EQ(CheckVoteDraft(d, cal).error().field, "closes_at");
}

TEST(Votes, BallotWindowAndPhases) {
  const UnixSeconds open = 1000000, close = 2000000;
  EXPECT_EQ(CheckBallotWindow(open, close, std::nullopt, open - 1).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(CheckBallotWindow(open, close, std::nullopt, open));
  EXPECT_FALSE(CheckBallotWindow(open, close, std::nullopt, close));
  EXPECT_FALSE(CheckBallotWindow(open, close, open + 5, open + 10));
  EXPECT_EQ(PhaseOf(open, close, std::nullopt, std::nullopt, open - 1), VotePhase::kAnnounced);
  EXPECT_EQ(PhaseOf(open, close, std::nullopt, std::nullopt, open), VotePhase::kOpen);
  EXPECT_EQ(PhaseOf(open, close, std::nullopt, std::nullopt, close), VotePhase::kEnded);
  EXPECT_EQ(PhaseOf(open, close, close + 1, std::nullopt, close + 2), VotePhase::kClosed);
  EXPECT_EQ(PhaseOf(open, close, close + 1, close + 5, close + 6), VotePhase::kPublished);
  EXPECT_EQ(VotingEnded(close, open + 5), open + 5);
  EXPECT_EQ(VotingEnded(close, close + 100), close);
}

TEST(Votes, CommitteeSeatsAreOddFromFiveToEleven) {
  for (int s : {5, 7, 9, 11}) EXPECT_TRUE(CheckCommitteeSeats(s)) << s;
  for (int s : {3, 4, 6, 8, 10, 12, 13, 0}) {
    auto e = CheckCommitteeSeats(s);
    ASSERT_FALSE(e) << s;
    EXPECT_EQ(e.error().field, "seats");
  }
}

// ---- Property test ----------------------------------------------------------------------------
// The rule restated directly from RULES.md §1-2 with rational numbers, over random estates.

using Q = boost::rational<long long>;

struct Direct {
  Q total_area, total_heads;
  std::map<std::string, Q> area_of;  // voter key -> area
};

// The voter key of a unit as the interpretation words it.
std::string KeyOf(const RollUnit& u) {
  bool developer = !u.delivered;
  std::set<std::int64_t> ids;
  for (const auto& o : u.owners) {
    if (o.kind == OwnerKind::kDeveloper) developer = true;
    ids.insert(o.id);
  }
  if (developer) return "developer";
  if (ids.empty()) return "unit:" + std::to_string(u.household_id);
  std::string key = "owners:";
  for (auto id : ids) key += std::to_string(id) + ",";
  return key;
}

TEST(VotesProperty, TallyAgreesWithADirectReadingOfTheLaw) {
  std::mt19937_64 rng(20261122);
  for (int round = 0; round < 2000; ++round) {
    const int n_units = 1 + static_cast<int>(rng() % 40);
    const int n_people = 1 + static_cast<int>(rng() % 25);
    std::vector<RollUnit> units;
    for (int i = 0; i < n_units; ++i) {
      RollUnit u;
      u.household_id = 1000 + i;
      u.building_id = 1 + static_cast<std::int64_t>(rng() % 3);
      u.area = 3000 + static_cast<std::int64_t>(rng() % 20000);
      u.delivered = rng() % 10 != 0;
      const int kind = static_cast<int>(rng() % 10);
      if (kind == 0) {
        u.owners.push_back({1, OwnerKind::kDeveloper});
      } else if (kind != 1) {  // kind 1: no owner on record
        const int n = rng() % 4 == 0 ? 2 : 1;
        for (int k = 0; k < n; ++k)
          u.owners.push_back({2 + static_cast<std::int64_t>(rng() % n_people), OwnerKind::kPerson});
      }
      units.push_back(u);
    }
    std::vector<std::int64_t> buildings;
    if (rng() % 3 == 0) buildings = {1 + static_cast<std::int64_t>(rng() % 3)};

    // The direct reading.
    Direct d;
    for (const auto& u : units) {
      if (!buildings.empty() && u.building_id != buildings[0]) continue;
      d.area_of[KeyOf(u)] += Q(u.area);
      d.total_area += Q(u.area);
    }
    d.total_heads = Q(static_cast<long long>(d.area_of.size()));

    const auto roll = BuildVoteRoll(units, buildings);
    ASSERT_EQ(Q(roll.total.heads), d.total_heads);
    ASSERT_EQ(Q(roll.total.area), d.total_area);

    // Random ballots, one per head at most; the key of each entry from its first unit.
    const int matter = 1 + static_cast<int>(rng() % 9);
    TallyInput in{roll.total, {}, {}, {}, *ThresholdOfMatter(matter), false};
    Q p_area, p_heads, yes_area, yes_heads;
    const int turnout = static_cast<int>(rng() % 101);  // percent
    const int agree_bias = static_cast<int>(rng() % 101);
    for (const auto& e : roll.entries) {
      if (static_cast<int>(rng() % 100) >= turnout) continue;
      const int pick = static_cast<int>(rng() % 100);
      const Choice c = pick < agree_bias ? Choice::kAgree
                       : pick % 2        ? Choice::kDisagree
                                         : Choice::kAbstain;
      Share& side = c == Choice::kAgree      ? in.agree
                    : c == Choice::kDisagree ? in.disagree
                                             : in.abstain;
      side = side + Share{e.area, 1};
      p_area += Q(e.area);
      p_heads += 1;
      if (c == Choice::kAgree) {
        yes_area += Q(e.area);
        yes_heads += 1;
      }
    }
    const bool participation =
        d.total_heads > 0 && p_area >= Q(2, 3) * d.total_area && p_heads >= Q(2, 3) * d.total_heads;
    const bool three_q = matter == 6 || matter == 7 || matter == 8;
    bool approval = false;
    if (p_heads > 0) {
      approval = three_q ? yes_area >= Q(3, 4) * p_area && yes_heads >= Q(3, 4) * p_heads
                         : yes_area > Q(1, 2) * p_area && yes_heads > Q(1, 2) * p_heads;
    }
    const Outcome expected = !participation ? Outcome::kVoid
                             : approval     ? Outcome::kPassed
                                            : Outcome::kRejected;
    const auto r = Tally(in);
    ASSERT_EQ(r.outcome, expected) << "round " << round << " matter " << matter;
    ASSERT_EQ(r.participation_met, participation) << "round " << round;
  }
}

}  // namespace
}  // namespace linli::domain
