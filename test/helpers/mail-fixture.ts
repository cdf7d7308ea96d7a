// A coursebridge app with a real SMTP server (smtp-server, in-process) and a blocked sandbox connection:
// registrations are stored but their reconciles call nothing and queue no mail, so every mail in the
// outbox is one the test added. For the tests of the mail path's bulk statements and batch handler.
import assert from 'node:assert/strict'
import { startTestSmtpServer, type SmtpReply, type TestSmtpServer } from '../mail/smtp-test-server.ts'
import { startTestApp, type TestApp } from './test-app.ts'
import { setConnectionBlocked } from '../../src/store/connections.ts'
import { getMails, type NewMail } from '../../src/store/mails.ts'
import { listNotifications } from '../../src/store/notifications.ts'
import type { SmtpConfig } from '../../src/mail/mail-transport.ts'

export interface MailFixture {
  t: TestApp
  smtp: TestSmtpServer
  smtpConfig: SmtpConfig
  /** Decides per recipient and attempt whether the SMTP server refuses (reset to "never" by default). */
  refuse: (address: string, attempt: number) => SmtpReply | null
  /** A registration of a new person, and the address its mails go to. */
  registration(): Promise<{ id: string; to: string }>
  /** A queued credentials mail (new-account template, a sealed password) for the registration. */
  credentials(r: { id: string; to: string }, o?: Partial<NewMail>): NewMail
  mailsTo(address: string): TestSmtpServer['received']
  mail(id: string): Promise<Awaited<ReturnType<typeof getMails>>[number]>
  /** The registration's mail notifications (MAIL_…), not the blocked connection's. */
  mailNotices(registrationId: string): Promise<Awaited<ReturnType<typeof listNotifications>>>
  stop(): Promise<void>
}

export async function startMailFixture(): Promise<MailFixture> {
  let n = 0
  const fixture = {} as MailFixture
  fixture.refuse = () => null
  const smtp = await startTestSmtpServer({ rejectRecipient: (a, k) => fixture.refuse(a, k) })
  const smtpConfig = { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academy <noreply@academy.example>' }
  const t = await startTestApp({ smtp: smtpConfig, mailRetryLimit: 2 })
  const c = await t.api('POST', '/api/v1/connections', { name: 'sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  await setConnectionBlocked(t.app.ctx.db, c.body.id, 'TEST_PAUSED')
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'B1', name: 'Batch course', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))

  return Object.assign(fixture, {
    t,
    smtp,
    smtpConfig,
    async registration() {
      const personId = `B${++n}`
      const to = `${personId.toLowerCase()}@example.org`
      const res = await t.api('POST', '/api/v1/registrations', {
        person: { personId, firstName: 'Nora', lastName: `Bakker ${n}`, email1: to }, courseCode: 'B1',
      })
      assert.equal(res.status, 202, JSON.stringify(res.body))
      return { id: res.body.id as string, to }
    },
    credentials: (r: { id: string; to: string }, o: Partial<NewMail> = {}): NewMail => ({
      tenantId: 'default', registrationId: r.id, purpose: 'credentials', templateKey: 'new-account', to: r.to, status: 'queued',
      passwordEnc: t.app.ctx.box.seal(`Pw-${r.id.slice(0, 8)}!a7`), loginName: `login-${r.id.slice(0, 8)}`, ...o,
    }),
    mailsTo: (address: string) => smtp.received.filter((m) => m.to.includes(address)),
    mail: async (id: string) => (await getMails(t.app.ctx.db, [id]))[0]!,
    mailNotices: async (registrationId: string) =>
      (await listNotifications(t.app.ctx.db, 'default', { registrationId })).filter((x) => x.code.startsWith('MAIL_')),
    async stop() {
      await t.stop()
      await smtp.close()
    },
  })
}
