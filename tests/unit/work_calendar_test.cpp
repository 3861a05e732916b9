// Deadlines as a resident and a handler would count them (RULES.md §0).
#include "domain/calendar/work_calendar.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace linli::domain {
namespace {

DayNumber D(const char* date) { return *ParseDay(date); }
UnixSeconds T(const char* time) { return *ParseTime(time); }

// A calendar like 2026's National Day week: Oct 1-7 off, Saturday Oct 10 worked (调休).
WorkCalendar NationalDay() {
  WorkCalendar c;
  for (int d = 1; d <= 7; ++d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "2026-10-%02d", d);
    c.AddHoliday(D(buf));
  }
  c.AddMakeUpWorkday(D("2026-10-10"));
  return c;
}

TEST(WorkCalendar, WeekendsHolidaysAndMakeUpDays) {
  auto c = NationalDay();
  EXPECT_TRUE(c.IsWorkingDay(D("2026-09-30")));   // Wednesday
  EXPECT_FALSE(c.IsWorkingDay(D("2026-10-01")));  // holiday, a Thursday
  EXPECT_FALSE(c.IsWorkingDay(D("2026-10-04")));  // Sunday and holiday
  EXPECT_TRUE(c.IsWorkingDay(D("2026-10-10")));   // Saturday worked
  EXPECT_FALSE(c.IsWorkingDay(D("2026-10-11")));  // Sunday
  EXPECT_EQ(c.NextWorkingDayFrom(D("2026-10-01")), D("2026-10-08"));
}

TEST(WorkCalendar, DaysStartTheDayAfterAndEndAtMidnight) {
  WorkCalendar c;
  // Notice given on Monday 2026-03-02 at 18:00, 15 days: the last day is Tuesday 03-17, and
  // the period ends at 24:00 that day (00:00 of 03-18), Beijing time.
  EXPECT_EQ(FormatTime(c.DeadlineAfterDays(T("2026-03-02T18:00:00+08:00"), 15)),
            "2026-03-18T00:00:00+08:00");
  // An event just after midnight Beijing time is still that day, though UTC says the day before.
  EXPECT_EQ(FormatTime(c.DeadlineAfterDays(T("2026-03-02T00:30:00+08:00"), 1)),
            "2026-03-04T00:00:00+08:00");
}

TEST(WorkCalendar, ALastDayOffMovesToTheNextWorkingDay) {
  auto c = NationalDay();
  // 3 days from 2026-09-28 end on 10-01, a holiday: moved to the end of 10-08.
  EXPECT_EQ(FormatTime(c.DeadlineAfterDays(T("2026-09-28T10:00:00+08:00"), 3)),
            "2026-10-09T00:00:00+08:00");
  // Landing on a plain Saturday moves to Monday.
  WorkCalendar plain;
  EXPECT_EQ(FormatTime(plain.DeadlineAfterDays(T("2026-03-04T10:00:00+08:00"), 3)),  // Sat 03-07
            "2026-03-10T00:00:00+08:00");
}

TEST(WorkCalendar, WorkingDaysSkipHolidaysAndCountMakeUpDays) {
  auto c = NationalDay();
  // Reported Wednesday 09-30; 2 working days: 10-08 (Thu) and 10-09 (Fri).
  EXPECT_EQ(FormatTime(c.DeadlineAfterWorkingDays(T("2026-09-30T16:00:00+08:00"), 2)),
            "2026-10-10T00:00:00+08:00");
  // 3 working days: the make-up Saturday 10-10 counts.
  EXPECT_EQ(FormatTime(c.DeadlineAfterWorkingDays(T("2026-09-30T16:00:00+08:00"), 3)),
            "2026-10-11T00:00:00+08:00");
  // A report on a Saturday: working days start Monday.
  WorkCalendar plain;
  EXPECT_EQ(FormatTime(plain.DeadlineAfterWorkingDays(T("2026-03-07T09:00:00+08:00"), 1)),
            "2026-03-10T00:00:00+08:00");
}

TEST(WorkCalendar, HoursRunByTheClock) {
  EXPECT_EQ(FormatTime(WorkCalendar::DeadlineAfterHours(T("2026-10-01T23:30:00+08:00"), 2)),
            "2026-10-02T01:30:00+08:00");
}

TEST(WorkCalendar, BadDatesSayHowToWriteThem) {
  auto bad = ParseDay("2026/03/01", "holiday");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "holiday");
  EXPECT_NE(bad.error().message.find("YYYY-MM-DD"), std::string::npos);
  EXPECT_FALSE(ParseDay("2026-02-30"));
}

// Times are shown as ISO 8601 with the offset; each one read back gives the same instant.
TEST(TimeFormat, TimesAreWrittenWithTheirOffsetAndReadBack) {
  EXPECT_EQ(FormatTime(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(FormatTime(T("2026-12-31T23:59:59+08:00")), "2026-12-31T23:59:59+08:00");
  EXPECT_EQ(FormatTime(T("2024-02-29T00:00:00+08:00")), "2024-02-29T00:00:00+08:00");
  EXPECT_EQ(FormatTime(T("2026-03-01T00:30:00+08:00"), 0), "2026-02-28T16:30:00+00:00");
  EXPECT_EQ(FormatTime(0, -(5 * 3600 + 30 * 60)), "1969-12-31T18:30:00-05:30");
  EXPECT_EQ(FormatDate(T("2026-11-22T00:00:00+08:00")), "2026-11-22");
  for (UnixSeconds t = -86400LL * 800; t < 86400LL * 365 * 70; t += 86400LL * 37 + 3671) {
    auto text = FormatTime(t);
    ASSERT_EQ(ParseTime(text), t) << text;
  }
}

}  // namespace
}  // namespace linli::domain
