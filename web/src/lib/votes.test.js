import { describe, expect, it } from 'vitest'
import {
  ballotBody, canVoteOnline, deadlineText, channelCounts, earliestOpeningDay, entryRooms, fromHundredths, groupArea, headsPercent,
  myEntry, neededArea, neededHeads, newVoteForm, percent, resultRows, searchRoll, shanghaiTime, thresholdOfMatter,
  toHundredths, voteBody,
} from './votes.js'

describe('matters', () => {
  it('give the threshold of art. 278: (6) (7) (8) three quarters, the others more than half', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(thresholdOfMatter)).toEqual([
      'more_than_half', 'more_than_half', 'more_than_half', 'more_than_half', 'more_than_half',
      'three_quarters', 'three_quarters', 'three_quarters', 'more_than_half',
    ])
    expect(thresholdOfMatter(0)).toBe(null)
    expect(thresholdOfMatter(10)).toBe(null)
    expect(thresholdOfMatter(null)).toBe(null)
    expect(thresholdOfMatter('6')).toBe('three_quarters')
  })
})

describe('exact decimals', () => {
  it('read and write hundredths of m²', () => {
    expect(toHundredths('12345.67')).toBe(1234567n)
    expect(toHundredths('89.5')).toBe(8950n)
    expect(toHundredths('0')).toBe(0n)
    expect(toHundredths('1.234')).toBe(null)
    expect(toHundredths('abc')).toBe(null)
    expect(fromHundredths(1234567n)).toBe('12345.67')
    expect(fromHundredths(5n)).toBe('0.05')
    expect(groupArea('1234567.80')).toBe('1,234,567.80')
    expect(groupArea('92.6')).toBe('92.60')
  })
  it('compute percentages without floating point, half up', () => {
    expect(percent('2.00', '3.00')).toBe('66.67%')
    expect(percent('1.00', '3.00')).toBe('33.33%')
    expect(percent('1.00', '8.00', 3)).toBe('12.500%')
    expect(percent('0.10', '0.30')).toBe('33.33%') // 0.1/0.3 is not 0.3333… in floats either way
    expect(percent('5.00', '0.00')).toBe('—')
    expect(headsPercent(2, 3)).toBe('66.67%')
    expect(headsPercent(1, 2, 0)).toBe('50%')
    expect(headsPercent(0, 0)).toBe('—')
    // Large areas stay exact.
    expect(percent('9007199254740993.01', '9007199254740993.01')).toBe('100.00%')
  })
  it('say what a threshold needs, at least or strictly more', () => {
    expect(neededHeads(3, 'two_thirds')).toBe(2) // 2/3 exactly meets
    expect(neededHeads(4, 'two_thirds')).toBe(3)
    expect(neededHeads(4, 'more_than_half')).toBe(3) // exactly half does not
    expect(neededHeads(5, 'more_than_half')).toBe(3)
    expect(neededHeads(4, 'three_quarters')).toBe(3) // exactly 3/4 meets
    expect(neededArea('300.00', 'two_thirds')).toBe('200.00')
    expect(neededArea('100.00', 'more_than_half')).toBe('50.01')
    expect(neededArea('100.01', 'three_quarters')).toBe('75.01')
    expect(neededArea('x', 'two_thirds')).toBe('')
  })
})

describe('the announce form', () => {
  it('defaults to the earliest day after 15 days of notice, moved past days off', () => {
    expect(earliestOpeningDay('2026-11-18')).toBe('2026-12-04') // last day Thu 12-03
    // Last day Sat 12-05: moves to Mon 12-07, voting opens 12-08.
    expect(earliestOpeningDay('2026-11-20')).toBe('2026-12-08')
    // A make-up workday on that Saturday counts; a holiday on the Monday moves on.
    expect(earliestOpeningDay('2026-11-20', { workdays: ['2026-12-05'] })).toBe('2026-12-06')
    expect(earliestOpeningDay('2026-11-20', { holidays: ['2026-12-07'] })).toBe('2026-12-09')
    const f = newVoteForm('2026-11-18')
    expect(f.opens_date).toBe('2026-12-04')
    expect(f.closes_date).toBe('2026-12-11')
  })
  it('builds the body in Beijing time or names the field to fix', () => {
    const f = { ...newVoteForm('2026-11-18'), title: '  续聘物业  ', matter: 4, building_ids: ['3'] }
    expect(voteBody(f)).toEqual({
      body: { title: '续聘物业', matter: 4, opens_at: '2026-12-04T08:00:00+08:00', closes_at: '2026-12-11T20:00:00+08:00', building_ids: [3] },
    })
    expect(voteBody({ ...f, title: '续' }).error).toBe('title')
    expect(voteBody({ ...f, matter: null }).error).toBe('matter')
    expect(voteBody({ ...f, closes_date: '2026-12-04', closes_time: '07:00' }).error).toBe('closes_at')
    expect(voteBody({ ...f, opens_date: '' }).error).toBe('opens_at')
    expect(shanghaiTime('2026-12-06', '8:00')).toBe('')
  })
})

describe('ballots', () => {
  const base = { owner_id: 7, choice: 'agree', channel: 'paper', evidence: ' 纸质票 No.12 ' }
  it('need evidence, and a proxy name for proxies', () => {
    expect(ballotBody(base)).toEqual({ body: { owner_id: 7, choice: 'agree', channel: 'paper', evidence: '纸质票 No.12' } })
    expect(ballotBody({ ...base, owner_id: null }).error).toBe('owner_id')
    expect(ballotBody({ ...base, choice: 'maybe' }).error).toBe('choice')
    expect(ballotBody({ ...base, channel: 'online' }).error).toBe('channel')
    expect(ballotBody({ ...base, evidence: ' ' }).error).toBe('evidence')
    expect(ballotBody({ ...base, channel: 'proxy' }).error).toBe('proxy_name')
    expect(ballotBody({ ...base, channel: 'proxy', proxy_name: '王五', proxy_phone: '123' }).error).toBe('proxy_phone')
    expect(ballotBody({ ...base, channel: 'proxy', proxy_name: '王五', proxy_phone: '13912345678', guardian_name: ' 李四 ' }).body).toEqual({
      owner_id: 7, choice: 'agree', channel: 'proxy', evidence: '纸质票 No.12', proxy_name: '王五', proxy_phone: '13912345678', guardian_name: '李四',
    })
  })
  it('find owners on the roll by name, room or number', () => {
    const labels = new Map([[1, '1栋 1单元 101'], [2, '1栋 1单元 102'], [3, '2栋 1单元 101']])
    const entries = [
      { entry_no: 1, owner_id: 11, name: '张*', household_ids: [1, 2] },
      { entry_no: 2, owner_id: 12, name: '李测试', household_ids: [3] },
      { entry_no: 3, owner_id: null, name: '', household_ids: [] },
    ]
    expect(searchRoll(entries, '李', labels).map((e) => e.entry_no)).toEqual([2])
    expect(searchRoll(entries, '1栋1单元102', labels).map((e) => e.entry_no)).toEqual([1])
    expect(searchRoll(entries, '101', labels).map((e) => e.entry_no)).toEqual([1, 2])
    expect(searchRoll(entries, '3', labels).map((e) => e.entry_no)).toEqual([3])
    expect(searchRoll(entries, '', labels, { votersOnly: true }).length).toBe(2)
    expect(entryRooms(entries[0], labels)).toEqual(['1栋 1单元 101', '1栋 1单元 102'])
    expect(entryRooms(entries[0], new Map())).toBe(null)
  })
})

describe('results', () => {
  it('write a midnight deadline as 24:00 of the day before', () => {
    expect(deadlineText('2026-12-12T00:00:00+08:00')).toBe('2026-12-11 24:00')
    expect(deadlineText('2026-03-01T00:00:00+08:00')).toBe('2026-02-28 24:00')
    expect(deadlineText('2026-12-12T08:30:00+08:00')).toBe('2026-12-12 08:30')
    expect(deadlineText(null)).toBe('')
  })
  const result = {
    outcome: 'passed',
    total: { area: '300.00', heads: 3 },
    participation: { area: '200.00', heads: 2, met: true, area_met: true, heads_met: true, threshold: 'two_thirds' },
    approval: { area: '150.00', heads: 1, met: false, area_met: true, heads_met: false, threshold: 'more_than_half' },
    by_channel: { paper: 1, online: 1 },
  }
  it('show each test by area and by heads with the server’s met', () => {
    const rows = resultRows(result)
    expect(rows.map((r) => [r.key, r.share, r.needed, r.met])).toEqual([
      ['participation_area', '66.67%', '200.00', true],
      ['participation_heads', '66.67%', 2, true],
      ['approval_area', '75.00%', '100.01', true],
      ['approval_heads', '50.00%', 2, false],
    ])
    expect(resultRows(null)).toEqual([])
  })
  it('count ballots by channel in a fixed order', () => {
    expect(channelCounts(result)).toEqual([{ channel: 'online', count: 1 }, { channel: 'paper', count: 1 }])
  })
  it('know whether the owner may still vote online', () => {
    const vote = { phase: 'open', channels: ['online', 'paper'], mine: [{ owner_id: 1, entry_no: 4, voted: false }] }
    expect(canVoteOnline(vote)).toBe(true)
    expect(canVoteOnline({ ...vote, phase: 'announced' })).toBe(false)
    expect(canVoteOnline({ ...vote, channels: ['paper'] })).toBe(false)
    expect(canVoteOnline({ ...vote, mine: [{ voted: true, choice: 'agree' }] })).toBe(false)
    expect(myEntry({ mine: [{ voted: true }, { voted: false, entry_no: 9 }] }).entry_no).toBe(9)
    expect(myEntry({ mine: [] })).toBe(null)
  })
})
