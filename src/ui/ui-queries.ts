// Read models of the Service Center's lists: what a page shows in one query rather than one per row.
import type { Queryable } from '../store/database.ts'
import type { RegistrationStatus } from '../domain/registration-state.ts'

export async function countRegistrationsByStatus(db: Queryable, tenantId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM registrations WHERE tenant_id = $1 GROUP BY status',
    [tenantId],
  )
  return new Map(rows.map((r) => [r.status, r.n]))
}

export async function countOpenNotifications(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications WHERE tenant_id = $1 AND resolved_at IS NULL',
    [tenantId],
  )
  return rows[0]?.n ?? 0
}

export interface RegistrationListRow {
  id: string
  external_id: string | null
  desired: string
  status: RegistrationStatus
  status_code: string | null
  login_name: string | null
  lms_user_id: string | null
  updated_at: Date
  person_id: string
  person: { firstName?: string; namePrefix?: string; lastName?: string }
  course_code: string
  course_name: string
}

/**
 * Registrations, newest first. `search` matches the TMS person id exactly, or any part of the
 * person's name (first name, prefix, last name), ignoring case.
 */
export async function searchRegistrations(
  db: Queryable,
  tenantId: string,
  f: { search?: string; status?: RegistrationStatus; limit?: number },
): Promise<RegistrationListRow[]> {
  const clauses = ['r.tenant_id = $1']
  const params: unknown[] = [tenantId]
  if (f.status) {
    params.push(f.status)
    clauses.push(`r.status = $${params.length}`)
  }
  const search = f.search?.trim()
  if (search) {
    params.push(search, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    clauses.push(`(p.person_id = $${params.length - 1} OR r.external_id = $${params.length - 1}
      OR concat_ws(' ', p.data->>'firstName', p.data->>'namePrefix', p.data->>'lastName') ILIKE $${params.length})`)
  }
  params.push(f.limit ?? 100)
  const { rows } = await db.query<RegistrationListRow>(
    `SELECT r.id, r.external_id, r.desired, r.status, r.status_code, r.login_name, r.lms_user_id, r.updated_at,
       p.person_id, p.data AS person, c.code AS course_code, c.name AS course_name
     FROM registrations r JOIN persons p ON p.id = r.person_ref JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE ${clauses.join(' AND ')} ORDER BY r.created_at DESC, r.id LIMIT $${params.length}`,
    params,
  )
  return rows
}

export const personName = (p: { firstName?: string; namePrefix?: string; lastName?: string }) =>
  [p.firstName, p.namePrefix, p.lastName].filter((s) => s && s !== '').join(' ')

export interface ResultListRow {
  id: string
  registration_id: string
  attended: boolean
  passed: boolean
  completed_at: Date | null
  completed_at_source: 'lms' | 'criteria' | 'observed'
  grade: string | null
  grade_type: string | null
  grade_min: string | null
  grade_max: string | null
  source: string
  updated_at: Date
  person_id: string
  person: { firstName?: string; namePrefix?: string; lastName?: string }
  course_code: string
}

/** Results, most recently recorded or changed first, with who and which course. */
export async function listResultsWithNames(db: Queryable, tenantId: string, limit = 200): Promise<ResultListRow[]> {
  const { rows } = await db.query<ResultListRow>(
    `SELECT x.id, x.registration_id, x.attended, x.passed, x.completed_at, x.completed_at_source, x.grade, x.grade_type,
       x.grade_min, x.grade_max, x.source, x.updated_at,
       p.person_id, p.data AS person, c.code AS course_code
     FROM results x JOIN registrations r ON r.id = x.registration_id JOIN persons p ON p.id = r.person_ref
       JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE x.tenant_id = $1 ORDER BY x.updated_at DESC, x.id LIMIT $2`,
    [tenantId, limit],
  )
  return rows
}
