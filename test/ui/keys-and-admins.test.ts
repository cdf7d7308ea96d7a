// API keys and administrators through the browser alone, each checked through the API: a key made on the
// page works for the API at once and is refused right after it is revoked (after a confirmation); an
// administrator added on the page (with the API's rules) is listed by the API, logs in with the first
// password and changes it, and is disabled after a confirmation, which ends their session.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, startUiTest, type UiTestContext } from './ui-harness.ts'
import { logInOverHttp } from './ui-http.ts'

describe('Service Center: API keys and administrators in the browser', () => {
  let c: UiTestContext
  before(async () => {
    c = await startUiTest()
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  const withKey = (key: string) => c.t.app.http.inject({ method: 'GET', url: '/api/v1/registrations', headers: { authorization: `Bearer ${key}` } })

  it('creates a key that the API takes at once, and revokes it after a confirmation', async () => {
    const { page, url, t } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click()
    await page.waitForURL(`${url}/ui/keys`)
    await page.getByLabel('Name (who uses it)').fill('Training system')
    await page.getByLabel('Scope').selectOption('registrations')
    await page.getByRole('button', { name: 'Create key' }).click()
    const key = (await page.locator('[data-new-key]').innerText()).trim()
    assert.match(key, /^cb_[\w-]{43}$/)
    assert.equal((await withKey(key)).statusCode, 200, 'the API takes the new key')
    const listed = (await t.api('GET', '/api/v1/keys')).body.items.find((k: { name: string }) => k.name === 'Training system')
    assert.equal(listed.scope, 'registrations')
    assert.equal(listed.revokedAt, null)

    await page.getByRole('row', { name: /Training system/ }).getByRole('link', { name: 'Revoke…' }).click()
    await page.getByRole('button', { name: 'Revoke the key' }).waitFor()
    assert.equal((await withKey(key)).statusCode, 200, 'nothing changes before the confirmation')
    await page.getByRole('button', { name: 'Revoke the key' }).click()
    await page.waitForURL(/\/ui\/keys/)
    assert.equal((await withKey(key)).statusCode, 401, 'the API refuses the revoked key')
    const revoked = (await t.api('GET', '/api/v1/keys')).body.items.find((k: { id: string }) => k.id === listed.id)
    assert.ok(revoked.revokedAt, 'the API lists it as revoked')
  })

  it('adds an administrator with the API\'s rules; a bad address is marked and what was typed stays', async () => {
    const { page, url, t } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administrators' }).click()
    await page.waitForURL(`${url}/ui/admins`)
    const form = page.locator('form[action="/ui/admins"]')
    await form.getByLabel('E-mail address').fill('colleague at example.org')
    await form.getByLabel('First password', { exact: true }).fill('short')
    await form.getByLabel('First password again').fill('short')
    // The browser's own check of type="email" would stop the form before the server sees it; the server's rules are tested here.
    await form.evaluate((f: HTMLFormElement) => { f.noValidate = true })
    await form.getByRole('button', { name: 'Add the administrator' }).click()
    const email = page.locator('form[action="/ui/admins"]').getByLabel('E-mail address')
    assert.equal(await email.getAttribute('aria-invalid'), 'true')
    assert.equal(await email.inputValue(), 'colleague at example.org', 'the typed address stays')
    assert.match(await page.locator('#f-firstPassword-error').innerText(), /at least 12 characters/)
    assert.equal((await t.api('GET', '/api/v1/admin-users')).body.items.length, 1, 'nobody was added')

    await email.fill('Colleague@Example.org')
    await page.getByLabel('First password', { exact: true }).fill('first password of hers')
    await page.getByLabel('First password again').fill('first password of hers')
    await page.getByRole('button', { name: 'Add the administrator' }).click()
    await page.getByText('Administrator added.').waitFor()
    const admins = (await t.api('GET', '/api/v1/admin-users')).body.items as { id: string; email: string; disabledAt: string | null }[]
    assert.deepEqual(admins.map((a) => a.email).sort(), ['admin@example.org', 'colleague@example.org'])

    await page.locator('form[action="/ui/admins"]').getByLabel('E-mail address').fill('colleague@example.org')
    await page.getByLabel('First password', { exact: true }).fill('another first password')
    await page.getByLabel('First password again').fill('another first password')
    await page.getByRole('button', { name: 'Add the administrator' }).click()
    assert.match(await page.locator('#f-email-error').innerText(), /already/)
    assert.equal((await t.api('GET', '/api/v1/admin-users')).body.items.length, 2)
  })

  it('lets the new administrator log in and change the first password; disabling them ends their session', async () => {
    const { page, url, t, browser } = c
    const other = await browser.newContext()
    try {
      const theirs = await other.newPage()
      await theirs.goto(`${url}/ui/`)
      await theirs.getByLabel('E-mail address').fill('colleague@example.org')
      await theirs.getByLabel('Password').fill('first password of hers')
      await theirs.getByRole('button', { name: 'Log in' }).click()
      await theirs.waitForURL(`${url}/ui/`)
      await theirs.goto(`${url}/ui/admins`)
      await theirs.getByLabel('Current password').fill('first password of hers')
      await theirs.getByLabel('New password', { exact: true }).fill('a password only she knows')
      await theirs.getByLabel('New password again').fill('a password only she knows')
      await theirs.getByRole('button', { name: 'Change password' }).click()
      await theirs.getByText('Password changed.').waitFor()
      assert.equal((await logInOverHttp(t, 'colleague@example.org', 'first password of hers')).session, null, 'the first password no longer works')
      assert.ok((await logInOverHttp(t, 'colleague@example.org', 'a password only she knows')).session, 'the new one does')

      await page.reload()
      await page.getByRole('row', { name: /colleague@example\.org/ }).getByRole('link', { name: 'Disable…' }).click()
      await page.getByRole('button', { name: 'Disable the administrator' }).click()
      await page.waitForURL(/\/ui\/admins/)
      const admin = (await t.api('GET', '/api/v1/admin-users')).body.items.find((a: { email: string }) => a.email === 'colleague@example.org')
      assert.ok(admin.disabledAt, 'the API lists her as disabled')
      await theirs.goto(`${url}/ui/admins`)
      await theirs.waitForURL(/\/ui\/login/)
    } finally {
      await other.close()
    }
  })
})
