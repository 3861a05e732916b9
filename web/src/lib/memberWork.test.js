import { describe, expect, it } from 'vitest'
import {
  batchBody, centreCandidates, claimCan, claimTagType, claimVantType, claimsAwaiting, dueAt, placesText, quarterOf, recentQuarters,
  roundBody, shareText, shortTime, statsCards, statsSheets, taskBody, taskStateKey, taskTagType, unpairedEntrances,
  unpairedRows, visitBody, worthText,
} from './memberWork.js'
import { formatHours, formatRate } from './members.js'

const t = (key, args) => (args ? `${key}:${JSON.stringify(args)}` : key)

describe('tasks', () => {
  it('tags and states follow status and overdue', () => {
    expect(taskTagType({ status: 'open', overdue: false })).toBe('primary')
    expect(taskTagType({ status: 'open', overdue: true })).toBe('danger')
    expect(taskTagType({ status: 'done' })).toBe('success')
    expect(taskTagType({ status: 'cancelled' })).toBe('info')
    expect(taskTagType(null)).toBe('info')
    expect(taskStateKey({ status: 'open', overdue: true })).toBe('overdue')
    expect(taskStateKey({ status: 'done', overdue: false })).toBe('done')
    expect(claimTagType('submitted')).toBe('warning')
    expect(claimTagType('returned')).toBe('danger')
    expect(claimTagType('nonsense')).toBe('info')
    expect(claimVantType('withdrawn')).toBe('default')
  })
  it('counts places, claims waiting and actions', () => {
    expect(placesText({ places_taken: 1, needed: 3 })).toBe('1/3')
    expect(claimsAwaiting({ claims: [{ status: 'submitted' }, { status: 'claimed' }, { status: 'submitted' }] })).toBe(2)
    expect(claimsAwaiting({})).toBe(0)
    expect(claimCan({ actions: ['accept', 'return'] }, 'accept')).toBe(true)
    expect(claimCan({ actions: [] }, 'accept')).toBe(false)
    expect(claimCan(null, 'accept')).toBe(false)
  })
  it('formats times and deadlines in Beijing time', () => {
    expect(shortTime('2026-12-20T18:00:00+08:00')).toBe('2026-12-20 18:00')
    expect(shortTime('')).toBe('')
    expect(dueAt('2026-12-20')).toBe('2026-12-20T18:00:00+08:00')
    expect(dueAt('2026-12-20', '09:30')).toBe('2026-12-20T09:30:00+08:00')
    expect(dueAt('20-12-2026')).toBe('')
  })
  it('builds the publish body, naming the first wrong field', () => {
    const form = { title: '检查10部电梯', description: ' 看维保记录 ', source: 'plan', due_date: '2026-12-20', due_time: '18:00', needed: 2, hours: 1.5, points: '' }
    expect(taskBody(form)).toEqual({
      body: { title: '检查10部电梯', description: '看维保记录', source: 'plan', due_at: '2026-12-20T18:00:00+08:00', needed: 2, hours_minutes: 90 },
    })
    expect(taskBody({ ...form, points: 8 }).body.points).toBe(8)
    expect(taskBody({ ...form, title: '查' })).toEqual({ error: 'title' })
    expect(taskBody({ ...form, needed: 0 })).toEqual({ error: 'needed' })
    expect(taskBody({ ...form, needed: 101 })).toEqual({ error: 'needed' })
    expect(taskBody({ ...form, due_date: '' })).toEqual({ error: 'due_at' })
    expect(taskBody({ ...form, hours: -1 })).toEqual({ error: 'hours_minutes' })
    expect(taskBody({ ...form, points: 1.5 })).toEqual({ error: 'points' })
    expect(taskBody({ ...form, source: 'problem' })).toEqual({ error: 'appeal_id' })
    expect(taskBody({ ...form, source: 'problem', appeal_id: '12' }).body.appeal_id).toBe(12)
    expect(taskBody({ ...form, source: 'decision' })).toEqual({ error: 'source_note' })
    expect(taskBody({ ...form, source: 'decision', source_note: '11月居民议事会' }).body.source_note).toBe('11月居民议事会')
  })
  it('says what a task is worth', () => {
    expect(worthText({ hours_minutes: 90, points: 5 }, t, formatHours)).toBe('memberWork.worth.hours:{"n":"1.5"} · memberWork.worth.points:{"n":5}')
    expect(worthText({ hours_minutes: 0, points: 0 }, t, formatHours)).toBe('')
  })
})

describe('pairing and visits', () => {
  const page = {
    groups: [
      { building_name: '1栋', entrance_name: '1单元', households: [
        { household_id: 5, label: '1栋1单元101', suggestion: { registration_id: 3, member_name: '张**' } },
        { household_id: 6, label: '1栋1单元102', suggestion: null },
      ] },
    ],
  }
  it('flattens the unpaired page and builds the batch from suggestions only', () => {
    const rows = unpairedRows(page)
    expect(rows.map((r) => r.label)).toEqual(['1栋1单元101', '1栋1单元102'])
    expect(rows[0].building_name).toBe('1栋')
    expect(batchBody(rows)).toEqual({ pairings: [{ registration_id: 3, household_id: 5 }] })
    expect(unpairedRows(null)).toEqual([])
  })
  it('offers the entrances with unpaired households and their own residents first as 党员中心户', () => {
    const two = { groups: [
      { building_name: '1栋', entrance_name: '1单元', entrance_id: 11, households: [{ household_id: 5 }, { household_id: 6 }] },
      { building_name: '2栋', entrance_name: '3单元', entrance_id: 23, households: [] },
    ] }
    expect(unpairedEntrances(two)).toEqual([{ entrance_id: 11, label: '1栋1单元', unpaired: 2 }])
    expect(unpairedEntrances(null)).toEqual([])
    const members = [
      { registration_id: 1, member_name: '王五', home: '2栋1单元101' },
      { registration_id: 2, member_name: '张三', home: '1栋1单元301' },
      { registration_id: 3, member_name: '李四', home: '1栋10单元101' },
    ]
    const c = centreCandidates(members, '1栋1单元')
    expect(c.map((m) => [m.registration_id, m.sameEntrance])).toEqual([[2, true], [3, false], [1, false]])
    expect(centreCandidates(members, '').every((m) => !m.sameEntrance)).toBe(true)
  })
  it('names quarters', () => {
    expect(quarterOf('2026-11-20')).toBe('2026-Q4')
    expect(quarterOf('2027-01-01')).toBe('2027-Q1')
    expect(quarterOf('')).toBe('')
    expect(recentQuarters('2027-02-10', 3)).toEqual(['2027-Q1', '2026-Q4', '2026-Q3'])
    expect(shareText(33.3)).toBe('33.3%')
    expect(shareText(50)).toBe('50%')
    expect(shareText(null)).toBe('—')
  })
  it('builds round and visit bodies', () => {
    expect(roundBody({ title: '四季度敲门', starts_on: '2026-11-01', ends_on: '2026-12-31', building_id: 4 })).toEqual({
      body: { title: '四季度敲门', starts_on: '2026-11-01', ends_on: '2026-12-31', building_id: 4 },
    })
    expect(roundBody({ title: '四季度', starts_on: '2026-12-01', ends_on: '2026-11-01' })).toEqual({ error: 'ends_on' })
    expect(roundBody({ title: '', starts_on: '2026-12-01', ends_on: '2026-12-01' })).toEqual({ error: 'title' })
    expect(visitBody({ household_id: 7, heard: ' 楼道灯坏了 ', problems: [{ category: 'lighting', description: '3楼灯不亮' }, { category: '', description: '' }] })).toEqual({
      body: { household_id: 7, heard: '楼道灯坏了', problems: [{ category: 'lighting', description: '3楼灯不亮' }] },
    })
    expect(visitBody({ household_id: 7, heard: '' })).toEqual({ error: 'heard' })
    expect(visitBody({ heard: '好' })).toEqual({ error: 'household_id' })
    expect(visitBody({ household_id: 7, problems: [{ description: '漏水' }] })).toEqual({ error: 'problems[0].category' })
  })
})

describe('participation figures', () => {
  const s = {
    unit: { name: '人社局家属院' }, registered: 2, pending: 1, active: 1, active_rate: 50, hours: 2.5, visits: 3,
    tasks_claimed: 2, tasks_accepted: 1, tasks_on_time: 1, on_time_rate: 100, households: 10, households_paired: 4,
    households_visited_this_quarter: 3, paired_rate: 40, visited_rate: 30, children: [{ unit: { name: '子' }, registered: 0 }],
  }
  it('makes cards', () => {
    const cards = statsCards(s, formatRate)
    expect(cards.find((c) => c.key === 'tasks').value).toBe('1 / 2')
    expect(cards.find((c) => c.key === 'paired').value).toBe('4 / 10（40%）')
    expect(statsCards(null, formatRate)).toEqual([])
  })
  it('makes the Excel sheet with the unit and its children', () => {
    const [sheet] = statsSheets(s, t)
    expect(sheet.rows).toHaveLength(3)
    expect(sheet.rows[1][0]).toBe('人社局家属院')
    expect(sheet.rows[1][4]).toEqual({ v: 0.5, fmt: '0.0%' })
    expect(sheet.rows[2][4]).toEqual({ v: null, fmt: '0.0%' })
  })
})
