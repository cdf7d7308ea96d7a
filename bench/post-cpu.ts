// The connector CPU of single POST /registrations split in its two halves, for profiling and for comparing
// changes on a busy machine: first the requests alone (workers not started: each answered 202 and its job
// queued), then the workers alone (they reconcile what was queued, against the calibrated simulator). Each half
// is process.cpuUsage() ÷ registrations, and the SQL statements each half sent. Repeated --rounds times in one
// process (a fresh set of persons each round): the minimum of the rounds is the figure least disturbed by the
// other processes of the machine. Runs compiled, with the flags `npm start` gives coursebridge:
//
//   npm run build && node --max-old-space-size=128 --max-semi-space-size=8 dist/bench/post-cpu.js --size 1000 --rounds 3 [--concurrency 50]
//     [--postgres-url URL] [--no-workers] [--cpu-prof DIR]   (PostgreSQL only)
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import pino from 'pino'
import { createApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createApiKey } from '../src/security/api-keys.ts'
import { startSimulatorProcess } from './simulator-client.ts'
import { threadCpuMs, threadCpuSince } from './thread-cpu.ts'

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '50' },
    workers: { type: 'boolean', default: true },
    /** Writes a V8 CPU profile of each half of the last round (requests.cpuprofile, workers.cpuprofile) here. */
    'cpu-prof': { type: 'string' },
    'postgres-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
  allowNegative: true,
})
const size = Number(args.size)
const rounds = Number(args.rounds)
const concurrency = Number(args.concurrency)

// Statements sent to PostgreSQL (every pg client of the process: pool, pg-boss, leases), by their first words.
let statements = 0
const clientQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  statements++
  return (clientQuery as (...x: unknown[]) => unknown).apply(this, a)
} as typeof clientQuery

const schema = `cb_postcpu_${randomBytes(4).toString('hex')}`
const sim = await startSimulatorProcess('calibrated', 4)
const config = {
  ...loadConfig({ LOG_LEVEL: 'silent', MAIL_MODE: 'outbox' }),
  databaseUrl: args['postgres-url'], databaseSchema: schema, resultsPollIntervalSeconds: 0, runWorkers: false,
} as Config
const app = await createApp(config, { secretKey: randomBytes(32), logger: pino({ level: 'silent' }) })
await app.start()
const { key } = await createApiKey(app.ctx.db, 'default', 'post-cpu')
const api = async (url: string, payload: object) => {
  const res = await app.http.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${key}` } })
  if (res.statusCode >= 300) throw new Error(`POST ${url} → ${res.statusCode} ${res.body}`)
  return JSON.parse(res.body) as { id: string }
}
const connection = await api('/api/v1/connections', { name: 'bench', type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token } })
await api('/api/v1/course-definitions', { code: 'BENCH', name: 'Bench course', connectionId: connection.id, target: { type: 'moodle-course', by: 'id', value: '2' } })

async function activeCount() {
  const { rows } = await app.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM registrations WHERE status = 'active'")
  return rows[0]!.n
}

const inspector = new Session()
inspector.connect()
/** With --cpu-prof, fn's CPU profile is written to DIR/name.cpuprofile (the last round's stays). */
const profiled = async (name: string, fn: () => Promise<void>) => {
  const dir = args['cpu-prof']
  if (!dir) return fn()
  await inspector.post('Profiler.enable')
  await inspector.post('Profiler.start')
  try {
    await fn()
  } finally {
    const { profile } = await inspector.post('Profiler.stop')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
  }
}

const measure = async (name: string, fn: () => Promise<void>) => {
  const threads0 = threadCpuMs()
  const s0 = statements
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await profiled(name, fn)
  const c = process.cpuUsage(c0)
  const threads = [...threadCpuSince(threads0)].map(([thread, ms]) => [thread, ms / size] as const)
    .filter(([, ms]) => ms >= 0.005).sort((a, b) => b[1] - a[1])
  return { threads, cpuMs: (c.user + c.system) / 1000 / size, systemMs: c.system / 1000 / size, statements: (statements - s0) / size, ms: performance.now() - t0 }
}

const fmt = (x: { cpuMs: number; systemMs: number; statements: number; ms: number; threads: (readonly [string, number])[] }) =>
  `${x.cpuMs.toFixed(3)} ms CPU (${x.systemMs.toFixed(3)} in the kernel; ${x.threads.map(([t, ms]) => `${t} ${ms.toFixed(2)}`).join(', ')}), ${x.statements.toFixed(2)} statements per registration (${(x.ms / 1000).toFixed(1)} s)`
let workersStarted = false
try {
  for (let round = 0; round < rounds; round++) {
    const prefix = `R${round}X${randomBytes(2).toString('hex')}`
    let next = 0
    const requests = await measure('requests', async () => {
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < size) {
          const personId = `${prefix}B${next++}`
          await api('/api/v1/registrations', {
            person: { personId, firstName: 'Bench', lastName: `User ${personId}`, email1: `${personId.toLowerCase()}@example.org` }, courseCode: 'BENCH',
          })
        }
      }))
    })
    const target = (round + 1) * size
    const workers = args.workers ? await measure('workers', async () => {
      if (!workersStarted) await app.startWorkers()
      workersStarted = true
      const deadline = Date.now() + 300_000
      while ((await activeCount()) < target) {
        if (Date.now() > deadline) throw new Error('not all active after 300 s')
        await new Promise((r) => setTimeout(r, 100))
      }
    }) : null
    process.stdout.write(`round ${round + 1}: requests ${fmt(requests)}${workers ? `; workers ${fmt(workers)}; sum ${(requests.cpuMs + workers.cpuMs).toFixed(3)} ms` : ''}; load ${loadavg()[0]!.toFixed(2)}; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB of ${(process.memoryUsage().heapTotal / 1e6).toFixed(0)}, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`)
  }
} finally {
  await app.stop()
  await sim.stop()
  const client = new pg.Client({ connectionString: args['postgres-url'] })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`)
  await client.end()
}
