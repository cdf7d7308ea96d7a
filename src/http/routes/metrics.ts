// Prometheus metrics at /metrics (prom-client's text format): the app's own registry (metrics/metrics.ts).
// It needs an API key with the `metrics` (or `admin`) scope, and shows counts only: no names, ids of persons, or credentials.
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.ts'
import { z } from 'zod'
import { metricsScope } from '../access.ts'
import { operation } from '../api-docs.ts'

export function metricsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/metrics', {
    ...metricsScope,
    schema: operation({
      operationId: 'getMetrics', tag: 'Operations', summary: 'Prometheus metrics (counts only, no personal data)',
      okType: 'text/plain', ok: { 200: z.string().describe('Prometheus text exposition format') },
    }),
  }, async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics()
    return reply.type(ctx.metrics.registry.contentType).send(text)
  })
}
