// The outbox's two actions, shared by the API (POST /api/v1/mails/{id}/send-now and /discard) and the
// Service Center's outbox page: "send now" puts a mail that has not gone out back in the queue at once;
// "discard" makes sure it never goes and erases its password. Each refusal is a 409 with its code, logged
// once here at warn.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { discardMailRow, getTenantMail, requeueMailRow, type MailRow, type MailStatus } from '../store/mails.ts'
import { resolveNotifications } from '../store/notifications.ts'
import { findTemplate } from './mail-flow.ts'
import { carriesPassword } from '../mail/template-model.ts'

/** States "send now" applies to; awaiting-account goes by itself once its account exists. */
export const sendableStatuses = ['queued', 'retrying', 'waiting-smtp', 'failed'] as const satisfies readonly MailStatus[]
/** States "discard" applies to: everything that has not gone out. */
export const discardableStatuses = ['awaiting-account', 'queued', 'retrying', 'waiting-smtp', 'failed'] as const satisfies readonly MailStatus[]

/** Why an action does not apply to a mail in its present state (null when it does). */
function refusalOf(mail: MailRow, action: 'send-now' | 'discard'): ServiceError | null {
  if (mail.status === 'sent' || mail.status === 'outbox') {
    return new ServiceError(409, 'MAIL_ALREADY_SENT', action === 'discard'
      ? 'this mail has gone out already; it cannot be discarded'
      : 'this mail has gone out already; use "resend credentials" on the registration to send login details again')
  }
  if (mail.status === 'discarded') return new ServiceError(409, 'MAIL_DISCARDED', 'this mail was discarded; it is never sent')
  if (action === 'send-now' && mail.status === 'awaiting-account') {
    return new ServiceError(409, 'MAIL_AWAITING_ACCOUNT', 'this mail waits for its LMS account and goes out by itself once the account exists; retry the registration if it is stuck')
  }
  return null
}

function refuse(ctx: AppContext, mail: { id: string; registration_id?: string }, action: string, err: ServiceError): never {
  ctx.log.warn({ mailId: mail.id, registrationId: mail.registration_id, action, code: err.code }, `mail ${action} refused: ${err.code}`)
  throw err
}

async function mailOf(ctx: AppContext, tenantId: string, id: string, action: string): Promise<MailRow> {
  const mail = await getTenantMail(ctx.db, tenantId, id)
  if (!mail) refuse(ctx, { id }, action, new ServiceError(404, 'MAIL_NOT_FOUND', 'no such mail'))
  return mail
}

/** Whether mails wait for an SMTP server instead of going (MAIL_MODE=hold, see app.ts mailModeOf). */
function holdingMails(ctx: AppContext): boolean {
  return (ctx.config.mailMode ?? (ctx.config.smtp ? 'smtp' : 'outbox')) === 'hold'
}

/**
 * Puts the mail back in the queue to be sent at once: a retrying mail's waiting job starts now, a failed
 * or waiting one is queued again (with a fresh set of retries). Refused for a mail that went out, was
 * discarded or waits for its account; while no SMTP server is configured; and for a credentials mail whose
 * password is no longer kept (it failed for good: "resend credentials" sets a new one).
 */
export async function sendMailNow(ctx: AppContext, tenantId: string, id: string): Promise<MailRow> {
  const action = 'send-now'
  const mail = await mailOf(ctx, tenantId, id, action)
  const refusal = refusalOf(mail, action)
  if (refusal) refuse(ctx, mail, action, refusal)
  if (holdingMails(ctx)) {
    refuse(ctx, mail, action, new ServiceError(409, 'MAIL_SMTP_NOT_CONFIGURED',
      'no SMTP server is configured, so the mail would only wait again; set SMTP_HOST and restart coursebridge (the waiting mails go out then)'))
  }
  if (mail.password_enc === null) {
    const template = await findTemplate(ctx, tenantId, mail.template_key)
    if (template && carriesPassword(template)) {
      refuse(ctx, mail, action, new ServiceError(409, 'MAIL_PASSWORD_UNAVAILABLE',
        'the password of this mail is no longer kept; use "resend credentials" on the registration, which sets a new one and mails it'))
    }
  }
  const queued = await requeueMailRow(ctx.db, mail.id, sendableStatuses)
  if (!queued) {
    // It changed state meanwhile (sent, discarded): answer for its state now.
    const now = await mailOf(ctx, tenantId, id, action)
    refuse(ctx, now, action, refusalOf(now, action) ?? new ServiceError(409, 'MAIL_NOT_SENDABLE', `this mail is ${now.status} and cannot be sent now`))
  }
  await ctx.queue.sendMailsNow([mail.id])
  ctx.log.info({ mailId: mail.id, registrationId: mail.registration_id, purpose: mail.purpose, was: mail.status }, 'mail queued to be sent now')
  return queued
}

/**
 * Discards a mail that has not gone out: it is never sent, its (encrypted) password is erased, and the
 * notification its failure raised is resolved. For a credentials mail the participant does not get these
 * login details; "resend credentials" sends new ones later.
 */
export async function discardMail(ctx: AppContext, tenantId: string, id: string, by: string): Promise<MailRow> {
  const action = 'discard'
  const mail = await mailOf(ctx, tenantId, id, action)
  const refusal = refusalOf(mail, action)
  if (refusal) refuse(ctx, mail, action, refusal)
  const discarded = await discardMailRow(ctx.db, mail.id, by, discardableStatuses)
  if (!discarded) {
    const now = await mailOf(ctx, tenantId, id, action)
    refuse(ctx, now, action, refusalOf(now, action) ?? new ServiceError(409, 'MAIL_DISCARDED', 'this mail cannot be discarded'))
  }
  await resolveNotifications(ctx.db, { tenantId, dedupeKey: `mail:${mail.id}` })
  ctx.log.info({ mailId: mail.id, registrationId: mail.registration_id, purpose: mail.purpose, was: mail.status, by }, 'mail discarded')
  return discarded
}
