// The dashboard's pure parts: the stats answer normalised, KPI cards, chart options, and the
// Excel sheets carrying the same numbers as the page.
import { describe, expect, it } from 'vitest'
import zhCN from '../i18n/zh-CN.js'
import {
  KPIS, categoryOption, defaultPeriod, exportFileName, formatFigure, handlerOption, kpiCards, monthKey, monthsBetween,
  normaliseFigures, normaliseStats, shiftMonth, statsSheets, trendOption,
} from './appealStats.js'

// A t() over the Chinese messages, enough for these helpers.
function t(key, params = {}) {
  const v = key.split('.').reduce((o, k) => (o ? o[k] : undefined), zhCN)
  if (typeof v !== 'string') return key
  return v.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''))
}
const handlerLabel = (h) => zhCN.enums.appealHandler[h] || h
const L = { t, handlerLabel, unitName: '璧山区' }

const RAW = {
  unit: { id: 1, name: '璧山区', kind: 'district' },
  from: '2026-01',
  to: '2026-03',
  // As src/http/routes_appeals.cpp (StatsJson) writes it.
  definitions: { satisfaction: 'weighted', reply: 'responded', satisfaction_text: '满意率 =（满意 + 0.9 × 基本满意）÷ 参评数', reply_text: '回复率 = 已受理 ÷（收到 − 合并）' },
  total: {
    received: 889, merged: 0, responded: 765, responded_on_time: 700, resolved: 600, resolved_on_time: 550, escalated: 12,
    solved_inside: 580, rated: 400, satisfied: 300, basically: 80, dissatisfied: 20,
    reply_rate: 765 / 889, satisfaction_rate: (300 + 0.9 * 80) / 400, response_on_time_rate: 700 / 765, resolution_on_time_rate: 550 / 600,
    solved_inside_rate: 580 / 600, median_response_hours: 2.345, p90_response_hours: 20, median_resolution_hours: 50.04, p90_resolution_hours: null,
    overdue_now: 7, open_now: 40,
  },
  total_last_year: { received: 700, resolved: 500 },
  by_category: [
    { code: 'environment', name: '环境卫生', received: 500, resolved: 400 },
    { code: 'lift', name: '电梯', received: 389, resolved: 200 },
  ],
  by_handler: [{ handler: 'property', received: 800 }, { handler: 'branch', received: 89 }, { handler: 'street', received: 0 }],
  by_month: [
    { month: '2026-01', received: 300, resolved: 250, last_year: { received: 200, resolved: 180 } },
    { month: '2026-02', received: 0, resolved: 0, last_year: null },
    { month: '2026-03', received: 589, resolved: 350, last_year: null },
  ],
}

describe('months', () => {
  it('count across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2025-12', 13)).toBe('2027-01')
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthsBetween('2026-02', '2026-01')).toEqual([])
    expect(monthKey(202603)).toBe('2026-03')
    expect(monthKey('2026-03-01')).toBe('2026-03')
  })
  it('default to the twelve months up to now in Shanghai', () => {
    expect(defaultPeriod(new Date('2026-03-31T17:00:00Z'))).toEqual({ from: '2025-05', to: '2026-04' })
    expect(defaultPeriod(new Date('2026-03-31T15:00:00Z'))).toEqual({ from: '2025-04', to: '2026-03' })
  })
})

describe('normaliseStats', () => {
  const r = normaliseStats(RAW)
  it('fills every month of the period and keys last year by this year’s month', () => {
    expect(r.byMonth.map((m) => [m.month, m.received])).toEqual([['2026-01', 300], ['2026-02', 0], ['2026-03', 589]])
    expect(r.byMonthLastYear.map((m) => [m.month, m.received])).toEqual([['2026-01', 200], ['2026-02', 0], ['2026-03', 0]])
  })
  it('keeps rates null without a denominator and counters at zero', () => {
    expect(r.total.p90_resolution_hours).toBe(null)
    expect(r.totalLastYear.received).toBe(700)
    expect(r.totalLastYear.reply_rate).toBe(null)
    expect(r.byCategory[1]).toMatchObject({ key: 'lift', name: '电梯', received: 389, escalated: 0 })
    expect(r.overdueNow).toBe(7)
    expect(r.definitions.texts.map((d) => d.key)).toEqual(['satisfaction', 'reply'])
    expect(r.openNow).toBe(40)
  })
  it('accepts maps keyed by group, nested counters and yyyymm months', () => {
    const alt = normaliseStats({
      from_month: 202601,
      to_month: 202602,
      total: { counters: { received: 3 }, rates: { reply_rate: 0.5 } },
      by_category: { lift: { counters: { received: 3 } } },
      by_handler: { property: { received: 3 } },
      by_month: { 202601: { received: 1 }, 202602: { received: 2 } },
      by_month_last_year: { 202501: { received: 4 } },
      category_names: { lift: '电梯' },
      definitions: { text: 'one sentence' },
      overdue_now: 2,
    })
    expect(alt.total.received).toBe(3)
    expect(alt.total.reply_rate).toBe(0.5)
    expect(alt.byCategory[0]).toMatchObject({ key: 'lift', name: '电梯', received: 3 })
    expect(alt.byMonth.map((m) => m.received)).toEqual([1, 2])
    expect(alt.byMonthLastYear.map((m) => m.received)).toEqual([4, 0])
    expect(alt.definitions.texts).toEqual([{ key: 'text', text: 'one sentence' }])
    expect(alt.overdueNow).toBe(2)
    expect(normaliseFigures(null).received).toBe(0)
  })
})

describe('figures', () => {
  const r = normaliseStats(RAW)
  it('format rates, hours and counts', () => {
    expect(formatFigure(765 / 889, 'rate')).toBe('86.1%')
    expect(formatFigure(2.345, 'hours')).toBe('2.3')
    expect(formatFigure(0.04, 'hours')).toBe('0.04')
    expect(formatFigure(889, 'count')).toBe('889')
    expect(formatFigure(null, 'rate')).toBe('—')
  })
  it('make the KPI cards in order with last year beside', () => {
    const cards = kpiCards(r, L)
    expect(cards.map((c) => c.key)).toEqual(KPIS.map((k) => k.key))
    expect(cards[0]).toMatchObject({ key: 'received', label: '登记数', value: '889', lastYear: '700' })
    expect(cards.find((c) => c.key === 'satisfaction_rate').value).toBe('93.0%')
    expect(cards.find((c) => c.key === 'overdue_now')).toMatchObject({ value: '7', lastYear: null })
  })
})

describe('chart options', () => {
  const r = normaliseStats(RAW)
  it('draw the trend with last year dashed', () => {
    const o = trendOption(r, L)
    expect(o.xAxis.data).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(o.series.map((s) => s.name)).toEqual(['登记数', '办结数', '去年同期登记', '去年同期办结'])
    expect(o.series[0].data).toEqual([300, 0, 589])
    expect(o.series[2].lineStyle.type).toBe('dashed')
    expect(o.series[0].lineStyle.type).toBeUndefined()
  })
  it('sort the category bars and leave empty handlers out of the ring', () => {
    const c = categoryOption(r, L)
    expect(c.xAxis.data).toEqual(['环境卫生', '电梯'])
    expect(c.series[1].data).toEqual([400, 200])
    const h = handlerOption(r, L)
    expect(h.series[0].data).toEqual([{ name: '物业', value: 800 }, { name: '党支部', value: 89 }])
  })
})

describe('Excel sheets', () => {
  const r = normaliseStats(RAW)
  const sheets = statsSheets(r, L)
  const value = (c) => (c && typeof c === 'object' ? c.v : c)
  it('have totals, by category, by month and by handler', () => {
    expect(sheets.map((s) => s.name)).toEqual(['总体', '按类别', '按月份', '按承办方'])
  })
  it('carry the numbers the page shows', () => {
    const totals = sheets[0].rows
    expect(totals[0]).toEqual(['指标', '本期', '去年同期'])
    const row = (label) => totals.find((x) => x[0] === label)
    expect(value(row('登记数')[1])).toBe(889)
    expect(value(row('登记数')[2])).toBe(700)
    expect(row('回复率')[1]).toEqual({ v: 0.8605, fmt: '0.0%' })
    expect(value(row('当前超期')[1])).toBe(7)
    expect(value(row('响应时长中位数（小时）')[1])).toBe(2.3)
    expect(value(row('办结时长 90% 分位（小时）')[1])).toBe(null)
    expect(row('统计范围')[1]).toBe('璧山区')
    expect(row('统计期间')[1]).toBe('2026-01 ~ 2026-03')
  })
  it('list categories with a total line and months with last year', () => {
    const cat = sheets[1].rows
    expect(cat[0][0]).toBe('类别')
    expect(cat.slice(1).map((x) => [x[0], value(x[1])])).toEqual([['环境卫生', 500], ['电梯', 389], ['合计', 889]])
    const months = sheets[2].rows
    expect(months[0].slice(-2)).toEqual(['去年同期登记', '去年同期办结'])
    expect(months[1][0]).toBe('2026-01')
    expect(value(months[1][1])).toBe(300)
    expect(months[1].slice(-2).map(value)).toEqual([200, 180])
  })
  it('name the file safely', () => {
    expect(exportFileName('诉求数据', '璧山 区/1', '2026-01', '2026-03')).toBe('诉求数据_璧山_区_1_2026-01_2026-03.xlsx')
  })
})
