// Prometheus metrics at /metrics (text format 0.0.4): registrations by status, open notifications, queue
// depth per job kind, mails by status, and each connection's limiter (calls, in flight, current limit).
// It needs an API key with the `metrics` (or `admin`) scope, and shows counts only: no names, ids of persons, or credentials.
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.ts'
import { queueNames } from '../../jobs/queue.ts'
import { metricsScope } from '../access.ts'

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

export function metricsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/metrics', metricsScope, async (_request, reply) => {
    const lines: string[] = []
    const gauge = (name: string, help: string, samples: [Record<string, string>, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`)
      for (const [labels, value] of samples) {
        const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')
        lines.push(`${name}${l ? `{${l}}` : ''} ${value}`)
      }
    }
    const count = async (sql: string) => (await ctx.db.query<{ k: string; n: number }>(sql)).rows.map((r) => [{ k: r.k }, r.n] as const)
    gauge('coursebridge_registrations', 'Registrations by observed status.',
      (await count('SELECT status AS k, count(*)::int AS n FROM registrations GROUP BY status')).map(([l, n]) => [{ status: l.k }, n]))
    gauge('coursebridge_notifications_open', 'Open notifications by code.',
      (await count('SELECT code AS k, count(*)::int AS n FROM notifications WHERE resolved_at IS NULL GROUP BY code')).map(([l, n]) => [{ code: l.k }, n]))
    gauge('coursebridge_mails', 'Outbox mails by status.',
      (await count('SELECT status AS k, count(*)::int AS n FROM mails GROUP BY status')).map(([l, n]) => [{ status: l.k }, n]))
    const queued: [Record<string, string>, number][] = []
    for (const name of Object.values(queueNames)) queued.push([{ queue: name }, await ctx.queue.pendingCount(name)])
    gauge('coursebridge_jobs_pending', 'Jobs created, retrying or active, per queue.', queued)
    const limits = [...ctx.adapters.limits()]
    gauge('coursebridge_lms_calls_in_flight', 'LMS calls running now, per connection.', limits.map(([id, s]) => [{ connection: id }, s.inFlight]))
    gauge('coursebridge_lms_call_limit', 'Concurrent LMS calls allowed now (lowered while the LMS struggles).', limits.map(([id, s]) => [{ connection: id }, s.limit]))
    gauge('coursebridge_lms_calls_queued', 'LMS calls waiting for a slot.', limits.map(([id, s]) => [{ connection: id }, s.queued]))
    lines.push('# HELP coursebridge_lms_calls_total LMS calls made, per connection.', '# TYPE coursebridge_lms_calls_total counter')
    for (const [id, s] of limits) lines.push(`coursebridge_lms_calls_total{connection="${escapeLabel(id)}"} ${s.calls}`)
    lines.push('# HELP coursebridge_lms_retryable_failures_total Retryable LMS failures, per connection.', '# TYPE coursebridge_lms_retryable_failures_total counter')
    for (const [id, s] of limits) lines.push(`coursebridge_lms_retryable_failures_total{connection="${escapeLabel(id)}"} ${s.retryableFailures}`)
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`)
  })
}
