// API keys through the API: an admin key lists, creates (the key shown in that answer only) and revokes
// keys; a registrations key may not; a revoked key is refused on its next request; no answer and no
// table other than the hash column ever holds a key.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { hashApiKey, keyCheckTtlMs, revokeApiKey } from '../../src/security/api-keys.ts'
import { openPostgresDatabase } from '../../src/store/postgres-database.ts'

describe(`API keys through the API (${testDb})`, () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => {
    await t?.stop()
  })

  const as = (key: string, method: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.http.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(payload ? { payload } : {}) })

  it('creates a scoped key, shown once, that works at once for its scope and no further', async () => {
    const res = await t.api('POST', '/api/v1/keys', { name: 'TMS', scope: 'registrations' })
    assert.equal(res.status, 201)
    assert.match(res.body.key, /^cb_[\w-]{43}$/)
    assert.equal(res.body.scope, 'registrations')
    assert.equal(res.body.prefix, res.body.key.slice(0, 7))
    const key = res.body.key as string
    assert.equal((await as(key, 'GET', '/api/v1/registrations')).statusCode, 200)
    for (const [method, url] of [['GET', '/api/v1/connections'], ['GET', '/api/v1/settings'], ['GET', '/api/v1/templates'], ['GET', '/api/v1/keys'], ['POST', '/api/v1/keys']]) {
      const refused = await as(key, method!, url!, method === 'POST' ? { name: 'x', scope: 'admin' } : undefined)
      assert.equal(refused.statusCode, 403, `${method} ${url}`)
      assert.equal(refused.json().error.code, 'API_KEY_SCOPE')
    }

    const list = await t.api('GET', '/api/v1/keys')
    assert.equal(list.status, 200)
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id)
    assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scope'])
    assert.ok(listed.lastUsedAt, 'last use recorded')
    assert.ok(!JSON.stringify(list.body).includes(key) && !JSON.stringify(list.body).includes(hashApiKey(key)), 'no key and no hash in the list')
  })

  it('refuses an unknown scope and a missing name', async () => {
    assert.equal((await t.api('POST', '/api/v1/keys', { name: 'x', scope: 'root' })).status, 400)
    assert.equal((await t.api('POST', '/api/v1/keys', { scope: 'admin' })).status, 400)
  })

  it('revokes a key: refused on its next request, still listed with the time', async () => {
    const { body: created } = await t.api('POST', '/api/v1/keys', { name: 'leaving', scope: 'admin' })
    assert.equal((await as(created.key, 'GET', '/api/v1/keys')).statusCode, 200)
    const revoked = await t.api('DELETE', `/api/v1/keys/${created.id}`)
    assert.equal(revoked.status, 200)
    assert.ok(revoked.body.revokedAt)
    const next = await as(created.key, 'GET', '/api/v1/keys')
    assert.equal(next.statusCode, 401)
    assert.equal(next.json().error.code, 'UNAUTHENTICATED')
    const again = await t.api('DELETE', `/api/v1/keys/${created.id}`)
    assert.equal(again.body.revokedAt, revoked.body.revokedAt, 'revoking twice keeps the first time')
    const missing = await t.api('DELETE', '/api/v1/keys/no-such-key')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'API_KEY_NOT_FOUND')
  })

  it('never stores a new key for an Idempotency-Key replay', async () => {
    const res = await t.api('POST', '/api/v1/keys', { name: 'replayed', scope: 'metrics' }, { 'idempotency-key': 'key-create-1' })
    assert.equal(res.status, 201)
    const { rows } = await t.app.ctx.db.query<{ body: unknown }>('SELECT body FROM idempotency_keys')
    assert.ok(!JSON.stringify(rows).includes(res.body.key), 'the key is not in idempotency_keys')
    const second = await t.api('POST', '/api/v1/keys', { name: 'replayed', scope: 'metrics' }, { 'idempotency-key': 'key-create-1' })
    assert.equal(second.body.id, res.body.id, 'a repeat answers for the first key, and makes none')
    assert.equal(second.body.key, undefined, 'without showing the key again')
    assert.equal(second.body.secretNotRepeated, true)
  })

  it('refuses a key revoked by another process (another connection to the database) within the check time', { skip: testDb !== 'postgres' && 'one process only on the embedded database' }, async () => {
    const { body: created } = await t.api('POST', '/api/v1/keys', { name: 'revoked elsewhere', scope: 'registrations' })
    // Checked once, so this process now takes it as known for a while.
    assert.equal((await as(created.key, 'GET', '/api/v1/registrations')).statusCode, 200)
    const other = await openPostgresDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', t.schema, 1)
    try {
      assert.ok(await revokeApiKey(other, 'default', created.id))
    } finally {
      await other.close()
    }
    const revokedAt = Date.now()
    for (;;) {
      const res = await as(created.key, 'GET', '/api/v1/registrations')
      if (res.statusCode === 401) break
      assert.equal(res.statusCode, 200)
      assert.ok(Date.now() - revokedAt < keyCheckTtlMs + 1000, `still accepted ${Date.now() - revokedAt} ms after the revocation`)
      await new Promise((r) => setTimeout(r, 50))
    }
    assert.ok(Date.now() - revokedAt <= keyCheckTtlMs + 1000)
  })

  it('refuses a key revoked in this process on its next request, also while other requests with it are under way', async () => {
    const { body: created } = await t.api('POST', '/api/v1/keys', { name: 'busy', scope: 'registrations' })
    const burst = () => Promise.all(Array.from({ length: 20 }, () => as(created.key, 'GET', '/api/v1/registrations')))
    assert.deepEqual(new Set((await burst()).map((r) => r.statusCode)), new Set([200]))
    const during = burst()
    assert.equal((await t.api('DELETE', `/api/v1/keys/${created.id}`)).status, 200)
    await during
    assert.deepEqual(new Set((await burst()).map((r) => r.statusCode)), new Set([401]))
  })
})
