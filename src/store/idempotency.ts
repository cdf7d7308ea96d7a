// Idempotency-Key support: the first answer to a POST with a key is stored and returned again, for
// idempotencyTtlHours; older records are not answered from and the maintenance job deletes them.
import { createHash } from 'node:crypto'
import type { Queryable } from './database.ts'

/** How long a stored answer is replayed (the IETF Idempotency-Key draft suggests 24 hours). */
export const idempotencyTtlHours = 24

export const hashRequest = (method: string, url: string, body: unknown) =>
  createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex')

export async function findIdempotentAnswer(db: Queryable, tenantId: string, key: string) {
  const { rows } = await db.query<{ request_hash: string; status: number; body: unknown }>(
    `SELECT request_hash, status, body FROM idempotency_keys
      WHERE tenant_id = $1 AND key = $2 AND created_at > now() - make_interval(hours => $3)`,
    [tenantId, key, idempotencyTtlHours],
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
     ON CONFLICT (tenant_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
       body = EXCLUDED.body, created_at = now()
     WHERE idempotency_keys.created_at <= now() - make_interval(hours => $6)`,
    [tenantId, key, requestHash, status, JSON.stringify(body), idempotencyTtlHours],
  )
  return r.affectedRows === 1
}
