// CSV helpers for the household import: quoting (RFC 4180), the template file and decoding of
// files saved by spreadsheet programs. Pure functions, no DOM needed except where noted.

/** The header the server's households:import endpoint expects, in order. */
export const IMPORT_HEADER = [
  'building',
  'unit',
  'floor',
  'room',
  'area_m2',
  'area_source',
  'owner_name',
  'owner_phone',
  'owner_kind',
  'delivered',
  'use',
]

/**
 * Quotes one field when it needs it: a comma, a double quote, a line break, or spaces at
 * either end (which many readers would trim). Quotes inside are doubled.
 */
export function quoteCsvField(value) {
  const text = value === null || value === undefined ? '' : String(value)
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) {
    return '"' + text.replace(/"/g, '""') + '"'
  }
  return text
}

/** Joins rows (arrays of values) into CSV text with CRLF line ends and a final line end. */
export function toCsv(rows) {
  return rows.map((row) => row.map(quoteCsvField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '')
}

/**
 * The template offered for download: only the header row. A UTF-8 byte order mark leads so
 * that Excel on Chinese Windows opens it as UTF-8 (the server accepts the BOM).
 */
export function templateCsv() {
  return '\uFEFF' + toCsv([IMPORT_HEADER])
}

/**
 * Turns the bytes of a CSV file into text. Files are UTF-8 (with or without BOM) in the
 * normal case, but Excel on Chinese Windows saves "CSV" as GBK: when the bytes are not valid
 * UTF-8 they are read as GB18030 (a superset of GBK). The BOM is removed either way.
 */
export function decodeCsvBytes(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let text
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(view)
  } catch {
    text = new TextDecoder('gb18030').decode(view)
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Counts the data lines (non-empty lines after the header) of CSV text, for a preview. */
export function countDataLines(text) {
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '')
  return Math.max(0, lines.length - 1)
}

/** Starts a browser download of text as a file (needs a DOM). */
export function downloadText(filename, text, type = 'text/csv;charset=utf-8') {
  const blob = new Blob([text], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
