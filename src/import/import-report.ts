// The refused rows as CSV (line, column, message), written as they occur so an interrupted import keeps
// them. A resumed import appends to the report of the run it continues.
import { open, type FileHandle } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { ImportFileError } from './import-file-error.ts'

export interface ImportReport {
  readonly path: string
  add(line: number, column: string, message: string): Promise<void>
  close(): Promise<void>
}

/** persons.csv → persons.report.csv beside it. */
export const defaultReportPath = (input: string) =>
  join(dirname(input), `${basename(input, extname(input))}.report.csv`)

function csvField(value: string): string {
  // A cell starting with = + - @ is a formula to a spreadsheet; the apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export async function openReport(path: string, opts: { append: boolean }): Promise<ImportReport> {
  let handle: FileHandle
  try {
    handle = await open(path, opts.append ? 'a' : 'w')
  } catch (err) {
    throw new ImportFileError(`cannot write the report ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  if ((await handle.stat()).size === 0) await handle.write('line,column,message\n')
  return {
    path,
    async add(line, column, message) {
      await handle.write(`${line},${csvField(column)},${csvField(message)}\n`)
    },
    async close() {
      await handle.close()
    },
  }
}
