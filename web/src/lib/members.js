// Party members in their estate (在职党员回小区报到; src/app/members.hpp): how registrations,
// commitments, records and employers' figures are shown, shared by the console and the H5.
// Pure functions; labels come in through `t`.

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'rejected', 'ended']
export const COMMITMENT_REVIEWS = ['kept', 'partly', 'not_kept']
export const ENTRY_KINDS = ['service', 'meeting', 'activity', 'other']
export const RECORD_KINDS = ['visit', 'task', 'appeal', 'entry']

/** "12.5" hours from minutes (one decimal, no trailing ".0"); "0" for nothing. */
export function formatHours(minutes) {
  const n = Number(minutes)
  if (!Number.isFinite(n) || n <= 0) return '0'
  const tenths = Math.round(n / 6) / 10
  return Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1)
}

/** "83.3%" from a percentage (the server's rates are 0..100, one decimal); "—" when unknown. */
export function formatRate(rate) {
  if (rate === null || rate === undefined || rate === '') return '—'
  const n = Number(rate)
  if (!Number.isFinite(n)) return '—'
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`
}

/** The last day (YYYY-MM-DD) of a [from, to) window whose end `to` is an RFC 3339 time. */
export function lastDay(to) {
  const d = to ? String(to).slice(0, 10) : ''
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return ''
  const [y, m, dd] = d.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, dd - 1)).toISOString().slice(0, 10)
}

/** Element Plus tag type of a registration status. */
export function statusTagType(status) {
  return { pending: 'warning', confirmed: 'success', rejected: 'danger', ended: 'info' }[status] || 'info'
}

/** Element Plus tag type of a commitment's review. */
export function reviewTagType(review) {
  return { kept: 'success', partly: 'warning', not_kept: 'danger' }[review] || 'info'
}

/**
 * Where a confirmed registration stands with its renewal: 'late' (past due), 'due' (due within
 * `soonDays` of `today`, YYYY-MM-DD), or '' (nothing to do, or not confirmed).
 */
export function renewalState(reg, today, soonDays = 30) {
  if (!reg || reg.status !== 'confirmed') return ''
  if (reg.renewal_late) return 'late'
  const due = reg.renewal_due ? String(reg.renewal_due).slice(0, 10) : ''
  if (!due || !today) return ''
  if (due < today) return 'late'
  const [y, m, d] = today.split('-').map(Number)
  const soon = new Date(Date.UTC(y, m - 1, d + soonDays)).toISOString().slice(0, 10)
  return due <= soon ? 'due' : ''
}

/** Registrations in the order the branch works on them: waiting first, then newest first. */
export function sortRegistrations(list) {
  const rank = { pending: 0, confirmed: 1, rejected: 2, ended: 3 }
  return [...(list || [])].sort(
    (a, b) => (rank[a.status] ?? 9) - (rank[b.status] ?? 9) || String(b.submitted_at).localeCompare(String(a.submitted_at)) || b.id - a.id,
  )
}

/** The member's current registration among theirs: the waiting or confirmed one, else the newest. */
export function currentRegistration(list) {
  const all = sortRegistrations(list)
  return all.find((r) => r.status === 'pending' || r.status === 'confirmed') || all[0] || null
}

/** Whether a line of the commitment status needs the branch's attention, and why. */
export function commitmentLineState(line) {
  if (!line) return ''
  if (line.missing_commitments) return 'missing'
  if (line.missing_report) return 'unreported'
  if (line.made > 0 && line.reviewed >= line.made) return 'done'
  if (line.reported > line.reviewed) return 'toReview'
  return ''
}

/** A month-day "01-31" is a real day of a (leap) year. */
export function validMonthDay(text) {
  const m = /^(\d{2})-(\d{2})$/.exec(String(text || ''))
  if (!m) return false
  const month = Number(m[1])
  const day = Number(m[2])
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(2024, month, 0)).getUTCDate()
}

/**
 * The body of PUT /units/{id}/member-rules from the form (hours shown, minutes sent), or
 * { error: field } for the first field the form can tell is wrong.
 */
export function rulesBody(form) {
  const ints = ['renew_months', 'target_points', 'visit_minutes', 'visit_points', 'task_points', 'appeal_points', 'min_pairs']
  for (const k of ints) {
    const n = Number(form[k])
    if (!Number.isInteger(n) || n < 0) return { error: k }
  }
  const hours = Number(form.target_hours)
  if (!Number.isFinite(hours) || hours < 0) return { error: 'target_minutes' }
  if (!validMonthDay(form.report_from)) return { error: 'report_from' }
  if (!validMonthDay(form.report_to)) return { error: 'report_to' }
  const required = (form.required || []).map((s) => String(s || '').trim()).filter(Boolean)
  const body = { target_minutes: Math.round(hours * 60), report_from: form.report_from, report_to: form.report_to, required }
  for (const k of ints) body[k] = Number(form[k])
  return { body }
}

/** The form of the rules from the server's answer (target in hours). */
export function rulesForm(rules) {
  return {
    renew_months: rules.renew_months,
    target_hours: Math.round((rules.target_minutes / 60) * 10) / 10,
    target_points: rules.target_points,
    visit_minutes: rules.visit_minutes,
    visit_points: rules.visit_points,
    task_points: rules.task_points,
    appeal_points: rules.appeal_points,
    report_from: rules.report_from,
    report_to: rules.report_to,
    min_pairs: rules.min_pairs,
    required: [...(rules.required || [])],
  }
}

/** Own commitments as the member typed them: trimmed, empty lines dropped. */
export function ownCommitments(lines) {
  return (lines || []).map((s) => String(s || '').trim()).filter(Boolean)
}

/** The KPI cards of an employer's figures: [{ key, value }]. */
export function figureCards(f) {
  return [
    { key: 'declared', value: String(f.declared_members ?? 0) },
    { key: 'registered', value: String(f.registered ?? 0) },
    { key: 'pending', value: String(f.pending ?? 0) },
    { key: 'registrationRate', value: formatRate(f.registration_rate) },
    { key: 'targetMet', value: String(f.target_met ?? 0) },
    { key: 'completionRate', value: formatRate(f.completion_rate) },
  ]
}

/**
 * The sheets of an employer's figures for lib/xlsx.js: totals, then one line per member.
 * Rates are stored as fractions shown as 0.0%; hours as numbers with one decimal.
 */
export function figuresSheets(f, t) {
  const rate = (r) => ({ v: r === null || r === undefined ? null : Math.round(Number(r) * 10) / 1000, fmt: '0.0%' })
  const totals = [
    [t('employers.excel.item'), t('employers.excel.value')],
    [t('employers.fields.name'), f.employer?.name || ''],
    [t('employers.excel.year'), f.year],
    [t('employers.cards.declared'), f.declared_members ?? 0],
    [t('employers.cards.registered'), f.registered ?? 0],
    [t('employers.cards.pending'), f.pending ?? 0],
    [t('employers.cards.registrationRate'), rate(f.registration_rate)],
    [t('employers.cards.targetMet'), f.target_met ?? 0],
    [t('employers.cards.completionRate'), rate(f.completion_rate)],
  ]
  const members = [[
    t('employers.columns.name'), t('employers.columns.estate'), t('employers.columns.receipt'),
    t('employers.columns.hours'), t('employers.columns.points'), t('employers.columns.visits'),
    t('employers.columns.tasks'), t('employers.columns.appeals'), t('employers.columns.commitments'),
    t('employers.columns.kept'), t('employers.columns.targetMet'),
  ]]
  for (const m of f.members || []) {
    const s = m.summary || {}
    members.push([
      m.name, m.estate_name, m.receipt_no || '',
      { v: Math.round((Number(s.minutes) || 0) / 6) / 10, fmt: '0.0' }, s.points ?? 0, s.visits ?? 0, s.tasks ?? 0, s.appeals ?? 0,
      m.commitments ?? 0, m.commitments_kept ?? 0, s.target_met ? t('common.yes') : t('common.no'),
    ])
  }
  return [
    { name: t('employers.excel.sheetTotals'), columns: [24, 30], rows: totals },
    { name: t('employers.excel.sheetMembers'), columns: [12, 18, 16, 10, 8, 8, 8, 8, 10, 10, 10], rows: members },
  ]
}

/** "报到单位数据_某某公司_2026.xlsx", without characters file systems refuse. */
export function figuresFileName(prefix, name, year) {
  const safe = (s) => String(s || '').replace(/[\\/:*?"<>|\s]+/g, '_')
  return `${[safe(prefix), safe(name), year].filter(Boolean).join('_')}.xlsx`
}
