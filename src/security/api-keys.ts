// API keys for the TMS API: shown once, stored as a SHA-256 hash (the keys are 32 random bytes,
// so a fast hash is enough; there is nothing to brute-force). Each key has one scope; a revoked key
// stays listed (who had access when) but is refused from the moment it is revoked.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Queryable } from '../store/database.ts'

/**
 * What a key may call. `admin`: everything. `registrations`: what a training system needs (persons,
 * registrations, results, notifications, reading course definitions). `metrics`: the Prometheus scrape.
 */
export const apiScopes = ['registrations', 'metrics', 'admin'] as const
export type ApiScope = (typeof apiScopes)[number]

/** True when a key with scope `has` may call a route that needs `needs`. */
export const scopeAllows = (has: ApiScope, needs: ApiScope) => has === 'admin' || has === needs

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')

/** A key as lists show it: never the key or its hash, only the first characters to recognise it. */
export interface ApiKeyView {
  id: string
  name: string
  scope: ApiScope
  prefix: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

interface ApiKeyRow {
  id: string
  name: string
  scope: ApiScope
  prefix: string
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

const viewColumns = 'id, name, scope, prefix, created_at, last_used_at, revoked_at'
const toView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id, name: r.name, scope: r.scope, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
})

/** A new key; `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(db: Queryable, tenantId: string, name: string, scope: ApiScope = 'admin'): Promise<ApiKeyView & { key: string }> {
  const key = `cb_${randomBytes(32).toString('base64url')}`
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, scope) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${viewColumns}`,
    [randomUUID(), tenantId, name, hashApiKey(key), key.slice(0, 7), scope],
  )
  return { ...toView(rows[0]!), key }
}

export async function listApiKeys(db: Queryable, tenantId: string): Promise<ApiKeyView[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${viewColumns} FROM api_keys WHERE tenant_id = $1 ORDER BY revoked_at IS NOT NULL, created_at, id`, [tenantId])
  return rows.map(toView)
}

/** Revokes a key (idempotent: a revoked key keeps its first revocation time); null when there is no such key. */
export async function revokeApiKey(db: Queryable, tenantId: string, id: string): Promise<ApiKeyView | null> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING ${viewColumns}`,
    [tenantId, id],
  )
  return rows[0] ? toView(rows[0]) : null
}

export interface VerifiedApiKey {
  id: string
  tenantId: string
  scope: ApiScope
}

/**
 * The key's tenant and scope, or null for an unknown or revoked key. Asked on every request (no cache),
 * so a revocation counts from the next request on; last_used_at is written at most once a minute per key,
 * so a burst of calls is not a write each.
 */
export async function findApiKey(db: Queryable, key: string): Promise<VerifiedApiKey | null> {
  const { rows } = await db.query<{ id: string; tenant_id: string; scope: ApiScope }>(
    `WITH k AS (SELECT id, tenant_id, scope, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
     used AS (UPDATE api_keys SET last_used_at = now() FROM k
              WHERE api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') RETURNING 1)
     SELECT id, tenant_id, scope FROM k`,
    [hashApiKey(key)],
  )
  const r = rows[0]
  return r ? { id: r.id, tenantId: r.tenant_id, scope: r.scope } : null
}

export async function countApiKeys(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL')
  return rows[0]?.n ?? 0
}
