// A bulk import of persons and registrations from CSV: read and check the whole file first (encoding,
// quoting, header, keys repeated within the file: a file error applies nothing), then validate each row,
// apply them in chunks through the bulk registration path and checkpoint after each chunk.
// Refused rows go to the report and the import goes on; a re-run of the same file continues after the
// last line done.
import { basename } from 'node:path'
import type { AppContext } from '../services/context.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { csvRecords, readCsvFile, type CsvFile, type CsvRecord } from './csv-file.ts'
import { readHeader, type ImportLayout } from './import-columns.ts'
import { ImportFileError } from './import-file-error.ts'
import { readRow, type RegistrationInput, type RowProblem } from './import-row.ts'
import { applyCancel, applyRegistrations, type ApplyResult } from './apply-row.ts'
import { DuplicateRows } from './duplicate-rows.ts'
import { advanceCheckpoint, findCheckpoint, finishCheckpoint, startCheckpoint } from './import-checkpoint.ts'
import { defaultReportPath, openReport, type ImportReport } from './import-report.ts'
import { silentProgress, type ImportProgress } from './import-progress.ts'

export interface ImportOptions {
  file: string
  /** The file already read (and checked) by the caller. */
  csv?: CsvFile
  tenantId?: string
  /** Validate every row and check course codes and persons referred to; write nothing but the report. */
  dryRun?: boolean
  /** Continue an interrupted import; a finished one is not applied again (without: it starts over). */
  resume?: boolean
  reportPath?: string
  /** Stop after this many rows in this run, as an interruption would (tests). */
  limit?: number
  /** Stops after the current row (Ctrl-C); the checkpoint is there to continue from. */
  signal?: AbortSignal
  progress?: (total: number, startDone: number) => ImportProgress
  /** Messages for the person running the import (stderr). */
  notice?: (text: string) => void
  /** Each problem of a refused row, as it is reported. */
  onRefused?: (line: number, problem: RowProblem) => void
  /** Each row applied (in a dry run: each row a real run would apply). */
  onAccepted?: (line: number) => void
  /** Where refused rows go instead of a report file (the Service Center keeps them in memory). */
  report?: ImportReport
}

export interface ImportSummary {
  file: string
  sha256: string
  totalRows: number
  /** This run started after this line (0: at the first row). */
  resumedAfterLine: number
  /** Rows of this run. */
  applied: number
  refused: number
  /** Rows of the whole file, earlier runs included. */
  appliedTotal: number
  refusedTotal: number
  /** Every row was done (applied or refused). */
  complete: boolean
  /** A --resume of a file imported completely before: nothing was done. */
  alreadyFinished: boolean
  dryRun: boolean
  reportPath: string
}

const isBlank = (r: CsvRecord) => r.cells.every((c) => c.trim() === '')

/** Registrations sent to the service at a time (registerMany; POST /registrations/batch takes up to 500). */
export const importChunkSize = 200

/**
 * First pass: the header, the number of rows and the keys repeated within the file; a broken file stops
 * here, before anything is applied.
 */
async function survey(file: CsvFile): Promise<{ layout: ImportLayout; total: number; duplicates: Map<number, RowProblem[]> }> {
  let layout: ImportLayout | null = null
  let total = 0
  const duplicates = new DuplicateRows()
  for await (const record of csvRecords(file)) {
    if (!layout) layout = readHeader(record.cells)
    else if (!isBlank(record)) {
      total++
      const row = readRow(layout, record.cells)
      if (row.ok) duplicates.add(record.line, row.action)
    }
  }
  if (!layout) throw new ImportFileError(`${file.path} is empty: the first line must name the columns`)
  return { layout, total, duplicates: duplicates.finish() }
}

/** A row read, waiting for its chunk: decided (refused by its own check, or a cancel done) or a registration. */
type Pending = { line: number; result: ApplyResult } | { line: number; input: RegistrationInput }

export async function runImport(ctx: AppContext, o: ImportOptions): Promise<ImportSummary> {
  const tenantId = o.tenantId ?? defaultTenant
  const dryRun = o.dryRun ?? false
  const notice = o.notice ?? (() => {})
  const file = o.csv ?? await readCsvFile(o.file)
  const { layout, total, duplicates } = await survey(file)
  const reportPath = o.reportPath ?? defaultReportPath(o.file)
  const summary: ImportSummary = {
    file: o.file, sha256: file.sha256, totalRows: total, resumedAfterLine: 0, applied: 0, refused: 0,
    appliedTotal: 0, refusedTotal: 0, complete: false, alreadyFinished: false, dryRun, reportPath,
  }

  let before = { rowsDone: 0, rowsApplied: 0, rowsRefused: 0 }
  if (!dryRun) {
    const cp = await findCheckpoint(ctx.db, tenantId, file.sha256)
    if (cp && cp.finishedAt && o.resume) {
      notice(`${o.file} was imported completely on ${cp.finishedAt.toISOString()}: nothing to resume`)
      return { ...summary, appliedTotal: cp.rowsApplied, refusedTotal: cp.rowsRefused, complete: true, alreadyFinished: true }
    }
    if (cp && !cp.finishedAt && cp.lastLine > 0) {
      summary.resumedAfterLine = cp.lastLine
      before = cp
      notice(`continuing ${o.file} after line ${cp.lastLine} (${cp.rowsDone} of ${total} rows done on ${cp.startedAt.toISOString()})`)
    } else {
      if (o.resume && !cp) notice(`no interrupted import of ${o.file}: starting at the first row`)
      await startCheckpoint(ctx.db, tenantId, file.sha256, basename(o.file), total)
    }
  }

  const report = o.report ?? await openReport(reportPath, { append: summary.resumedAfterLine > 0 })
  const progress = o.progress?.(total, before.rowsDone) ?? silentProgress
  const done = () => before.rowsDone + summary.applied + summary.refused
  let header = true
  let line = 0
  let pending: Pending[] = []
  const flush = async () => {
    if (pending.length === 0) return
    const registrations = pending.filter((p): p is Extract<Pending, { input: RegistrationInput }> => 'input' in p)
    const results = await applyRegistrations(ctx, tenantId, registrations.map((p) => p.input), { dryRun })
    const resultOf = new Map(registrations.map((p, k) => [p, results[k]!]))
    let applied = 0
    let refused = 0
    for (const p of pending) {
      const result = 'result' in p ? p.result : resultOf.get(p)!
      if (result.ok) {
        applied++
        o.onAccepted?.(p.line)
      } else {
        refused++
        for (const problem of result.problems) {
          await report.add(p.line, problem.column, problem.message)
          o.onRefused?.(p.line, problem)
        }
      }
    }
    const lastLine = pending.at(-1)!.line
    if (!dryRun) await advanceCheckpoint(ctx.db, tenantId, file.sha256, lastLine, applied, refused)
    summary.applied += applied
    summary.refused += refused
    pending = []
    progress.update(done())
  }
  try {
    summary.complete = true
    for await (const record of csvRecords(file)) {
      if (header) {
        header = false
        continue
      }
      if (isBlank(record) || record.line <= summary.resumedAfterLine) continue
      if ((o.limit !== undefined && summary.applied + summary.refused + pending.length >= o.limit) || o.signal?.aborted) {
        summary.complete = false
        break
      }
      line = record.line
      const row = readRow(layout, record.cells)
      const repeated = duplicates.get(record.line)
      if (!row.ok) pending.push({ line, result: row })
      else if (repeated) pending.push({ line, result: { ok: false, problems: repeated } })
      else if (row.action.kind === 'register') pending.push({ line, input: row.action.input })
      else {
        // A cancel after the registrations before it, in file order: the file may register and then cancel.
        await flush()
        pending.push({ line, result: await applyCancel(ctx, tenantId, row.action, { dryRun }) })
      }
      if (pending.length >= importChunkSize) await flush()
    }
    await flush()
    if (summary.complete && !dryRun) await finishCheckpoint(ctx.db, tenantId, file.sha256)
  } catch (err) {
    summary.complete = false
    if (err instanceof ImportFileError) throw err
    throw new Error(`the import stopped near line ${line}: ${(err as Error).message}; the rows done before are kept — ` +
      'run the same command again to continue', { cause: err })
  } finally {
    progress.finish(done())
    await report.close()
  }
  summary.appliedTotal = before.rowsApplied + summary.applied
  summary.refusedTotal = before.rowsRefused + summary.refused
  return summary
}
