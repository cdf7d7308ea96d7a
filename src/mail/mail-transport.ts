// Sends a rendered mail over SMTP (nodemailer). The message carries a password, so nothing here logs:
// nodemailer's own logger and debug output (which would print the whole message) are switched off,
// and failures come back as MailSendError with the server's reply but never the body.
import { randomUUID } from 'node:crypto'
import type { Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { z } from 'zod'
import { classifySmtpError } from './mail-errors.ts'
import { sanitiseSubject } from './template-renderer.ts'

export const smtpConfigSchema = z.strictObject({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  /** Implicit TLS from the first byte (usually port 465). */
  secure: z.boolean(),
  /**
   * With secure false: insist on STARTTLS and fail when the server does not offer it. On by default
   * because the mail carries a password; switch off only for a relay on the same host.
   */
  requireTLS: z.boolean().default(true),
  auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  /** Sender, 'address' or 'Name <address>'. */
  from: z.string().trim().min(3).max(320).regex(/@/, 'an e-mail address'),
  replyTo: z.string().trim().min(3).max(320).regex(/@/, 'an e-mail address').optional(),
  /** How long to wait for the TCP connection and for the server's greeting. */
  connectionTimeoutMs: z.number().int().positive().max(300_000).default(10_000),
})
export type SmtpConfig = z.input<typeof smtpConfigSchema>

export interface MailMessage {
  to: string | { name: string; address: string }
  subject: string
  html: string
  text: string
  /** Extra headers (e.g. X-Coursebridge-Registration). Names are tokens; values have no line breaks. */
  headers?: Record<string, string>
  /** A stable Message-ID (e.g. from registration and step), so a resend is recognisable; generated when absent. */
  messageId?: string
}

export interface MailSendResult {
  messageId: string
  /** Recipients the server took; the outbox transport reports the recipient it stored. */
  accepted: string[]
  /** The server's final reply line (or the outbox's note). */
  response: string
}

export interface MailTransport {
  /** 'outbox': nothing leaves this process; the caller keeps the mail in the database outbox. */
  readonly kind: 'smtp' | 'outbox'
  /** Throws MailSendError (code, retryable, kind) when the mail cannot be handed over. */
  send(message: MailMessage): Promise<MailSendResult>
  /** Connects and logs in without sending, for the connection check. Throws MailSendError. */
  verify(): Promise<void>
  close(): void
}

// Headers nodemailer builds from the message fields; setting them by hand would bypass that (Bcc!).
const managedHeaders = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'reply-to', 'sender', 'message-id', 'content-type', 'mime-version', 'content-transfer-encoding'])

function checkHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name) || managedHeaders.has(name.toLowerCase())) {
      throw new RangeError(`mail header name not allowed: ${JSON.stringify(name)}`)
    }
    if (/[\r\n]/.test(value)) throw new RangeError(`mail header ${name} contains a line break`)
  }
}

export function createMailTransport(input: SmtpConfig): MailTransport {
  const config = smtpConfigSchema.parse(input)
  // nodemailer is loaded on the first send or verify, not when the module is: most processes never send
  // over SMTP (MAIL_MODE outbox or hold, the bench, a CLI command), and loading it costs ~3 MB of V8 heap and
  // 3–5 MB resident (README, "The embedded database's memory").
  let transporter: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined
  const connect = () => (transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && config.requireTLS,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    connectionTimeout: config.connectionTimeoutMs,
    greetingTimeout: config.connectionTimeoutMs,
    // Idle limit once connected: a DATA transfer of a 100 KB mail never comes near it.
    socketTimeout: Math.max(config.connectionTimeoutMs, 60_000),
    logger: false,
    debug: false,
    // Rendered HTML must not make the sender read local files or fetch URLs as attachments.
    disableFileAccess: true,
    disableUrlAccess: true,
  })))

  async function failWith(error: unknown): Promise<never> {
    throw classifySmtpError(error) ?? error
  }

  return {
    kind: 'smtp',
    async send(message) {
      if (message.headers) checkHeaders(message.headers)
      const info = await (await connect())
        .sendMail({
          from: config.from,
          ...(config.replyTo ? { replyTo: config.replyTo } : {}),
          to: message.to,
          subject: sanitiseSubject(message.subject),
          text: message.text,
          html: message.html,
          ...(message.headers ? { headers: message.headers } : {}),
          ...(message.messageId ? { messageId: message.messageId } : {}),
        })
        .catch(failWith)
      return { messageId: info.messageId, accepted: info.accepted.map(String), response: info.response }
    },
    async verify() {
      await (await connect()).verify().catch(failWith)
    },
    close() {
      void transporter?.then((t) => t.close(), () => {})
    },
  }
}

/**
 * For installations without SMTP: "sending" succeeds at once with a synthetic Message-ID and the caller
 * keeps the rendered mail in the database outbox, where an administrator can read or forward it.
 */
export function createOutboxTransport(options: { from?: string } = {}): MailTransport {
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from ?? '')?.[1] ?? 'outbox.coursebridge.invalid'
  return {
    kind: 'outbox',
    async send(message) {
      if (message.headers) checkHeaders(message.headers)
      const address = typeof message.to === 'string' ? message.to : message.to.address
      return {
        messageId: message.messageId ?? `<${randomUUID()}@${domain}>`,
        accepted: [address],
        response: 'stored in the outbox: no SMTP server is configured',
      }
    },
    async verify() {},
    close() {},
  }
}
