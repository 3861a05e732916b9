// The one way the console talks to the server: JSON over fetch with the bearer token. A 401
// from anything but the login call drops the session and sends the user back to the login page.

const TOKEN_KEY = 'linli.token'

/** An error answer from the server: {error:{code,message,field,rows}} plus the HTTP status. */
export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {}
    super(err.message || `HTTP ${status}`)
    this.status = status
    this.code = err.code || 'unknown'
    this.field = err.field || null
    this.rows = Array.isArray(err.rows) ? err.rows : null
  }
}

let onUnauthenticated = () => {}

/** Set by main.js: what to do when the server says the session is gone. */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY)
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

/** Builds "path?a=1&b=2", leaving out empty parameters. */
export function withQuery(path, params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

/**
 * Calls the API. `body` is sent as JSON unless `contentType` is given, in which case it is
 * sent as is (used for text/csv imports and photo uploads). `headers` adds request headers
 * (e.g. Idempotency-Key). Resolves to the parsed JSON answer.
 */
export async function request(method, path, body, { contentType, skipAuthRedirect, headers: extra } = {}) {
  const headers = { Accept: 'application/json', ...(extra || {}) }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let payload
  if (body !== undefined) {
    if (contentType) {
      headers['Content-Type'] = contentType
      payload = body
    } else {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
  }
  let res
  try {
    res = await fetch('/api/v1' + path, { method, headers, body: payload })
  } catch (e) {
    const err = new ApiError(0, { error: { code: 'unavailable', message: e.message } })
    err.network = true
    throw err
  }
  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !skipAuthRedirect) {
      setToken(null)
      onUnauthenticated()
    }
    throw new ApiError(res.status, data)
  }
  return data ?? {}
}

export const api = {
  get: (path, params) => request('GET', withQuery(path, params)),
  post: (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts),
  patch: (path, body) => request('PATCH', path, body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
}

/** Fetches every page of a paged list (bounded, for selects and trees). */
export async function getAll(path, params = {}, { pageSize = 200, maxPages = 20 } = {}) {
  const items = []
  for (let page = 1; page <= maxPages; page++) {
    const data = await api.get(path, { ...params, page, page_size: pageSize })
    const got = data.items || []
    items.push(...got)
    const total = typeof data.total === 'number' ? data.total : items.length
    if (got.length === 0 || items.length >= total || got.length < pageSize) break
  }
  return items
}
