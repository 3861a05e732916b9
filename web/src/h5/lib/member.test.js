import { describe, expect, it } from 'vitest'
import { day, lastDay } from './member.js'

describe('member dates', () => {
  it('show the day of a time and the last day of a window', () => {
    expect(day('2027-01-01T00:00:00+08:00')).toBe('2027-01-01')
    expect(day(null)).toBe('')
    expect(lastDay('2027-02-01T00:00:00+08:00')).toBe('2027-01-31')
    expect(lastDay('2028-03-01T00:00:00+08:00')).toBe('2028-02-29')
    expect(lastDay('')).toBe('')
  })
})
