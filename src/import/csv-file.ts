// Reads an import file: its SHA-256 (the checkpoint key), a strict UTF-8 check that names the first bad
// line, and the records with the line each starts on (a quoted field may span lines). Parsing is
// csv-parse's (RFC 4180 quoting); line numbers are counted here from its byte offsets, because its own
// line counter drifts on CRLF inside quoted fields.
import { readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import { parse } from 'csv-parse'
import { ImportFileError } from './import-file-error.ts'

export interface CsvFile {
  path: string
  sha256: string
  /** The content without a UTF-8 byte order mark. */
  bytes: Buffer
  /** The field separator, read from the header line: ',' or, as Dutch and German Excel save "CSV", ';' or a tab. */
  delimiter: ',' | ';' | '\t'
}

export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  line: number
  cells: string[]
}

const LF = 0x0a
const CR = 0x0d

export async function readCsvFile(path: string): Promise<CsvFile> {
  let raw: Buffer
  try {
    raw = await readFile(path)
  } catch (err) {
    throw new ImportFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  return csvFileOf(path, raw)
}

/** An import file from its bytes (the Service Center's upload; path names it in messages). */
export function csvFileOf(path: string, raw: Buffer): CsvFile {
  const sha256 = createHash('sha256').update(raw).digest('hex')
  if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff)) {
    throw new ImportFileError(`${path} is UTF-16; save it as UTF-8 (in Excel: "CSV UTF-8")`)
  }
  const bytes = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw
  checkUtf8(path, bytes)
  return { path, sha256, bytes, delimiter: detectDelimiter(bytes) }
}

const delimiters = [',', ';', '\t'] as const

/**
 * The separator the header line uses most, outside quotes. The header holds only column names, which
 * contain none of the three, so the one that occurs is the one. Excel saves "CSV" with the list separator
 * of the system's region: ';' where the decimal separator is ',' (the Netherlands, Germany).
 */
export function detectDelimiter(bytes: Buffer): CsvFile['delimiter'] {
  const counts = new Map<string, number>()
  let quoted = false
  for (let i = 0; i < bytes.length; i++) {
    const ch = String.fromCharCode(bytes[i]!)
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && (delimiters as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best: CsvFile['delimiter'] = ','
  for (const d of delimiters) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d
  return best
}

/** Line breaks (LF, CRLF or a lone CR) in bytes[from, to). */
function countLineBreaks(bytes: Buffer, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) n++
  }
  return n
}

function checkUtf8(path: string, bytes: Buffer) {
  if (isUtf8(bytes)) return
  // No UTF-8 sequence contains the LF byte, so line by line finds the first bad line exactly.
  for (let start = 0; start < bytes.length;) {
    const lf = bytes.indexOf(LF, start)
    const end = lf === -1 ? bytes.length : lf
    if (!isUtf8(bytes.subarray(start, end))) {
      const line = 1 + countLineBreaks(bytes, 0, start)
      throw new ImportFileError(`${path}, line ${line}: not valid UTF-8 — the file seems to be in another encoding ` +
        '(Windows-1252 or ISO-8859-1?); save it as UTF-8 (in Excel: "CSV UTF-8")')
    }
    start = end + 1
  }
}

/** The records of the file, header included, each with the line it starts on. Broken quoting is a file error. */
export async function* csvRecords(file: CsvFile): AsyncGenerator<CsvRecord> {
  const { bytes } = file
  const parser = parse(bytes, {
    info: true,
    delimiter: file.delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  })
  let prevEnd = 0
  let lineAtPrevEnd = 1
  const startLine = () => {
    let start = prevEnd
    while (start < bytes.length && (bytes[start] === LF || bytes[start] === CR)) start++
    return { start, line: lineAtPrevEnd + countLineBreaks(bytes, prevEnd, start) }
  }
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const { start, line } = startLine()
      lineAtPrevEnd = line + countLineBreaks(bytes, start, info.bytes)
      prevEnd = info.bytes
      yield { line, cells: record }
    }
  } catch (err) {
    const code = (err as { code?: string }).code
    if (!code?.startsWith('CSV_') && code !== 'INVALID_OPENING_QUOTE') throw err
    // The error's bytes is where the broken record starts (records parsed but not yet read come before it).
    const at = (err as { bytes?: unknown }).bytes
    if (typeof at === 'number' && at >= prevEnd) {
      lineAtPrevEnd += countLineBreaks(bytes, prevEnd, at)
      prevEnd = at
    }
    const { line } = startLine()
    const why = code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed'
      : code === 'INVALID_OPENING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE' ? 'a quote inside an unquoted field (quote the whole field and double the quote: "O""Brien")'
        : code === 'CSV_INVALID_CLOSING_QUOTE' ? 'text after the closing quote of a field'
          : (err as Error).message
    throw new ImportFileError(`${file.path}, line ${line}: the CSV cannot be read: ${why}`)
  }
}
