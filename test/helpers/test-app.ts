// Starts a real coursebridge app for integration tests, on the database chosen by TEST_DB:
// `pglite` (default: a fresh in-memory embedded database) or `postgres` (the server at
// TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, one fresh schema per app).
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import type { Config } from '../../src/config.ts'
import type { Database } from '../../src/store/database.ts'
import { createApp, type App } from '../../src/app.ts'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { createApiKey } from '../../src/security/api-keys.ts'
import type { LoginThrottleOptions } from '../../src/ui/auth/login-throttle.ts'

export const testDb = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres'
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestApp {
  app: App
  key: string
  /** The PostgreSQL schema of this app (TEST_DB=postgres). */
  schema: string
  /** Calls the API in-process (no socket) with the test's API key. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  stop(): Promise<void>
}

export interface TestAppOptions {
  logStream?: NodeJS.WritableStream
  secretKey?: Buffer
  /** An embedded database to use (and leave open at stop): a restart on the same data. */
  db?: Database
  /** Leave the database (PostgreSQL: the schema) at stop, for an app started on it after this one. */
  keepDatabase?: boolean
  /** Failed log-ins allowed per address and per account (lower than the defaults in throttle tests). */
  loginThrottle?: LoginThrottleOptions
}

export async function startTestApp(overrides: Partial<Config> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const schema = overrides.databaseSchema ?? `cb_test_${randomBytes(5).toString('hex')}`
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent-test-data-dir',
    databaseUrl: testDb === 'postgres' ? postgresUrl : undefined,
    databaseSchema: schema,
    logLevel: 'silent',
    workerConcurrency: 2,
    reconcileBatchSize: 50,
    jobExpireSeconds: 60,
    maintenanceIntervalSeconds: 30,
    retryLimit: 3,
    retryDelaySeconds: 1,
    lmsTimeoutMs: 2_000,
    runWorkers: true,
    pollingIntervalSeconds: 0.5,
    mailFrom: 'Training institute <noreply@example.org>',
    mailRetryLimit: 3,
    deliveryRetryLimit: 3,
    resultsPollIntervalSeconds: 0,
    webhookToleranceSeconds: 300,
    trustedProxies: [],
    ...overrides,
  }
  const db = opts.db ?? (testDb === 'pglite' ? await openPgliteDatabase() : undefined)
  const app = await createApp(config, { db, secretKey: opts.secretKey ?? randomBytes(32), loginThrottle: opts.loginThrottle, logger: opts.logStream ? pino({ level: 'debug' }, opts.logStream) : pino({ level: 'silent' }) })
  await app.start()
  const { key } = await createApiKey(app.ctx.db, 'default', 'test')
  return {
    app,
    key,
    schema,
    async api(method, path, body, headers = {}) {
      const res = await app.http.inject({
        method: method as 'GET',
        url: path,
        headers: { authorization: `Bearer ${key}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      })
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null }
    },
    async stop() {
      await app.stop()
      if (opts.keepDatabase) return
      if (!opts.db) await db?.close()
      if (testDb === 'postgres') {
        await dropSchemas(config.databaseUrl!, [schema, `${schema}_jobs`])
      }
    },
  }
}

async function dropSchemas(url: string, schemas: string[]) {
  const pg = await import('pg')
  const client = new pg.default.Client({ connectionString: url })
  await client.connect()
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
  await client.end()
}

/** Waits until the registration's observed status is `status`; returns its API view (with steps). */
export function registrationReaches(t: TestApp, id: string, status: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const r = await t.api('GET', `/api/v1/registrations/${id}`)
    return r.body.observed.status === status ? r.body : null
  }, timeoutMs, `registration ${id} ${status}`)
}

/** Polls until check returns a truthy value (or throws after timeoutMs with the last value seen). */
/** How many registrations of a course are active; throws as soon as one is stuck (failed, needs_admin, waiting_for_data). */
export async function activeInCourse(t: TestApp, courseCode: string): Promise<number> {
  const { rows } = await t.app.ctx.db.query<{ status: string; n: number }>(
    `SELECT r.status, count(*)::int AS n FROM registrations r JOIN course_definitions d ON d.id = r.course_definition_id
     WHERE d.code = $1 GROUP BY r.status`, [courseCode])
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]))
  const stuck = ['failed', 'needs_admin', 'waiting_for_data'].filter((s) => by[s])
  if (stuck.length > 0) throw new Error(`registrations stuck: ${JSON.stringify(by)}`)
  return by.active ?? 0
}

export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    last = await check()
    if (last) return last as T
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
