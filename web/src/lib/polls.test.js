import { describe, expect, it } from 'vitest'
import { barWidth, choiceValid, newPollForm, openSeats, pollBody, resultOptions } from './polls.js'

function form(extra = {}) {
  return { ...newPollForm('2026-12-01'), title: ' 小区八景命名 ', options: ['翠湖春晓', ' 银杏秋韵 ', '松风听涛'], ...extra }
}

describe('pollBody', () => {
  it('builds a single-choice poll that opens now', () => {
    const { body, error } = pollBody(form())
    expect(error).toBeUndefined()
    expect(body).toEqual({
      title: '小区八景命名', options: ['翠湖春晓', '银杏秋韵', '松风听涛'], max_choices: 1, counting: 'household',
      audience: 'residents', anonymous: false, closes_at: '2026-12-15T20:00:00+08:00',
    })
  })
  it('takes max_choices only for multiple choice, within the options', () => {
    expect(pollBody(form({ multiple: true, max_choices: 3 })).body.max_choices).toBe(3)
    expect(pollBody(form({ multiple: true, max_choices: 4 })).error).toBe('max_choices')
  })
  it('names the option that needs fixing', () => {
    expect(pollBody(form({ options: ['翠湖'] })).error).toBe('options')
    expect(pollBody(form({ options: ['翠湖', ' '] })).error).toBe('options[1]')
    expect(pollBody(form({ options: ['翠湖', '松风', '翠湖 '] })).error).toBe('options[2]')
    expect(pollBody(form({ options: ['翠湖', '景'.repeat(61)] })).error).toBe('options[1]')
    expect(pollBody(form({ title: '八' })).error).toBe('title')
  })
  it('checks a later opening against the closing', () => {
    const later = pollBody(form({ opens_now: false, opens_date: '2026-12-05' }))
    expect(later.body.opens_at).toBe('2026-12-05T08:00:00+08:00')
    expect(pollBody(form({ opens_now: false, opens_date: '2026-12-20' })).error).toBe('closes_at')
  })
})

describe('results', () => {
  it('draws bars from permille and marks the leaders', () => {
    expect(barWidth(375)).toBe('37.5%')
    expect(barWidth(2000)).toBe('100%')
    expect(barWidth(undefined)).toBe('0%')
    const rows = resultOptions({ options: [{ no: 1, votes: 3 }, { no: 2, votes: 1 }, { no: 3, votes: 3 }] })
    expect(rows.map((r) => r.leading)).toEqual([true, false, true])
    expect(resultOptions({ options: [{ no: 1, votes: 0 }] })[0].leading).toBe(false)
  })
})

describe('answering', () => {
  const poll = {
    counting: 'household', max_choices: 2,
    me: { can_respond: true, households: [{ id: 1, answered: true }, { id: 2, answered: false }] },
  }
  it('offers the households not yet answered, or the person once', () => {
    expect(openSeats(poll).map((h) => h.id)).toEqual([2])
    expect(openSeats({ ...poll, counting: 'person' })).toEqual([null])
    expect(openSeats({ ...poll, me: { can_respond: false } })).toEqual([])
  })
  it('accepts 1..max_choices options', () => {
    expect(choiceValid(poll, [])).toBe(false)
    expect(choiceValid(poll, [1, 2])).toBe(true)
    expect(choiceValid(poll, [1, 2, 3])).toBe(false)
  })
})
