// The figures of residents' problems (GET /stats/appeals, docs/APPEALS.md "Figures") for the
// dashboard: the answer normalised into one shape, the KPI cards, the ECharts options and the
// rows of the Excel export. Pure functions; labels come in through `t` and `handlerLabel`.

/** Counters of a group of appeals, as the server keeps them (src/domain/appeals/stats.hpp). */
export const COUNTERS = [
  'received', 'merged', 'responded', 'responded_on_time', 'resolved', 'resolved_on_time', 'escalated',
  'solved_inside', 'rated', 'satisfied', 'basically', 'dissatisfied', 'callbacks', 'contacted', 'solved',
]
/** Rates (0..1) and durations (hours) the server derives from them. */
export const RATES = ['reply_rate', 'satisfaction_rate', 'response_on_time_rate', 'resolution_on_time_rate', 'solved_inside_rate']
export const DURATIONS = ['median_response_hours', 'p90_response_hours', 'median_resolution_hours', 'p90_resolution_hours']

/** The KPI cards in order, with how each value is shown. */
export const KPIS = [
  { key: 'received', format: 'count' },
  { key: 'reply_rate', format: 'rate' },
  { key: 'satisfaction_rate', format: 'rate' },
  { key: 'response_on_time_rate', format: 'rate' },
  { key: 'resolution_on_time_rate', format: 'rate' },
  { key: 'solved_inside_rate', format: 'rate' },
  { key: 'overdue_now', format: 'count' },
  { key: 'escalated', format: 'count' },
  { key: 'median_response_hours', format: 'hours' },
  { key: 'p90_response_hours', format: 'hours' },
  { key: 'median_resolution_hours', format: 'hours' },
  { key: 'p90_resolution_hours', format: 'hours' },
]

/** The columns of the by-category, by-handler and by-month tables and sheets. */
export const TABLE_COLUMNS = [
  { key: 'received', format: 'count' },
  { key: 'resolved', format: 'count' },
  { key: 'reply_rate', format: 'rate' },
  { key: 'satisfaction_rate', format: 'rate' },
  { key: 'response_on_time_rate', format: 'rate' },
  { key: 'resolution_on_time_rate', format: 'rate' },
  { key: 'solved_inside_rate', format: 'rate' },
  { key: 'escalated', format: 'count' },
  { key: 'median_response_hours', format: 'hours' },
  { key: 'median_resolution_hours', format: 'hours' },
]

function num(value) {
  if (value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** "2026-03" from 202603, "202603", "2026-03" or "2026-03-01". */
export function monthKey(value) {
  if (value === null || value === undefined) return ''
  const s = String(value)
  const m = /^(\d{4})-?(\d{2})/.exec(s)
  return m ? `${m[1]}-${m[2]}` : s
}

/** The month `delta` months after "YYYY-MM". */
export function shiftMonth(month, delta) {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + delta
  const year = Math.floor(index / 12)
  return `${year}-${String(index - year * 12 + 1).padStart(2, '0')}`
}

/** Months from..to inclusive ("2025-11", "2025-12", "2026-01"). */
export function monthsBetween(from, to) {
  const out = []
  if (!from || !to || from > to) return out
  for (let m = from; m <= to && out.length < 600; m = shiftMonth(m, 1)) out.push(m)
  return out
}

/** The default period: the twelve months up to the current one, in Asia/Shanghai. */
export function defaultPeriod(now = new Date()) {
  const to = new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 7)
  return { from: shiftMonth(to, -11), to }
}

/**
 * One group's figures in a flat object: every counter (0 when absent), every rate and duration
 * (null when the server has none: "no denominator"). Accepts counters flat or under
 * `counters`, rates flat or under `rates`, durations flat or under `durations`.
 */
export function normaliseFigures(raw) {
  const src = raw && typeof raw === 'object' ? raw : {}
  const flat = { ...src, ...(src.counters || {}), ...(src.rates || {}), ...(src.durations || {}) }
  const out = {}
  for (const k of COUNTERS) out[k] = num(flat[k]) ?? 0
  for (const k of [...RATES, ...DURATIONS]) out[k] = num(flat[k])
  return out
}

// A group list as an array of [key, figures], from an array of objects carrying their key under
// one of `keyNames`, or from an object keyed by it.
function groups(raw, keyNames) {
  if (!raw) return []
  if (Array.isArray(raw)) {
    return raw.map((item) => {
      const name = keyNames.find((k) => item && item[k] !== undefined && item[k] !== null && typeof item[k] !== 'object')
      let key = name ? item[name] : ''
      if (!name && item && typeof item.category === 'object') key = item.category.code
      return [String(key), item]
    })
  }
  if (typeof raw === 'object') return Object.entries(raw)
  return []
}

function definitionTexts(defs) {
  const texts = []
  const add = (key, text) => {
    if (typeof text === 'string' && text.trim()) texts.push({ key, text: text.trim() })
  }
  if (!defs || typeof defs !== 'object') return texts
  const src = defs.text !== undefined ? defs.text : defs.texts
  if (typeof src === 'string') add('text', src)
  else if (Array.isArray(src)) src.forEach((x, i) => (typeof x === 'string' ? add(String(i), x) : add(x.key || x.name || String(i), x.text || x.definition)))
  else if (src && typeof src === 'object') for (const [k, v] of Object.entries(src)) add(k, v)
  // The server's own sentences: {"satisfaction_text": "满意率 = ...", "reply_text": ...}.
  for (const [k, v] of Object.entries(defs)) if (k.endsWith('_text')) add(k.slice(0, -5), v)
  return texts
}

/**
 * The stats answer in one shape:
 * { unit, from, to, definitions: {satisfaction, reply, texts:[{key,text}]}, total, totalLastYear,
 *   byCategory: [{key, name, ...figures}], byHandler: [{key, ...}], byMonth: [{month, ...}],
 *   byMonthLastYear: [{month (this year's), ...}] (one per month of the period), overdueNow, openNow }.
 */
export function normaliseStats(raw, { categoryNames = {} } = {}) {
  const r = raw && typeof raw === 'object' ? raw : {}
  const defs = r.definitions || {}
  const names = { ...categoryNames }
  for (const item of Array.isArray(r.categories) ? r.categories : []) if (item && item.code) names[item.code] = item.name
  if (r.category_names && typeof r.category_names === 'object' && !Array.isArray(r.category_names)) Object.assign(names, r.category_names)
  const from = monthKey(r.from ?? r.from_month ?? (r.period && r.period.from))
  const to = monthKey(r.to ?? r.to_month ?? (r.period && r.period.to))
  const total = normaliseFigures(r.total || r.totals)
  const byCategory = groups(r.by_category, ['category', 'code', 'key']).map(([key, item]) => ({
    key,
    name: (item && (item.name || item.category_name || (typeof item.category === 'object' && item.category.name))) || names[key] || key,
    ...normaliseFigures(item),
  }))
  const byHandler = groups(r.by_handler, ['handler', 'key']).map(([key, item]) => ({ key, ...normaliseFigures(item) }))
  const months = from && to ? monthsBetween(from, to) : []
  const monthMap = new Map(groups(r.by_month, ['month', 'key']).map(([key, item]) => [monthKey(key), item]))
  const byMonth = (months.length ? months : [...monthMap.keys()].sort()).map((month) => ({ month, ...normaliseFigures(monthMap.get(month)) }))
  // Last year's months come inside each month ({"month","last_year":{...}}), or as their own
  // list keyed by this year's month or by their own; all land on this year's month.
  const lastMap = new Map()
  for (const [key, item] of monthMap) if (item && item.last_year) lastMap.set(key, item.last_year)
  for (const [key, item] of groups(r.by_month_last_year, ['month', 'key'])) {
    const m = monthKey(key)
    const thisYear = months.length && !months.includes(m) && months.includes(shiftMonth(m, 12)) ? shiftMonth(m, 12) : m
    lastMap.set(thisYear, item)
  }
  const byMonthLastYear = byMonth.map(({ month }) => ({ month, ...normaliseFigures(lastMap.get(month)) }))
  const lastYearRaw = r.total_last_year || r.last_year
  return {
    unit: r.unit || null,
    from,
    to,
    definitions: {
      satisfaction: defs.satisfaction || null,
      reply: defs.reply || null,
      texts: definitionTexts(defs),
    },
    total,
    totalLastYear: lastYearRaw ? normaliseFigures(lastYearRaw) : null,
    byCategory,
    byHandler,
    byMonth,
    byMonthLastYear,
    overdueNow: num(r.overdue_now ?? (r.total && r.total.overdue_now) ?? (r.live && r.live.overdue_now)) ?? 0,
    openNow: num(r.open_now ?? (r.total && r.total.open_now) ?? (r.live && r.live.open_now)) ?? 0,
  }
}

/** The value of a KPI of the report (live counts included). */
export function kpiValue(report, key) {
  if (key === 'overdue_now') return report.overdueNow
  if (key === 'open_now') return report.openNow
  return report.total[key]
}

/** A rate as "86.0%", hours as "12.5" ("0.04" under one), counts as "889"; null as "—". */
export function formatFigure(value, format) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '—'
  const n = Number(value)
  if (format === 'rate') return `${(n * 100).toFixed(1)}%`
  if (format === 'hours') return n.toFixed(Math.abs(n) < 1 ? 2 : 1)
  return String(Math.round(n))
}

/** The number a figure is stored as in Excel: rates to 4 places (shown as 0.0%), hours to 1. */
export function excelNumber(value, format) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return null
  const n = Number(value)
  if (format === 'rate') return Math.round(n * 10000) / 10000
  if (format === 'hours') return Math.abs(n) < 1 ? Math.round(n * 100) / 100 : Math.round(n * 10) / 10
  return Math.round(n)
}

// Hours under one keep two decimals (a few minutes), as on the page.
export const EXCEL_FORMATS = { rate: '0.0%', hours: '0.0#', count: '0' }

/** The KPI cards: [{key, label, value (text), raw, lastYear (text or null)}]. */
export function kpiCards(report, { t }) {
  return KPIS.map(({ key, format }) => {
    const raw = kpiValue(report, key)
    const live = key === 'overdue_now'
    const last = !live && report.totalLastYear ? report.totalLastYear[key] : null
    return {
      key,
      format,
      label: t(`stats.kpi.${key}`),
      raw,
      value: formatFigure(raw, format),
      lastYear: !live && report.totalLastYear ? formatFigure(last, format) : null,
    }
  })
}

/** The trend line chart: received and resolved per month, last year's as dashed lines. */
export function trendOption(report, { t }) {
  const months = report.byMonth.map((m) => m.month)
  const series = (name, data, dashed) => ({
    name,
    type: 'line',
    data,
    smooth: false,
    symbol: 'circle',
    symbolSize: dashed ? 4 : 6,
    lineStyle: dashed ? { type: 'dashed', width: 1.5 } : { width: 2 },
  })
  const names = {
    received: t('stats.series.received'),
    resolved: t('stats.series.resolved'),
    receivedLast: t('stats.series.receivedLastYear'),
    resolvedLast: t('stats.series.resolvedLastYear'),
  }
  return {
    color: ['#b5271f', '#2f7d32', '#e08a84', '#8cc08f'],
    tooltip: { trigger: 'axis' },
    legend: { data: Object.values(names), top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      series(names.received, report.byMonth.map((m) => m.received), false),
      series(names.resolved, report.byMonth.map((m) => m.resolved), false),
      series(names.receivedLast, report.byMonthLastYear.map((m) => m.received), true),
      series(names.resolvedLast, report.byMonthLastYear.map((m) => m.resolved), true),
    ],
  }
}

/** Bars by category: received and resolved, most received first. */
export function categoryOption(report, { t }) {
  const rows = [...report.byCategory].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name))
  return {
    color: ['#b5271f', '#2f7d32'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('stats.series.received'), t('stats.series.resolved')], top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('stats.series.received'), type: 'bar', data: rows.map((r) => r.received), barMaxWidth: 28 },
      { name: t('stats.series.resolved'), type: 'bar', data: rows.map((r) => r.resolved), barMaxWidth: 28 },
    ],
  }
}

/** A ring of received problems by handler (the ones with none left out). */
export function handlerOption(report, { t, handlerLabel }) {
  const data = report.byHandler.filter((h) => h.received > 0).map((h) => ({ name: handlerLabel(h.key), value: h.received }))
  return {
    color: ['#b5271f', '#e6a23c', '#2f7d32', '#409eff', '#8e44ad', '#909399', '#e08a84', '#67c23a'],
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        name: t('stats.series.received'),
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data,
      },
    ],
  }
}

/** A spreadsheet cell for a figure: {v, fmt} (v null for "no value"). */
function cell(value, format) {
  return { v: excelNumber(value, format), fmt: EXCEL_FORMATS[format] }
}

/**
 * The Excel export as sheets: [{name, columns: [widths], rows: [[cell]]}] where a cell is text,
 * a number or {v, fmt}. Totals first (with last year's and the live counts), then by category,
 * by month (with last year's received and resolved), by handler; the numbers are the ones the
 * page shows (rates to 0.1%, hours to 0.1).
 */
export function statsSheets(report, { t, handlerLabel, unitName = '' }) {
  const totals = [[t('stats.excel.indicator'), t('stats.excel.value'), t('stats.excel.lastYear')]]
  for (const { key, format } of KPIS) {
    const live = key === 'overdue_now'
    const last = !live && report.totalLastYear ? cell(report.totalLastYear[key], format) : ''
    totals.push([t(`stats.kpi.${key}`), cell(kpiValue(report, key), format), last])
  }
  totals.push([t('stats.kpi.open_now'), cell(report.openNow, 'count'), ''])
  for (const key of ['resolved', 'merged', 'rated', 'satisfied', 'basically', 'dissatisfied', 'callbacks', 'contacted']) {
    totals.push([t(`stats.counter.${key}`), cell(report.total[key], 'count'), report.totalLastYear ? cell(report.totalLastYear[key], 'count') : ''])
  }
  totals.push([])
  totals.push([t('stats.excel.unit'), unitName || (report.unit && report.unit.name) || ''])
  totals.push([t('stats.excel.period'), `${report.from} ~ ${report.to}`])
  // The server's own sentences for the definitions it used; else the console's.
  if (report.definitions.texts.length) {
    for (const d of report.definitions.texts) totals.push([t('stats.excel.definition'), d.text])
  } else {
    if (report.definitions.satisfaction) totals.push([t('stats.satisfactionDefinition'), t(`stats.satisfaction.${report.definitions.satisfaction}`)])
    if (report.definitions.reply) totals.push([t('stats.replyDefinition'), t(`stats.reply.${report.definitions.reply}`)])
  }

  const header = (first) => [first, ...TABLE_COLUMNS.map((c) => t(`stats.column.${c.key}`))]
  const line = (first, f) => [first, ...TABLE_COLUMNS.map((c) => cell(f[c.key], c.format))]

  const byCategory = [header(t('stats.column.category'))]
  for (const c of [...report.byCategory].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name))) byCategory.push(line(c.name, c))
  byCategory.push(line(t('stats.excel.total'), report.total))

  const byMonth = [[...header(t('stats.column.month')), t('stats.series.receivedLastYear'), t('stats.series.resolvedLastYear')]]
  report.byMonth.forEach((m, i) => {
    const last = report.byMonthLastYear[i] || {}
    byMonth.push([...line(m.month, m), cell(last.received, 'count'), cell(last.resolved, 'count')])
  })

  const byHandler = [header(t('stats.column.handler'))]
  for (const h of report.byHandler) byHandler.push(line(handlerLabel(h.key), h))

  const wide = [18, ...TABLE_COLUMNS.map(() => 12)]
  return [
    { name: t('stats.excel.sheetTotals'), columns: [28, 14, 14], rows: totals },
    { name: t('stats.excel.sheetCategory'), columns: wide, rows: byCategory },
    { name: t('stats.excel.sheetMonth'), columns: [...wide, 14, 14], rows: byMonth },
    { name: t('stats.excel.sheetHandler'), columns: wide, rows: byHandler },
  ]
}

/** "诉求数据_碧泉街道_2025-07_2026-06.xlsx", without characters file systems refuse. */
export function exportFileName(prefix, unitName, from, to) {
  const safe = (s) => String(s || '').replace(/[\\/:*?"<>|\s]+/g, '_')
  return `${[safe(prefix), safe(unitName), from, to].filter(Boolean).join('_')}.xlsx`
}
