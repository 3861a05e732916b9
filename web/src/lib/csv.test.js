import { describe, expect, it } from 'vitest'
import { IMPORT_HEADER, countDataLines, decodeCsvBytes, quoteCsvField, templateCsv, toCsv } from './csv.js'

describe('quoteCsvField', () => {
  it('leaves plain text alone', () => {
    expect(quoteCsvField('1栋')).toBe('1栋')
    expect(quoteCsvField(89.45)).toBe('89.45')
    expect(quoteCsvField(null)).toBe('')
    expect(quoteCsvField(undefined)).toBe('')
  })
  it('quotes commas, quotes, line breaks and edge spaces', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"')
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""')
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"')
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"')
    expect(quoteCsvField(' padded')).toBe('" padded"')
    expect(quoteCsvField('padded ')).toBe('"padded "')
  })
})

describe('toCsv', () => {
  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv([['a', 'b'], ['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n')
    expect(toCsv([])).toBe('')
  })
})

describe('templateCsv', () => {
  it('is the import header with a BOM', () => {
    const text = templateCsv()
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text.slice(1)).toBe(IMPORT_HEADER.join(',') + '\r\n')
    expect(IMPORT_HEADER).toEqual([
      'building', 'unit', 'floor', 'room', 'area_m2', 'area_source', 'owner_name', 'owner_phone', 'owner_kind', 'delivered', 'use',
    ])
  })
})

describe('decodeCsvBytes', () => {
  it('reads UTF-8 and drops the BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFFbuilding\n1栋\n')
    expect(decodeCsvBytes(bytes)).toBe('building\n1栋\n')
  })
  it('falls back to GB18030 for files saved by Excel on Chinese Windows', () => {
    // "1栋,张三" in GBK: 1 = 0x31, 栋 = 0xB6 0xB0, comma, 张 = 0xD5 0xC5, 三 = 0xC8 0xFD
    const gbk = new Uint8Array([0x31, 0xb6, 0xb0, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd])
    expect(decodeCsvBytes(gbk)).toBe('1栋,张三')
  })
  it('accepts an ArrayBuffer', () => {
    const bytes = new TextEncoder().encode('a,b')
    expect(decodeCsvBytes(bytes.buffer)).toBe('a,b')
  })
})

describe('countDataLines', () => {
  it('counts non-empty lines after the header', () => {
    expect(countDataLines('h\r\na\r\n\r\nb\r\n')).toBe(2)
    expect(countDataLines('h')).toBe(0)
    expect(countDataLines('')).toBe(0)
  })
})
