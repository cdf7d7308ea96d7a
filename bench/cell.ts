// One benchmark cell (database × size × reconcile path) in a process of its own, so CPU time and peak RSS
// are this cell's alone. Started by bench/run.ts over IPC, compiled (dist/bench/cell.js) with plain node as
// coursebridge runs in production; the Moodle simulator runs in a further child process
// (bench/simulator-process.ts). coursebridge runs in this process through createApp, with the
// configuration as shipped (loadConfig defaults) plus the cell's overrides; registrations are posted
// in-process with app.http.inject (no socket), at most `postConcurrency` requests at once: one registration
// per POST /registrations, or `postBatch` per POST /registrations/batch (--post). With `real` the cell runs
// against that Moodle instead of a simulator, with `ilias` against that ILIAS (bench/baseline-ilias.ts the floor). With `baseline` the same number of new persons then go into the
// same LMS through the minimal sequential script (bench/baseline.ts), for the ratio.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { createApp, type App } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createApiKey } from '../src/security/api-keys.ts'
import { startSimulatorProcess, type SimulatorProcess } from './simulator-client.ts'
import { runBaseline, type BaselineResult } from './baseline.ts'
import { runIliasBaseline, type IliasBaselineTarget } from './baseline-ilias.ts'
import { peakRss, startMemorySampler, type MemoryProfile } from './memory-sampler.ts'
import { threadCpuMs, threadCpuSince } from './thread-cpu.ts'

export interface CellSpec {
  db: 'pglite' | 'postgres'
  size: number
  /** reconcileBatchSize; 1 = the naive one-registration-per-job path. */
  batchSize: number
  /** Sequential single registrations on the idle system before the bulk run (0 = none). */
  singles: number
  /** The simulator's cost model: 'calibrated' or a flat number of milliseconds per call. */
  latency: string
  /** PHP workers of the calibrated simulator. */
  phpWorkers: number
  /** A real Moodle instead of the simulator. */
  real?: { url: string; token: string; courseId: number }
  /** A real ILIAS (or the standalone ILIAS simulator) instead of the Moodle simulator: SOAP credentials and a course ref id. */
  ilias?: IliasBaselineTarget
  /** Unique start of the person ids (a real Moodle keeps the accounts of earlier runs). */
  prefix: string
  /** Also run the sequential baseline with as many new persons, against the same LMS. */
  baseline: boolean
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
  /** The bulk run's CPU (ms) by thread name (Linux; empty elsewhere): see thread-cpu.ts. */
  cpuMsByThread: Record<string, number>
  /** Step-log rows per registration (all registrations of the cell): linear in the batch, or not. */
  stepRowsPerRegistration: number
  peakRssBytes: number
  accessMs: number[]
  /** The configuration the app ran with (for the table's note). */
  workerConcurrency: number
  pollingIntervalSeconds: number
  batchSizeKnown: boolean
  baseline?: BaselineResult
  /** The simulator's PHP workers: the most calls served at once (null against a real LMS or the flat model). */
  peakWorkers: number | null
  /** process.memoryUsage() and PGlite's WebAssembly memory through the cell, with when each phase began. */
  memory: MemoryProfile & { phases: Record<string, number> }
}

/** Every HTTP request coursebridge made to the LMS, per function (its own metrics counter). */
async function lmsRequests(app: App): Promise<Record<string, number>> {
  const metric = app.ctx.metrics.registry.getSingleMetric('coursebridge_lms_http_requests_total')
  const by: Record<string, number> = {}
  for (const v of (await metric?.get())?.values ?? []) {
    const fn = String(v.labels.function)
    by[fn] = (by[fn] ?? 0) + v.value
  }
  return by
}

async function runCell(spec: CellSpec): Promise<CellResult> {
  let wasmBytes = () => 0
  const sampler = startMemorySampler(() => wasmBytes())
  const t0 = performance.now()
  const phases: Record<string, number> = {}
  const phase = (name: string) => { phases[name] = Math.round(performance.now() - t0) }
  const sim: SimulatorProcess | null = spec.real || spec.ilias ? null : await startSimulatorProcess(spec.latency, spec.phpWorkers)
  // 2: the recorded site's course with manual enrolment. Against ILIAS (spec.ilias) no Moodle is used.
  const lms = spec.real ?? (sim ? { url: sim.url, token: sim.token, courseId: 2 } : { url: '', token: '', courseId: 0 })
  const courseId = lms.courseId
  let app: App | null = null
  // Imported only when used, as createApp does: a PostgreSQL cell does not load PGlite.
  // PGlite in a data folder of its own, as `npm start` keeps it (./data): in memory, its files would count as RSS.
  const dataDir = spec.db === 'pglite' ? mkdtempSync(join(tmpdir(), 'cb-bench-')) : undefined
  const db = dataDir ? await (await import('../src/store/pglite-database.ts')).openPgliteDatabase(dataDir) : undefined
  if (db?.wasmMemoryBytes) wasmBytes = () => db.wasmMemoryBytes!()
  phase('database open')
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
    phase('app started')
    const { key } = await createApiKey(app.ctx.db, 'default', 'bench')
    const http = app.http
    const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await http.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })
      if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`)
      return JSON.parse(res.body) as { id: string }
    }

    const { ilias } = spec
    const connection = await api('POST', '/api/v1/connections', ilias
      ? { name: 'bench', type: 'ilias', baseUrl: ilias.url, credentials: { client: ilias.client, username: ilias.username, password: ilias.password } }
      : { name: 'bench', type: 'moodle', baseUrl: lms.url, credentials: { token: lms.token } })
    await api('POST', '/api/v1/course-definitions', {
      code: 'BENCH', name: 'Bench course', connectionId: connection.id,
      target: ilias ? { type: 'ilias-course', refId: String(ilias.refId) } : { type: 'moodle-course', by: 'id', value: String(courseId) },
    })
    // ILIAS 5.x requires a gender for a new account by default.
    const registration = (personId: string) => ({
      person: { personId, firstName: 'Bench', lastName: `User ${personId}`, email1: `${personId.toLowerCase()}@example.org`, ...(ilias ? { gender: 'female' } : {}) },
      courseCode: 'BENCH',
    })
    const register = (personId: string) => api('POST', '/api/v1/registrations', registration(personId))
    const registerBatch = async (personIds: string[]) => {
      const answer = await api('POST', '/api/v1/registrations/batch', { registrations: personIds.map(registration) }) as unknown as { refused: number }
      if (answer.refused > 0) throw new Error(`batch refused ${answer.refused} registrations: ${JSON.stringify(answer).slice(0, 500)}`)
    }

    // Idle system: one registration at a time, timed from the API call until Moodle has the enrolment.
    // Against the simulator the enrolment is seen in the LMS itself; against a real one, when coursebridge
    // records the registration active (just after Moodle answered the enrol call).
    const accessMs: number[] = []
    phase('single registrations')
    for (let i = 0; i < spec.singles; i++) {
      const personId = `${spec.prefix}S${i}`
      const started = performance.now()
      await register(personId)
      const enrolled = sim ? await sim.waitEnrolled(personId, courseId, 60_000) : await waitForActive(app, i + 1, 60_000, 2).then(() => true)
      if (!enrolled) throw new Error(`single registration ${personId} not enrolled after 60 s`)
      accessMs.push(performance.now() - started)
    }
    await waitForActive(app, spec.singles, 60_000)

    // Bulk: every registration posted (bounded parallel), timed until all are active.
    const before = await lmsRequests(app)
    phase('bulk')
    const threadsBefore = threadCpuMs()
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    let next = 0
    const poster = async () => {
      while (next < spec.size) {
        if (spec.post === 'single') {
          await register(`${spec.prefix}B${next++}`)
          continue
        }
        const from = next
        next = Math.min(spec.size, next + spec.postBatch)
        await registerBatch(Array.from({ length: next - from }, (_, k) => `${spec.prefix}B${from + k}`))
      }
    }
    await Promise.all(Array.from({ length: spec.postConcurrency }, poster))
    await waitForActive(app, spec.singles + spec.size, spec.bulkTimeoutMs)
    const totalMs = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const cpuMsByThread = Object.fromEntries(threadCpuSince(threadsBefore))
    phase('bulk done')
    const after = await lmsRequests(app)
    if (sim) {
      const { enrolled } = await sim.stats(courseId)
      if (enrolled < spec.singles + spec.size) throw new Error(`only ${enrolled} enrolments in the simulator`)
    }
    const callsByFunction: Record<string, number> = {}
    for (const [fn, n] of Object.entries(after)) {
      const d = n - (before[fn] ?? 0)
      if (d > 0) callsByFunction[fn] = d
    }
    const peakWorkers = sim ? (await sim.stats(courseId)).peakWorkers : null
    const { rows: [stepRows] } = await app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registration_steps')
    // The floor, in the same run against the same LMS (a simulator with its queue drained by now).
    const baseline = !spec.baseline ? undefined
      : ilias ? await runIliasBaseline(ilias, `${spec.prefix}F`, spec.size) : await runBaseline(lms, `${spec.prefix}F`, spec.size)
    return {
      spec,
      baseline,
      peakWorkers,
      lmsCalls: Object.values(callsByFunction).reduce((a, b) => a + b, 0),
      callsByFunction,
      totalMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuMsByThread,
      stepRowsPerRegistration: stepRows!.n / (spec.singles + spec.size),
      peakRssBytes: peakRss(),
      memory: { ...sampler.stop(), phases },
      accessMs,
      workerConcurrency: config.workerConcurrency,
      pollingIntervalSeconds: config.pollingIntervalSeconds,
      batchSizeKnown: 'reconcileBatchSize' in shipped,
    }
  } finally {
    await app?.stop()
    await db?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    await sim?.stop()
  }
}

/** Polls the registrations table until `count` are active; stops early when one needs attention. */
async function waitForActive(app: App, count: number, timeoutMs: number, pollMs = 200) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await app.ctx.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM registrations GROUP BY status')
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]))
    if ((by.active ?? 0) >= count) return
    const stuck = ['failed', 'needs_admin', 'waiting_for_data'].filter((s) => by[s])
    if (stuck.length > 0) throw new Error(`registrations stuck: ${JSON.stringify(by)}`)
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${JSON.stringify(by)}`)
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

process.once('message', (spec: CellSpec) => {
  runCell(spec).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: Error) => process.send!({ ok: false, error: err.stack ?? String(err) }, () => process.exit(1)),
  )
})
