// Issue 3's "done when": the credentials mail over a real SMTP server (smtp-server, in-process), with a
// password that really opens the account in the Moodle simulator (through its login/token.php).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { startTestSmtpServer, type TestSmtpServer, type SmtpReply } from '../mail/smtp-test-server.ts'
import { findPart, parseMime, decodeHeader } from '../mail/raw-mime.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { getConnection } from '../../src/store/connections.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

/** Logs in the way Moodle's login/token.php does; true when the password opens the account. */
async function logsIn(simUrl: string, username: string, password: string): Promise<boolean> {
  const res = await fetch(`${simUrl}/login/token.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, service: 'moodle_mobile_app' }),
  })
  const body = (await res.json()) as { token?: string; errorcode?: string }
  return typeof body.token === 'string' && /^[0-9a-f]{32}$/.test(body.token)
}

function readMail(raw: string) {
  const mime = parseMime(raw)
  const text = findPart(mime, 'text/plain')?.body ?? ''
  const html = findPart(mime, 'text/html')?.body ?? ''
  return { mime, text, html, subject: decodeHeader(mime.headers.get('subject') ?? ''), password: /Password:\s+(\S+)/.exec(text)?.[1] }
}

describe(`credentials mail (${testDb})`, () => {
  let t: TestApp
  let sim: Sim
  let simUrl: string
  let smtp: TestSmtpServer
  /** Decides per recipient and attempt whether the SMTP server refuses (tests set it). */
  let refuse: (address: string, attempt: number) => SmtpReply | null = () => null
  const logLines: string[] = []

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    simUrl = await sim.start(0)
    sim.setSetting('enablemobilewebservice', true)
    smtp = await startTestSmtpServer({ rejectRecipient: (a, n) => refuse(a, n) })
    const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } })
    t = await startTestApp({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academy <noreply@academy.example>' },
      mailRetryLimit: 2,
    }, { logStream })
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token }, mapping: { emailSource: 'email2' },
    })
    assert.equal(c.status, 201)
    for (const [code, id] of [['E101', '2'], ['E102', '3']]) {
      const d = await t.api('POST', '/api/v1/course-definitions', {
        code, name: `Course ${code}`, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: id },
      })
      assert.equal(d.status, 201)
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
    await smtp?.close()
  })

  const person = (personId: string, extra: Record<string, unknown> = {}) => ({
    personId, firstName: 'Mila', lastName: 'de Vries', email1: `private-${personId}@example.com`,
    email2: `work-${personId}@example.com`, ...extra,
  })
  const register = async (body: object) => {
    const res = await t.api('POST', '/api/v1/registrations', body)
    assert.equal(res.status, 202, JSON.stringify(res.body))
    return res.body.id as string
  }
  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address))
  const outbox = async (registrationId: string) => (await t.api('GET', `/api/v1/mails?registrationId=${registrationId}`)).body.items
  const sentPasswords: string[] = []

  it('sends one credentials mail to the configured address with HTML and text, login name, URL and a working password', async () => {
    const id = await register({ person: person('M1'), courseCode: 'E101' })
    const [mail] = await eventually(async () => (mailsTo('work-M1@example.com').length > 0 ? mailsTo('work-M1@example.com') : null), 20_000, 'the mail')
    assert.equal(mailsTo('private-M1@example.com').length, 0, 'email2 is the configured address')
    const m = readMail(mail!.raw)
    assert.equal(m.mime.type, 'multipart/alternative')
    assert.ok(m.text && m.html, 'text and HTML parts')
    const registration = (await t.api('GET', `/api/v1/registrations/${id}`)).body
    const loginName = registration.observed.loginName
    assert.equal(loginName, 'work-m1@example.com')
    for (const part of [m.text, m.html]) {
      assert.ok(part.includes(loginName), 'login name in both parts')
      assert.ok(part.includes(`${simUrl}/login/index.php`), 'login URL in both parts')
    }
    assert.ok(m.password, 'a password in the text part')
    assert.ok(m.html.includes(m.password!), 'the same password in the HTML part')
    assert.equal(await logsIn(simUrl, loginName, m.password!), true, 'the mailed password opens the account')
    sentPasswords.push(m.password!)
    // Kept in the outbox, without the password.
    const [kept] = await eventually(async () => {
      const items = await outbox(id)
      return items[0]?.status === 'sent' ? items : null
    }, 10_000, 'outbox entry sent')
    assert.equal(kept.purpose, 'credentials')
    assert.ok(!kept.text.includes(m.password!) && !kept.html.includes(m.password!))
    assert.equal(mailsTo('work-M1@example.com').length, 1, 'exactly one mail')
  })

  it('sends an existing account the course-access mail without a password, and a retried reconcile sends no second mail', async () => {
    const first = await register({ person: person('M2'), courseCode: 'E101' })
    await eventually(async () => mailsTo('work-M2@example.com').length === 1, 20_000, 'credentials mail')
    sentPasswords.push(readMail(mailsTo('work-M2@example.com')[0]!.raw).password!)
    const second = await register({ person: person('M2'), courseCode: 'E102' })
    await eventually(async () => mailsTo('work-M2@example.com').length === 2, 20_000, 'course-access mail')
    const access = readMail(mailsTo('work-M2@example.com')[1]!.raw)
    assert.equal(access.password, undefined)
    assert.ok(!access.text.includes('Password:') && !access.html.includes('Password'), 'no password block')
    assert.ok(access.text.includes('Course E102'))
    // The same registration reconciled again (a retry, a duplicate event) sends nothing new.
    await t.api('POST', `/api/v1/registrations/${first}/retry`)
    await t.api('POST', `/api/v1/registrations/${second}/retry`)
    await eventually(async () => (await t.api('GET', `/api/v1/registrations/${second}`)).body.observed.status === 'active')
    await new Promise((r) => setTimeout(r, 1500))
    assert.equal(mailsTo('work-M2@example.com').length, 2)
  })

  it('delivers one mail when the SMTP server refuses for a while and then accepts', async () => {
    refuse = (address, attempt) => (address === 'work-M3@example.com' && attempt <= 2 ? { code: 451, message: '4.3.0 try again later' } : null)
    const id = await register({ person: person('M3'), courseCode: 'E101' })
    await eventually(async () => mailsTo('work-M3@example.com').length === 1, 30_000, 'the mail after retries')
    const [kept] = await eventually(async () => ((await outbox(id))[0]?.status === 'sent' ? await outbox(id) : null), 10_000)
    assert.ok(kept.attempts >= 3, `attempts ${kept.attempts}`)
    // Each refused attempt is counted for the operator, under its code.
    const metrics = (await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.key}` } })).body
    const failures = Number(/^coursebridge_mail_failures_total\{code="MAIL_SMTP_TEMPORARY"\} (\d+)$/m.exec(metrics)?.[1] ?? 0)
    assert.ok(failures >= 2, `coursebridge_mail_failures_total{code="MAIL_SMTP_TEMPORARY"} ${failures}`)
    sentPasswords.push(readMail(mailsTo('work-M3@example.com')[0]!.raw).password!)
    refuse = () => null
  })

  it('raises a notification when sending is given up; resend sets a new password that works and the old one does not', async () => {
    let blocked = true
    refuse = (address) => (blocked && address === 'work-M4@example.com' ? { code: 451, message: '4.3.0 mailbox busy' } : null)
    const id = await register({ person: person('M4'), courseCode: 'E101' })
    const failed = await eventually(async () => ((await outbox(id))[0]?.status === 'failed' ? (await outbox(id))[0] : null), 30_000, 'given up')
    assert.equal(failed.lastErrorCode, 'MAIL_SMTP_TEMPORARY')
    const notes = (await t.api('GET', `/api/v1/notifications?registrationId=${id}`)).body.items
    assert.equal(notes.length, 1)
    assert.equal(notes[0].code, 'MAIL_SMTP_TEMPORARY')
    assert.ok(notes[0].fix.length > 10)
    const loginName = (await t.api('GET', `/api/v1/registrations/${id}`)).body.observed.loginName

    // The first password never reached anyone; find the account's state through a resend.
    blocked = false
    const resend = await t.api('POST', `/api/v1/registrations/${id}/resend-credentials`)
    assert.equal(resend.status, 202)
    await eventually(async () => mailsTo('work-M4@example.com').length === 1, 20_000, 'resent mail')
    const newPassword = readMail(mailsTo('work-M4@example.com')[0]!.raw).password!
    assert.equal(await logsIn(simUrl, loginName, newPassword), true, 'the new password works')

    // A second resend: the password of the first resend stops working.
    await t.api('POST', `/api/v1/registrations/${id}/resend-credentials`)
    await eventually(async () => mailsTo('work-M4@example.com').length === 2, 20_000, 'second resent mail')
    const newest = readMail(mailsTo('work-M4@example.com')[1]!.raw).password!
    assert.notEqual(newest, newPassword)
    assert.equal(await logsIn(simUrl, loginName, newPassword), false, 'the old password no longer works')
    assert.equal(await logsIn(simUrl, loginName, newest), true)
    sentPasswords.push(newPassword, newest)
    refuse = () => null
  })

  it('refuses a template with an unknown variable at save time, naming the variable', async () => {
    const current = (await t.api('GET', '/api/v1/templates/new-account')).body
    const res = await t.api('PUT', '/api/v1/templates/new-account', { ...current, key: undefined, text: `${current.text}\n{{ login.nmae }}` })
    assert.equal(res.status, 422)
    assert.match(JSON.stringify(res.body.error), /login\.nmae/)
    assert.equal((await t.api('GET', '/api/v1/templates/new-account')).body.text, current.text, 'nothing saved')
  })

  it('escapes person data in the HTML mail', async () => {
    // Moodle refuses names with tags (PARAM_NOTAGS), so this person goes to an ILIAS (sandbox) course,
    // where the name is taken as it is — and the mail must show it as text, not run it.
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'ilias-sandbox', type: 'sandbox', settings: { sandboxLms: 'ilias' }, mapping: { emailSource: 'email2', loginNameStrategy: 'external-id', externalKey: 'personId' },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const connection = (await getConnection(t.app.ctx.db, t.app.ctx.box, 'default', c.body.id))!
    const refId = (await t.app.ctx.adapters.sandbox(connection)).ilias!.addCourse({ title: 'Safety first' })
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'IL-1', name: 'Safety first', connectionId: c.body.id, target: { type: 'ilias-course', refId: String(refId) },
    })
    await register({ person: person('M5', { firstName: '<script>alert(1)</script>', externId: 'ext-m5' }), courseCode: 'IL-1' })
    await eventually(async () => mailsTo('work-M5@example.com').length === 1, 20_000, 'the mail')
    const m = readMail(mailsTo('work-M5@example.com')[0]!.raw)
    assert.ok(!m.html.includes('<script>'), 'no live script tag')
    assert.ok(m.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    sentPasswords.push(m.password!)
  })

  it('refuses a name with a tag before any Moodle call, since Moodle would refuse it', async () => {
    const calls = sim.calls.length
    const id = await register({ person: person('M6', { firstName: '<b>Bold</b>' }), courseCode: 'E101' })
    const waiting = await eventually(async () => {
      const r = (await t.api('GET', `/api/v1/registrations/${id}`)).body
      return r.observed.status === 'waiting_for_data' ? r : null
    }, 20_000, 'waiting for data')
    assert.equal(waiting.observed.statusCode, 'PERSON_NAME_HAS_TAGS')
    assert.equal(sim.calls.length, calls, 'no Moodle call')
  })

  it('keeps no password in logs, step logs, API answers or the database after sending', async () => {
    assert.ok(sentPasswords.length >= 5)
    const { rows: tables } = await t.app.ctx.db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    )
    let dump = ''
    for (const { schema, name } of tables) {
      const { rows } = await t.app.ctx.db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`)
      dump += rows.map((r) => r.row).join('\n')
    }
    assert.ok(dump.length > 1000, 'the dump holds the data')
    let answers = ''
    for (const r of (await t.api('GET', '/api/v1/registrations')).body.items) {
      answers += JSON.stringify((await t.api('GET', `/api/v1/registrations/${r.id}`)).body)
    }
    answers += JSON.stringify((await t.api('GET', '/api/v1/mails')).body)
    answers += JSON.stringify((await t.api('GET', '/api/v1/notifications?state=all')).body)
    const logs = logLines.join('')
    assert.ok(logs.length > 0, 'the logs were captured')
    for (const password of sentPasswords) {
      assert.ok(!dump.includes(password), 'not in the database')
      assert.ok(!answers.includes(password), 'not in an API answer')
      assert.ok(!logs.includes(password), 'not in the logs')
    }
    assert.ok(!logs.includes(sim.token) && !dump.includes(sim.token), 'the LMS token neither')
  })
})
