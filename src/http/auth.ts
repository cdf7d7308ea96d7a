// Bearer API keys for the TMS API. The tenant of the key scopes every query of the request.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Queryable } from '../store/database.ts'
import { findTenantByApiKey } from '../security/api-keys.ts'
import { sendError } from './api-error.ts'

declare module 'fastify' {
  interface FastifyRequest {
    tenantId: string
  }
}

export function registerApiKeyAuth(app: FastifyInstance, db: Queryable) {
  app.decorateRequest('tenantId', '')
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1/openapi.json')) return
    const header = request.headers.authorization ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) {
      return sendError(reply, 401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"')
    }
    const tenantId = await findTenantByApiKey(db, match[1]!)
    if (!tenantId) return sendError(reply, 401, 'UNAUTHENTICATED', 'the API key is unknown or revoked')
    request.tenantId = tenantId
  })
}
