// API keys for the TMS API: shown once, stored as a SHA-256 hash (the keys are 32 random bytes,
// so a fast hash is enough; there is nothing to brute-force). Each key has one scope; a revoked key
// stays listed (who had access when) but is refused from the moment it is revoked (by another process:
// within keyCheckTtlMs, the time a process takes a checked key as known).
import { hash as digest, randomBytes, randomUUID } from 'node:crypto'
import type { Queryable } from '../store/database.ts'

/**
 * What a key may call. `admin`: everything. `registrations`: what a training system needs (persons,
 * registrations, results, notifications, reading course definitions). `metrics`: the Prometheus scrape.
 */
export const apiScopes = ['registrations', 'metrics', 'admin'] as const
export type ApiScope = (typeof apiScopes)[number]

/** True when a key with scope `has` may call a route that needs `needs`. */
export const scopeAllows = (has: ApiScope, needs: ApiScope) => has === 'admin' || has === needs

/** One-shot (crypto.hash): no Hash object per request. */
export const hashApiKey = (key: string) => digest('sha256', key, 'hex')

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

/**
 * Revokes a key (idempotent: a revoked key keeps its first revocation time); null when there is no such key.
 * The key is refused from the next request on in every app on this database object (its cached check is
 * dropped); in another process within keyCheckTtlMs.
 */
export async function revokeApiKey(db: Queryable, tenantId: string, id: string): Promise<ApiKeyView | null> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING ${viewColumns}`,
    [tenantId, id],
  )
  keyChecks.get(db)?.forget(id)
  return rows[0] ? toView(rows[0]) : null
}

export interface VerifiedApiKey {
  id: string
  tenantId: string
  scope: ApiScope
}

/**
 * How long a key's check is taken as known without asking the database again. A revocation through this
 * database object (API, Service Center, a command run through the service) drops the check at once; one
 * made by another process (`coursebridge keys revoke` against PostgreSQL, a second API process) counts
 * within this time.
 */
export const keyCheckTtlMs = 2000

interface KeyCheck {
  key: VerifiedApiKey
  until: number
}

/**
 * The checked keys of one database object, by key hash: a burst of requests with one key asks the database
 * once per keyCheckTtlMs instead of once per request (the statement was one of the few each single POST
 * /registrations made). Only keys found valid are kept (an unknown key asks every time: nothing to fill the
 * memory with), at most maxChecks of them.
 */
class KeyChecks {
  static readonly maxChecks = 1000
  readonly #checks = new Map<string, KeyCheck>()
  readonly #asking = new Map<string, Promise<VerifiedApiKey | null>>()
  /** Counts revocations: a lookup that began before one does not keep what it read. */
  #revocations = 0

  constructor(private readonly db: Queryable) {}

  async find(key: string): Promise<VerifiedApiKey | null> {
    const hash = hashApiKey(key)
    const known = this.#checks.get(hash)
    if (known && known.until > Date.now()) return known.key
    let asking = this.#asking.get(hash)
    if (!asking) {
      const revocations = this.#revocations
      asking = lookUpApiKey(this.db, hash).then((found) => {
        if (found && revocations === this.#revocations) {
          if (this.#checks.size >= KeyChecks.maxChecks) this.#checks.clear()
          this.#checks.set(hash, { key: found, until: Date.now() + keyCheckTtlMs })
        } else {
          this.#checks.delete(hash)
        }
        return found
      }).finally(() => {
        if (this.#asking.get(hash) === asking) this.#asking.delete(hash)
      })
      this.#asking.set(hash, asking)
    }
    return asking
  }

  forget(id: string) {
    this.#revocations++
    // A lookup under way may have read the key before the revocation: the next request asks again.
    this.#asking.clear()
    for (const [hash, check] of this.#checks) if (check.key.id === id) this.#checks.delete(hash)
  }
}

/** Per database object, as leases.ts keeps its keys: apps sharing one database in a test share the checks. */
const keyChecks = new WeakMap<Queryable, KeyChecks>()

/**
 * The key's tenant and scope, or null for an unknown or revoked key. Asks the database at most once per
 * keyCheckTtlMs per key (see KeyChecks); last_used_at is written at most once a minute per key, so a burst
 * of calls is not a write each.
 */
export async function findApiKey(db: Queryable, key: string): Promise<VerifiedApiKey | null> {
  let checks = keyChecks.get(db)
  if (!checks) keyChecks.set(db, (checks = new KeyChecks(db)))
  return checks.find(key)
}

async function lookUpApiKey(db: Queryable, hash: string): Promise<VerifiedApiKey | null> {
  const { rows } = await db.query<{ id: string; tenant_id: string; scope: ApiScope }>(
    `WITH k AS (SELECT id, tenant_id, scope, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
     used AS (UPDATE api_keys SET last_used_at = now() FROM k
              WHERE api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') RETURNING 1)
     SELECT id, tenant_id, scope FROM k`,
    [hash],
  )
  const r = rows[0]
  return r ? { id: r.id, tenantId: r.tenant_id, scope: r.scope } : null
}

export async function countApiKeys(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL')
  return rows[0]?.n ?? 0
}
