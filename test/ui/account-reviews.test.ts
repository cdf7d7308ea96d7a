// The review list in a real Chromium: an account found by the person's e-mail waits under the "review" policy
// (chosen in the connection form), "Link it" adopts it, and the adoption report counts the persons.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { logIn, screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'
import { eventually, registrationReaches } from '../helpers/test-app.ts'

describe('Service Center: accounts to review (Chromium)', () => {
  let c: UiTestContext
  let sim: ReturnType<typeof createMoodleSimulator>
  let connectionId: string
  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    sim.addFunctionToService('coursebridge', 'core_user_get_users')
    c = await startUiTest()
    const conn = await c.t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })
    assert.equal(conn.status, 201)
    connectionId = conn.body.id
    assert.equal((await c.t.api('POST', '/api/v1/course-definitions', {
      code: 'E101', name: 'E101', connectionId, target: { type: 'moodle-course', by: 'id', value: '2' },
    })).status, 201)
    await logIn(c)
  })
  after(async () => {
    await c?.close()
    await sim?.stop()
  })

  it('sets "review" in the connection form, lists the candidate and links it with one click', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/connections/${connectionId}`)
    await page.getByLabel('Existing accounts without our key').selectOption('review')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.waitForURL(/done=connection-saved/)
    assert.equal((await t.api('GET', `/api/v1/connections/${connectionId}`)).body.settings.accountMatching, 'review')

    const id = sim.addUser({ username: 'lisa.link', firstname: 'Lisa', lastname: 'Link', email: 'Lisa.Link@Example.com', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: { personId: 'L1', firstName: 'Lisa', lastName: 'Link', email1: 'lisa.link@example.com' }, courseCode: 'E101' })
    await registrationReaches(t, res.body.id, 'needs_admin', 60_000)

    await page.goto(`${url}/ui/`)
    await page.getByRole('link', { name: 'Accounts to review' }).click()
    const row = page.locator('tr[data-review-id]')
    await row.waitFor()
    const text = await row.innerText()
    for (const shown of [String(id), 'lisa.link', 'Lisa.Link@Example.com', 'Lisa Link', 'no external key', 'L1']) assert.ok(text.includes(shown), `${shown} in ${text}`)
    assert.match(text, /has no external key/)
    await screenshot(page, 'account-reviews')
    await row.getByRole('button', { name: 'Link it' }).click()
    await page.waitForURL(/decided=link/)
    assert.ok(await page.getByRole('status').filter({ hasText: 'Decision recorded' }).isVisible())

    const done = await registrationReaches(t, res.body.id, 'active', 60_000)
    assert.equal(done.observed.lmsUserId, String(id))
    assert.equal(sim.userById(id)!.idnumber, 'L1')
    assert.equal(sim.findUsers((u) => u.email.toLowerCase() === 'lisa.link@example.com').length, 1)
    await eventually(async () => {
      await page.reload()
      return (await page.locator('tr[data-review-id]').count()) === 0
    }, 20_000, 'off the list')
  })

  it('shows the adoption report of a connection', async () => {
    const { page, url, t } = c
    sim.addUser({ username: 'ada', firstname: 'Ada', lastname: 'A', email: 'ada@example.com', idnumber: '' })
    await t.api('PUT', '/api/v1/persons/R2', { personId: 'R2', firstName: 'Ada', lastName: 'A', email1: 'ADA@example.com' })
    await page.goto(`${url}/ui/account-reviews`)
    await page.getByLabel('Connection').selectOption(connectionId)
    await page.getByRole('button', { name: 'Compare' }).click()
    const report = page.locator('.adoption-report')
    await report.waitFor()
    assert.equal(await report.locator('[data-count="persons"]').innerText(), '2')
    assert.equal((await report.locator('[data-count="matchedByKey"]').innerText()).trim(), '1')
    assert.match(await report.locator('[data-count="adoptable"]').innerText(), /^1[\s\S]*R2/)
  })
})
