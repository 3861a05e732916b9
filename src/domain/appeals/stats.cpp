#include "domain/appeals/stats.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/time_format.hpp"
#include "domain/calendar/work_calendar.hpp"

namespace linli::domain {

int MonthOf(UnixSeconds t) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  CivilFromDays(DayOf(t), y, m, d);
  return y * 100 + static_cast<int>(m);
}

namespace {

// Months counted from year 0, so that stepping across December is plain addition. A month
// number out of 1..12 is carried into the year rather than looping.
long long MonthIndex(int month) {
  const long long y = month / 100;
  const long long m = month % 100;
  return y * 12 + (m - 1);
}

int MonthFromIndex(long long index) {
  const long long y = index >= 0 ? index / 12 : (index - 11) / 12;
  const long long m = index - y * 12 + 1;
  return static_cast<int>(y * 100 + m);
}

}  // namespace

std::vector<int> MonthsBetween(int from, int to) {
  std::vector<int> months;
  if (from > to) return months;
  const long long first = MonthIndex(from);
  const long long last = MonthIndex(to);
  if (first > last) return months;
  months.reserve(static_cast<std::size_t>(last - first + 1));
  for (long long i = first; i <= last; ++i) months.push_back(MonthFromIndex(i));
  return months;
}

int DurationBucket(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  // The number of edges at or below `seconds` is the bucket whose upper edge is above it.
  const auto it =
      std::upper_bound(kDurationBucketEdges.begin(), kDurationBucketEdges.end(), seconds);
  return static_cast<int>(it - kDurationBucketEdges.begin());
}

StatsCounters& StatsCounters::operator+=(const StatsCounters& o) {
  received += o.received;
  merged += o.merged;
  responded += o.responded;
  responded_on_time += o.responded_on_time;
  resolved += o.resolved;
  resolved_on_time += o.resolved_on_time;
  escalated += o.escalated;
  solved_inside += o.solved_inside;
  rated += o.rated;
  satisfied += o.satisfied;
  basically += o.basically;
  dissatisfied += o.dissatisfied;
  callbacks += o.callbacks;
  contacted += o.contacted;
  solved += o.solved;
  open += o.open;
  overdue += o.overdue;
  return *this;
}

StatsCounters& StatsCounters::operator-=(const StatsCounters& o) {
  received -= o.received;
  merged -= o.merged;
  responded -= o.responded;
  responded_on_time -= o.responded_on_time;
  resolved -= o.resolved;
  resolved_on_time -= o.resolved_on_time;
  escalated -= o.escalated;
  solved_inside -= o.solved_inside;
  rated -= o.rated;
  satisfied -= o.satisfied;
  basically -= o.basically;
  dissatisfied -= o.dissatisfied;
  callbacks -= o.callbacks;
  contacted -= o.contacted;
  solved -= o.solved;
  open -= o.open;
  overdue -= o.overdue;
  return *this;
}

bool StatsCounters::IsZero() const { return *this == StatsCounters{}; }

namespace {

// Counts as resolved only while the resolution stands: a reopened appeal keeps no resolved_at
// but a stale one must not count either.
bool CountsAsResolved(const Appeal& a) {
  return a.resolved_at.has_value() &&
         (a.status == AppealStatus::kResolved || a.status == AppealStatus::kClosed);
}

}  // namespace

CellDelta Contribution(const Appeal& a) {
  CellDelta cell;
  cell.key = StatsKey{MonthOf(a.received_at), a.category, a.handler};
  StatsCounters& c = cell.counters;
  c.received = 1;
  c.open = IsOpen(a.status) ? 1 : 0;
  c.overdue = IsOpen(a.status) && a.overdue_marked ? 1 : 0;
  if (a.status == AppealStatus::kMerged) {
    // A duplicate is not a valid appeal: it counts as received and merged and nothing else.
    c.merged = 1;
    return cell;
  }
  if (a.responded_at) {
    c.responded = 1;
    if (*a.responded_at <= a.respond_by) c.responded_on_time = 1;
    cell.histogram.push_back(
        {DurationMetric::kResponse, DurationBucket(*a.responded_at - a.received_at), 1});
  }
  const bool resolved = CountsAsResolved(a);
  if (resolved) {
    c.resolved = 1;
    if (*a.resolved_at <= a.resolve_by) c.resolved_on_time = 1;
    if (!a.escalated) c.solved_inside = 1;
    cell.histogram.push_back(
        {DurationMetric::kResolution, DurationBucket(*a.resolved_at - a.received_at), 1});
  }
  if (a.escalated) c.escalated = 1;
  // The callback's satisfaction, once asked, replaces what the resident entered.
  const std::optional<Rating> effective = a.callback_rating ? a.callback_rating : a.rating;
  if (effective) {
    c.rated = 1;
    switch (*effective) {
      case Rating::kSatisfied:
        c.satisfied = 1;
        break;
      case Rating::kBasically:
        c.basically = 1;
        break;
      case Rating::kDissatisfied:
        c.dissatisfied = 1;
        break;
    }
  }
  if (a.callback_at) c.callbacks = 1;
  if (a.callback_contacted.value_or(false)) c.contacted = 1;
  if (a.callback_solved.value_or(false)) c.solved = 1;
  return cell;
}

namespace {

// Adds `sign` times `from` into the delta of the same key in `out` (appended when new).
void Accumulate(std::vector<CellDelta>& out, const CellDelta& from, int sign) {
  auto it =
      std::find_if(out.begin(), out.end(), [&](const CellDelta& d) { return d.key == from.key; });
  if (it == out.end()) {
    out.push_back(CellDelta{from.key, {}, {}});
    it = out.end() - 1;
  }
  if (sign > 0) {
    it->counters += from.counters;
  } else {
    it->counters -= from.counters;
  }
  for (const HistogramDelta& h : from.histogram) {
    auto hit = std::find_if(
        it->histogram.begin(), it->histogram.end(),
        [&](const HistogramDelta& x) { return x.metric == h.metric && x.bucket == h.bucket; });
    if (hit == it->histogram.end()) {
      it->histogram.push_back({h.metric, h.bucket, 0});
      hit = it->histogram.end() - 1;
    }
    hit->delta += sign * h.delta;
  }
}

}  // namespace

std::vector<CellDelta> Diff(const std::optional<Appeal>& old, const Appeal& now) {
  if (!old) return {Contribution(now)};
  std::vector<CellDelta> out;
  Accumulate(out, Contribution(*old), -1);
  Accumulate(out, Contribution(now), +1);
  for (CellDelta& d : out) {
    std::erase_if(d.histogram, [](const HistogramDelta& h) { return h.delta == 0; });
    std::sort(d.histogram.begin(), d.histogram.end(),
              [](const HistogramDelta& x, const HistogramDelta& y) {
                return std::pair(x.metric, x.bucket) < std::pair(y.metric, y.bucket);
              });
  }
  std::erase_if(out, [](const CellDelta& d) { return d.counters.IsZero() && d.histogram.empty(); });
  return out;
}

std::string_view SatisfactionDefinitionName(SatisfactionDefinition d) {
  switch (d) {
    case SatisfactionDefinition::kWeighted:
      return "weighted";
    case SatisfactionDefinition::kSimple:
      return "simple";
  }
  return "weighted";
}

std::optional<SatisfactionDefinition> ParseSatisfactionDefinition(std::string_view s) {
  if (s == "weighted") return SatisfactionDefinition::kWeighted;
  if (s == "simple") return SatisfactionDefinition::kSimple;
  return std::nullopt;
}

std::string_view ReplyDefinitionName(ReplyDefinition d) {
  switch (d) {
    case ReplyDefinition::kResponded:
      return "responded";
    case ReplyDefinition::kContacted:
      return "contacted";
  }
  return "responded";
}

std::optional<ReplyDefinition> ParseReplyDefinition(std::string_view s) {
  if (s == "responded") return ReplyDefinition::kResponded;
  if (s == "contacted") return ReplyDefinition::kContacted;
  return std::nullopt;
}

std::optional<double> QuantileHours(const std::array<std::int64_t, kDurationBuckets>& histogram,
                                    double q) {
  // Counts below zero can only come from a store that went wrong; they count as empty.
  std::int64_t n = 0;
  for (std::int64_t c : histogram) n += std::max<std::int64_t>(c, 0);
  if (n <= 0) return std::nullopt;
  if (!(q >= 0.0)) q = 0.0;  // also NaN
  if (q > 1.0) q = 1.0;
  // Nearest rank: the k-th smallest sample, k = ceil(q n), at least 1. The small tolerance keeps
  // 0.9 x 10 from rounding up to rank 10.
  auto k = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(n) - 1e-9));
  k = std::clamp<std::int64_t>(k, 1, n);
  std::int64_t before = 0;
  for (int i = 0; i < kDurationBuckets; ++i) {
    const std::int64_t count = std::max<std::int64_t>(histogram[i], 0);
    if (count == 0 || before + count < k) {
      before += count;
      continue;
    }
    const double lo = i == 0 ? 0.0 : static_cast<double>(kDurationBucketEdges[i - 1]);
    if (i == kDurationBuckets - 1) return lo / 3600.0;  // open bucket: only its lower edge is known
    const double hi = static_cast<double>(kDurationBucketEdges[i]);
    // The samples of a bucket are taken as spread evenly, each at the middle of its own share:
    // the j-th of c (1-based) sits at lo + (j - 0.5) / c x width, so a lone sample reports the
    // bucket's midpoint and no sample reports an edge.
    const double fraction = (static_cast<double>(k - before) - 0.5) / static_cast<double>(count);
    return (lo + fraction * (hi - lo)) / 3600.0;
  }
  return std::nullopt;  // unreachable: k <= n
}

namespace {

std::optional<double> Ratio(std::int64_t num, std::int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

StatsFigures FiguresOf(const std::vector<const StatsCell*>& cells,
                       const StatsDefinitions& definitions) {
  StatsFigures f;
  std::array<std::int64_t, kDurationBuckets> response{};
  std::array<std::int64_t, kDurationBuckets> resolution{};
  for (const StatsCell* cell : cells) {
    f.counters += cell->counters;
    for (int i = 0; i < kDurationBuckets; ++i) {
      response[i] += cell->response[i];
      resolution[i] += cell->resolution[i];
    }
  }
  const StatsCounters& c = f.counters;
  switch (definitions.reply) {
    case ReplyDefinition::kResponded:
      f.reply_rate = Ratio(c.responded, c.received - c.merged);
      break;
    case ReplyDefinition::kContacted:
      f.reply_rate = Ratio(c.contacted, c.callbacks);
      break;
  }
  switch (definitions.satisfaction) {
    case SatisfactionDefinition::kWeighted:
      // Exact in integers, one division: (10 s + 9 b) / (10 rated).
      f.satisfaction_rate = Ratio(10 * c.satisfied + 9 * c.basically, 10 * c.rated);
      break;
    case SatisfactionDefinition::kSimple:
      f.satisfaction_rate = Ratio(c.satisfied + c.basically, c.rated);
      break;
  }
  f.response_on_time_rate = Ratio(c.responded_on_time, c.responded);
  f.resolution_on_time_rate = Ratio(c.resolved_on_time, c.resolved);
  f.solved_inside_rate = Ratio(c.solved_inside, c.resolved);
  f.median_response_hours = QuantileHours(response, 0.5);
  f.p90_response_hours = QuantileHours(response, 0.9);
  f.median_resolution_hours = QuantileHours(resolution, 0.5);
  f.p90_resolution_hours = QuantileHours(resolution, 0.9);
  return f;
}

StatsReport Summarise(const std::vector<StatsCell>& cells, int from_month, int to_month,
                      const StatsDefinitions& definitions) {
  StatsReport report;
  report.definitions = definitions;
  report.from_month = from_month;
  report.to_month = to_month;

  const int last_year_from = SameMonthLastYear(from_month);
  const int last_year_to = SameMonthLastYear(to_month);
  std::vector<const StatsCell*> total;
  std::vector<const StatsCell*> total_last_year;
  std::map<std::string, std::vector<const StatsCell*>> by_category;
  std::map<HandlerKind, std::vector<const StatsCell*>> by_handler;
  std::map<int, std::vector<const StatsCell*>> by_month;
  std::map<int, std::vector<const StatsCell*>> by_month_last_year;
  // Every month of the period shows, in both years, so that a chart has no gaps.
  for (int m : MonthsBetween(from_month, to_month)) {
    by_month[m];
    by_month_last_year[m];
  }

  for (const StatsCell& cell : cells) {
    const int m = cell.key.month;
    if (from_month <= m && m <= to_month) {
      total.push_back(&cell);
      by_category[cell.key.category].push_back(&cell);
      by_handler[cell.key.handler].push_back(&cell);
      by_month[m].push_back(&cell);
    }
    // Not `else`: a period longer than a year overlaps its own last year.
    if (last_year_from <= m && m <= last_year_to) {
      total_last_year.push_back(&cell);
      by_month_last_year[m + 100].push_back(&cell);
    }
  }

  report.total = FiguresOf(total, definitions);
  report.total_last_year = FiguresOf(total_last_year, definitions);
  for (const auto& [category, group] : by_category)
    report.by_category.emplace(category, FiguresOf(group, definitions));
  for (const auto& [handler, group] : by_handler)
    report.by_handler.emplace(handler, FiguresOf(group, definitions));
  for (const auto& [month, group] : by_month)
    report.by_month.emplace(month, FiguresOf(group, definitions));
  for (const auto& [month, group] : by_month_last_year)
    report.by_month_last_year.emplace(month, FiguresOf(group, definitions));
  return report;
}

}  // namespace linli::domain
