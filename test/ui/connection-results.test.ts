// A connection's results settings through the browser alone, checked through the API and the plugin's own
// signed request: the Moodle plugin's shared secret (after a confirmation, shown once) and "Poll results now".
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Webhook } from 'standardwebhooks'
import { logIn, startUiTest, type UiTestContext } from './ui-harness.ts'

describe('Service Center: results of a connection', () => {
  let c: UiTestContext
  let id: string
  before(async () => {
    c = await startUiTest()
    c.page.setDefaultTimeout(30_000)
    const conn = await c.t.api('POST', '/api/v1/connections', { name: 'Campus Moodle', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    assert.equal(conn.status, 201, JSON.stringify(conn.body))
    id = conn.body.id
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('generates the plugin secret after a confirmation; the plugin\'s signed request is accepted with it', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/connections/${id}`)
    await page.getByRole('link', { name: 'Generate a plugin secret…' }).click()
    await page.getByRole('heading', { name: 'Generate a new shared secret for the Moodle plugin of Campus Moodle?' }).waitFor()
    await page.getByRole('button', { name: 'Generate the secret' }).click()
    const secret = await page.locator('[data-plugin-secret]').innerText()
    assert.match(secret, /^whsec_/)
    await page.goto(`${url}/ui/connections/${id}`)
    assert.ok(!(await page.content()).includes(secret), 'shown only once')

    // The plugin's "managed courses" request, signed with the secret over an empty body, is accepted.
    const now = new Date()
    const signed = { 'webhook-id': 'msg_ui_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('msg_ui_1', now, '') }
    const res = await t.app.http.inject({ method: 'GET', url: `/webhooks/moodle/${id}/managed`, headers: signed })
    assert.equal(res.statusCode, 200, res.body)
  })

  it('polls results now', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/connections/${id}`)
    await page.getByRole('button', { name: 'Poll results now' }).click()
    await page.getByText('Results are being polled').waitFor()
    assert.match(page.url(), new RegExp(`/ui/connections/${id}\\?done=poll-queued`))
  })

  it('the course form chooses no connection while there are several; saving without one marks the field', async () => {
    const { page, url, t } = c
    await t.api('POST', '/api/v1/connections', { name: 'Archive Moodle', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    await page.goto(`${url}/ui/courses`)
    assert.equal(await page.getByLabel('Connection').inputValue(), '')
    await page.getByLabel('Course code (as in the training administration)').fill('NEW-1')
    await page.getByLabel('Name', { exact: true }).fill('New course')
    await page.getByLabel('Value (Moodle id, short name or idnumber; ILIAS ref id)').fill('2')
    await page.getByRole('button', { name: 'Add course definition' }).click()
    assert.equal(await page.getByLabel('Connection').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('Course code (as in the training administration)').inputValue(), 'NEW-1', 'nothing typed is lost')
    assert.equal((await t.api('GET', '/api/v1/course-definitions')).body.items.length, 0)
  })
})
