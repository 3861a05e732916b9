// The enumerations of the API contract (docs/openapi.json). Their labels live in the message
// files under "enums.<group>.<value>"; a unit test checks that every value has a label.
import { COMMITMENT_REVIEWS, ENTRY_KINDS, RECORD_KINDS, REGISTRATION_STATUSES } from './members.js'
import { APPEAL_ACTIONS, APPEAL_CHANNELS, APPEAL_HANDLERS, APPEAL_LEVELS, APPEAL_STATUSES, DEADLINE_UNITS, RATINGS } from './appeals.js'

export const ENUMS = {
  unitKind: ['city', 'district', 'street', 'community', 'estate'],
  serviceMode: ['self_managed', 'whole', 'itemised', 'community_company', 'none'],
  areaSource: ['registry', 'survey', 'contract'],
  ownerKind: ['person', 'developer', 'organisation'],
  partyOrgKind: ['working_committee', 'community_committee', 'general_branch', 'branch', 'party_group'],
  branchFunction: ['estate', 'building', 'committee', 'property', 'working_members', 'retired', 'mobile'],
  committeeKind: ['owners_committee', 'management_committee'],
  contractScope: ['whole', 'cleaning', 'greening', 'repair', 'security'],
  post: [
    'branch_secretary',
    'branch_deputy_secretary',
    'branch_committee_member',
    'committee_chair',
    'committee_vice_chair',
    'committee_member',
    'building_lead',
    'entrance_lead',
    'floor_lead',
    'grid_worker',
    'residents_group_leader',
    'property_manager',
    'party_center_household',
    'community_party_secretary',
  ],
  role: ['admin', 'official', 'branch', 'committee', 'property', 'member', 'building_lead', 'resident'],
  // Residents' problems (诉求), docs/APPEALS.md
  appealStatus: APPEAL_STATUSES,
  appealAction: APPEAL_ACTIONS,
  // Timeline entries: the actions plus what residents, callbacks and the clock do.
  appealEvent: [...APPEAL_ACTIONS, 'submit', 'rate', 'callback', 'auto_escalate'],
  appealHandler: APPEAL_HANDLERS,
  appealLevel: APPEAL_LEVELS,
  appealChannel: APPEAL_CHANNELS,
  rating: RATINGS,
  deadlineUnit: DEADLINE_UNITS,
  // Party members in their estate (在职党员回小区报到)
  registrationStatus: REGISTRATION_STATUSES,
  commitmentReview: COMMITMENT_REVIEWS,
  entryKind: ENTRY_KINDS,
  recordKind: RECORD_KINDS,
  // Meetings and supervision (docs/MEETINGS.md)
  meetingKind: ['joint', 'deliberation', 'committee', 'assembly', 'leadership'],
  meetingStatus: ['scheduled', 'held', 'cancelled'],
  meetingSide: ['branch', 'committee', 'property', 'community_party', 'resident', 'official', 'other'],
  presence: ['present', 'absent', 'proxy'],
  recurrence: ['none', 'monthly', 'bimonthly', 'quarterly'],
  must: ['attend', 'decide', 'supervise', 'spot_check'],
  supervisionKind: ['spot_check', 'project'],
}

/** Posts that make a person a member of a committee (业委会/物管会). */
export const COMMITTEE_POSTS = ['committee_chair', 'committee_vice_chair', 'committee_member']

/** Posts for people recorded as party members (the server answers 409 on person_id otherwise). */
export const MEMBER_POSTS = [
  'branch_secretary',
  'branch_deputy_secretary',
  'branch_committee_member',
  'party_center_household',
  'community_party_secretary',
]

/**
 * What a post is linked to, as the server checks it (src/domain/people/posts.hpp):
 * { orgKinds: kinds of party organisation it may name (null: none), orgRequired,
 *   committee: 'required' | null, building: 'required' | 'optional' | null }.
 */
export function postLinks(post) {
  if (COMMITTEE_POSTS.includes(post)) return { orgKinds: null, orgRequired: false, committee: 'required', building: null }
  if (['branch_secretary', 'branch_deputy_secretary', 'branch_committee_member'].includes(post)) {
    return { orgKinds: ['branch', 'general_branch'], orgRequired: true, committee: null, building: null }
  }
  switch (post) {
    case 'building_lead':
      return { orgKinds: null, orgRequired: false, committee: null, building: 'required' }
    case 'entrance_lead':
    case 'floor_lead':
      return { orgKinds: null, orgRequired: false, committee: null, building: 'optional' }
    case 'party_center_household':
      return { orgKinds: ['branch', 'general_branch', 'party_group'], orgRequired: false, committee: null, building: 'optional' }
    case 'community_party_secretary':
      return { orgKinds: ['community_committee', 'general_branch', 'branch'], orgRequired: false, committee: null, building: null }
    default:
      return { orgKinds: null, orgRequired: false, committee: null, building: null }
  }
}

/** The kind a new child of `kind` gets by default: city→district→street→community→estate. */
export function nextUnitKind(kind) {
  const kinds = ENUMS.unitKind
  const i = kinds.indexOf(kind)
  return i >= 0 && i < kinds.length - 1 ? kinds[i + 1] : null
}

/** Kinds a child of `kind` may have (everything below it); roots may be city or district. */
export function childUnitKinds(kind) {
  if (!kind) return ['city', 'district']
  const kinds = ENUMS.unitKind
  const i = kinds.indexOf(kind)
  return i >= 0 ? kinds.slice(i + 1) : []
}
