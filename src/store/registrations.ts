import { randomUUID } from 'node:crypto'
import { JsonRows, type Queryable } from './database.ts'
import type { Desired, RegistrationStatus } from '../domain/registration-state.ts'

export interface Registration {
  id: string
  tenantId: string
  externalId: string | null
  personRef: string
  courseDefinitionId: string
  desired: Desired
  status: RegistrationStatus
  statusCode: string | null
  lmsUserId: string | null
  loginName: string | null
  accountCreated: boolean
  accessGrantedAt: Date | null
  accessRevokedAt: Date | null
  /** The grant last sent successfully (grantKey of domain/granted-access.ts); null when not granted or revoked since. */
  grantedAccess: string | null
  attempts: number
  createdAt: Date
  updatedAt: Date
}

interface Row {
  id: string
  tenant_id: string
  external_id: string | null
  person_ref: string
  course_definition_id: string
  desired: Desired
  status: RegistrationStatus
  status_code: string | null
  lms_user_id: string | null
  login_name: string | null
  account_created: boolean
  access_granted_at: Date | null
  access_revoked_at: Date | null
  granted_access: string | null
  attempts: number
  created_at: Date
  updated_at: Date
}

const fromRow = (r: Row): Registration => ({
  id: r.id,
  tenantId: r.tenant_id,
  externalId: r.external_id,
  personRef: r.person_ref,
  courseDefinitionId: r.course_definition_id,
  desired: r.desired,
  status: r.status,
  statusCode: r.status_code,
  lmsUserId: r.lms_user_id,
  loginName: r.login_name,
  accountCreated: r.account_created,
  accessGrantedAt: r.access_granted_at,
  accessRevokedAt: r.access_revoked_at,
  grantedAccess: r.granted_access ?? null,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/**
 * Creates the registration, or finds the existing one for the same TMS registration id (or, without one,
 * the same person and course) and sets it active again. `created` tells which.
 */
export interface NewRegistration {
  tenantId: string
  externalId: string | null
  personRef: string
  courseDefinitionId: string
}

/**
 * Inserts the registrations that are new, in one statement, and returns them by their position in
 * `entries`. The others (a registration id or a person and course already there) are left out:
 * upsertActiveRegistration decides about each of those.
 */
export async function insertNewRegistrations(db: Queryable, entries: NewRegistration[]): Promise<Map<number, Registration>> {
  if (entries.length === 0) return new Map()
  const ids: string[] = entries.map(() => randomUUID())
  const { rows } = await db.query<Row>(
    `INSERT INTO registrations (id, tenant_id, external_id, person_ref, course_definition_id, desired, status)
     SELECT id, tenant_id, external_id, person_ref, course_definition_id, 'active', 'pending'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       AS v(id, tenant_id, external_id, person_ref, course_definition_id)
     ON CONFLICT DO NOTHING RETURNING *`,
    [ids, entries.map((e) => e.tenantId), entries.map((e) => e.externalId), entries.map((e) => e.personRef), entries.map((e) => e.courseDefinitionId)],
  )
  const position = new Map(ids.map((id, n) => [id, n]))
  return new Map(rows.map((r) => [position.get(r.id)!, fromRow(r)]))
}

/** Registrations by the TMS's registration ids, each with its person's TMS person id. */
export async function findRegistrationsByExternalIds(db: Queryable, tenantId: string, externalIds: string[]) {
  if (externalIds.length === 0) return new Map<string, Registration & { personId: string }>()
  const { rows } = await db.query<Row & { person_id: string }>(
    `SELECT r.*, p.person_id FROM registrations r JOIN persons p ON p.id = r.person_ref
     WHERE r.tenant_id = $1 AND r.external_id = ANY($2)`,
    [tenantId, externalIds],
  )
  return new Map(rows.map((r) => [r.external_id!, { ...fromRow(r), personId: r.person_id }]))
}

export async function upsertActiveRegistration(
  db: Queryable,
  r: NewRegistration,
): Promise<{ registration: Registration; created: boolean; changed: boolean }> {
  // New is the common case: one statement. A unique index (registration id, or person and course
  // without one) turns a repeat into "nothing inserted", and the existing row decides.
  const inserted = (await insertNewRegistrations(db, [r])).get(0)
  if (inserted) return { registration: inserted, created: true, changed: true }
  return activateExistingRegistration(db, r)
}

/**
 * For a registration that insertNewRegistrations left out: the existing one with its registration id (or
 * person and course), set active again; RegistrationConflictError when that id belongs to another
 * person or course.
 */
export async function activateExistingRegistration(
  db: Queryable,
  r: NewRegistration,
): Promise<{ registration: Registration; created: boolean; changed: boolean }> {
  const existing = r.externalId
    ? await db.query<Row>('SELECT * FROM registrations WHERE tenant_id = $1 AND external_id = $2', [r.tenantId, r.externalId])
    : await db.query<Row>(
      'SELECT * FROM registrations WHERE person_ref = $1 AND course_definition_id = $2 AND external_id IS NULL',
      [r.personRef, r.courseDefinitionId],
    )
  const found = existing.rows[0]
  if (!found) return upsertActiveRegistration(db, r) // removed in between: insert it again
  if (found.person_ref !== r.personRef || found.course_definition_id !== r.courseDefinitionId) {
    throw new RegistrationConflictError(found.id)
  }
  if (found.desired === 'active') return { registration: fromRow(found), created: false, changed: false }
  const { rows } = await db.query<Row>(
    `UPDATE registrations SET desired = 'active', status = 'pending', status_code = NULL, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [found.id],
  )
  return { registration: fromRow(rows[0]!), created: false, changed: true }
}

export class RegistrationConflictError extends Error {
  constructor(readonly existingId: string) {
    super('this registration id already belongs to another person or course')
  }
}

export async function setDesired(db: Queryable, tenantId: string, id: string, desired: Desired) {
  const { rows } = await db.query<Row>(
    `UPDATE registrations SET desired = $3,
       status = CASE WHEN desired = $3 AND status IN ('active', 'cancelled') THEN status ELSE 'pending' END,
       status_code = CASE WHEN desired = $3 AND status IN ('active', 'cancelled') THEN status_code ELSE NULL END,
       updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, desired],
  )
  return rows[0] ? fromRow(rows[0]) : null
}

export async function getRegistration(db: Queryable, id: string) {
  const { rows } = await db.query<Row>('SELECT * FROM registrations WHERE id = $1', [id])
  return rows[0] ? fromRow(rows[0]) : null
}

export async function getRegistrations(db: Queryable, ids: string[]) {
  const { rows } = await db.query<Row>('SELECT * FROM registrations WHERE id = ANY($1)', [ids])
  return rows.map(fromRow)
}

export async function getTenantRegistration(db: Queryable, tenantId: string, id: string) {
  const r = await getRegistration(db, id)
  return r && r.tenantId === tenantId ? r : null
}

export interface RegistrationFilter {
  status?: RegistrationStatus
  personRef?: string
  courseDefinitionId?: string
  connectionId?: string
  limit?: number
  offset?: number
}

export async function listRegistrations(db: Queryable, tenantId: string, f: RegistrationFilter = {}) {
  const clauses = ['r.tenant_id = $1']
  const params: unknown[] = [tenantId]
  const add = (sql: string, value: unknown) => {
    params.push(value)
    clauses.push(sql.replace('?', `$${params.length}`))
  }
  if (f.status) add('r.status = ?', f.status)
  if (f.personRef) add('r.person_ref = ?', f.personRef)
  if (f.courseDefinitionId) add('r.course_definition_id = ?', f.courseDefinitionId)
  if (f.connectionId) add('c.connection_id = ?', f.connectionId)
  params.push(f.limit ?? 100, f.offset ?? 0)
  const { rows } = await db.query<Row>(
    `SELECT r.* FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE ${clauses.join(' AND ')} ORDER BY r.created_at DESC, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return rows.map(fromRow)
}

/** Records what the reconcile observed/achieved. */
export async function updateObserved(db: Queryable, id: string, o: ObservedPatch) {
  const columns: Record<string, unknown> = {
    status: o.status, status_code: o.statusCode, lms_user_id: o.lmsUserId, login_name: o.loginName,
    account_created: o.accountCreated, access_granted_at: o.accessGrantedAt, access_revoked_at: o.accessRevokedAt,
    granted_access: o.grantedAccess,
  }
  const sets: string[] = []
  const params: unknown[] = [id]
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (sets.length === 0) return
  await db.query(`UPDATE registrations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params)
}

export type ObservedPatch = Partial<Pick<Registration, 'status' | 'statusCode' | 'lmsUserId' | 'loginName' | 'accountCreated' | 'accessGrantedAt' | 'accessRevokedAt' | 'grantedAccess'>>

const observedColumns = {
  status: ['status', 'text'], statusCode: ['status_code', 'text'], lmsUserId: ['lms_user_id', 'text'],
  loginName: ['login_name', 'text'], accountCreated: ['account_created', 'boolean'],
  accessGrantedAt: ['access_granted_at', 'timestamptz'], accessRevokedAt: ['access_revoked_at', 'timestamptz'],
  grantedAccess: ['granted_access', 'text'],
} as const satisfies Record<keyof ObservedPatch, readonly [string, string]>

/**
 * updateObserved for many registrations: one statement per set of changed fields (a batch's entries
 * usually share one), each row with its own values.
 */
export async function updateObservedMany(db: Queryable, entries: [id: string, patch: ObservedPatch][]) {
  const groups = new Map<string, [string, ObservedPatch][]>()
  for (const entry of entries) {
    const keys = (Object.keys(observedColumns) as (keyof ObservedPatch)[]).filter((k) => entry[1][k] !== undefined)
    if (keys.length === 0) continue
    const signature = keys.join(',')
    const group = groups.get(signature)
    if (group) group.push(entry)
    else groups.set(signature, [entry])
  }
  for (const [signature, group] of groups) {
    const keys = signature.split(',') as (keyof ObservedPatch)[]
    const columns = keys.map((k) => observedColumns[k][0])
    const rows = group.map(([id, patch]) => Object.fromEntries([['id', id], ...keys.map((k) => [observedColumns[k][0], patch[k]])]))
    await db.query(
      `UPDATE registrations r SET ${columns.map((c) => `${c} = v.${c}`).join(', ')}, updated_at = now()
       FROM json_to_recordset($1::json) AS v(id text, ${keys.map((k) => `${observedColumns[k][0]} ${observedColumns[k][1]}`).join(', ')})
       WHERE r.id = v.id`,
      [new JsonRows(rows)],
    )
  }
}

export async function incrementAttempts(db: Queryable, ids: string[]) {
  await db.query('UPDATE registrations SET attempts = attempts + 1 WHERE id = ANY($1)', [ids])
}

/** Registrations waiting on something that a change may have fixed. */
export async function findWaitingRegistrations(
  db: Queryable,
  where: { personRefs?: string[]; connectionId?: string },
  statuses: RegistrationStatus[],
): Promise<string[]> {
  if (where.personRefs) {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM registrations WHERE person_ref = ANY($1) AND status = ANY($2)',
      [where.personRefs, statuses],
    )
    return rows.map((r) => r.id)
  }
  const { rows } = await db.query<{ id: string }>(
    `SELECT r.id FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE c.connection_id = $1 AND r.status = ANY($2)`,
    [where.connectionId, statuses],
  )
  return rows.map((r) => r.id)
}

export interface StepRow {
  id: number
  at: Date
  step: string
  function: string | null
  duration_ms: number | null
  items: number | null
  outcome: string
  error_code: string | null
  detail: string | null
}

export interface NewStep {
  step: string
  function?: string
  durationMs?: number
  items?: number
  outcome: 'ok' | 'error' | 'skipped' | 'info'
  errorCode?: string
  detail?: string
}

/** The step log: every LMS call and decision. Callers pass no secrets; details are short plain text. */
export async function appendSteps(db: Queryable, registrationId: string, steps: NewStep[]) {
  await appendStepsOf(db, steps.map((s) => [registrationId, s]))
}

/** The steps of several registrations in one statement (a batch's step logs). */
export async function appendStepsOf(db: Queryable, entries: [registrationId: string, step: NewStep][]) {
  if (entries.length === 0) return
  // One JSON parameter, whatever the number of steps: a batch of ILIAS registrations logs each per-person
  // request in every registration's log, past the 65 535 parameters one statement may carry. (JSON rather
  // than an array per column: pg writes array literals in JavaScript, element by element; JSON.stringify is native.
  // Row by row: JsonRows.)
  const rows = entries.map(([id, s]) => ({
    registration_id: id, step: s.step, function: s.function ?? null, duration_ms: s.durationMs ?? null,
    items: s.items ?? null, outcome: s.outcome, error_code: s.errorCode ?? null, detail: s.detail ?? null,
  }))
  await db.query(
    `INSERT INTO registration_steps (registration_id, step, function, duration_ms, items, outcome, error_code, detail)
     SELECT registration_id, step, function, duration_ms, items, outcome, error_code, detail
     FROM ROWS FROM (json_to_recordset($1::json) AS (registration_id text, step text, function text, duration_ms int,
       items int, outcome text, error_code text, detail text))
       WITH ORDINALITY AS v(registration_id, step, function, duration_ms, items, outcome, error_code, detail, n)
     ORDER BY n`,
    [new JsonRows(rows)],
  )
}

export async function listSteps(db: Queryable, registrationId: string) {
  const { rows } = await db.query<StepRow>(
    'SELECT id, at, step, function, duration_ms, items, outcome, error_code, detail FROM registration_steps WHERE registration_id = $1 ORDER BY id',
    [registrationId],
  )
  return rows
}
