// The Service Center's "Erase personal data…": a confirmation page that erases nothing, then the erasure.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { TestApp } from '../helpers/test-app.ts'
import { injectUi, startLoggedInApp, type UiSession } from './ui-http.ts'

describe('Service Center: erasing a person', () => {
  let t: TestApp
  let s: UiSession
  before(async () => {
    ;({ t, s } = await startLoggedInApp({ runWorkers: false }))
  })
  after(async () => {
    await t?.stop()
  })

  it('asks first, says the LMS account is left as it is, then erases', async () => {
    const saved = await t.api('POST', '/api/v1/persons', { personId: 'UI-E1', firstName: 'Ulla', lastName: 'Vergeten', email1: 'ulla.vergeten@example.org' })
    assert.ok(saved.status === 200 || saved.status === 201, JSON.stringify(saved.body))
    const confirm = await injectUi(t, { url: '/ui/persons/UI-E1/erase', cookie: s.cookie })
    assert.equal(confirm.statusCode, 200)
    assert.match(confirm.body, /Erase the personal data of Ulla Vergeten\?/)
    assert.match(confirm.body, /The LMS account is left as it is/)
    assert.equal((await t.api('GET', '/api/v1/persons/UI-E1')).status, 200, 'the confirmation page erases nothing')

    const res = await injectUi(t, { method: 'POST', url: '/ui/persons/UI-E1/erase', cookie: s.cookie, form: { _csrf: s.csrf } })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/ui/registrations?done=person-erased')
    assert.equal((await t.api('GET', '/api/v1/persons/UI-E1')).status, 404)
    const { rows } = await t.app.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE data::text ILIKE '%vergeten%'`)
    assert.equal(rows[0]!.n, 0)
  })

  it('refuses the erasure without the form token', async () => {
    await t.api('POST', '/api/v1/persons', { personId: 'UI-E2', firstName: 'Otto', lastName: 'Blijft', email1: 'otto.blijft@example.org' })
    const res = await injectUi(t, { method: 'POST', url: '/ui/persons/UI-E2/erase', cookie: s.cookie, form: {} })
    assert.ok(res.statusCode >= 400, `status ${res.statusCode}`)
    assert.equal((await t.api('GET', '/api/v1/persons/UI-E2')).status, 200)
  })
})
