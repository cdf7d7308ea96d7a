// The log-in form and the main navigation work with the keyboard alone (Tab, Shift+Tab, Enter), and
// the focused element is always visibly marked.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'

const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null
  if (!el) return null
  const style = getComputedStyle(el)
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() : undefined
  return { tag: el.tagName.toLowerCase(), id: el.id, text: (label ?? el.textContent ?? '').trim(), outline: style.outlineStyle, outlineWidth: style.outlineWidth }
})

async function tabTo(page: Page, matches: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, max = 25) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (f && matches(f)) return f
  }
  throw new Error(`no focusable element matched within ${max} Tab presses`)
}

describe('Service Center with the keyboard only', () => {
  let c: UiTestContext
  before(async () => {
    c = await startUiTest()
  })
  after(async () => {
    await c?.close()
  })

  it('logs in with Tab, typing and Enter; the skip link comes first', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/login`)
    await page.keyboard.press('Tab')
    const first = await focused(page)
    assert.equal(first?.text, 'Skip to main content')
    assert.notEqual(first?.outline, 'none', 'the focused skip link is marked')
    const box = await page.locator('.skip-link').boundingBox()
    assert.ok(box && box.y >= 0, 'the focused skip link is on screen')

    const email = await tabTo(page, (f) => f.text === 'E-mail address')
    assert.equal(email.tag, 'input')
    assert.notEqual(email.outline, 'none')
    await page.keyboard.type(c.admin.email)
    await page.keyboard.press('Tab')
    assert.equal((await focused(page))?.text, 'Password')
    await page.keyboard.type(c.admin.password)
    await screenshot(page, '12-login-keyboard')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${url}/ui/`)
  })

  it('jumps past the navigation with the skip link', async () => {
    const { page } = c
    await page.keyboard.press('Tab')
    assert.equal((await focused(page))?.text, 'Skip to main content')
    await page.keyboard.press('Enter')
    assert.equal((await focused(page))?.id, 'main')
  })

  it('reaches every page of the main navigation with Tab and opens it with Enter', async () => {
    const { page, url } = c
    for (const [label, path, heading] of [
      ['Connections', '/ui/connections', 'Connections'],
      ['Course definitions', '/ui/courses', 'Course definitions'],
      ['Document templates', '/ui/templates', 'Document templates'],
      ['Registrations', '/ui/registrations', 'Registrations'],
      ['Notifications', '/ui/notifications', 'Notifications'],
      ['Results', '/ui/results', 'Results'],
      ['Overview', '/ui/', 'Overview'],
    ] as const) {
      await page.locator('body').focus()
      const link = await tabTo(page, (f) => f.tag === 'a' && f.text === label)
      assert.notEqual(link.outline, 'none', `${label}: the focused link is marked`)
      assert.notEqual(link.outlineWidth, '0px')
      await page.keyboard.press('Enter')
      await page.waitForURL(`${url}${path}`)
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
      assert.equal(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText(), label)
    }
  })

  it('fills and submits a form with the keyboard: a connection, with its problems read at the field', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/connections`)
    await page.locator('body').focus()
    await tabTo(page, (f) => f.text === 'Name' && f.tag === 'input')
    await page.keyboard.type('Moodle live')
    await page.keyboard.press('Tab')
    assert.equal((await focused(page))?.text, 'Type', 'Moodle is chosen already')
    await page.keyboard.press('Tab')
    assert.equal((await focused(page))?.text, 'Base URL')
    await page.keyboard.type('https://moodle.example.org')
    // The token is left empty on purpose: the server refuses, and says so at the field.
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Add connection')
    await page.keyboard.press('Enter')
    await page.waitForLoadState()
    const token = page.getByLabel('Web-service token')
    await page.locator('[aria-invalid="true"]').first().waitFor()
    assert.equal(await token.getAttribute('aria-invalid'), 'true', 'the missing token is marked')
    const describedBy = (await token.getAttribute('aria-describedby'))!.split(' ')
    assert.ok(describedBy.some((id) => id.endsWith('-error')), 'and its problem is tied to it')
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Moodle live', 'what was typed is kept')
    await screenshot(page, '13-form-errors')
  })

  it('logs out with the keyboard', async () => {
    const { page, url } = c
    await page.locator('body').focus()
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Log out')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${url}/ui/login?done=logged-out`)
  })
})
