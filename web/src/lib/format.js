// Display helpers shared by the pages. Pure functions.

/** "89.45" for an area in m²; empty for null. */
export function formatArea(value) {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  return Number.isFinite(n) ? n.toFixed(2) : String(value)
}

/**
 * "2024-05-01 14:03" from an RFC 3339 time. The server sends Asia/Shanghai times (+08:00),
 * which are shown as they are, without converting to the browser's zone.
 */
export function formatTime(value) {
  if (!value) return ''
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value)
  return m ? `${m[1]} ${m[2]}` : String(value)
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD (the default start date of posts). */
export function todayInShanghai(now = new Date()) {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000)
  return shifted.toISOString().slice(0, 10)
}

/** The same calendar day `years` later ("2024-02-29" + 1 → "2025-02-28"), for default terms. */
export function addYears(date, years) {
  const [y, m, d] = date.split('-').map(Number)
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate()
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** The calendar day `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** A committee's term lasts at most this many years (Guiding Rules art. 31; the server checks). */
export const MAX_TERM_YEARS = 5

/** The last day a term starting on `start` may end: the same day five years on, as the server says. */
export function latestTermEnd(start) {
  return addYears(start, MAX_TERM_YEARS)
}

/** The default end of a term starting on `start`: the day before its fifth anniversary. */
export function defaultTermEnd(start) {
  return addDays(addYears(start, MAX_TERM_YEARS), -1)
}

/** A household label such as "1栋 1单元 301". */
export function householdLabel(h) {
  if (!h) return ''
  return [h.building, h.unit, h.room].filter((x) => x !== null && x !== undefined && x !== '').join(' ')
}

/** Arranges flat records with parent_id into a tree (children arrays); orphans become roots. */
export function buildTree(items, idKey = 'id', parentKey = 'parent_id') {
  const byId = new Map()
  for (const item of items) byId.set(item[idKey], { ...item, children: [] })
  const roots = []
  for (const node of byId.values()) {
    const parent = node[parentKey] !== null && node[parentKey] !== undefined ? byId.get(node[parentKey]) : null
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const prune = (nodes) => {
    for (const n of nodes) {
      if (n.children.length === 0) delete n.children
      else prune(n.children)
    }
  }
  prune(roots)
  return roots
}
