// The owners' committee election (业委会选举; API in src/http/routes_elections.cpp, rules in
// docs/ELECTIONS.md): the choices of the forms and the pure checks the console and the H5 share.
// What counts (the composition check, eligibility, the tally) is the server's; these only help
// the user fill the forms right the first time.

export const SEATS = [5, 7, 9, 11]
export const PREP_SIDES = ['street', 'community_party', 'residents_committee', 'property_centre', 'police', 'owner', 'developer', 'other']
export const NOMINATIONS = ['party_organisation', 'residents_committee', 'self', 'joint_owners']
export const ELIGIBILITY = ['on_roll', 'full_capacity', 'no_property_interest', 'not_defaulter']
export const STATUSES = ['announced', 'open', 'ended', 'closed', 'published', 'cancelled']

/** The POST /estates/{id}/elections body of the announce form, or the field to fix. `voteBody` is lib/votes.js's. */
export function electionBody(form, voteBody) {
  if (!SEATS.includes(Number(form.seats))) return { error: 'seats' }
  const years = Number(form.term_years)
  if (!Number.isInteger(years) || years < 1 || years > 5) return { error: 'term_years' }
  const { body, error } = voteBody({ ...form, matter: 3, building_ids: [] })
  if (error) return { error }
  delete body.matter
  return { body: { ...body, seats: Number(form.seats), term_years: years } }
}

/** How many candidates a ballot agrees to; `marks` is {candidate_id: choice}. */
export function agreeCount(marks) {
  return Object.values(marks || {}).filter((c) => c === 'agree').length
}

/** The eligibility checks that fail (an ineligible candidate cannot stand). */
export function eligibilityProblems(checks) {
  return ELIGIBILITY.filter((k) => k !== 'on_roll' && checks[k] === false)
}

const STAFF = ['paper', 'ballot_box', 'phone', 'proxy']

/**
 * The POST /elections/{id}/ballots body, or the field to fix. Staff channels need evidence;
 * online is the owner's own (no evidence). At most `seats` agrees.
 */
export function electionBallotBody(form, seats) {
  if (!form.owner_id) return { error: 'owner_id' }
  const channel = form.channel || 'online'
  if (channel !== 'online' && !STAFF.includes(channel)) return { error: 'channel' }
  if (agreeCount(form.marks) > seats) return { error: 'marks' }
  const body = {
    owner_id: Number(form.owner_id),
    channel,
    marks: Object.entries(form.marks || {}).map(([id, choice]) => ({ candidate_id: Number(id), choice })),
  }
  if (channel !== 'online') {
    const evidence = (form.evidence || '').trim()
    if ([...evidence].length < 2) return { error: 'evidence' }
    body.evidence = evidence
  }
  if (channel === 'proxy') {
    const name = (form.proxy_name || '').trim()
    if ([...name].length < 2) return { error: 'proxy_name' }
    body.proxy_name = name
    if (form.proxy_phone) body.proxy_phone = form.proxy_phone.trim()
  }
  if (form.guardian_name && form.guardian_name.trim()) body.guardian_name = form.guardian_name.trim()
  if (form.household_id) body.household_id = Number(form.household_id)
  return { body }
}

/** Element Plus tag type of an election outcome. */
export function outcomeTagType(outcome) {
  return { elected: 'success', seats_empty: 'warning', tie: 'warning', void: 'danger' }[outcome] ?? 'info'
}

/** The state of a reminder: done, late (red), warning (term ending soon) or pending. */
export function reminderState(r) {
  if (r.late) return { key: r.done_at ? 'doneLate' : 'late', type: 'danger' }
  if (r.done_at) return { key: 'done', type: 'success' }
  if (r.warning) return { key: 'warning', type: 'warning' }
  return { key: 'pending', type: 'info' }
}
