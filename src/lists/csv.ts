// CSV as spreadsheet programs read it (RFC 4180: comma, CRLF, quotes doubled; UTF-8 with a byte-order mark
// so Excel shows é and ß), safe against formula injection: a cell that starts with = + - @ (or a tab or
// carriage return) is prefixed with ' so a spreadsheet shows it as text instead of running it
// (https://owasp.org/www-community/attacks/CSV_Injection). Exports are streamed chunk by chunk.
import { Readable } from 'node:stream'
import type { CsvColumn } from './list-query.ts'

export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (cells: (string | number | boolean | Date | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`

/** A readable stream of the CSV: header line, then each chunk of rows as it arrives. */
export function csvStream<Row>(columns: CsvColumn<Row>[], chunks: AsyncIterable<Row[]>): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(columns.map((c) => c.header))}`
    for await (const rows of chunks) yield rows.map((row) => csvLine(columns.map((c) => c.value(row)))).join('')
  }
  return Readable.from(lines())
}

/** The export's file name: the list and today's date. */
export const csvFileName = (name: string, now = new Date()) => `${name}-${now.toISOString().slice(0, 10)}.csv`
