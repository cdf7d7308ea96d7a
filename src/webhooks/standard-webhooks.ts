// Standard Webhooks, symmetric scheme "v1" (https://www.standardwebhooks.com, spec 1.0.0):
//   webhook-id         unique per event, the same on every retry (the idempotency key); no '.' allowed
//   webhook-timestamp  unix seconds of this attempt (new on every retry)
//   webhook-signature  space-separated list of "v1,<base64 HMAC-SHA256 of '<id>.<timestamp>.<body>'>"
// Used both ways: the Moodle plugin signs the results it pushes (PHP twin:
// moodle-plugin/local_coursebridge/classes/local/webhook_signer.php, kept byte-compatible by
// test/webhooks/php-signature.test.ts), and coursebridge signs what it sends to the TMS.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const WEBHOOK_SECRET_PREFIX = 'whsec_'
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Why a webhook was refused. Stable codes: they are also notification / API error codes. */
export const webhookFailureCodes = [
  /** webhook-id or webhook-timestamp is absent, empty or malformed (id with '.', timestamp not an integer). */
  'WEBHOOK_HEADERS_MISSING',
  /** webhook-signature is absent or empty. */
  'WEBHOOK_SIGNATURE_MISSING',
  /** No v1 signature in the header matches body, id and timestamp under any accepted secret. */
  'WEBHOOK_SIGNATURE_INVALID',
  /** Correctly signed, but the timestamp is older than the tolerance (replay, or the sender's clock is slow). */
  'WEBHOOK_TIMESTAMP_TOO_OLD',
  /** Correctly signed, but the timestamp is ahead by more than the tolerance (the sender's clock is fast). */
  'WEBHOOK_TIMESTAMP_IN_FUTURE',
] as const
export type WebhookFailureCode = (typeof webhookFailureCodes)[number]

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; code: WebhookFailureCode; message: string }

// A type alias, not an interface, so that it also fits HeaderSource's index signature.
export type WebhookHeaders = {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** Node's IncomingHttpHeaders, a plain record, or a fetch Headers object. */
export type HeaderSource = Headers | Record<string, string | readonly string[] | undefined>

/** A secret is wrong in configuration (not a verification failure of one request). */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError'
  readonly code = 'WEBHOOK_SECRET_INVALID'
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The HMAC key of a configured secret.
 * - `whsec_<base64>` (the Standard Webhooks format): the base64 part decoded is the key.
 * - anything else: the secret's UTF-8 bytes are the key (a "raw" secret).
 * Surrounding whitespace is ignored in both cases. Same rule as the PHP signer.
 */
export function webhookSecretKey(secret: string): Buffer {
  const trimmed = secret.trim()
  if (trimmed.startsWith(WEBHOOK_SECRET_PREFIX)) {
    const encoded = trimmed.slice(WEBHOOK_SECRET_PREFIX.length)
    // Buffer.from(…, 'base64') silently skips bad characters; check the alphabet first.
    if (!BASE64_PATTERN.test(encoded)) throw new WebhookSecretError('The whsec_ secret is not valid base64.')
    const key = Buffer.from(encoded, 'base64')
    if (key.length === 0) throw new WebhookSecretError('The whsec_ secret is empty.')
    return key
  }
  if (trimmed === '') throw new WebhookSecretError('The webhook secret is empty.')
  return Buffer.from(trimmed, 'utf8')
}

/** A new secret in the Standard Webhooks format: whsec_ + 32 random bytes in base64 (the spec asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64')
}

function signatureOf(key: Buffer, id: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')
}

/**
 * Signs one delivery attempt. `secret` may be a list (key rotation): the header then carries one
 * v1 signature per secret, space-separated, and a receiver that knows any of them accepts it.
 */
export function signWebhook(input: {
  id: string
  /** Unix seconds of this attempt. */
  timestamp: number
  /** The exact bytes that will be sent. */
  body: string | Uint8Array
  secret: string | readonly string[]
}): WebhookHeaders {
  const { id, timestamp, body } = input
  if (!ID_PATTERN.test(id)) throw new TypeError('A webhook id may only hold A-Z a-z 0-9 _ - (1 to 200 characters).')
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('A webhook timestamp is whole unix seconds.')
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret
  if (secrets.length === 0) throw new WebhookSecretError('No webhook secret given.')
  const ts = String(timestamp)
  return {
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': secrets.map((s) => `v1,${signatureOf(webhookSecretKey(s), id, ts, body)}`).join(' '),
  }
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue
    // A repeated header arrives as an array in Node; treat it as the space-separated list it stands for.
    return typeof value === 'string' ? value : value?.join(' ')
  }
  return undefined
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  // Lengths are not secret (every valid v1 signature is 44 characters); the contents are.
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Verifies one received webhook. Checks, in this order: headers present, signature (constant time,
 * any v1 entry under any accepted secret), then the timestamp window. The signature comes before the
 * clock so that a TIMESTAMP code always concerns a genuine message: it then means replay or clock skew,
 * never a forged request.
 */
export function verifyWebhook(input: {
  headers: HeaderSource
  /** The raw body bytes exactly as received; never a re-serialised JSON object. */
  body: string | Uint8Array
  /** One secret, or several during a key rotation. */
  secret: string | readonly string[]
  toleranceSeconds?: number
  /** Unix seconds; defaults to the current time. */
  now?: number
}): WebhookVerification {
  const { headers, body, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = input
  const now = input.now ?? Math.floor(Date.now() / 1000)

  const id = header(headers, 'webhook-id')?.trim()
  const ts = header(headers, 'webhook-timestamp')?.trim()
  if (!id || !ts) {
    return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-id and webhook-timestamp headers are required.')
  }
  if (!ID_PATTERN.test(id)) {
    return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-id header holds characters outside A-Z a-z 0-9 _ -.')
  }
  if (!TIMESTAMP_PATTERN.test(ts)) {
    return fail('WEBHOOK_HEADERS_MISSING', 'The webhook-timestamp header is not whole unix seconds.')
  }
  const signatureHeader = header(headers, 'webhook-signature')?.trim()
  if (!signatureHeader) return fail('WEBHOOK_SIGNATURE_MISSING', 'The webhook-signature header is missing.')

  const offered = signatureHeader.split(' ').flatMap((entry) => {
    const comma = entry.indexOf(',')
    // Other schemes (v1a = ed25519) may sit beside v1; they are not ours to check.
    return comma > 0 && entry.slice(0, comma) === 'v1' ? [entry.slice(comma + 1)] : []
  })
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret
  if (secrets.length === 0) throw new WebhookSecretError('No webhook secret given.')
  let matched = false
  for (const secret of secrets) {
    const expected = signatureOf(webhookSecretKey(secret), id, ts, body)
    // No early exit: every offered signature is compared against every secret.
    for (const candidate of offered) matched = constantTimeEqual(candidate, expected) || matched
  }
  if (!matched) {
    return fail('WEBHOOK_SIGNATURE_INVALID', 'No v1 signature matches this body, id and timestamp.')
  }

  const timestamp = Number(ts)
  if (now - timestamp > toleranceSeconds) {
    return fail('WEBHOOK_TIMESTAMP_TOO_OLD', `The webhook was signed ${now - timestamp} s ago (tolerance ${toleranceSeconds} s).`)
  }
  if (timestamp - now > toleranceSeconds) {
    return fail('WEBHOOK_TIMESTAMP_IN_FUTURE', `The webhook is dated ${timestamp - now} s ahead (tolerance ${toleranceSeconds} s).`)
  }
  return { ok: true, id, timestamp }
}

function fail(code: WebhookFailureCode, message: string): WebhookVerification {
  return { ok: false, code, message }
}
