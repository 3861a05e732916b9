// The holiday calendar (节假日与调休) behind working-day deadlines: days off that would be
// working days (holidays, 放) and weekend days that are worked (make-up workdays, 班). Dates
// are "YYYY-MM-DD" strings, read as calendar days (no time zone). Pure functions; the page is
// views/CalendarView.vue, the server's copy src/domain/calendar/work_calendar.cpp.
import { roleHas } from './permissions.js'

export const NORMAL = 'normal'
export const HOLIDAY = 'holiday'
export const WORKDAY = 'workday'
const ORDER = [NORMAL, HOLIDAY, WORKDAY]

const pad = (n) => String(n).padStart(2, '0')

/** "2026-03-02" from a year, a month (1–12) and a day. */
export function isoDate(year, month, day) {
  return `${year}-${pad(month)}-${pad(day)}`
}

/** Whether `text` is a real date written YYYY-MM-DD. */
export function isDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text))
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** 0 = Monday … 6 = Sunday (as the server counts and Chinese calendars are laid out). */
export function weekdayOf(date) {
  const [y, m, d] = date.split('-').map(Number)
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

export function isWeekend(date) {
  return weekdayOf(date) >= 5
}

/** The kinds a click may give a day: a weekday can only be taken off, a weekend day only worked. */
export function allowedKinds(date) {
  return isWeekend(date) ? [NORMAL, WORKDAY] : [NORMAL, HOLIDAY]
}

/**
 * The kind a click gives a day of kind `kind`: normal → holiday → make-up workday → normal,
 * skipping what the day cannot be. A weekend day already listed as a holiday (the notices list
 * whole blocks, weekends included) moves on to workday.
 */
export function nextKind(date, kind = NORMAL) {
  const allowed = allowedKinds(date)
  let i = Math.max(0, ORDER.indexOf(kind))
  for (let step = 0; step < ORDER.length; step++) {
    i = (i + 1) % ORDER.length
    if (allowed.includes(ORDER[i])) return ORDER[i]
  }
  return NORMAL
}

/** The marks of a year as the server sends it: { "2026-10-01": "holiday", … }. */
export function marksFrom({ holidays = [], workdays = [] } = {}) {
  const marks = {}
  for (const d of holidays || []) marks[d] = HOLIDAY
  // The server never sends a day twice; if it did, a worked day wins, as in IsWorkingDay.
  for (const d of workdays || []) marks[d] = WORKDAY
  return marks
}

/** The body of PUT /calendar/{year}: the year's marked days, each list sorted. */
export function listsFrom(marks, year) {
  const prefix = `${year}-`
  const days = Object.keys(marks || {})
    .filter((d) => d.startsWith(prefix))
    .sort()
  return {
    year: Number(year),
    holidays: days.filter((d) => marks[d] === HOLIDAY),
    workdays: days.filter((d) => marks[d] === WORKDAY),
  }
}

/** `marks` with `date` set to `kind` (a new object; NORMAL removes the day). */
export function withKind(marks, date, kind) {
  const out = { ...(marks || {}) }
  if (kind === HOLIDAY || kind === WORKDAY) out[date] = kind
  else delete out[date]
  return out
}

/** Whether two years' lists hold the same days (order aside). */
export function sameLists(a, b) {
  const key = (l) => JSON.stringify([[...(l?.holidays || [])].sort(), [...(l?.workdays || [])].sort()])
  return key(a) === key(b)
}

/**
 * The weeks of a month for a grid starting on Monday: arrays of 7 cells, each null (outside
 * the month) or { date, day, weekday, weekend }.
 */
export function monthGrid(year, month) {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const first = weekdayOf(isoDate(year, month, 1))
  const cells = Array.from({ length: first }, () => null)
  for (let d = 1; d <= days; d++) {
    const date = isoDate(year, month, d)
    const weekday = (first + d - 1) % 7
    cells.push({ date, day: d, weekday, weekend: weekday >= 5 })
  }
  while (cells.length % 7) cells.push(null)
  const weeks = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from, to) {
  const out = []
  const [y, m, d] = from.split('-').map(Number)
  for (let t = Date.UTC(y, m - 1, d); ; t += 86400000) {
    const date = new Date(t).toISOString().slice(0, 10)
    if (date > to) break
    out.push(date)
  }
  return out
}

// The State Council's notice on the holidays of 2026 (国务院办公厅关于2026年部分节假日安排的通知):
// each holiday's block of days off (weekends inside it included) and the weekend days worked
// in exchange. A convenience: the page asks to check it against the published notice.
const OFFICIAL = {
  2026: [
    { name: 'newYear', off: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
    { name: 'springFestival', off: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
    { name: 'qingming', off: ['2026-04-04', '2026-04-06'], work: [] },
    { name: 'labourDay', off: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
    { name: 'dragonBoat', off: ['2026-06-19', '2026-06-21'], work: [] },
    { name: 'midAutumn', off: ['2026-09-25', '2026-09-27'], work: [] },
    { name: 'nationalDay', off: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
  ],
}

/** The years whose official arrangement the page can fill in. */
export const OFFICIAL_YEARS = Object.keys(OFFICIAL).map(Number)

/** The official holidays of `year` as { name, holidays, workdays } per festival, or null. */
export function officialFestivals(year) {
  const list = OFFICIAL[Number(year)]
  if (!list) return null
  return list.map((f) => ({ name: f.name, holidays: dateRange(f.off[0], f.off[1]), workdays: [...f.work] }))
}

/** The official arrangement of `year` as a calendar body ({ year, holidays, workdays }), or null. */
export function officialCalendar(year) {
  const festivals = officialFestivals(year)
  if (!festivals) return null
  return listsFrom(marksFrom({ holidays: festivals.flatMap((f) => f.holidays), workdays: festivals.flatMap((f) => f.workdays) }), year)
}

/**
 * Who may set the calendar (PUT /calendar/{year} needs manageCatalogue at the top of the tree):
 * `sure` when a grant reaches everywhere (the admin) or sits on a city (always at the top);
 * `districts`, the ids of districts whose grant counts only if the district has no parent city
 * (the page asks the server). /auth/me gives each grant's unit kind but not its place.
 */
export function calendarEditGrants(user) {
  const grants = ((user && user.roles) || []).filter((g) => roleHas(g.role, 'manageCatalogue'))
  const sure = grants.some((g) => g.unit_id === null || g.unit_id === undefined || g.unit_kind === 'city')
  const districts = sure ? [] : [...new Set(grants.filter((g) => g.unit_kind === 'district').map((g) => Number(g.unit_id)))]
  return { sure, districts }
}

/** The years to offer: `current` ± `span`, plus `extra` (e.g. from the address) when valid. */
export function yearChoices(current, extra = null, span = 2) {
  const years = []
  for (let y = current - span; y <= current + span; y++) years.push(y)
  const e = Number(extra)
  if (Number.isInteger(e) && e >= 2000 && e <= 2100 && !years.includes(e)) years.push(e)
  return years.sort((a, b) => a - b)
}

/** The list and position an error's field names ("holidays[3]" → { list: 'holidays', index: 3 }), or null. */
export function listItemOf(field) {
  const m = /^(holidays|workdays)\[(\d+)\]$/.exec(String(field || ''))
  return m ? { list: m[1], index: Number(m[2]) } : null
}
