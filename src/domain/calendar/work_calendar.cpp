#include "domain/calendar/work_calendar.hpp"

#include "core/time_format.hpp"

namespace linli::domain {
namespace {
// 1970-01-01 was a Thursday: 0 = Monday ... 6 = Sunday.
int Weekday(DayNumber day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }
DayNumber FloorDiv(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

DayNumber DayOf(UnixSeconds t) { return FloorDiv(t + kShanghaiOffsetSeconds, 86400); }

UnixSeconds StartOfDay(DayNumber day) { return day * 86400 - kShanghaiOffsetSeconds; }

Result<DayNumber> ParseDay(std::string_view text, std::string_view field) {
  auto t = ParseDate(text);
  if (!t)
    return InvalidArgument(std::string(field) + " '" + std::string(text) +
                               "' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01",
                           std::string(field));
  return DayOf(*t);
}

bool WorkCalendar::IsWorkingDay(DayNumber day) const {
  if (workdays_.count(day)) return true;
  if (holidays_.count(day)) return false;
  return Weekday(day) < 5;
}

DayNumber WorkCalendar::NextWorkingDayFrom(DayNumber day) const {
  // Bounded: no calendar has more than a few weeks off in a row.
  for (int i = 0; i < 366; ++i, ++day)
    if (IsWorkingDay(day)) return day;
  return day;
}

UnixSeconds WorkCalendar::DeadlineAfterDays(UnixSeconds event, int days) const {
  const DayNumber last = NextWorkingDayFrom(DayOf(event) + days);
  return StartOfDay(last + 1);  // 24:00 of the last day
}

UnixSeconds WorkCalendar::DeadlineAfterWorkingDays(UnixSeconds event, int n) const {
  DayNumber day = DayOf(event);
  for (int counted = 0; counted < n;) {
    ++day;
    if (IsWorkingDay(day)) ++counted;
  }
  return StartOfDay(day + 1);
}

}  // namespace linli::domain
