// The Service Center's security headers and cookie flags, one test each, on pages, on the log-in
// redirect and on the log-in form itself: they must stay as strict as they are.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { TestApp } from '../helpers/test-app.ts'
import { injectUi, logInOverHttp, startLoggedInApp, type UiSession } from './ui-http.ts'

describe('Service Center security headers and cookies', () => {
  let t: TestApp
  let s: UiSession
  let answers: { name: string; headers: Record<string, unknown> }[]
  before(async () => {
    ;({ t, s } = await startLoggedInApp())
    answers = [
      { name: 'a page', headers: (await injectUi(t, { url: '/ui/connections', cookie: s.cookie })).headers },
      { name: 'the log-in form', headers: (await injectUi(t, { url: '/ui/login' })).headers },
      { name: 'the redirect to log-in', headers: (await injectUi(t, { url: '/ui/registrations' })).headers },
      { name: 'a missing page', headers: (await injectUi(t, { url: '/ui/nothing-here', cookie: s.cookie })).headers },
    ]
  })
  after(async () => {
    await t?.stop()
  })

  it('sends a strict Content-Security-Policy: scripts only from itself, no framing, no plugins, no base or foreign form targets', () => {
    for (const a of answers) {
      assert.equal(a.headers['content-security-policy'],
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
        + "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'", a.name)
    }
  })

  it('forbids framing (X-Frame-Options: DENY)', () => {
    for (const a of answers) assert.equal(a.headers['x-frame-options'], 'DENY', a.name)
  })

  it('forbids content sniffing (X-Content-Type-Options: nosniff)', () => {
    for (const a of answers) assert.equal(a.headers['x-content-type-options'], 'nosniff', a.name)
  })

  it('sends the referrer only to its own pages (Referrer-Policy: same-origin)', () => {
    for (const a of answers) assert.equal(a.headers['referrer-policy'], 'same-origin', a.name)
  })

  it('lets no page be cached (Cache-Control: no-store)', () => {
    for (const a of answers) assert.equal(a.headers['cache-control'], 'no-store', a.name)
  })

  const cookieFlags = (setCookie: unknown, name: string) => {
    const cookie = ([] as string[]).concat(setCookie as string[]).find((c) => c.startsWith(`${name}=`))
    assert.ok(cookie, `no ${name} cookie`)
    return cookie!.split('; ').slice(1)
  }

  it('sets the session cookie HttpOnly and SameSite=Lax, with Path=/ and the session\'s lifetime', async () => {
    const { res } = await logInOverHttp(t, 'admin@example.org', 'a long enough password')
    const flags = cookieFlags(res.headers['set-cookie'], 'cb_session')
    for (const f of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=28800']) assert.ok(flags.includes(f), `${f} in ${flags}`)
    assert.ok(!flags.includes('Secure'), 'not Secure over plain http')
  })

  it('sets the log-in form\'s CSRF cookie HttpOnly and SameSite=Lax, only for the log-in path', async () => {
    const flags = cookieFlags((await injectUi(t, { url: '/ui/login' })).headers['set-cookie'], 'cb_login_csrf')
    for (const f of ['HttpOnly', 'SameSite=Lax', 'Path=/ui/login']) assert.ok(flags.includes(f), `${f} in ${flags}`)
  })

  it('marks both cookies Secure over https (as the proxy reports it)', async () => {
    const https = { 'x-forwarded-proto': 'https' }
    assert.ok(cookieFlags((await injectUi(t, { url: '/ui/login', headers: https })).headers['set-cookie'], 'cb_login_csrf').includes('Secure'))
    const { res } = await logInOverHttp(t, 'admin@example.org', 'a long enough password', https)
    assert.ok(cookieFlags(res.headers['set-cookie'], 'cb_session').includes('Secure'))
  })

  it('ends the session cookie at log-out', async () => {
    const res = await injectUi(t, { method: 'POST', url: '/ui/logout', cookie: s.cookie, form: { _csrf: s.csrf } })
    assert.equal(res.statusCode, 303)
    const flags = cookieFlags(res.headers['set-cookie'], 'cb_session')
    assert.ok(flags.some((f) => f === 'Max-Age=0' || f.startsWith('Expires=Thu, 01 Jan 1970')), flags.join('; '))
    assert.equal((await injectUi(t, { url: '/ui/', cookie: s.cookie })).statusCode, 302, 'the session is gone on the server too')
  })
})
