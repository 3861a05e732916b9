// The working-day calendar and the legal counting of periods (RULES.md §0): deadlines for
// residents' problems ("respond within 2 working days"), notice periods ("15 days before"),
// publication windows. Holidays and make-up working days (调休) are data, set per year.
//
// Counting (Civil Code art. 201-203): a period in days starts the day after the event and ends
// at 24:00 of its last day; a last day that is not a working day (a public holiday or weekend)
// moves to the next working day. Days are civil days in Asia/Shanghai (UTC+8, no DST).
// Thread-safety: a WorkCalendar is a value; const methods are safe to call concurrently.
#pragma once

#include <set>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace linli::domain {

// Days since 1970-01-01 in Asia/Shanghai.
using DayNumber = long long;

DayNumber DayOf(UnixSeconds t);
// 00:00 Asia/Shanghai of the day.
UnixSeconds StartOfDay(DayNumber day);
// "YYYY-MM-DD" -> day, or invalid_argument naming `field`.
Result<DayNumber> ParseDay(std::string_view text, std::string_view field = "date");

class WorkCalendar {
 public:
  // A day off that would be a working day (e.g. 2026-10-01).
  void AddHoliday(DayNumber day) { holidays_.insert(day); }
  // A weekend day that is worked (调休), e.g. a Saturday before a long holiday.
  void AddMakeUpWorkday(DayNumber day) { workdays_.insert(day); }

  bool IsWorkingDay(DayNumber day) const;
  // The first working day on or after `day`.
  DayNumber NextWorkingDayFrom(DayNumber day) const;

  // End of a period of `days` calendar days after an event at `event` (RULES.md §0): 24:00 of
  // day(event) + days, moved to the next working day's 24:00 when that day is not one.
  UnixSeconds DeadlineAfterDays(UnixSeconds event, int days) const;
  // End of the `n`-th working day after the day of the event, at 24:00.
  UnixSeconds DeadlineAfterWorkingDays(UnixSeconds event, int n) const;
  // A limit in hours runs by the clock, day or night (e.g. "a repairman within 2 hours").
  static UnixSeconds DeadlineAfterHours(UnixSeconds event, int hours) {
    return event + static_cast<UnixSeconds>(hours) * 3600;
  }

 private:
  std::set<DayNumber> holidays_;
  std::set<DayNumber> workdays_;
};

}  // namespace linli::domain
