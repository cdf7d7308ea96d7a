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

/** Verified keys are remembered briefly, so a burst of API calls is not a database write each. */
const cacheMs = 30_000

export function registerApiKeyAuth(app: FastifyInstance, db: Queryable) {
  const verified = new Map<string, { tenantId: string; until: number }>()
  app.decorateRequest('tenantId', '')
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1/openapi.json')) return
    const header = request.headers.authorization ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) {
      return sendError(reply, 401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"')
    }
    const key = match[1]!
    const cached = verified.get(key)
    if (cached && cached.until > Date.now()) {
      request.tenantId = cached.tenantId
      return
    }
    const tenantId = await findTenantByApiKey(db, key)
    if (!tenantId) return sendError(reply, 401, 'UNAUTHENTICATED', 'the API key is unknown or revoked')
    if (verified.size > 1000) verified.clear()
    verified.set(key, { tenantId, until: Date.now() + cacheMs })
    request.tenantId = tenantId
  })
}
