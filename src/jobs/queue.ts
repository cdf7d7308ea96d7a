// The job queue: pg-boss on the same database (PGlite embedded or a PostgreSQL server).
// Reconcile jobs are keyed by registration: the 'stately' policy keeps at most one queued (and one active)
// job per registration, so a burst of API changes to one registration becomes one reconcile.
//
// Why pg-boss 10 and not 12 (weighed when Node 22.12 became the floor, tried on 2026-12-03 with 12.38.0):
// - 12 cannot take over a pg-boss 10 schema. 11.0.0 ships no migration at all (a new schema), and 12.38
//   stops at start with "Cannot migrate pg-boss schema from version 24: the oldest supported starting
//   version is 25" — tried on a DATA_DIR made by this release. Every installation's queued jobs (mails
//   waiting for SMTP, retries, result deliveries) would be stranded by an upgrade.
// - What 12 brings us, job heartbeats (heartbeatSeconds >= 10) for a faster take-over of a dead worker's
//   jobs, the worker registry (worker-registry.ts) already does: within ~15 s on PostgreSQL and at once at
//   start on the embedded database, which pg-boss's heartbeats cannot know is single-process.
// - The port itself is small (named export, insert(name, jobs), no stop({ wait })); with it the API,
//   batching and registration suites passed, the kill -9 recovery test did not settle within its limit (not
//   investigated further). The upgrade becomes worth it together with a queue rebuilt from
//   coursebridge's own tables (registrations, outbox, deliveries), which would make a new schema lossless.
import { createRequire } from 'node:module'
import { setTimeout as delay } from 'node:timers/promises'
import PgBoss from 'pg-boss'
import type { Database } from '../store/database.ts'
import { groupCalls } from '../services/group-calls.ts'

export const queueNames = {
  reconcile: 'reconcile-registration',
  sendMail: 'send-mail',
  resendCredentials: 'resend-credentials',
  deliverResult: 'deliver-result',
  pollResults: 'poll-results',
} as const

export interface QueueOptions {
  schema: string
  retryLimit: number
  mailRetryLimit: number
  deliveryRetryLimit: number
  retryDelaySeconds: number
  pollingIntervalSeconds: number
  /** A reconcile job active for longer is taken as lost (its worker died) and retried. */
  jobExpireSeconds: number
  maintenanceIntervalSeconds: number
}

export interface JobContext {
  id: string
  retryCount: number
  retryLimit: number
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>

export interface Queue {
  start(): Promise<void>
  stop(): Promise<void>
  /** Enqueues a reconcile; a no-op when one is already queued for this registration. */
  enqueueReconcile(registrationId: string, opts?: { startAfterSeconds?: number }): Promise<void>
  /** enqueueReconcile for many registrations, in one statement. */
  enqueueReconciles(registrationIds: string[]): Promise<void>
  /** Enqueues sending one outbox mail (a no-op when already queued). */
  enqueueSendMail(mailId: string): Promise<void>
  /**
   * enqueueSendMail for many mails in one statement; mails that already have a queued job get no second.
   * With startAfterSeconds the jobs wait that long first.
   */
  enqueueSendMails(mailIds: string[], opts?: { startAfterSeconds?: number }): Promise<void>
  /**
   * "Send now" for outbox mails: a send job waiting out its retry backoff starts at once (the same job, so
   * the stately queue keeps one per mail and its retry count stands); a mail without a waiting job gets a
   * new one.
   */
  sendMailsNow(mailIds: string[]): Promise<void>
  /** Enqueues "set a new password and send the credentials again" for a registration. */
  enqueueResendCredentials(registrationId: string): Promise<void>
  /** Enqueues delivering one result to the training system's webhook. */
  enqueueDeliverResult(deliveryId: string): Promise<void>
  /**
   * Enqueues a result poll of one connection (a no-op when one is queued). force: asked for by an administrator, so it
   * also asks about courses the Moodle plugin delivers results for (the schedule skips those).
   */
  enqueuePollResults(connectionId: string, opts?: { force?: boolean }): Promise<void>
  work<T extends object>(name: string, concurrency: number, handler: JobHandler<T>): Promise<void>
  /**
   * Takes up to batchSize jobs at a time; the handler returns the ids of the jobs to retry (with the
   * queue's backoff) and the rest complete.
   */
  workBatches<T extends object>(
    name: string,
    concurrency: number,
    batchSize: number,
    handler: (jobs: { data: T; job: JobContext }[]) => Promise<Map<string, Error>>,
  ): Promise<void>
  /** Jobs not yet finished (created, retry, active) — for tests and /metrics. */
  pendingCount(name: string): Promise<number>
  /** Ids of the jobs this process works on now (the worker registry's heartbeat lists them). */
  activeJobIds(): string[]
  /**
   * Puts active jobs whose worker died back in the queue, to run at once (worker-registry.ts); returns how
   * many. A job out of retries fails, as pg-boss would fail it.
   */
  requeueLost(jobIds: string[]): Promise<number>
  /** Started and not stopped (for /readyz). */
  running(): boolean
}

/** Codes of the queue's log lines: a pg-boss statement that failed, any other error pg-boss reports. */
export type QueueErrorCode = 'QUEUE_STATEMENT_FAILED' | 'QUEUE_ERROR'

// Set on an error already reported as QUEUE_STATEMENT_FAILED, so that pg-boss's own error event for it (a copy
// made by spreading, which keeps this enumerable symbol) is not reported a second time.
const reported = Symbol('coursebridge.queue.reported')

/** How long stop() waits for running jobs and the queue's last statements before the database may close. */
const stopTimeoutMs = 10_000

export function createQueue(db: Database, opts: QueueOptions, onError: (err: Error, code: QueueErrorCode) => void): Queue {
  /**
   * pg-boss's statements, while on their way. pg-boss completes (or fails) a batch's jobs without waiting for
   * the statement (manager.js, onFetch), and its graceful stop waits only for handlers holding jobs, not for
   * a fetch in flight: so stop() waits for these itself, or the database could close under them ("Cannot use
   * a pool after calling end on the pool", seen as an unhandled rejection at the end of a bench run).
   */
  const inFlight = new Set<Promise<unknown>>()
  let reportStatementFailures = false
  const report = (err: unknown) => {
    if (!reportStatementFailures || typeof err !== 'object' || err === null) return
    ;(err as { [reported]?: boolean })[reported] = true
    onError(err as Error, 'QUEUE_STATEMENT_FAILED')
  }
  // Those two unawaited statements, by their text: a failure of one is reported here and answered as "no job
  // changed", for nobody would catch it and the process would end on an unhandled rejection. The job stays
  // active and runs again once it expires; the handler's work is idempotent. (pg-boss has no public way to
  // its statement texts; the package has no exports map, so plans.js is reachable; a test fails if it moves.)
  const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as Record<'completeJobs' | 'failJobsById', (schema: string) => string>
  const unawaited = new Set([plans.completeJobs(opts.schema), plans.failJobsById(opts.schema)])
  const tracking = (answerUnawaited: boolean) => (text: string, values?: unknown[]) => {
    const p = db.executeSql(text, values).then((result) => {
      inFlight.delete(p)
      return result
    }, (err: unknown) => {
      inFlight.delete(p)
      report(err)
      if (answerUnawaited && unawaited.has(text)) return { rows: [{ count: 0 }] }
      throw err
    })
    inFlight.add(p)
    return p
  }
  // Our own boss.fail calls wait for their answer and must see a failure (a job to retry must not complete).
  const awaitedDb = { db: { executeSql: tracking(false) } }
  const boss = new PgBoss({
    db: { executeSql: tracking(true) },
    schema: opts.schema,
    // Maintenance and cron run in every process; on PGlite there is only one.
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds,
  } as PgBoss.ConstructorOptions)
  boss.on('error', (err: Error & { [reported]?: boolean }) => {
    if (!err[reported]) onError(err, 'QUEUE_ERROR')
  })
  let started = false
  // Set by stop(): a batch that a fetch already on its way brings in after that goes back to the queue untouched.
  let stopping = false
  // Workers of this process per queue: a job sent here wakes them instead of waiting for the next poll.
  const localWorkers = new Map<string, string[]>()
  // Handlers of this process running now, per queue (a new reconcile reads it; stop() waits for them all).
  const busy = new Map<string, number>()
  const wake = (name: string) => {
    for (const id of localWorkers.get(name) ?? []) boss.notifyWorker(id)
  }
  /**
   * A new reconcile wakes the workers at once when none of this process is reconciling; while one is, the
   * wake comes `gatherMs` later (one timer for all that arrive meanwhile), so under load the jobs of many
   * single POSTs gather into one batch instead of an idle worker grabbing each on its own, and a registration
   * that comes while the previous one finishes still starts within a fraction of a second.
   */
  const gatherMs = 200
  const gathering = new Set<string>()
  const wakeIfIdle = (name: string) => {
    if ((busy.get(name) ?? 0) === 0) return wake(name)
    if (gathering.has(name)) return
    gathering.add(name)
    setTimeout(() => {
      gathering.delete(name)
      wake(name)
    }, gatherMs).unref()
  }
  const remember = (name: string, id: string) => localWorkers.set(name, [...(localWorkers.get(name) ?? []), id])
  /**
   * Only a queue's first worker polls at the configured interval; the others poll ten times less often and are
   * woken when a poll comes back with a full batch (the one that found it too: it fetches again when done, as
   * pg-boss does after a batch that outlasted the interval). An idle process so asks the database once per queue and
   * interval instead of once per worker (ten polls a second with the shipped settings, most of an idle process's
   * CPU), and a queue with work still has all its workers at once. Jobs sent from this process wake them anyway.
   */
  const pollingSeconds = (slot: number) => (slot === 0 ? opts.pollingIntervalSeconds : opts.pollingIntervalSeconds * 10)
  // Jobs in the hands of this process. A finished job stays listed a few seconds longer: pg-boss completes
  // it just after the handler returns, and until then it must not look lost.
  const active = new Map<string, number>()
  const track = (ids: string[]) => { for (const id of ids) active.set(id, (active.get(id) ?? 0) + 1) }
  const untrack = (ids: string[]) => {
    setTimeout(() => {
      for (const id of ids) {
        const n = (active.get(id) ?? 1) - 1
        if (n <= 0) active.delete(id)
        else active.set(id, n)
      }
    }, 3000).unref()
  }
  /** Runs a fetched batch's handler or, once stop() has begun, puts the batch back untouched; counted in `busy`. */
  async function handle(name: string, ids: string[], fn: () => Promise<void>): Promise<void> {
    busy.set(name, (busy.get(name) ?? 0) + 1)
    try {
      if (stopping) await putBack(ids)
      else await fn()
    } finally {
      busy.set(name, busy.get(name)! - 1)
    }
  }
  const handlersRunning = () => [...busy.values()].reduce((a, b) => a + b, 0)
  /**
   * Active jobs back to the state the fetch took them from, to run at once: a first attempt to 'created', a
   * retry to 'retry' with the count the fetch added taken off again, so a stop costs a job none of its
   * attempts. Where the stately queue already has a job of the same key waiting in that state (it does the
   * same work), this one is cancelled instead. pg-boss's complete after the handler then finds nothing active.
   */
  async function putBack(ids: string[]) {
    const s = opts.schema
    await db.executeSql(
      `WITH back AS (
         SELECT j.id, b.state,
           EXISTS (
             SELECT 1 FROM ${s}.job k WHERE k.name = j.name AND k.policy = 'stately' AND j.policy = 'stately'
               AND k.state = b.state AND COALESCE(k.singleton_key, '') = COALESCE(j.singleton_key, '')
           ) AS twin
         FROM ${s}.job j
           CROSS JOIN LATERAL (SELECT CASE WHEN j.retry_count = 0 THEN 'created' ELSE 'retry' END::${s}.job_state AS state) b
         WHERE j.id = ANY($1::uuid[]) AND j.state = 'active'
       )
       UPDATE ${s}.job j SET
         state = CASE WHEN back.twin THEN 'cancelled'::${s}.job_state ELSE back.state END,
         completed_on = CASE WHEN back.twin THEN now() END,
         started_on = CASE WHEN back.twin OR j.retry_count > 0 THEN j.started_on END,
         retry_count = GREATEST(j.retry_count - 1, 0),
         start_after = now()
       FROM back WHERE j.id = back.id`,
      [ids],
    )
  }
  async function tracked<R>(ids: string[], fn: () => Promise<R>): Promise<R> {
    track(ids)
    try {
      return await fn()
    } finally {
      untrack(ids)
    }
  }

  /**
   * Jobs keyed by id, one statement for many: boss.insert writes the rows with the queue's policy and
   * ON CONFLICT DO NOTHING, as send does, so the stately queue's unique index (name, state,
   * singleton_key) keeps one queued job per key. A startAfter string without a time zone is an interval
   * from the database's now() (no clock skew).
   */
  async function insertKeyed(name: string, field: string, ids: string[], o: { startAfterSeconds?: number } = {}) {
    if (ids.length === 0) return
    await boss.insert([...new Set(ids)].map((id) => ({
      name, data: { [field]: id }, singletonKey: id,
      ...(o.startAfterSeconds ? { startAfter: `${o.startAfterSeconds} seconds` } : {}),
    })))
    if (!o.startAfterSeconds) wakeIfIdle(name)
  }

  // Group commit of the reconcile inserts: while one insert is on its way to the database, the ids of the
  // requests that arrive meanwhile wait and go in the next one — one statement for many single POSTs under
  // load, no waiting at all when idle.
  const reconcileInserts = groupCommit<string>((ids) => insertKeyed(queueNames.reconcile, 'registrationId', ids))

  return {
    async start() {
      await boss.start()
      started = true
      stopping = false
      reportStatementFailures = true
      const queues: PgBoss.Queue[] = [
        { name: queueNames.reconcile, policy: 'stately', retryLimit: opts.retryLimit, retryDelay: opts.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: opts.jobExpireSeconds },
        { name: queueNames.sendMail, policy: 'stately', retryLimit: opts.mailRetryLimit, retryDelay: opts.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: 5 * 60 },
        { name: queueNames.resendCredentials, policy: 'stately', retryLimit: opts.retryLimit, retryDelay: opts.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: 5 * 60 },
        { name: queueNames.deliverResult, policy: 'stately', retryLimit: opts.deliveryRetryLimit, retryDelay: opts.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: 5 * 60 },
        { name: queueNames.pollResults, policy: 'stately', retryLimit: 2, retryDelay: opts.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: 30 * 60 },
      ]
      for (const q of queues) {
        if (!(await boss.getQueue(q.name))) await boss.createQueue(q.name, q)
      }
    },
    async stop() {
      if (!started) return
      started = false
      stopping = true
      const deadline = Date.now() + 2 * stopTimeoutMs
      await boss.stop({ graceful: true, wait: true, timeout: stopTimeoutMs })
      // pg-boss is done once no handler holds jobs; a fetch, a complete or a batch going back may still be on its way.
      while ((inFlight.size > 0 || handlersRunning() > 0) && Date.now() < deadline) await delay(20)
    },
    async enqueueReconcile(registrationId, o = {}) {
      await boss.send(queueNames.reconcile, { registrationId }, {
        singletonKey: registrationId,
        startAfter: o.startAfterSeconds,
      })
      if (!o.startAfterSeconds) wake(queueNames.reconcile)
    },
    async enqueueReconciles(registrationIds) {
      if (registrationIds.length > 0) await reconcileInserts(registrationIds)
    },
    async enqueueSendMail(mailId) {
      await insertKeyed(queueNames.sendMail, 'mailId', [mailId])
    },
    async enqueueSendMails(mailIds, o) {
      await insertKeyed(queueNames.sendMail, 'mailId', mailIds, o)
    },
    async sendMailsNow(mailIds) {
      if (mailIds.length === 0) return
      const { rows } = await db.executeSql(
        `UPDATE ${opts.schema}.job SET start_after = now()
         WHERE name = $1 AND state IN ('created', 'retry') AND singleton_key = ANY($2::text[])
         RETURNING singleton_key`,
        [queueNames.sendMail, mailIds],
      )
      const waiting = new Set((rows as { singleton_key: string }[]).map((r) => r.singleton_key))
      await insertKeyed(queueNames.sendMail, 'mailId', mailIds.filter((id) => !waiting.has(id)))
      wake(queueNames.sendMail)
    },
    async enqueueResendCredentials(registrationId) {
      await boss.send(queueNames.resendCredentials, { registrationId }, { singletonKey: registrationId })
    },
    async enqueueDeliverResult(deliveryId) {
      await boss.send(queueNames.deliverResult, { deliveryId }, { singletonKey: deliveryId })
    },
    async enqueuePollResults(connectionId, opts = {}) {
      await boss.send(queueNames.pollResults, { connectionId, ...(opts.force ? { force: true } : {}) }, { singletonKey: connectionId })
    },
    async workBatches(name, concurrency, batchSize, handler) {
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<object>(
          name,
          { pollingIntervalSeconds: pollingSeconds(i), batchSize, includeMetadata: true },
          async (jobs) => {
            if (jobs.length >= batchSize) wake(name)
            const list = (jobs as PgBoss.JobWithMetadata<object>[]).map((job) => ({
              data: job.data as never, job: { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit },
            }))
            const ids = list.map((j) => j.job.id)
            await handle(name, ids, () => tracked(ids, async () => {
              const retry = await handler(list)
              // Failed jobs go to retry with backoff; pg-boss then completes only those still active.
              for (const [jobId, err] of retry) await boss.fail(name, jobId, { message: err.message }, awaitedDb)
            }))
          },
        )
        remember(name, id)
      }
    },
    async work(name, concurrency, handler) {
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<object>(
          name,
          { pollingIntervalSeconds: pollingSeconds(i), batchSize: 1, includeMetadata: true },
          async (jobs) => {
            if (jobs.length > 0) wake(name)
            const list = jobs as PgBoss.JobWithMetadata<object>[]
            await handle(name, list.map((job) => job.id), async () => {
              for (const job of list) {
                await tracked([job.id], () => handler(job.data as never, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit }))
              }
            })
          },
        )
        remember(name, id)
      }
    },
    running: () => started,
    async pendingCount(name) {
      const { rows } = await db.executeSql(
        `SELECT count(*)::int AS n FROM ${opts.schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [name],
      )
      return (rows[0] as { n: number } | undefined)?.n ?? 0
    },
    activeJobIds: () => [...active.keys()],
    async requeueLost(jobIds) {
      if (jobIds.length === 0) return 0
      const s = opts.schema
      const lost = `'{"message": "its worker died; taken back"}'::jsonb`
      // The queues are stately: one job per key and state. A lost job whose key already waits in 'retry'
      // is closed instead (the waiting one reconciles the same registration).
      const closed = await db.executeSql(
        `UPDATE ${s}.job j SET state = 'failed', completed_on = now(), output = ${lost}
         WHERE j.id = ANY($1::uuid[]) AND j.state = 'active' AND EXISTS (
           SELECT 1 FROM ${s}.job k WHERE k.name = j.name AND k.state = 'retry' AND k.policy = 'stately'
             AND COALESCE(k.singleton_key, '') = COALESCE(j.singleton_key, ''))
         RETURNING j.id`,
        [jobIds],
      )
      // Back to 'retry' with no backoff (the crash was not the job's fault); the retry count still bounds
      // a job that brings its worker down every time.
      const requeued = await db.executeSql(
        `UPDATE ${s}.job SET
           state = CASE WHEN retry_count < retry_limit THEN 'retry'::${s}.job_state ELSE 'failed'::${s}.job_state END,
           completed_on = CASE WHEN retry_count < retry_limit THEN NULL ELSE now() END,
           start_after = now(), output = ${lost}
         WHERE id = ANY($1::uuid[]) AND state = 'active'
         RETURNING name`,
        [jobIds],
      )
      for (const name of new Set((requeued.rows as { name: string }[]).map((r) => r.name))) wake(name)
      return closed.rows.length + requeued.rows.length
    },
  }
}

/**
 * Calls of `write` that arrive while one is running are joined into the next: each caller's promise settles
 * with the write that carried its items (its error too, so a caller never takes a failed insert for done).
 * groupCalls with one answer-less write of all the callers' items.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (items: T[]) => Promise<void> {
  return groupCalls<T[], void>(async (batches) => {
    await write(batches.flat())
    return batches.map(() => undefined)
  })
}
