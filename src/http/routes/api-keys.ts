// API keys through the API (an `admin` key): list (never the key or its hash), create (the key in this
// one answer only), revoke (refused from the next request on). The same as `coursebridge keys …` and the
// Service Center's "API keys" page.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { apiScopes, createApiKey, listApiKeys, revokeApiKey } from '../../security/api-keys.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'

export const apiKeyCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** registrations: what a training system needs; metrics: the Prometheus scrape; admin: everything. */
  scope: z.enum(apiScopes),
})

export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/keys', {
    schema: operation({ operationId: 'listApiKeys', tag: 'API keys', summary: 'API keys: name, scope, first characters, created, last used, revoked (never the key)', ok: { 200: answers.apiKeyListView } }),
  }, async (request) => ({ items: await listApiKeys(ctx.db, request.tenantId) }))

  // The answer carries the key: an Idempotency-Key repeat must not store it (see idempotency.ts).
  app.post('/api/v1/keys', {
    config: { showsSecret: true },
    schema: operation({
      operationId: 'createApiKey', tag: 'API keys', summary: 'Create an API key; the key is in this answer only',
      description: 'An Idempotency-Key repeat does not return the key again: the answer holding it is never stored.',
      body: apiKeyCreateSchema, ok: { 201: answers.newApiKeyView },
    }),
  }, async (request, reply) => {
    const input = parseInput(apiKeyCreateSchema, request.body)
    const created = await createApiKey(ctx.db, request.tenantId, input.name, input.scope)
    request.log.info({ apiKeyId: created.id, scope: created.scope, by: request.apiKey?.id }, 'API key created')
    return reply.code(201).send(created)
  })

  app.delete<{ Params: { id: string } }>('/api/v1/keys/:id', {
    schema: operation({
      operationId: 'revokeApiKey', tag: 'API keys', summary: 'Revoke an API key: refused from its next request on',
      params: z.object({ id: z.string() }), ok: { 200: answers.apiKeyView }, errors: { 404: ['API_KEY_NOT_FOUND'] },
    }),
  }, async (request) => {
    const revoked = await revokeApiKey(ctx.db, request.tenantId, request.params.id)
    if (!revoked) throw new ServiceError(404, 'API_KEY_NOT_FOUND', 'no such API key')
    request.log.info({ apiKeyId: revoked.id, by: request.apiKey?.id }, 'API key revoked')
    return revoked
  })
}
