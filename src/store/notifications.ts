// Notifications: every failure a person must act on, with a stable code. Open notifications are
// de-duplicated by a key (e.g. one per connection for a wrong token, however many registrations hit it).
import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export interface NewNotification {
  tenantId: string
  code: string
  kind: 'needs-admin' | 'permanent' | 'data' | 'retryable' | 'info'
  message: string
  details?: Record<string, unknown>
  connectionId?: string | null
  registrationId?: string | null
  personRef?: string | null
  /** Same key while open → one notification whose occurrences count up. */
  dedupeKey: string
}

export interface NotificationRow {
  id: string
  tenant_id: string
  code: string
  kind: string
  message: string
  details: Record<string, unknown>
  connection_id: string | null
  registration_id: string | null
  person_ref: string | null
  occurrences: number
  created_at: Date
  last_seen_at: Date
  resolved_at: Date | null
}

export async function raiseNotification(db: Queryable, n: NewNotification): Promise<void> {
  await db.query(
    `INSERT INTO notifications (id, tenant_id, code, kind, message, details, connection_id, registration_id, person_ref, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, dedupe_key) WHERE resolved_at IS NULL
     DO UPDATE SET occurrences = notifications.occurrences + 1, last_seen_at = now(), message = EXCLUDED.message,
                   details = EXCLUDED.details`,
    [randomUUID(), n.tenantId, n.code, n.kind, n.message, JSON.stringify(n.details ?? {}), n.connectionId ?? null,
      n.registrationId ?? null, n.personRef ?? null, n.dedupeKey],
  )
}

/** Resolves the open notifications matching the filter (the cause went away). */
export async function resolveNotifications(
  db: Queryable,
  where: { tenantId: string; registrationId?: string; connectionId?: string; personRef?: string; id?: string; dedupeKey?: string },
): Promise<number> {
  const clauses = ['tenant_id = $1', 'resolved_at IS NULL']
  const params: unknown[] = [where.tenantId]
  for (const [column, value] of [
    ['registration_id', where.registrationId], ['connection_id', where.connectionId],
    ['person_ref', where.personRef], ['id', where.id], ['dedupe_key', where.dedupeKey],
  ] as const) {
    if (value === undefined) continue
    params.push(value)
    clauses.push(`${column} = $${params.length}`)
  }
  if (params.length === 1) throw new Error('resolveNotifications needs a filter')
  const r = await db.query(`UPDATE notifications SET resolved_at = now() WHERE ${clauses.join(' AND ')}`, params)
  return r.affectedRows
}

/** Resolves the open notifications of these registrations (they reached what was wanted). */
export async function resolveRegistrationNotifications(db: Queryable, registrationIds: string[]): Promise<number> {
  if (registrationIds.length === 0) return 0
  const r = await db.query('UPDATE notifications SET resolved_at = now() WHERE resolved_at IS NULL AND registration_id = ANY($1)', [registrationIds])
  return r.affectedRows
}

export async function listNotifications(
  db: Queryable,
  tenantId: string,
  filter: { open?: boolean; registrationId?: string; connectionId?: string; limit?: number } = {},
): Promise<NotificationRow[]> {
  const clauses = ['tenant_id = $1']
  const params: unknown[] = [tenantId]
  if (filter.open !== undefined) clauses.push(filter.open ? 'resolved_at IS NULL' : 'resolved_at IS NOT NULL')
  if (filter.registrationId) {
    params.push(filter.registrationId)
    clauses.push(`registration_id = $${params.length}`)
  }
  if (filter.connectionId) {
    params.push(filter.connectionId)
    clauses.push(`connection_id = $${params.length}`)
  }
  params.push(filter.limit ?? 100)
  const { rows } = await db.query<NotificationRow>(
    `SELECT * FROM notifications WHERE ${clauses.join(' AND ')} ORDER BY last_seen_at DESC LIMIT $${params.length}`,
    params,
  )
  return rows
}
