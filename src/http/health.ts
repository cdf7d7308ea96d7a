// Health endpoints, unauthenticated, counts and states only:
// - /livez: the process is up and answers (no database work);
// - /readyz: the database takes a write and the job queue runs; 503 with the reason otherwise;
// - /healthz: the same checks as /readyz in one document (kept for existing monitors).
// The write goes to a one-row table, so a read-only, full or revoked database fails it where a
// SELECT 1 would still pass.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../services/context.ts'
import { operation } from './api-docs.ts'

/** The probe paths: their requests are logged at debug only (http-app.ts). */
export const probePaths = new Set(['/livez', '/readyz', '/healthz', '/metrics'])

export interface Readiness {
  ready: boolean
  database: 'writable' | 'not writable'
  queue: 'running' | 'stopped'
  /** Why not ready, in one sentence (no SQL, no parameters). */
  reason?: string
}

export async function checkReadiness(ctx: AppContext): Promise<Readiness> {
  let database: Readiness['database'] = 'writable'
  let reason: string | undefined
  try {
    await ctx.db.query(`INSERT INTO health_probe (id, probed_at) VALUES (1, now())
      ON CONFLICT (id) DO UPDATE SET probed_at = EXCLUDED.probed_at`)
  } catch (err) {
    database = 'not writable'
    reason = `the database does not take a write: ${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}`
  }
  const queue: Readiness['queue'] = ctx.queue.running() ? 'running' : 'stopped'
  if (queue === 'stopped') reason ??= 'the job queue is not running (starting or stopping)'
  return { ready: database === 'writable' && queue === 'running', database, queue, ...(reason ? { reason } : {}) }
}

const readiness = { database: z.enum(['writable', 'not writable']), queue: z.enum(['running', 'stopped']), reason: z.string().optional() }
const readyAnswer = z.object({ status: z.enum(['ready', 'not ready']), ready: z.boolean(), ...readiness })
const healthAnswer = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['pglite', 'postgres']), databaseState: readiness.database, queue: readiness.queue, reason: readiness.reason })

export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  const started = Date.now()
  app.get('/livez', {
    schema: operation({ operationId: 'getLiveness', tag: 'Operations', summary: 'The process is up (no database work)', ok: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) } }),
  }, async () => ({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) }))

  app.get('/readyz', {
    schema: operation({
      operationId: 'getReadiness', tag: 'Operations', summary: 'Ready: the database takes a write and the job queue runs',
      ok: { 200: readyAnswer }, otherAnswers: { 503: { schema: readyAnswer, codes: [] } },
    }),
  }, async (request, reply) => {
    const r = await checkReadiness(ctx)
    if (!r.ready) request.log.warn({ code: 'NOT_READY', database: r.database, queue: r.queue }, `not ready: ${r.reason}`)
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', ...r })
  })

  app.get('/healthz', {
    schema: operation({
      operationId: 'getHealth', tag: 'Operations', summary: 'The checks of /readyz in one document (for existing monitors)',
      ok: { 200: healthAnswer }, otherAnswers: { 503: { schema: healthAnswer, codes: [] } },
    }),
  }, async (request, reply) => {
    const r = await checkReadiness(ctx)
    if (!r.ready) request.log.warn({ code: 'NOT_READY', database: r.database, queue: r.queue }, `unhealthy: ${r.reason}`)
    return reply.code(r.ready ? 200 : 503).send({
      status: r.ready ? 'ok' : 'unavailable', database: ctx.db.kind, databaseState: r.database, queue: r.queue,
      ...(r.reason ? { reason: r.reason } : {}),
    })
  })
}
