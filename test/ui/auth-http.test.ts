// The Service Center's log-in, session and CSRF rules over real HTTP (no browser): what a forged or
// stale request gets, the log-in limit, cookie flags, and that the API is untouched by the UI.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import { adminSetupHint } from '../../src/ui/auth/admin-setup-hint.ts'
import { hashSessionId } from '../../src/ui/auth/sessions.ts'

const admin = { email: 'Admin@Example.org', password: 'a long enough password' }

describe('Service Center log-in and CSRF over HTTP', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => {
    await t?.stop()
  })

  const inject = (o: { method?: 'GET' | 'POST'; url: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> }) =>
    t.app.http.inject({
      method: o.method ?? 'GET', url: o.url,
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...o.headers },
      ...(o.form ? { payload: new URLSearchParams(o.form).toString() } : {}),
    })

  async function loginForm(headers: Record<string, string> = {}) {
    const res = await inject({ url: '/ui/login', headers })
    const cookie = String(res.headers['set-cookie']).split(';')[0]!
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!
    return { cookie, token, setCookie: String(res.headers['set-cookie']) }
  }

  async function logIn(password = admin.password, headers: Record<string, string> = {}) {
    const f = await loginForm(headers)
    return inject({ method: 'POST', url: '/ui/login', cookie: f.cookie, form: { _csrf: f.token, email: admin.email, password, next: '/ui/connections' }, headers })
  }

  const sessionOf = (res: Awaited<ReturnType<typeof logIn>>) => {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string | string[])
    return cookies.find((c) => c.startsWith('cb_session='))!
  }

  it('tells the operator how to create the first administrator until one exists', async () => {
    assert.match((await adminSetupHint(t.app.ctx.db, 'http://127.0.0.1:3000/ui/'))!, /npx coursebridge admin create/)
    await createAdminUser(t.app.ctx.db, 'default', admin.email, admin.password)
    assert.equal(await adminSetupHint(t.app.ctx.db, 'http://127.0.0.1:3000/ui/'), null)
  })

  it('sends / and every page to the log-in form without a session, and refuses a POST', async () => {
    assert.equal((await inject({ url: '/' })).headers.location, '/ui/')
    const page = await inject({ url: '/ui/registrations?status=failed' })
    assert.equal(page.statusCode, 302)
    assert.equal(page.headers.location, '/ui/login?next=%2Fui%2Fregistrations%3Fstatus%3Dfailed')
    assert.equal((await inject({ method: 'POST', url: '/ui/connections', form: { name: 'x' } })).statusCode, 401)
  })

  it('logs in with the e-mail address in any case, sets a HttpOnly SameSite=Lax cookie, and stores only its hash', async () => {
    const res = await logIn()
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/ui/connections')
    const cookie = sessionOf(res)
    assert.match(cookie, /^cb_session=[\w-]{43};/)
    assert.deepEqual(cookie.split('; ').slice(1).sort(), ['HttpOnly', 'Max-Age=28800', 'Path=/', 'SameSite=Lax'])
    const id = cookie.slice('cb_session='.length, cookie.indexOf(';'))
    const { rows } = await t.app.ctx.db.query<{ id_hash: string }>('SELECT id_hash FROM admin_sessions')
    assert.ok(rows.some((r) => r.id_hash === hashSessionId(id)))
    assert.ok(!rows.some((r) => r.id_hash === id))
  })

  it('marks the cookies Secure when the request came over https through a proxy', async () => {
    assert.match((await loginForm({ 'x-forwarded-proto': 'https' })).setCookie, /; Secure;/)
    assert.match(sessionOf(await logIn(admin.password, { 'x-forwarded-proto': 'https' })), /; Secure;/)
    assert.doesNotMatch((await loginForm()).setCookie, /Secure/)
  })

  it('refuses a log-in post without the form\'s own token (login CSRF)', async () => {
    const res = await inject({ method: 'POST', url: '/ui/login', form: { email: admin.email, password: admin.password } })
    assert.equal(res.statusCode, 403)
    assert.equal(res.headers['set-cookie']?.toString().includes('cb_session='), false)
  })

  it('refuses a state change without the session\'s CSRF token, with a wrong one, or from another origin', async () => {
    const cookie = sessionOf(await logIn()).split(';')[0]!
    const page = await inject({ url: '/ui/connections', cookie })
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['content-security-policy']?.toString().includes("script-src 'self'"), true)
    assert.equal(page.headers['x-frame-options'], 'DENY')
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const form = { name: 'Sandbox', type: 'sandbox', environment: 'training', active: 'on', 'settings.sandboxLms': 'moodle' }

    assert.equal((await inject({ method: 'POST', url: '/ui/connections', cookie, form })).statusCode, 403)
    assert.equal((await inject({ method: 'POST', url: '/ui/connections', cookie, form: { ...form, _csrf: `${token}x` } })).statusCode, 403)
    assert.equal((await inject({ method: 'POST', url: '/ui/connections', cookie, form: { ...form, _csrf: token }, headers: { origin: 'https://evil.example' } })).statusCode, 403)
    assert.equal((await t.api('GET', '/api/v1/connections')).body.items.length, 0, 'nothing was created')

    const ok = await inject({ method: 'POST', url: '/ui/connections', cookie, form: { ...form, _csrf: token }, headers: { origin: 'http://localhost:80' } })
    assert.equal(ok.statusCode, 303, ok.body)
    assert.equal((await t.api('GET', '/api/v1/connections')).body.items.length, 1)
  })

  it('refuses a session that has expired', async () => {
    const cookie = sessionOf(await logIn()).split(';')[0]!
    await t.app.ctx.db.query(`UPDATE admin_sessions SET expires_at = now() - interval '1 second'`)
    assert.equal((await inject({ url: '/ui/', cookie })).statusCode, 302)
  })

  it('limits failed log-ins per address: the eleventh try waits, even with the right password', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await logIn('wrong password')).statusCode, 401)
    const blocked = await logIn()
    assert.equal(blocked.statusCode, 429)
    assert.ok(Number(blocked.headers['retry-after']) > 0)
    assert.match(blocked.body, /Too many failed log-ins/)
  })

  it('leaves the API as it was: bearer keys only, JSON errors', async () => {
    const res = await inject({ url: '/api/v1/persons' })
    assert.equal(res.statusCode, 401)
    assert.equal(JSON.parse(res.body).error.code, 'UNAUTHENTICATED')
    assert.equal((await inject({ url: '/api/v1/nope', headers: { authorization: `Bearer ${t.key}` } })).headers['content-type']?.toString().startsWith('application/json'), true)
  })
})
