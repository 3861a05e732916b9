// Party members' work in their estate: the branch's task list (认领任务单, docs/MEMBER_TASKS.md),
// pairing and door-knocking (结对, 敲门行动, docs/MEMBER_VISITS.md) and the participation figures
// (GET /stats/members). Shared by the console and the H5. Pure functions; labels come in
// through `t`.

export const TASK_STATUSES = ['open', 'done', 'cancelled']
export const TASK_FILTERS = ['open', 'overdue', 'done', 'cancelled']
export const CLAIM_STATUSES = ['claimed', 'submitted', 'accepted', 'returned', 'withdrawn']
export const TASK_SOURCES = ['plan', 'decision', 'problem']
export const MAX_TASK_PHOTOS = 9

/** Element Plus tag type of a task (an overdue open task is red). */
export function taskTagType(task) {
  if (!task) return 'info'
  if (task.status === 'open') return task.overdue ? 'danger' : 'primary'
  return { done: 'success', cancelled: 'info' }[task.status] || 'info'
}

/** The label key of a task's state: 'overdue' for an open task past its deadline. */
export function taskStateKey(task) {
  if (!task) return ''
  return task.status === 'open' && task.overdue ? 'overdue' : task.status
}

/** Element Plus tag type of a claim's status. */
export function claimTagType(status) {
  return { claimed: 'primary', submitted: 'warning', accepted: 'success', returned: 'danger', withdrawn: 'info' }[status] || 'info'
}

/** Vant tag type of a claim's status (Vant has no 'info'). */
export function claimVantType(status) {
  return { claimed: 'primary', submitted: 'warning', accepted: 'success', returned: 'danger', withdrawn: 'default' }[status] || 'default'
}

/** "2/3": places taken of those needed. */
export function placesText(task) {
  if (!task) return ''
  return `${task.places_taken ?? 0}/${task.needed ?? 0}`
}

/** Claims of a task waiting for a decision (submitted results). */
export function claimsAwaiting(task) {
  return (task?.claims || []).filter((c) => c.status === 'submitted').length
}

/** Whether a claim offers an action (the server lists what the viewer may do). */
export function claimCan(claim, action) {
  return Array.isArray(claim?.actions) && claim.actions.includes(action)
}

/** "2026-12-20 18:00" from an RFC 3339 time written in Beijing time by the server. */
export function shortTime(value) {
  if (!value) return ''
  const s = String(value)
  return s.length >= 16 ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10)
}

/** The RFC 3339 deadline (Beijing time) from a date "YYYY-MM-DD" and a time "HH:MM" (default 18:00). */
export function dueAt(date, time = '18:00') {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(date || ''))) return ''
  const hm = /^\d{2}:\d{2}$/.test(String(time || '')) ? time : '18:00'
  return `${date}T${hm}:00+08:00`
}

/** A length in characters as the server counts them (code points). */
function chars(s) {
  return [...String(s || '').trim()].length
}

/**
 * The body of POST /estates/{id}/member-tasks from the publish form (hours shown, minutes
 * sent; points empty = the estate's rule), or { error: field } for the first field the form
 * can tell is wrong. The server checks everything again.
 */
export function taskBody(form) {
  const title = String(form.title || '').trim()
  if (chars(title) < 2 || chars(title) > 60) return { error: 'title' }
  const source = TASK_SOURCES.includes(form.source) ? form.source : 'plan'
  const body = { title, description: String(form.description || '').trim(), source }
  if (source === 'problem') {
    const id = Number(form.appeal_id)
    if (!Number.isInteger(id) || id <= 0) return { error: 'appeal_id' }
    body.appeal_id = id
  }
  if (source === 'decision') {
    if (chars(form.source_note) < 2) return { error: 'source_note' }
  }
  if (form.source_note && String(form.source_note).trim()) body.source_note = String(form.source_note).trim()
  const due = dueAt(form.due_date, form.due_time)
  if (!due) return { error: 'due_at' }
  body.due_at = due
  const needed = Number(form.needed)
  if (!Number.isInteger(needed) || needed < 1 || needed > 100) return { error: 'needed' }
  body.needed = needed
  const hours = form.hours === '' || form.hours === null || form.hours === undefined ? 0 : Number(form.hours)
  if (!Number.isFinite(hours) || hours < 0) return { error: 'hours_minutes' }
  body.hours_minutes = Math.round(hours * 60)
  if (form.points !== '' && form.points !== null && form.points !== undefined) {
    const points = Number(form.points)
    if (!Number.isInteger(points) || points < 0) return { error: 'points' }
    body.points = points
  }
  return { body }
}

/** "3小时 · 5积分"-style worth of a task, through `t` (keys memberWork.worth.*). */
export function worthText(task, t, formatHours) {
  const parts = []
  if (task?.hours_minutes) parts.push(t('memberWork.worth.hours', { n: formatHours(task.hours_minutes) }))
  if (task?.points) parts.push(t('memberWork.worth.points', { n: task.points }))
  return parts.join(' · ')
}

// ---- pairing and visits --------------------------------------------------------------------

/**
 * The unpaired page (GET /estates/{id}/pairings/unpaired) as table rows: one per household,
 * with its building/entrance and the suggested member (if any).
 */
export function unpairedRows(page) {
  const rows = []
  for (const g of page?.groups || []) {
    for (const h of g.households || []) {
      rows.push({
        household_id: h.household_id,
        label: h.label,
        building_name: g.building_name,
        entrance_name: g.entrance_name,
        suggestion: h.suggestion || null,
      })
    }
  }
  return rows
}

/**
 * The entrances a 党员中心户 could look after, from the unpaired page: each entrance with households
 * nobody looks after, "1栋2单元" with how many, in the page's order.
 */
export function unpairedEntrances(page) {
  const out = []
  for (const g of page?.groups || []) {
    if (!g.entrance_id || !(g.households || []).length) continue
    out.push({ entrance_id: g.entrance_id, label: `${g.building_name}${g.entrance_name}`, unpaired: g.households.length })
  }
  return out
}

/**
 * The members to offer as 党员中心户 of an entrance labelled `entranceLabel`: those living in it
 * first (their home "1栋2单元501" starts with the label), then the others, each group by name.
 */
export function centreCandidates(members, entranceLabel) {
  const list = (members || []).map((m) => ({
    registration_id: m.registration_id,
    member_name: m.member_name,
    home: m.home || '',
    sameEntrance: !!entranceLabel && String(m.home || '').startsWith(entranceLabel),
  }))
  return list.sort((a, b) => Number(b.sameEntrance) - Number(a.sameEntrance) || a.member_name.localeCompare(b.member_name, 'zh-CN'))
}

/** The body of POST /estates/{id}/pairings:batch for the rows chosen (only rows with a suggestion). */
export function batchBody(rows) {
  return {
    pairings: (rows || [])
      .filter((r) => r && r.suggestion && r.suggestion.registration_id)
      .map((r) => ({ registration_id: r.suggestion.registration_id, household_id: r.household_id })),
  }
}

/** "2026-Q4" for a date "YYYY-MM-DD". */
export function quarterOf(date) {
  const m = /^(\d{4})-(\d{2})/.exec(String(date || ''))
  if (!m) return ''
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`
}

/** The quarter of `today` and the `n - 1` before it, newest first. */
export function recentQuarters(today, n = 4) {
  const q = quarterOf(today)
  if (!q) return []
  let year = Number(q.slice(0, 4))
  let k = Number(q.slice(6))
  const out = []
  for (let i = 0; i < n; i++) {
    out.push(`${year}-Q${k}`)
    k -= 1
    if (k === 0) {
      k = 4
      year -= 1
    }
  }
  return out
}

/** "33.3%" from a coverage share (percent, one decimal) or '—'. */
export function shareText(share) {
  if (share === null || share === undefined || share === '') return '—'
  const n = Number(share)
  if (!Number.isFinite(n)) return '—'
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`
}

/** The body of POST /estates/{id}/visit-rounds from the form, or { error: field }. */
export function roundBody(form) {
  const title = String(form.title || '').trim()
  if (chars(title) < 2) return { error: 'title' }
  const day = /^\d{4}-\d{2}-\d{2}$/
  if (!day.test(String(form.starts_on || ''))) return { error: 'starts_on' }
  if (!day.test(String(form.ends_on || '')) || form.ends_on < form.starts_on) return { error: 'ends_on' }
  const body = { title, starts_on: form.starts_on, ends_on: form.ends_on }
  if (form.building_id) body.building_id = Number(form.building_id)
  return { body }
}

/**
 * The body of POST /estates/{id}/visits from the H5 form: problems with an empty description
 * are dropped; { error: field } when what was heard is empty and no problem is given.
 */
export function visitBody(form) {
  if (!form.household_id) return { error: 'household_id' }
  const heard = String(form.heard || '').trim()
  const problems = (form.problems || [])
    .map((p) => ({ category: p.category, description: String(p.description || '').trim() }))
    .filter((p) => p.description)
  for (let i = 0; i < problems.length; i++) if (!problems[i].category) return { error: `problems[${i}].category` }
  if (!heard && !problems.length) return { error: 'heard' }
  const body = { household_id: Number(form.household_id), heard }
  if (form.visited_on) body.visited_on = form.visited_on
  if (form.round_id) body.round_id = Number(form.round_id)
  if (problems.length) body.problems = problems
  return { body }
}

// ---- participation figures (GET /stats/members) ---------------------------------------------

/** The KPI cards of the participation figures: [{ key, value }]. */
export function statsCards(s, formatRate) {
  if (!s) return []
  return [
    { key: 'registered', value: String(s.registered ?? 0) },
    { key: 'active', value: `${s.active ?? 0}（${formatRate(s.active_rate)}）` },
    { key: 'hours', value: String(s.hours ?? 0) },
    { key: 'tasks', value: `${s.tasks_accepted ?? 0} / ${s.tasks_claimed ?? 0}` },
    { key: 'onTime', value: formatRate(s.on_time_rate) },
    { key: 'visits', value: String(s.visits ?? 0) },
    { key: 'paired', value: `${s.households_paired ?? 0} / ${s.households ?? 0}（${formatRate(s.paired_rate)}）` },
    { key: 'visited', value: `${s.households_visited_this_quarter ?? 0}（${formatRate(s.visited_rate)}）` },
  ]
}

/** The sheet of the participation figures for lib/xlsx.js: the unit, then one line per child. */
export function statsSheets(s, t) {
  const rate = (r) => ({ v: r === null || r === undefined ? null : Math.round(Number(r) * 10) / 1000, fmt: '0.0%' })
  const header = [
    t('memberStats.columns.unit'), t('memberStats.cards.registered'), t('memberStats.columns.pending'),
    t('memberStats.columns.active'), t('memberStats.columns.activeRate'), t('memberStats.cards.hours'),
    t('memberStats.columns.tasksClaimed'), t('memberStats.columns.tasksAccepted'), t('memberStats.columns.tasksOnTime'),
    t('memberStats.cards.onTime'), t('memberStats.cards.visits'), t('memberStats.columns.households'),
    t('memberStats.columns.paired'), t('memberStats.columns.pairedRate'), t('memberStats.columns.visited'),
    t('memberStats.columns.visitedRate'),
  ]
  const line = (u) => [
    u.unit?.name || '', u.registered ?? 0, u.pending ?? 0, u.active ?? 0, rate(u.active_rate),
    { v: Number(u.hours) || 0, fmt: '0.0' }, u.tasks_claimed ?? 0, u.tasks_accepted ?? 0, u.tasks_on_time ?? 0,
    rate(u.on_time_rate), u.visits ?? 0, u.households ?? 0, u.households_paired ?? 0, rate(u.paired_rate),
    u.households_visited_this_quarter ?? 0, rate(u.visited_rate),
  ]
  const rows = [header, line(s), ...(s.children || []).map(line)]
  return [{ name: t('memberStats.excel.sheet'), columns: [22, 8, 8, 8, 10, 10, 10, 10, 10, 10, 8, 10, 10, 10, 10, 10], rows }]
}
