// Residents' problems (诉求) for the console: the states and actions of docs/APPEALS.md, what
// each action's dialog asks for and the body it posts, deadlines and their badges. Pure
// functions; labels live in the message files (enums.appealStatus, enums.appealAction, ...).

/** Statuses in the order of the flow. */
export const APPEAL_STATUSES = ['submitted', 'accepted', 'in_progress', 'returned', 'resolved', 'closed', 'merged']
/** Still waiting for someone to act. */
export const OPEN_STATUSES = ['submitted', 'accepted', 'in_progress', 'returned']

/** Actions in the order the detail page shows their buttons. */
export const APPEAL_ACTIONS = ['accept', 'assign', 'start', 'resolve', 'return', 'extend', 'escalate', 'reopen', 'close', 'merge', 'note', 'agenda']

/** The actions the contract allows in each state (docs/APPEALS.md, "States and actions"). */
export const ACTIONS_BY_STATUS = {
  submitted: ['accept', 'assign', 'return', 'escalate', 'merge', 'close', 'note', 'agenda'],
  accepted: ['assign', 'start', 'resolve', 'return', 'extend', 'escalate', 'merge', 'close', 'note', 'agenda'],
  in_progress: ['assign', 'resolve', 'extend', 'escalate', 'merge', 'note', 'agenda'],
  returned: ['assign', 'escalate', 'merge', 'close', 'note', 'agenda'],
  resolved: ['reopen', 'close', 'note'],
  closed: ['reopen', 'note'],
  merged: ['note'],
}

/** Who may be assigned inside the estate (物业/业委会/党支部/党员/民警调解室). */
export const ASSIGNABLE_HANDLERS = ['property', 'committee', 'branch', 'member', 'mediation']
/** Every handler, including the levels an escalation reaches. */
export const APPEAL_HANDLERS = [...ASSIGNABLE_HANDLERS, 'community', 'street', 'district']
export const APPEAL_LEVELS = ['estate', 'community', 'street', 'district']
/** Channels staff enter problems from (no "self": that is the resident on the phone). */
export const INTAKE_CHANNELS = ['door_knock', 'building_lead', 'hotline', 'mailbox', 'meeting']
export const APPEAL_CHANNELS = ['self', ...INTAKE_CHANNELS, 'open311']
export const RATINGS = ['satisfied', 'basically', 'dissatisfied']
export const DEADLINE_UNITS = ['hours', 'working_days']

/** Limits the contract states for the dialogs. */
export const MAX_PHOTOS = 9
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']
export const MAX_EXTENSION = { hours: 240, working_days: 10 }
export const MAX_INTAKE_PROBLEMS = 20

/** Element Plus tag type of a status. */
export function statusTagType(status) {
  switch (status) {
    case 'submitted':
      return 'warning'
    case 'accepted':
    case 'in_progress':
      return 'primary'
    case 'returned':
      return 'danger'
    case 'resolved':
      return 'success'
    default:
      return 'info'
  }
}

/**
 * What the dialog of an action asks for: a list of field names out of
 * note, handler, assignee, photos, extend, merge_into, agenda, public; and which are required.
 */
export function actionFields(action) {
  switch (action) {
    case 'accept':
    case 'start':
      return { fields: ['note'], required: [] }
    case 'assign':
      return { fields: ['handler', 'assignee', 'note'], required: ['handler'] }
    case 'resolve':
      return { fields: ['note', 'photos'], required: ['note'] }
    case 'extend':
      return { fields: ['extend', 'note'], required: ['extend', 'note'] }
    case 'merge':
      return { fields: ['merge_into', 'note'], required: ['merge_into'] }
    case 'agenda':
      return { fields: ['agenda'], required: ['agenda'] }
    case 'note':
      return { fields: ['note', 'public'], required: ['note'] }
    case 'return':
    case 'escalate':
    case 'close':
    case 'reopen':
      return { fields: ['note'], required: ['note'] }
    default:
      return { fields: ['note'], required: [] }
  }
}

/** A fresh dialog form. */
export function emptyActionForm() {
  return { note: '', handler: '', assignee_account_id: null, photo_ids: [], extend_value: 1, extend_unit: 'working_days', merge_into: null, agenda: '', public: true }
}

/**
 * Checks a dialog's form and builds the transition body. Returns { body } or { error: {field,
 * reason} } where reason is 'required', 'too_many', 'too_long', 'positive' or 'self'.
 * `appealId` is the appeal the action is on (it cannot be merged into itself).
 */
export function buildTransition(action, form, appealId = null) {
  const { fields, required } = actionFields(action)
  const body = { action }
  const note = String(form.note || '').trim()
  const need = (name) => required.includes(name)
  if (fields.includes('note')) {
    if (need('note') && !note) return { error: { field: 'note', reason: 'required' } }
    if (note) body.note = note
  }
  if (fields.includes('handler')) {
    if (!form.handler) return { error: { field: 'handler', reason: 'required' } }
    body.handler = form.handler
    if (form.assignee_account_id) body.assignee_account_id = Number(form.assignee_account_id)
  }
  if (fields.includes('photos')) {
    const ids = (form.photo_ids || []).filter((x) => x !== null && x !== undefined)
    if (ids.length > MAX_PHOTOS) return { error: { field: 'photo_ids', reason: 'too_many' } }
    if (ids.length) body.photo_ids = ids
  }
  if (fields.includes('extend')) {
    const value = Number(form.extend_value)
    const unit = form.extend_unit
    if (!Number.isInteger(value) || value <= 0) return { error: { field: 'extend_by', reason: 'positive' } }
    if (!DEADLINE_UNITS.includes(unit)) return { error: { field: 'extend_by', reason: 'required' } }
    if (value > MAX_EXTENSION[unit]) return { error: { field: 'extend_by', reason: 'too_long' } }
    body.extend_by = { value, unit }
  }
  if (fields.includes('merge_into')) {
    const target = Number(form.merge_into)
    if (!Number.isInteger(target) || target <= 0) return { error: { field: 'merge_into', reason: 'required' } }
    if (appealId !== null && target === Number(appealId)) return { error: { field: 'merge_into', reason: 'self' } }
    body.merge_into = target
  }
  if (fields.includes('agenda')) {
    const agenda = String(form.agenda || '').trim()
    if (!agenda) return { error: { field: 'agenda', reason: 'required' } }
    body.agenda = agenda
  }
  if (fields.includes('public') && form.public === false) body.public = false
  return { body }
}

/** The callback (回访) body, or { error } when the answers do not fit together. */
export function buildCallback(form) {
  if (form.contacted === null || form.contacted === undefined) return { error: { field: 'contacted', reason: 'required' } }
  const body = { contacted: !!form.contacted }
  if (form.contacted) {
    if (form.solved !== null && form.solved !== undefined) body.solved = !!form.solved
    if (form.result) {
      if (!RATINGS.includes(form.result)) return { error: { field: 'result', reason: 'required' } }
      body.result = form.result
    }
  }
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return { body }
}

function parseTime(value) {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : null
}

/**
 * The state of one deadline: 'met' (done by it), 'late' (done after it), 'overdue' (not done,
 * past it), 'pending' (not done, not yet due) or 'none' (no deadline).
 */
export function deadlineState(deadline, doneAt, now = Date.now()) {
  const due = parseTime(deadline)
  if (due === null) return 'none'
  const done = parseTime(doneAt)
  if (done !== null) return done <= due ? 'met' : 'late'
  return now > due ? 'overdue' : 'pending'
}

/** The response and resolution deadline states of an appeal (closed or merged ones stop running). */
export function appealDeadlines(appeal, now = Date.now()) {
  const open = OPEN_STATUSES.includes(appeal.status)
  const one = (deadline, doneAt) => (doneAt || open ? deadlineState(deadline, doneAt, now) : 'none')
  return { respond: one(appeal.respond_by, appeal.responded_at), resolve: one(appeal.resolve_by, appeal.resolved_at) }
}

/** "11-21 10:00" from an RFC 3339 time in +08:00 (the year is in the full time's tooltip). */
export function shortTime(value) {
  const m = /^\d{4}-(\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value || '')
  return m ? `${m[1]} ${m[2]}` : value || ''
}

/** A long description cut to `max` characters (counting Chinese characters as one) with "…". */
export function truncate(text, max = 40) {
  const chars = Array.from(String(text || '').replace(/\s+/g, ' ').trim())
  return chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('')
}

/** Whether an uploaded file is a photo the server takes; returns null or a reason. */
export function photoProblem(file) {
  if (!file) return 'type'
  if (!PHOTO_TYPES.includes(file.type)) return 'type'
  if (file.size > MAX_PHOTO_BYTES) return 'size'
  return null
}

/** The place of an intake or an appeal as the API takes it: {household_id}|{building_id}|{text}. */
export function placeBody(place) {
  if (!place) return null
  if (place.kind === 'household' && place.household_id) return { household_id: Number(place.household_id) }
  if (place.kind === 'building' && place.building_id) return { building_id: Number(place.building_id) }
  const text = String(place.text || '').trim()
  return text ? { text } : null
}

/**
 * Checks the staff entry (代录) form and builds the POST /intakes body; { body } or { error:
 * {field, reason, row?} } (row is the 0-based problem row).
 */
export function buildIntake(estateId, form) {
  if (!form.channel) return { error: { field: 'channel', reason: 'required' } }
  const phone = String(form.contact_phone || '').trim()
  if (phone && !/^1\d{10}$/.test(phone)) return { error: { field: 'contact_phone', reason: 'format' } }
  const place = placeBody(form.place)
  if (!place) return { error: { field: 'place', reason: 'required' } }
  const problems = []
  const rows = form.problems || []
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i]
    const description = String(p.description || '').trim()
    if (!p.category && !description) continue // an empty row left over
    if (!p.category) return { error: { field: 'category', reason: 'required', row: i } }
    if (!description) return { error: { field: 'description', reason: 'required', row: i } }
    const item = { category: p.category, description }
    const own = String(p.place_text || '').trim()
    if (own) item.place = { text: own }
    problems.push(item)
  }
  if (!problems.length) return { error: { field: 'problems', reason: 'required' } }
  if (problems.length > MAX_INTAKE_PROBLEMS) return { error: { field: 'problems', reason: 'too_many' } }
  const body = { estate_id: Number(estateId), channel: form.channel, place, problems }
  const name = String(form.contact_name || '').trim()
  if (name) body.contact_name = name
  if (phone) body.contact_phone = phone
  return { body }
}

/** A category limit as the catalogue shows it: {value, unit} → "24 小时" via the label function. */
export function limitText(limit, unitLabel) {
  if (!limit || limit.value === null || limit.value === undefined) return ''
  return `${limit.value} ${unitLabel(limit.unit)}`
}

/** Checks the category edit form; { body } or { error: {field, reason} }. */
export function buildCategory(form) {
  const code = String(form.code || '').trim()
  if (!/^[a-z0-9_]{1,32}$/.test(code)) return { error: { field: 'code', reason: 'format' } }
  const name = String(form.name || '').trim()
  if (!name) return { error: { field: 'name', reason: 'required' } }
  if (!form.handler) return { error: { field: 'handler', reason: 'required' } }
  const limit = (key) => {
    const value = Number(form[key].value)
    if (!Number.isInteger(value) || value <= 0) return null
    if (!DEADLINE_UNITS.includes(form[key].unit)) return null
    return { value, unit: form[key].unit }
  }
  const respond = limit('respond')
  if (!respond) return { error: { field: 'respond', reason: 'positive' } }
  const resolve = limit('resolve')
  if (!resolve) return { error: { field: 'resolve', reason: 'positive' } }
  const body = { code, name, name_en: String(form.name_en || '').trim(), handler: form.handler, respond, resolve, active: !!form.active }
  if (form.sort !== null && form.sort !== undefined && form.sort !== '') body.sort = Number(form.sort)
  return { body }
}
