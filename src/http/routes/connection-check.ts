import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.ts'
import { runConnectionCheck } from '../../check/run-check.ts'
import { operation } from '../api-docs.ts'
import { checkView } from '../api-schemas.ts'
import { connectionParams } from './connections.ts'

export function connectionCheckRoutes(app: FastifyInstance, ctx: AppContext) {
  // Asks the LMS every set-up step (side-effect free); unblocks the connection when nothing required fails.
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/check', {
    schema: operation({
      operationId: 'checkConnection', tag: 'Connections', params: connectionParams, ok: { 200: checkView },
      summary: 'Run the connection checklist against the LMS (side-effect free)',
      description: 'Every set-up step the LMS needs, each with pass, fail or unknown and the fix; a check without a failed required step unblocks the connection.',
      errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) =>
    runConnectionCheck(ctx, request.tenantId, request.params.id),
  )
}
