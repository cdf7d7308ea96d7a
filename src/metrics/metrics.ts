// Prometheus metrics through prom-client, one registry per app (tests start several apps in one process):
// the process metrics prom-client collects by default, counters and histograms the code feeds as things
// happen (LMS HTTP requests, mail and delivery failures, inbound webhooks), and gauges read from the
// database and the connection limiters when /metrics is scraped. Labels carry counts and names of
// connections, functions, codes and states only: never a person, an address or a credential.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Queryable } from '../store/database.ts'
import type { LimiterState } from '../lms/connection-limiter.ts'

export interface MetricsSources {
  db: Queryable
  /** Jobs not yet finished, per queue name. */
  pendingJobs(): Promise<[string, number][]>
  /** Per connection id: its limiter's state. */
  limits(): Map<string, LimiterState>
}

export interface Metrics {
  registry: Registry
  /** One HTTP request to an LMS (counted by the REST/SOAP client's call observer). */
  lmsRequest(connection: string, fn: string, outcome: 'ok' | 'error', seconds: number): void
  mailFailure(code: string): void
  deliveryFailure(): void
  inboundWebhook(outcome: 'recorded' | 'ignored' | 'test' | 'refused', code?: string): void
  /** Connects the gauges that read their values at scrape time (createApp, once the sources exist). */
  attach(sources: MetricsSources): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  let sources: MetricsSources | null = null

  const lmsRequests = new Counter({
    name: 'coursebridge_lms_http_requests_total',
    help: 'HTTP requests to an LMS, per connection name, LMS function and outcome.',
    labelNames: ['connection', 'function', 'outcome'] as const,
    registers: [registry],
  })
  const lmsDuration = new Histogram({
    name: 'coursebridge_lms_http_request_duration_seconds',
    help: 'Duration of HTTP requests to an LMS, per connection name and LMS function.',
    labelNames: ['connection', 'function'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const mailFailures = new Counter({
    name: 'coursebridge_mail_failures_total',
    help: 'Failed attempts to send a mail (each retry counts), per code.',
    labelNames: ['code'] as const,
    registers: [registry],
  })
  const deliveryFailures = new Counter({
    name: 'coursebridge_result_delivery_failures_total',
    help: 'Failed attempts to deliver a result to the training system (each retry counts).',
    registers: [registry],
  })
  const webhooks = new Counter({
    name: 'coursebridge_inbound_webhooks_total',
    help: 'Webhooks from LMS plugins, per outcome (recorded; ignored: a repeat, or with its code a completion coursebridge does not manage; test; refused) and code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  })

  /** Connection names by id, read once per scrape. */
  async function connectionNames(): Promise<Map<string, { name: string; blocked: boolean }>> {
    const { rows } = await sources!.db.query<{ id: string; name: string; blocked: boolean }>(
      'SELECT id, name, blocked_code IS NOT NULL AS blocked FROM connections')
    return new Map(rows.map((r) => [r.id, { name: r.name, blocked: r.blocked }]))
  }
  const countBy = async (sql: string) => (await sources!.db.query<{ k: string; n: number }>(sql)).rows

  new Gauge({
    name: 'coursebridge_registrations', help: 'Registrations by observed status.', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      for (const r of await countBy('SELECT status AS k, count(*)::int AS n FROM registrations GROUP BY status')) this.set({ status: r.k }, r.n)
    },
  })
  new Gauge({
    name: 'coursebridge_notifications_open', help: 'Open notifications by code.', labelNames: ['code'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      for (const r of await countBy('SELECT code AS k, count(*)::int AS n FROM notifications WHERE resolved_at IS NULL GROUP BY code')) {
        this.set({ code: r.k }, r.n)
      }
    },
  })
  new Gauge({
    name: 'coursebridge_mails', help: 'Outbox mails by status.', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      for (const r of await countBy('SELECT status AS k, count(*)::int AS n FROM mails GROUP BY status')) this.set({ status: r.k }, r.n)
    },
  })
  new Gauge({
    name: 'coursebridge_jobs_pending', help: 'Jobs created, retrying or active, per queue.', labelNames: ['queue'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      for (const [queue, n] of await sources.pendingJobs()) this.set({ queue }, n)
    },
  })
  new Gauge({
    name: 'coursebridge_connection_blocked',
    help: '1 while a connection waits for its set-up to be fixed (no LMS calls), else 0; per connection name.',
    labelNames: ['connection'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      for (const { name, blocked } of (await connectionNames()).values()) this.set({ connection: name }, blocked ? 1 : 0)
    },
  })

  // The limiters' figures, per connection name (a connection deleted meanwhile keeps its id as label).
  const limiterGauge = (name: string, help: string, value: (s: LimiterState) => number) => new Gauge({
    name, help, labelNames: ['connection'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      const names = await connectionNames()
      for (const [id, s] of sources.limits()) this.set({ connection: names.get(id)?.name ?? id }, value(s))
    },
  })
  limiterGauge('coursebridge_lms_calls_in_flight', 'LMS calls running now, per connection.', (s) => s.inFlight)
  limiterGauge('coursebridge_lms_call_limit', 'Concurrent LMS calls allowed now (lowered while the LMS struggles).', (s) => s.limit)
  limiterGauge('coursebridge_lms_calls_queued', 'LMS calls waiting for a slot.', (s) => s.queued)
  const limiterCounter = (name: string, help: string, value: (s: LimiterState) => number) => new Counter({
    name, help, labelNames: ['connection'] as const, registers: [registry],
    async collect() {
      this.reset()
      if (!sources) return
      const names = await connectionNames()
      for (const [id, s] of sources.limits()) this.inc({ connection: names.get(id)?.name ?? id }, value(s))
    },
  })
  limiterCounter('coursebridge_lms_calls_total',
    'Adapter operations started, per connection (one may make many HTTP requests: see coursebridge_lms_http_requests_total).', (s) => s.calls)
  limiterCounter('coursebridge_lms_retryable_failures_total', 'Retryable LMS failures, per connection.', (s) => s.retryableFailures)

  return {
    registry,
    lmsRequest(connection, fn, outcome, seconds) {
      lmsRequests.inc({ connection, function: fn, outcome })
      lmsDuration.observe({ connection, function: fn }, seconds)
    },
    mailFailure: (code) => mailFailures.inc({ code }),
    deliveryFailure: () => deliveryFailures.inc(),
    inboundWebhook: (outcome, code = '') => webhooks.inc({ outcome, code }),
    attach(s) {
      sources = s
    },
  }
}
