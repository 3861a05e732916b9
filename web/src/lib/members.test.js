import { describe, expect, it } from 'vitest'
import {
  commitmentLineState, currentRegistration, lastDay, figureCards, figuresFileName, figuresSheets, formatHours, formatRate,
  ownCommitments, renewalState, rulesBody, rulesForm, sortRegistrations, statusTagType, validMonthDay,
} from './members.js'

const t = (k) => k

describe('members helpers', () => {
  it('show hours from minutes with one decimal', () => {
    expect(formatHours(0)).toBe('0')
    expect(formatHours(null)).toBe('0')
    expect(formatHours(90)).toBe('1.5')
    expect(formatHours(120)).toBe('2')
    expect(formatHours(50)).toBe('0.8')
    expect(formatHours(3000)).toBe('50')
  })
  it('show rates as percentages, unknown as a dash', () => {
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
    expect(formatRate(50)).toBe('50%')
    expect(formatRate(33.3)).toBe('33.3%')
    expect(formatRate(0)).toBe('0%')
  })
  it('give the last day of a report window', () => {
    expect(lastDay('2027-02-01T00:00:00+08:00')).toBe('2027-01-31')
    expect(lastDay('2028-03-01T00:00:00+08:00')).toBe('2028-02-29')
    expect(lastDay(null)).toBe('')
  })
  it('tag statuses', () => {
    expect(statusTagType('pending')).toBe('warning')
    expect(statusTagType('confirmed')).toBe('success')
    expect(statusTagType('nonsense')).toBe('info')
  })
  it('tell renewals late and due soon', () => {
    const reg = (due, late = false, status = 'confirmed') => ({ status, renewal_due: due, renewal_late: late })
    expect(renewalState(reg('2026-05-01T10:00:00+08:00', true), '2026-06-01')).toBe('late')
    expect(renewalState(reg('2026-05-01T10:00:00+08:00'), '2026-06-01')).toBe('late')
    expect(renewalState(reg('2026-06-20T10:00:00+08:00'), '2026-06-01')).toBe('due')
    expect(renewalState(reg('2026-09-20T10:00:00+08:00'), '2026-06-01')).toBe('')
    expect(renewalState(reg(null), '2026-06-01')).toBe('')
    expect(renewalState(reg('2026-05-01', true, 'pending'), '2026-06-01')).toBe('')
  })
  it('put waiting registrations first and find the current one', () => {
    const list = [
      { id: 1, status: 'ended', submitted_at: '2025-01-01' },
      { id: 2, status: 'confirmed', submitted_at: '2026-01-01' },
      { id: 3, status: 'pending', submitted_at: '2026-02-01' },
      { id: 4, status: 'pending', submitted_at: '2026-03-01' },
    ]
    expect(sortRegistrations(list).map((r) => r.id)).toEqual([4, 3, 2, 1])
    expect(currentRegistration([list[0], list[1]]).id).toBe(2)
    expect(currentRegistration([list[0]]).id).toBe(1)
    expect(currentRegistration([])).toBe(null)
  })
  it('say what a commitment line needs', () => {
    expect(commitmentLineState({ missing_commitments: true, made: 0 })).toBe('missing')
    expect(commitmentLineState({ missing_report: true, made: 6, reported: 2 })).toBe('unreported')
    expect(commitmentLineState({ made: 6, reported: 6, reviewed: 2 })).toBe('toReview')
    expect(commitmentLineState({ made: 6, reported: 6, reviewed: 6 })).toBe('done')
    expect(commitmentLineState({ made: 6, reported: 0, reviewed: 0 })).toBe('')
  })
  it('check month-days and build the rules body', () => {
    expect(validMonthDay('01-31')).toBe(true)
    expect(validMonthDay('02-29')).toBe(true)
    expect(validMonthDay('02-30')).toBe(false)
    expect(validMonthDay('13-01')).toBe(false)
    expect(validMonthDay('1-31')).toBe(false)
    const rules = {
      renew_months: 6, target_minutes: 3000, target_points: 60, visit_minutes: 30, visit_points: 1, task_points: 5,
      appeal_points: 3, report_from: '01-01', report_to: '01-31', min_pairs: 2, required: ['a', 'b'],
    }
    const form = rulesForm(rules)
    expect(form.target_hours).toBe(50)
    form.required.push('  ')
    const { body } = rulesBody(form)
    expect(body).toEqual({ ...rules })
    expect(rulesBody({ ...form, report_to: '02-30' })).toEqual({ error: 'report_to' })
    expect(rulesBody({ ...form, renew_months: -1 })).toEqual({ error: 'renew_months' })
    expect(rulesBody({ ...form, target_hours: 'x' })).toEqual({ error: 'target_minutes' })
    expect(rulesBody({ ...form, target_hours: 1.5 }).body.target_minutes).toBe(90)
  })
  it('trim own commitments', () => {
    expect(ownCommitments([' 每月打扫楼道 ', '', '  '])).toEqual(['每月打扫楼道'])
  })
  it('build the employer figures cards and Excel sheets', () => {
    const f = {
      employer: { name: '区人社局' }, year: 2026, declared_members: 3, registered: 2, pending: 1,
      registration_rate: 66.7, target_met: 1, completion_rate: 50,
      members: [{ name: '张三', estate_name: '人社局家属院', receipt_no: 'BD2026-000001', summary: { minutes: 90, points: 4, visits: 1, tasks: 0, appeals: 1, target_met: true }, commitments: 6, commitments_kept: 5 }],
    }
    expect(figureCards(f).map((c) => c.value)).toEqual(['3', '2', '1', '66.7%', '1', '50%'])
    const [totals, members] = figuresSheets(f, t)
    expect(totals.rows[6][1]).toEqual({ v: 0.667, fmt: '0.0%' })
    expect(members.rows).toHaveLength(2)
    expect(members.rows[1][0]).toBe('张三')
    expect(members.rows[1][3]).toEqual({ v: 1.5, fmt: '0.0' })
    expect(members.rows[1][10]).toBe('common.yes')
    expect(figuresFileName('报到单位数据', '区 人社局', 2026)).toBe('报到单位数据_区_人社局_2026.xlsx')
  })
})
