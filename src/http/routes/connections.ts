import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { connectionCreateSchema, connectionUpdateSchema } from '../../services/connection-input.ts'
import { createConnection, publicConnection, resumeConnection, updateConnection } from '../../services/connections.ts'
import { getConnection, listConnections } from '../../store/connections.ts'
import { parseInput } from '../api-error.ts'

export function connectionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/connections', async (request, reply) => {
    const input = parseInput(connectionCreateSchema, request.body)
    return reply.code(201).send(publicConnection(await createConnection(ctx, request.tenantId, input)))
  })
  app.get('/api/v1/connections', async (request) => ({
    items: (await listConnections(ctx.db, ctx.box, request.tenantId)).map(publicConnection),
  }))
  app.get<{ Params: { id: string } }>('/api/v1/connections/:id', async (request) => {
    const c = await getConnection(ctx.db, ctx.box, request.tenantId, request.params.id)
    if (!c) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
    return publicConnection(c)
  })
  app.patch<{ Params: { id: string } }>('/api/v1/connections/:id', async (request) => {
    const input = parseInput(connectionUpdateSchema, request.body)
    return publicConnection(await updateConnection(ctx, request.tenantId, request.params.id, input))
  })
  // After fixing the LMS side (a capability, the token's service): unblock and retry what waited.
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/resume', async (request, reply) =>
    reply.code(202).send(await resumeConnection(ctx, request.tenantId, request.params.id)),
  )
}
