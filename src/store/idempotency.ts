// Idempotency-Key support: the first answer to a POST with a key is stored and returned again.
import { createHash } from 'node:crypto'
import type { Queryable } from './database.ts'

export const hashRequest = (method: string, url: string, body: unknown) =>
  createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex')

export async function findIdempotentAnswer(db: Queryable, tenantId: string, key: string) {
  const { rows } = await db.query<{ request_hash: string; status: number; body: unknown }>(
    'SELECT request_hash, status, body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
    [tenantId, key],
  )
  return rows[0] ?? null
}

/** Stores the answer; false when another request with the same key stored one first. */
export async function storeIdempotentAnswer(
  db: Queryable,
  tenantId: string,
  key: string,
  requestHash: string,
  status: number,
  body: unknown,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, key) DO NOTHING`,
    [tenantId, key, requestHash, status, JSON.stringify(body)],
  )
  return r.affectedRows === 1
}
