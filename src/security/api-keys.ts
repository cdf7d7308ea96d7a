// API keys for the TMS API: shown once, stored as a SHA-256 hash (the keys are 32 random bytes,
// so a fast hash is enough; there is nothing to brute-force).
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Queryable } from '../store/database.ts'

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')

export async function createApiKey(db: Queryable, tenantId: string, name: string) {
  const key = `cb_${randomBytes(32).toString('base64url')}`
  const id = randomUUID()
  await db.query('INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix) VALUES ($1, $2, $3, $4, $5)', [
    id, tenantId, name, hashApiKey(key), key.slice(0, 7),
  ])
  return { id, key }
}

export async function findTenantByApiKey(db: Queryable, key: string): Promise<string | null> {
  const { rows } = await db.query<{ tenant_id: string }>(
    'UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING tenant_id',
    [hashApiKey(key)],
  )
  return rows[0]?.tenant_id ?? null
}

export async function countApiKeys(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL')
  return rows[0]?.n ?? 0
}
