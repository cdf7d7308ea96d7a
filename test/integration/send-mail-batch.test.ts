// The send-mail job takes a batch of mails: one bad mail (a missing template, an SMTP 451, a refusal)
// changes nothing for the others in its batch, and none of them gets a second mail.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { findPart, parseMime } from '../mail/raw-mime.ts'
import { eventually, testDb } from '../helpers/test-app.ts'
import { startMailFixture, type MailFixture } from '../helpers/mail-fixture.ts'
import { addMails, getMails, recordMailOutcomes, type MailRow } from '../../src/store/mails.ts'
import { createSendMailHandler, passwordMask, type SendMailJob } from '../../src/jobs/send-mail.ts'
import { createRenderPool, type TemplateRenderPool } from '../../src/mail/render-pool.ts'
import { createMailTransport, type MailTransport } from '../../src/mail/mail-transport.ts'
import { queueNames } from '../../src/jobs/queue.ts'

describe(`send-mail in batches (${testDb})`, () => {
  let f: MailFixture
  let transport: MailTransport
  let renderer: TemplateRenderPool
  before(async () => {
    f = await startMailFixture()
    transport = createMailTransport(f.smtpConfig)
    renderer = createRenderPool()
  })
  after(async () => {
    transport?.close()
    await renderer?.close()
    await f?.stop()
  })

  const handler = (o: { sendBudgetMs?: number } = {}) =>
    createSendMailHandler({ ...f.t.app.ctx, renderer, transport, ...o })
  const jobsFor = (mails: MailRow[], retryCount = 0): SendMailJob[] =>
    mails.map((m) => ({ data: { mailId: m.id }, job: { id: randomUUID(), retryCount, retryLimit: 2 } }))

  describe('the batch handler', () => {
    it('sends the others of a batch when one mail’s template is missing, and fails that one with its notification', async () => {
      const rs = [await f.registration(), await f.registration(), await f.registration()]
      const mails = await addMails(f.t.app.ctx.db, [
        f.credentials(rs[0]!), f.credentials(rs[1]!, { templateKey: 'no-such-template' }), f.credentials(rs[2]!),
      ])
      const retry = await handler()(jobsFor(mails))
      assert.equal(retry.size, 0)
      for (const r of [rs[0]!, rs[2]!]) {
        assert.equal(f.mailsTo(r.to).length, 1, `one mail to ${r.to}`)
        const text = findPart(parseMime(f.mailsTo(r.to)[0]!.raw), 'text/plain')!.body
        assert.match(text, /Pw-/, 'the real password in the mail')
        const kept = mails.find((m) => m.registration_id === r.id)!
        const row = await f.mail(kept.id)
        assert.equal(row.status, 'sent')
        assert.equal(row.password_enc, null)
        assert.ok(row.text!.includes(passwordMask) && !row.text!.includes('Pw-'), 'kept masked')
        assert.deepEqual(await f.mailNotices(r.id), [])
      }
      const bad = mails.find((m) => m.registration_id === rs[1]!.id)!
      assert.equal(f.mailsTo(rs[1]!.to).length, 0)
      const row = await f.mail(bad.id)
      assert.equal(row.status, 'failed')
      assert.equal(row.last_error_code, 'MAIL_TEMPLATE_NOT_FOUND')
      assert.equal(row.password_enc, null)
      const notes = await f.mailNotices(rs[1]!.id)
      assert.deepEqual(notes.map((x) => x.code), ['MAIL_TEMPLATE_NOT_FOUND'])
      assert.match(notes[0]!.message, /no-such-template/)
    })

    it('retries only the mail whose recipient got a 451; the others get exactly one mail', async () => {
      const rs = [await f.registration(), await f.registration(), await f.registration()]
      const busy = rs[1]!.to
      f.refuse = (address, attempt) => (address === busy && attempt === 1 ? { code: 451, message: '4.3.0 try again later' } : null)
      const mails = await addMails(f.t.app.ctx.db, rs.map((r) => f.credentials(r)))
      const jobs = jobsFor(mails)
      const retry = await handler()(jobs)
      const busyMail = mails.find((m) => m.registration_id === rs[1]!.id)!
      const busyJob = jobs.find((j) => j.data.mailId === busyMail.id)!
      assert.deepEqual([...retry.keys()], [busyJob.job.id], 'only that job is retried')
      const retrying = await f.mail(busyMail.id)
      assert.equal(retrying.status, 'retrying')
      assert.equal(retrying.last_error_code, 'MAIL_SMTP_TEMPORARY')
      assert.ok(retrying.password_enc, 'the password stays for the retry')
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 0, 1])

      // The queue's retry: the whole batch again finds the others sent and sends only that mail.
      const again = await handler()(jobsFor(mails, 1))
      assert.equal(again.size, 0)
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 1, 1])
      const sent = await f.mail(busyMail.id)
      assert.equal(sent.status, 'sent')
      assert.equal(sent.attempts, 2)
      f.refuse = () => null
    })

    it('gives up on the last retry with a notification and erases the password; a mail without its password fails as before', async () => {
      const [a, b] = [await f.registration(), await f.registration()]
      f.refuse = (address) => (address === a.to ? { code: 451, message: '4.3.0 mailbox busy' } : null)
      const mails = await addMails(f.t.app.ctx.db, [f.credentials(a), f.credentials(b, { passwordEnc: null })])
      const retry = await handler()(jobsFor(mails, 2))
      assert.equal(retry.size, 0, 'no retries left')
      const [ra, rb] = [mails.find((m) => m.registration_id === a.id)!, mails.find((m) => m.registration_id === b.id)!]
      const given = await f.mail(ra.id)
      assert.equal(given.status, 'failed')
      assert.equal(given.password_enc, null)
      assert.match(given.last_error!, /gave up after 3 attempts/)
      assert.deepEqual((await f.mailNotices(a.id)).map((x) => x.code), ['MAIL_SMTP_TEMPORARY'])
      assert.equal((await f.mail(rb.id)).last_error_code, 'MAIL_PASSWORD_UNAVAILABLE')
      assert.deepEqual((await f.mailNotices(b.id)).map((x) => x.code), ['MAIL_PASSWORD_UNAVAILABLE'])
      assert.equal(f.mailsTo(b.to).length, 0)
      f.refuse = () => null
    })

    it('skips mails that are sent, failed or still await their account', async () => {
      const [a, b] = [await f.registration(), await f.registration()]
      const mails = await addMails(f.t.app.ctx.db, [f.credentials(a, { status: 'awaiting-account' }), f.credentials(b)])
      const sent = mails.find((m) => m.registration_id === b.id)!
      await recordMailOutcomes(f.t.app.ctx.db, [{ id: sent.id, status: 'sent', subject: 's', html: 'h', text: 't', messageId: '<x@y>' }])
      assert.equal((await handler()(jobsFor(mails))).size, 0)
      assert.deepEqual([f.mailsTo(a.to).length, f.mailsTo(b.to).length], [0, 0])
      assert.equal((await f.mail(sent.id)).attempts, 1)
    })

    it('starts no further SMTP mail once the batch used its time, and gives the rest new jobs', async () => {
      const rs = [await f.registration(), await f.registration(), await f.registration()]
      const mails = await addMails(f.t.app.ctx.db, rs.map((r) => f.credentials(r)))
      const order = new Map(rs.map((r, i) => [r.id, i]))
      mails.sort((x, y) => order.get(x.registration_id)! - order.get(y.registration_id)!)
      const retry = await handler({ sendBudgetMs: 0 })(jobsFor(mails))
      assert.equal(retry.size, 0)
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 0, 0], 'the first mail of a batch always goes')
      for (const m of mails.slice(1)) assert.equal((await f.mail(m.id)).status, 'queued')
      // The new jobs wait a few seconds, then the app's worker sends them.
      await eventually(async () => rs.every((r) => f.mailsTo(r.to).length === 1), 20_000, 'the deferred mails')
      await eventually(async () => (await f.t.app.ctx.queue.pendingCount(queueNames.sendMail)) === 0, 10_000, 'no job left')
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 1, 1])
    })
  })

  describe('through the queue', () => {
    it('queues a job per mail in one statement, never a second while one is queued, and the worker sends each once', async () => {
      const rs = await Promise.all(Array.from({ length: 6 }, () => f.registration()))
      const busy = rs[2]!.to
      f.refuse = (address, attempt) => (address === busy && attempt === 1 ? { code: 451, message: '4.3.0 try again later' } : null)
      const mails = await addMails(f.t.app.ctx.db, rs.map((r) => f.credentials(r)))
      const ids = mails.map((m) => m.id)
      // Not yet due, so no worker takes them while the second call tries to add more.
      await f.t.app.ctx.queue.enqueueSendMails([...ids, ...ids], { startAfterSeconds: 2 })
      await f.t.app.ctx.queue.enqueueSendMails(ids, { startAfterSeconds: 2 })
      const { rows: jobs } = await f.t.app.ctx.db.query<{ key: string; n: number }>(
        `SELECT singleton_key AS key, count(*)::int AS n FROM ${f.t.schema}_jobs.job WHERE name = $1 AND singleton_key = ANY($2) GROUP BY 1`,
        [queueNames.sendMail, ids],
      )
      assert.deepEqual(jobs.map((j) => j.n), ids.map(() => 1), 'one job per mail')
      await eventually(async () => rs.every((r) => f.mailsTo(r.to).length === 1), 30_000, 'every mail, the busy one after its retry')
      await eventually(async () => (await f.t.app.ctx.queue.pendingCount(queueNames.sendMail)) === 0, 10_000, 'no job left')
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 1, 1, 1, 1, 1])
      const rows = await getMails(f.t.app.ctx.db, ids)
      assert.ok(rows.every((m) => m.status === 'sent' && m.password_enc === null))
      assert.equal(rows.find((m) => m.to_address === busy)!.attempts, 2)
      f.refuse = () => null
    })
  })
})
