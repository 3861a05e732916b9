// The holiday calendar's helpers: weekdays, the click cycle, the lists sent to the server, the
// month grid and the official arrangement of 2026.
import { describe, expect, it } from 'vitest'
import {
  HOLIDAY, NORMAL, WORKDAY, allowedKinds, calendarEditGrants, dateRange, isDate, isWeekend, listItemOf, listsFrom,
  marksFrom, monthGrid, nextKind, officialCalendar, officialFestivals, sameLists, weekdayOf, withKind, yearChoices,
} from './calendar.js'

describe('calendar days', () => {
  it('know the weekday, Monday first', () => {
    expect(weekdayOf('2026-03-02')).toBe(0) // Monday
    expect(weekdayOf('2026-01-01')).toBe(3) // Thursday
    expect(weekdayOf('2026-01-04')).toBe(6) // Sunday
    expect(isWeekend('2026-02-14')).toBe(true) // Saturday
    expect(isWeekend('2026-10-01')).toBe(false)
    expect(isWeekend('2024-02-29')).toBe(false) // a leap day, Thursday
  })
  it('check dates', () => {
    expect(isDate('2026-02-28')).toBe(true)
    expect(isDate('2026-02-29')).toBe(false)
    expect(isDate('2026-2-1')).toBe(false)
    expect(isDate('')).toBe(false)
  })
  it('cycle a weekday between normal and holiday', () => {
    expect(allowedKinds('2026-03-02')).toEqual([NORMAL, HOLIDAY])
    expect(nextKind('2026-03-02')).toBe(HOLIDAY)
    expect(nextKind('2026-03-02', HOLIDAY)).toBe(NORMAL)
    // A weekday sent as a workday by someone else: the next click clears it.
    expect(nextKind('2026-03-02', WORKDAY)).toBe(NORMAL)
  })
  it('cycle a weekend day between normal and make-up workday', () => {
    expect(allowedKinds('2026-03-07')).toEqual([NORMAL, WORKDAY])
    expect(nextKind('2026-03-07', NORMAL)).toBe(WORKDAY)
    expect(nextKind('2026-03-07', WORKDAY)).toBe(NORMAL)
    // A weekend inside a holiday block (from the notice) moves on to workday, then normal.
    expect(nextKind('2026-10-03', HOLIDAY)).toBe(WORKDAY)
    expect(nextKind('2026-10-03', 'nonsense')).toBe(WORKDAY)
  })
})

describe('calendar lists', () => {
  it('turn the server’s lists into marks and back, sorted and within the year', () => {
    const marks = marksFrom({ holidays: ['2026-10-02', '2026-10-01'], workdays: ['2026-09-20'] })
    expect(marks).toEqual({ '2026-10-01': HOLIDAY, '2026-10-02': HOLIDAY, '2026-09-20': WORKDAY })
    const other = { ...marks, '2025-12-31': HOLIDAY }
    expect(listsFrom(other, 2026)).toEqual({ year: 2026, holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-20'] })
    expect(listsFrom({}, '2026')).toEqual({ year: 2026, holidays: [], workdays: [] })
    expect(marksFrom()).toEqual({})
  })
  it('set and clear a day without changing the old marks', () => {
    const before = { '2026-10-01': HOLIDAY }
    const after = withKind(before, '2026-03-02', HOLIDAY)
    expect(after).toEqual({ '2026-10-01': HOLIDAY, '2026-03-02': HOLIDAY })
    expect(before).toEqual({ '2026-10-01': HOLIDAY })
    expect(withKind(after, '2026-10-01', NORMAL)).toEqual({ '2026-03-02': HOLIDAY })
  })
  it('compare lists regardless of order', () => {
    expect(sameLists({ holidays: ['2026-01-02', '2026-01-01'], workdays: [] }, { holidays: ['2026-01-01', '2026-01-02'] })).toBe(true)
    expect(sameLists({ holidays: ['2026-01-01'] }, { workdays: ['2026-01-01'] })).toBe(false)
    expect(sameLists(null, { holidays: [], workdays: [] })).toBe(true)
  })
  it('name the day an error points at', () => {
    expect(listItemOf('holidays[3]')).toEqual({ list: 'holidays', index: 3 })
    expect(listItemOf('workdays[0]')).toEqual({ list: 'workdays', index: 0 })
    expect(listItemOf('year')).toBe(null)
    expect(listItemOf(null)).toBe(null)
  })
})

describe('month grid', () => {
  it('lays out March 2026 from Monday, Sunday the 1st ending the first row', () => {
    const weeks = monthGrid(2026, 3)
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(weeks[0][6]).toEqual({ date: '2026-03-01', day: 1, weekday: 6, weekend: true })
    expect(weeks[1][0].date).toBe('2026-03-02')
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(weeks.flat().filter(Boolean)).toHaveLength(31)
  })
  it('knows February’s length', () => {
    expect(monthGrid(2026, 2).flat().filter(Boolean)).toHaveLength(28)
    expect(monthGrid(2028, 2).flat().filter(Boolean)).toHaveLength(29)
  })
})

describe('official arrangement', () => {
  it('expands ranges, across months too', () => {
    expect(dateRange('2026-01-30', '2026-02-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02'])
    expect(dateRange('2026-05-01', '2026-05-01')).toEqual(['2026-05-01'])
  })
  it('gives 2026 as the State Council announced it', () => {
    const cal = officialCalendar(2026)
    expect(cal.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7)
    expect(cal.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    expect(cal.holidays).toContain('2026-02-23')
    expect(cal.holidays).toContain('2026-10-07')
    expect(cal.holidays.slice().sort()).toEqual(cal.holidays)
    // Every make-up workday is a weekend day, none also a holiday.
    expect(cal.workdays.every(isWeekend)).toBe(true)
    expect(cal.workdays.filter((d) => cal.holidays.includes(d))).toEqual([])
    expect(officialFestivals(2026).map((f) => f.name)).toEqual(['newYear', 'springFestival', 'qingming', 'labourDay', 'dragonBoat', 'midAutumn', 'nationalDay'])
  })
  it('has nothing for other years', () => {
    expect(officialCalendar(2027)).toBe(null)
    expect(officialFestivals('2025')).toBe(null)
  })
})

describe('who may set the calendar', () => {
  const user = (...roles) => ({ roles: roles.map(([role, unit_id, unit_kind]) => ({ role, unit_id, unit_kind })) })
  it('the admin and city officials for sure', () => {
    expect(calendarEditGrants(user(['admin', null]))).toEqual({ sure: true, districts: [] })
    expect(calendarEditGrants(user(['official', 3, 'city']))).toEqual({ sure: true, districts: [] })
  })
  it('district officials if the district is at the top', () => {
    expect(calendarEditGrants(user(['official', 5, 'district'], ['branch', 6, 'district']))).toEqual({ sure: false, districts: [5, 6] })
  })
  it('nobody below a district, nor without the permission', () => {
    expect(calendarEditGrants(user(['branch', 17, 'estate'], ['official', 10, 'street']))).toEqual({ sure: false, districts: [] })
    expect(calendarEditGrants(user(['committee', 1, 'district']))).toEqual({ sure: false, districts: [] })
    expect(calendarEditGrants(null)).toEqual({ sure: false, districts: [] })
  })
})

describe('year choices', () => {
  it('offer ±2 years and a valid extra one', () => {
    expect(yearChoices(2026)).toEqual([2024, 2025, 2026, 2027, 2028])
    expect(yearChoices(2026, '2030')).toEqual([2024, 2025, 2026, 2027, 2028, 2030])
    expect(yearChoices(2026, 2026)).toEqual([2024, 2025, 2026, 2027, 2028])
    expect(yearChoices(2026, 'x')).toHaveLength(5)
    expect(yearChoices(2026, 1999)).toHaveLength(5)
  })
})
