// An import file uploaded in the Service Center: the same import as `coursebridge import` (runImport:
// the same reader, row checks, chunks and checkpoint), with the refused rows kept in memory instead of a
// report file, and the rows accepted listed too, so the page can show a dry run row by row and then apply
// exactly that file.
import type { AppContext } from '../services/context.ts'
import { csvFileOf } from './csv-file.ts'
import { ImportFileError } from './import-file-error.ts'
import { runImport, type ImportSummary } from './run-import.ts'

/**
 * The largest file the Service Center takes: about 5 000 rows with the person columns. Larger files go
 * through `coursebridge import` (progress, resume after an interruption, the report as a file).
 */
export const uploadLimitBytes = 1024 * 1024

export interface RefusedRow {
  line: number
  column: string
  message: string
}

export interface UploadOutcome {
  summary: ImportSummary
  /** Lines applied (dry run: that a real run would apply). */
  accepted: number[]
  /** Each problem of each refused row, in file order. */
  refused: RefusedRow[]
}

export async function importUpload(ctx: AppContext, tenantId: string, name: string, bytes: Buffer, o: { dryRun: boolean }): Promise<UploadOutcome> {
  if (bytes.length > uploadLimitBytes) {
    throw new ImportFileError(`${name} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the Service Center takes files up to 1 MB — `
      + 'split it, or use `coursebridge import` on the server')
  }
  if (bytes.toString('utf8').trim() === '') throw new ImportFileError(`${name} is empty: the first line must name the columns`)
  const accepted: number[] = []
  const refused: RefusedRow[] = []
  const summary = await runImport(ctx, {
    file: name, csv: csvFileOf(name, bytes), tenantId, dryRun: o.dryRun,
    onAccepted: (line) => accepted.push(line),
    report: { path: '(Service Center)', add: async (line, column, message) => { refused.push({ line, column, message }) }, close: async () => {} },
  })
  return { summary, accepted, refused }
}
