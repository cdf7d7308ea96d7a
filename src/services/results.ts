// Results back (step 4 of a registration): attendance and success recorded on the registration, from the
// Moodle plugin's push or from polling, and delivered to the training system.
import type { AppContext } from './context.ts'
import type { Registration } from '../store/registrations.ts'
import { enrichResult, insertDelivery, insertResult, listResultsOf, type ResultRow, type ResultValues } from '../store/results.ts'
import { loadTenantSettings } from './tenant-settings.ts'

export type RecordOutcome = 'created' | 'enriched' | 'duplicate'

/**
 * Records a result once. A push carries the LMS's id of the completion: the same id again is a duplicate,
 * a polled result without one is enriched (push and poll together give one result), another id is a
 * retake (a new result; the history stays). A poll only fills the gap of a registration without a result.
 */
export async function recordResult(
  ctx: AppContext,
  registration: Registration,
  values: ResultValues,
): Promise<{ outcome: RecordOutcome; result: ResultRow | null }> {
  const recorded = await ctx.db.transaction(async (tx) => {
    // One writer per registration at a time: push and poll may arrive together.
    await tx.query('SELECT id FROM registrations WHERE id = $1 FOR UPDATE', [registration.id])
    const existing = await listResultsOf(tx, registration.id)
    if (values.lmsRef !== null) {
      const same = existing.find((r) => r.lms_ref === values.lmsRef)
      if (same) return { outcome: 'duplicate' as const, result: same }
      const polled = existing.find((r) => r.lms_ref === null)
      if (polled) return { outcome: 'enriched' as const, result: await enrichResult(tx, polled.id, values) }
    } else if (existing.length > 0) {
      return { outcome: 'duplicate' as const, result: existing[existing.length - 1]! }
    }
    return { outcome: 'created' as const, result: await insertResult(tx, registration.tenantId, registration.id, values) }
  })
  if (recorded.outcome !== 'duplicate' && recorded.result) await queueDelivery(ctx, registration.tenantId, recorded.result.id)
  return recorded
}

/** A delivery to the training system's webhook, when the tenant has one (pull-based systems use the API). */
async function queueDelivery(ctx: AppContext, tenantId: string, resultId: string) {
  const settings = await loadTenantSettings(ctx.db, tenantId)
  if (!settings.resultWebhook) return
  const delivery = await insertDelivery(ctx.db, tenantId, resultId)
  await ctx.queue.enqueueDeliverResult(delivery.id)
}

const num = (v: string | null) => (v === null ? null : Number(v))

/** A result as the API, the Service Center and the training system's webhook show it: the grade as the LMS sent it. */
export const resultView = (r: ResultRow) => ({
  id: r.id,
  registrationId: r.registration_id,
  attended: r.attended,
  passed: r.passed,
  completedAt: r.completed_at,
  /** True when the LMS gave no completion time and completedAt is when coursebridge first saw the completion. */
  completedAtObserved: r.completed_at_source === 'observed',
  completionTimeSource: r.completed_at_source,
  grade: r.grade === null ? null : {
    type: (r.grade_type ?? null) as 'value' | 'scale' | null,
    final: Number(r.grade), min: num(r.grade_min), max: num(r.grade_max),
    percentage: num(r.grade_percentage), pass: num(r.grade_pass),
  },
  source: r.source,
  receivedAt: r.received_at,
  updatedAt: r.updated_at,
})
