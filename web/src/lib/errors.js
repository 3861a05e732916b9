// Server errors for volunteers who read Chinese. The server answers
// {error:{code,message,field,rows}} with an English sentence; the console shows a headline
// for the code in the current language (输入有误, 没有权限...), the field named by its form
// label, and the server's sentence as the detail below. Pure functions over vue-i18n's t/te.
import { i18n } from '../i18n/index.js'

export const ERROR_CODES = [
  'invalid_argument',
  'unauthenticated',
  'permission_denied',
  'not_found',
  'already_exists',
  'failed_precondition',
  'aborted',
  'resource_exhausted',
  'payload_too_large',
  'unavailable',
  'internal',
  'unknown',
]

const HTTP_CODES = { 400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found', 409: 'failed_precondition', 413: 'payload_too_large', 429: 'resource_exhausted' }

function translator(opts) {
  const t = opts.t || i18n.global.t
  const te = opts.te || i18n.global.te
  return { t, te }
}

/** The error code of an error answer, guessing from the HTTP status when the body had none. */
export function errorCode(err) {
  if (!err || typeof err !== 'object') return 'unknown'
  if (ERROR_CODES.includes(err.code) && err.code !== 'unknown') return err.code
  if (err.status >= 500) return 'internal'
  return HTTP_CODES[err.status] || 'unknown'
}

/** The headline of an error code in the current language ("输入有误"). */
export function errorHeadline(code, opts = {}) {
  const { t } = translator(opts)
  const known = ERROR_CODES.includes(code) ? code : 'unknown'
  if (opts.headlines && opts.headlines[known]) return opts.headlines[known]
  return t(`errors.codes.${known}`)
}

/**
 * The label of an API field: the form's own label when the form gives one (`labels`), else the
 * common label under "fields.<name>" (or of the CSV column), else the name itself.
 */
export function fieldLabel(field, opts = {}) {
  if (!field) return ''
  const { t, te } = translator(opts)
  if (opts.labels && opts.labels[field]) return opts.labels[field]
  if (te(`fields.${field}`)) return t(`fields.${field}`)
  // One item of a list ("own[1]", "required[0]"): the list's label and the item's number.
  const item = /^([a-z_]+)\[(\d+)\]$/.exec(field)
  if (item) return `${fieldLabel(item[1], opts)} ${Number(item[2]) + 1}`
  return te(`importColumns.${field}`) ? t(`importColumns.${field}`) : String(field)
}

/** The label of a column of the household CSV ("area_m2" → "面积(㎡)"), else the name. */
export function importColumnLabel(column, opts = {}) {
  if (!column) return ''
  const { t, te } = translator(opts)
  return te(`importColumns.${column}`) ? t(`importColumns.${column}`) : String(column)
}

/**
 * What to show for an error: { title, detail, code, field }. `err` is an ApiError (or anything
 * with code/status/message/field), or a string the page wrote itself (shown as the title).
 * Options: labels (field → form label), headlines (code → headline, e.g. for the login page),
 * t/te (defaults: the app's i18n).
 */
export function describeError(err, opts = {}) {
  const { t } = translator(opts)
  if (err === null || err === undefined || err === '') return null
  if (typeof err === 'string') return { title: err, detail: '', code: null, field: null }
  const code = errorCode(err)
  const headline = errorHeadline(code, opts)
  const field = err.field || null
  const label = field ? fieldLabel(field, opts) : ''
  const title = label ? t('errors.withField', { headline, field: label }) : headline
  let detail = err.message || ''
  if (err.network) detail = t('errors.network')
  else if (/^HTTP \d+$/.test(detail)) detail = ''
  return { title, detail, code, field }
}

/** One line for a toast: "没有权限：your roles do not allow...". */
export function errorText(err, opts = {}) {
  const d = describeError(err, opts)
  if (!d) return ''
  const { t } = translator(opts)
  return d.detail ? t('errors.line', { title: d.title, detail: d.detail }) : d.title
}
