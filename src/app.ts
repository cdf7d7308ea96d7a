// Builds coursebridge from a configuration: database, migrations, queue, adapters, HTTP API, workers.
// No global state: tests start several apps in one process.
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import type { Database } from './store/database.ts'
import { migrate } from './store/migrations.ts'
import { lockDataDir } from './store/data-dir-lock.ts'
import { createSecretBox, loadSecretKey } from './security/secret-box.ts'
import { sealStoredWebhookSecrets } from './services/tenant-settings.ts'
import { verifySecretKey } from './security/key-check.ts'
import { makePrivate } from './store/private-files.ts'
import { createQueue, queueNames } from './jobs/queue.ts'
import { createReconcileHandler } from './jobs/reconcile-registration.ts'
import { createSendMailHandler, sendMailBatchSize } from './jobs/send-mail.ts'
import { createResendCredentialsHandler } from './jobs/resend-credentials.ts'
import { createDeliverResultHandler } from './jobs/deliver-result.ts'
import { createPollResultsHandler } from './jobs/poll-results.ts'
import { listActiveConnectionIds } from './store/connections.ts'
import { scheduleMaintenance } from './jobs/maintenance.ts'
import { createRenderPool } from './mail/render-pool.ts'
import { createMailTransport, createOutboxTransport, type MailTransport } from './mail/mail-transport.ts'
import { createHoldMailHandler, releaseMailsWaitingForSmtp } from './jobs/hold-mail.ts'
import { createAdapterFactory } from './lms/adapter-factory.ts'
import { createSandboxStateStore } from './lms/sandbox-state-store.ts'
import { createAdvisoryLeases, createProcessLeases, type Leases } from './store/leases.ts'
import { createWorkerRegistry, type WorkerRegistry } from './jobs/worker-registry.ts'
import { createHttpApp } from './http/http-app.ts'
import type { LoginThrottleOptions } from './ui/auth/login-throttle.ts'
import type { AppContext } from './services/context.ts'
import { createLogger } from './logging/logger.ts'
import { createMetrics } from './metrics/metrics.ts'

export interface App {
  ctx: AppContext
  http: FastifyInstance
  /** Starts the queue, the workers (unless config.runWorkers is false) and, with listen, the HTTP server. */
  start(opts?: { listen?: boolean }): Promise<{ url?: string }>
  /** Starts the workers of this process (start() does it unless config.runWorkers is false). */
  startWorkers(): Promise<void>
  stop(): Promise<void>
}

export interface AppOptions {
  logger?: Logger
  /** An already open database (tests share one embedded database between apps). */
  db?: Database
  /** Secret key bytes (tests); else from the environment or the data dir. */
  secretKey?: Buffer
  /** Whether a missing key may be generated into the data dir (not for a worker: it needs the server's key). */
  generateKey?: boolean
  /** Failed administrator log-ins allowed per address and per account (tests lower them). */
  loginThrottle?: LoginThrottleOptions
}

/** How mails leave (or wait): config.mailMode, or for a config built in code smtp with SMTP settings, else the outbox. */
export function mailModeOf(config: Config): 'smtp' | 'hold' | 'outbox' {
  return config.mailMode ?? (config.smtp ? 'smtp' : 'outbox')
}

function mailTransportFor(config: Config, log: Logger): MailTransport | null {
  const mode = mailModeOf(config)
  if (mode === 'smtp') return createMailTransport(config.smtp!)
  if (mode === 'hold') {
    log.warn({ code: 'MAIL_SMTP_NOT_CONFIGURED' }, 'no SMTP server configured (SMTP_HOST): mails wait, passwords encrypted, '
      + 'and are sent once SMTP_HOST is set and coursebridge restarted (MAIL_MODE=outbox only keeps them in the outbox instead)')
    return null
  }
  log.info('MAIL_MODE=outbox: no mail is sent; each is kept in the outbox (GET /api/v1/mails) with the password masked, '
    + 'for trying coursebridge: participants receive nothing and their passwords are not kept')
  return createOutboxTransport({ from: config.mailFrom })
}

/** Imports only the database module in use: a process on PostgreSQL does not load PGlite. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgresDatabase } = await import('./store/postgres-database.ts')
    return openPostgresDatabase(config.databaseUrl, config.databaseSchema)
  }
  // One process at a time on the embedded database (data-dir-lock.ts); the lock goes with the database.
  makePrivate(config.dataDir)
  const lock = lockDataDir(config.dataDir)
  try {
    const { openPgliteDatabase } = await import('./store/pglite-database.ts')
    const db = await openPgliteDatabase(join(config.dataDir, 'db'))
    // The first start's files were written by a process of their own: closed up once more after it.
    makePrivate(config.dataDir)
    return {
      ...db,
      async close() {
        try {
          await db.close()
        } finally {
          lock.release()
        }
      },
    }
  } catch (err) {
    lock.release()
    throw err
  }
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.logger ?? createLogger(config)
  const metrics = createMetrics()
  // The key first: without one there is nothing to open the database for.
  const box = createSecretBox(opts.secretKey ?? loadSecretKey(config.secretKey, config.dataDir, { generate: opts.generateKey }))
  const db = opts.db ?? await openDatabase(config)
  try {
    await migrate(db)
    await verifySecretKey(db, box)
  } catch (err) {
    if (!opts.db) await db.close()
    throw err
  }
  await sealStoredWebhookSecrets(db, box)
  const jobsSchema = `${config.databaseSchema}_jobs`
  const queue = createQueue(db, {
    schema: jobsSchema,
    retryLimit: config.retryLimit,
    mailRetryLimit: config.mailRetryLimit,
    deliveryRetryLimit: config.deliveryRetryLimit,
    retryDelaySeconds: config.retryDelaySeconds,
    pollingIntervalSeconds: config.pollingIntervalSeconds,
    jobExpireSeconds: config.jobExpireSeconds,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  }, (err, code) => log.error({ err, code }, code === 'QUEUE_STATEMENT_FAILED' ? 'queue statement failed' : 'queue error'))
  const adapters = createAdapterFactory({
    timeoutMs: config.lmsTimeoutMs,
    onRequest: (connection, call) => metrics.lmsRequest(connection, call.function, call.outcome, call.durationMs / 1000),
    // The sandbox's simulated LMS keeps what it holds here: a restart changes nothing of it.
    sandboxState: (connectionId) => createSandboxStateStore(db, connectionId),
  })
  metrics.attach({
    db,
    limits: () => adapters.limits(),
    pendingJobs: async () => {
      const counts: [string, number][] = []
      for (const name of Object.values(queueNames)) counts.push([name, await queue.pendingCount(name)])
      return counts
    },
  })
  const ctx: AppContext = { config, db, box, queue, adapters, log, metrics }
  const renderer = createRenderPool({ log })
  const http = createHttpApp(ctx, { renderer, loginThrottle: opts.loginThrottle })
  let transport: MailTransport | null = null
  let pollTimer: NodeJS.Timeout | null = null
  let stopMaintenance: (() => Promise<void>) | null = null

  let workersStarted = false
  let leases: Leases | null = null
  let registry: WorkerRegistry | null = null
  async function startWorkers() {
    if (workersStarted) return
    workersStarted = true
    const workerId = randomUUID()
    // Before any worker takes a job: the jobs a dead predecessor held go back to the queue.
    registry = createWorkerRegistry({ db, queue, jobsSchema, log, workerId, onlyProcess: db.kind === 'pglite' })
    await registry.start()
    leases = db.kind === 'postgres' && config.databaseUrl
      ? await createAdvisoryLeases({ url: config.databaseUrl, schema: config.databaseSchema, onError: (err) => log.error({ err }, 'lease connection lost; its leases ended') })
      : createProcessLeases(db)
    const handler = createReconcileHandler({ ...ctx, leases })
    await queue.workBatches<{ registrationId: string }>(queueNames.reconcile, config.workerConcurrency, config.reconcileBatchSize, handler)
    transport = mailTransportFor(config, log)
    if (transport?.kind === 'smtp') {
      // A warning, not a stop: mails wait and are retried until the server answers.
      const smtp = config.smtp!
      transport.verify().catch((err: { code?: string; message?: string }) => log.warn(
        { code: err.code ?? 'MAIL_SMTP_UNREACHABLE', smtpHost: smtp.host, smtpPort: smtp.port ?? 587 },
        `SMTP server ${smtp.host}:${smtp.port ?? 587} not usable at start (${err.code ?? 'error'}); mails wait and are retried`))
    }
    // Two batches at a time, as many SMTP connections as the two single-mail workers this replaced.
    if (transport) {
      await queue.workBatches<{ mailId: string }>(queueNames.sendMail, 2, sendMailBatchSize[transport.kind],
        createSendMailHandler({ ...ctx, renderer, transport }))
    } else {
      await queue.workBatches<{ mailId: string }>(queueNames.sendMail, 1, sendMailBatchSize.outbox, createHoldMailHandler(ctx))
    }
    // SMTP configured now: what waited for it goes out.
    if (transport?.kind === 'smtp') await releaseMailsWaitingForSmtp(ctx)
    await queue.work<{ registrationId: string }>(queueNames.resendCredentials, 1, createResendCredentialsHandler(ctx))
    await queue.work<{ deliveryId: string }>(queueNames.deliverResult, 2, createDeliverResultHandler(ctx))
    await queue.work<{ connectionId: string; force?: boolean }>(queueNames.pollResults, 1, createPollResultsHandler(ctx))
    stopMaintenance = scheduleMaintenance(ctx, config.maintenanceIntervalSeconds)
    if (config.resultsPollIntervalSeconds > 0) {
      // Every process with workers enqueues; the queue keeps one poll per connection.
      pollTimer = setInterval(() => {
        listActiveConnectionIds(db)
          .then((ids) => Promise.all(ids.map((id) => queue.enqueuePollResults(id))))
          .catch((err) => log.error({ err }, 'scheduling result polls failed'))
      }, config.resultsPollIntervalSeconds * 1000)
      pollTimer.unref()
    }
  }

  return {
    ctx,
    http,
    startWorkers,
    async start(o = {}) {
      await queue.start()
      if (config.runWorkers) await startWorkers()
      if (!o.listen) {
        await http.ready()
        return {}
      }
      const url = await http.listen({ port: config.port, host: config.host })
      return { url }
    },
    async stop() {
      log.info('stopping: no new requests; running jobs finish')
      if (pollTimer) clearInterval(pollTimer)
      await stopMaintenance?.()
      await http.close()
      await queue.stop()
      await registry?.stop()
      await leases?.close()
      transport?.close()
      await renderer.close()
      await adapters.stop()
      if (!opts.db) await db.close()
      log.info('stopped')
    },
  }
}
