// No API answer and no log line carries an API key, an administrator's password or a hash of either:
// the key and administrator life cycles run with the log captured at debug level, then both are searched.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { hashApiKey } from '../../src/security/api-keys.ts'
import { injectUi, logInOverHttp } from '../ui/ui-http.ts'

describe(`credentials stay out of answers and logs (${testDb})`, () => {
  let t: TestApp
  let log = ''
  const answers: string[] = []
  before(async () => {
    const stream = new PassThrough()
    stream.on('data', (chunk) => { log += chunk.toString() })
    t = await startTestApp({}, { logStream: stream })
  })
  after(async () => {
    await t?.stop()
  })

  const call = async (method: string, url: string, body?: object, key = t.key) => {
    const res = await t.app.http.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}` }, ...(body ? { payload: body } : {}) })
    answers.push(res.body)
    return res
  }

  it('runs the life cycles and finds no key, password or hash in any answer or log line', async () => {
    const password = 'first secret passphrase'
    const newPassword = 'second secret passphrase'
    const admin = (await call('POST', '/api/v1/admin-users', { email: 'ada@example.org', password })).json()
    await call('POST', '/api/v1/admin-users', { email: 'ada@example.org', password: 'a third passphrase' }) // refused: exists
    const created = (await call('POST', '/api/v1/keys', { name: 'TMS', scope: 'registrations' })).json()
    answers.pop() // the one answer that shows the new key, by design
    const tmsKey = created.key as string
    await call('GET', '/api/v1/persons', undefined, tmsKey)
    await call('GET', '/api/v1/settings', undefined, tmsKey) // refused: scope
    await call('GET', '/api/v1/keys')
    await call('GET', '/api/v1/admin-users')

    const wrong = await logInOverHttp(t, 'ada@example.org', 'a wrong passphrase!')
    answers.push(wrong.res.body)
    const ok = await logInOverHttp(t, 'ada@example.org', password)
    const s = ok.session!
    const change = await injectUi(t, { method: 'POST', url: '/ui/admins/password', cookie: s.cookie, form: { _csrf: s.csrf, current: password, password: newPassword, repeat: newPassword } })
    assert.equal(change.statusCode, 303)
    answers.push((await injectUi(t, { url: '/ui/admins', cookie: s.cookie })).body)
    answers.push((await injectUi(t, { url: '/ui/keys', cookie: s.cookie })).body)
    await call('DELETE', `/api/v1/keys/${created.id}`)
    await call('GET', '/api/v1/persons', undefined, tmsKey) // refused: revoked
    await call('POST', `/api/v1/admin-users/${admin.id}/disable`)

    const { rows } = await t.app.ctx.db.query<{ password_hash: string }>('SELECT password_hash FROM admin_users')
    const hashes = rows.map((r) => r.password_hash)
    const secrets = [
      tmsKey, tmsKey.slice(7), hashApiKey(tmsKey), t.key, hashApiKey(t.key), password, newPassword, 'a third passphrase', 'a wrong passphrase!',
      ...hashes, ...hashes.map((h) => h.split('$')[5]!), ...hashes.map((h) => h.split('$')[4]!),
    ]
    assert.ok(log.includes('API key created') && log.includes('administrator log-in failed'), 'the log was captured')
    const found = secrets.filter((x) => log.includes(x) || answers.some((a) => a.includes(x)))
    assert.deepEqual(found, [], 'secrets in an answer or a log line')
    assert.doesNotMatch(log, /scrypt\$/)
  })
})
