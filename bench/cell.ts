// One benchmark cell (database × size × reconcile path) in a process of its own, so CPU time and peak RSS
// are this cell's alone. Started by bench/run.ts over IPC, compiled (dist/bench/cell.js) with plain node as
// coursebridge runs in production; the Moodle simulator runs in a further child process
// (bench/simulator-process.ts). coursebridge runs in this process through createApp, with the
// configuration as shipped (loadConfig defaults) plus the cell's overrides; registrations are posted
// in-process with app.http.inject (no socket), at most `postConcurrency` requests at once: one registration
// per POST /registrations, or `postBatch` per POST /registrations/batch (--post).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { createApp, type App } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createApiKey } from '../src/security/api-keys.ts'
import { startSimulatorProcess } from './simulator-client.ts'

export interface CellSpec {
  db: 'pglite' | 'postgres'
  size: number
  /** reconcileBatchSize; 1 = the naive one-registration-per-job path. */
  batchSize: number
  /** Sequential single registrations on the idle system before the bulk run (0 = none). */
  singles: number
  latencyMs: number
  postgresUrl: string
  /** PostgreSQL schema of this cell (run.ts drops it afterwards, also after a timeout). */
  schema: string
  workerConcurrency?: number
  postConcurrency: number
  /** How the bulk is posted: one POST /registrations each, or POST /registrations/batch with `postBatch` each. */
  post: 'single' | 'batch'
  postBatch: number
  bulkTimeoutMs: number
}

export interface CellResult {
  spec: CellSpec
  lmsCalls: number
  callsByFunction: Record<string, number>
  totalMs: number
  cpuMs: number
  peakRssBytes: number
  accessMs: number[]
  /** The configuration the app ran with (for the table's note). */
  workerConcurrency: number
  pollingIntervalSeconds: number
  batchSizeKnown: boolean
}

const courseId = 2 // the recorded site's course with manual enrolment

async function runCell(spec: CellSpec): Promise<CellResult> {
  const sim = await startSimulatorProcess(spec.latencyMs)
  let app: App | null = null
  // Imported only when used, as createApp does: a PostgreSQL cell does not load PGlite.
  // PGlite in a data folder of its own, as `npm start` keeps it (./data): in memory, its files would count as RSS.
  const dataDir = spec.db === 'pglite' ? mkdtempSync(join(tmpdir(), 'cb-bench-')) : undefined
  const db = dataDir ? await (await import('../src/store/pglite-database.ts')).openPgliteDatabase(dataDir) : undefined
  try {
    // Mails rendered into the outbox, as the measured figures were taken (without SMTP they would wait).
    const shipped = loadConfig({ LOG_LEVEL: 'silent', MAIL_MODE: 'outbox' })
    const config = {
      ...shipped,
      databaseUrl: spec.db === 'postgres' ? spec.postgresUrl : undefined,
      databaseSchema: spec.schema,
      resultsPollIntervalSeconds: 0,
      ...(spec.workerConcurrency ? { workerConcurrency: spec.workerConcurrency } : {}),
      // Until the batching reconcile lands, Config has no reconcileBatchSize and this is ignored.
      reconcileBatchSize: spec.batchSize,
    } as Config
    app = await createApp(config, { db, secretKey: randomBytes(32), logger: pino({ level: 'silent' }) })
    await app.start()
    const { key } = await createApiKey(app.ctx.db, 'default', 'bench')
    const http = app.http
    const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await http.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })
      if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`)
      return JSON.parse(res.body) as { id: string }
    }

    const connection = await api('POST', '/api/v1/connections', {
      name: 'bench', type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token },
    })
    await api('POST', '/api/v1/course-definitions', {
      code: 'BENCH', name: 'Bench course', connectionId: connection.id, target: { type: 'moodle-course', by: 'id', value: String(courseId) },
    })
    const registration = (personId: string) => ({
      person: { personId, firstName: 'Bench', lastName: `User ${personId}`, email1: `${personId.toLowerCase()}@example.org` },
      courseCode: 'BENCH',
    })
    const register = (personId: string) => api('POST', '/api/v1/registrations', registration(personId))
    const registerBatch = async (personIds: string[]) => {
      const answer = await api('POST', '/api/v1/registrations/batch', { registrations: personIds.map(registration) }) as unknown as { refused: number }
      if (answer.refused > 0) throw new Error(`batch refused ${answer.refused} registrations: ${JSON.stringify(answer).slice(0, 500)}`)
    }

    // Idle system: one registration at a time, timed from the API call until Moodle has the enrolment.
    const accessMs: number[] = []
    for (let i = 0; i < spec.singles; i++) {
      const personId = `S${i}`
      const started = performance.now()
      await register(personId)
      if (!(await sim.waitEnrolled(personId, courseId, 60_000))) throw new Error(`single registration ${personId} not enrolled after 60 s`)
      accessMs.push(performance.now() - started)
    }
    await waitForActive(app, spec.singles, 60_000)

    // Bulk: every registration posted (bounded parallel), timed until all are active.
    const before = await sim.stats(courseId)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    let next = 0
    const poster = async () => {
      while (next < spec.size) {
        if (spec.post === 'single') {
          await register(`B${next++}`)
          continue
        }
        const from = next
        next = Math.min(spec.size, next + spec.postBatch)
        await registerBatch(Array.from({ length: next - from }, (_, k) => `B${from + k}`))
      }
    }
    await Promise.all(Array.from({ length: spec.postConcurrency }, poster))
    await waitForActive(app, spec.singles + spec.size, spec.bulkTimeoutMs)
    const totalMs = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const after = await sim.stats(courseId)
    if (after.enrolled < spec.singles + spec.size) throw new Error(`only ${after.enrolled} enrolments in the simulator`)

    const callsByFunction: Record<string, number> = {}
    for (const [fn, n] of Object.entries(after.byFunction)) {
      const d = n - (before.byFunction[fn] ?? 0)
      if (d > 0) callsByFunction[fn] = d
    }
    return {
      spec,
      lmsCalls: after.calls - before.calls,
      callsByFunction,
      totalMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes: peakRss(),
      accessMs,
      workerConcurrency: config.workerConcurrency,
      pollingIntervalSeconds: config.pollingIntervalSeconds,
      batchSizeKnown: 'reconcileBatchSize' in shipped,
    }
  } finally {
    await app?.stop()
    await db?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    await sim.stop()
  }
}

/** Polls the registrations table until `count` are active; stops early when one needs attention. */
async function waitForActive(app: App, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await app.ctx.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM registrations GROUP BY status')
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]))
    if ((by.active ?? 0) >= count) return
    const stuck = ['failed', 'needs_admin', 'waiting_for_data'].filter((s) => by[s])
    if (stuck.length > 0) throw new Error(`registrations stuck: ${JSON.stringify(by)}`)
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${JSON.stringify(by)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The process's peak resident set (VmHWM, Linux); elsewhere the current RSS as a lower bound. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1]) * 1024
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss
}

process.once('message', (spec: CellSpec) => {
  runCell(spec).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: Error) => process.send!({ ok: false, error: err.stack ?? String(err) }, () => process.exit(1)),
  )
})
