import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export interface PersonRow<T = Record<string, unknown>> {
  id: string
  tenant_id: string
  person_id: string
  data: T
  updated_at: Date
}

/** Inserts or replaces the person with this TMS person id. Returns the row and whether its data changed. */
export async function upsertPerson<T extends { personId: string }>(
  db: Queryable,
  tenantId: string,
  person: T,
): Promise<{ row: PersonRow<T>; created: boolean; changed: boolean }> {
  const existing = await findPerson<T>(db, tenantId, person.personId)
  const data = JSON.stringify(person)
  if (!existing) {
    const { rows } = await db.query<PersonRow<T>>(
      `INSERT INTO persons (id, tenant_id, person_id, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
       RETURNING *`,
      [randomUUID(), tenantId, person.personId, data],
    )
    return { row: rows[0]!, created: true, changed: true }
  }
  if (JSON.stringify(existing.data) === data) return { row: existing, created: false, changed: false }
  const { rows } = await db.query<PersonRow<T>>(
    'UPDATE persons SET data = $2, updated_at = now() WHERE id = $1 RETURNING *',
    [existing.id, data],
  )
  return { row: rows[0]!, created: false, changed: true }
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
