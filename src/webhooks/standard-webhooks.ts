// Standard Webhooks, symmetric scheme "v1" (https://www.standardwebhooks.com), signed by the spec's own
// library `standardwebhooks`: webhook-id (the same on every retry), webhook-timestamp (unix seconds of the
// attempt), webhook-signature ("v1,<base64 HMAC-SHA256 of '<id>.<timestamp>.<body>'>", space-separated).
// Used both ways: the Moodle plugin signs the results it pushes (PHP twin:
// moodle-plugin/local_coursebridge/classes/local/webhook_signer.php, kept byte-compatible by
// test/webhooks/php-signature.test.ts), and coursebridge signs what it sends to the TMS.
//
// Webhook#verify is not used as a whole: its window is fixed at 5 minutes and reads the clock itself
// (ours is WEBHOOK_TOLERANCE_SECONDS), it checks the clock before the signature (we report a TIMESTAMP
// code only for a genuine message), it takes one secret (a key rotation needs two) and it answers with
// message texts, not codes. So each candidate secret signs with Webhook#sign and the headers are compared here.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

const prefix = 'whsec_'
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Why a webhook was refused. Stable codes: they are also notification / API error codes. */
export const webhookFailureCodes = ['WEBHOOK_HEADERS_MISSING', 'WEBHOOK_SIGNATURE_MISSING', 'WEBHOOK_SIGNATURE_INVALID',
  'WEBHOOK_TIMESTAMP_TOO_OLD', 'WEBHOOK_TIMESTAMP_IN_FUTURE'] as const
export type WebhookFailureCode = (typeof webhookFailureCodes)[number]
export type WebhookVerification = { ok: true; id: string; timestamp: number } | { ok: false; code: WebhookFailureCode; message: string }
// A type alias, not an interface, so that it also fits HeaderSource's index signature.
export type WebhookHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string }
/** Node's IncomingHttpHeaders, a plain record, or a fetch Headers object. */
export type HeaderSource = Headers | Record<string, string | readonly string[] | undefined>

/** A secret is wrong in configuration (not a verification failure of one request). */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError'
  readonly code = 'WEBHOOK_SECRET_INVALID'
}

/**
 * The HMAC key of a configured secret: for `whsec_<base64>` the decoded base64 part, for anything else
 * (a "raw" secret) its UTF-8 bytes; surrounding whitespace ignored. Same rule as the PHP signer.
 */
export function webhookSecretKey(secret: string): Buffer {
  const trimmed = secret.trim()
  if (!trimmed.startsWith(prefix)) {
    if (trimmed === '') throw new WebhookSecretError('The webhook secret is empty.')
    return Buffer.from(trimmed, 'utf8')
  }
  const encoded = trimmed.slice(prefix.length)
  // Buffer.from(…, 'base64') silently skips bad characters; check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new WebhookSecretError('The whsec_ secret is not valid base64 or empty.')
  return Buffer.from(encoded, 'base64')
}

/** A new secret in the Standard Webhooks format: whsec_ + 32 random bytes in base64 (the spec asks for 24 to 64). */
export const generateWebhookSecret = () => prefix + randomBytes(32).toString('base64')

const signers = (secret: string | readonly string[]) => {
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (secrets.length === 0) throw new WebhookSecretError('No webhook secret given.')
  // The raw key, decoded by our rule above; the library would take the UTF-8 of a raw secret as Latin-1.
  return secrets.map((s) => new Webhook(webhookSecretKey(s), { format: 'raw' }))
}
/** The library signs a string or a Buffer: the exact bytes received or to be sent. */
const bytes = (body: string | Uint8Array) => (typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength))

/** Signs one delivery attempt; with several secrets (key rotation) the header carries one v1 signature per secret. */
export function signWebhook(input: { id: string; timestamp: number; body: string | Uint8Array; secret: string | readonly string[] }): WebhookHeaders {
  const { id, timestamp, body } = input
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new TypeError('A webhook id may only hold A-Z a-z 0-9 _ - (1 to 200 characters).')
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('A webhook timestamp is whole unix seconds.')
  const signature = signers(input.secret).map((w) => w.sign(id, new Date(timestamp * 1000), bytes(body))).join(' ')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]
  // A repeated header arrives as an array in Node; it stands for a space-separated list.
  return typeof value === 'string' ? value : value?.join(' ')
}

const fail = (code: WebhookFailureCode, message: string): WebhookVerification => ({ ok: false, code, message })

/**
 * Verifies one received webhook, in this order: headers present, signature (constant time, any v1 entry
 * under any accepted secret), then the timestamp window, so a TIMESTAMP code means replay or clock skew,
 * never a forged request. `body` is the raw body exactly as received.
 */
export function verifyWebhook(input: {
  headers: HeaderSource
  body: string | Uint8Array
  secret: string | readonly string[]
  toleranceSeconds?: number
  /** Unix seconds; defaults to the current time. */
  now?: number
}): WebhookVerification {
  const { headers, body, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = input
  const now = input.now ?? Math.floor(Date.now() / 1000)
  const id = header(headers, 'webhook-id')?.trim()
  const ts = header(headers, 'webhook-timestamp')?.trim()
  if (!id || !ts) return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-id and webhook-timestamp headers are required.')
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-id header holds characters outside A-Z a-z 0-9 _ -.')
  if (!/^[0-9]{1,12}$/.test(ts)) return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-timestamp header is not whole unix seconds.')
  const signatureHeader = header(headers, 'webhook-signature')?.trim()
  if (!signatureHeader) return fail('WEBHOOK_SIGNATURE_MISSING', 'The webhook-signature header is missing.')

  const timestamp = Number(ts)
  // Other schemes (v1a = ed25519) may sit beside v1; they are not ours to check.
  const offered = signatureHeader.split(' ').filter((entry) => entry.startsWith('v1,')).map((entry) => Buffer.from(entry))
  let matched = false
  for (const signer of signers(input.secret)) {
    const expected = Buffer.from(signer.sign(id, new Date(timestamp * 1000), bytes(body)))
    // No early exit: every offered signature is compared with every secret's. Lengths are not secret.
    for (const candidate of offered) matched = (candidate.length === expected.length && timingSafeEqual(candidate, expected)) || matched
  }
  if (!matched) return fail('WEBHOOK_SIGNATURE_INVALID', 'No v1 signature matches this body, id and timestamp.')
  if (now - timestamp > toleranceSeconds) {
    return fail('WEBHOOK_TIMESTAMP_TOO_OLD', `The webhook was signed ${now - timestamp} s ago (tolerance ${toleranceSeconds} s).`)
  }
  if (timestamp - now > toleranceSeconds) {
    return fail('WEBHOOK_TIMESTAMP_IN_FUTURE', `The webhook is dated ${timestamp - now} s ahead (tolerance ${toleranceSeconds} s).`)
  }
  return { ok: true, id, timestamp }
}
