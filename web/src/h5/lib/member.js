// The signed-in member's registration for the H5 pages (我是党员): the current one among theirs
// (waiting or confirmed first), re-read on each page so that a branch decision shows at once.
import { api } from '../../lib/api.js'
import { currentRegistration } from '../../lib/members.js'

/** Resolves to { list, current } from GET /me/member-registrations. */
export async function loadMine() {
  const data = await api.get('/me/member-registrations')
  const list = Array.isArray(data) ? data : []
  return { list, current: currentRegistration(list) }
}

/** "2027-01-01" from an RFC 3339 time (Beijing time as the server writes it). */
export function day(value) {
  return value ? String(value).slice(0, 10) : ''
}

/** The last day of a [from, to) window: the day before `to`. */
export { lastDay } from '../../lib/members.js'
