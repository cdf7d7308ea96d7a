// "Retry" for many registrations at once (the attention list: the selected ones, or all the filter
// matches): one statement sets them pending, one resolves their open notifications, one enqueues them.
// Only registrations that wait for someone are retried; an active or pending one is left alone.
import type { AppContext } from './context.ts'
import { resolveRegistrationNotifications } from '../store/notifications.ts'
import { attentionStatuses } from '../lists/list-specs.ts'

/** At most this many in one request (the page's "all filtered" included). */
export const retryLimit = 5000

export async function retryRegistrations(ctx: AppContext, tenantId: string, ids: string[]): Promise<{ retried: string[]; skipped: string[] }> {
  const wanted = [...new Set(ids)].slice(0, retryLimit)
  if (wanted.length === 0) return { retried: [], skipped: [] }
  const retried = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE registrations SET status = 'pending', status_code = NULL, updated_at = now()
       WHERE tenant_id = $1 AND id = ANY($2) AND status = ANY($3) RETURNING id`,
      [tenantId, wanted, [...attentionStatuses]],
    )
    const done = rows.map((r) => r.id)
    await resolveRegistrationNotifications(tx, done)
    return done
  })
  await ctx.queue.enqueueReconciles(retried)
  const set = new Set(retried)
  ctx.log.info({ tenantId, retried: retried.length, skipped: wanted.length - retried.length }, 'registrations retried')
  return { retried, skipped: wanted.filter((id) => !set.has(id)) }
}
