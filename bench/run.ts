// `npm run bench`: new registrations into one course against the Moodle simulator (calibrated: what each call
// costs a real Moodle per call and per record, served by 4 PHP workers — src/lms/simulator-cost.ts), the
// batching reconcile side by side with the naive one-registration-per-job path, on PGlite and on PostgreSQL,
// and in each batched cell the same number of new persons through the minimal sequential script
// (bench/baseline.ts) against the same simulator, for the ratio. Prints one Markdown table and the targets.
// With MOODLE_URL and MOODLE_TOKEN set (and --course or MOODLE_COURSE_ID) it runs against that Moodle instead:
// new persons with a unique prefix, through coursebridge and through the baseline, side by side. With ILIAS_URL,
// ILIAS_CLIENT, ILIAS_USER, ILIAS_PASSWORD (and --ref-id or ILIAS_REF_ID) the same against that ILIAS, with
// bench/baseline-ilias.ts (importUsers per 50, then assignCourseMember per person, in sequence) as the floor. Loopback only; every cell is bounded by a timeout. This script runs
// from source (tsx); it builds dist/ when needed (scripts/build.mjs) and runs each cell compiled, with plain
// node, as `npm start` runs coursebridge.
//
//   npm run bench                                   1 000 and 10 000, both databases (naive at 1 000 only)
//   npm run bench -- --full                         naive at 10 000 too (long: ~WORKER_CONCURRENCY jobs a second)
//   npm run bench -- --sizes 1000 --db pglite --quick
//   MOODLE_URL=… MOODLE_TOKEN=… npm run bench -- --course 7 --sizes 200 --db postgres
//   ILIAS_URL=… ILIAS_CLIENT=… ILIAS_USER=… ILIAS_PASSWORD=… npm run bench -- --ref-id 70 --sizes 200 --db postgres
// Options: --sizes a,b  --db pglite,postgres  --paths batched,naive  --quick (10 idle single registrations instead of 50)
//   --latency calibrated|MS (calibrated, the default; MS: the old flat model, every call MS, any number at once)
//   --php-workers N (4: calls the calibrated simulator serves at once)  --no-baseline (skip the sequential script)
//   --course ID (a real Moodle's course with manual enrolment; MOODLE_COURSE_ID)
//   --ref-id N (with ILIAS_URL: the ref id of an ILIAS course; ILIAS_REF_ID)
//   --post batch|single (batch: the bulk as POST /registrations/batch of 100, 4 at once — the default;
//   single: one POST /registrations each, 50 at once)
//   --full  --batch N (100, the batched path's reconcileBatchSize)  --workers N (shipped default)
//   --cpu-prof DIR (a V8 CPU profile of each cell process, for Chrome DevTools)
//   BENCH_MEMORY_TRACE=1 prints each cell's memory samples (RSS, V8 heap, external, PGlite's WebAssembly memory)
//   --postgres-url URL (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureBuilt } from '../scripts/build.mjs'
import { embeddedDatabaseMallocEnv, embeddedDatabaseNodeFlags } from '../scripts/embedded-database-node.mjs'
import type { CellResult, CellSpec } from './cell.ts'
import { repoRoot } from './simulator-client.ts'
import { memoryTrace, renderTable, type Column } from './table.ts'

const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    db: { type: 'string', default: 'pglite,postgres' },
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    latency: { type: 'string', default: 'calibrated' },
    'php-workers': { type: 'string', default: '4' },
    baseline: { type: 'boolean', default: true },
    course: { type: 'string', default: process.env.MOODLE_COURSE_ID },
    'ref-id': { type: 'string', default: process.env.ILIAS_REF_ID },
    batch: { type: 'string', default: '100' },
    workers: { type: 'string' },
    paths: { type: 'string', default: 'batched,naive' },
    'cpu-prof': { type: 'string' },
    post: { type: 'string', default: 'batch' },
    'postgres-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
})

const positive = (name: string, v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a positive whole number, not ${v}`)
  return n
}
const sizes = args.sizes.split(',').map((s) => positive('sizes', s.trim()))
const dbs = args.db.split(',').map((d) => d.trim())
for (const d of dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db: pglite or postgres, not ${d}`)
if (args.post !== 'batch' && args.post !== 'single') throw new Error(`--post: batch or single, not ${args.post}`)
const post = args.post
/** Registrations per POST /registrations/batch, and such requests at once (with --post single: 50 POSTs at once). */
const postBatch = 100
const postConcurrency = post === 'batch' ? 4 : 50
const latency = args.latency
if (latency !== 'calibrated' && !/^\d+$/.test(latency)) throw new Error(`--latency: calibrated or a whole number of milliseconds, not ${latency}`)
const phpWorkers = positive('php-workers', args['php-workers'])
// A real Moodle when its address and token are in the environment (the names the contract tests read).
const real = process.env.MOODLE_URL
  ? { url: process.env.MOODLE_URL, token: process.env.MOODLE_TOKEN ?? '', courseId: positive('course', args.course ?? '') }
  : undefined
if (real && !real.token) throw new Error('MOODLE_URL is set without MOODLE_TOKEN')
// A real ILIAS (or the standalone ILIAS simulator) when its SOAP address is in the environment (the names the
// ILIAS contract tests read), with a course's ref id (--ref-id or ILIAS_REF_ID).
const ilias = process.env.ILIAS_URL
  ? {
    url: process.env.ILIAS_URL, client: process.env.ILIAS_CLIENT ?? '', username: process.env.ILIAS_USER ?? '',
    password: process.env.ILIAS_PASSWORD ?? '', refId: positive('ref-id', args['ref-id'] ?? ''),
  }
  : undefined
if (ilias && (!ilias.client || !ilias.username || !ilias.password)) throw new Error('ILIAS_URL is set without ILIAS_CLIENT, ILIAS_USER and ILIAS_PASSWORD')
if (ilias && real) throw new Error('MOODLE_URL and ILIAS_URL are both set: the bench runs against one LMS')
/** Person ids start with this: unique per run, so a real Moodle never has them yet. */
const runPrefix = `CB${Date.now().toString(36).toUpperCase()}`
const batchSize = positive('batch', args.batch)
const workers = args.workers ? positive('workers', args.workers) : undefined
const singles = args.quick ? 10 : 50
/** Without --full the naive path runs only up to this size (it needs ~4 LMS calls × latency per registration). */
const naiveLimit = 1000

function bulkTimeoutMs(size: number) {
  return 120_000 + size * 400
}

/** The node flags `npm start` runs coursebridge with (package.json), so the measured process runs the same way. */
const shippedNodeFlags = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts.start as string)
  .split(/\s+/).filter((word) => word.startsWith('--'))
const cellScript = join(ensureBuilt({ log: (line) => process.stderr.write(`bench: ${line}\n`) }), 'bench/cell.js')

async function runCell(spec: CellSpec): Promise<CellResult | { error: string }> {
  // On the embedded database `coursebridge start` restarts itself with more flags and malloc settings (bin/coursebridge.js).
  const embedded = spec.db === 'pglite'
  const child = fork(cellScript, [], {
    cwd: repoRoot,
    execArgv: [...shippedNodeFlags, ...(embedded ? embeddedDatabaseNodeFlags : []), ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [])],
    env: embedded ? { ...process.env, ...embeddedDatabaseMallocEnv } : process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const limitMs = spec.bulkTimeoutMs + 180_000
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve({ error: `no answer after ${limitMs / 1000} s` })
      }, limitMs)
      child.once('message', (m: { ok: true; result: CellResult } | { ok: false; error: string }) => {
        clearTimeout(timer)
        resolve(m.ok ? m.result : { error: m.error })
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        resolve({ error: `cell process exited with ${code}` })
      })
      child.send(spec)
    })
  } finally {
    if (spec.db === 'postgres') await dropSchemas(spec.postgresUrl, [spec.schema, `${spec.schema}_jobs`])
  }
}

async function dropSchemas(url: string, schemas: string[]) {
  const pg = await import('pg')
  const client = new pg.default.Client({ connectionString: url })
  await client.connect()
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
  } finally {
    await client.end()
  }
}

const chosenPaths = args.paths.split(',').map((p) => p.trim())
for (const p of chosenPaths) if (p !== 'batched' && p !== 'naive') throw new Error(`--paths: batched or naive, not ${p}`)
const paths = ([
  { name: 'batched', batchSize },
  { name: 'naive', batchSize: 1 },
] as const).filter((p) => chosenPaths.includes(p.name))

const columns: Column[] = []
const measuredSingles = new Set<string>()
for (const db of dbs as ('pglite' | 'postgres')[]) {
  for (const size of sizes) {
    for (const path of paths) {
      const column: Column = { db, size, path: path.name, batchSize: path.batchSize, outcome: 'skipped' }
      columns.push(column)
      if (path.name === 'naive' && size > naiveLimit && !args.full) continue
      // The idle single registrations are measured once per database and path, in its first cell.
      const pathKey = `${db}:${path.name}`
      const spec: CellSpec = {
        db, size, batchSize: path.batchSize, singles: measuredSingles.has(pathKey) ? 0 : singles, latency, phpWorkers, real, ilias,
        prefix: `${runPrefix}${columns.length}`, baseline: args.baseline && path.name === 'batched',
        postgresUrl: args['postgres-url'], schema: `cb_bench_${randomBytes(5).toString('hex')}`,
        workerConcurrency: workers, postConcurrency, post, postBatch, bulkTimeoutMs: bulkTimeoutMs(size),
      }
      measuredSingles.add(pathKey)
      const t0 = Date.now()
      process.stderr.write(`bench: ${db} ${size} ${path.name} (reconcileBatchSize ${path.batchSize}) … `)
      const r = await runCell(spec)
      if ('error' in r) {
        process.stderr.write(`failed after ${((Date.now() - t0) / 1000).toFixed(0)} s\n${r.error}\n`)
        column.outcome = 'failed'
      } else {
        process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(0)} s\n`)
        column.outcome = 'done'
        column.result = r
        if (process.env.BENCH_MEMORY_TRACE) process.stderr.write(memoryTrace(r))
        column.load = loadavg()[0]
      }
    }
  }
}

const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')
process.stdout.write(`\n${renderTable(columns, { command, latency, phpWorkers, realUrl: real?.url ?? ilias?.url, realLms: ilias ? 'ILIAS' : 'Moodle', singles, naiveLimit, full: args.full, post, postBatch, postConcurrency, nodeFlags: shippedNodeFlags,
  embeddedNodeFlags: embeddedDatabaseNodeFlags, embeddedEnv: Object.entries(embeddedDatabaseMallocEnv).map(([k, v]) => `${k}=${v}`) })}\n`)
process.exitCode = columns.some((c) => c.outcome === 'failed') ? 1 : 0
