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
  grade: string | null
  grade_max: string | null
  grade_percentage: string | null
  grade_pass: string | null
  lms_ref: string | null
  received_at: Date
  updated_at: Date
}

export interface ResultValues {
  source: string
  attended: boolean
  passed: boolean
  completedAt: Date | null
  grade?: { final: number; max: number; percentage: number | null; pass: number | null } | null
  lmsRef: string | null
}

export async function listResultsOf(db: Queryable, registrationId: string) {
  const { rows } = await db.query<ResultRow>(
    'SELECT * FROM results WHERE registration_id = $1 ORDER BY received_at, id',
    [registrationId],
  )
  return rows
}

export async function insertResult(db: Queryable, tenantId: string, registrationId: string, v: ResultValues) {
  const { rows } = await db.query<ResultRow>(
    `INSERT INTO results (id, tenant_id, registration_id, source, attended, passed, completed_at, grade, grade_max,
       grade_percentage, grade_pass, lms_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (registration_id, lms_ref) WHERE lms_ref IS NOT NULL DO NOTHING RETURNING *`,
    [randomUUID(), tenantId, registrationId, v.source, v.attended, v.passed, v.completedAt, v.grade?.final ?? null,
      v.grade?.max ?? null, v.grade?.percentage ?? null, v.grade?.pass ?? null, v.lmsRef],
  )
  return rows[0] ?? null
}

/** A polled result gets the pushed details (time, grade, the plugin's id): still one result. */
export async function enrichResult(db: Queryable, id: string, v: ResultValues) {
  const { rows } = await db.query<ResultRow>(
    `UPDATE results SET source = $2, attended = $3, passed = $4, completed_at = COALESCE($5, completed_at), grade = $6,
       grade_max = $7, grade_percentage = $8, grade_pass = $9, lms_ref = $10, updated_at = now()
     WHERE id = $1 AND lms_ref IS NULL RETURNING *`,
    [id, v.source, v.attended, v.passed, v.completedAt, v.grade?.final ?? null, v.grade?.max ?? null,
      v.grade?.percentage ?? null, v.grade?.pass ?? null, v.lmsRef],
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

export async function getPollState(db: Queryable, connectionId: string): Promise<Date | null> {
  const { rows } = await db.query<{ last_polled_at: Date }>('SELECT last_polled_at FROM poll_state WHERE connection_id = $1', [connectionId])
  return rows[0]?.last_polled_at ?? null
}

export async function setPollState(db: Queryable, connectionId: string, at: Date) {
  await db.query(
    `INSERT INTO poll_state (connection_id, last_polled_at) VALUES ($1, $2)
     ON CONFLICT (connection_id) DO UPDATE SET last_polled_at = EXCLUDED.last_polled_at`,
    [connectionId, at],
  )
}
