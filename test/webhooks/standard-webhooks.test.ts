import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Webhook } from 'standardwebhooks'
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookSecretKey,
  WebhookSecretError,
  type WebhookVerification,
} from '../../src/webhooks/standard-webhooks.ts'

// The published Standard Webhooks / Svix test vector: proves interoperability, not just self-consistency.
const REF = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

const SECRET = 'whsec_TB9koF0m1qICH1cMt24sZ7zNchbuNee91+EMteRguow='
const OLD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const NOW = 1_735_000_000
const BODY = '{"type":"course.completed","id":"moodle-abc-1-1735000000"}'
const ID = 'moodle-abc-1-1735000000'

const signed = (over: { timestamp?: number; secret?: string | string[]; body?: string } = {}) =>
  signWebhook({ id: ID, timestamp: over.timestamp ?? NOW, body: over.body ?? BODY, secret: over.secret ?? SECRET })

function codeOf(result: WebhookVerification): string {
  return result.ok ? 'ok' : result.code
}

describe('signWebhook', () => {
  it('reproduces the published Standard Webhooks test vector', () => {
    const headers = signWebhook({ id: REF.id, timestamp: REF.timestamp, body: REF.body, secret: REF.secret })
    assert.deepEqual(headers, {
      'webhook-id': REF.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': REF.signature,
    })
  })

  it('signs the same bytes whether the body is a string or a Uint8Array', () => {
    const a = signed()
    const b = signWebhook({ id: ID, timestamp: NOW, body: new TextEncoder().encode(BODY), secret: SECRET })
    assert.equal(a['webhook-signature'], b['webhook-signature'])
  })

  it('puts one space-separated v1 signature per secret in the header during a key rotation', () => {
    const headers = signed({ secret: [SECRET, OLD_SECRET] })
    const parts = headers['webhook-signature'].split(' ')
    assert.equal(parts.length, 2)
    assert.ok(parts.every((p) => /^v1,[A-Za-z0-9+/]{43}=$/.test(p)))
  })

  it('signs what a receiver using the standardwebhooks library itself accepts', () => {
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = signWebhook({ id: ID, timestamp, body: BODY, secret: SECRET })
    assert.deepEqual(new Webhook(SECRET).verify(BODY, headers), JSON.parse(BODY))
    assert.throws(() => new Webhook(OLD_SECRET).verify(BODY, headers), /No matching signature/)
  })

  it('refuses an id with a dot, which the standard forbids', () => {
    assert.throws(() => signWebhook({ id: 'moodle.example', timestamp: NOW, body: BODY, secret: SECRET }), TypeError)
  })
})

describe('webhookSecretKey', () => {
  it('decodes the base64 part of a whsec_ secret', () => {
    assert.equal(webhookSecretKey('whsec_AAECAw==').toString('hex'), '00010203')
  })

  it('uses any other secret as raw UTF-8 bytes and ignores surrounding whitespace', () => {
    assert.equal(webhookSecretKey('  geheim\n').toString('utf8'), 'geheim')
  })

  it('refuses a whsec_ secret that is not base64, or an empty secret', () => {
    assert.throws(() => webhookSecretKey('whsec_not*base64'), WebhookSecretError)
    assert.throws(() => webhookSecretKey('whsec_'), WebhookSecretError)
    assert.throws(() => webhookSecretKey('   '), WebhookSecretError)
  })

  it('generates whsec_ secrets of 32 random bytes', () => {
    const secret = generateWebhookSecret()
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.equal(webhookSecretKey(secret).length, 32)
    assert.notEqual(secret, generateWebhookSecret())
  })
})

describe('verifyWebhook', () => {
  it('accepts the published test vector', () => {
    const result = verifyWebhook({
      headers: { 'webhook-id': REF.id, 'webhook-timestamp': String(REF.timestamp), 'webhook-signature': REF.signature },
      body: REF.body,
      secret: REF.secret,
      now: REF.timestamp,
    })
    assert.deepEqual(result, { ok: true, id: REF.id, timestamp: REF.timestamp })
  })

  it('accepts a body it signed itself, from a plain record, a Headers object and mixed-case names', () => {
    const headers = signed()
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: SECRET, now: NOW })), 'ok')
    assert.equal(codeOf(verifyWebhook({ headers: new Headers({ ...headers }), body: BODY, secret: SECRET, now: NOW })), 'ok')
    const mixed = { 'Webhook-Id': headers['webhook-id'], 'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'], 'Webhook-Signature': headers['webhook-signature'] }
    assert.equal(codeOf(verifyWebhook({ headers: mixed, body: BODY, secret: SECRET, now: NOW })), 'ok')
  })

  it('accepts the raw bytes of the body as well as the string', () => {
    const headers = signed()
    assert.equal(codeOf(verifyWebhook({ headers, body: Buffer.from(BODY), secret: SECRET, now: NOW })), 'ok')
  })

  it('refuses a tampered body, id, timestamp or signature', () => {
    const headers = signed()
    const v = (h: Record<string, string>, body = BODY) => codeOf(verifyWebhook({ headers: h, body, secret: SECRET, now: NOW }))
    assert.equal(v(headers, BODY.replace('1735000000', '1735000001')), 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal(v(headers, `${BODY} `), 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal(v({ ...headers, 'webhook-id': 'moodle-abc-2-1735000000' }), 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal(v({ ...headers, 'webhook-timestamp': String(NOW + 1) }), 'WEBHOOK_SIGNATURE_INVALID')
    const sig = headers['webhook-signature']
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11)
    assert.equal(v({ ...headers, 'webhook-signature': flipped }), 'WEBHOOK_SIGNATURE_INVALID')
    // Node's base64 decoder would ignore a trailing junk character; the comparison is on the text.
    assert.equal(v({ ...headers, 'webhook-signature': `${sig}!` }), 'WEBHOOK_SIGNATURE_INVALID')
  })

  it('refuses a signature made with another secret', () => {
    const headers = signed({ secret: OLD_SECRET })
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: SECRET, now: NOW })), 'WEBHOOK_SIGNATURE_INVALID')
  })

  it('accepts any matching entry of a space-separated list, and ignores other schemes such as v1a', () => {
    const good = signed()['webhook-signature']
    const other = signed({ secret: OLD_SECRET })['webhook-signature']
    const headers = { ...signed(), 'webhook-signature': `v1a,aGVsbG8= ${other} ${good}` }
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: SECRET, now: NOW })), 'ok')
  })

  it('refuses a header that holds only signatures of other schemes', () => {
    const good = signed()['webhook-signature'].slice(3)
    const headers = { ...signed(), 'webhook-signature': `v2,${good} v1a,${good}` }
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: SECRET, now: NOW })), 'WEBHOOK_SIGNATURE_INVALID')
  })

  it('accepts either of two secrets while a key rotation is under way', () => {
    const headers = signed({ secret: OLD_SECRET })
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: [SECRET, OLD_SECRET], now: NOW })), 'ok')
  })

  it('accepts a timestamp within the tolerance on both sides and refuses one outside it', () => {
    const check = (timestamp: number, toleranceSeconds?: number) =>
      codeOf(verifyWebhook({ headers: signed({ timestamp }), body: BODY, secret: SECRET, now: NOW, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) }))
    assert.equal(check(NOW - 300), 'ok')
    assert.equal(check(NOW + 300), 'ok')
    assert.equal(check(NOW - 301), 'WEBHOOK_TIMESTAMP_TOO_OLD')
    assert.equal(check(NOW + 301), 'WEBHOOK_TIMESTAMP_IN_FUTURE')
    assert.equal(check(NOW - 3600, 7200), 'ok')
  })

  it('checks the signature before the clock, so a forged old request is reported as forged', () => {
    const headers = { ...signed({ timestamp: NOW - 3600 }), 'webhook-signature': signed()['webhook-signature'] }
    assert.equal(codeOf(verifyWebhook({ headers, body: BODY, secret: SECRET, now: NOW })), 'WEBHOOK_SIGNATURE_INVALID')
  })

  it('defaults now to the current time', () => {
    const timestamp = Math.floor(Date.now() / 1000)
    assert.equal(codeOf(verifyWebhook({ headers: signed({ timestamp }), body: BODY, secret: SECRET })), 'ok')
  })

  it('reports missing or malformed id and timestamp headers', () => {
    const { 'webhook-id': _id, ...noId } = signed()
    const { 'webhook-timestamp': _ts, ...noTs } = signed()
    const v = (h: Record<string, string>) => codeOf(verifyWebhook({ headers: h, body: BODY, secret: SECRET, now: NOW }))
    assert.equal(v(noId), 'WEBHOOK_HEADERS_MISSING')
    assert.equal(v(noTs), 'WEBHOOK_HEADERS_MISSING')
    assert.equal(v({ ...signed(), 'webhook-id': '' }), 'WEBHOOK_HEADERS_MISSING')
    assert.equal(v({ ...signed(), 'webhook-id': 'moodle.example.org-1' }), 'WEBHOOK_HEADERS_MISSING')
    assert.equal(v({ ...signed(), 'webhook-timestamp': '1735000000.5' }), 'WEBHOOK_HEADERS_MISSING')
    assert.equal(v({ ...signed(), 'webhook-timestamp': '2024-12-24T00:00:00Z' }), 'WEBHOOK_HEADERS_MISSING')
  })

  it('reports a missing or empty signature header', () => {
    const { 'webhook-signature': _sig, ...noSig } = signed()
    assert.equal(codeOf(verifyWebhook({ headers: noSig, body: BODY, secret: SECRET, now: NOW })), 'WEBHOOK_SIGNATURE_MISSING')
    assert.equal(codeOf(verifyWebhook({ headers: { ...noSig, 'webhook-signature': '  ' }, body: BODY, secret: SECRET, now: NOW })), 'WEBHOOK_SIGNATURE_MISSING')
  })

  it('reads a repeated signature header (an array in Node) as one list', () => {
    const headers = signed()
    const other = signed({ secret: OLD_SECRET })['webhook-signature']
    const result = verifyWebhook({ headers: { ...headers, 'webhook-signature': [other, headers['webhook-signature']] }, body: BODY, secret: SECRET, now: NOW })
    assert.equal(codeOf(result), 'ok')
  })

  it('throws, rather than failing the request, when the configured secret itself is unusable', () => {
    assert.throws(() => verifyWebhook({ headers: signed(), body: BODY, secret: 'whsec_***', now: NOW }), WebhookSecretError)
  })
})
