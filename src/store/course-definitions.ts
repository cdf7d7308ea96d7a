import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'
import type { ResolvedTarget, TargetSpec } from '../lms/lms-adapter.ts'

export interface CourseDefinition {
  id: string
  tenantId: string
  code: string
  name: string
  connectionId: string
  target: TargetSpec
  resolvedTarget: ResolvedTarget | null
  role: string | null
  enrolStart: Date | null
  enrolEnd: Date | null
  /** When it was archived (no new registrations, hidden from forms); null while in use. */
  archivedAt: Date | null
}

interface Row {
  id: string
  tenant_id: string
  code: string
  name: string
  connection_id: string
  target: TargetSpec
  resolved_target: ResolvedTarget | null
  role: string | null
  enrol_start: Date | null
  enrol_end: Date | null
  archived_at: Date | null
}

const fromRow = (r: Row): CourseDefinition => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  connectionId: r.connection_id,
  target: r.target,
  resolvedTarget: r.resolved_target,
  role: r.role,
  enrolStart: r.enrol_start,
  enrolEnd: r.enrol_end,
  archivedAt: r.archived_at,
})

export type NewCourseDefinition = Omit<CourseDefinition, 'id' | 'tenantId' | 'resolvedTarget' | 'archivedAt'>

/** Inserts a definition; `resolved` is its target as the LMS named it when checked at save time (null: not verified). */
export async function insertCourseDefinition(db: Queryable, tenantId: string, d: NewCourseDefinition, resolved: ResolvedTarget | null = null) {
  const { rows } = await db.query<Row>(
    `INSERT INTO course_definitions (id, tenant_id, code, name, connection_id, target, role, enrol_start, enrol_end, resolved_target)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [randomUUID(), tenantId, d.code, d.name, d.connectionId, JSON.stringify(d.target), d.role, d.enrolStart, d.enrolEnd,
      resolved ? JSON.stringify(resolved) : null],
  )
  return fromRow(rows[0]!)
}

/**
 * Changes a definition. A changed target or connection drops the stored resolution unless `resolved` (the new
 * target as checked at save time) replaces it.
 */
export async function updateCourseDefinition(db: Queryable, tenantId: string, id: string, d: Partial<NewCourseDefinition>,
  resolved: ResolvedTarget | null = null) {
  const current = await getCourseDefinition(db, tenantId, id)
  if (!current) return null
  const next = { ...current, ...d }
  const targetChanged = JSON.stringify(next.target) !== JSON.stringify(current.target) || next.connectionId !== current.connectionId
  const { rows } = await db.query<Row>(
    `UPDATE course_definitions SET code = $3, name = $4, connection_id = $5, target = $6, role = $7, enrol_start = $8,
       enrol_end = $9, resolved_target = CASE WHEN $11::jsonb IS NOT NULL THEN $11::jsonb WHEN $10 THEN NULL ELSE resolved_target END,
       updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, next.code, next.name, next.connectionId, JSON.stringify(next.target), next.role, next.enrolStart,
      next.enrolEnd, targetChanged, resolved ? JSON.stringify(resolved) : null],
  )
  return fromRow(rows[0]!)
}

export async function getCourseDefinition(db: Queryable, tenantId: string, id: string) {
  const { rows } = await db.query<Row>('SELECT * FROM course_definitions WHERE tenant_id = $1 AND id = $2', [tenantId, id])
  return rows[0] ? fromRow(rows[0]) : null
}

/** Several course definitions by id (of any tenant), in one statement. */
export async function getCourseDefinitionsByIds(db: Queryable, ids: string[]): Promise<Map<string, CourseDefinition>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<Row>('SELECT * FROM course_definitions WHERE id = ANY($1)', [ids])
  return new Map(rows.map((r) => [r.id, fromRow(r)]))
}

export async function findCourseDefinitionByCode(db: Queryable, tenantId: string, code: string) {
  const { rows } = await db.query<Row>('SELECT * FROM course_definitions WHERE tenant_id = $1 AND code = $2', [
    tenantId, code,
  ])
  return rows[0] ? fromRow(rows[0]) : null
}

/** The tenant's course definitions with these codes, by code. */
export async function findCourseDefinitionsByCodes(db: Queryable, tenantId: string, codes: string[]) {
  const { rows } = await db.query<Row>('SELECT * FROM course_definitions WHERE tenant_id = $1 AND code = ANY($2)', [tenantId, codes])
  return new Map(rows.map((r) => [r.code, fromRow(r)]))
}

export async function listCourseDefinitions(db: Queryable, tenantId: string) {
  const { rows } = await db.query<Row>('SELECT * FROM course_definitions WHERE tenant_id = $1 ORDER BY code', [tenantId])
  return rows.map(fromRow)
}

export async function storeResolvedTarget(db: Queryable, id: string, target: ResolvedTarget) {
  await db.query('UPDATE course_definitions SET resolved_target = $2 WHERE id = $1', [id, JSON.stringify(target)])
}

/** Archives (a date) or restores (null) a definition; the definition after, or null when there is none. */
export async function setCourseDefinitionArchived(db: Queryable, tenantId: string, id: string, archived: boolean) {
  const { rows } = await db.query<Row>(
    `UPDATE course_definitions SET archived_at = CASE WHEN $3 THEN coalesce(archived_at, now()) END, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING *`, [tenantId, id, archived])
  return rows[0] ? fromRow(rows[0]) : null
}

/** Registrations of a definition: all, and those meant to have access now. */
export async function courseDefinitionUsage(db: Queryable, id: string) {
  const { rows } = await db.query<{ registrations: string; active: string }>(
    `SELECT count(*) AS registrations, count(*) FILTER (WHERE desired = 'active') AS active
     FROM registrations WHERE course_definition_id = $1`, [id])
  return { registrations: Number(rows[0]!.registrations), active: Number(rows[0]!.active) }
}

/** Deletes a definition no registration refers to; false when it was not there (or not deleted). */
export async function deleteUnusedCourseDefinition(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const r = await db.query(
    `DELETE FROM course_definitions d WHERE d.tenant_id = $1 AND d.id = $2
       AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.course_definition_id = d.id)`, [tenantId, id])
  return r.affectedRows > 0
}
