// The job queue: pg-boss on the same database (PGlite embedded or a PostgreSQL server).
// Reconcile jobs are keyed by registration: the 'stately' policy keeps at most one queued (and one active)
// job per registration, so a burst of API changes to one registration becomes one reconcile.
import PgBoss from 'pg-boss'
import type { Database } from '../store/database.ts'

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
  /** Enqueues "set a new password and send the credentials again" for a registration. */
  enqueueResendCredentials(registrationId: string): Promise<void>
  /** Enqueues delivering one result to the training system's webhook. */
  enqueueDeliverResult(deliveryId: string): Promise<void>
  /** Enqueues a result poll of one connection (a no-op when one is queued). */
  enqueuePollResults(connectionId: string): Promise<void>
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
}

export function createQueue(db: Database, opts: QueueOptions, onError: (err: Error) => void): Queue {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => db.executeSql(text, values) },
    schema: opts.schema,
    // Maintenance and cron run in every process; on PGlite there is only one.
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds,
  } as PgBoss.ConstructorOptions)
  boss.on('error', onError)
  let started = false
  // Workers of this process per queue: a job sent here wakes them instead of waiting for the next poll.
  const localWorkers = new Map<string, string[]>()
  const wake = (name: string) => {
    for (const id of localWorkers.get(name) ?? []) boss.notifyWorker(id)
  }
  const remember = (name: string, id: string) => localWorkers.set(name, [...(localWorkers.get(name) ?? []), id])

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
    if (!o.startAfterSeconds) wake(name)
  }

  return {
    async start() {
      await boss.start()
      started = true
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
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
    async enqueueReconcile(registrationId, o = {}) {
      await boss.send(queueNames.reconcile, { registrationId }, {
        singletonKey: registrationId,
        startAfter: o.startAfterSeconds,
      })
      if (!o.startAfterSeconds) wake(queueNames.reconcile)
    },
    async enqueueReconciles(registrationIds) {
      await insertKeyed(queueNames.reconcile, 'registrationId', registrationIds)
    },
    async enqueueSendMail(mailId) {
      await insertKeyed(queueNames.sendMail, 'mailId', [mailId])
    },
    async enqueueSendMails(mailIds, o) {
      await insertKeyed(queueNames.sendMail, 'mailId', mailIds, o)
    },
    async enqueueResendCredentials(registrationId) {
      await boss.send(queueNames.resendCredentials, { registrationId }, { singletonKey: registrationId })
    },
    async enqueueDeliverResult(deliveryId) {
      await boss.send(queueNames.deliverResult, { deliveryId }, { singletonKey: deliveryId })
    },
    async enqueuePollResults(connectionId) {
      await boss.send(queueNames.pollResults, { connectionId }, { singletonKey: connectionId })
    },
    async workBatches(name, concurrency, batchSize, handler) {
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<object>(
          name,
          { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize, includeMetadata: true },
          async (jobs) => {
            const list = (jobs as PgBoss.JobWithMetadata<object>[]).map((job) => ({
              data: job.data as never, job: { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit },
            }))
            const retry = await handler(list)
            // Failed jobs go to retry with backoff; pg-boss then completes only those still active.
            for (const [jobId, err] of retry) await boss.fail(name, jobId, { message: err.message })
          },
        )
        remember(name, id)
      }
    },
    async work(name, concurrency, handler) {
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<object>(
          name,
          { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
          async (jobs) => {
            for (const job of jobs as PgBoss.JobWithMetadata<object>[]) {
              await handler(job.data as never, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit })
            }
          },
        )
        remember(name, id)
      }
    },
    async pendingCount(name) {
      const { rows } = await db.executeSql(
        `SELECT count(*)::int AS n FROM ${opts.schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [name],
      )
      return (rows[0] as { n: number } | undefined)?.n ?? 0
    },
  }
}
