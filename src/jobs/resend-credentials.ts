// "Resend credentials": a new password is set in the LMS and mailed again (after a mail that was given
// up, or a participant who lost it). The old password stops working.
import type { AppContext } from '../services/context.ts'
import type { JobContext } from './queue.ts'
import { LmsError, type CallRecord } from '../lms/lms-adapter.ts'
import { appendSteps, getRegistration, type NewStep } from '../store/registrations.ts'
import { getCourseDefinition } from '../store/course-definitions.ts'
import { getConnectionById } from '../store/connections.ts'
import { addMail, releaseAwaitingMail } from '../store/mails.ts'
import { raiseNotification } from '../store/notifications.ts'
import { generatePassword } from '../domain/password.ts'
import { callStep } from './reconcile-batch.ts'
import { loadTenantSettings } from '../services/tenant-settings.ts'
import { recipientOf } from '../services/mail-flow.ts'

export function createResendCredentialsHandler(ctx: AppContext) {
  return async (data: { registrationId: string }, job: JobContext): Promise<void> => {
    const registration = await getRegistration(ctx.db, data.registrationId)
    // Cancelled after the job was queued: no new password, no welcome for a course the person no longer has.
    if (!registration?.lmsUserId || registration.desired === 'cancelled') return
    const course = (await getCourseDefinition(ctx.db, registration.tenantId, registration.courseDefinitionId))!
    const connection = (await getConnectionById(ctx.db, ctx.box, course.connectionId))!
    const settings = await loadTenantSettings(ctx.db, registration.tenantId)
    const steps: NewStep[] = []
    const record = (c: CallRecord) => steps.push(callStep(c))
    const password = generatePassword({ length: (connection.settings as { passwordLength?: number }).passwordLength })
    // The mail row first (encrypted password), keyed by this job: a retry of the job refreshes the same row.
    const mail = await addMail(ctx.db, {
      tenantId: registration.tenantId, registrationId: registration.id, purpose: `credentials-resend-${job.id}`,
      templateKey: settings.actionTemplates.register.newAccountTemplate, to: await recipientOf(ctx, registration),
      status: 'awaiting-account', passwordEnc: ctx.box.seal(password), loginName: registration.loginName,
    })
    if (!mail) return
    try {
      const adapter = await ctx.adapters.get(connection)
      const [outcome] = await ctx.adapters.recordCalls(record, () =>
        adapter.updateAccounts([{ lmsUserId: registration.lmsUserId!, changes: { password } }]))
      if (outcome && !outcome.ok) throw outcome.error
      steps.push({ step: 'resend-credentials', outcome: 'ok', detail: 'new password set; credentials mail queued' })
      if (await releaseAwaitingMail(ctx.db, mail.id)) await ctx.queue.enqueueSendMail(mail.id)
    } catch (err) {
      const code = err instanceof LmsError ? err.code : 'INTERNAL_ERROR'
      steps.push({ step: 'resend-credentials', outcome: 'error', errorCode: code, detail: (err as Error).message.slice(0, 500) })
      if (err instanceof LmsError && err.kind !== 'retryable') {
        ctx.log.warn({ registrationId: registration.id, connectionId: connection.id, connection: connection.name, code },
          `resend credentials failed: ${code}`)
        await raiseNotification(ctx.db, {
          tenantId: registration.tenantId, code, kind: err.kind, message: `resend credentials: ${err.message}`,
          registrationId: registration.id, connectionId: connection.id, dedupeKey: `resend:${registration.id}:${code}`,
        })
        return
      }
      throw err
    } finally {
      await appendSteps(ctx.db, registration.id, steps)
    }
  }
}
