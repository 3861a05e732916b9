// Server errors for residents: a short headline for the error code in the user's language
// (输入有误, 没有权限, 当前状态不允许...) followed by the server's own sentence, which is English.
// Pure: `t` is vue-i18n's translate.

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

const BY_STATUS = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'failed_precondition',
  413: 'payload_too_large',
  429: 'resource_exhausted',
}

/** The error code of a failed call, guessed from the HTTP status when the body had none. */
export function errorCode(err) {
  if (!err || typeof err !== 'object') return 'unknown'
  if (ERROR_CODES.includes(err.code) && err.code !== 'unknown') return err.code
  if (err.network) return 'unavailable'
  if (err.status >= 500) return 'internal'
  return BY_STATUS[err.status] || 'unknown'
}

/** "输入有误：description must be at most 2000 characters" (headline alone without a sentence). */
export function errorText(err, t) {
  const headline = t(`errors.${errorCode(err)}`)
  const detail = err && err.message && !/^HTTP \d+$/.test(err.message) ? err.message : ''
  return detail ? `${headline}${t('errors.separator')}${detail}` : headline
}
