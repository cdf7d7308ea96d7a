// The TMS-facing API: authentication, validation with field-level messages, the OpenAPI document,
// health, and the sandbox connection of the quick start.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { createApiKey } from '../../src/security/api-keys.ts'

describe(`REST API (${testDb})`, () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
    assert.equal(await ensureSandbox(t.app.ctx), true, 'a first start adds the sandbox')
    assert.equal(await ensureSandbox(t.app.ctx), false, 'and only once')
  })
  after(async () => t?.stop())

  it('refuses requests without a valid API key', async () => {
    const none = await t.app.http.inject({ method: 'GET', url: '/api/v1/persons' })
    assert.equal(none.statusCode, 401)
    assert.equal(JSON.parse(none.body).error.code, 'UNAUTHENTICATED')
    const wrong = await t.app.http.inject({ method: 'GET', url: '/api/v1/persons', headers: { authorization: 'Bearer cb_nope' } })
    assert.equal(wrong.statusCode, 401)
  })

  it('answers bad input with 400 and a message per field, and stores nothing', async () => {
    const res = await t.api('POST', '/api/v1/persons', { personId: '', lastName: 5, email1: 'x'.repeat(300), shoeSize: 44 })
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'INVALID_INPUT')
    const paths = res.body.error.details.map((d: { path: string }) => d.path)
    for (const p of ['personId', 'lastName', 'email1']) assert.ok(paths.includes(p), `${p} in ${paths}`)
    assert.ok(res.body.error.details.some((d: { message: string }) => /shoeSize/.test(d.message)))
    assert.equal((await t.api('GET', '/api/v1/persons')).body.items.length, 0)
  })

  it('refuses malformed JSON with a clear 400', async () => {
    const res = await t.app.http.inject({
      method: 'POST', url: '/api/v1/persons', payload: '{"personId": ',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    })
    assert.equal(res.statusCode, 400)
    assert.equal(JSON.parse(res.body).error.code, 'INVALID_REQUEST')
  })

  it('refuses a registration for an unknown course or person with 422 naming the field', async () => {
    const course = await t.api('POST', '/api/v1/registrations', { personId: 'nobody', courseCode: 'NOPE' })
    assert.equal(course.status, 422)
    assert.equal(course.body.error.details[0].path, 'courseCode')
  })

  it('never returns LMS credentials', async () => {
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'real', type: 'moodle', baseUrl: 'https://moodle.example.org', credentials: { token: 'secret-token-value' },
    })
    assert.equal(c.status, 201)
    assert.equal(c.body.credentials.token, 'set')
    const list = await t.api('GET', '/api/v1/connections')
    assert.ok(!JSON.stringify(list.body).includes('secret-token-value'))
    const { rows } = await t.app.ctx.db.query<{ credentials_enc: string }>('SELECT credentials_enc FROM connections')
    assert.ok(rows.every((r) => !r.credentials_enc.includes('secret-token-value')), 'encrypted at rest')
  })

  it('requires the token for a Moodle connection', async () => {
    const c = await t.api('POST', '/api/v1/connections', { name: 'x', type: 'moodle', baseUrl: 'https://m.example.org' })
    assert.equal(c.status, 400)
    assert.equal(c.body.error.details[0].path, 'credentials.token')
  })

  it('creates a Service Center administrator through the API, refusing a short password and a repeat', async () => {
    const weak = await t.api('POST', '/api/v1/admin-users', { email: 'admin@example.org', password: 'short' })
    assert.equal(weak.status, 400)
    assert.equal(weak.body.error.details[0].path, 'password')
    const ok = await t.api('POST', '/api/v1/admin-users', { email: 'Admin@Example.org', password: 'a long enough passphrase' })
    assert.equal(ok.status, 201)
    assert.equal(ok.body.email, 'admin@example.org')
    assert.ok(!JSON.stringify(ok.body).includes('passphrase'))
    const again = await t.api('POST', '/api/v1/admin-users', { email: 'admin@example.org', password: 'another long passphrase' })
    assert.equal(again.status, 409)
  })

  it('serves the OpenAPI document and the health check', async () => {
    const doc = await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    assert.equal(doc.statusCode, 200)
    const parsed = JSON.parse(doc.body)
    assert.equal(parsed.openapi, '3.1.0')
    assert.ok(parsed.paths['/api/v1/registrations'].post.requestBody)
    const health = await t.app.http.inject({ method: 'GET', url: '/healthz' })
    assert.equal(JSON.parse(health.body).status, 'ok')
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/metrics' })).statusCode, 401, 'metrics need a key')
    const scrapeKey = await createApiKey(t.app.ctx.db, 'default', 'prometheus', 'metrics')
    const metrics = await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${scrapeKey.key}` } })
    assert.equal(metrics.statusCode, 200)
    assert.match(metrics.body, /^# TYPE coursebridge_registrations gauge$/m)
    assert.match(metrics.body, /^coursebridge_jobs_pending\{queue="reconcile-registration"\} \d+$/m)
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/api/v1/persons', headers: { authorization: `Bearer ${scrapeKey.key}` } })).statusCode, 403,
      'a metrics key reads metrics only')
  })

  it('registers a person against the sandbox connection of the quick start', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId: '1001', firstName: 'Zoë', namePrefix: 'van der', lastName: 'Berg', email1: 'zoe@example.com' },
      courseCode: 'DEMO-101',
    })
    assert.equal(res.status, 202)
    const done = await eventually(async () => {
      const r = await t.api('GET', `/api/v1/registrations/${res.body.id}`)
      return r.body.observed.status === 'active' ? r.body : null
    }, 20_000, 'sandbox registration')
    assert.equal(done.observed.loginName, 'zoe@example.com')
    // Without SMTP configuration the credentials mail goes to the outbox, readable through the API.
    const mail = await eventually(async () => {
      const items = (await t.api('GET', `/api/v1/mails?registrationId=${res.body.id}`)).body.items
      return items[0]?.status === 'outbox' ? items[0] : null
    }, 10_000, 'outbox mail')
    assert.equal(mail.purpose, 'credentials')
    assert.equal(mail.to, 'zoe@example.com')
    assert.match(mail.text, /zoe@example\.com/)
    assert.match(mail.text, /Password:\s+••••••••/, 'kept with the password masked')
    // The sandbox's "participant finishes the course": the simulated plugin pushes the result back.
    const complete = await t.api('POST', `/api/v1/registrations/${res.body.id}/sandbox-complete`, { grade: 75 })
    assert.equal(complete.status, 202, JSON.stringify(complete.body))
    const withResult = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
    assert.equal(withResult.results.length, 1)
    assert.equal(withResult.results[0].grade.final, 75)
    assert.equal(withResult.results[0].source, 'moodle-plugin')
  })
})
