// Secrets are kept like credentials: the result-webhook signing secret is stored sealed and never answered
// again after it was shown; an Idempotency-Key record never holds a secret and expires.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { sealStoredWebhookSecrets, loadTenantSettings } from '../../src/services/tenant-settings.ts'
import { runMaintenance } from '../../src/jobs/maintenance.ts'

describe(`secrets at rest (${testDb})`, () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => t?.stop())

  const storedSettings = async () => JSON.stringify((await t.app.ctx.db.query('SELECT settings FROM tenants')).rows)
  const idempotencyRecords = async () => JSON.stringify((await t.app.ctx.db.query('SELECT * FROM idempotency_keys')).rows)

  it('stores a result-webhook secret sealed and answers only that one is set', async () => {
    const secret = 'tms-shared-secret-0123456789'
    const settings = (await t.api('GET', '/api/v1/settings')).body
    const put = await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: 'https://tms.example.org/hook', secret } })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.deepEqual(put.body.resultWebhook, { url: 'https://tms.example.org/hook', secretSet: true })
    const got = await t.api('GET', '/api/v1/settings')
    assert.deepEqual(got.body.resultWebhook, { url: 'https://tms.example.org/hook', secretSet: true })
    assert.ok(!(await storedSettings()).includes(secret), 'the secret is stored in clear')
    const loaded = await loadTenantSettings(t.app.ctx.db, 'default')
    assert.equal(t.app.ctx.box.open(loaded.resultWebhook!.secretSealed), secret)

    // The GET answer sent back unchanged keeps the secret; a new URL alone too.
    const again = await t.api('PUT', '/api/v1/settings', { ...got.body, resultWebhook: { ...got.body.resultWebhook, url: 'https://tms.example.org/hook2' } })
    assert.equal(again.status, 200, JSON.stringify(again.body))
    const kept = await loadTenantSettings(t.app.ctx.db, 'default')
    assert.equal(t.app.ctx.box.open(kept.resultWebhook!.secretSealed), secret)
  })

  it('generates a secret when none is set and shows it once', async () => {
    const settings = (await t.api('GET', '/api/v1/settings')).body
    await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: null })
    const put = await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: 'https://tms.example.org/hook' } })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.match(put.body.resultWebhook.secret, /^whsec_/)
    const shown = put.body.resultWebhook.secret as string
    assert.ok(!JSON.stringify((await t.api('GET', '/api/v1/settings')).body).includes(shown))
    assert.ok(!(await storedSettings()).includes(shown))
  })

  it('answers an Idempotency-Key repeat of a new webhook secret without the secret, and never stores it', async () => {
    const first = await t.api('POST', '/api/v1/settings/result-webhook/secret', undefined, { 'idempotency-key': 'rotate-1' })
    assert.equal(first.status, 201, JSON.stringify(first.body))
    assert.match(first.body.secret, /^whsec_/)
    const repeat = await t.api('POST', '/api/v1/settings/result-webhook/secret', undefined, { 'idempotency-key': 'rotate-1' })
    assert.equal(repeat.status, 201)
    assert.deepEqual(repeat.body, { secretNotRepeated: true })
    const loaded = await loadTenantSettings(t.app.ctx.db, 'default')
    assert.equal(t.app.ctx.box.open(loaded.resultWebhook!.secretSealed), first.body.secret, 'the repeat did not make another secret')

    const c = await t.api('POST', '/api/v1/connections', { name: 'm1', type: 'moodle', baseUrl: 'https://moodle.example.org', credentials: { token: 'a'.repeat(32) } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const ws = await t.api('POST', `/api/v1/connections/${c.body.id}/webhook-secret`, undefined, { 'idempotency-key': 'ws-1' })
    const wsRepeat = await t.api('POST', `/api/v1/connections/${c.body.id}/webhook-secret`, undefined, { 'idempotency-key': 'ws-1' })
    assert.equal(wsRepeat.status, 201)
    assert.equal(wsRepeat.body.secret, undefined)
    assert.equal(wsRepeat.body.path, ws.body.path)
    const records = await idempotencyRecords()
    for (const s of [first.body.secret, ws.body.secret]) assert.ok(!records.includes(s), 'a secret is in idempotency_keys')
    assert.match(records, /secretNotRepeated/)
  })

  it('replays for 24 hours only; the maintenance job deletes older records', async () => {
    const body = { personId: 'idem-1', firstName: 'A', lastName: 'B', email1: 'a@example.org' }
    const first = await t.api('POST', '/api/v1/persons', body, { 'idempotency-key': 'old-1' })
    assert.ok(first.status < 300, JSON.stringify(first.body))
    await t.app.ctx.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-1'")
    const later = await t.api('POST', '/api/v1/persons', body, { 'idempotency-key': 'old-1' })
    assert.equal(later.status < 300, true)
    // The repeat ran again and stored its own answer in place of the expired one.
    const { rows } = await t.app.ctx.db.query<{ age: boolean }>("SELECT created_at > now() - interval '1 hour' AS age FROM idempotency_keys WHERE key = 'old-1'")
    assert.equal(rows[0]!.age, true)
    await t.app.ctx.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-1'")
    await runMaintenance(t.app.ctx)
    const left = await t.app.ctx.db.query("SELECT key FROM idempotency_keys WHERE key = 'old-1'")
    assert.equal(left.rows.length, 0)
  })

  it('seals a webhook secret stored in clear by an earlier version', async () => {
    const clear = 'legacy-clear-secret-0123456789'
    await t.app.ctx.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{resultWebhook}', $1::jsonb) WHERE id = 'default'`,
      [JSON.stringify({ url: 'https://tms.example.org/old', secret: clear })])
    assert.equal(await sealStoredWebhookSecrets(t.app.ctx.db, t.app.ctx.box), 1)
    assert.ok(!(await storedSettings()).includes(clear))
    const loaded = await loadTenantSettings(t.app.ctx.db, 'default')
    assert.equal(t.app.ctx.box.open(loaded.resultWebhook!.secretSealed), clear)
    assert.equal(await sealStoredWebhookSecrets(t.app.ctx.db, t.app.ctx.box), 0)
  })
})
