// A connection that is set up wrong: the check in the Service Center names the failing step and shows
// its fix, with the menu path and a link to the page in that Moodle.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { logIn, screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'

describe('Service Center: a failing connection check shows its fix', () => {
  let c: UiTestContext
  let sim: MoodleSimulator
  let moodleUrl: string
  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    moodleUrl = await sim.start(0)
    sim.setSetting('enablewebservices', false)
    c = await startUiTest()
    await logIn(c)
  })
  after(async () => {
    await c?.close()
    await sim?.stop()
  })

  it('names the step that fails for a Moodle with web services off, with the fix and a link to the setting', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/connections`)
    await page.getByLabel('Name', { exact: true }).fill('Moodle without web services')
    await page.getByLabel('Type').selectOption('moodle')
    await page.getByLabel('Base URL').fill(moodleUrl)
    await page.getByLabel('Web-service token').fill(sim.token)
    await page.getByLabel('Environment').selectOption('training') // a live connection must use https
    await page.getByRole('button', { name: 'Add connection' }).click()
    await page.getByText('Connection added.').waitFor()

    await page.getByRole('button', { name: 'Run check' }).click()
    await page.locator('.check-report').waitFor()
    assert.match(await page.locator('.check-summary').innerText(), /failed/)
    const failed = page.locator('.check-item.check-fail')
    assert.equal(await failed.count(), 1, 'only the one wrong step fails')
    const text = await failed.innerText()
    assert.match(text, /web services/i)
    assert.match(text, /Fix:/)
    const link = failed.getByRole('link', { name: /Open this page in the LMS/ })
    assert.equal(await link.getAttribute('href'), `${moodleUrl}/admin/settings.php?section=webservicesoverview`)
    await screenshot(page, '11-connection-check-fail')

    // The token field stays write-only: the page never shows it again.
    assert.equal(await page.getByLabel('Web-service token').inputValue(), '')
    assert.doesNotMatch(await page.content(), new RegExp(sim.token))
  })

  it('passes once web services are on again', async () => {
    const { page } = c
    sim.setSetting('enablewebservices', true)
    await page.getByRole('button', { name: 'Run check' }).click()
    await page.locator('.check-report').waitFor()
    await page.getByText('All required checks passed.').waitFor()
    assert.equal(await page.locator('.check-item.check-fail').count(), 0)
  })
})
