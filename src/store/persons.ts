import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export interface PersonRow<T = Record<string, unknown>> {
  id: string
  tenant_id: string
  person_id: string
  data: T
  updated_at: Date
}

export interface UpsertedPerson<T> {
  row: PersonRow<T>
  created: boolean
  changed: boolean
}

/**
 * Inserts or replaces persons by TMS person id: one statement for the new and changed ones, one more
 * only if some are unchanged. Whether data changed is compared as JSON values (key order does not
 * count). Several entries with one person id: the last one counts.
 */
export async function upsertPersons<T extends { personId: string }>(
  db: Queryable,
  tenantId: string,
  persons: T[],
): Promise<Map<string, UpsertedPerson<T>>> {
  const latest = new Map(persons.map((p) => [p.personId, p]))
  const ids = [...latest.keys()]
  // xmax is 0 only in a row version this statement inserted (PostgreSQL's MVCC bookkeeping).
  const { rows } = await db.query<PersonRow<T> & { created: boolean }>(
    `INSERT INTO persons (id, tenant_id, person_id, data)
     SELECT v.id, $1, v.person_id, v.data::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS v(id, person_id, data)
     ON CONFLICT (tenant_id, person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
       WHERE persons.data IS DISTINCT FROM EXCLUDED.data
     RETURNING *, (xmax = 0) AS created`,
    [tenantId, ids.map(() => randomUUID()), ids, ids.map((id) => JSON.stringify(latest.get(id)))],
  )
  const result = new Map<string, UpsertedPerson<T>>()
  for (const { created, ...row } of rows) result.set(row.person_id, { row, created, changed: true })
  const unchanged = ids.filter((id) => !result.has(id))
  if (unchanged.length > 0) {
    for (const row of await findPersons<T>(db, tenantId, unchanged)) result.set(row.person_id, { row, created: false, changed: false })
  }
  // Removed between the two statements (no API does that today): stored again.
  const missing = ids.filter((id) => !result.has(id))
  if (missing.length > 0) for (const [id, r] of await upsertPersons(db, tenantId, missing.map((id) => latest.get(id)!))) result.set(id, r)
  return result
}

export async function findPersons<T = Record<string, unknown>>(db: Queryable, tenantId: string, personIds: string[]) {
  if (personIds.length === 0) return []
  const { rows } = await db.query<PersonRow<T>>('SELECT * FROM persons WHERE tenant_id = $1 AND person_id = ANY($2)', [tenantId, personIds])
  return rows
}

export async function findPerson<T = Record<string, unknown>>(db: Queryable, tenantId: string, personId: string) {
  const { rows } = await db.query<PersonRow<T>>('SELECT * FROM persons WHERE tenant_id = $1 AND person_id = $2', [
    tenantId, personId,
  ])
  return rows[0] ?? null
}

export async function getPersonByRef<T = Record<string, unknown>>(db: Queryable, ref: string) {
  const { rows } = await db.query<PersonRow<T>>('SELECT * FROM persons WHERE id = $1', [ref])
  return rows[0] ?? null
}

export async function listPersons<T = Record<string, unknown>>(db: Queryable, tenantId: string, limit = 100, offset = 0) {
  const { rows } = await db.query<PersonRow<T>>(
    'SELECT * FROM persons WHERE tenant_id = $1 ORDER BY person_id LIMIT $2 OFFSET $3',
    [tenantId, limit, offset],
  )
  return rows
}

export async function getPersonsByRefs<T = Record<string, unknown>>(db: Queryable, refs: string[]) {
  const { rows } = await db.query<PersonRow<T>>('SELECT * FROM persons WHERE id = ANY($1)', [refs])
  return new Map(rows.map((r) => [r.id, r]))
}
