// The outbox's bulk statements and the mail flow for a whole batch of registrations (what one reconcile
// batch calls): each behaves as its one-registration form did, called once per registration.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findPart, parseMime } from '../mail/raw-mime.ts'
import { eventually, testDb } from '../helpers/test-app.ts'
import { startMailFixture, type MailFixture } from '../helpers/mail-fixture.ts'
import { addMail, addMails, findMails, recordMailOutcomes, releaseAwaitingMails } from '../../src/store/mails.ts'
import { queueNames } from '../../src/jobs/queue.ts'
import { getRegistrations } from '../../src/store/registrations.ts'
import { prepareCredentialsMails, queueAccessEndedMails, queueMailsAfterGrantMany } from '../../src/services/mail-flow.ts'

describe(`mail flow in bulk (${testDb})`, () => {
  let f: MailFixture
  before(async () => {
    f = await startMailFixture()
  })
  after(async () => {
    await f?.stop()
  })

  describe('outbox statements', () => {
    it('adds many mails in one call, keeping the one that stands and refreshing an awaiting credentials mail', async () => {
      const [a, b, c] = [await f.registration(), await f.registration(), await f.registration()]
      const db = f.t.app.ctx.db
      await addMail(db, f.credentials(a, { status: 'awaiting-account', passwordEnc: 'old', loginName: 'old-login' }))
      const standing = await addMail(db, f.credentials(b, { status: 'queued', passwordEnc: 'kept' }))
      const added = await addMails(db, [
        f.credentials(a, { status: 'awaiting-account', passwordEnc: 'new', loginName: 'new-login' }),
        f.credentials(b, { status: 'awaiting-account', passwordEnc: 'other' }),
        f.credentials(c, { purpose: 'course-access', templateKey: 'course-access', passwordEnc: null, loginName: null }),
      ])
      assert.deepEqual(added.map((m) => m.registration_id).sort(), [a.id, c.id].sort(), 'b’s queued mail stands')
      const refreshed = added.find((m) => m.registration_id === a.id)!
      assert.equal(refreshed.password_enc, 'new')
      assert.equal(refreshed.login_name, 'new-login')
      assert.equal((await f.mail(standing!.id)).password_enc, 'kept')
      assert.equal(added.find((m) => m.registration_id === c.id)!.status, 'queued')
    })

    it('treats the same registration and purpose twice in one call as two calls one after the other', async () => {
      const r = await f.registration()
      const added = await addMails(f.t.app.ctx.db, [
        f.credentials(r, { status: 'awaiting-account', passwordEnc: 'first' }),
        f.credentials(r, { status: 'awaiting-account', passwordEnc: 'second' }),
      ])
      assert.equal(added.length, 2, 'inserted, then refreshed')
      const [row] = [...(await findMails(f.t.app.ctx.db, [r.id], 'credentials')).values()]
      assert.equal(row!.password_enc, 'second')
    })

    it('finds mails by registration and releases only those that await their account', async () => {
      const [a, b, c] = [await f.registration(), await f.registration(), await f.registration()]
      const db = f.t.app.ctx.db
      await addMails(db, [f.credentials(a, { status: 'awaiting-account' }), f.credentials(b, { status: 'queued' })])
      const found = await findMails(db, [a.id, b.id, c.id], 'credentials')
      assert.deepEqual([...found.keys()].sort(), [a.id, b.id].sort(), 'c has none')
      const ids = [...found.values()].map((m) => m.id)
      assert.deepEqual(await releaseAwaitingMails(db, ids), [found.get(a.id)!.id])
      assert.deepEqual(await releaseAwaitingMails(db, ids), [], 'released once')
      assert.equal((await f.mail(found.get(a.id)!.id)).status, 'queued')
      assert.deepEqual(await releaseAwaitingMails(db, []), [])
    })

    it('records sent, retrying and failed outcomes in one statement, keeping the password only for a retry', async () => {
      const [a, b, c] = [await f.registration(), await f.registration(), await f.registration()]
      const db = f.t.app.ctx.db
      const [ma, mb, mc] = await Promise.all([a, b, c].map(async (r) => (await addMail(db, f.credentials(r)))!))
      await recordMailOutcomes(db, [
        { id: ma!.id, status: 'sent', subject: 'S', html: '<p>H</p>', text: 'T', messageId: '<m@x>' },
        { id: mb!.id, status: 'retrying', errorCode: 'MAIL_SMTP_TEMPORARY', error: 'later' },
        { id: mc!.id, status: 'failed', errorCode: 'MAIL_SMTP_REJECTED', error: 'no such mailbox' },
      ])
      const [ra, rb, rc] = [await f.mail(ma!.id), await f.mail(mb!.id), await f.mail(mc!.id)]
      assert.deepEqual([ra.status, ra.subject, ra.html, ra.text, ra.message_id, ra.password_enc, ra.attempts, ra.last_error_code],
        ['sent', 'S', '<p>H</p>', 'T', '<m@x>', null, 1, null])
      assert.ok(ra.sent_at instanceof Date)
      assert.deepEqual([rb.status, rb.password_enc, rb.attempts, rb.last_error_code, rb.subject, rb.sent_at],
        ['retrying', mb!.password_enc, 1, 'MAIL_SMTP_TEMPORARY', null, null])
      assert.deepEqual([rc.status, rc.password_enc, rc.attempts, rc.last_error_code, rc.last_error],
        ['failed', null, 1, 'MAIL_SMTP_REJECTED', 'no such mailbox'])
      await recordMailOutcomes(db, [{ id: ra.id, status: 'sent', subject: 'S2', html: 'H2', text: 'T2', messageId: '<m2@x>' }])
      assert.equal((await f.mail(ra.id)).attempts, 2)
    })
  })

  describe('mail flow for a batch of registrations', () => {
    const registrationsOf = async (rs: { id: string }[]) => {
      const byId = new Map((await getRegistrations(f.t.app.ctx.db, rs.map((r) => r.id))).map((r) => [r.id, r]))
      return rs.map((r) => byId.get(r.id)!)
    }
    const setActionTemplates = async (change: (a: { register: { sendMail: boolean }; cancel: { sendMail: boolean } }) => void) => {
      const settings = (await f.t.api('GET', '/api/v1/settings')).body
      change(settings.actionTemplates)
      assert.equal((await f.t.api('PUT', '/api/v1/settings', settings)).status, 200)
    }

    it('prepares the credentials mails of a batch awaiting their accounts, with the passwords sealed', async () => {
      const rs = [await f.registration(), await f.registration()]
      const [a, b] = await registrationsOf(rs)
      await prepareCredentialsMails(f.t.app.ctx, [
        { registration: a!, to: rs[0]!.to, loginName: 'nora.a', password: 'Secret-1a!' },
        { registration: b!, to: rs[1]!.to, loginName: 'nora.b', password: 'Secret-2b!' },
      ])
      const found = await findMails(f.t.app.ctx.db, rs.map((r) => r.id), 'credentials')
      assert.equal(found.size, 2)
      const ma = found.get(a!.id)!
      assert.deepEqual([ma.status, ma.login_name, ma.to_address, ma.template_key], ['awaiting-account', 'nora.a', rs[0]!.to, 'new-account'])
      assert.equal(f.t.app.ctx.box.open(ma.password_enc!), 'Secret-1a!')
      assert.ok(!ma.password_enc!.includes('Secret'))
    })

    it('after the grants: releases awaiting credentials mails, sends the others a course-access mail once, and leaves sent ones alone', async () => {
      const rs = [await f.registration(), await f.registration(), await f.registration(), await f.registration()]
      const [awaiting, fresh, done, repeated] = await registrationsOf(rs)
      await prepareCredentialsMails(f.t.app.ctx, [{ registration: awaiting!, to: rs[0]!.to, loginName: 'nora.w', password: 'Secret-3c!' }])
      const sent = (await addMail(f.t.app.ctx.db, f.credentials(rs[2]!)))!
      await recordMailOutcomes(f.t.app.ctx.db, [{ id: sent.id, status: 'sent', subject: 's', html: 'h', text: 't', messageId: '<s@x>' }])
      const entries = [awaiting!, fresh!, done!, repeated!, repeated!].map((registration, i) => ({ registration, to: rs[Math.min(i, 3)]!.to }))
      const queued = await queueMailsAfterGrantMany(f.t.app.ctx, entries)
      assert.deepEqual([...queued.keys()].sort(), rs.map((r) => r.id).sort(), 'an answer for every registration')
      assert.deepEqual(queued.get(awaiting!.id)!.map((m) => m.purpose), ['credentials'])
      assert.deepEqual(queued.get(fresh!.id)!.map((m) => m.purpose), ['course-access'])
      assert.deepEqual(queued.get(done!.id), [])
      assert.deepEqual(queued.get(repeated!.id)!.map((m) => m.purpose), ['course-access'], 'listed twice, queued once')
      // The same batch again (a retried reconcile): nothing new.
      const again = await queueMailsAfterGrantMany(f.t.app.ctx, entries)
      assert.ok([...again.values()].every((mails) => mails.length === 0))
      await eventually(async () => [0, 1, 3].every((i) => f.mailsTo(rs[i]!.to).length === 1), 20_000, 'the queued mails')
      await eventually(async () => (await f.t.app.ctx.queue.pendingCount(queueNames.sendMail)) === 0, 10_000, 'no job left')
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 1, 0, 1])
      assert.match(findPart(parseMime(f.mailsTo(rs[0]!.to)[0]!.raw), 'text/plain')!.body, /Secret-3c!/)
    })

    it('queues nothing when the tenant’s action templates send no mail; access-ended mails only when switched on', async () => {
      const rs = [await f.registration(), await f.registration()]
      const regs = await registrationsOf(rs)
      const entries = regs.map((registration, i) => ({ registration, to: rs[i]!.to }))
      await setActionTemplates((a) => { a.register.sendMail = false })
      try {
        await prepareCredentialsMails(f.t.app.ctx, [{ registration: regs[0]!, to: rs[0]!.to, loginName: 'x', password: 'Secret-4d!' }])
        const queued = await queueMailsAfterGrantMany(f.t.app.ctx, entries)
        assert.ok([...queued.values()].every((mails) => mails.length === 0))
      } finally {
        await setActionTemplates((a) => { a.register.sendMail = true })
      }
      await queueAccessEndedMails(f.t.app.ctx, entries)
      assert.equal((await findMails(f.t.app.ctx.db, rs.map((r) => r.id), 'access-ended')).size, 0, 'off by default')
      assert.equal((await findMails(f.t.app.ctx.db, rs.map((r) => r.id), 'credentials')).size, 0)
      await setActionTemplates((a) => { a.cancel.sendMail = true })
      try {
        await queueAccessEndedMails(f.t.app.ctx, entries)
        await queueAccessEndedMails(f.t.app.ctx, entries)
      } finally {
        await setActionTemplates((a) => { a.cancel.sendMail = false })
      }
      assert.equal((await findMails(f.t.app.ctx.db, rs.map((r) => r.id), 'access-ended')).size, 2)
      await eventually(async () => rs.every((r) => f.mailsTo(r.to).length === 1), 20_000, 'the access-ended mails')
      await eventually(async () => (await f.t.app.ctx.queue.pendingCount(queueNames.sendMail)) === 0, 10_000, 'no job left')
      assert.deepEqual(rs.map((r) => f.mailsTo(r.to).length), [1, 1], 'once each')
    })
  })
})
