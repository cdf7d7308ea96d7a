// The benchmark's one Markdown table: a column per database × size × path, a row per figure.
import { cpus, totalmem } from 'node:os'
import type { CellResult } from './cell.ts'

export interface Column {
  db: 'pglite' | 'postgres'
  size: number
  path: 'batched' | 'naive'
  batchSize: number
  outcome: 'done' | 'skipped' | 'failed'
  result?: CellResult
  /** The machine's 1-minute load average when the cell ended (other work on the machine skews the figures). */
  load?: number
}

interface TableOptions {
  command: string
  latency: string
  phpWorkers: number
  /** A real LMS's address instead of the simulator. */
  realUrl?: string
  /** Which LMS realUrl is (default Moodle). */
  realLms?: 'Moodle' | 'ILIAS'
  singles: number
  naiveLimit: number
  full: boolean
  post: 'single' | 'batch'
  postBatch: number
  postConcurrency: number
  nodeFlags: string[]
  /** What `coursebridge start` adds on the embedded database (scripts/embedded-database-node.mjs). */
  embeddedNodeFlags: string[]
  embeddedEnv: string[]
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`
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
  ['… by thread: event loop / V8 helpers (GC, compiler) / render worker / other', (r) => {
    const per = (ms: number) => (ms / r.spec.size).toFixed(2)
    const t = r.cpuMsByThread
    if (Object.keys(t).length === 0) return '—'
    const known = ['MainThread', 'V8Worker', 'WorkerThread']
    const other = Object.entries(t).filter(([name]) => !known.includes(name)).reduce((sum, [, ms]) => sum + ms, 0)
    return `${per(t.MainThread ?? 0)} / ${per(t.V8Worker ?? 0)} / ${per(t.WorkerThread ?? 0)} / ${per(other)} ms`
  }],
  ['step-log rows / registration', (r) => r.stepRowsPerRegistration.toFixed(1)],
  ['peak RSS of the coursebridge process', (r) => `${Math.round(r.peakRssBytes / 2 ** 20)} MB`],
  ['… PGlite WebAssembly memory (largest)', (r) => (r.memory.max.wasm ? mb(r.memory.max.wasm) : '—')],
  ['… at the highest sampled RSS: V8 heap used / total, external', (r) => {
    const p = r.memory.atPeak
    return `${mb(p.heapUsed)} / ${mb(p.heapTotal)}, ${mb(p.external)} (RSS ${mb(p.rss)})`
  }],
  ['… RSS there by mapping: WebAssembly memory touched / files (node) / other anonymous', (r) => {
    const b = r.memory.residentAtPeak
    return b ? `${mb(b.wasm)} / ${mb(b.files)} / ${mb(b.otherAnonymous)}` : '—'
  }],
  ['coursebridge ms / registration', (r) => (r.totalMs / r.spec.size).toFixed(1)],
  ['sequential baseline ms / registration, same LMS', (r) => (r.baseline ? (r.baseline.totalMs / r.baseline.size).toFixed(1) : '—')],
  ['throughput ÷ baseline\'s', (r) => (r.baseline ? `${ratio(r).toFixed(2)} ×` : '—')],
  ['LMS calls at once (simulator\'s PHP workers busy, peak)', (r) => (r.peakWorkers === null ? '—' : String(r.peakWorkers))],
  ['load average (1 min) after the cell', (_r, c) => (c.load === undefined ? '—' : c.load.toFixed(2))],
]

/** coursebridge's throughput over the baseline's (> 1: faster than the floor). */
const ratio = (r: CellResult) => (r.baseline!.totalMs / r.baseline!.size) / (r.totalMs / r.spec.size)

/** The performance targets, each judged on the columns it is about; lines for the targets section. */
export function judgeTargets(columns: Column[], o: Pick<TableOptions, 'latency' | 'phpWorkers' | 'realUrl' | 'realLms'>): string[] {
  const done = columns.filter((c) => c.result)
  const lines: string[] = []
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**')
  const name = (c: Column) => `${dbName[c.db]} ${grouped(c.size)} ${c.path} (load ${c.load?.toFixed(2) ?? '?'})`
  const withBaseline = done.filter((c) => c.result!.baseline)
  if (o.realUrl) {
    for (const c of withBaseline) {
      const r = ratio(c.result!)
      lines.push(`real ${o.realLms ?? 'Moodle'}: coursebridge ms per registration ≤ 1.0 × the sequential baseline's — ${verdict(r >= 1)}: ${(1 / r).toFixed(2)} × (${name(c)})`)
    }
    return lines
  }
  const calibrated4 = o.latency === 'calibrated' && o.phpWorkers === 4
  for (const c of withBaseline.filter((c) => c.size >= 10_000 && calibrated4)) {
    const r = ratio(c.result!)
    lines.push(`calibrated simulator, 4 workers, 10 000 new: ≥ 1.3 × the sequential baseline's throughput — ${verdict(r >= 1.3)}: ${r.toFixed(2)} × (${name(c)})`)
  }
  for (const c of done.filter((c) => c.path === 'batched')) {
    const perReg = c.result!.lmsCalls / c.size
    lines.push(`≤ 0.05 LMS calls per registration — ${verdict(perReg <= 0.05)}: ${perReg.toFixed(3)} (${name(c)})`)
  }
  for (const c of done.filter((c) => c.result!.accessMs.length > 0)) {
    const p95 = percentile(c.result!.accessMs, 95)
    lines.push(`single registration p95 < 1 s — ${verdict(p95 < 1000)}: ${Math.round(p95)} ms (${name(c)})`)
  }
  for (const c of done.filter((c) => c.db === 'postgres' && c.result!.spec.post === 'single')) {
    const cpu = c.result!.cpuMs / c.size
    lines.push(`≤ 1 ms connector CPU per registration, one POST each, PostgreSQL — ${verdict(cpu <= 1)}: ${cpu.toFixed(2)} ms (${name(c)})`)
  }
  for (const c of done.filter((c) => c.db === 'pglite' && c.size >= 10_000)) {
    const mb = c.result!.peakRssBytes / 2 ** 20
    lines.push(`embedded database < 200 MB peak RSS at 10 000 — ${verdict(mb < 200)}: ${Math.round(mb)} MB (${name(c)})`)
  }
  return lines
}

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
    (o.realUrl
      ? `A real ${o.realLms ?? 'Moodle'} (${o.realUrl}); `
      : o.latency === 'calibrated'
        ? `Moodle simulator with the calibrated cost model (per call and per record, as a Moodle 4.5.6 measured; ${o.phpWorkers} PHP workers serve calls at once, the others queue), in its own process (its CPU is not counted); `
        : `Moodle simulator with a flat ${o.latency} ms per call (any number at once), in its own process (its CPU is not counted); `) +
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
    'Baseline: the same number of new persons, in the same run and LMS after the bulk, by a script that makes ' +
      (o.realLms === 'ILIAS'
        ? 'per 50 one importUsers and then one assignCourseMember per person, in sequence (bench/baseline-ilias.ts). '
        : 'the three batched calls per 100 in sequence (get_users_by_field, create_users, enrol_manual_enrol_users; bench/baseline.ts). ') +
      'LMS calls: coursebridge\'s own count of its HTTP requests to the LMS during the bulk run. Access time: ' +
      `${o.singles} sequential single registrations on the idle system, each from the API call until ` +
      (o.realUrl ? 'coursebridge records the registration active (just after the LMS answered the enrol call)' : 'the simulator has the enrolment') +
      ' (measured once per database and path). CPU: process.cpuUsage() of the coursebridge process ' +
      'during the bulk run ÷ registrations (with PGlite the embedded database\'s work is included; PostgreSQL\'s server ' +
      'is not). Peak RSS: VmHWM of the coursebridge process — a fresh process per column, running the compiled build ' +
      '(dist/) with plain node and the flags `npm start` gives it' + (o.nodeFlags.length ? ` (${o.nodeFlags.join(' ')})` : '') +
      (o.embeddedNodeFlags.length ? `, on PGlite also ${o.embeddedNodeFlags.join(' ')} and ${o.embeddedEnv.join(' ')} as \`coursebridge start\` restarts itself with them` : '') + '; ' +
      'process.memoryUsage() and PGlite\'s WebAssembly memory (it grows and never shrinks; resident as far as touched) ' +
      'are sampled every 250 ms (BENCH_MEMORY_TRACE=1 prints the samples).',
    !o.full && columns.some((c) => c.outcome === 'skipped')
      ? `—: the naive path above ${grouped(o.naiveLimit)} registrations runs only with --full.`
      : '',
    ...columns.filter((c) => c.result).map((c) => `Calls per registration, ${dbName[c.db]} ${grouped(c.size)} ${c.path}: ` +
      Object.entries(c.result!.callsByFunction).map(([fn, n]) => `${fn} ${(n / c.size).toFixed(2)}`).join(', ') + '.'),
  ].filter(Boolean)
  const targets = judgeTargets(columns, o)
  // CPU figures differ from machine to machine (the same code measured 0.92–1.11 and 0.60–0.82 ms on two 2-core ones).
  const machine = `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`
  return [...lines, '', ...notes.map((n) => `${n}  `), '', `Command: \`${o.command}\``, machine,
    ...(targets.length ? ['', 'Targets:', ...targets.map((t) => `- ${t}`)] : [])].join('\n')
}

/** A cell's memory samples, one line per second, with the phases: where the resident set grew. */
export function memoryTrace(r: CellResult): string {
  const m = r.memory
  const marks = Object.entries(m.phases).sort((a, b) => a[1] - b[1])
  const lines = ['memory (MB): s  rss  heapUsed  heapTotal  external  arrayBuffers  wasm']
  let nextAt = 0
  for (const s of m.samples) {
    while (marks.length && marks[0]![1] <= s.atMs) lines.push(`  — ${marks.shift()![0]}`)
    if (s.atMs < nextAt && s !== m.samples[m.samples.length - 1]) continue
    nextAt = s.atMs + 1000
    const f = (b: number) => String(Math.round(b / 2 ** 20)).padStart(5)
    lines.push(`${(s.atMs / 1000).toFixed(1).padStart(6)} ${f(s.rss)} ${f(s.heapUsed)} ${f(s.heapTotal)} ${f(s.external)} ${f(s.arrayBuffers)} ${f(s.wasm)}`)
  }
  const b = m.residentAtPeak
  if (b) {
    lines.push('largest other anonymous mappings at the highest RSS (resident of size, MB): ' +
      b.largestAnonymous.map((a) => `${Math.round(a.rss / 2 ** 20)}/${Math.round(a.size / 2 ** 20)} ${a.perm}`).join(', '))
  }
  return lines.join('\n') + '\n'
}
