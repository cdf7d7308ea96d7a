// Sends one outbox mail. Rendered here, with the password decrypted only for the moment of sending;
// what stays in the outbox is the same mail with the password masked.
import type { AppContext } from '../services/context.ts'
import type { JobContext } from './queue.ts'
import { getMail, recordMailAttempt, recordMailFailed, recordMailSent } from '../store/mails.ts'
import { getRegistration } from '../store/registrations.ts'
import { raiseNotification } from '../store/notifications.ts'
import { buildMailContext, findTemplate } from '../services/mail-flow.ts'
import type { TemplateRenderer } from '../mail/template-renderer.ts'
import type { MailTransport } from '../mail/mail-transport.ts'
import { MailSendError } from '../mail/mail-errors.ts'
import { carriesPassword } from '../mail/template-model.ts'

export const passwordMask = '••••••••'

export interface SendMailDeps extends AppContext {
  renderer: TemplateRenderer
  transport: MailTransport
}

export function createSendMailHandler(deps: SendMailDeps) {
  return async (data: { mailId: string }, job: JobContext): Promise<void> => {
    const mail = await getMail(deps.db, data.mailId)
    if (!mail || mail.status === 'sent' || mail.status === 'outbox' || mail.status === 'failed' || mail.status === 'awaiting-account') return
    const registration = (await getRegistration(deps.db, mail.registration_id))!
    const template = await findTemplate(deps, mail.tenant_id, mail.template_key)
    const fail = async (code: string, message: string) => {
      await recordMailFailed(deps.db, mail.id, code, message)
      await raiseNotification(deps.db, {
        tenantId: mail.tenant_id, code, kind: 'needs-admin', registrationId: mail.registration_id, personRef: registration.personRef,
        message: `${mail.purpose} mail to ${mail.to_address} not sent: ${message}`, dedupeKey: `mail:${mail.id}`,
      })
    }
    if (!template) return fail('MAIL_TEMPLATE_NOT_FOUND', `no document template "${mail.template_key}"`)

    const context = await buildMailContext(deps, registration, mail.login_name ?? registration.loginName ?? '')
    const password = mail.password_enc ? deps.box.open(mail.password_enc) : undefined
    if (carriesPassword(template) && password === undefined) {
      return fail('MAIL_PASSWORD_UNAVAILABLE', 'the password of this mail is no longer kept; use "resend credentials"')
    }
    const real = deps.renderer.renderTemplate(template, { ...context, login: { ...context.login, password } })
    const kept = password === undefined ? real : deps.renderer.renderTemplate(template, { ...context, login: { ...context.login, password: passwordMask } })
    try {
      const result = await deps.transport.send({
        to: mail.to_address, subject: real.subject, html: real.html, text: real.text,
        headers: { 'X-Coursebridge-Registration': mail.registration_id },
        messageId: `<${mail.id}@coursebridge>`,
      })
      await recordMailSent(deps.db, mail.id, {
        status: deps.transport.kind === 'smtp' ? 'sent' : 'outbox', ...kept, messageId: result.messageId,
      })
    } catch (err) {
      if (!(err instanceof MailSendError)) throw err
      if (err.retryable && job.retryCount < job.retryLimit) {
        await recordMailAttempt(deps.db, mail.id, { status: 'retrying', errorCode: err.code, error: err.message })
        throw err // retried by the queue with backoff
      }
      await fail(err.code, err.retryable ? `${err.message} (gave up after ${job.retryCount + 1} attempts)` : err.message)
    }
  }
}
