// The benchmark's one Markdown table: a column per database × size × path, a row per figure.
import type { CellResult } from './cell.ts'

export interface Column {
  db: 'pglite' | 'postgres'
  size: number
  path: 'batched' | 'naive'
  batchSize: number
  outcome: 'done' | 'skipped' | 'failed'
  result?: CellResult
}

interface TableOptions {
  command: string
  latencyMs: number
  singles: number
  naiveLimit: number
  full: boolean
  post: 'single' | 'batch'
  postBatch: number
  postConcurrency: number
  nodeFlags: string[]
}

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
const dbName = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type Row = [label: string, value: (r: CellResult, column: Column, columns: Column[]) => string]

const rows: Row[] = [
  ['LMS calls / registration', (r) => (r.lmsCalls / r.spec.size).toFixed(2)],
  ['registrations / s', (r) => (r.spec.size / (r.totalMs / 1000)).toFixed(1)],
  ['total time (first API call → all active)', (r) => `${(r.totalMs / 1000).toFixed(1)} s`],
  ['API call → access, idle, p50 / p95', (_r, column, columns) => {
    // Measured once per database and path (in its first cell).
    const source = columns.find((c) => c.db === column.db && c.path === column.path && (c.result?.accessMs.length ?? 0) > 0)
    const ms = source?.result?.accessMs
    return ms ? `${Math.round(percentile(ms, 50))} / ${Math.round(percentile(ms, 95))} ms` : '—'
  }],
  ['connector CPU / registration', (r) => `${(r.cpuMs / r.spec.size).toFixed(2)} ms`],
  ['peak RSS of the coursebridge process', (r) => `${Math.round(r.peakRssBytes / 2 ** 20)} MB`],
]

export function renderTable(columns: Column[], o: TableOptions): string {
  const header = ['', ...columns.map((c) => `${dbName[c.db]} · ${grouped(c.size)} · ${c.path} (${c.batchSize})`)]
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map(([label, value]) => `| ${label} | ${columns.map((c) =>
      c.result ? value(c.result, c, columns) : c.outcome === 'failed' ? 'failed' : '—').join(' | ')} |`),
  ]
  const first = columns.find((c) => c.result)?.result
  const notes = [
    `Moodle simulator with ${o.latencyMs} ms latency per call, in its own process (its CPU is not counted); ` +
      'registrations posted in-process with app.http.inject (no socket), ' +
      (o.post === 'batch'
        ? `the bulk as POST /api/v1/registrations/batch with ${o.postBatch} each, ${o.postConcurrency} requests at a time`
        : `the bulk as one POST /api/v1/registrations each, ${o.postConcurrency} at a time`) +
      ', one new person each, one course.',
    first
      ? `coursebridge as shipped (loadConfig defaults): WORKER_CONCURRENCY ${first.workerConcurrency}, ` +
        `queue polling every ${first.pollingIntervalSeconds} s, per-connection limit maxConcurrentCalls 4; ` +
        `the column heading's number is reconcileBatchSize (RECONCILE_BATCH_SIZE).`
      : '',
    first && !first.batchSizeKnown
      ? '**This build has no reconcileBatchSize yet: both paths ran the same one-registration-per-job code.**'
      : '',
    'LMS calls from the simulator\'s call log during the bulk run. Access time: ' +
      `${o.singles} sequential single registrations on the idle system, each from the API call until the simulator ` +
      'has the enrolment (measured once per database and path). CPU: process.cpuUsage() of the coursebridge process ' +
      'during the bulk run ÷ registrations (with PGlite the embedded database\'s work is included; PostgreSQL\'s server ' +
      'is not). Peak RSS: VmHWM of the coursebridge process — a fresh process per column, running the compiled build ' +
      '(dist/) with plain node and the flags `npm start` gives it' + (o.nodeFlags.length ? ` (${o.nodeFlags.join(' ')})` : '') + '.',
    !o.full && columns.some((c) => c.outcome === 'skipped')
      ? `—: the naive path above ${grouped(o.naiveLimit)} registrations runs only with --full.`
      : '',
    ...columns.filter((c) => c.result).map((c) => `Calls per registration, ${dbName[c.db]} ${grouped(c.size)} ${c.path}: ` +
      Object.entries(c.result!.callsByFunction).map(([fn, n]) => `${fn} ${(n / c.size).toFixed(2)}`).join(', ') + '.'),
  ].filter(Boolean)
  return [...lines, '', ...notes.map((n) => `${n}  `), '', `Command: \`${o.command}\``].join('\n')
}
