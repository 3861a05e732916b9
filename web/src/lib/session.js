// The signed-in user, shared by every page. Thin on purpose: the token lives in localStorage
// (see api.js) and the user is re-read from /auth/me on start.
import { reactive } from 'vue'
import { api, request, setToken, getToken } from './api.js'
import { can, canSomewhere } from './permissions.js'

export const session = reactive({ user: null, loaded: false })

export async function login(phone, password) {
  const data = await request('POST', '/auth/login', { phone, password }, { skipAuthRedirect: true })
  setToken(data.token)
  session.user = data.user
  session.loaded = true
  // /auth/me says more than the login answer (home, the employers the account reads for).
  try {
    session.user = await api.get('/auth/me')
  } catch {
    // The login answer is enough to go on with.
  }
  return session.user
}

export async function logout() {
  try {
    if (getToken()) await request('POST', '/auth/logout', {}, { skipAuthRedirect: true })
  } catch {
    // Leaving anyway: a failed logout must not keep the user in.
  }
  setToken(null)
  session.user = null
}

/** Loads the user for a stored token; false when there is no valid session. */
export async function restoreSession() {
  if (session.user) return true
  if (!getToken()) return false
  try {
    session.user = await api.get('/auth/me')
    return true
  } catch {
    setToken(null)
    return false
  } finally {
    session.loaded = true
  }
}

export function hasRole(user, ...roles) {
  return !!user && (user.roles || []).some((r) => roles.includes(r.role))
}

/** Whether the signed-in user holds `permission` on the unit at `path` (see permissions.js). */
export function userCan(permission, path) {
  return can(session.user, permission, path)
}

/** Whether the signed-in user holds `permission` on some unit. */
export function userCanSomewhere(permission) {
  return canSomewhere(session.user, permission)
}
