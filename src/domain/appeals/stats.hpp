// The figures leaders read about residents' problems (DOMAIN.md §3, RULES.md §7), kept as
// maintained counters so that a district's report costs the same with 10,000 or 1,000,000
// appeals.
//
// Each appeal contributes to one cell per unit on its estate's path (the estate, community,
// street, district): the cell's key is the month the appeal was received (cohort), its category
// and its current handler. When an appeal changes, the store applies Diff(old, new): the old
// contribution taken away and the new one added, so reopening, re-rating or re-routing never
// double counts. Durations go into fixed histogram buckets; medians and 90th percentiles are
// interpolated inside a bucket (see kDurationBucketEdges for the precision).
// Thread-safety: values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/appeals/appeal.hpp"

namespace linli::domain {

// Month as yyyy*100+mm, e.g. 202603, in Asia/Shanghai.
int MonthOf(UnixSeconds t);
// 202603 -> 202503.
inline int SameMonthLastYear(int month) { return month - 100; }
// Months from..to inclusive (202511, 202512, 202601, ...).
std::vector<int> MonthsBetween(int from, int to);

// Upper edges (seconds) of the duration buckets; bucket i holds [edge[i-1], edge[i]), the last
// bucket everything longer.
inline constexpr std::array<std::int64_t, 27> kDurationBucketEdges = {
    5 * 60,     10 * 60,    15 * 60,    30 * 60,    3600,       5400,      7200,
    3 * 3600,   4 * 3600,   6 * 3600,   8 * 3600,   12 * 3600,  18 * 3600, 86400,
    36 * 3600,  2 * 86400,  3 * 86400,  4 * 86400,  5 * 86400,  7 * 86400, 10 * 86400,
    14 * 86400, 21 * 86400, 30 * 86400, 45 * 86400, 60 * 86400, 90 * 86400};
inline constexpr int kDurationBuckets = static_cast<int>(kDurationBucketEdges.size()) + 1;
int DurationBucket(std::int64_t seconds);

enum class DurationMetric { kResponse = 0, kResolution = 1 };

struct StatsKey {
  int month = 0;
  std::string category;
  HandlerKind handler = HandlerKind::kBranch;
  auto operator<=>(const StatsKey&) const = default;
};

// Additive counters of one cell. Every field may go negative in a delta.
struct StatsCounters {
  std::int64_t received = 0;
  std::int64_t merged = 0;  // duplicates folded into another appeal: not valid
  std::int64_t responded = 0;
  std::int64_t responded_on_time = 0;
  std::int64_t resolved = 0;  // resolved or closed after a resolution
  std::int64_t resolved_on_time = 0;
  std::int64_t escalated = 0;
  std::int64_t solved_inside = 0;  // resolved without ever leaving the estate (矛盾不上交)
  std::int64_t rated = 0;          // a rating or a callback satisfaction (the callback wins)
  std::int64_t satisfied = 0;
  std::int64_t basically = 0;
  std::int64_t dissatisfied = 0;
  std::int64_t callbacks = 0;  // valid callbacks (回访)
  std::int64_t contacted = 0;
  std::int64_t solved = 0;  // callback says solved
  // The appeal's state now (not a cohort figure): open, and open past a deadline as marked by
  // the scheduled job (Appeal::overdue_marked). Summed over all months they give "open now" and
  // "overdue now" without scanning appeals.
  std::int64_t open = 0;
  std::int64_t overdue = 0;
  StatsCounters& operator+=(const StatsCounters& o);
  StatsCounters& operator-=(const StatsCounters& o);
  bool IsZero() const;
  bool operator==(const StatsCounters&) const = default;
};

struct HistogramDelta {
  DurationMetric metric = DurationMetric::kResponse;
  int bucket = 0;
  std::int64_t delta = 0;
};

struct CellDelta {
  StatsKey key;
  StatsCounters counters;
  std::vector<HistogramDelta> histogram;
};

// What an appeal adds to its one cell (every appeal counts at least as received).
CellDelta Contribution(const Appeal& a);
// The deltas that turn old's contribution into now's; empty when nothing counted changed.
// `old` is nullopt for a new appeal.
std::vector<CellDelta> Diff(const std::optional<Appeal>& old, const Appeal& now);

// How the rates are defined (RULES.md §7 by default; configurable per request).
enum class SatisfactionDefinition {
  kWeighted,  // (satisfied + 0.9 x basically) / rated   (RULES.md §7, 接诉即办)
  kSimple,    // (satisfied + basically) / rated
};
enum class ReplyDefinition {
  kResponded,  // responded / (received - merged)   (the 765 of 889 figure)
  kContacted,  // contacted / callbacks             (RULES.md §7 response rate)
};
std::string_view SatisfactionDefinitionName(SatisfactionDefinition d);
std::optional<SatisfactionDefinition> ParseSatisfactionDefinition(std::string_view s);
std::string_view ReplyDefinitionName(ReplyDefinition d);
std::optional<ReplyDefinition> ParseReplyDefinition(std::string_view s);

struct StatsDefinitions {
  SatisfactionDefinition satisfaction = SatisfactionDefinition::kWeighted;
  ReplyDefinition reply = ReplyDefinition::kResponded;
};

// One stored cell as the store returns it for a unit.
struct StatsCell {
  StatsKey key;
  StatsCounters counters;
  std::array<std::int64_t, kDurationBuckets> response{};
  std::array<std::int64_t, kDurationBuckets> resolution{};
};

// Figures of a group of cells.
struct StatsFigures {
  StatsCounters counters;
  std::optional<double> reply_rate;         // 0..1; nullopt when the denominator is 0
  std::optional<double> satisfaction_rate;  // 0..1
  std::optional<double> response_on_time_rate;
  std::optional<double> resolution_on_time_rate;
  std::optional<double> solved_inside_rate;  // solved_inside / resolved
  std::optional<double> median_response_hours;
  std::optional<double> p90_response_hours;
  std::optional<double> median_resolution_hours;
  std::optional<double> p90_resolution_hours;
};

struct StatsReport {
  StatsDefinitions definitions;
  int from_month = 0;
  int to_month = 0;
  StatsFigures total;
  std::map<std::string, StatsFigures> by_category;
  std::map<HandlerKind, StatsFigures> by_handler;
  std::map<int, StatsFigures> by_month;            // every month of the period, zero if empty
  std::map<int, StatsFigures> by_month_last_year;  // keyed by this year's month
  StatsFigures total_last_year;
};

// Sums cells into figures. Cells outside from..to (and their last-year months) are ignored.
StatsReport Summarise(const std::vector<StatsCell>& cells, int from_month, int to_month,
                      const StatsDefinitions& definitions);
// Figures of one group of cells (exposed for tests).
StatsFigures FiguresOf(const std::vector<const StatsCell*>& cells,
                       const StatsDefinitions& definitions);
// The q-quantile (0..1) of a histogram in hours, interpolated linearly inside its bucket; the
// open last bucket reports its lower edge. nullopt for an empty histogram.
std::optional<double> QuantileHours(const std::array<std::int64_t, kDurationBuckets>& histogram,
                                    double q);

}  // namespace linli::domain
