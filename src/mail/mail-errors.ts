// SMTP failures as data: a stable code (also the notification code), whether a retry can help, and a
// catalogue entry that tells a training administrator what happened and what to do. Only this file
// reads nodemailer's error fields; everything else sees MailSendError.
import type { ErrorKind } from '../lms/lms-adapter.ts'

export const mailErrorCodes = [
  'MAIL_SMTP_UNREACHABLE',
  'MAIL_SMTP_TEMPORARY',
  'MAIL_SMTP_REJECTED',
  'MAIL_SMTP_AUTH_FAILED',
] as const
export type MailErrorCode = (typeof mailErrorCodes)[number]

export interface MailErrorDetails {
  /** SMTP reply code, e.g. 451 or 550. */
  responseCode?: number
  /** The SMTP command the server answered, e.g. 'RCPT TO'. */
  command?: string
  /** The server's reply line, cut to 300 characters. Servers do not echo the message body. */
  response?: string
  /** nodemailer's code (ECONNECTION, ETIMEDOUT, EAUTH, …) and the socket's own (ECONNREFUSED, …). */
  transportCode?: string
  socketCode?: string
}

export class MailSendError extends Error {
  override readonly name = 'MailSendError'
  readonly retryable: boolean
  constructor(
    readonly code: MailErrorCode,
    /** retryable: try again with backoff; permanent: this mail cannot go; needs-admin: the SMTP set-up is wrong. */
    readonly kind: ErrorKind,
    message: string,
    readonly details: MailErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.retryable = kind === 'retryable'
  }
}

export interface MailErrorExplanation {
  title: string
  cause: string
  fix: string
}

export const mailErrorCatalogue: Record<MailErrorCode, MailErrorExplanation> = {
  MAIL_SMTP_UNREACHABLE: {
    title: 'Mail server not reachable',
    cause:
      'coursebridge could not open a connection to the SMTP server: it refused the connection, did not answer in time, ' +
      'the host name did not resolve, or the TLS handshake failed.',
    fix:
      'Check host and port of the SMTP settings (587 with STARTTLS, 465 with implicit TLS/"secure") and that this ' +
      'server may connect to it (firewall). The mail is retried automatically.',
  },
  MAIL_SMTP_TEMPORARY: {
    title: 'Mail server asked to try again later',
    cause:
      'The SMTP server answered with a temporary error (4xx, e.g. 451 "try again later", 421 "too many connections", ' +
      '452 "mailbox full") — greylisting and rate limits look like this.',
    fix: 'Nothing to do: the mail is retried automatically. If it keeps failing, ask the mail server administrator about rate limits.',
  },
  MAIL_SMTP_REJECTED: {
    title: 'Mail refused by the mail server',
    cause:
      'The SMTP server refused this mail for good (5xx), e.g. 550 mailbox unavailable or 553 address not allowed. ' +
      'A refusal of the sender address means the server does not let coursebridge send as that address.',
    fix:
      'Check the participant’s e-mail address in the training administration, then send the mail again. If the sender ' +
      'was refused, set a "from" address the SMTP server allows (or allow relaying for coursebridge).',
  },
  MAIL_SMTP_AUTH_FAILED: {
    title: 'Mail server login failed',
    cause: 'The SMTP server did not accept the user name and password of the SMTP settings, or requires a login that is not configured.',
    fix: 'Correct the SMTP user and password in the settings (some providers need an app password), then retry the mail.',
  },
}

/** The fields nodemailer (and Node's socket errors) put on an error; structural so no vendor type leaks. */
interface TransportFailure {
  message?: unknown
  code?: unknown
  responseCode?: unknown
  command?: unknown
  response?: unknown
  originalCode?: unknown
  errno?: unknown
}

const unreachableCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY'])
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])
// 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required for auth.
const authReplyCodes = new Set([530, 534, 535, 538])

/**
 * Turns what nodemailer threw into a MailSendError, or null for an error that carries neither an SMTP
 * reply nor a transport code (a TypeError from our own code): that is a bug, not a mail failure.
 */
export function classifySmtpError(error: unknown): MailSendError | null {
  if (error instanceof MailSendError) return error
  if (typeof error !== 'object' || error === null) return null
  const failure = error as TransportFailure
  const code = typeof failure.code === 'string' ? failure.code : undefined
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined
  const socketCode = typeof failure.originalCode === 'string' ? failure.originalCode : socketCodes.has(code ?? '') ? code : undefined
  const details: MailErrorDetails = {
    ...(responseCode !== undefined ? { responseCode } : {}),
    ...(typeof failure.command === 'string' ? { command: failure.command } : {}),
    ...(typeof failure.response === 'string' ? { response: failure.response.slice(0, 300) } : {}),
    ...(code !== undefined ? { transportCode: code } : {}),
    ...(socketCode !== undefined && socketCode !== code ? { socketCode } : {}),
  }
  const reply = responseCode !== undefined ? ` (${details.response ?? responseCode}${details.command ? ` at ${details.command}` : ''})` : ''
  const make = (mailCode: MailErrorCode, kind: ErrorKind, message: string) =>
    new MailSendError(mailCode, kind, message + reply, details, { cause: error })

  // A failed STARTTLS carries the server's reply (e.g. 500 when it does not know the command), but
  // it is about the connection set-up, not about this mail: retry, and the catalogue points at TLS.
  if (code === 'ETLS') return make('MAIL_SMTP_UNREACHABLE', 'retryable', 'TLS with the SMTP server failed')
  if (responseCode !== undefined) {
    if (authReplyCodes.has(responseCode) || (code === 'EAUTH' && responseCode >= 500)) {
      return make('MAIL_SMTP_AUTH_FAILED', 'needs-admin', 'SMTP login failed')
    }
    // RFC 5321: 4yz is transient, 5yz permanent. 503 (bad sequence of commands) is a session-state
    // error, not a refusal of the message, so a new connection can succeed (nodemailer agrees:
    // isPermanentResponseCode in nodemailer's errors.js).
    if ((responseCode >= 400 && responseCode < 500) || responseCode === 503) {
      return make('MAIL_SMTP_TEMPORARY', 'retryable', 'SMTP server refused the mail for now')
    }
    if (responseCode >= 500 && responseCode < 600) {
      // A refused sender refuses every mail: that is the set-up, not this participant.
      const kind: ErrorKind = details.command === 'MAIL FROM' ? 'needs-admin' : 'permanent'
      return make('MAIL_SMTP_REJECTED', kind, 'SMTP server refused the mail')
    }
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') return make('MAIL_SMTP_AUTH_FAILED', 'needs-admin', 'SMTP login failed')
  if ((code !== undefined && unreachableCodes.has(code)) || socketCode !== undefined) {
    return make('MAIL_SMTP_UNREACHABLE', 'retryable', `SMTP server not reachable (${socketCode ?? code})`)
  }
  // No reply code: nodemailer refused the envelope itself (no or malformed recipient address).
  if (code === 'EENVELOPE') return make('MAIL_SMTP_REJECTED', 'permanent', 'mail has no valid recipient address')
  // Any other nodemailer code (EPROTOCOL: a garbled server reply, EMESSAGE, ESTREAM, …): a new attempt
  // can succeed, and the retry limit still ends it; the code stays in details for the notification.
  if (code !== undefined && /^E[A-Z0-9]+$/.test(code)) {
    return make('MAIL_SMTP_TEMPORARY', 'retryable', `SMTP transfer failed (${code})`)
  }
  return null
}
