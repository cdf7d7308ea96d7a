// Delivers one result to the training system's webhook, signed the Standard Webhooks way with the
// delivery id as webhook-id: a receiver that saw that id already can ignore the repeat. Retried with
// backoff while the receiver is down; every attempt goes into the delivery log.
import type { AppContext } from '../services/context.ts'
import type { JobContext } from './queue.ts'
import { getDelivery, getResult, recordDeliveryAttempt } from '../store/results.ts'
import { getRegistration } from '../store/registrations.ts'
import { getPersonByRef } from '../store/persons.ts'
import { getCourseDefinition } from '../store/course-definitions.ts'
import { raiseNotification } from '../store/notifications.ts'
import { loadTenantSettings } from '../services/tenant-settings.ts'
import { resultView } from '../services/results.ts'
import { signWebhook } from '../webhooks/standard-webhooks.ts'

export class DeliveryError extends Error {}

export function createDeliverResultHandler(ctx: AppContext, opts: { timeoutMs?: number } = {}) {
  return async (data: { deliveryId: string }, job: JobContext): Promise<void> => {
    const delivery = await getDelivery(ctx.db, data.deliveryId)
    if (!delivery || delivery.status !== 'pending') return
    const settings = await loadTenantSettings(ctx.db, delivery.tenant_id)
    const result = (await getResult(ctx.db, delivery.result_id))!
    const registration = (await getRegistration(ctx.db, result.registration_id))!
    if (!settings.resultWebhook) return
    const person = await getPersonByRef(ctx.db, registration.personRef)
    const course = await getCourseDefinition(ctx.db, registration.tenantId, registration.courseDefinitionId)
    const body = JSON.stringify({
      type: 'result.recorded',
      id: delivery.id,
      registration: { id: registration.id, externalId: registration.externalId, personId: person?.person_id, courseCode: course?.code },
      result: resultView(result),
    })
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'coursebridge',
      ...signWebhook({ id: delivery.id, timestamp: Math.floor(Date.now() / 1000), body, secret: ctx.box.open(settings.resultWebhook.secretSealed) }),
    }
    const started = performance.now()
    let httpStatus: number | null = null
    let error: string | null = null
    try {
      const res = await fetch(settings.resultWebhook.url, {
        method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      })
      httpStatus = res.status
      await res.body?.cancel()
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`
    } catch (err) {
      error = (err as Error).message.slice(0, 300)
    }
    const durationMs = Math.round(performance.now() - started)
    if (error === null) {
      await recordDeliveryAttempt(ctx.db, delivery.id, { status: 'delivered', httpStatus, error: null, durationMs })
      return
    }
    const last = job.retryCount >= job.retryLimit
    ctx.metrics.deliveryFailure()
    const fields = { deliveryId: delivery.id, registrationId: registration.id, code: 'RESULT_DELIVERY_FAILED', httpStatus, attempt: job.retryCount + 1 }
    if (last) ctx.log.warn(fields, `result delivery to the training system failed; gave up after ${job.retryCount + 1} attempts`)
    else ctx.log.info(fields, 'result delivery will be retried')
    await recordDeliveryAttempt(ctx.db, delivery.id, { status: last ? 'failed' : 'pending', httpStatus, error, durationMs })
    if (!last) throw new DeliveryError(`delivery ${delivery.id}: ${error}`) // retried with backoff
    await raiseNotification(ctx.db, {
      tenantId: delivery.tenant_id, code: 'RESULT_DELIVERY_FAILED', kind: 'needs-admin', registrationId: registration.id,
      message: `result ${result.id} could not be delivered to ${settings.resultWebhook.url} after ${job.retryCount + 1} attempts: ${error}`,
      dedupeKey: `delivery:${delivery.id}`,
    })
  }
}
