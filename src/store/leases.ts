// Short leases: one worker at a time handles one person's account in one LMS, so two registrations of
// the same person can never both decide "no account yet" and create two. A crashed worker's lease expires.
import type { Queryable } from './database.ts'

export async function acquireLease(db: Queryable, key: string, owner: string, seconds: number): Promise<boolean> {
  const { rows } = await db.query<{ owner: string }>(
    `INSERT INTO leases (key, owner, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE leases.expires_at < now() OR leases.owner = EXCLUDED.owner
     RETURNING owner`,
    [key, owner, seconds],
  )
  return rows[0]?.owner === owner
}

export async function releaseLease(db: Queryable, key: string, owner: string): Promise<void> {
  await db.query('DELETE FROM leases WHERE key = $1 AND owner = $2', [key, owner])
}

/** Acquires several leases in one statement; returns the keys this owner now holds. */
export async function acquireLeases(db: Queryable, keys: string[], owner: string, seconds: number): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const { rows } = await db.query<{ key: string; owner: string }>(
    `INSERT INTO leases (key, owner, expires_at) SELECT k, $2, now() + make_interval(secs => $3) FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE leases.expires_at < now() OR leases.owner = EXCLUDED.owner
     RETURNING key, owner`,
    [keys, owner, seconds],
  )
  return new Set(rows.filter((r) => r.owner === owner).map((r) => r.key))
}

export async function releaseLeases(db: Queryable, keys: string[], owner: string): Promise<void> {
  if (keys.length === 0) return
  await db.query('DELETE FROM leases WHERE key = ANY($1) AND owner = $2', [keys, owner])
}
