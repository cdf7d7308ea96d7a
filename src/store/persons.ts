import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export interface PersonRow<T = Record<string, unknown>> {
  id: string
  tenant_id: string
  person_id: string
  data: T
  updated_at: Date
}

/**
 * Inserts or replaces the person with this TMS person id, in one statement when it is new or changed.
 * Returns the row and whether its data changed (compared as JSON values: key order does not count).
 */
export async function upsertPerson<T extends { personId: string }>(
  db: Queryable,
  tenantId: string,
  person: T,
): Promise<{ row: PersonRow<T>; created: boolean; changed: boolean }> {
  // xmax is 0 only in a row version this statement inserted (PostgreSQL's MVCC bookkeeping).
  const { rows } = await db.query<PersonRow<T> & { created: boolean }>(
    `INSERT INTO persons (id, tenant_id, person_id, data) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
       WHERE persons.data IS DISTINCT FROM EXCLUDED.data
     RETURNING *, (xmax = 0) AS created`,
    [randomUUID(), tenantId, person.personId, JSON.stringify(person)],
  )
  if (rows[0]) {
    const { created, ...row } = rows[0]
    return { row, created, changed: true }
  }
  const existing = await findPerson<T>(db, tenantId, person.personId)
  if (!existing) return upsertPerson(db, tenantId, person) // removed in between: insert it again
  return { row: existing, created: false, changed: false }
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
