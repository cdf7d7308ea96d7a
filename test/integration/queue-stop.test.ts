// Stopping the queue leaves nothing behind: no statement after stop() has answered (the database closes
// next), no job taken and left active, no attempt spent, no unhandled rejection. The moments that matter
// are held open on the real database (PGlite or PostgreSQL, as TEST_DB says) by a gate in front of it:
// a worker's fetch still on its way when the stop comes, and the complete pg-boss sends without waiting
// for it after a batch.
import { afterEach, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import pg from 'pg'
import type { Database } from '../../src/store/database.ts'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { openPostgresDatabase } from '../../src/store/postgres-database.ts'
import { createQueue, queueNames, type Queue, type QueueErrorCode } from '../../src/jobs/queue.ts'
import { eventually, testDb } from '../helpers/test-app.ts'

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

type Gate = { match: (sql: string) => boolean; fail?: Error; after?: boolean; waiting?: () => void; released: Promise<void>; release: () => void }

/**
 * The database with a gate: a statement the gate matches waits until released (or fails, with `fail`); with
 * `after` it runs first and its answer waits.
 */
function gated(db: Database) {
  let gate: Gate | undefined
  let stopped = false
  const late: string[] = []
  const wrapped: Database = {
    ...db,
    async executeSql(text, values) {
      if (stopped) late.push(text.trim().slice(0, 60))
      const g = gate
      if (g?.match(text)) {
        gate = undefined
        const answer = g.after ? await db.executeSql(text, values) : undefined
        g.waiting?.()
        await g.released
        if (g.fail) throw g.fail
        if (answer) return answer
      }
      return db.executeSql(text, values)
    },
  }
  return {
    db: wrapped,
    /** Holds the next statement that `match` accepts; resolves once one waits there. */
    hold(match: (sql: string) => boolean, o: { fail?: Error; after?: boolean } = {}) {
      let release!: () => void
      const released = new Promise<void>((r) => { release = r })
      return new Promise<() => void>((resolve) => {
        gate = { match, ...o, released, release, waiting: () => resolve(release) }
      })
    },
    /** From now on every statement is recorded as late. */
    markStopped() { stopped = true },
    late,
  }
}

const isFetch = (sql: string) => sql.includes('FOR UPDATE SKIP LOCKED') && sql.includes(`state = 'active'`)
const isComplete = (sql: string) => sql.includes(`state = 'completed'`) && sql.includes('WITH results AS')

describe(`queue stop (${testDb})`, () => {
  let db: Database
  const schema = `cb_test_${randomBytes(5).toString('hex')}`
  const jobs = `${schema}_jobs`
  const errors: { err: Error; code: QueueErrorCode }[] = []
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => { unhandled.push(reason) }

  beforeEach(async () => {
    errors.length = 0
    unhandled.length = 0
    process.on('unhandledRejection', onUnhandled)
    db = testDb === 'postgres' ? await openPostgresDatabase(postgresUrl, schema) : await openPgliteDatabase()
  })
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled)
    await db.close()
    if (testDb === 'postgres') {
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      for (const s of [schema, jobs]) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await client.end()
    }
  })

  const queueOn = (on: Database): Queue => createQueue(on, {
    schema: jobs, retryLimit: 3, mailRetryLimit: 3, deliveryRetryLimit: 3, retryDelaySeconds: 1,
    pollingIntervalSeconds: 0.5, jobExpireSeconds: 60, maintenanceIntervalSeconds: 30,
  }, (err, code) => errors.push({ err, code }))

  const jobOf = async (registrationId: string) => {
    const { rows } = await db.query<{ state: string; retry_count: number; started: boolean }>(
      `SELECT state, retry_count, started_on IS NOT NULL AS started FROM ${jobs}.job WHERE name = $1 AND data->>'registrationId' = $2`,
      [queueNames.reconcile, registrationId])
    return rows
  }

  it('puts back, untouched, a batch whose fetch was on its way when the stop came; nothing runs after stop', async () => {
    const g = gated(db)
    const queue = queueOn(g.db)
    await queue.start()
    const id = randomUUID()
    await queue.enqueueReconciles([id])
    const handled: string[] = []
    const fetching = g.hold(isFetch)
    await queue.workBatches<{ registrationId: string }>(queueNames.reconcile, 1, 10, async (batch) => {
      handled.push(...batch.map((b) => b.data.registrationId))
      return new Map()
    })
    const release = await fetching
    const stopped = queue.stop().then(() => g.markStopped())
    await delay(300)
    release()
    await stopped
    await delay(700) // time for a statement that would come late
    assert.deepEqual(g.late, [], 'no statement after stop() answered')
    assert.deepEqual(handled, [], 'the batch fetched during the stop was not worked')
    assert.deepEqual(await jobOf(id), [{ state: 'created', retry_count: 0, started: false }], 'back as it was before the fetch')
    assert.deepEqual(errors, [])
    assert.deepEqual(unhandled, [])

    // The next start works it, as a first attempt.
    const again = queueOn(db)
    await again.start()
    const attempts: number[] = []
    await again.workBatches<{ registrationId: string }>(queueNames.reconcile, 1, 10, async (batch) => {
      attempts.push(...batch.map((b) => b.job.retryCount))
      return new Map()
    })
    await eventually(async () => (await jobOf(id))[0]?.state === 'completed', 10_000, 'the job completed after the restart')
    await again.stop()
    assert.deepEqual(attempts, [0])
  })

  it('a retry taken during the stop keeps its attempt; a job with a twin already waiting is closed instead', async () => {
    const g = gated(db)
    const queue = queueOn(g.db)
    await queue.start()
    const retried = randomUUID()
    const twinned = randomUUID()
    // The first attempt of `retried` fails: it waits in 'retry' (1 s backoff) with its count at 0.
    let first = true
    const firstDone = g.hold((sql) => isComplete(sql))
    await queue.workBatches<{ registrationId: string }>(queueNames.reconcile, 1, 10, async (batch) => {
      if (!first) throw new Error('no batch may be worked after the stop')
      first = false
      return new Map(batch.map((b) => [b.job.id, new Error('LMS unreachable')]))
    })
    await queue.enqueueReconciles([retried])
    ;(await firstDone)()
    assert.deepEqual(await jobOf(retried), [{ state: 'retry', retry_count: 0, started: true }])
    // The next fetch takes it as attempt 2 and `twinned` as a first attempt; their answer waits while a second
    // job of `twinned` is queued (the first is active now) and the stop begins.
    await db.query(`UPDATE ${jobs}.job SET start_after = now() WHERE data->>'registrationId' = $1`, [retried]) // due now
    await queue.enqueueReconciles([twinned])
    const fetched = await g.hold(isFetch, { after: true })
    assert.deepEqual(await jobOf(retried), [{ state: 'active', retry_count: 1, started: true }], 'fetched as its second attempt')
    await queue.enqueueReconciles([twinned])
    const stopped = queue.stop().then(() => g.markStopped())
    await delay(300)
    fetched()
    await stopped
    await delay(700)
    assert.deepEqual(g.late, [])
    assert.deepEqual(await jobOf(retried), [{ state: 'retry', retry_count: 0, started: true }], 'the attempt it was fetched for is not spent')
    const twins = await jobOf(twinned)
    assert.deepEqual(twins.map((j) => j.state).sort(), ['cancelled', 'created'], 'the waiting twin does the work; the fetched one closes')
    assert.deepEqual(errors, [])
    assert.deepEqual(unhandled, [])
  })

  /** A started queue that works one reconcile job; its complete waits at the gate (and fails with `fail`). */
  async function completeHeld(fail?: Error) {
    const g = gated(db)
    const queue = queueOn(g.db)
    await queue.start()
    const id = randomUUID()
    const completing = g.hold(isComplete, { fail })
    await queue.workBatches<{ registrationId: string }>(queueNames.reconcile, 1, 10, async () => new Map())
    await queue.enqueueReconciles([id])
    return { g, queue, id, release: await completing }
  }

  it('waits for the complete pg-boss sends after a batch before it answers', async () => {
    const { g, queue, id, release } = await completeHeld()
    let answered = false
    const stopped = queue.stop().then(() => { answered = true; g.markStopped() })
    await delay(600) // pg-boss's own stop looks every 500 ms whether a handler still holds jobs
    assert.equal(answered, false, 'stop() still waits for the complete')
    release()
    await stopped
    await delay(300)
    assert.deepEqual(g.late, [])
    assert.deepEqual(await jobOf(id), [{ state: 'completed', retry_count: 0, started: true }])
    assert.deepEqual(errors, [])
    assert.deepEqual(unhandled, [])
  })

  it('logs a failed complete once with its code instead of an unhandled rejection; the job stays for expiry', async () => {
    const { queue, id, release } = await completeHeld(Object.assign(new Error('connection terminated'), { code: 'ECONNRESET' }))
    release()
    await eventually(async () => errors.length > 0, 5_000, 'the failure reported')
    await queue.stop()
    await delay(200)
    assert.deepEqual(errors.map((e) => [e.code, e.err.message]), [['QUEUE_STATEMENT_FAILED', 'connection terminated']], 'reported once, with its code')
    assert.deepEqual(unhandled, [])
    assert.deepEqual(await jobOf(id), [{ state: 'active', retry_count: 0, started: true }], 'left active: it expires and runs again')
  })
})
