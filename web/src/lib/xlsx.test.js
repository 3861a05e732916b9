// @vitest-environment node
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { cellToText, xlsxToCsv } from './xlsx.js'

describe('cellToText', () => {
  it('converts the value kinds exceljs produces', () => {
    expect(cellToText(null)).toBe('')
    expect(cellToText(3)).toBe('3')
    expect(cellToText(13812340001)).toBe('13812340001')
    expect(cellToText(89.45)).toBe('89.45')
    expect(cellToText(0.1 + 0.2)).toBe('0.3')
    expect(cellToText(true)).toBe('yes')
    expect(cellToText(false)).toBe('no')
    expect(cellToText('张三')).toBe('张三')
    expect(cellToText(new Date(Date.UTC(2024, 4, 1)))).toBe('2024-05-01')
    expect(cellToText(new Date(Date.UTC(2024, 4, 1, 9, 30)))).toBe('2024-05-01 09:30:00')
    expect(cellToText({ richText: [{ text: '1' }, { text: '栋' }] })).toBe('1栋')
    expect(cellToText({ formula: 'A1*2', result: 178.9 })).toBe('178.9')
    expect(cellToText({ text: 'link', hyperlink: 'http://x' })).toBe('link')
    expect(cellToText({ error: '#N/A' })).toBe('#N/A')
  })
})

async function workbookBytes(fill) {
  const wb = new ExcelJS.Workbook()
  fill(wb)
  return wb.xlsx.writeBuffer()
}

describe('xlsxToCsv', () => {
  it('turns the first sheet into CSV with the sheet row of every line', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('房屋')
      ws.addRow(['building', 'unit', 'floor', 'room', 'area_m2', 'area_source', 'owner_name', 'owner_phone', 'owner_kind', 'delivered'])
      ws.addRow(['1栋', '1单元', 3, '301', 89.45, 'registry', '张三', 13812340001, 'person', 'yes'])
      ws.addRow([]) // an empty row in the middle is skipped
      ws.addRow(['1栋', '1单元', 3, '302', 90, 'survey', '李四, 王五', '13812340002', 'person', true])
      wb.addWorksheet('ignored').addRow(['not', 'read'])
    })
    const { csv, rowNumbers } = await xlsxToCsv(bytes, ExcelJS)
    expect(csv).toBe(
      'building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\r\n' +
        '1栋,1单元,3,301,89.45,registry,张三,13812340001,person,yes\r\n' +
        '1栋,1单元,3,302,90,survey,"李四, 王五",13812340002,person,yes\r\n',
    )
    expect(rowNumbers).toEqual([1, 2, 4])
  })

  it('pads short rows and cuts trailing empty columns', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('s')
      ws.getCell('A1').value = 'a'
      ws.getCell('B1').value = 'b'
      ws.getCell('C1').value = 'c'
      ws.getCell('A2').value = 'x'
      ws.getCell('E2').value = '' // empty trailing cell
    })
    const { csv } = await xlsxToCsv(bytes, ExcelJS)
    expect(csv).toBe('a,b,c\r\nx,,\r\n')
  })

  it('gives empty text for a workbook without rows', async () => {
    const bytes = await workbookBytes((wb) => wb.addWorksheet('empty'))
    expect((await xlsxToCsv(bytes, ExcelJS)).csv).toBe('')
  })
})

describe('sheetsToXlsx', () => {
  it('writes sheets whose numbers read back with their formats', async () => {
    const { sheetsToXlsx } = await import('./xlsx.js')
    const bytes = await sheetsToXlsx(
      [
        { name: '总体', columns: [20, 10], rows: [['指标', '本期'], ['登记数', { v: 889, fmt: '0' }], ['回复率', { v: 0.8605, fmt: '0.0%' }], ['空', { v: null, fmt: '0' }]] },
        { name: 'a/b:c*d?e[f]g-very-long-name-over-31-characters', rows: [['x']] },
      ],
      ExcelJS,
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes)
    const ws = wb.worksheets[0]
    expect(ws.name).toBe('总体')
    expect(ws.getCell('B2').value).toBe(889)
    expect(ws.getCell('B3').value).toBe(0.8605)
    expect(ws.getCell('B3').numFmt).toBe('0.0%')
    expect(ws.getCell('B4').value).toBe(null)
    expect(ws.getRow(1).font.bold).toBe(true)
    expect(wb.worksheets[1].name.length).toBeLessThanOrEqual(31)
    expect(wb.worksheets[1].name).not.toMatch(/[\\/?*[\]:]/)
  })
})
