// Results (attendance and success per completion), their deliveries to the training system, and the
// delivery log.
import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export interface ResultRow {
  id: string
  tenant_id: string
  registration_id: string
  source: string
  attended: boolean
  passed: boolean
  completed_at: Date | null
  completed_at_source: CompletionTimeSource
  grade: string | null
  grade_type: string | null
  grade_min: string | null
  grade_max: string | null
  grade_percentage: string | null
  grade_pass: string | null
  lms_ref: string | null
  received_at: Date
  updated_at: Date
}

/**
 * Where a result's completion time comes from: 'lms' (the LMS said when), 'criteria' (Moodle's poll: the latest
 * criterion time, the course completion time is not in its answer), 'observed' (the poll's answer carries no time:
 * the moment coursebridge first saw the completion).
 */
export type CompletionTimeSource = 'lms' | 'criteria' | 'observed'

/** A grade as the LMS sent it. */
export interface GradeValues {
  /** value: points; scale: positions on the course total's scale. */
  type: 'value' | 'scale' | null
  final: number
  min: number | null
  max: number | null
  percentage: number | null
  pass: number | null
}

export interface ResultValues {
  source: string
  attended: boolean
  passed: boolean
  completedAt: Date | null
  /** Defaults to 'lms'. */
  completionTimeSource?: CompletionTimeSource
  grade?: GradeValues | null
  lmsRef: string | null
}

const gradeParams = (g: GradeValues | null | undefined) =>
  [g?.final ?? null, g?.type ?? null, g?.min ?? null, g?.max ?? null, g?.percentage ?? null, g?.pass ?? null]

export async function listResultsOf(db: Queryable, registrationId: string) {
  const { rows } = await db.query<ResultRow>(
    'SELECT * FROM results WHERE registration_id = $1 ORDER BY received_at, id',
    [registrationId],
  )
  return rows
}

export async function insertResult(db: Queryable, tenantId: string, registrationId: string, v: ResultValues) {
  const { rows } = await db.query<ResultRow>(
    `INSERT INTO results (id, tenant_id, registration_id, source, attended, passed, completed_at, completed_at_source, lms_ref,
       grade, grade_type, grade_min, grade_max, grade_percentage, grade_pass)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (registration_id, lms_ref) WHERE lms_ref IS NOT NULL DO NOTHING RETURNING *`,
    [randomUUID(), tenantId, registrationId, v.source, v.attended, v.passed, v.completedAt, v.completionTimeSource ?? 'lms', v.lmsRef,
      ...gradeParams(v.grade)],
  )
  return rows[0] ?? null
}

/** A polled result gets the pushed details (time, grade, the plugin's id): still one result. */
export async function enrichResult(db: Queryable, id: string, v: ResultValues) {
  const { rows } = await db.query<ResultRow>(
    `UPDATE results SET source = $2, attended = $3, passed = $4,
       completed_at = COALESCE($5, completed_at),
       completed_at_source = CASE WHEN $5::timestamptz IS NULL THEN completed_at_source ELSE $6 END,
       lms_ref = $7, grade = $8, grade_type = $9, grade_min = $10, grade_max = $11, grade_percentage = $12, grade_pass = $13,
       updated_at = now()
     WHERE id = $1 AND lms_ref IS NULL RETURNING *`,
    [id, v.source, v.attended, v.passed, v.completedAt, v.completionTimeSource ?? 'lms', v.lmsRef, ...gradeParams(v.grade)],
  )
  return rows[0] ?? null
}

export async function listResults(
  db: Queryable,
  tenantId: string,
  f: { from?: Date; to?: Date; limit?: number; offset?: number },
) {
  const params: unknown[] = [tenantId]
  const clauses = ['tenant_id = $1']
  if (f.from) {
    params.push(f.from)
    clauses.push(`updated_at >= $${params.length}`)
  }
  if (f.to) {
    params.push(f.to)
    clauses.push(`updated_at < $${params.length}`)
  }
  params.push(f.limit ?? 100, f.offset ?? 0)
  const { rows } = await db.query<ResultRow>(
    `SELECT * FROM results WHERE ${clauses.join(' AND ')} ORDER BY updated_at, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return rows
}

export interface DeliveryRow {
  id: string
  tenant_id: string
  result_id: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  last_http_status: number | null
  last_error: string | null
  created_at: Date
  delivered_at: Date | null
}

export async function insertDelivery(db: Queryable, tenantId: string, resultId: string) {
  const { rows } = await db.query<DeliveryRow>(
    `INSERT INTO result_deliveries (id, tenant_id, result_id, status) VALUES ($1, $2, $3, 'pending') RETURNING *`,
    [`dlv_${randomUUID().replace(/-/g, '')}`, tenantId, resultId],
  )
  return rows[0]!
}

export async function getDelivery(db: Queryable, id: string) {
  const { rows } = await db.query<DeliveryRow>('SELECT * FROM result_deliveries WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function getResult(db: Queryable, id: string) {
  const { rows } = await db.query<ResultRow>('SELECT * FROM results WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function recordDeliveryAttempt(
  db: Queryable,
  id: string,
  a: { status: DeliveryRow['status']; httpStatus: number | null; error: string | null; durationMs: number },
) {
  await db.query(
    `UPDATE result_deliveries SET status = $2, attempts = attempts + 1, last_http_status = $3, last_error = $4,
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END WHERE id = $1`,
    [id, a.status, a.httpStatus, a.error],
  )
  await db.query('INSERT INTO delivery_attempts (delivery_id, http_status, error, duration_ms) VALUES ($1, $2, $3, $4)', [
    id, a.httpStatus, a.error, a.durationMs,
  ])
}

export async function listDeliveries(db: Queryable, resultIds: string[]) {
  if (resultIds.length === 0) return []
  const { rows } = await db.query<DeliveryRow>(
    'SELECT * FROM result_deliveries WHERE result_id = ANY($1) ORDER BY created_at',
    [resultIds],
  )
  return rows
}

export async function rememberInboundWebhook(db: Queryable, connectionId: string, webhookId: string): Promise<boolean> {
  const r = await db.query(
    'INSERT INTO inbound_webhooks (connection_id, webhook_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [connectionId, webhookId],
  )
  return r.affectedRows === 1
}

/** Marks registrations as asked about by the result poll at `at` (the next run asks others first). */
export async function markPolled(db: Queryable, registrationIds: string[], at: Date) {
  if (registrationIds.length === 0) return
  await db.query(
    `INSERT INTO result_polls (registration_id, polled_at) SELECT unnest($1::text[]), $2
     ON CONFLICT (registration_id) DO UPDATE SET polled_at = EXCLUDED.polled_at`,
    [registrationIds, at],
  )
}
