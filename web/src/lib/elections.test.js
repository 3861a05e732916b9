import { describe, expect, it } from 'vitest'
import { agreeCount, electionBallotBody, electionBody, eligibilityProblems, reminderState } from './elections.js'
import { voteBody } from './votes.js'

const form = { title: '第一届业主委员会选举', seats: 5, term_years: 3, opens_date: '2026-12-17', opens_time: '08:00', closes_date: '2026-12-24', closes_time: '20:00' }

describe('elections', () => {
  it('builds the announce body and names the field to fix', () => {
    const { body } = electionBody(form, voteBody)
    expect(body.seats).toBe(5)
    expect(body.term_years).toBe(3)
    expect(body.matter).toBeUndefined()
    expect(body.opens_at).toBe('2026-12-17T08:00:00+08:00')
    expect(electionBody({ ...form, seats: 6 }, voteBody).error).toBe('seats')
    expect(electionBody({ ...form, seats: 13 }, voteBody).error).toBe('seats')
    expect(electionBody({ ...form, term_years: 6 }, voteBody).error).toBe('term_years')
    expect(electionBody({ ...form, title: '' }, voteBody).error).toBe('title')
  })
  it('counts agrees and refuses more than the seats', () => {
    const marks = { 1: 'agree', 2: 'agree', 3: 'disagree', 4: 'abstain' }
    expect(agreeCount(marks)).toBe(2)
    expect(electionBallotBody({ owner_id: 7, channel: 'online', marks }, 1).error).toBe('marks')
    const { body } = electionBallotBody({ owner_id: 7, channel: 'online', marks }, 5)
    expect(body.marks).toHaveLength(4)
    expect(body.evidence).toBeUndefined()
    expect(electionBallotBody({ owner_id: 7, channel: 'paper', marks }, 5).error).toBe('evidence')
    expect(electionBallotBody({ channel: 'paper', marks }, 5).error).toBe('owner_id')
  })
  it('says which checks fail and how a reminder stands', () => {
    expect(eligibilityProblems({ full_capacity: true, no_property_interest: false, not_defaulter: true })).toEqual(['no_property_interest'])
    expect(reminderState({ late: true }).type).toBe('danger')
    expect(reminderState({ late: false, done_at: 'x' }).key).toBe('done')
    expect(reminderState({ late: false, warning: true }).key).toBe('warning')
  })
})
