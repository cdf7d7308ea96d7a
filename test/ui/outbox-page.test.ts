// The outbox through the browser alone, each effect checked through the API: the mails that have not gone
// out (a real SMTP server refuses them: 451 = retried much later, 550 = failed), named readably, filtered;
// "send now" sends a retrying mail at once; "discard" asks first, says what it means, erases the password,
// and the mail never goes (also when its retry job comes due). The API refuses what makes no sense (409),
// each refusal logged once with its code.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { logIn, sandboxCourse, startUiTestWithSmtp, type UiTestContext } from './ui-harness.ts'
import { eventually, registrationReaches } from '../helpers/test-app.ts'
import type { TestSmtpServer } from '../mail/smtp-test-server.ts'
import { queueNames } from '../../src/jobs/queue.ts'

type Mail = { id: string; status: string; purpose: string; passwordKept: boolean; lastErrorCode: string | null }

describe('Service Center: the outbox', () => {
  let c: UiTestContext & { smtp: TestSmtpServer }
  const logs: { level: number; msg: string; code?: string; action?: string }[] = []
  const refusing = new Map<string, number>([['ida@example.org', 451], ['jan@example.org', 451], ['kim@example.org', 550]])
  const regs: Record<string, string> = {}
  const mailOf = async (name: string): Promise<Mail> => {
    const items = (await c.t.api('GET', `/api/v1/mails?registrationId=${regs[name]}`)).body.items as Mail[]
    return items.find((m) => m.purpose === 'credentials')!
  }

  before(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line))
        done()
      },
    })
    // A retry lies ten minutes ahead: a mail sent within the test was sent by "send now".
    c = await startUiTestWithSmtp({
      smtp: {
        rejectRecipient: (address) => {
          const code = refusing.get(address)
          return code ? { code, message: code === 451 ? '4.7.1 Try again later' : '5.1.1 Mailbox unavailable' } : null
        },
      },
      config: { retryDelaySeconds: 600, mailRetryLimit: 3 },
      app: { logStream },
    })
    const { t } = c
    await sandboxCourse(t, 'OUT-1', 'Outbox course')
    for (const [name, last] of [['ida', 'Ivens'], ['jan', 'Jansen'], ['kim', 'Kok']] as const) {
      const reg = await t.api('POST', '/api/v1/registrations', {
        person: { personId: name.toUpperCase(), firstName: name[0]!.toUpperCase() + name.slice(1), lastName: last, email1: `${name}@example.org` },
        courseCode: 'OUT-1',
      })
      assert.equal(reg.status, 202, JSON.stringify(reg.body))
      regs[name] = reg.body.id
    }
    for (const id of Object.values(regs)) await registrationReaches(t, id, 'active')
    let seen = ''
    await eventually(async () => {
      const mails = await Promise.all(['ida', 'jan', 'kim'].map(async (n) => [n, await mailOf(n)] as const))
      seen = mails.map(([n, m]) => `${n}:${m?.status}`).join(' ')
      if (seen !== 'ida:retrying jan:retrying kim:failed') seen += ` ${JSON.stringify(mails.map(([, m]) => m && { a: (m as Mail & { attempts: number }).attempts, e: (m as Mail & { lastError: string }).lastError }))}`
      return seen === 'ida:retrying jan:retrying kim:failed'
    }, 60_000, 'the refused mails to be retrying / failed').catch((err: Error) => { throw new Error(`${err.message} (${seen})`) })
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('lists the mails that have not gone out, named readably, and filters them', async () => {
    const { page } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click()
    await page.getByRole('heading', { name: 'Outbox: mails not sent', level: 1 }).waitFor()
    const table = page.locator('table[data-list="outbox"]')
    assert.equal(await table.locator('tbody tr').count(), 3)
    const text = await table.innerText()
    assert.match(text, /Credentials \(new account\)/)
    assert.doesNotMatch(text, /\tcredentials\t/, 'no internal purpose key')
    assert.match(text, /Retrying/)
    assert.match(text, /Failed/)
    assert.match(text, /MAIL_SMTP_TEMPORARY/)
    assert.match(text, /MAIL_SMTP_REJECTED/)

    await page.getByLabel('State').selectOption('retrying')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/status=retrying/)
    assert.equal(await table.locator('tbody tr').count(), 2)
    await page.getByLabel('Person (id, name or e-mail)').fill('Ida')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/q=Ida/)
    assert.equal(await table.locator('tbody tr').count(), 1)
    assert.match(await table.innerText(), /Ida Ivens/)
  })

  it('offers no "send now" on a failed credentials mail whose password is gone, and the API refuses it', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/outbox?status=failed`)
    const row = page.locator('tr', { hasText: 'Kim Kok' })
    assert.equal(await row.getByRole('button', { name: 'Send now' }).count(), 0)
    assert.match(await row.innerText(), /Password no longer kept/)
    const kim = await mailOf('kim')
    assert.equal(kim.passwordKept, false)
    const refused = await t.api('POST', `/api/v1/mails/${kim.id}/send-now`)
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'MAIL_PASSWORD_UNAVAILABLE')
  })

  it('"send now" sends a retrying mail at once, not after its retry delay', async () => {
    const { page, url, t, smtp } = c
    refusing.delete('ida@example.org')
    await page.goto(`${url}/ui/outbox`)
    await page.locator('tr', { hasText: 'Ida Ivens' }).getByRole('button', { name: 'Send now' }).click()
    await page.getByText('The mail is being sent now').waitFor()
    const sent = await eventually(async () => {
      const m = await mailOf('ida')
      return m.status === 'sent' ? m : null
    }, 15_000, 'the mail to Ida to be sent')
    assert.equal(sent.passwordKept, false)
    assert.ok(smtp.received.some((m) => m.to.includes('ida@example.org')))
    await page.goto(`${url}/ui/outbox`)
    assert.equal(await page.locator('tr', { hasText: 'Ida Ivens' }).count(), 0, 'a sent mail leaves the outbox')

    const again = await t.api('POST', `/api/v1/mails/${sent.id}/discard`)
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'MAIL_ALREADY_SENT')
    assert.equal(logs.filter((l) => l.code === 'MAIL_ALREADY_SENT' && l.action === 'discard').length, 1, 'the refusal is logged once with its code')
  })

  it('"discard" asks first, says what it means; confirmed, the password is erased and the mail never goes', async () => {
    const { page, url, t, smtp } = c
    await page.goto(`${url}/ui/outbox`)
    await page.locator('tr', { hasText: 'Jan Jansen' }).getByRole('link', { name: 'Discard…' }).click()
    await page.getByRole('heading', { name: 'Discard the mail "Credentials (new account)" to Jan Jansen?' }).waitFor()
    const consequences = await page.locator('[data-confirm]').innerText()
    assert.match(consequences, /Jan Jansen never gets these login details/)
    assert.match(consequences, /password kept for it is erased/)
    assert.match(consequences, /Resend credentials/)
    await page.getByRole('link', { name: 'Keep the mail' }).click()
    await page.waitForURL(`${url}/ui/outbox`)
    assert.equal((await mailOf('jan')).status, 'retrying', 'the question changes nothing')

    await page.locator('tr', { hasText: 'Jan Jansen' }).getByRole('link', { name: 'Discard…' }).click()
    await page.getByRole('button', { name: 'Discard the mail' }).click()
    await page.getByText('Mail discarded: it will never be sent.').waitFor()
    assert.equal(await page.locator('tr', { hasText: 'Jan Jansen' }).count(), 0)
    const jan = await mailOf('jan')
    assert.equal(jan.status, 'discarded')
    assert.equal(jan.passwordKept, false)
    const { rows } = await t.app.ctx.db.query<{ password_enc: string | null; discarded_by: string }>(
      'SELECT password_enc, discarded_by FROM mails WHERE id = $1', [jan.id])
    assert.equal(rows[0]!.password_enc, null, 'the encrypted password is erased')
    assert.equal(rows[0]!.discarded_by, 'admin:admin@example.org')

    // Its send job, come due (here: at once), finds it discarded and sends nothing, even with the server willing.
    refusing.delete('jan@example.org')
    await t.app.ctx.queue.sendMailsNow([jan.id])
    await eventually(async () => (await t.app.ctx.queue.pendingCount(queueNames.sendMail)) === 0, 15_000, 'the send job to finish')
    assert.equal((await mailOf('jan')).status, 'discarded')
    assert.ok(!smtp.received.some((m) => m.to.includes('jan@example.org')), 'a discarded mail is never sent')

    for (const action of ['send-now', 'discard']) {
      const refused = await t.api('POST', `/api/v1/mails/${jan.id}/${action}`)
      assert.equal(refused.status, 409, action)
      assert.equal(refused.body.error.code, 'MAIL_DISCARDED')
    }
    const missing = await t.api('POST', '/api/v1/mails/00000000-0000-4000-8000-000000000000/discard')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'MAIL_NOT_FOUND')
  })

  it('discards through the API too: the failed mail leaves the outbox and its notification is resolved', async () => {
    const { t } = c
    const kim = await mailOf('kim')
    const open = async () => (await t.api('GET', `/api/v1/notifications?state=open&registrationId=${regs.kim}`)).body.items
      .filter((n: { code: string }) => n.code.startsWith('MAIL_'))
    assert.ok((await open()).length >= 1, 'the failed mail raised a notification')
    const res = await t.api('POST', `/api/v1/mails/${kim.id}/discard`)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.status, 'discarded')
    assert.ok(res.body.discardedAt)
    assert.equal((await open()).length, 0)
  })
})
