// Administrator log-in over HTTP: throttling per client address and per account, the client address
// from X-Forwarded-For only behind a proxy named in TRUSTED_PROXIES, hashes raised to today's scrypt
// parameters at log-in, disabling another administrator, and changing one's own password.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser, findAdminByEmail } from '../../src/ui/auth/admin-users.ts'
import { hashPassword } from '../../src/ui/auth/password-hash.ts'
import { csrfOf, injectUi, logInOverHttp } from './ui-http.ts'

const password = 'a long enough password'

/** One log-in attempt through the form, from a socket address and with the headers given. */
async function attempt(t: TestApp, email: string, pw: string, o: { from?: string; xff?: string } = {}) {
  const headers = o.xff ? { 'x-forwarded-for': o.xff } : {}
  const remoteAddress = o.from ?? '127.0.0.1'
  const form = await t.app.http.inject({ method: 'GET', url: '/ui/login', headers, remoteAddress })
  const cookie = String(form.headers['set-cookie']).split(';')[0]!
  return t.app.http.inject({
    method: 'POST', url: '/ui/login', remoteAddress,
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(form.body)!, email, password: pw, next: '/ui/' }).toString(),
  })
}

describe('administrator log-in: throttling per address and per account', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp({}, { loginThrottle: { maxFailuresPerAddress: 3, maxFailuresPerAccount: 5, windowSeconds: 600 } })
    await createAdminUser(t.app.ctx.db, 'default', 'ada@example.org', password)
    await createAdminUser(t.app.ctx.db, 'default', 'bob@example.org', password)
  })
  after(async () => {
    await t?.stop()
  })

  it('makes an address wait after its failures, even with the right password; another address may log in', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await attempt(t, 'ada@example.org', 'wrong password!', { from: '10.0.0.1' })).statusCode, 401)
    const blocked = await attempt(t, 'ada@example.org', password, { from: '10.0.0.1' })
    assert.equal(blocked.statusCode, 429)
    assert.ok(Number(blocked.headers['retry-after']) > 500)
    assert.match(blocked.body, /Too many failed log-ins from your address/)
    assert.equal((await attempt(t, 'ada@example.org', password, { from: '10.0.0.2' })).statusCode, 303)
  })

  it('does not believe X-Forwarded-For from a client no proxy list names', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await attempt(t, 'bob@example.org', 'wrong password!', { from: '10.0.1.1', xff: `198.51.100.${i}` })).statusCode, 401)
    const blocked = await attempt(t, 'bob@example.org', password, { from: '10.0.1.1', xff: '198.51.100.99' })
    assert.equal(blocked.statusCode, 429, 'a new X-Forwarded-For did not make a new client')
  })

  it('makes an account wait after failures from many addresses; other accounts are not affected', async () => {
    const target = 'nobody@example.org' // failures count for addresses that have no administrator too
    for (let i = 0; i < 5; i++) assert.equal((await attempt(t, target, 'wrong password!', { from: `10.0.2.${i}` })).statusCode, 401)
    const blocked = await attempt(t, 'NOBODY@example.org', 'wrong password!', { from: '10.0.2.200' })
    assert.equal(blocked.statusCode, 429)
    assert.match(blocked.body, /Too many failed log-ins for this account/)
    assert.equal((await attempt(t, 'ada@example.org', password, { from: '10.0.2.201' })).statusCode, 303)
  })
})

describe('administrator log-in behind a trusted proxy (TRUSTED_PROXIES)', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp({ trustedProxies: ['127.0.0.1'] }, { loginThrottle: { maxFailuresPerAddress: 2, maxFailuresPerAccount: 100, windowSeconds: 600 } })
    await createAdminUser(t.app.ctx.db, 'default', 'ada@example.org', password)
  })
  after(async () => {
    await t?.stop()
  })

  it('counts each client behind the proxy by the address the proxy reports', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await attempt(t, 'ada@example.org', 'wrong password!', { xff: '203.0.113.5' })).statusCode, 401)
    assert.equal((await attempt(t, 'ada@example.org', password, { xff: '203.0.113.5' })).statusCode, 429)
    assert.equal((await attempt(t, 'ada@example.org', password, { xff: '203.0.113.6' })).statusCode, 303, 'one attacker does not lock out every client of the proxy')
  })

  it('still ignores X-Forwarded-For from an address that is not the proxy', async () => {
    for (let i = 0; i < 2; i++) await attempt(t, 'ada@example.org', 'wrong password!', { from: '10.9.9.9', xff: `192.0.2.${i}` })
    assert.equal((await attempt(t, 'ada@example.org', password, { from: '10.9.9.9', xff: '192.0.2.77' })).statusCode, 429)
  })
})

describe('administrator accounts: hash upgrade, disabling, own password', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => {
    await t?.stop()
  })

  it('raises a hash made with older scrypt parameters to today\'s at the next successful log-in', async () => {
    const admin = await createAdminUser(t.app.ctx.db, 'default', 'old@example.org', password)
    await t.app.ctx.db.query('UPDATE admin_users SET password_hash = $2 WHERE id = $1', [admin.id, await hashPassword(password, { N: 2 ** 14, r: 8, p: 1 })])
    assert.equal((await attempt(t, 'old@example.org', 'wrong password!')).statusCode, 401)
    assert.match((await findAdminByEmail(t.app.ctx.db, 'old@example.org'))!.password_hash, /^scrypt\$16384\$/, 'a failed log-in changes nothing')
    assert.equal((await attempt(t, 'old@example.org', password)).statusCode, 303)
    assert.match((await findAdminByEmail(t.app.ctx.db, 'old@example.org'))!.password_hash, /^scrypt\$131072\$8\$1\$/)
    assert.equal((await attempt(t, 'old@example.org', password)).statusCode, 303, 'the new hash verifies')
  })

  it('disables another administrator: their session ends at once and they cannot log in until enabled', async () => {
    await createAdminUser(t.app.ctx.db, 'default', 'boss@example.org', password)
    const leaving = await createAdminUser(t.app.ctx.db, 'default', 'leaving@example.org', password)
    const boss = (await logInOverHttp(t, 'boss@example.org', password)).session!
    const theirs = (await logInOverHttp(t, 'leaving@example.org', password)).session!
    assert.equal((await injectUi(t, { url: '/ui/', cookie: theirs.cookie })).statusCode, 200)

    const confirm = await injectUi(t, { url: `/ui/admins/${leaving.id}/disable`, cookie: boss.cookie })
    assert.match(confirm.body, /Disable leaving@example\.org\?/)
    const res = await injectUi(t, { method: 'POST', url: `/ui/admins/${leaving.id}/disable`, cookie: boss.cookie, form: { _csrf: boss.csrf } })
    assert.equal(res.statusCode, 303)

    const after = await injectUi(t, { url: '/ui/', cookie: theirs.cookie })
    assert.equal(after.statusCode, 302, 'their session ended')
    const refused = await attempt(t, 'leaving@example.org', password)
    assert.equal(refused.statusCode, 403)
    assert.match(refused.body, /disabled/)
    assert.ok(!String(refused.headers['set-cookie']).includes('cb_session='))
    const listed = (await t.api('GET', '/api/v1/admin-users')).body.items.find((a: { id: string }) => a.id === leaving.id)
    assert.ok(listed.disabledAt)
    assert.ok(!('password_hash' in listed) && !JSON.stringify(listed).includes('scrypt'), 'no hash in the list')

    assert.equal((await t.api('POST', `/api/v1/admin-users/${leaving.id}/enable`)).status, 200)
    assert.equal((await attempt(t, 'leaving@example.org', password)).statusCode, 303)
    assert.equal((await t.api('POST', `/api/v1/admin-users/${leaving.id}/disable`)).body.id, leaving.id)
    assert.equal((await attempt(t, 'leaving@example.org', password)).statusCode, 403, 'the API disables too')
  })

  it('does not let an administrator disable themself', async () => {
    const me = (await logInOverHttp(t, 'boss@example.org', password)).session!
    const boss = await findAdminByEmail(t.app.ctx.db, 'boss@example.org')
    const res = await injectUi(t, { method: 'POST', url: `/ui/admins/${boss!.id}/disable`, cookie: me.cookie, form: { _csrf: me.csrf } })
    assert.equal(res.statusCode, 409)
  })

  it('changes one\'s own password with the current one; other sessions end, this one stays', async () => {
    await createAdminUser(t.app.ctx.db, 'default', 'self@example.org', password)
    const here = (await logInOverHttp(t, 'self@example.org', password)).session!
    const elsewhere = (await logInOverHttp(t, 'self@example.org', password)).session!
    const change = (form: Record<string, string>) => injectUi(t, { method: 'POST', url: '/ui/admins/password', cookie: here.cookie, form: { _csrf: here.csrf, ...form } })

    assert.equal((await change({ current: 'not my password', password: 'a brand new passphrase', repeat: 'a brand new passphrase' })).statusCode, 403)
    assert.equal((await change({ current: password, password: 'short', repeat: 'short' })).statusCode, 422)
    assert.equal((await change({ current: password, password: 'a brand new passphrase', repeat: 'another passphrase' })).statusCode, 422)
    const ok = await change({ current: password, password: 'a brand new passphrase', repeat: 'a brand new passphrase' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, '/ui/admins?done=password-changed')

    assert.equal((await injectUi(t, { url: '/ui/admins', cookie: here.cookie })).statusCode, 200, 'this session stays')
    assert.equal((await injectUi(t, { url: '/ui/admins', cookie: elsewhere.cookie })).statusCode, 302, 'the other session ended')
    assert.equal((await attempt(t, 'self@example.org', password)).statusCode, 401)
    assert.equal((await attempt(t, 'self@example.org', 'a brand new passphrase')).statusCode, 303)
  })
})
