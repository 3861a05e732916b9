import { describe, expect, it } from 'vitest'
import { addDays, addYears, buildTree, defaultTermEnd, latestTermEnd, formatArea, formatTime, householdLabel, todayInShanghai } from './format.js'
import { childUnitKinds, nextUnitKind } from './enums.js'
import { withQuery } from './api.js'

describe('format helpers', () => {
  it('formats areas with two decimals', () => {
    expect(formatArea(89.45)).toBe('89.45')
    expect(formatArea(90)).toBe('90.00')
    expect(formatArea('12.5')).toBe('12.50')
    expect(formatArea(null)).toBe('')
  })
  it('shows server times as given in Asia/Shanghai', () => {
    expect(formatTime('2024-05-01T14:03:59+08:00')).toBe('2024-05-01 14:03')
    expect(formatTime('')).toBe('')
  })
  it('knows the date in Shanghai', () => {
    expect(todayInShanghai(new Date('2024-05-01T17:00:00Z'))).toBe('2024-05-02')
    expect(todayInShanghai(new Date('2024-05-01T15:59:00Z'))).toBe('2024-05-01')
  })
  it('adds years to a date', () => {
    expect(addYears('2024-05-01', 5)).toBe('2029-05-01')
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28')
  })
  it('adds days across months and years', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2024-05-01', 0)).toBe('2024-05-01')
  })
  it('gives committee terms of at most five years, by default one day short of five', () => {
    expect(defaultTermEnd('2024-05-01')).toBe('2029-04-30')
    expect(latestTermEnd('2024-05-01')).toBe('2029-05-01')
    expect(defaultTermEnd('2024-03-01')).toBe('2029-02-28')
    expect(defaultTermEnd('2024-02-29')).toBe('2029-02-27')
  })
  it('labels households', () => {
    expect(householdLabel({ building: '1栋', unit: '1单元', room: '301' })).toBe('1栋 1单元 301')
  })
  it('builds a tree from parent ids', () => {
    const tree = buildTree([
      { id: 1, parent_id: null },
      { id: 2, parent_id: 1 },
      { id: 3, parent_id: 2 },
      { id: 4, parent_id: 99 },
    ])
    expect(tree.map((n) => n.id)).toEqual([1, 4])
    expect(tree[0].children[0].children[0].id).toBe(3)
    expect(tree[1].children).toBeUndefined()
  })
})

describe('unit kinds', () => {
  it('presets the next level', () => {
    expect(nextUnitKind('city')).toBe('district')
    expect(nextUnitKind('district')).toBe('street')
    expect(nextUnitKind('street')).toBe('community')
    expect(nextUnitKind('community')).toBe('estate')
    expect(nextUnitKind('estate')).toBe(null)
    expect(childUnitKinds(null)).toEqual(['city', 'district'])
    expect(childUnitKinds('community')).toEqual(['estate'])
  })
})

describe('withQuery', () => {
  it('drops empty parameters and encodes the rest', () => {
    expect(withQuery('/x', { a: 1, b: '', c: null, d: '1栋' })).toBe('/x?a=1&d=1%E6%A0%8B')
    expect(withQuery('/x', {})).toBe('/x')
  })
})
