// After a whole flow — a registration with its credentials mail, webhook secrets generated, a result pushed
// by the plugin and delivered signed to the training system — neither a dump of every table nor the
// captured log holds a webhook secret, the LMS token, the participant's password, an administrator's
// password hash (outside its own column) or a statement's parameter list.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.ts'
import { findPart, parseMime } from '../mail/raw-mime.ts'
import { verifyWebhook } from '../../src/webhooks/standard-webhooks.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import { eventually, registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

describe(`no secret at rest or in the log after a flow (${testDb})`, () => {
  let t: TestApp
  let sim: ReturnType<typeof createMoodleSimulator>
  let smtp: TestSmtpServer
  let receiver: Server
  const delivered: string[] = []
  const logLines: string[] = []
  const tmsSecret = 'tms-result-secret-5f4e3d2c1b0a'

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    smtp = await startTestSmtpServer()
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        if (verifyWebhook({ headers: req.headers, body: raw, secret: tmsSecret }).ok) delivered.push(raw)
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    t = await startTestApp({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academy <noreply@academy.example>' },
    }, { logStream: new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } }) })
    await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', { code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
    assert.equal(d.status, 201, JSON.stringify(d.body))
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
    await smtp?.close()
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()))
  })

  it('keeps every secret out of the tables and the log', async () => {
    const secrets: Record<string, string> = { 'LMS token': sim.token, 'result-webhook secret': tmsSecret }
    const settings = (await t.api('GET', '/api/v1/settings')).body
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/results`
    assert.equal((await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: receiverUrl, secret: tmsSecret } })).status, 200)
    const connectionId = (await t.api('GET', '/api/v1/connections')).body.items[0].id as string
    const ws = await t.api('POST', `/api/v1/connections/${connectionId}/webhook-secret`, undefined, { 'idempotency-key': 'flow-ws' })
    secrets['plugin webhook secret'] = ws.body.secret
    const rotated = await t.api('POST', '/api/v1/settings/result-webhook/secret', undefined, { 'idempotency-key': 'flow-rotate' })
    secrets['rotated result-webhook secret'] = rotated.body.secret
    // Back to the receiver's secret, so that the delivery can be verified.
    assert.equal((await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: receiverUrl, secret: tmsSecret } })).status, 200)
    const admin = await createAdminUser(t.app.ctx.db, 'default', 'admin@academy.example', 'correct horse battery staple')
    assert.ok(admin)
    const { rows: [hashRow] } = await t.app.ctx.db.query<{ password_hash: string }>('SELECT password_hash FROM admin_users')
    const hash = hashRow!.password_hash

    const reg = await t.api('POST', '/api/v1/registrations', {
      person: { personId: 'P-77', firstName: 'Mila', lastName: 'de Vries', email1: 'mila.devries@example.com' }, courseCode: 'E101',
    })
    assert.equal(reg.status, 202, JSON.stringify(reg.body))
    const active = await registrationReaches(t, reg.body.id, 'active')
    const mail = await eventually(async () => smtp.received.find((m) => m.to.includes('mila.devries@example.com')), 20_000, 'credentials mail')
    const password = /Password:\s+(\S+)/.exec(findPart(parseMime(mail.raw), 'text/plain')?.body ?? '')?.[1]
    assert.ok(password, 'the mail shows a password')
    secrets['participant password'] = password

    const appPort = (t.app.http.server.address() as AddressInfo).port
    sim.setResultsPlugin({ url: `http://127.0.0.1:${appPort}/webhooks/moodle/${connectionId}`, secret: ws.body.secret })
    await sim.completeCourse(Number(active.observed.lmsUserId), 2, { grade: 80 })
    await eventually(async () => delivered.length > 0, 20_000, 'the result delivered to the training system')

    const { rows: tables } = await t.app.ctx.db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_schema IN (current_schema(), $1, $2)`, [t.schema, `${t.schema}_jobs`])
    assert.ok(tables.length > 10, `only ${tables.length} tables found`)
    let dump = ''
    for (const table of tables) {
      const { rows } = await t.app.ctx.db.query(`SELECT * FROM "${table.schema}"."${table.name}"`)
      const kept = table.name === 'admin_users' ? rows.map((r) => ({ ...r, password_hash: '(its own column)' })) : rows
      dump += `${table.schema}.${table.name} ${JSON.stringify(kept)}\n`
    }
    const log = logLines.join('')
    assert.ok(log.length > 1000, 'the log was captured')
    for (const [what, value] of Object.entries({ ...secrets, 'password hash': hash })) {
      assert.ok(!dump.includes(value), `the ${what} is in a table`)
      assert.ok(!log.includes(value), `the ${what} is in the log`)
    }
    assert.doesNotMatch(log, /"params"|"parameters"|"values":\[/)
  })
})
