// State shared by the H5 pages on top of the console's session (lib/session.js): the user as
// /auth/me gives it (with `home`), and the count of unread notifications for the bell.
import { reactive } from 'vue'
import { api } from '../../lib/api.js'
import { session } from '../../lib/session.js'

export const h5 = reactive({ unread: 0 })

/** Re-reads the user (roles, home) from /auth/me; the login answer may not carry `home`. */
export async function refreshMe() {
  session.user = await api.get('/auth/me')
  session.loaded = true
  return session.user
}

/** Refreshes the bell's count; errors leave the count as it was (the bell is not essential). */
export async function refreshUnread() {
  try {
    const data = await api.get('/notifications', { unread: 1 })
    h5.unread = typeof data.unread === 'number' ? data.unread : (data.items || []).filter((n) => !n.read).length
  } catch {
    // Keep the old count.
  }
  return h5.unread
}
