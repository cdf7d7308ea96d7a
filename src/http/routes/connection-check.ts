import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.ts'
import { runConnectionCheck } from '../../check/run-check.ts'

export function connectionCheckRoutes(app: FastifyInstance, ctx: AppContext) {
  // Asks the LMS every set-up step (side-effect free); unblocks the connection when nothing required fails.
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/check', async (request) =>
    runConnectionCheck(ctx, request.tenantId, request.params.id),
  )
}
