// The one place configuration is read and validated. An invalid value stops start-up with its name;
// there are no silent fallbacks beyond the documented defaults.
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'
import type { SmtpConfig } from './mail/mail-transport.ts'

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

/** One entry of TRUSTED_PROXIES: an address, a CIDR range, or a name proxy-addr knows. */
function trustedProxyProblem(entry: string): string | null {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return null
  const [address, bits, ...rest] = entry.split('/')
  const family = isIP(address ?? '')
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR range`
  if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))) return `"${entry}" has a bad prefix length`
  return null
}

const trustedProxies = z.string().default('').transform((v, c) => {
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e.length > 0)
  for (const e of entries) {
    const problem = trustedProxyProblem(e)
    if (problem) c.addIssue({ code: 'custom', message: `${problem} (comma-separated addresses, CIDR ranges, or loopback/linklocal/uniquelocal)` })
  }
  return entries
})

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** PostgreSQL schema for coursebridge's tables (the job queue uses <schema>_jobs). */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,40}$/, 'lower-case letters, digits and _').default('coursebridge'),
  /** Base64 of 32 bytes; when absent a key is generated into DATA_DIR/secret.key on first start. */
  COURSEBRIDGE_SECRET_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: one readable line per event (the default on a terminal); json: one JSON object per line. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  RECONCILE_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  /** A reconcile job running longer is taken as lost (its worker died) and retried; also the account lease. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(12),
  RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  LMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  RUN_WORKERS: bool.default(true),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** Implicit TLS (usually port 465); otherwise STARTTLS is required unless SMTP_REQUIRE_TLS=false. */
  SMTP_SECURE: bool.default(false),
  SMTP_REQUIRE_TLS: bool.default(true),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** outbox: for trying coursebridge, nothing is sent (passwords masked). Unset: smtp with SMTP_HOST, else mails wait. */
  MAIL_MODE: z.enum(['smtp', 'outbox']).optional(),
  MAIL_FROM: z.string().min(3).default('coursebridge <noreply@localhost>'),
  MAIL_REPLY_TO: z.string().min(3).optional(),
  MAIL_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(10),
  DELIVERY_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(20),
  RESULTS_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  RESULTS_POLL_BUDGET: z.coerce.number().int().min(1).max(10_000).default(60),
  RESULTS_POLL_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /** Reverse proxies whose X-Forwarded-For is believed (client address for the log-in throttle and logs). */
  TRUSTED_PROXIES: trustedProxies,
})

export interface Config {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL server; undefined means the embedded PGlite database under dataDir. */
  databaseUrl?: string
  /** Schema for the tables (PostgreSQL only; tests use one per app). */
  databaseSchema: string
  secretKey?: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  /** How log lines look; absent: JSON (tests and library use). loadConfig picks pretty on a terminal. */
  logFormat?: 'pretty' | 'json'
  workerConcurrency: number
  /** Registrations a worker takes at once and coalesces per connection (1 = one registration per job). */
  reconcileBatchSize: number
  jobExpireSeconds: number
  maintenanceIntervalSeconds: number
  retryLimit: number
  retryDelaySeconds: number
  lmsTimeoutMs: number
  runWorkers: boolean
  /** Polling interval of the job workers in seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds: number
  /** SMTP server (mailMode smtp). */
  smtp?: SmtpConfig
  /**
   * smtp: sent through `smtp`. hold: no SMTP server yet, mails wait (password encrypted) until one is
   * configured. outbox: nothing is sent, each mail is kept in the outbox with the password masked (for
   * trying coursebridge). loadConfig always sets it; absent (tests, benchmarks): smtp with `smtp`, else outbox.
   */
  mailMode?: 'smtp' | 'hold' | 'outbox'
  mailFrom: string
  mailRetryLimit: number
  deliveryRetryLimit: number
  /** How often active registrations without a result are polled (0 = never, e.g. in tests). */
  resultsPollIntervalSeconds: number
  /**
   * Registrations one poll run asks the LMS about, per connection (the oldest-asked first; the rest wait for the next
   * run). Absent (tests): 60.
   */
  resultsPollBudget?: number
  /** Pause between the poll's groups of calls, so a run is spread out rather than one burst. Absent (tests): none. */
  resultsPollPauseMs?: number
  /** Replay window for signed webhooks from LMS plugins. */
  webhookToleranceSeconds: number
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[]
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  if (e.MAIL_MODE === 'smtp' && !e.SMTP_HOST) {
    throw new ConfigError('invalid configuration:\n  MAIL_MODE: smtp needs SMTP_HOST (the mail server)')
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    secretKey: e.COURSEBRIDGE_SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    workerConcurrency: e.WORKER_CONCURRENCY,
    reconcileBatchSize: e.RECONCILE_BATCH_SIZE,
    jobExpireSeconds: e.JOB_EXPIRE_SECONDS,
    maintenanceIntervalSeconds: e.MAINTENANCE_INTERVAL_SECONDS,
    retryLimit: e.RETRY_LIMIT,
    retryDelaySeconds: e.RETRY_DELAY_SECONDS,
    lmsTimeoutMs: e.LMS_TIMEOUT_MS,
    runWorkers: e.RUN_WORKERS,
    pollingIntervalSeconds: 1,
    smtp: e.SMTP_HOST
      ? {
        host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, requireTLS: e.SMTP_REQUIRE_TLS, from: e.MAIL_FROM,
        replyTo: e.MAIL_REPLY_TO, ...(e.SMTP_USER && e.SMTP_PASSWORD ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } } : {}),
      }
      : undefined,
    mailMode: e.MAIL_MODE === 'outbox' ? 'outbox' : e.SMTP_HOST ? 'smtp' : 'hold',
    mailFrom: e.MAIL_FROM,
    mailRetryLimit: e.MAIL_RETRY_LIMIT,
    deliveryRetryLimit: e.DELIVERY_RETRY_LIMIT,
    resultsPollIntervalSeconds: e.RESULTS_POLL_INTERVAL_SECONDS,
    resultsPollBudget: e.RESULTS_POLL_BUDGET,
    resultsPollPauseMs: e.RESULTS_POLL_PAUSE_MS,
    webhookToleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
    trustedProxies: e.TRUSTED_PROXIES,
  }
}
