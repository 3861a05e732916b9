// Pure helpers of the residents' H5: statuses and their tags, photo checks, durations, the
// place of a problem, category icons, idempotency keys and the mapping of server error fields
// onto the report form. No Vue, no i18n instance: labels are i18n keys, or `t` is passed in.

/** The appeal statuses (docs/APPEALS.md), in the order a problem goes through them. */
export const STATUSES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'returned', 'merged']

/** Vant tag type of a status: orange waiting, blue being handled, green done, grey ended. */
const STATUS_TAG = {
  submitted: 'warning',
  accepted: 'primary',
  in_progress: 'primary',
  resolved: 'success',
  closed: 'default',
  returned: 'warning',
  merged: 'default',
}

export function statusTagType(status) {
  return STATUS_TAG[status] || 'default'
}

/** The i18n key of a status label ("status.resolved" → 已办结); unknown values fall back. */
export function statusKey(status) {
  return STATUSES.includes(status) ? `status.${status}` : 'status.unknown'
}

/** How a problem came in (the appeal's `channel`). */
export const CHANNELS = ['self', 'door_knock', 'building_lead', 'hotline', 'mailbox', 'meeting', 'open311']

/** The ratings a resident can give, best first. */
export const RATINGS = ['satisfied', 'basically', 'dissatisfied']

export function ratingKey(result) {
  return RATINGS.includes(result) ? `rating.${result}` : 'rating.none'
}

/** Who can be handling a problem (the appeal's `handler`). */
export const HANDLERS = ['property', 'committee', 'branch', 'member', 'mediation', 'community', 'street', 'district']

export function handlerKey(handler) {
  return HANDLERS.includes(handler) ? `handler.${handler}` : 'handler.unknown'
}

/** The levels of the tree an appeal can sit at. */
export const LEVELS = ['estate', 'community', 'street', 'district']

export function levelKey(level) {
  return LEVELS.includes(level) ? `level.${level}` : 'level.unknown'
}

// ---- photos -------------------------------------------------------------------------------

/** What the server accepts on POST /api/v1/photos. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const MAX_PHOTOS = 9
export const MAX_DESCRIPTION = 2000

/**
 * Checks a file before uploading it: null when fine, else the i18n key of the problem
 * ("photo.notImage", "photo.tooLarge", "photo.empty").
 */
export function checkPhotoFile(file) {
  if (!file) return 'photo.notImage'
  const type = String(file.type || '').toLowerCase()
  if (!PHOTO_TYPES.includes(type)) return 'photo.notImage'
  if (typeof file.size === 'number') {
    if (file.size === 0) return 'photo.empty'
    if (file.size > MAX_PHOTO_BYTES) return 'photo.tooLarge'
  }
  return null
}

/**
 * The i18n key for a failed upload answered by the server, when it is one of the known photo
 * problems; null to show the server's own sentence.
 */
export function photoErrorKey(err) {
  if (!err) return null
  if (err.status === 413 || err.code === 'payload_too_large') return 'photo.tooLarge'
  const msg = String(err.message || '').toLowerCase()
  if (/empty/.test(msg)) return 'photo.empty'
  if (/too large|at most 5 ?mib|5 ?mb/.test(msg)) return 'photo.tooLarge'
  // "the file is not a JPEG, PNG, GIF or WebP image", "Content-Type must be image/…"
  if (err.status === 415 || /not an? (image|jpe?g|png|gif|webp)|content.?type must|unsupported media/.test(msg)) {
    return 'photo.notImage'
  }
  return null
}

// ---- time ---------------------------------------------------------------------------------

/** Hours as whole days, hours and minutes (rounded to the minute). */
export function durationParts(hours) {
  const totalMinutes = Math.max(0, Math.round(Number(hours) * 60))
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  }
}

/**
 * A duration for people: "45分钟", "3小时20分钟", "2天5小时" (minutes dropped once it runs into
 * days). `t` is vue-i18n's translate with keys duration.{days,hours,minutes,lessThanMinute};
 * `separator` goes between the parts (none in Chinese, a space in English).
 */
export function formatDuration(hours, t, separator = '') {
  if (hours === null || hours === undefined || hours === '' || !Number.isFinite(Number(hours))) return ''
  const { days, hours: h, minutes } = durationParts(hours)
  const parts = []
  if (days) parts.push(t('duration.days', { n: days }))
  if (h) parts.push(t('duration.hours', { n: h }))
  if (minutes && !days) parts.push(t('duration.minutes', { n: minutes }))
  if (parts.length === 0) return t('duration.lessThanMinute')
  return parts.join(separator)
}

/** Hours between two RFC 3339 times (null when either is missing). */
export function hoursBetween(from, to) {
  if (!from || !to) return null
  const a = Date.parse(from)
  const b = Date.parse(to)
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null
  return (b - a) / 3600000
}

/**
 * "05-21 14:03" (this year) or "2025-05-21 14:03" from an RFC 3339 time. The server sends
 * Asia/Shanghai times (+08:00), which are shown as they are.
 */
export function shortTime(value, now = new Date()) {
  if (!value) return ''
  const m = /^(\d{4})-(\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value)
  if (!m) return String(value)
  const thisYear = new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear()
  return Number(m[1]) === thisYear ? `${m[2]} ${m[3]}` : `${m[1]}-${m[2]} ${m[3]}`
}

/**
 * A deadline like shortTime, except that midnight is the end of the day before: a deadline in
 * working days ends "at 24:00 of the N-th working day" (RULES.md §0), which the server writes as
 * 00:00 of the next day; "11-25 24:00" is what people expect to read.
 */
export function deadlineTime(value, now = new Date()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ]00:00(:00)?(\.0+)?([+-]\d{2}:?\d{2}|Z)?$/.exec(value || '')
  if (!m) return shortTime(value, now)
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 86400000)
  const prev = day.toISOString().slice(0, 10)
  return shortTime(`${prev}T24:00`, now)
}

/** Whether an open appeal is past `deadline` at `now` (the server's `overdue` is preferred). */
export function isPast(deadline, now = new Date()) {
  if (!deadline) return false
  const d = Date.parse(deadline)
  return Number.isFinite(d) && d < now.getTime()
}

/**
 * Satisfaction as a percentage text ("96.5%"); "" when nothing was rated yet (null). The server
 * sends a fraction (0.965); a value above 1 is taken as a percentage already.
 */
export function formatRate(rate) {
  if (rate === null || rate === undefined || rate === '' || !Number.isFinite(Number(rate))) return ''
  const pct = Number(rate) <= 1 ? Number(rate) * 100 : Number(rate)
  const r = Math.round(pct * 10) / 10
  return `${Number.isInteger(r) ? r : r.toFixed(1)}%`
}

// ---- the report form ----------------------------------------------------------------------

/** The estates the user may report in: their grants on estates, each once, in grant order. */
export function userEstates(user) {
  const seen = new Set()
  const out = []
  for (const g of (user && user.roles) || []) {
    if (g.unit_kind !== 'estate' || g.unit_id === null || g.unit_id === undefined) continue
    if (seen.has(g.unit_id)) continue
    seen.add(g.unit_id)
    out.push({ id: g.unit_id, name: g.unit_name })
  }
  return out
}

/** The user's home in `estateId` (from /auth/me's `home`), or null. */
export function homeIn(user, estateId) {
  const home = user && user.home
  if (!home || !home.household_id) return null
  if (estateId && Number(home.estate_id) !== Number(estateId)) return null
  return home
}

/** The place kinds offered: my household only when the user has a home there. */
export function placeKinds(user, estateId) {
  return homeIn(user, estateId) ? ['household', 'building', 'public'] : ['building', 'public']
}

/**
 * The API's `place` object from the form: {household_id} | {building_id} | {text}. Returns
 * null when the chosen kind lacks its value (the form then asks for it).
 */
export function placePayload(kind, { householdId, buildingId, text } = {}) {
  if (kind === 'household') return householdId ? { household_id: Number(householdId) } : null
  if (kind === 'building') return buildingId ? { building_id: Number(buildingId) } : null
  if (kind === 'public') {
    const s = String(text || '').trim()
    return s ? { text: s } : null
  }
  return null
}

/** Which form field a server error's `field` belongs to ("place.text" → "place"). */
export function formFieldOf(field) {
  if (!field) return null
  const f = String(field)
  if (f === 'estate_id' || f === 'estate') return 'estate'
  if (f === 'category') return 'category'
  if (f === 'description') return 'description'
  if (f === 'anonymous') return 'anonymous'
  if (f === 'place' || f.startsWith('place.') || ['household_id', 'building_id', 'text'].includes(f)) return 'place'
  if (f === 'photo_ids' || f.startsWith('photo')) return 'photos'
  return null
}

/** Characters as people count them (a surrogate pair is one), as the server counts them. */
export function charCount(text) {
  return Array.from(String(text || '')).length
}

/**
 * A random UUID (v4) for the Idempotency-Key header. crypto.randomUUID needs a secure context,
 * which a phone on a plain-http address is not; getRandomValues works everywhere.
 */
export function newIdempotencyKey(cryptoImpl = globalThis.crypto) {
  if (cryptoImpl && typeof cryptoImpl.randomUUID === 'function') {
    try {
      return cryptoImpl.randomUUID()
    } catch {
      // Not a secure context: build one below.
    }
  }
  const bytes = new Uint8Array(16)
  if (cryptoImpl && typeof cryptoImpl.getRandomValues === 'function') cryptoImpl.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// ---- categories ---------------------------------------------------------------------------

// Vant icon per kind of problem, matched on the category's code or its Chinese name, so that an
// estate's own categories get a fitting icon too. The default catalogue's codes: sanitation,
// lift, water_power, facilities, parking, security, greenery, fees, noise, dispute, other.
const CATEGORY_ICONS = [
  [/elevator|lift|电梯/, 'sort'],
  [/sanitation|clean|garbage|rubbish|trash|环境|卫生|垃圾|保洁/, 'delete-o'],
  [/park|car|vehicle|停车|车位|车辆/, 'logistics'],
  [/green|garden|绿化|树/, 'flower-o'],
  [/water|drain|pipe|leak|gas|供水|排水|漏水|管道|下水|水电|燃气/, 'bulb-o'],
  [/light|lamp|power|electric|照明|路灯|电/, 'bulb-o'],
  [/fire|消防/, 'fire-o'],
  [/security|safety|guard|安全|安保|门禁|治安/, 'shield-o'],
  [/noise|噪音|扰民/, 'volume-o'],
  [/neighbo|dispute|邻里|纠纷|矛盾/, 'friends-o'],
  [/repair|facilit|maint|设施|维修|公共/, 'setting-o'],
  [/fee|charge|property|物业|收费/, 'balance-o'],
  [/pet|dog|宠物|犬/, 'smile-o'],
  [/build|construct|装修|违建|违章|私搭/, 'wap-home-o'],
  [/suggest|advice|建议|意见/, 'bulb-o'],
]

export function categoryIcon(category) {
  const text = `${(category && category.code) || ''} ${(category && category.name) || ''}`.toLowerCase()
  for (const [re, icon] of CATEGORY_ICONS) if (re.test(text)) return icon
  return 'more-o'
}

/** Active categories in the catalogue's order (sort, then name). */
export function activeCategories(list) {
  return (Array.isArray(list) ? list : [])
    .filter((c) => c && c.active !== false)
    .slice()
    .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || String(a.code).localeCompare(String(b.code)))
}

/** The timeline newest first (the server sends it oldest first; ids break ties). */
export function newestFirst(timeline) {
  return (Array.isArray(timeline) ? timeline : []).slice().sort((a, b) => {
    const ta = Date.parse(a.at) || 0
    const tb = Date.parse(b.at) || 0
    return tb - ta || (b.id ?? 0) - (a.id ?? 0)
  })
}

/** The i18n key of a timeline entry's action ("timeline.resolve"), with a fallback. */
export const TIMELINE_ACTIONS = [
  'submit', 'accept', 'assign', 'start', 'resolve', 'return', 'extend', 'escalate', 'reopen',
  'close', 'merge', 'note', 'agenda', 'rate', 'callback', 'auto_escalate',
]

export function timelineKey(action) {
  return TIMELINE_ACTIONS.includes(action) ? `timeline.${action}` : 'timeline.other'
}

/** A place as text, whether the API sends an object ({label, text}) or a string. */
export function placeText(place) {
  if (!place) return ''
  if (typeof place === 'string') return place
  return place.label || place.text || ''
}

/** A rating's result, whether the API sends an object ({result, ...}) or the bare value. */
export function ratingResult(rating) {
  if (!rating) return ''
  return typeof rating === 'string' ? rating : rating.result || ''
}

/** "138****5678" for a mainland mobile number; other text unchanged. */
export function maskPhone(phone) {
  const s = String(phone || '')
  return /^\d{11}$/.test(s) ? `${s.slice(0, 3)}****${s.slice(7)}` : s
}

/**
 * Whether to offer the rating form: the server allows it (`can_rate`, i.e. my problem and
 * resolved) and I have not rated this resolution yet (a rating older than the latest
 * resolution belongs to an earlier round, before a reopen).
 */
export function needsRating(appeal) {
  if (!appeal || !appeal.can_rate) return false
  const r = appeal.rating
  if (!r) return true
  const rated = Date.parse(r.at)
  const resolved = Date.parse(appeal.resolved_at)
  return Number.isFinite(rated) && Number.isFinite(resolved) && rated < resolved
}

/**
 * A timeline note for people: the server writes a rating as "dissatisfied：地锁还是坏的。";
 * the rating's name becomes its label ("不满意：地锁还是坏的。"). `t` is vue-i18n's translate.
 */
export function timelineNote(entry, t) {
  const note = String((entry && entry.note) || '')
  // The server notes how a problem came in with the channel's name ("self").
  if (entry && entry.action === 'submit' && CHANNELS.includes(note)) return t('channel.via', { channel: t(`channel.${note}`) })
  if (!entry || !['rate', 'callback'].includes(entry.action)) return note
  const m = /^(satisfied|basically|dissatisfied)(?=$|[：:\s])/.exec(note)
  return m ? t(ratingKey(m[1])) + note.slice(m[1].length) : note
}
