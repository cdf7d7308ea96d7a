import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { connectionCreateSchema, connectionUpdateSchema } from '../../services/connection-input.ts'
import { createConnection, publicConnection, resumeConnection, updateConnection } from '../../services/connections.ts'
import { getConnection, listConnections } from '../../store/connections.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'

export const connectionParams = z.object({ id: z.string().describe('The connection id.') })

export function connectionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/connections', {
    schema: operation({
      operationId: 'createConnection', tag: 'Connections', summary: 'Add an LMS connection', body: connectionCreateSchema,
      ok: { 201: answers.connectionView }, errors: { 409: ['CONNECTION_NAME_TAKEN'] },
    }),
  }, async (request, reply) => {
    const input = parseInput(connectionCreateSchema, request.body)
    return reply.code(201).send(publicConnection(await createConnection(ctx, request.tenantId, input)))
  })
  app.get('/api/v1/connections', {
    schema: operation({
      operationId: 'listConnections', tag: 'Connections', summary: 'List LMS connections (credentials are never returned)',
      ok: { 200: answers.lists.connections },
    }),
  }, async (request) => ({
    items: (await listConnections(ctx.db, ctx.box, request.tenantId)).map(publicConnection),
  }))
  app.get<{ Params: { id: string } }>('/api/v1/connections/:id', {
    schema: operation({
      operationId: 'getConnection', tag: 'Connections', summary: 'A connection', params: connectionParams,
      ok: { 200: answers.connectionView }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const c = await getConnection(ctx.db, ctx.box, request.tenantId, request.params.id)
    if (!c) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
    return publicConnection(c)
  })
  app.patch<{ Params: { id: string } }>('/api/v1/connections/:id', {
    schema: operation({
      operationId: 'updateConnection', tag: 'Connections', summary: 'Change a connection', params: connectionParams,
      body: connectionUpdateSchema, ok: { 200: answers.connectionView },
      errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const input = parseInput(connectionUpdateSchema, request.body)
    return publicConnection(await updateConnection(ctx, request.tenantId, request.params.id, input))
  })
  // After fixing the LMS side (a capability, the token's service): unblock and retry what waited.
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/resume', {
    schema: operation({
      operationId: 'resumeConnection', tag: 'Connections', summary: 'Unblock a connection after a fix and retry what waited',
      params: connectionParams, ok: { 202: z.object({ resumed: z.number().int().describe('Registrations queued again.') }) },
      errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request, reply) =>
    reply.code(202).send(await resumeConnection(ctx, request.tenantId, request.params.id)),
  )
}
