// Risky actions ask first, through the browser: cancel access, resend credentials and remove show a page that
// says what will happen and change nothing until confirmed; resend is not offered on a cancelled registration
// and the API refuses it there too (REGISTRATION_CANCELLED); retry is not offered on an active one; the mail
// list names mails as administrators read them. Effects checked through the API.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, sandboxCourse, startUiTest, type UiTestContext } from './ui-harness.ts'
import { registrationReaches } from '../helpers/test-app.ts'

describe('Service Center: risky actions ask first', () => {
  let c: UiTestContext
  let id: string
  before(async () => {
    c = await startUiTest()
    c.page.setDefaultTimeout(30_000)
    await sandboxCourse(c.t, 'SAFE-1', 'Safety first')
    const reg = await c.t.api('POST', '/api/v1/registrations', {
      person: { personId: 'S1', firstName: 'Sanne', lastName: 'de Vries', email1: 'sanne@example.org' }, courseCode: 'SAFE-1',
    })
    assert.equal(reg.status, 202, JSON.stringify(reg.body))
    id = reg.body.id
    await registrationReaches(c.t, id, 'active')
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('offers no retry on an active registration, and names its mail readably', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/registrations/${id}`)
    await page.getByRole('heading', { name: /Sanne de Vries/, level: 1 }).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0)
    const mails = await page.locator('.mail-list').innerText()
    assert.match(mails, /Login details \(new account\)/)
    assert.doesNotMatch(mails, /· credentials ·/)
  })

  it('resend credentials asks first and names what changes; "keep" changes nothing', async () => {
    const { page, url, t } = c
    await page.getByRole('link', { name: 'Resend credentials…' }).click()
    await page.getByRole('heading', { name: 'Send Sanne de Vries new login details?' }).waitFor()
    assert.match(await page.locator('[data-confirm]').innerText(), /The current password stops working at once/)
    await page.getByRole('link', { name: 'Keep the password' }).click()
    await page.waitForURL(`${url}/ui/registrations/${id}`)
    const before = (await t.api('GET', `/api/v1/mails?registrationId=${id}`)).body.items.length

    await page.getByRole('link', { name: 'Resend credentials…' }).click()
    await page.getByRole('button', { name: 'Set a new password and mail it' }).click()
    await page.getByText('A new password is being set').waitFor()
    const mails = await waitFor(async () => {
      const items = (await t.api('GET', `/api/v1/mails?registrationId=${id}`)).body.items
      return items.length > before ? items : null
    })
    assert.ok(mails.some((m: { purpose: string }) => m.purpose.startsWith('credentials-resend')))
    await page.reload()
    assert.match(await page.locator('.mail-list').innerText(), /Login details sent again/)
    assert.doesNotMatch(await page.locator('.mail-list').innerText(), /credentials-resend-/)
  })

  it('cancel access asks first; after it, resend is neither offered nor accepted by the API', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/registrations/${id}`)
    await page.getByRole('link', { name: 'Cancel access…' }).click()
    await page.getByRole('heading', { name: 'Cancel the access of Sanne de Vries to SAFE-1?' }).waitFor()
    assert.match(await page.locator('[data-confirm]').innerText(), /No mail is sent/)
    assert.equal((await t.api('GET', `/api/v1/registrations/${id}`)).body.desired, 'active', 'the question changes nothing')
    await page.getByRole('button', { name: 'Cancel access' }).click()
    await page.getByText('Cancellation accepted').waitFor()
    assert.equal((await t.api('GET', `/api/v1/registrations/${id}`)).body.desired, 'cancelled')
    await registrationReaches(t, id, 'cancelled')

    await page.reload()
    assert.equal(await page.getByRole('link', { name: 'Resend credentials…' }).count(), 0, 'no resend on a cancelled registration')
    assert.equal(await page.getByRole('link', { name: 'Cancel access…' }).count(), 0)
    const refused = await t.api('POST', `/api/v1/registrations/${id}/resend-credentials`)
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'REGISTRATION_CANCELLED')
  })

  it('removes a cancelled registration only after a confirmation', async () => {
    const { page, url, t } = c
    await page.getByRole('link', { name: 'Remove registration…' }).click()
    await page.getByRole('heading', { name: 'Remove the registration of Sanne de Vries for SAFE-1?' }).waitFor()
    assert.equal((await t.api('GET', `/api/v1/registrations/${id}`)).status, 200)
    await page.getByRole('button', { name: 'Remove the registration' }).click()
    await page.waitForURL(`${url}/ui/registrations?done=registration-removed`)
    await page.getByText('Registration removed').waitFor()
    assert.equal((await t.api('GET', `/api/v1/registrations/${id}`)).status, 404)
  })
})

async function waitFor<T>(check: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 200))
  }
}
