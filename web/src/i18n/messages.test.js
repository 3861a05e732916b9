// Both message files must have the same keys, every enumeration value a label, and every
// literal t('...') key used in the sources must exist.
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import zhCN from './zh-CN.js'
import en from './en.js'
import { ENUMS } from '../lib/enums.js'

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
const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..')

function sources(dir) {
  const files = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    // The residents' H5 (src/h5) has its own messages and its own test.
    if (path === join(srcDir, 'h5')) continue
    if (statSync(path).isDirectory()) files.push(...sources(path))
    else if (/\.(vue|js)$/.test(name) && !name.endsWith('.test.js')) files.push(path)
  }
  return files
}

describe('message files', () => {
  it('have the same keys', () => {
    expect(Object.keys(enFlat).sort()).toEqual(Object.keys(zh).sort())
  })
  it('have no empty messages', () => {
    for (const [k, v] of Object.entries({ ...zh })) expect(v, k).not.toBe('')
    for (const [k, v] of Object.entries({ ...enFlat })) expect(v, k).not.toBe('')
  })
  it('label every enumeration value', () => {
    for (const [group, values] of Object.entries(ENUMS)) {
      for (const value of values) {
        expect(zh[`enums.${group}.${value}`], `zh enums.${group}.${value}`).toBeTruthy()
        expect(enFlat[`enums.${group}.${value}`], `en enums.${group}.${value}`).toBeTruthy()
      }
    }
  })
  it('contain every key the sources use literally', () => {
    const missing = []
    let used = 0
    for (const file of sources(srcDir)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        used++
        if (!(m[1] in zh)) missing.push(`${file}: ${m[1]}`)
      }
    }
    expect(used).toBeGreaterThan(100) // the scan really found the calls
    expect(missing).toEqual([])
  })
  it('has Chinese text in Chinese and none in English', () => {
    expect(zh['login.submit']).toMatch(/[\u4e00-\u9fff]/)
    const enWithHan = Object.entries(enFlat).filter(([k, v]) => /[\u4e00-\u9fff]/.test(v) && k !== 'header.switchTo')
    expect(enWithHan).toEqual([])
  })
})
