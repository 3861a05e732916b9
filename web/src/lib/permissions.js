// What the signed-in user may do where, so that the console shows only the actions their roles
// allow. A copy of the server's table (src/domain/people/role.cpp, RoleHas and MayGrant): a
// grant reaches the subtree below its unit, a grant without a unit (the admin) reaches
// everything. The server still decides; this only hides buttons that would end in "没有权限".

export const PERMISSIONS = [
  'readStructure', // units, buildings, counts
  'manageUnits', // create and rename units
  'readHouseholds', // households and owners (masked unless readPersonalData), people list
  'manageHouseholds', // import households, estate profile and service mode
  'readPersonalData', // names and phones unmasked
  'readIdNumbers',
  'readPartyMembership',
  'manageOrganisation', // party organisations, committees, contracts, people, posts
  'manageAccounts', // accounts and roles
  'readAudit',
  // Residents' problems (诉求), docs/APPEALS.md "Who may do what"
  'reportAppeals', // file a problem of one's own
  'enterAppeals', // enter problems heard from residents (走访登记/代录)
  'readAppeals', // the estate's problems (reporters masked unless readPersonalData)
  'handleAppeals', // accept, start, resolve... those routed to one's side (see handlesAppeal)
  'routeAppeals', // assign, escalate, merge, close; the estate's dispatcher
  'manageCatalogue', // categories and deadlines, the holiday calendar
  'readAppealStats', // the figures (数据看板)
  // Party members in their estate (在职党员回小区报到)
  'registerMembership', // register oneself with the branch of the estate one lives in
  'manageMembers', // confirm registrations, rules, reviews, record entries, employers
  'readMembers', // who is registered, records and figures (membership is sensitive)
  'claimTasks', // claim the branch's tasks
  'acceptTasks', // owners' representatives accept a task's result
  'recordVisits', // record door-knocking visits
  // Meetings and supervision (docs/MEETINGS.md)
  'manageMeetings', // schedule meetings, minutes, decisions, action items, publish
  'readMeetings', // meetings, action items, the 四必 report
  'recordSupervision', // the community party organisation's spot-checks and project supervision
  // Owners' votes (业主共同决定, docs/VOTES.md)
  'manageVotes', // announce votes, the roll and objections, close, publish, the voting rules
  'enterBallots', // enter ballots received on paper, in the ballot box, by phone or by proxy
]

const ROLE_PERMISSIONS = {
  admin: PERMISSIONS,
  official: PERMISSIONS,
  branch: PERMISSIONS.filter((p) => p !== 'manageUnits' && p !== 'readIdNumbers' && p !== 'recordSupervision'),
  committee: [
    'readStructure', 'readHouseholds', 'manageHouseholds', 'readPersonalData', 'readIdNumbers', 'readAudit',
    'reportAppeals', 'enterAppeals', 'readAppeals', 'handleAppeals', 'readAppealStats', 'acceptTasks',
    'manageMeetings', 'readMeetings',
    'manageVotes', 'enterBallots',
  ],
  property: ['readStructure', 'readHouseholds', 'manageHouseholds', 'readPersonalData', 'reportAppeals', 'enterAppeals', 'readAppeals', 'handleAppeals', 'readMeetings'],
  member: ['readStructure', 'readHouseholds', 'reportAppeals', 'enterAppeals', 'readAppeals', 'registerMembership', 'claimTasks', 'recordVisits'],
  building_lead: ['readStructure', 'readHouseholds', 'reportAppeals', 'enterAppeals', 'readAppeals', 'recordVisits', 'enterBallots'],
  resident: ['readStructure', 'reportAppeals', 'registerMembership'],
}

/**
 * Whether a holder of `role` handles problems routed to `handler` (src/domain/people/role.cpp,
 * RoleHandles): property staff the property company's, the committee its own; branch,
 * officials and admins anything. An assignee may always act on what is assigned to them.
 */
export function roleHandles(role, handler) {
  if (role === 'admin' || role === 'official' || role === 'branch') return true
  if (role === 'committee') return handler === 'committee'
  if (role === 'property') return handler === 'property'
  return false
}

/** Whether a role carries a permission (anywhere it is granted). */
export function roleHas(role, permission) {
  return (ROLE_PERMISSIONS[role] || []).includes(permission)
}

/** Whether a holder of `granter` may grant (or revoke) `role` within their subtree. */
export function mayGrant(granter, role) {
  if (granter === 'admin') return true
  if (granter === 'official') return role !== 'admin'
  if (granter === 'branch') return ['member', 'building_lead', 'resident'].includes(role)
  return false
}

function pathIds(path) {
  return (Array.isArray(path) ? path : []).map((step) => Number(typeof step === 'object' && step !== null ? step.id : step))
}

/** Whether a grant on `unitId` (null: everywhere) reaches the unit whose path is `path`. */
function reaches(unitId, path) {
  if (unitId === null || unitId === undefined) return true
  return pathIds(path).includes(Number(unitId))
}

/**
 * Whether `user` (from /auth/me) holds `permission` on the unit whose `path` (its ancestors and
 * itself, as GET /units/{id} gives them, or their ids) is given.
 */
export function can(user, permission, path) {
  if (!user) return false
  return (user.roles || []).some((g) => roleHas(g.role, permission) && reaches(g.unit_id, path))
}

/** Whether `user` may handle an appeal routed to `handler` on the estate at `path`. */
export function canHandleAppeal(user, handler, path) {
  if (!user) return false
  return (user.roles || []).some((g) => roleHas(g.role, 'handleAppeals') && roleHandles(g.role, handler) && reaches(g.unit_id, path))
}

/** Whether `user` holds `permission` on some unit (property companies, creating accounts). */
export function canSomewhere(user, permission) {
  if (!user) return false
  return (user.roles || []).some((g) => roleHas(g.role, permission))
}

/** The roles `user` may grant on the unit at `path`, in the order of `allRoles`. */
export function grantableRoles(user, path, allRoles) {
  if (!user) return []
  const mine = (user.roles || []).filter((g) => roleHas(g.role, 'manageAccounts') && reaches(g.unit_id, path))
  return allRoles.filter((r) => mine.some((g) => mayGrant(g.role, r)))
}

/**
 * Whether `user` may revoke `grant` ({role, unit_id}) shown on the page of the unit at `path`.
 * Grants on the page's unit or its ancestors are checked exactly; grants elsewhere (usually
 * below the page's unit) are assumed inside it — the server has the last word.
 */
export function mayRevoke(user, grant, path) {
  if (!user || !grant) return false
  const ids = pathIds(path)
  const at = grant.unit_id === null || grant.unit_id === undefined ? -1 : ids.indexOf(Number(grant.unit_id))
  const grantPath = at >= 0 ? ids.slice(0, at + 1) : grant.unit_id === null || grant.unit_id === undefined ? [] : ids
  return (user.roles || []).some(
    (g) => roleHas(g.role, 'manageAccounts') && mayGrant(g.role, grant.role) && reaches(g.unit_id, grantPath),
  )
}
