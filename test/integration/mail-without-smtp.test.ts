// No credentials mail lost: without an SMTP server the mails wait with their passwords encrypted and one
// notification counts them; the next start with SMTP sends them, and the mailed passwords open the
// accounts. MAIL_MODE=outbox keeps the old "outbox only" behaviour for trying coursebridge.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { startTestSmtpServer } from '../mail/smtp-test-server.ts'
import { findPart, parseMime } from '../mail/raw-mime.ts'
import { eventually, registrationReaches, startTestApp, testDb } from '../helpers/test-app.ts'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { ConfigError, loadConfig } from '../../src/config.ts'

async function logsIn(simUrl: string, username: string, password: string): Promise<boolean> {
  const res = await fetch(`${simUrl}/login/token.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, service: 'moodle_mobile_app' }),
  })
  const body = (await res.json()) as { token?: string }
  return typeof body.token === 'string' && /^[0-9a-f]{32}$/.test(body.token)
}

describe('mail mode from the environment', () => {
  it('waits without SMTP_HOST, sends with it, keeps an explicit outbox mode, and refuses smtp without a server', () => {
    assert.equal(loadConfig({}).mailMode, 'hold')
    assert.equal(loadConfig({ SMTP_HOST: 'mail.example.org' }).mailMode, 'smtp')
    assert.equal(loadConfig({ MAIL_MODE: 'outbox' }).mailMode, 'outbox')
    assert.equal(loadConfig({ MAIL_MODE: 'outbox', SMTP_HOST: 'mail.example.org' }).mailMode, 'outbox')
    assert.throws(() => loadConfig({ MAIL_MODE: 'smtp' }), (e: Error) => e instanceof ConfigError && /MAIL_MODE: smtp needs SMTP_HOST/.test(e.message))
  })
})

describe(`credentials mails without SMTP (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {})
  })

  it('keeps the mails waiting with their passwords, then sends them with working passwords once SMTP is configured', async () => {
    const sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    sim.setSetting('enablemobilewebservice', true)
    cleanups.push(() => sim.stop())
    const smtp = await startTestSmtpServer()
    cleanups.push(() => smtp.close())
    const shared = testDb === 'pglite' ? await openPgliteDatabase() : undefined
    if (shared) cleanups.push(() => shared.close())
    const schema = `cb_test_${randomBytes(5).toString('hex')}`
    const secretKey = randomBytes(32)

    // First life: no SMTP server.
    const first = await startTestApp({ databaseSchema: schema, mailMode: 'hold' }, { db: shared, secretKey, keepDatabase: true })
    let firstStopped = false
    cleanups.push(async () => { if (!firstStopped) await first.stop() })
    const c = await first.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await first.api('POST', '/api/v1/course-definitions', {
      code: 'H101', name: 'Held course', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    assert.equal(d.status, 201)
    const ids: string[] = []
    for (const personId of ['H1', 'H2']) {
      const res = await first.api('POST', '/api/v1/registrations', {
        person: { personId, firstName: 'Hanna', lastName: `Wacht ${personId}`, email1: `${personId.toLowerCase()}@example.org` }, courseCode: 'H101',
      })
      assert.equal(res.status, 202)
      ids.push(res.body.id)
    }
    for (const id of ids) await registrationReaches(first, id, 'active', 60_000)
    const waiting = await eventually(async () => {
      const { rows } = await first.app.ctx.db.query<{ status: string; password_enc: string | null }>(
        `SELECT status, password_enc FROM mails WHERE purpose = 'credentials'`)
      return rows.length === 2 && rows.every((r) => r.status === 'waiting-smtp') ? rows : null
    }, 30_000, 'mails waiting for SMTP')
    assert.ok(waiting.every((r) => r.password_enc !== null), 'the passwords stay, encrypted')
    const notes = (await first.api('GET', '/api/v1/notifications')).body.items
      .filter((n: { code: string }) => n.code === 'MAIL_SMTP_NOT_CONFIGURED')
    assert.equal(notes.length, 1, JSON.stringify(notes))
    assert.equal(notes[0].message, 'SMTP not configured: 2 mails waiting')
    assert.equal(smtp.received.length, 0)
    await first.stop()
    firstStopped = true

    // Next start, with SMTP.
    const second = await startTestApp({
      databaseSchema: schema, mailMode: 'smtp',
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academy <noreply@academy.example>' },
    }, { db: shared, secretKey })
    cleanups.push(() => second.stop())
    await eventually(async () => smtp.received.length === 2, 30_000, 'both mails sent')
    for (const [i, id] of ids.entries()) {
      const address = `h${i + 1}@example.org`
      const mail = smtp.received.find((m) => m.to.includes(address))
      assert.ok(mail, `a mail to ${address}`)
      const text = findPart(parseMime(mail.raw), 'text/plain')?.body ?? ''
      const password = /Password:\s+(\S+)/.exec(text)?.[1]
      assert.ok(password, 'the mail carries the password')
      const loginName = (await second.api('GET', `/api/v1/registrations/${id}`)).body.observed.loginName
      assert.equal(await logsIn(simUrl, loginName, password), true, 'the mailed password opens the account in the LMS')
    }
    const kept = await eventually(async () => {
      const { rows } = await second.app.ctx.db.query<{ status: string; password_enc: string | null }>(
        `SELECT status, password_enc FROM mails WHERE purpose = 'credentials'`)
      return rows.every((r) => r.status === 'sent') ? rows : null
    }, 10_000, 'mails recorded as sent')
    assert.ok(kept.every((r) => r.password_enc === null), 'the password is erased once the server took the mail')
    const open = (await second.api('GET', '/api/v1/notifications')).body.items
    assert.equal(open.filter((n: { code: string }) => n.code === 'MAIL_SMTP_NOT_CONFIGURED').length, 0, 'the notice is resolved')
  })
})
