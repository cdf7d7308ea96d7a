// Read models of the Service Center's lists: what a page shows in one query rather than one per row.
import type { Queryable } from '../store/database.ts'

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

export const personName = (p: { firstName?: string; namePrefix?: string; lastName?: string }) =>
  [p.firstName, p.namePrefix, p.lastName].filter((s) => s && s !== '').join(' ')
