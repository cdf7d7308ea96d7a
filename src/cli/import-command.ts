// coursebridge import <file.csv> [--dry-run] [--resume] [--report <file>]: persons and registrations in
// bulk (README "Bulk import"). Exit code 0 when every row was applied, 1 when rows were refused (the good
// ones are applied) or the import stopped early, 2 for a usage or file error.
import { parseArgs } from 'node:util'
import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { runImport, type ImportSummary } from '../import/run-import.ts'
import { ImportFileError } from '../import/import-file-error.ts'
import { readCsvFile } from '../import/csv-file.ts'
import { createProgress } from '../import/import-progress.ts'

const usage = 'usage: coursebridge import <file.csv> [--dry-run] [--resume] [--report <file>]\n'

function describe(s: ImportSummary): string {
  const verb = s.dryRun ? 'would be applied' : 'applied'
  const run = `${s.applied} rows ${verb}, ${s.refused} refused` + (s.resumedAfterLine > 0 ? ` (continued after line ${s.resumedAfterLine})` : '')
  const whole = s.resumedAfterLine > 0 ? `; the whole file: ${s.appliedTotal} applied, ${s.refusedTotal} refused of ${s.totalRows}` : ''
  const report = s.refused > 0 ? `\nrefused rows: ${s.reportPath}` : ''
  const stopped = s.complete ? '' : '\nstopped before the end: run the same command again to continue'
  return `${run}${whole}${report}${stopped}\n`
}

export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, resume: { type: 'boolean' }, report: { type: 'string' } },
    })
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`)
    return 2
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    process.stderr.write(usage)
    return 2
  }
  let csv
  try {
    // A file that cannot be read or is not UTF-8 is answered before the database is opened.
    csv = await readCsvFile(positionals[0]!)
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err
    process.stderr.write(`${err.message}\n`)
    return 2
  }
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  const abort = new AbortController()
  const onSigint = () => {
    process.stderr.write('\nstopping after the current row …\n')
    abort.abort()
  }
  process.once('SIGINT', onSigint)
  try {
    // The queue runs (without workers): each applied registration queues its reconcile for the workers.
    await app.start()
    const summary = await runImport(app.ctx, {
      file: positionals[0]!,
      csv,
      dryRun: values['dry-run'] ?? false,
      resume: values.resume ?? false,
      reportPath: values.report,
      signal: abort.signal,
      notice: (text) => process.stderr.write(`${text}\n`),
      progress: (total, startDone) => createProgress({ total, startDone, out: process.stderr, tty: process.stderr.isTTY === true }),
    })
    process.stdout.write(describe(summary))
    return summary.complete && summary.refusedTotal === 0 ? 0 : 1
  } catch (err) {
    if (err instanceof ImportFileError) {
      process.stderr.write(`${err.message}\n`)
      return 2
    }
    throw err
  } finally {
    process.off('SIGINT', onSigint)
    await app.stop()
  }
}
