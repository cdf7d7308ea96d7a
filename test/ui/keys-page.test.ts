// The Service Center's API keys page over HTTP: list with scope and last use, a new key shown once,
// revoking after a confirmation page, and the key refused by the API right after.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { TestApp } from '../helpers/test-app.ts'
import { injectUi, startLoggedInApp, type UiSession } from './ui-http.ts'

describe('Service Center: API keys page', () => {
  let t: TestApp
  let s: UiSession
  before(async () => {
    ;({ t, s } = await startLoggedInApp())
  })
  after(async () => {
    await t?.stop()
  })

  it('lists the keys with scope and last use, never a key', async () => {
    await t.api('GET', '/api/v1/persons') // the test key is used once
    const page = await injectUi(t, { url: '/ui/keys', cookie: s.cookie })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<td>test<\/td><td>admin<\/td><td><code>cb_.{4}…<\/code><\/td>/)
    assert.doesNotMatch(page.body, /Last used<\/th>[\s\S]*<td>never<\/td>[\s\S]*<\/tbody>/, 'the used key shows its last use')
    assert.ok(!page.body.includes(t.key), 'the page does not show the key')
  })

  it('creates a key and shows it once; the list afterwards does not', async () => {
    const res = await injectUi(t, { method: 'POST', url: '/ui/keys', cookie: s.cookie, form: { _csrf: s.csrf, name: 'Training system', scope: 'registrations' } })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.headers['cache-control'], 'no-store')
    const key = /data-new-key>(cb_[\w-]{43})</.exec(res.body)?.[1]
    assert.ok(key, 'the new key is on the page')
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/api/v1/registrations', headers: { authorization: `Bearer ${key}` } })).statusCode, 200)
    const again = await injectUi(t, { url: '/ui/keys', cookie: s.cookie })
    assert.ok(!again.body.includes(key!), 'shown only once')
    assert.match(again.body, /<td>Training system<\/td><td>registrations<\/td>/)
  })

  it('refuses a nameless key with the field marked', async () => {
    const res = await injectUi(t, { method: 'POST', url: '/ui/keys', cookie: s.cookie, form: { _csrf: s.csrf, name: ' ', scope: 'admin' } })
    assert.equal(res.statusCode, 422)
    assert.match(res.body, /aria-invalid="true"/)
  })

  it('revokes a key after a confirmation page; the API refuses it at once', async () => {
    const { body: created } = await t.api('POST', '/api/v1/keys', { name: 'Old TMS', scope: 'registrations' })
    const confirm = await injectUi(t, { url: `/ui/keys/${created.id}/revoke`, cookie: s.cookie })
    assert.equal(confirm.statusCode, 200)
    assert.match(confirm.body, /Revoke the key “Old TMS”\?/)
    assert.match(confirm.body, /<form method="post" action="\/ui\/keys\/[^"]+\/revoke"/)
    const stillWorks = await t.app.http.inject({ method: 'GET', url: '/api/v1/persons', headers: { authorization: `Bearer ${created.key}` } })
    assert.equal(stillWorks.statusCode, 200, 'the confirmation page revokes nothing')

    const res = await injectUi(t, { method: 'POST', url: `/ui/keys/${created.id}/revoke`, cookie: s.cookie, form: { _csrf: s.csrf } })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/ui/keys?done=key-revoked')
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/api/v1/persons', headers: { authorization: `Bearer ${created.key}` } })).statusCode, 401)
    assert.match((await injectUi(t, { url: '/ui/keys?done=key-revoked', cookie: s.cookie })).body, /API key revoked/)
  })

  it('refuses to revoke without the session\'s CSRF token', async () => {
    const { body: created } = await t.api('POST', '/api/v1/keys', { name: 'Kept', scope: 'metrics' })
    const res = await injectUi(t, { method: 'POST', url: `/ui/keys/${created.id}/revoke`, cookie: s.cookie, form: {} })
    assert.equal(res.statusCode, 403)
    assert.equal((await t.api('GET', '/api/v1/keys')).body.items.find((k: { id: string }) => k.id === created.id).revokedAt, null)
  })
})
