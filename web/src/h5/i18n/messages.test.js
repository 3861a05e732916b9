// The H5's two message files must have the same keys, and every literal t('...') key used in
// the H5's sources must exist.
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import zhCN from './zh-CN.js'
import en from './en.js'
import { CHANNELS, HANDLERS, LEVELS, RATINGS, STATUSES, TIMELINE_ACTIONS } from '../lib/appeals.js'
import { ERROR_CODES } from '../lib/errors.js'

function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') flatten(v, key, out)
    else out[key] = v
  }
  return out
}

const zh = flatten(zhCN)
const enFlat = flatten(en)
const h5Dir = join(dirname(fileURLToPath(import.meta.url)), '..')

function sources(dir) {
  const files = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files.push(...sources(path))
    else if (/\.(vue|js)$/.test(name) && !name.endsWith('.test.js')) files.push(path)
  }
  return files
}

describe('H5 message files', () => {
  it('have the same keys', () => {
    expect(Object.keys(enFlat).sort()).toEqual(Object.keys(zh).sort())
  })
  it('have no empty messages', () => {
    for (const [k, v] of Object.entries(zh)) expect(v, k).not.toBe('')
    for (const [k, v] of Object.entries(enFlat)) expect(v, k).not.toBe('')
  })
  it('label every status, rating, handler, level, timeline action and error code', () => {
    const keys = [
      ...STATUSES.map((s) => `status.${s}`),
      ...RATINGS.map((s) => `rating.${s}`),
      ...HANDLERS.map((s) => `handler.${s}`),
      ...LEVELS.map((s) => `level.${s}`),
      ...TIMELINE_ACTIONS.map((s) => `timeline.${s}`),
      ...ERROR_CODES.map((s) => `errors.${s}`),
      ...CHANNELS.map((s) => `channel.${s}`),
    ]
    for (const k of keys) expect(zh[k], k).toBeTruthy()
  })
  it('contain every key the sources use literally', () => {
    const missing = []
    let used = 0
    for (const file of sources(h5Dir)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        used++
        if (!(m[1] in zh)) missing.push(`${file}: ${m[1]}`)
      }
    }
    expect(used).toBeGreaterThan(80)
    expect(missing).toEqual([])
  })
  it('has Chinese text in Chinese and none in English', () => {
    expect(zh['home.report']).toBe('我要反映')
    expect(zh['status.resolved']).toBe('已办结')
    const enWithHan = Object.entries(enFlat).filter(([k, v]) => /[\u4e00-\u9fff]/.test(v) && k !== 'common.switchLanguage')
    expect(enWithHan).toEqual([])
  })
})
