// The Service Center's settings through the browser alone, each checked through the API: house style (a
// refused colour keeps what was typed and marks the field), action templates ("cancel access" mail on),
// the results webhook (secret shown once, rotated after a confirmation), and "send a test mail to me"
// on a template over a real SMTP server.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, startUiTestWithSmtp, type UiTestContext } from './ui-harness.ts'
import type { TestSmtpServer } from '../mail/smtp-test-server.ts'

describe('Service Center: settings', () => {
  let c: UiTestContext & { smtp: TestSmtpServer }
  before(async () => {
    c = await startUiTestWithSmtp()
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('saves the house style; a refused colour is marked next to its field and nothing typed is lost', async () => {
    const { page, url, t } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.waitForURL(`${url}/ui/settings`)
    await page.getByLabel('Name of the institute').fill('Academie Noord')
    await page.getByLabel('Main colour').fill('dark blue')
    await page.getByLabel('Footer').fill('Stationsplein 1, Groningen')
    await page.getByRole('button', { name: 'Save house style' }).click()
    const colour = page.getByLabel('Main colour')
    assert.equal(await colour.getAttribute('aria-invalid'), 'true')
    assert.match(await page.locator('#f-institute-primaryColor-error').innerText(), /#1a5276/)
    assert.equal(await colour.inputValue(), 'dark blue', 'the typed value stays')
    assert.equal(await page.getByLabel('Name of the institute').inputValue(), 'Academie Noord')
    assert.equal(await page.getByLabel('Footer').inputValue(), 'Stationsplein 1, Groningen')
    assert.equal((await t.api('GET', '/api/v1/settings')).body.institute.name, 'Training institute', 'nothing saved')

    await colour.fill('#0b6e4f')
    await page.getByRole('button', { name: 'Save house style' }).click()
    await page.getByText('House style saved.').waitFor()
    const { institute } = (await t.api('GET', '/api/v1/settings')).body
    assert.equal(institute.name, 'Academie Noord')
    assert.equal(institute.primaryColor, '#0b6e4f')
    assert.equal(institute.footer, 'Stationsplein 1, Groningen')
    const preview = await page.locator('iframe[data-preview="html"]').getAttribute('srcdoc')
    assert.match(preview ?? '', /Academie Noord/)
    assert.match(preview ?? '', /#0b6e4f/)
  })

  it('switches the "cancel access" mail on', async () => {
    const { page, t } = c
    assert.equal((await t.api('GET', '/api/v1/settings')).body.actionTemplates.cancel.sendMail, false)
    await page.getByLabel('Send the “access ended” mail when access is removed').check()
    await page.getByRole('button', { name: 'Save action templates' }).click()
    await page.getByText('Action templates saved.').waitFor()
    const { actionTemplates } = (await t.api('GET', '/api/v1/settings')).body
    assert.equal(actionTemplates.cancel.sendMail, true)
    assert.equal(actionTemplates.cancel.accessEndedTemplate, 'access-ended')
    assert.equal(await page.getByLabel('Send the “access ended” mail when access is removed').isChecked(), true)
  })

  it('sets the results webhook: the generated secret is shown once; a new one only after a confirmation', async () => {
    const { page, url, t } = c
    await page.getByLabel('Webhook address').fill('ftp://tms.example.org/results')
    await page.getByRole('button', { name: 'Save webhook' }).click()
    assert.equal(await page.getByLabel('Webhook address').getAttribute('aria-invalid'), 'true')
    assert.equal((await t.api('GET', '/api/v1/settings')).body.resultWebhook, null)

    await page.getByLabel('Webhook address').fill('https://tms.example.org/hooks/results')
    await page.getByRole('button', { name: 'Save webhook' }).click()
    const first = await page.locator('[data-new-secret]').innerText()
    assert.match(first, /^whsec_/)
    assert.deepEqual((await t.api('GET', '/api/v1/settings')).body.resultWebhook, { url: 'https://tms.example.org/hooks/results', secretSet: true })
    await page.goto(`${url}/ui/settings`)
    assert.ok(!(await page.content()).includes(first), 'shown only once')

    await page.getByRole('link', { name: 'Generate a new signing secret…' }).click()
    await page.getByRole('heading', { name: 'Generate a new signing secret for the results webhook?' }).waitFor()
    await page.getByRole('link', { name: 'Keep the current secret' }).click()
    await page.waitForURL(`${url}/ui/settings`)
    await page.getByRole('link', { name: 'Generate a new signing secret…' }).click()
    await page.getByRole('button', { name: 'Generate a new secret' }).click()
    const second = await page.locator('[data-new-secret]').innerText()
    assert.match(second, /^whsec_/)
    assert.notEqual(second, first)
  })

  it('sends a test mail of a template to the logged-in administrator over SMTP', async () => {
    const { page, url, smtp } = c
    await page.goto(`${url}/ui/templates/new-account`)
    await page.getByLabel('Subject').fill('Your login for {{ institute.name }} (checked)')
    await page.getByRole('button', { name: 'Send a test mail to me' }).click()
    await page.locator('[data-test-mail]').getByText('Test mail sent to admin@example.org.').waitFor()
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Your login for {{ institute.name }} (checked)', 'the form keeps its text')
    const mail = smtp.received.find((m) => m.to.includes('admin@example.org'))
    assert.ok(mail, 'the SMTP server received the test mail')
    assert.match(mail.raw, /Subject: \[Test\] Your login for Academie Noord \(checked\)/)
  })
})

describe('Service Center: test mail without an SMTP server', () => {
  it('says so instead of sending', async () => {
    const { startUiTest } = await import('./ui-harness.ts')
    const c = await startUiTest()
    try {
      await logIn(c)
      await c.page.goto(`${c.url}/ui/templates/course-access`)
      await c.page.getByRole('button', { name: 'Send a test mail to me' }).click()
      await c.page.locator('[data-test-mail]').getByText(/No test mail sent: no SMTP server is configured/).waitFor()
    } finally {
      await c.close()
    }
  })
})
