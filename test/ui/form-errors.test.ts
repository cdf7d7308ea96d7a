// Problems with what was typed, in the page's language: the schemas the API and the Service Center share
// speak English; a Dutch or German page says each problem by its kind, and keeps a schema's own rule as
// detail. Checked on the real schemas and on a real form post.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { z } from 'zod'
import { errorsByField } from '../../src/ui/form-fields.ts'
import { translator } from '../../src/ui/i18n/i18n.ts'
import { apiKeyCreateSchema } from '../../src/http/routes/api-keys.ts'
import { adminUserCreateSchema } from '../../src/ui/auth/admin-users.ts'
import type { TestApp } from '../helpers/test-app.ts'
import { injectUi, startLoggedInApp, type UiSession } from './ui-http.ts'

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value)
  assert.equal(r.success, false)
  return r.error!.issues
}

describe('form problems in the page\'s language', () => {
  it('keeps the schema\'s English message on an English page', () => {
    const errors = errorsByField(issuesOf(adminUserCreateSchema, { email: 'nobody', password: 'short' }), translator('en'))
    assert.equal(errors.password, 'at least 12 characters')
    assert.match(errors.email!, /email/i)
  })

  it('says each kind of problem in Dutch and German', () => {
    const issues = issuesOf(adminUserCreateSchema, { email: 'nobody', password: 'x'.repeat(201) })
    assert.deepEqual(errorsByField(issues, translator('nl')), { email: 'Geen e-mailadres, zoals naam@example.org.', password: 'Hoogstens 200 tekens.' })
    assert.deepEqual(errorsByField(issues, translator('de')), { email: 'Keine E-Mail-Adresse, z. B. name@example.org.', password: 'Höchstens 200 Zeichen.' })
    assert.deepEqual(errorsByField(issuesOf(apiKeyCreateSchema, { name: ' ', scope: 'everything' }), translator('nl')),
      { name: 'Vul dit in.', scope: 'Kies een van de mogelijkheden.' })
    assert.deepEqual(errorsByField(issuesOf(z.object({ url: z.url(), n: z.number().min(3), code: z.string().regex(/^\d+$/) }), { url: 'lms', n: 1, code: 'x' }), translator('de')),
      { url: 'Keine Webadresse, z. B. https://lms.example.org.', n: 'Mindestens 3.', code: 'Nicht in der erwarteten Form.' })
  })

  it('keeps a schema\'s own rule as detail after a translated "not accepted"', () => {
    const schema = z.object({ token: z.string() }).refine(() => false, { message: 'a Moodle connection needs the web-service token', path: ['token'] })
    assert.equal(errorsByField(issuesOf(schema, { token: '' }), translator('nl')).token, 'Niet geaccepteerd: a Moodle connection needs the web-service token')
  })
})

describe('a refused form in Dutch', () => {
  let t: TestApp
  let s: UiSession
  before(async () => {
    ;({ t, s } = await startLoggedInApp())
  })
  after(async () => {
    await t?.stop()
  })

  it('marks the nameless key in Dutch, not with the schema\'s English', async () => {
    const res = await injectUi(t, { method: 'POST', url: '/ui/keys', cookie: s.cookie, headers: { 'accept-language': 'nl' }, form: { _csrf: s.csrf, name: '', scope: 'registrations' } })
    assert.equal(res.statusCode, 422)
    assert.match(res.body, /<span class="field-error" id="f-name-error">Vul dit in\.<\/span>/)
    assert.doesNotMatch(res.body, /Too small|expected string/i)
  })

  it('marks a connection without a name or address in German', async () => {
    const res = await injectUi(t, { method: 'POST', url: '/ui/connections', cookie: s.cookie, headers: { 'accept-language': 'de' }, form: { _csrf: s.csrf, name: '', type: 'moodle', baseUrl: 'no address', environment: 'test', 'credentials.token': 'x' } })
    assert.equal(res.statusCode, 422)
    assert.match(res.body, /id="f-name-error">Bitte ausfüllen\.<\/span>/)
    assert.match(res.body, /id="f-baseUrl-error">[^<]*(Webadresse|Nicht angenommen)/)
  })
})
