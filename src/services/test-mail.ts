// "Send a test mail to me": a template rendered with sample data in the institute's house style and sent
// over the configured SMTP server (the transport real mails use) to the administrator who asked. Nothing is
// stored in the outbox and no registration is involved; the sample password is masked as in the preview.
import type { AppContext } from './context.ts'
import { createMailTransport } from '../mail/mail-transport.ts'
import { MailSendError } from '../mail/mail-errors.ts'

export interface RenderedMail {
  subject: string
  html: string
  text: string
}

/** Whether mails leave this process over SMTP (not held, not kept in the outbox only). */
export function smtpConfigured(ctx: Pick<AppContext, 'config'>): boolean {
  const mode = ctx.config.mailMode ?? (ctx.config.smtp ? 'smtp' : 'outbox')
  return mode === 'smtp' && ctx.config.smtp !== undefined
}

/** A test mail that did not go: no SMTP server configured, or the server refused it (code from the mail catalogue). */
export class TestMailError extends Error {
  override readonly name = 'TestMailError'
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

export async function sendTestMail(ctx: AppContext, to: string, rendered: RenderedMail): Promise<{ messageId: string }> {
  if (!smtpConfigured(ctx)) {
    ctx.log.warn({ code: 'MAIL_SMTP_NOT_CONFIGURED' }, 'test mail not sent: no SMTP server configured')
    throw new TestMailError('MAIL_SMTP_NOT_CONFIGURED', 'No SMTP server is configured (SMTP_HOST), so no mail can be sent; set it and restart coursebridge.')
  }
  const transport = createMailTransport(ctx.config.smtp!)
  try {
    const result = await transport.send({ to, subject: `[Test] ${rendered.subject}`, html: rendered.html, text: rendered.text })
    return { messageId: result.messageId }
  } catch (err) {
    if (!(err instanceof MailSendError)) throw err
    ctx.log.warn({ code: err.code }, `test mail not sent: ${err.code}`)
    throw new TestMailError(err.code, `The SMTP server did not take the test mail: ${err.message}`)
  } finally {
    transport.close()
  }
}
