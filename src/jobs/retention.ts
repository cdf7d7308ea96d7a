// Retention: records kept only as long as each tenant's settings say (settings.retention, in days).
// Run by the maintenance job. Rows that guard behaviour stay, emptied: a sent mail's row keeps a second
// credentials mail from going out, so only its address, subject and body go; a delivered result stays
// as the registration's history (a poll would otherwise record and deliver it again), its delivery log goes.
import type { AppContext } from '../services/context.ts'
import { loadTenantSettings } from '../services/tenant-settings.ts'
import { idempotencyTtlHours } from '../store/idempotency.ts'

export interface RetentionOutcome {
  steps: number
  mails: number
  deliveries: number
  idempotencyRecords: number
}

export async function enforceRetention(ctx: Pick<AppContext, 'db'>): Promise<RetentionOutcome> {
  const done: RetentionOutcome = { steps: 0, mails: 0, deliveries: 0, idempotencyRecords: 0 }
  const { rows: tenants } = await ctx.db.query<{ id: string }>('SELECT id FROM tenants')
  for (const { id: tenantId } of tenants) {
    const { retention } = await loadTenantSettings(ctx.db, tenantId)
    const steps = await ctx.db.query(
      `DELETE FROM registration_steps s USING registrations r
       WHERE s.registration_id = r.id AND r.tenant_id = $1 AND s.at < now() - make_interval(days => $2)`,
      [tenantId, retention.stepLogDays])
    done.steps += steps.affectedRows
    const mails = await ctx.db.query(
      `UPDATE mails SET to_address = '', subject = NULL, html = NULL, text = NULL, login_name = NULL, last_error = NULL,
         password_enc = NULL
       WHERE tenant_id = $1 AND ((status IN ('sent', 'outbox') AND sent_at < now() - make_interval(days => $2))
         OR (status = 'discarded' AND discarded_at < now() - make_interval(days => $2)))
         AND (to_address <> '' OR subject IS NOT NULL OR html IS NOT NULL OR text IS NOT NULL)`,
      [tenantId, retention.sentMailDays])
    done.mails += mails.affectedRows
    const old = `SELECT id FROM result_deliveries WHERE tenant_id = $1 AND status = 'delivered'
                   AND delivered_at < now() - make_interval(days => $2)`
    await ctx.db.query(`DELETE FROM delivery_attempts WHERE delivery_id IN (${old})`, [tenantId, retention.deliveredResultDays])
    const deliveries = await ctx.db.query(`DELETE FROM result_deliveries WHERE id IN (${old})`, [tenantId, retention.deliveredResultDays])
    done.deliveries += deliveries.affectedRows
    // Never before the replay window ends.
    const hours = Math.max(idempotencyTtlHours, retention.idempotencyRecordDays * 24)
    const idem = await ctx.db.query(
      'DELETE FROM idempotency_keys WHERE tenant_id = $1 AND created_at <= now() - make_interval(hours => $2)', [tenantId, hours])
    done.idempotencyRecords += idem.affectedRows
  }
  return done
}
