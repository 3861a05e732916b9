// Reading .xlsx files in the browser: the first worksheet becomes CSV text that is posted to
// the same import endpoint as a .csv file. exceljs is large, so it is loaded on first use.
import { toCsv } from './csv.js'

function pad2(n) {
  return String(n).padStart(2, '0')
}

/**
 * The text of one cell value as exceljs gives it: plain values, dates (as YYYY-MM-DD, or with
 * time when there is one), rich text, hyperlinks, formulas (their cached result) and errors.
 * Booleans become yes/no, the words the import uses for "delivered".
 */
export function cellToText(value) {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') {
    // Avoid float noise such as 89.45000000000001 from a computed cell.
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)))
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return value
  if (value instanceof Date) {
    // exceljs gives dates as UTC midnights of the shown calendar date.
    const d = `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`
    const h = value.getUTCHours(), m = value.getUTCMinutes(), s = value.getUTCSeconds()
    return h || m || s ? `${d} ${pad2(h)}:${pad2(m)}:${pad2(s)}` : d
  }
  if (typeof value === 'object') {
    if (Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('')
    if ('formula' in value || 'sharedFormula' in value) return cellToText(value.result)
    if ('text' in value) return cellToText(value.text)
    if ('error' in value) return String(value.error)
  }
  return String(value)
}

/**
 * The rows of a worksheet as arrays of strings, with the sheet row number of each (so that a
 * problem the server reports on CSV line N can be shown as the row the user sees in Excel).
 * Fully empty rows are left out, trailing empty columns are cut, and every row gets the same
 * width (the widest non-empty row).
 */
export function readSheet(worksheet) {
  const rows = []
  const rowNumbers = []
  let width = 0
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = []
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellToText(cell.value).trim()
    })
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = ''
    while (cells.length && cells[cells.length - 1] === '') cells.pop()
    if (cells.length === 0) return
    width = Math.max(width, cells.length)
    rows.push(cells)
    rowNumbers.push(rowNumber)
  })
  for (const cells of rows) while (cells.length < width) cells.push('')
  return { rows, rowNumbers }
}

async function loadExcelJs() {
  const mod = await import('exceljs')
  return mod.default?.Workbook ? mod.default : mod
}

/**
 * Reads .xlsx bytes; returns the first worksheet as CSV text and, for each CSV line (index
 * 0 = line 1, the header), the sheet row it came from.
 */
export async function xlsxToCsv(buffer, excelJs) {
  const ExcelJS = excelJs || (await loadExcelJs())
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer)
  const sheet = workbook.worksheets[0]
  if (!sheet) return { csv: '', rowNumbers: [] }
  const { rows, rowNumbers } = readSheet(sheet)
  return { csv: toCsv(rows), rowNumbers }
}

/**
 * Writes sheets ([{name, columns: [widths], rows: [[cell]]}], a cell being text, a number or
 * {v, fmt} with an Excel number format) into .xlsx bytes. The first row of each sheet is bold
 * (the header). Sheet names are cut to Excel's 31 characters.
 */
export async function sheetsToXlsx(sheets, excelJs) {
  const ExcelJS = excelJs || (await loadExcelJs())
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Linli'
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(String(sheet.name).replace(/[\\/?*[\]:]/g, ' ').slice(0, 31))
    ;(sheet.columns || []).forEach((width, i) => {
      ws.getColumn(i + 1).width = width
    })
    for (const cells of sheet.rows) {
      const row = ws.addRow(cells.map((c) => (c !== null && typeof c === 'object' ? c.v ?? null : c)))
      cells.forEach((c, i) => {
        if (c !== null && typeof c === 'object' && c.fmt && c.v !== null && c.v !== undefined) row.getCell(i + 1).numFmt = c.fmt
      })
    }
    if (sheet.rows.length) ws.getRow(1).font = { bold: true }
  }
  return workbook.xlsx.writeBuffer()
}

/** Offers bytes as a download named `fileName` (browser only). */
export function downloadBytes(bytes, fileName, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const url = URL.createObjectURL(new Blob([bytes], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
