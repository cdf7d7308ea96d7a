// coursebridge import <file.csv> [--dry-run] [--resume] [--report <file>]: persons and registrations in
// bulk (README "Bulk import"). Exit code 0 when every row was applied, 1 when rows were refused (the good
// ones are applied) or the import stopped early, 2 for a usage or file error.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { runImport, type ImportSummary } from '../import/run-import.ts'
import { ImportFileError } from '../import/import-file-error.ts'
import { readCsvFile, type CsvFile } from '../import/csv-file.ts'
import { defaultReportPath } from '../import/import-report.ts'
import type { AppContext } from '../services/context.ts'
import { terminalIo, type CommandIo } from './command-io.ts'
import { throughRunningService } from './run-local-or-remote.ts'
import { createProgress } from '../import/import-progress.ts'

export const importUsage = `usage: coursebridge import <file.csv> [--dry-run] [--resume] [--report <file>]

Persons and registrations from a CSV file (README "Bulk import"): one header row naming the columns,
separated by ',' ';' or a tab (Excel's "CSV UTF-8" of any region). Rows are checked as the service checks
them (the person data the LMS of the course needs included) and applied in chunks; refused rows go to the
report with line, column and reason, the others are applied.

  --dry-run        check every row, apply nothing: the rows it accepts are the rows a real run applies
  --resume         continue an interrupted import of this file (a finished one is not applied again)
  --report <file>  where the refused rows go (default: <file>.report.csv beside the input)

exit code: 0 every row applied, 1 rows refused or the import stopped early, 2 a usage or file error
`
const usage = importUsage.split('\n')[0]! + '\n'

/** How many refused rows the terminal shows; the report holds them all. */
const shownRefusals = 10

function describe(s: ImportSummary): string {
  if (s.alreadyFinished) return `${s.file} was imported completely before (${s.appliedTotal} applied, ${s.refusedTotal} refused): nothing to resume\n`
  const verb = s.dryRun ? 'would be applied' : 'applied'
  const run = `${s.applied} rows ${verb}, ${s.refused} refused` + (s.resumedAfterLine > 0 ? ` (continued after line ${s.resumedAfterLine})` : '')
  const whole = s.resumedAfterLine > 0 ? `; the whole file: ${s.appliedTotal} applied, ${s.refusedTotal} refused of ${s.totalRows}` : ''
  const report = s.refused > 0 ? `\nrefused rows: ${s.reportPath}` : ''
  const stopped = s.complete ? '' : '\nstopped before the end: run the same command again to continue'
  return `${run}${whole}${report}${stopped}\n`
}

interface PreparedImport {
  file: string
  csv: CsvFile
  dryRun: boolean
  resume: boolean
  reportPath: string
}

/** Arguments and file, before the database is opened: a usage or file error is answered with exit 2. */
async function prepareImport(args: string[], io: CommandIo): Promise<PreparedImport | number> {
  let parsed
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, resume: { type: 'boolean' }, report: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (err) {
    io.err.write(`${(err as Error).message}\n${usage}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.out.write(importUsage)
    return 0
  }
  if (positionals.length !== 1) {
    io.err.write(usage)
    return 2
  }
  const file = positionals[0]!
  try {
    // Paths as the operator typed them, relative to where the command was run (the service runs elsewhere).
    const csv = await readCsvFile(resolve(io.cwd, file))
    const reportPath = resolve(io.cwd, values.report ?? defaultReportPath(file))
    return { file, csv, dryRun: values['dry-run'] ?? false, resume: values.resume ?? false, reportPath }
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err
    io.err.write(`${err.message}\n`)
    return 2
  }
}

async function runPrepared(ctx: AppContext, p: PreparedImport, io: CommandIo): Promise<number> {
  let shown = 0
  try {
    const summary = await runImport(ctx, {
      file: p.file,
      csv: p.csv,
      dryRun: p.dryRun,
      resume: p.resume,
      reportPath: p.reportPath,
      signal: io.signal,
      notice: (text) => io.err.write(`${text}\n`),
      onRefused: (line, problem) => {
        if (shown++ < shownRefusals) {
          const where = problem.message.startsWith(problem.column) ? `line ${line}` : `line ${line}, ${problem.column}`
          io.err.write(`${io.tty ? '\r\x1b[K' : ''}${where}: ${problem.message}\n`)
        }
        else if (shown === shownRefusals + 1) io.err.write('… more in the report\n')
      },
      progress: (total, startDone) => createProgress({ total, startDone, out: io.err, tty: io.tty }),
    })
    io.out.write(describe(summary))
    if (summary.alreadyFinished) return 0
    return summary.complete && summary.refusedTotal === 0 ? 0 : 1
  } catch (err) {
    if (err instanceof ImportFileError) {
      io.err.write(`${err.message}\n`)
      return 2
    }
    throw err
  }
}

/** The whole command inside the running service (control-socket.ts). */
export async function importWith(ctx: AppContext, args: string[], io: CommandIo): Promise<number> {
  const prepared = await prepareImport(args, io)
  return typeof prepared === 'number' ? prepared : runPrepared(ctx, prepared, io)
}

export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(importUsage)
    return 0
  }
  // While the service runs on the embedded database, it imports (it alone opens the database).
  const remote = await throughRunningService(config, { command: 'import', args })
  if (remote !== null) return remote
  const abort = new AbortController()
  const io = terminalIo(abort.signal)
  const prepared = await prepareImport(args, io)
  if (typeof prepared === 'number') return prepared
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  const onSigint = () => {
    process.stderr.write('\nstopping after the current chunk of rows …\n')
    abort.abort()
  }
  process.once('SIGINT', onSigint)
  try {
    // The queue runs (without workers): each applied registration queues its reconcile for the workers.
    await app.start()
    return await runPrepared(app.ctx, prepared, io)
  } finally {
    process.off('SIGINT', onSigint)
    await app.stop()
  }
}
