// The figures leaders read about residents' problems, as they would check them by hand: rates,
// medians, months in Beijing time, and counters that stay right however an appeal changes.
#include "domain/appeals/stats.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/time_format.hpp"

namespace linli::domain {
namespace {

UnixSeconds T(const char* time) { return *ParseTime(time); }

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

// A lift appeal received on 2026-03-02 at 09:00 Beijing time, to be answered within a day and
// solved within five.
Appeal Lift() {
  Appeal a;
  a.id = 1;
  a.estate_id = 12;
  a.estate_path = "/1/5/9/12/";
  a.category = "lift";
  a.handler = HandlerKind::kProperty;
  a.status = AppealStatus::kSubmitted;
  a.received_at = T("2026-03-02T09:00:00+08:00");
  a.respond_by = a.received_at + kDay;
  a.resolve_by = a.received_at + 5 * kDay;
  return a;
}

Appeal Responded(Appeal a, std::int64_t after) {
  a.status = AppealStatus::kAccepted;
  a.responded_at = a.received_at + after;
  return a;
}

Appeal Resolved(Appeal a, std::int64_t after) {
  if (!a.responded_at) a.responded_at = a.received_at + kHour;
  a.status = AppealStatus::kResolved;
  a.resolved_at = a.received_at + after;
  return a;
}

StatsCell CellOf(int month, std::string category, HandlerKind handler, StatsCounters c) {
  StatsCell cell;
  cell.key = {month, std::move(category), handler};
  cell.counters = c;
  return cell;
}

std::vector<const StatsCell*> Pointers(const std::vector<StatsCell>& cells) {
  std::vector<const StatsCell*> out;
  for (const auto& c : cells) out.push_back(&c);
  return out;
}

// The store as a test sees it: deltas applied to cells, empty cells dropped.
using Store = std::map<StatsKey, StatsCell>;

void Apply(Store& store, const std::vector<CellDelta>& deltas) {
  for (const CellDelta& d : deltas) {
    StatsCell& cell = store[d.key];
    cell.key = d.key;
    cell.counters += d.counters;
    for (const HistogramDelta& h : d.histogram) {
      auto& hist = h.metric == DurationMetric::kResponse ? cell.response : cell.resolution;
      hist[h.bucket] += h.delta;
    }
  }
  std::erase_if(store, [](const auto& entry) {
    const StatsCell& c = entry.second;
    const std::array<std::int64_t, kDurationBuckets> zero{};
    return c.counters.IsZero() && c.response == zero && c.resolution == zero;
  });
}

std::int64_t HistogramAt(const CellDelta& d, DurationMetric metric, int bucket) {
  std::int64_t sum = 0;
  for (const auto& h : d.histogram)
    if (h.metric == metric && h.bucket == bucket) sum += h.delta;
  return sum;
}

// --- Months in Beijing time -------------------------------------------------------------------

TEST(AppealStats, MonthTurnsAtMidnightInShanghai) {
  // 16:00 UTC on the last day of February is 00:00 on March 1st in Beijing.
  EXPECT_EQ(MonthOf(T("2026-02-28T16:00:00Z")), 202603);
  EXPECT_EQ(MonthOf(T("2026-02-28T15:59:59Z")), 202602);
  EXPECT_EQ(MonthOf(T("2026-03-01T00:00:00+08:00")), 202603);
  // New Year's Eve, across the year.
  EXPECT_EQ(MonthOf(T("2025-12-31T23:59:59+08:00")), 202512);
  EXPECT_EQ(MonthOf(T("2025-12-31T16:00:00Z")), 202601);
  // Leap day.
  EXPECT_EQ(MonthOf(T("2028-02-29T12:00:00+08:00")), 202802);
  // Before the epoch the day still floors, not truncates.
  EXPECT_EQ(MonthOf(T("1969-12-31T16:00:00Z")), 197001);
  EXPECT_EQ(MonthOf(T("1969-12-31T15:59:59Z")), 196912);
}

TEST(AppealStats, MonthsBetweenCrossesTheYear) {
  EXPECT_EQ(MonthsBetween(202511, 202602), (std::vector<int>{202511, 202512, 202601, 202602}));
  EXPECT_EQ(MonthsBetween(202603, 202603), (std::vector<int>{202603}));
  EXPECT_TRUE(MonthsBetween(202604, 202603).empty());
  EXPECT_EQ(MonthsBetween(202401, 202612).size(), 36u);
  EXPECT_EQ(MonthsBetween(202401, 202612).back(), 202612);
  EXPECT_EQ(SameMonthLastYear(202603), 202503);
  EXPECT_EQ(SameMonthLastYear(202601), 202501);
}

// --- Duration buckets -------------------------------------------------------------------------

TEST(AppealStats, DurationBucketsFollowTheEdges) {
  EXPECT_EQ(kDurationBuckets, 28);
  EXPECT_EQ(DurationBucket(0), 0);
  EXPECT_EQ(DurationBucket(-500), 0);  // clock skew counts as instant
  EXPECT_EQ(DurationBucket(5 * 60 - 1), 0);
  EXPECT_EQ(DurationBucket(5 * 60), 1);
  EXPECT_EQ(DurationBucket(2 * kHour + 30 * 60), 7);  // [2h, 3h)
  EXPECT_EQ(DurationBucket(90 * kDay - 1), 26);
  EXPECT_EQ(DurationBucket(90 * kDay), 27);
  EXPECT_EQ(DurationBucket(400 * kDay), 27);
  for (int i = 0; i < static_cast<int>(kDurationBucketEdges.size()); ++i) {
    EXPECT_EQ(DurationBucket(kDurationBucketEdges[i] - 1), i) << "edge " << i;
    EXPECT_EQ(DurationBucket(kDurationBucketEdges[i]), i + 1) << "edge " << i;
  }
}

// --- What one appeal counts -------------------------------------------------------------------

TEST(AppealStats, ANewAppealCountsAsReceivedInItsMonthCategoryAndHandler) {
  const CellDelta c = Contribution(Lift());
  EXPECT_EQ(c.key.month, 202603);
  EXPECT_EQ(c.key.category, "lift");
  EXPECT_EQ(c.key.handler, HandlerKind::kProperty);
  StatsCounters expected;
  expected.received = 1;
  expected.open = 1;  // open now
  EXPECT_EQ(c.counters, expected);
  EXPECT_TRUE(c.histogram.empty());
}

TEST(AppealStats, ResponseAndResolutionCountWithTheirDeadlinesAndDurations) {
  Appeal a = Resolved(Responded(Lift(), 2 * kHour + 30 * 60), 3 * kDay);
  const CellDelta c = Contribution(a);
  EXPECT_EQ(c.counters.responded, 1);
  EXPECT_EQ(c.counters.responded_on_time, 1);
  EXPECT_EQ(c.counters.resolved, 1);
  EXPECT_EQ(c.counters.resolved_on_time, 1);
  EXPECT_EQ(c.counters.solved_inside, 1);
  EXPECT_EQ(c.counters.escalated, 0);
  ASSERT_EQ(c.histogram.size(), 2u);
  EXPECT_EQ(HistogramAt(c, DurationMetric::kResponse, 7), 1);     // [2h, 3h)
  EXPECT_EQ(HistogramAt(c, DurationMetric::kResolution, 17), 1);  // [3d, 4d)

  // Exactly at the deadline is on time; a second later is not.
  a = Lift();
  a.responded_at = a.respond_by;
  a.resolved_at = a.resolve_by + 1;
  a.status = AppealStatus::kClosed;
  const CellDelta late = Contribution(a);
  EXPECT_EQ(late.counters.responded_on_time, 1);
  EXPECT_EQ(late.counters.resolved, 1);  // closed after a resolution still counts
  EXPECT_EQ(late.counters.resolved_on_time, 0);
}

TEST(AppealStats, AResolutionCountsOnlyWhileTheAppealIsResolvedOrClosed) {
  Appeal a = Resolved(Lift(), kDay);
  a.status = AppealStatus::kInProgress;  // a stale resolved_at after a reopen
  const CellDelta c = Contribution(a);
  EXPECT_EQ(c.counters.resolved, 0);
  EXPECT_EQ(c.counters.solved_inside, 0);
  EXPECT_EQ(HistogramAt(c, DurationMetric::kResolution, DurationBucket(kDay)), 0);
  // Closed without ever being resolved (e.g. withdrawn): not a resolution.
  Appeal closed = Lift();
  closed.status = AppealStatus::kClosed;
  closed.closed_at = closed.received_at + kHour;
  EXPECT_EQ(Contribution(closed).counters.resolved, 0);
}

TEST(AppealStats, EscalatedAppealsAreNotSolvedInside) {
  Appeal a = Resolved(Lift(), 2 * kDay);
  a.escalated = true;
  a.handler = HandlerKind::kStreet;
  const CellDelta c = Contribution(a);
  EXPECT_EQ(c.key.handler, HandlerKind::kStreet);
  EXPECT_EQ(c.counters.escalated, 1);
  EXPECT_EQ(c.counters.resolved, 1);
  EXPECT_EQ(c.counters.solved_inside, 0);
  // Escalated and still open: counted as escalated all the same.
  Appeal open = Lift();
  open.escalated = true;
  EXPECT_EQ(Contribution(open).counters.escalated, 1);
}

TEST(AppealStats, AMergedDuplicateCountsOnlyAsReceivedAndMerged) {
  Appeal a = Responded(Lift(), kHour);
  a.rating = Rating::kSatisfied;
  a.status = AppealStatus::kMerged;
  a.merged_into = 7;
  const CellDelta c = Contribution(a);
  StatsCounters expected;
  expected.received = 1;
  expected.merged = 1;
  EXPECT_EQ(c.counters, expected);
  EXPECT_TRUE(c.histogram.empty());
}

TEST(AppealStats, TheCallbackRatingOverridesTheResidentsRating) {
  Appeal a = Resolved(Lift(), kDay);
  a.rating = Rating::kSatisfied;
  EXPECT_EQ(Contribution(a).counters.satisfied, 1);

  a.callback_at = a.received_at + 3 * kDay;
  a.callback_contacted = true;
  a.callback_solved = false;
  a.callback_rating = Rating::kDissatisfied;
  const CellDelta c = Contribution(a);
  EXPECT_EQ(c.counters.rated, 1);
  EXPECT_EQ(c.counters.satisfied, 0);
  EXPECT_EQ(c.counters.dissatisfied, 1);
  EXPECT_EQ(c.counters.callbacks, 1);
  EXPECT_EQ(c.counters.contacted, 1);
  EXPECT_EQ(c.counters.solved, 0);

  // The callback alone rates an appeal the resident never rated.
  Appeal unrated = Resolved(Lift(), kDay);
  unrated.callback_at = unrated.received_at + 3 * kDay;
  unrated.callback_contacted = true;
  unrated.callback_solved = true;
  unrated.callback_rating = Rating::kBasically;
  const CellDelta u = Contribution(unrated);
  EXPECT_EQ(u.counters.rated, 1);
  EXPECT_EQ(u.counters.basically, 1);
  EXPECT_EQ(u.counters.solved, 1);

  // A callback that reached nobody counts as a callback, not as contacted, and leaves the
  // resident's rating standing.
  Appeal unreached = Resolved(Lift(), kDay);
  unreached.rating = Rating::kBasically;
  unreached.callback_at = unreached.received_at + 3 * kDay;
  unreached.callback_contacted = false;
  const CellDelta n = Contribution(unreached);
  EXPECT_EQ(n.counters.callbacks, 1);
  EXPECT_EQ(n.counters.contacted, 0);
  EXPECT_EQ(n.counters.basically, 1);
}

// --- Changes never double count ---------------------------------------------------------------

TEST(AppealStats, DiffOfANewAppealIsItsContribution) {
  const Appeal a = Responded(Lift(), kHour);
  const auto d = Diff(std::nullopt, a);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, Contribution(a).key);
  EXPECT_EQ(d[0].counters, Contribution(a).counters);
  ASSERT_EQ(d[0].histogram.size(), 1u);
  EXPECT_EQ(HistogramAt(d[0], DurationMetric::kResponse, DurationBucket(kHour)), 1);
}

TEST(AppealStats, DiffIsEmptyWhenNothingCountedChanged) {
  const Appeal a = Resolved(Lift(), kDay);
  EXPECT_TRUE(Diff(a, a).empty());
  Appeal b = a;
  b.description = "the lift in building 3 stops between floors";
  b.assignee_account_id = 44;
  b.resolution_note = "replaced the door sensor";
  b.version = a.version + 1;
  EXPECT_TRUE(Diff(a, b).empty());
}

TEST(AppealStats, AcceptingAddsTheResponseOnly) {
  const Appeal before = Lift();
  const Appeal after = Responded(before, 30 * 60);
  const auto d = Diff(before, after);
  ASSERT_EQ(d.size(), 1u);
  StatsCounters expected;
  expected.responded = 1;
  expected.responded_on_time = 1;
  EXPECT_EQ(d[0].counters, expected);
  ASSERT_EQ(d[0].histogram.size(), 1u);
  EXPECT_EQ(d[0].histogram[0].metric, DurationMetric::kResponse);
  EXPECT_EQ(d[0].histogram[0].bucket, DurationBucket(30 * 60));
  EXPECT_EQ(d[0].histogram[0].delta, 1);
}

TEST(AppealStats, AReopenTakesAwayTheResolutionAndItsDuration) {
  const Appeal resolved = Resolved(Lift(), 2 * kDay);
  Appeal reopened = resolved;
  reopened.status = AppealStatus::kAccepted;
  reopened.resolved_at.reset();
  reopened.reopen_count = 1;
  const auto d = Diff(resolved, reopened);
  ASSERT_EQ(d.size(), 1u);
  StatsCounters expected;
  expected.resolved = -1;
  expected.resolved_on_time = -1;
  expected.solved_inside = -1;
  expected.open = 1;  // open again
  EXPECT_EQ(d[0].counters, expected);
  ASSERT_EQ(d[0].histogram.size(), 1u);  // the response stays where it was
  EXPECT_EQ(d[0].histogram[0].metric, DurationMetric::kResolution);
  EXPECT_EQ(d[0].histogram[0].bucket, DurationBucket(2 * kDay));
  EXPECT_EQ(d[0].histogram[0].delta, -1);

  // Resolved again, later: one resolution in the later bucket, none left in the earlier one.
  Store store;
  Apply(store, Diff(std::nullopt, Lift()));
  Apply(store, Diff(Lift(), resolved));
  Apply(store, d);
  const Appeal again = Resolved(reopened, 8 * kDay);
  Apply(store, Diff(reopened, again));
  ASSERT_EQ(store.size(), 1u);
  const StatsCell& cell = store.begin()->second;
  EXPECT_EQ(cell.counters.resolved, 1);
  EXPECT_EQ(cell.counters.resolved_on_time, 0);  // past the 5-day deadline now
  EXPECT_EQ(cell.resolution[DurationBucket(2 * kDay)], 0);
  EXPECT_EQ(cell.resolution[DurationBucket(8 * kDay)], 1);
}

TEST(AppealStats, ReRatingMovesTheCount) {
  Appeal satisfied = Resolved(Lift(), kDay);
  satisfied.rating = Rating::kSatisfied;
  Appeal dissatisfied = satisfied;
  dissatisfied.rating = Rating::kDissatisfied;
  const auto d = Diff(satisfied, dissatisfied);
  ASSERT_EQ(d.size(), 1u);
  StatsCounters expected;
  expected.satisfied = -1;
  expected.dissatisfied = 1;
  EXPECT_EQ(d[0].counters, expected);  // still one rating
  EXPECT_TRUE(d[0].histogram.empty());
}

TEST(AppealStats, AHandlerChangeMovesTheAppealBetweenCells) {
  const Appeal branch = [] {
    Appeal a = Responded(Lift(), kHour);
    a.handler = HandlerKind::kBranch;
    return a;
  }();
  Appeal committee = branch;
  committee.handler = HandlerKind::kCommittee;
  const auto d = Diff(branch, committee);
  ASSERT_EQ(d.size(), 2u);
  const CellDelta& out = d[0].key.handler == HandlerKind::kBranch ? d[0] : d[1];
  const CellDelta& in = d[0].key.handler == HandlerKind::kBranch ? d[1] : d[0];
  EXPECT_EQ(out.key.handler, HandlerKind::kBranch);
  EXPECT_EQ(in.key.handler, HandlerKind::kCommittee);
  EXPECT_EQ(out.counters.received, -1);
  EXPECT_EQ(out.counters.responded, -1);
  EXPECT_EQ(in.counters.received, 1);
  EXPECT_EQ(in.counters.responded, 1);
  EXPECT_EQ(HistogramAt(out, DurationMetric::kResponse, DurationBucket(kHour)), -1);
  EXPECT_EQ(HistogramAt(in, DurationMetric::kResponse, DurationBucket(kHour)), 1);

  // What a leader sees: the appeal under the committee, none left under the branch.
  Store store;
  Apply(store, Diff(std::nullopt, branch));
  Apply(store, d);
  std::vector<StatsCell> cells;
  for (const auto& [key, cell] : store) cells.push_back(cell);
  const StatsReport r = Summarise(cells, 202603, 202603, {});
  EXPECT_EQ(r.by_handler.count(HandlerKind::kBranch), 0u);
  ASSERT_EQ(r.by_handler.count(HandlerKind::kCommittee), 1u);
  EXPECT_EQ(r.by_handler.at(HandlerKind::kCommittee).counters.received, 1);
  EXPECT_EQ(r.total.counters.received, 1);
}

TEST(AppealStats, MergingTakesBackWhatTheDuplicateHadCounted) {
  Appeal a = Responded(Lift(), kHour);
  a.rating = Rating::kBasically;
  Appeal merged = a;
  merged.status = AppealStatus::kMerged;
  merged.merged_into = 3;
  const auto d = Diff(a, merged);
  ASSERT_EQ(d.size(), 1u);
  StatsCounters expected;
  expected.merged = 1;
  expected.responded = -1;
  expected.responded_on_time = -1;
  expected.rated = -1;
  expected.basically = -1;
  expected.open = -1;  // a merged duplicate is no longer open
  EXPECT_EQ(d[0].counters, expected);
  EXPECT_EQ(HistogramAt(d[0], DurationMetric::kResponse, DurationBucket(kHour)), -1);
}

// --- Rates ------------------------------------------------------------------------------------

TEST(AppealStats, ReplyRateIsRespondedOverValidAppeals) {
  // The district's figure: 765 of 889 valid appeals answered; 11 duplicates do not count.
  StatsCounters c;
  c.received = 900;
  c.merged = 11;
  c.responded = 765;
  const std::vector<StatsCell> cells = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  const StatsFigures f = FiguresOf(Pointers(cells), {});
  ASSERT_TRUE(f.reply_rate);
  EXPECT_NEAR(*f.reply_rate, 765.0 / 889.0, 1e-12);
  EXPECT_NEAR(*f.reply_rate, 0.8605, 1e-4);
}

TEST(AppealStats, MergedAppealsLeaveTheReplyDenominatorThroughContributions) {
  Store store;
  const Appeal answered = Responded(Lift(), kHour);
  Appeal waiting = Lift();
  waiting.id = 2;
  Appeal duplicate = Lift();
  duplicate.id = 3;
  duplicate.status = AppealStatus::kMerged;
  for (const Appeal& a : {answered, waiting, duplicate}) Apply(store, Diff(std::nullopt, a));
  std::vector<StatsCell> cells;
  for (const auto& [key, cell] : store) cells.push_back(cell);
  const StatsFigures f = FiguresOf(Pointers(cells), {});
  EXPECT_EQ(f.counters.received, 3);
  EXPECT_EQ(f.counters.merged, 1);
  ASSERT_TRUE(f.reply_rate);
  EXPECT_DOUBLE_EQ(*f.reply_rate, 0.5);  // 1 of 2, not 1 of 3
}

TEST(AppealStats, ReplyRateByCallbackIsContactedOverCallbacks) {
  StatsCounters c;
  c.received = 50;
  c.responded = 50;
  c.callbacks = 40;
  c.contacted = 30;
  const std::vector<StatsCell> cells = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  StatsDefinitions defs;
  defs.reply = ReplyDefinition::kContacted;
  const StatsFigures f = FiguresOf(Pointers(cells), defs);
  ASSERT_TRUE(f.reply_rate);
  EXPECT_DOUBLE_EQ(*f.reply_rate, 0.75);
}

TEST(AppealStats, WeightedSatisfactionCountsBasicallyAtNinetyPercent) {
  StatsCounters c;
  c.received = 10;
  c.rated = 10;
  c.satisfied = 8;
  c.basically = 2;
  const std::vector<StatsCell> cells = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  const StatsFigures weighted = FiguresOf(Pointers(cells), {});
  ASSERT_TRUE(weighted.satisfaction_rate);
  EXPECT_DOUBLE_EQ(*weighted.satisfaction_rate, 0.98);  // (8 + 0.9 x 2) / 10, exactly

  StatsDefinitions simple;
  simple.satisfaction = SatisfactionDefinition::kSimple;
  const StatsFigures s = FiguresOf(Pointers(cells), simple);
  ASSERT_TRUE(s.satisfaction_rate);
  EXPECT_DOUBLE_EQ(*s.satisfaction_rate, 1.0);

  // Dissatisfied residents pull both down.
  c.rated = 12;
  c.dissatisfied = 2;
  const std::vector<StatsCell> more = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  EXPECT_DOUBLE_EQ(*FiguresOf(Pointers(more), {}).satisfaction_rate, 98.0 / 120.0);
  EXPECT_DOUBLE_EQ(*FiguresOf(Pointers(more), simple).satisfaction_rate, 10.0 / 12.0);
}

TEST(AppealStats, OnTimeAndSolvedInsideRates) {
  StatsCounters c;
  c.received = 20;
  c.responded = 16;
  c.responded_on_time = 12;
  c.resolved = 10;
  c.resolved_on_time = 9;
  c.solved_inside = 7;
  c.escalated = 3;
  const std::vector<StatsCell> cells = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  const StatsFigures f = FiguresOf(Pointers(cells), {});
  EXPECT_DOUBLE_EQ(*f.response_on_time_rate, 0.75);
  EXPECT_DOUBLE_EQ(*f.resolution_on_time_rate, 0.9);
  EXPECT_DOUBLE_EQ(*f.solved_inside_rate, 0.7);
}

TEST(AppealStats, RatesAreAbsentWithoutADenominator) {
  const StatsFigures none = FiguresOf({}, {});
  EXPECT_TRUE(none.counters.IsZero());
  EXPECT_FALSE(none.reply_rate);
  EXPECT_FALSE(none.satisfaction_rate);
  EXPECT_FALSE(none.response_on_time_rate);
  EXPECT_FALSE(none.resolution_on_time_rate);
  EXPECT_FALSE(none.solved_inside_rate);
  EXPECT_FALSE(none.median_response_hours);
  EXPECT_FALSE(none.p90_resolution_hours);

  // All received appeals were duplicates: no reply rate, not 0 % and not a division by zero.
  StatsCounters c;
  c.received = 2;
  c.merged = 2;
  const std::vector<StatsCell> cells = {CellOf(202603, "lift", HandlerKind::kProperty, c)};
  EXPECT_FALSE(FiguresOf(Pointers(cells), {}).reply_rate);
  StatsDefinitions contacted;
  contacted.reply = ReplyDefinition::kContacted;
  EXPECT_FALSE(FiguresOf(Pointers(cells), contacted).reply_rate);
}

TEST(AppealStats, DefinitionNamesRoundTrip) {
  for (auto d : {SatisfactionDefinition::kWeighted, SatisfactionDefinition::kSimple})
    EXPECT_EQ(ParseSatisfactionDefinition(SatisfactionDefinitionName(d)), d);
  for (auto d : {ReplyDefinition::kResponded, ReplyDefinition::kContacted})
    EXPECT_EQ(ParseReplyDefinition(ReplyDefinitionName(d)), d);
  EXPECT_EQ(SatisfactionDefinitionName(SatisfactionDefinition::kWeighted), "weighted");
  EXPECT_EQ(ReplyDefinitionName(ReplyDefinition::kContacted), "contacted");
  EXPECT_FALSE(ParseSatisfactionDefinition("Weighted"));
  EXPECT_FALSE(ParseSatisfactionDefinition(""));
  EXPECT_FALSE(ParseReplyDefinition("answered"));
}

// --- Medians and 90th percentiles -------------------------------------------------------------

using Histogram = std::array<std::int64_t, kDurationBuckets>;

TEST(AppealStats, QuantileOfAnEmptyHistogramIsAbsent) {
  EXPECT_FALSE(QuantileHours(Histogram{}, 0.5));
}

TEST(AppealStats, ALoneSampleReportsTheMiddleOfItsBucket) {
  Histogram h{};
  h[DurationBucket(2 * kHour + 10 * 60)] = 1;  // [2h, 3h)
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.9), 2.5);
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.0), 2.5);
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 1.0), 2.5);
}

TEST(AppealStats, QuantilesInterpolateInsideTheBucket) {
  // Ten answers within five minutes: taken as spread evenly, the median is the 5th of ten
  // shares of 30 s, at its middle: 4.5 x 30 s = 135 s.
  Histogram quick{};
  quick[0] = 10;
  EXPECT_DOUBLE_EQ(*QuantileHours(quick, 0.5), 135.0 / 3600.0);
  EXPECT_DOUBLE_EQ(*QuantileHours(quick, 0.9), 255.0 / 3600.0);  // 9th: 8.5 x 30 s

  // Five within [1h, 1.5h), five within [24h, 36h).
  Histogram two{};
  two[DurationBucket(kHour)] = 5;
  two[DurationBucket(kDay)] = 5;
  EXPECT_DOUBLE_EQ(*QuantileHours(two, 0.5), 1.45);  // 5th of the first five: 1h + 0.9 x 0.5h
  EXPECT_DOUBLE_EQ(*QuantileHours(two, 0.9), 32.4);  // 4th of the next five: 24h + 0.7 x 12h
  EXPECT_DOUBLE_EQ(*QuantileHours(two, 0.0), 1.05);  // the first sample: 1h + 0.1 x 0.5h
  EXPECT_DOUBLE_EQ(*QuantileHours(two, 1.0), 34.8);  // the last: 24h + 0.9 x 12h

  // The median of 889 sits at rank 445.
  Histogram many{};
  many[DurationBucket(kHour)] = 444;      // [1h, 1.5h)
  many[DurationBucket(2 * kHour)] = 445;  // [2h, 3h)
  EXPECT_NEAR(*QuantileHours(many, 0.5), 2.0 + 0.5 / 445.0, 1e-12);
}

TEST(AppealStats, TheOpenLastBucketReportsItsLowerEdge) {
  Histogram h{};
  h[0] = 1;
  h[kDurationBuckets - 1] = 9;
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.5), 90.0 * 24.0);
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.9), 90.0 * 24.0);
  EXPECT_DOUBLE_EQ(*QuantileHours(h, 0.05), 150.0 / 3600.0);
}

TEST(AppealStats, FiguresCarryTheMediansOfTheirCells) {
  StatsCell a = CellOf(202603, "lift", HandlerKind::kProperty, {});
  StatsCell b = CellOf(202603, "parking", HandlerKind::kCommittee, {});
  a.response[DurationBucket(kHour)] = 5;
  b.response[DurationBucket(kDay)] = 5;
  b.resolution[DurationBucket(2 * kHour)] = 1;
  const std::vector<StatsCell> cells = {a, b};
  const StatsFigures f = FiguresOf(Pointers(cells), {});
  EXPECT_DOUBLE_EQ(*f.median_response_hours, 1.45);
  EXPECT_DOUBLE_EQ(*f.p90_response_hours, 32.4);
  EXPECT_DOUBLE_EQ(*f.median_resolution_hours, 2.5);
  EXPECT_DOUBLE_EQ(*f.p90_resolution_hours, 2.5);
}

// --- Reports ----------------------------------------------------------------------------------

StatsCounters Received(std::int64_t n, std::int64_t responded = 0) {
  StatsCounters c;
  c.received = n;
  c.responded = responded;
  return c;
}

TEST(AppealStats, SummariseGroupsTheCellsOfThePeriod) {
  const std::vector<StatsCell> cells = {
      CellOf(202601, "lift", HandlerKind::kProperty, Received(4, 4)),
      CellOf(202601, "parking", HandlerKind::kCommittee, Received(2, 1)),
      CellOf(202603, "lift", HandlerKind::kBranch, Received(3, 0)),
      CellOf(202604, "lift", HandlerKind::kProperty, Received(100)),   // after the period
      CellOf(202512, "lift", HandlerKind::kProperty, Received(100)),   // before it
      CellOf(202501, "lift", HandlerKind::kProperty, Received(5, 5)),  // last year
      CellOf(202503, "noise", HandlerKind::kMediation, Received(1, 0)),
      CellOf(202504, "noise", HandlerKind::kMediation, Received(100)),  // after last year's
  };
  StatsDefinitions defs;
  defs.satisfaction = SatisfactionDefinition::kSimple;
  const StatsReport r = Summarise(cells, 202601, 202603, defs);
  EXPECT_EQ(r.from_month, 202601);
  EXPECT_EQ(r.to_month, 202603);
  EXPECT_EQ(r.definitions.satisfaction, SatisfactionDefinition::kSimple);

  EXPECT_EQ(r.total.counters.received, 9);
  EXPECT_DOUBLE_EQ(*r.total.reply_rate, 5.0 / 9.0);

  ASSERT_EQ(r.by_category.size(), 2u);
  EXPECT_EQ(r.by_category.at("lift").counters.received, 7);
  EXPECT_EQ(r.by_category.at("parking").counters.received, 2);
  EXPECT_DOUBLE_EQ(*r.by_category.at("parking").reply_rate, 0.5);

  ASSERT_EQ(r.by_handler.size(), 3u);
  EXPECT_EQ(r.by_handler.at(HandlerKind::kProperty).counters.received, 4);
  EXPECT_EQ(r.by_handler.at(HandlerKind::kBranch).counters.received, 3);
  EXPECT_EQ(r.by_handler.at(HandlerKind::kCommittee).counters.received, 2);

  // February had nothing and still shows, with no rates.
  ASSERT_EQ(r.by_month.size(), 3u);
  EXPECT_EQ(r.by_month.at(202601).counters.received, 6);
  EXPECT_TRUE(r.by_month.at(202602).counters.IsZero());
  EXPECT_FALSE(r.by_month.at(202602).reply_rate);
  EXPECT_EQ(r.by_month.at(202603).counters.received, 3);

  // Last year, keyed by this year's month.
  EXPECT_EQ(r.total_last_year.counters.received, 6);
  ASSERT_EQ(r.by_month_last_year.size(), 3u);
  EXPECT_EQ(r.by_month_last_year.at(202601).counters.received, 5);
  EXPECT_DOUBLE_EQ(*r.by_month_last_year.at(202601).reply_rate, 1.0);
  EXPECT_TRUE(r.by_month_last_year.at(202602).counters.IsZero());
  EXPECT_EQ(r.by_month_last_year.at(202603).counters.received, 1);
}

TEST(AppealStats, SummariseAcrossTheYearEnd) {
  const std::vector<StatsCell> cells = {
      CellOf(202511, "lift", HandlerKind::kProperty, Received(1)),
      CellOf(202602, "lift", HandlerKind::kProperty, Received(2)),
      CellOf(202411, "lift", HandlerKind::kProperty, Received(3)),
      CellOf(202502, "lift", HandlerKind::kProperty, Received(4)),
      CellOf(202410, "lift", HandlerKind::kProperty, Received(100)),
  };
  const StatsReport r = Summarise(cells, 202511, 202602, {});
  EXPECT_EQ(r.total.counters.received, 3);
  EXPECT_EQ(r.total_last_year.counters.received, 7);
  std::vector<int> months;
  for (const auto& [m, f] : r.by_month) months.push_back(m);
  EXPECT_EQ(months, (std::vector<int>{202511, 202512, 202601, 202602}));
  EXPECT_EQ(r.by_month_last_year.at(202511).counters.received, 3);
  EXPECT_EQ(r.by_month_last_year.at(202602).counters.received, 4);
  EXPECT_TRUE(r.by_month_last_year.at(202512).counters.IsZero());
}

TEST(AppealStats, APeriodLongerThanAYearOverlapsItsLastYear) {
  const std::vector<StatsCell> cells = {
      CellOf(202506, "lift", HandlerKind::kProperty, Received(2)),
  };
  const StatsReport r = Summarise(cells, 202501, 202612, {});
  EXPECT_EQ(r.by_month.size(), 24u);
  EXPECT_EQ(r.total.counters.received, 2);
  EXPECT_EQ(r.by_month.at(202506).counters.received, 2);
  EXPECT_EQ(r.by_month_last_year.at(202606).counters.received, 2);
  EXPECT_EQ(r.total_last_year.counters.received, 2);
}

TEST(AppealStats, AnAppealJustAfterMidnightLandsInTheNewMonthsReport) {
  Appeal a = Lift();
  a.received_at = T("2026-02-28T16:00:00Z");  // 2026-03-01 00:00 in Beijing
  Store store;
  Apply(store, Diff(std::nullopt, a));
  std::vector<StatsCell> cells;
  for (const auto& [key, cell] : store) cells.push_back(cell);
  const StatsReport r = Summarise(cells, 202602, 202603, {});
  EXPECT_EQ(r.by_month.at(202602).counters.received, 0);
  EXPECT_EQ(r.by_month.at(202603).counters.received, 1);
}

// --- However an appeal changes, the counters equal its final state ---------------------------

// A random edit of the kind the workflow, residents and callbacks make; some are odd on purpose
// (a resolved_at left behind, the received time moved across a month).
Appeal RandomEdit(Appeal a, std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto maybe_time = [&]() -> std::optional<UnixSeconds> {
    if (pick(3) == 0) return std::nullopt;
    const std::int64_t span[] = {0, 10 * 60, 2 * kHour, kDay, 3 * kDay, 20 * kDay, 100 * kDay};
    return a.received_at + span[pick(7)] + pick(600) - 100;
  };
  auto maybe_rating = [&]() -> std::optional<Rating> {
    switch (pick(4)) {
      case 0:
        return std::nullopt;
      case 1:
        return Rating::kSatisfied;
      case 2:
        return Rating::kBasically;
      default:
        return Rating::kDissatisfied;
    }
  };
  auto maybe_bool = [&]() -> std::optional<bool> {
    const int r = pick(3);
    if (r == 0) return std::nullopt;
    return r == 1;
  };
  const int edits = 1 + pick(3);
  for (int e = 0; e < edits; ++e) {
    switch (pick(12)) {
      case 0:
        a.status = static_cast<AppealStatus>(pick(7));
        break;
      case 1:
        a.responded_at = maybe_time();
        break;
      case 2:
        a.resolved_at = maybe_time();
        a.status = a.resolved_at ? AppealStatus::kResolved : AppealStatus::kAccepted;
        break;
      case 3:
        a.rating = maybe_rating();
        break;
      case 4:
        a.callback_rating = maybe_rating();
        a.callback_at = a.received_at + 4 * kDay;
        break;
      case 5:
        a.callback_contacted = maybe_bool();
        a.callback_solved = maybe_bool();
        if (pick(2) == 0) a.callback_at.reset();
        break;
      case 6:
        a.handler = static_cast<HandlerKind>(pick(8));
        break;
      case 7:
        a.category = pick(2) == 0 ? "lift" : "parking";
        break;
      case 8:
        a.escalated = !a.escalated;
        break;
      case 9:
        a.received_at += (pick(2) == 0 ? -1 : 1) * (pick(40) * kDay);
        break;
      case 10:
        a.respond_by = a.received_at + pick(3) * kDay;
        a.resolve_by = a.received_at + pick(10) * kDay;
        break;
      default:
        a.description += "x";  // counts for nothing
        ++a.version;
        break;
    }
  }
  return a;
}

TEST(AppealStats, DiffsOfAnyEditSequenceSumToTheFinalContribution) {
  std::mt19937 rng(20260301);
  for (int iteration = 0; iteration < 500; ++iteration) {
    Store store;
    Appeal a = Lift();
    a.received_at = T("2026-02-27T12:00:00+08:00") + static_cast<std::int64_t>(rng() % 400000);
    Apply(store, Diff(std::nullopt, a));
    const int steps = 1 + static_cast<int>(rng() % 25);
    for (int step = 0; step < steps; ++step) {
      const Appeal next = RandomEdit(a, rng);
      const auto d = Diff(a, next);
      for (const CellDelta& cell : d) {
        // What is handed to the store carries no empty cells or zero buckets.
        EXPECT_FALSE(cell.counters.IsZero() && cell.histogram.empty());
        for (const auto& h : cell.histogram) {
          EXPECT_NE(h.delta, 0);
          EXPECT_GE(h.bucket, 0);
          EXPECT_LT(h.bucket, kDurationBuckets);
        }
      }
      EXPECT_TRUE(Diff(next, next).empty());
      Apply(store, d);
      a = next;
    }
    Store expected;
    Apply(expected, {Contribution(a)});
    ASSERT_EQ(store.size(), expected.size()) << "iteration " << iteration;
    for (const auto& [key, cell] : expected) {
      ASSERT_EQ(store.count(key), 1u) << "iteration " << iteration;
      const StatsCell& got = store.at(key);
      EXPECT_EQ(got.counters, cell.counters) << "iteration " << iteration;
      EXPECT_EQ(got.response, cell.response) << "iteration " << iteration;
      EXPECT_EQ(got.resolution, cell.resolution) << "iteration " << iteration;
    }
    // And no counter anywhere else went negative or was left over.
    for (const auto& [key, cell] : store) {
      EXPECT_GE(cell.counters.received, 0);
      for (std::int64_t v : cell.response) EXPECT_GE(v, 0);
      for (std::int64_t v : cell.resolution) EXPECT_GE(v, 0);
    }
  }
}

}  // namespace
}  // namespace linli::domain

namespace linli::domain {
namespace {

// "Open now" and "overdue now" are counters too: an open appeal counts as open, as overdue once
// the job marked it, and neither once it is resolved.
TEST(AppealStats, OpenAndOverdueFollowTheAppealsStateNow) {
  Appeal a;
  a.id = 1;
  a.category = "lift";
  a.received_at = 1772326800;
  a.status = AppealStatus::kAccepted;
  EXPECT_EQ(Contribution(a).counters.open, 1);
  EXPECT_EQ(Contribution(a).counters.overdue, 0);
  Appeal late = a;
  late.overdue_marked = true;
  auto d = Diff(a, late);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].counters.overdue, 1);
  EXPECT_EQ(d[0].counters.open, 0);
  Appeal done = late;
  done.status = AppealStatus::kResolved;
  done.resolved_at = a.received_at + 3600;
  EXPECT_EQ(Contribution(done).counters.open, 0);
  EXPECT_EQ(Contribution(done).counters.overdue, 0);
}

}  // namespace
}  // namespace linli::domain
