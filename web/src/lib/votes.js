// Owners' votes (业主共同决定, Civil Code art. 278; API in src/http/routes_votes.cpp): the
// matters and the threshold that follows from each, the announce and ballot forms, and the
// figures of a result. Pure functions shared by the console and the residents' H5.
//
// Areas arrive as exact decimal strings in m² ("12345.67"). Shares and percentages are computed
// from them with integers (hundredths of m², BigInt), never floating point; whether a threshold
// is met is what the server says (`met`, `area_met`, `heads_met`), the console only shows it.

import { addDays, todayInShanghai } from './format.js'
import { isWeekend } from './calendar.js'

export const MATTERS = [1, 2, 3, 4, 5, 6, 7, 8, 9]
export const CHOICES = ['agree', 'disagree', 'abstain']
export const CHANNELS = ['online', 'paper', 'ballot_box', 'phone', 'proxy']
// The channels staff enter on an owner's behalf (online is the owner's own).
export const STAFF_CHANNELS = ['paper', 'ballot_box', 'phone', 'proxy']
export const PHASES = ['announced', 'open', 'ended', 'closed', 'published']
export const NOTICE_DAYS = 15

/** The approval threshold of an art. 278 matter (1-9): (6) (7) (8) three quarters, others more than half. */
export function thresholdOfMatter(matter) {
  const m = Number(matter)
  if (!Number.isInteger(m) || m < 1 || m > 9) return null
  return m === 6 || m === 7 || m === 8 ? 'three_quarters' : 'more_than_half'
}

/** Element Plus tag type of a vote's phase. */
export function phaseTagType(phase) {
  return { announced: 'info', open: 'success', ended: 'warning', closed: 'primary', published: '' }[phase] ?? 'info'
}

/** Vant tag type of a vote's phase. */
export function phaseVantType(phase) {
  return { announced: 'default', open: 'success', ended: 'warning', closed: 'primary', published: 'primary' }[phase] ?? 'default'
}

/** Tag type of an outcome. */
export function outcomeTagType(outcome) {
  return { passed: 'success', rejected: 'danger', void: 'warning' }[outcome] ?? 'info'
}

// ---- exact decimals ----

/** "12345.67" (m²) → 1234567n (hundredths); null when it is not a plain decimal. */
export function toHundredths(text) {
  if (text === null || text === undefined) return null
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text).trim())
  if (!m) return null
  const v = BigInt(m[2]) * 100n + BigInt((m[3] || '').padEnd(2, '0'))
  return m[1] ? -v : v
}

/** 1234567n → "12345.67". */
export function fromHundredths(v) {
  const neg = v < 0n
  const a = neg ? -v : v
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`
}

/** "12345.67" → "12,345.67" (thousands grouped for reading; the digits are the server's). */
export function groupArea(text) {
  const v = toHundredths(text)
  if (v === null) return text ?? ''
  const s = fromHundredths(v)
  const [int, frac] = s.split('.')
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
}

/**
 * part / whole as a percentage with `digits` decimals, rounded half up, from integers or
 * decimal strings: ("2.00", "3.00") → "66.67%". "—" when the whole is zero or unreadable.
 */
export function percent(part, whole, digits = 2) {
  const p = typeof part === 'bigint' ? part : typeof part === 'number' ? BigInt(part) * 100n : toHundredths(part)
  const w = typeof whole === 'bigint' ? whole : typeof whole === 'number' ? BigInt(whole) * 100n : toHundredths(whole)
  if (p === null || w === null || w <= 0n) return '—'
  const scale = 10n ** BigInt(digits)
  const scaled = (p * 100n * scale * 2n + w) / (w * 2n) // half up
  const int = scaled / scale
  const frac = digits > 0 ? `.${String(scaled % scale).padStart(digits, '0')}` : ''
  return `${int}${frac}%`
}

/** Heads as a percentage: integers. */
export function headsPercent(part, whole, digits = 2) {
  return percent(BigInt(part || 0) * 100n, BigInt(whole || 0) * 100n, digits)
}

const FRACTIONS = { two_thirds: [2n, 3n, false], more_than_half: [1n, 2n, true], three_quarters: [3n, 4n, false] }

/**
 * The smallest amount of `whole` that meets a threshold (two_thirds and three_quarters: at
 * least; more_than_half: strictly more), in the unit of `whole` (hundredths for areas, heads
 * for counts). For showing "需 ≥ …" beside the figures; the server decides met or not.
 */
export function neededFor(whole, threshold) {
  const f = FRACTIONS[threshold]
  if (!f) return null
  const [num, den, strict] = f
  const w = BigInt(whole)
  const prod = w * num
  return strict ? prod / den + 1n : (prod + den - 1n) / den
}

/** The area needed (as a decimal string) for `threshold` of the area `wholeText`. */
export function neededArea(wholeText, threshold) {
  const w = toHundredths(wholeText)
  if (w === null) return ''
  const n = neededFor(w, threshold)
  return n === null ? '' : fromHundredths(n)
}

/** The heads needed for `threshold` of `whole` heads. */
export function neededHeads(whole, threshold) {
  const n = neededFor(whole || 0, threshold)
  return n === null ? '' : Number(n)
}

// ---- the announce form ----

/** An RFC 3339 time in Beijing time from a YYYY-MM-DD date and an HH:MM time. */
export function shanghaiTime(date, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || !/^\d{2}:\d{2}$/.test(time || '')) return ''
  return `${date}T${time}:00+08:00`
}

/**
 * The earliest day voting may open after a notice given on `today` (YYYY-MM-DD, Beijing), as the
 * server counts (RULES.md §0, work_calendar DeadlineAfterDays): the 15 days start the next day;
 * the last day, if not a working day (a weekend unless a make-up workday, or a holiday of the
 * calendar `{holidays, workdays}`), moves to the next working day; voting opens from 00:00 of
 * the day after it. The server's `earliest_opening` is the one that counts.
 */
export function earliestOpeningDay(today = todayInShanghai(), calendar = {}) {
  const holidays = new Set(calendar.holidays || [])
  const workdays = new Set(calendar.workdays || [])
  const working = (d) => workdays.has(d) || (!holidays.has(d) && !isWeekend(d))
  let last = addDays(today, NOTICE_DAYS)
  for (let i = 0; i < 366 && !working(last); i++) last = addDays(last, 1)
  return addDays(last, 1)
}

/** Defaults of the announce form: voting opens at the earliest day, 08:00, for 7 days. */
export function newVoteForm(today = todayInShanghai(), calendar = {}) {
  const opens = earliestOpeningDay(today, calendar)
  return {
    title: '', description: '', matter: null, opens_date: opens, opens_time: '08:00',
    closes_date: addDays(opens, 7), closes_time: '20:00', building_ids: [],
  }
}

/** The POST /estates/{id}/votes body of the announce form, or the field that needs fixing. */
export function voteBody(form) {
  const title = (form.title || '').trim()
  if ([...title].length < 2) return { error: 'title' }
  if (!thresholdOfMatter(form.matter)) return { error: 'matter' }
  const opens_at = shanghaiTime(form.opens_date, form.opens_time)
  if (!opens_at) return { error: 'opens_at' }
  const closes_at = shanghaiTime(form.closes_date, form.closes_time)
  if (!closes_at || closes_at <= opens_at) return { error: 'closes_at' }
  const body = { title, matter: Number(form.matter), opens_at, closes_at }
  const description = (form.description || '').trim()
  if (description) body.description = description
  if (form.building_ids && form.building_ids.length) body.building_ids = form.building_ids.map(Number)
  return { body }
}

// ---- ballots ----

/** Whether staff must give evidence for a channel (everything but online). */
export function needsEvidence(channel) {
  return STAFF_CHANNELS.includes(channel)
}

const PHONE = /^1\d{10}$/

/** The POST /votes/{id}/ballots body of the staff ballot form, or the field that needs fixing. */
export function ballotBody(form) {
  if (!form.owner_id) return { error: 'owner_id' }
  if (!CHOICES.includes(form.choice)) return { error: 'choice' }
  if (!STAFF_CHANNELS.includes(form.channel)) return { error: 'channel' }
  const evidence = (form.evidence || '').trim()
  if ([...evidence].length < 2) return { error: 'evidence' }
  const body = { owner_id: Number(form.owner_id), choice: form.choice, channel: form.channel, evidence }
  if (form.household_id) body.household_id = Number(form.household_id)
  if (form.channel === 'proxy') {
    const name = (form.proxy_name || '').trim()
    if ([...name].length < 2) return { error: 'proxy_name' }
    body.proxy_name = name
    const phone = (form.proxy_phone || '').trim()
    if (phone && !PHONE.test(phone)) return { error: 'proxy_phone' }
    if (phone) body.proxy_phone = phone
  }
  const guardian = (form.guardian_name || '').trim()
  if (guardian) body.guardian_name = guardian
  return { body }
}

/** "1栋 1单元 301" for a household from GET /estates/{id}/households. */
export function roomLabel(h) {
  if (!h) return ''
  return [h.building, h.unit, h.room].filter((x) => x !== null && x !== undefined && x !== '').join(' ')
}

/** The rooms of a roll entry, from a map household id → label; "3 套" when labels are unknown. */
export function entryRooms(entry, labels) {
  const ids = entry.household_ids || []
  const known = ids.map((id) => labels && labels.get(id)).filter(Boolean)
  return known.length === ids.length ? known : null
}

/**
 * Roll entries matching `q` by name, room label or entry number. Entries without an owner (kind
 * unowned) cannot vote and are left out when `votersOnly`.
 */
export function searchRoll(entries, q, labels, { votersOnly = false } = {}) {
  const needle = (q || '').trim().toLowerCase()
  return (entries || []).filter((e) => {
    if (votersOnly && !e.owner_id) return false
    if (!needle) return true
    if (String(e.entry_no) === needle) return true
    if ((e.name || '').toLowerCase().includes(needle)) return true
    const rooms = entryRooms(e, labels) || []
    return rooms.some((r) => r.toLowerCase().includes(needle) || r.replace(/\s+/g, '').toLowerCase().includes(needle.replace(/\s+/g, '')))
  })
}

/** Whether an entry has voted, from the ballots list. */
export function votedEntries(ballots) {
  return new Set((ballots || []).map((b) => b.entry_no))
}

// ---- results ----

/**
 * A deadline as people read it: the server writes "24:00 of the last day" as 00:00 of the next
 * day (RULES.md §0); "2026-12-12T00:00:00+08:00" → "2026-12-11 24:00". Other times as they are.
 */
export function deadlineText(value) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value || '')
  if (!m) return value || ''
  return m[2] === '00:00' ? `${addDays(m[1], -1)} 24:00` : `${m[1]} ${m[2]}`
}

/**
 * The rows of a result's legal figures: participation (of the whole roll) and approval (of those
 * who took part), each by area and by heads, with the share, what is needed and whether the
 * server found it met.
 */
export function resultRows(result) {
  if (!result || !result.participation || !result.approval || !result.total) return []
  const total = result.total
  const p = result.participation
  const a = result.approval
  return [
    {
      key: 'participation_area', test: 'participation', by: 'area', threshold: p.threshold || 'two_thirds',
      value: p.area, of: total.area, share: percent(p.area, total.area), needed: neededArea(total.area, p.threshold || 'two_thirds'), met: !!p.area_met,
    },
    {
      key: 'participation_heads', test: 'participation', by: 'heads', threshold: p.threshold || 'two_thirds',
      value: p.heads, of: total.heads, share: headsPercent(p.heads, total.heads), needed: neededHeads(total.heads, p.threshold || 'two_thirds'), met: !!p.heads_met,
    },
    {
      key: 'approval_area', test: 'approval', by: 'area', threshold: a.threshold,
      value: a.area, of: p.area, share: percent(a.area, p.area), needed: neededArea(p.area, a.threshold), met: !!a.area_met,
    },
    {
      key: 'approval_heads', test: 'approval', by: 'heads', threshold: a.threshold,
      value: a.heads, of: p.heads, share: headsPercent(a.heads, p.heads), needed: neededHeads(p.heads, a.threshold), met: !!a.heads_met,
    },
  ]
}

/** [{channel, count}] of a result's by_channel, in the order of CHANNELS. */
export function channelCounts(result) {
  const by = (result && result.by_channel) || {}
  return CHANNELS.filter((c) => by[c]).map((c) => ({ channel: c, count: by[c] }))
}

/** Whether the result's publication is late now (server's flag) or was published late. */
export function publishLate(x) {
  return !!(x && x.publish_late)
}

/** The owner's own line on a vote from `mine` (GET /me/votes, GET /votes/{id}): the first entry. */
export function myEntry(vote) {
  const mine = (vote && vote.mine) || []
  return mine.find((m) => !m.voted) || mine[0] || null
}

/** Whether the owner may vote online now: open, the channel counts, and an entry not yet voted. */
export function canVoteOnline(vote) {
  if (!vote || vote.phase !== 'open') return false
  if (Array.isArray(vote.channels) && !vote.channels.includes('online')) return false
  return ((vote.mine || []).some((m) => !m.voted))
}
