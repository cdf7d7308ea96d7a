// A new administrator sets coursebridge up through the Service Center and sees a registration through:
// log in, add a sandbox connection, run its check, choose the login-name strategy with the live
// example, map a course, register a person, and see the account, the mail and the step timeline.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, reloadUntil, screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'

describe('Service Center: from log-in to an active registration', () => {
  let c: UiTestContext
  before(async () => {
    c = await startUiTest()
  })
  after(async () => {
    await c?.close()
  })

  it('sends a visitor without a session to the log-in form, and back to the page asked for after log-in', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/notifications`)
    assert.equal(new URL(page.url()).pathname, '/ui/login')
    await screenshot(page, '01-login')
    await page.getByLabel('E-mail address').fill(c.admin.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('The e-mail address or the password is wrong.').waitFor()
    await page.getByLabel('Password').fill(c.admin.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${url}/ui/notifications`)
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor()
  })

  it('shows the overview with registrations by state', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/`)
    await page.getByRole('heading', { name: 'Registrations by state' }).waitFor()
    assert.match(await page.locator('main').innerText(), /No connection yet/)
  })

  it('adds a sandbox connection', async () => {
    const { page, url } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click()
    await page.waitForURL(`${url}/ui/connections`)
    await page.getByLabel('Name', { exact: true }).fill('Sandbox')
    await page.getByLabel('Type').selectOption('sandbox')
    assert.equal(await page.getByLabel('Base URL').isVisible(), false, 'a sandbox needs no address')
    assert.equal(await page.getByLabel('Web-service token').isVisible(), false, 'nor a token')
    await page.getByLabel('Simulated LMS').selectOption('moodle')
    await screenshot(page, '02-connections-add')
    await page.getByRole('button', { name: 'Add connection' }).click()
    await page.getByText('Connection added.').waitFor()
    await page.getByRole('heading', { name: /Sandbox/, level: 1 }).waitFor()
  })

  it('runs the connection check against the sandbox and lists every step', async () => {
    const { page } = c
    await page.getByRole('button', { name: 'Run check' }).click()
    await page.getByText('All required checks passed.').waitFor()
    const items = page.locator('.check-item')
    assert.ok((await items.count()) >= 5, 'one item per set-up step')
    assert.equal(await page.locator('.check-item.check-fail').count(), 0)
    await screenshot(page, '03-connection-check-pass')
  })

  it('shows the login name the chosen strategy gives, live, before saving', async () => {
    const { page } = c
    const loginName = page.locator('[data-example="loginName"]')
    assert.equal(await loginName.innerText(), 'zoe.vanderberg@example.com', 'the default strategy is the e-mail address')
    await page.getByLabel('Login-name strategy').selectOption('firstname-prefix-lastname')
    await page.waitForFunction(() => document.querySelector('[data-example="loginName"]')?.textContent === 'zoevanderberg')
    await page.getByLabel('Login-name strategy').selectOption('initial-prefix-lastname')
    await page.waitForFunction(() => document.querySelector('[data-example="loginName"]')?.textContent === 'zvanderberg')
    await page.getByLabel('First name', { exact: true }).fill('Øystein')
    await page.getByLabel('Last name', { exact: true }).fill('Straße')
    await page.waitForFunction(() => document.querySelector('[data-example="loginName"]')?.textContent === 'ovanderstrasse')
    await page.getByLabel('Login-name strategy').selectOption('firstname-prefix-lastname')
    await page.getByLabel('First name', { exact: true }).fill('Zoë')
    await page.getByLabel('Last name', { exact: true }).fill('Berg')
    await page.waitForFunction(() => document.querySelector('[data-example="loginName"]')?.textContent === 'zoevanderberg')
    await screenshot(page, '04-field-mapping')
    await page.getByRole('button', { name: 'Save mapping' }).click()
    await page.getByText('Field mapping saved.').waitFor()
    assert.equal(await page.getByLabel('Login-name strategy').inputValue(), 'firstname-prefix-lastname')
  })

  it('maps a course to sandbox course id 2', async () => {
    const { page, url } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Course definitions' }).click()
    await page.waitForURL(`${url}/ui/courses`)
    await page.getByLabel('Course code (as in the training administration)').fill('DEMO-101')
    await page.getByLabel('Name', { exact: true }).fill('Demo e-learning')
    await page.getByLabel('Connection').selectOption({ label: 'Sandbox' })
    await page.getByLabel('Target').selectOption('moodle-course')
    await page.getByLabel('Found by (Moodle)').selectOption('id')
    await page.getByLabel(/^Value/).fill('two')
    await page.getByRole('button', { name: 'Add course definition' }).click()
    await page.getByText('an id is a number').waitFor()
    await page.getByLabel(/^Value/).fill('2')
    await page.getByRole('button', { name: 'Add course definition' }).click()
    await page.getByText('Course definition added.').waitFor()
    await page.getByRole('cell', { name: 'Moodle course by id 2' }).waitFor()
    await screenshot(page, '05-courses')
  })

  it('registers a person and shows the account, the credentials mail and the step timeline', async () => {
    const { page, url } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registrations' }).click()
    await page.waitForURL(`${url}/ui/registrations`)
    const form = page.getByRole('region', { name: 'Register a person' })
    await form.getByLabel('Person id (TMS)').fill('1001')
    await form.getByLabel('First name').fill('Zoë')
    await form.getByLabel('Name prefix').fill('van der')
    await form.getByLabel('Last name').fill('Berg')
    await form.getByLabel('E-mail').fill('zoe@example.com')
    await form.getByLabel('Course').selectOption('DEMO-101')
    await form.getByRole('button', { name: 'Register' }).click()
    await page.getByText('Registration accepted.').waitFor()

    await reloadUntil(page, async () => (await page.locator('[data-field="lmsUserId"]').innerText()) !== '—'
      && (await page.locator('[data-mail-purpose="credentials"]').count()) > 0
      && !(await page.locator('[data-mail-purpose="credentials"]').innerText()).includes('not rendered yet'), 20_000, 'the account and the mail')
    assert.equal(await page.locator('[data-field="loginName"]').innerText(), 'zoevanderberg')
    assert.match(await page.locator('[data-field="lmsUserId"]').innerText(), /^\d+$/)
    assert.match(await page.locator('[data-registration-state]').innerText(), /Active/)
    const mail = page.locator('[data-mail-purpose="credentials"]')
    assert.match(await mail.innerText(), /To zoe@example\.com/)
    assert.ok((await page.locator('.timeline .step').count()) >= 2, 'the step timeline lists the LMS calls')
    assert.match(await page.locator('#res-h').locator('..').innerText(), /No result yet/)

    // The participant completes the course in the sandbox Moodle; its plugin pushes the result.
    const id = new URL(page.url()).pathname.split('/').pop()!
    const done = await c.t.api('POST', `/api/v1/registrations/${id}/sandbox-complete`, { grade: 80 })
    assert.equal(done.status, 202, JSON.stringify(done.body))
    await reloadUntil(page, async () => (await page.locator('[data-result]').count()) > 0, 20_000, 'the result')
    assert.match(await page.locator('[data-result]').first().innerText(), /Passed[\s\S]*grade 80/)
    await screenshot(page, '06-registration')
  })

  it('finds the registration by name and by state', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/registrations`)
    const filters = page.getByRole('search', { name: 'Filter' })
    await filters.getByLabel('Person (id, name or e-mail)').fill('van der')
    await filters.getByRole('button', { name: 'Filter', exact: true }).click()
    await page.getByRole('link', { name: 'Zoë van der Berg' }).waitFor()
    await filters.getByLabel('Person (id, name or e-mail)').fill('')
    await filters.getByLabel('State').selectOption('failed')
    await filters.getByRole('button', { name: 'Filter', exact: true }).click()
    await page.getByText('No registration matches.').waitFor()
    await filters.getByLabel('State').selectOption('active')
    await filters.getByRole('button', { name: 'Filter', exact: true }).click()
    await page.getByRole('link', { name: 'Zoë van der Berg' }).waitFor()
    await screenshot(page, '07-registrations')
  })

  it('previews a template live and refuses to save one with an unknown variable, naming it', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/templates`)
    await screenshot(page, '08-templates')
    await page.getByRole('link', { name: /new account/i }).first().click()
    const subject = page.getByLabel('Subject')
    await subject.fill('Welcome {{ person.firstName }} to {{ course.name }}')
    await page.locator('[data-preview="subject"]').filter({ hasText: 'Welcome Anna to Project Management Foundations' }).waitFor()
    await subject.fill('Welcome {{ person.fristName }}')
    await page.getByText('No preview: the template has a problem').waitFor()
    await page.getByRole('button', { name: 'Save template' }).click()
    await page.getByText('Not saved: the template has a problem').waitFor()
    assert.match(await page.locator('.callout-bad').first().innerText(), /person\.fristName/)
    await screenshot(page, '09-template-refused')
    await subject.fill('Your login for {{ course.name }}')
    await page.getByRole('button', { name: 'Save template' }).click()
    await page.getByText('Template saved.').waitFor()
    await page.goto(`${url}/ui/templates`)
    await page.getByRole('row', { name: /Your login for/ }).getByText('Your own').waitFor()
  })

  it('lists the result on the results page', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/results`)
    await page.getByRole('heading', { name: 'Results', level: 1 }).waitFor()
    const row = page.getByRole('row', { name: /Zoë van der Berg/ })
    assert.match(await row.innerText(), /DEMO-101[\s\S]*Passed[\s\S]*80/)
    await screenshot(page, '10-results')
  })

  it('logs out, and the old session opens nothing', async () => {
    const { page, url } = c
    const cookies = await page.context().cookies()
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByText('You are logged out.').waitFor()
    const session = cookies.find((k) => k.name === 'cb_session')!
    assert.ok(session.httpOnly && session.sameSite === 'Lax')
    const res = await fetch(`${url}/ui/`, { headers: { cookie: `cb_session=${session.value}` }, redirect: 'manual' })
    assert.equal(res.status, 302)
    assert.match(res.headers.get('location')!, /^\/ui\/login/)
  })
})
