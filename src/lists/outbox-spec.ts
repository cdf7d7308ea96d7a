// The outbox as a list: the mails that have not gone out (waiting for their account, queued, retrying,
// waiting for an SMTP server, failed), with what the Service Center needs to offer "send now" and "discard".
import type { Queryable } from '../store/database.ts'
import type { ListSpec } from './list-query.ts'
import { mailsList, type MailLogRow } from './log-specs.ts'
import { unsentMailStatuses } from '../store/mails.ts'

export interface OutboxRow extends MailLogRow {
  /** The (encrypted) password is still kept: a credentials mail can still be sent. */
  password_kept: boolean
}

const unsent = unsentMailStatuses.map((s) => `'${s}'`).join(', ')

export const outboxList: ListSpec<OutboxRow> = {
  ...(mailsList as unknown as ListSpec<OutboxRow>),
  name: 'outbox',
  select: `${mailsList.select}, m.password_enc IS NOT NULL AS password_kept`,
  where: `m.status IN (${unsent})`,
  statuses: unsentMailStatuses,
  sorts: { created: 'm.created_at', status: 'm.status', attempts: 'm.attempts' },
  columns: [
    ...(mailsList as unknown as ListSpec<OutboxRow>).columns,
    { header: 'password kept', value: (r) => r.password_kept },
  ],
}

/** One mail of the tenant with the registration it belongs to (whatever its state), or null. */
export async function getOutboxRow(db: Queryable, tenantId: string, id: string): Promise<OutboxRow | null> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT ${outboxList.select} FROM ${outboxList.from} WHERE m.tenant_id = $1 AND m.id = $2`, [tenantId, id])
  return rows[0] ?? null
}
