// The console's copy of the server's role table decides which buttons and tabs are shown.
import { describe, expect, it } from 'vitest'
import { can, canHandleAppeal, canSomewhere, grantableRoles, mayGrant, mayRevoke, roleHandles, roleHas } from './permissions.js'
import { ENUMS } from './enums.js'

// 璧山区(1) / 璧泉街道(10) / 双星社区(14) / 秋实学府(17)
const ESTATE = [{ id: 1 }, { id: 10 }, { id: 14 }, { id: 17 }]
const OTHER = [{ id: 1 }, { id: 2 }, { id: 7 }, { id: 8 }]
const user = (...roles) => ({ roles: roles.map(([role, unit_id]) => ({ role, unit_id })) })

describe('permissions', () => {
  it('mirror the server table per role', () => {
    expect(roleHas('resident', 'readStructure')).toBe(true)
    expect(roleHas('resident', 'readHouseholds')).toBe(false)
    expect(roleHas('branch', 'manageOrganisation')).toBe(true)
    expect(roleHas('branch', 'manageUnits')).toBe(false)
    expect(roleHas('branch', 'readIdNumbers')).toBe(false)
    expect(roleHas('committee', 'manageHouseholds')).toBe(true)
    expect(roleHas('committee', 'manageOrganisation')).toBe(false)
    expect(roleHas('committee', 'readPartyMembership')).toBe(false)
    expect(roleHas('property', 'readAudit')).toBe(false)
    expect(roleHas('building_lead', 'readHouseholds')).toBe(true)
    expect(roleHas('nobody', 'readStructure')).toBe(false)
    expect(roleHas('resident', 'registerMembership')).toBe(true)
    expect(roleHas('resident', 'readMembers')).toBe(false)
    expect(roleHas('branch', 'manageMembers')).toBe(true)
    expect(roleHas('committee', 'readMembers')).toBe(false)
    expect(roleHas('committee', 'acceptTasks')).toBe(true)
    expect(roleHas('member', 'claimTasks')).toBe(true)
    expect(roleHas('committee', 'manageVotes')).toBe(true)
    expect(roleHas('branch', 'manageVotes')).toBe(true)
    expect(roleHas('building_lead', 'enterBallots')).toBe(true)
    expect(roleHas('building_lead', 'manageVotes')).toBe(false)
    expect(roleHas('property', 'enterBallots')).toBe(false)
    expect(roleHas('resident', 'manageVotes')).toBe(false)
  })
  it('reach the subtree below the granted unit only', () => {
    const branch = user(['branch', 17])
    expect(can(branch, 'manageOrganisation', ESTATE)).toBe(true)
    expect(can(branch, 'readStructure', OTHER)).toBe(false)
    expect(can(branch, 'readStructure', ESTATE.slice(0, 3))).toBe(false) // the community above
    expect(can(user(['official', 10]), 'manageUnits', ESTATE)).toBe(true)
    expect(can(user(['official', 10]), 'manageUnits', OTHER)).toBe(false)
    expect(can(user(['admin', null]), 'manageAccounts', OTHER)).toBe(true)
    expect(can(user(['resident', 8]), 'readHouseholds', OTHER)).toBe(false)
    expect(can(user(['resident', 8]), 'readStructure', [1, 2, 7, 8])).toBe(true) // ids work too
    expect(can(null, 'readStructure', ESTATE)).toBe(false)
  })
  it('know permissions held anywhere', () => {
    expect(canSomewhere(user(['branch', 17]), 'readAudit')).toBe(true)
    expect(canSomewhere(user(['resident', 8]), 'readAudit')).toBe(false)
    expect(canSomewhere(user(['committee', 24]), 'manageOrganisation')).toBe(false)
  })
  it('list the roles a user may grant', () => {
    expect(mayGrant('official', 'admin')).toBe(false)
    expect(grantableRoles(user(['branch', 17]), ESTATE, ENUMS.role)).toEqual(['member', 'building_lead', 'resident'])
    expect(grantableRoles(user(['branch', 17]), OTHER, ENUMS.role)).toEqual([])
    expect(grantableRoles(user(['official', 1]), ESTATE, ENUMS.role)).not.toContain('admin')
    expect(grantableRoles(user(['admin', null]), ESTATE, ENUMS.role)).toEqual(ENUMS.role)
    expect(grantableRoles(user(['committee', 17]), ESTATE, ENUMS.role)).toEqual([])
  })
  it('let a branch revoke only the roles it could grant, inside its estate', () => {
    const branch = user(['branch', 17])
    expect(mayRevoke(branch, { role: 'building_lead', unit_id: 17 }, ESTATE)).toBe(true)
    expect(mayRevoke(branch, { role: 'branch', unit_id: 17 }, ESTATE)).toBe(false)
    expect(mayRevoke(branch, { role: 'resident', unit_id: 14 }, ESTATE)).toBe(false) // above the estate
    expect(mayRevoke(user(['official', 1]), { role: 'admin', unit_id: null }, ESTATE)).toBe(false)
    expect(mayRevoke(user(['admin', null]), { role: 'admin', unit_id: null }, ESTATE)).toBe(true)
  })
  it('follow the appeals table of docs/APPEALS.md', () => {
    const table = {
      //             report enter  read   handle route  catalogue stats
      resident: [true, false, false, false, false, false, false],
      building_lead: [true, true, true, false, false, false, false],
      member: [true, true, true, false, false, false, false],
      property: [true, true, true, true, false, false, false],
      committee: [true, true, true, true, false, false, true],
      branch: [true, true, true, true, true, true, true],
      official: [true, true, true, true, true, true, true],
    }
    const perms = ['reportAppeals', 'enterAppeals', 'readAppeals', 'handleAppeals', 'routeAppeals', 'manageCatalogue', 'readAppealStats']
    for (const [role, row] of Object.entries(table)) {
      expect(perms.map((p) => roleHas(role, p)), role).toEqual(row)
    }
  })
  it('let each side handle what is routed to it', () => {
    expect(roleHandles('property', 'property')).toBe(true)
    expect(roleHandles('property', 'committee')).toBe(false)
    expect(roleHandles('committee', 'committee')).toBe(true)
    expect(roleHandles('branch', 'mediation')).toBe(true)
    expect(roleHandles('member', 'member')).toBe(false) // only when assigned
    expect(canHandleAppeal(user(['property', 17]), 'property', ESTATE)).toBe(true)
    expect(canHandleAppeal(user(['property', 17]), 'branch', ESTATE)).toBe(false)
    expect(canHandleAppeal(user(['official', 10]), 'street', ESTATE)).toBe(true)
    expect(canHandleAppeal(user(['official', 2]), 'street', ESTATE)).toBe(false)
  })
})
