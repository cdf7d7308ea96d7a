// Idempotency-Key on POST: the first answer is stored and sent again for a repeat with the same key
// (for idempotencyTtlHours). The same key with a different request is refused (422), as the IETF
// Idempotency-Key draft says. An answer that shows a secret once (a new API key, a webhook secret: routes
// with config.showsSecret) is stored without it: the record keeps a marker, and a repeat gets the first
// answer without the secret (`secretNotRepeated: true`) rather than the secret a second time.
import type { FastifyInstance } from 'fastify'
import type { Queryable } from '../store/database.ts'
import { findIdempotentAnswer, hashRequest, storeIdempotentAnswer } from '../store/idempotency.ts'
import { sendError } from './api-error.ts'

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { key: string; hash: string }
  }
}

export function registerIdempotency(app: FastifyInstance, db: Queryable) {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (request.method !== 'POST' || typeof key !== 'string' || !request.apiKey) return
    if (key.length === 0 || key.length > 200) {
      return sendError(reply, 400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 200 characters')
    }
    const hash = hashRequest(request.method, request.url, request.body)
    const stored = await findIdempotentAnswer(db, request.tenantId, key)
    if (stored) {
      if (stored.request_hash !== hash) {
        return sendError(reply, 422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request')
      }
      return reply.code(stored.status).header('idempotent-replayed', 'true').send(stored.body)
    }
    request.idempotency = { key, hash }
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency
    if (!idem || reply.statusCode >= 500 || reply.getHeader('idempotent-replayed')) return payload
    const body = typeof payload === 'string' ? JSON.parse(payload) : payload
    const kept = request.routeOptions.config.showsSecret ? withoutSecrets(body) : body
    await storeIdempotentAnswer(db, request.tenantId, idem.key, idem.hash, reply.statusCode, kept)
    return payload
  })
}

/** The answer fields that carry a secret shown once: `secret` (webhook secrets) and `key` (API keys). */
export const secretAnswerFields: ReadonlySet<string> = new Set(['secret', 'key'])

/** The answer without its secret fields, and the marker saying one was shown and is not repeated. */
export function withoutSecrets(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body
  const kept: Record<string, unknown> = {}
  let removed = false
  for (const [name, value] of Object.entries(body)) {
    if (secretAnswerFields.has(name)) removed = true
    else kept[name] = value
  }
  return removed ? { ...kept, secretNotRepeated: true } : kept
}
