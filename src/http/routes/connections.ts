import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { connectionCreateSchema, connectionUpdateSchema } from '../../services/connection-input.ts'
import {
  archiveConnection, createConnection, deleteConnection, publicConnection, restoreConnection, resumeConnection, updateConnection,
} from '../../services/connections.ts'
import { archivedQuery, byArchived } from './course-definitions.ts'
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
      operationId: 'listConnections', tag: 'Connections', summary: 'List LMS connections (credentials are never returned; archived ones on request)',
      querystring: archivedQuery, ok: { 200: answers.lists.connections },
    }),
  }, async (request) => {
    const q = parseInput(archivedQuery, request.query, 'query')
    return { items: byArchived(await listConnections(ctx.db, ctx.box, request.tenantId), q.archived).map(publicConnection) }
  })
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
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/archive', {
    schema: operation({
      operationId: 'archiveConnection', tag: 'Connections', params: connectionParams,
      summary: 'Archive: no new registrations or course definitions on it (CONNECTION_ARCHIVED); what it holds is kept and looked after',
      ok: { 200: answers.connectionView }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => publicConnection(await archiveConnection(ctx, request.tenantId, request.params.id)))
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/restore', {
    schema: operation({
      operationId: 'restoreConnection', tag: 'Connections', params: connectionParams, summary: 'Restore an archived connection',
      ok: { 200: answers.connectionView }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => publicConnection(await restoreConnection(ctx, request.tenantId, request.params.id)))
  app.delete<{ Params: { id: string } }>('/api/v1/connections/:id', {
    schema: operation({
      operationId: 'deleteConnection', tag: 'Connections', params: connectionParams,
      summary: 'Delete a connection never used (no course definition, no LMS account); one in use is refused (archive it)',
      ok: { 200: z.object({ deleted: z.literal(true), id: z.string() }) },
      errors: { 404: ['CONNECTION_NOT_FOUND'], 409: ['CONNECTION_IN_USE'] },
    }),
  }, async (request) => {
    await deleteConnection(ctx, request.tenantId, request.params.id)
    return { deleted: true as const, id: request.params.id }
  })
}
