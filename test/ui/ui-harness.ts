// Browser tests of the Service Center: a real coursebridge app on a loopback port, a real headless
// Chromium (playwright-core drives the system's /usr/bin/chromium), one administrator.
import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const screenshotDir = 'test-artifacts/screenshots'

export interface UiTestContext {
  t: TestApp
  url: string
  browser: Browser
  page: Page
  admin: { email: string; password: string }
  close(): Promise<void>
}

export async function startUiTest(): Promise<UiTestContext> {
  const t = await startTestApp()
  let browser: Browser | undefined
  try {
    const admin = { email: 'admin@example.org', password: 'a long enough password' }
    await createAdminUser(t.app.ctx.db, 'default', admin.email, admin.password)
    const url = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    page.setDefaultTimeout(10_000)
    const b = browser
    return {
      t, url, browser, page, admin,
      async close() {
        await b.close()
        await t.stop()
      },
    }
  } catch (err) {
    await browser?.close()
    await t.stop()
    throw err
  }
}

export async function logIn(c: UiTestContext) {
  await c.page.goto(`${c.url}/ui/`)
  await c.page.getByLabel('E-mail address').fill(c.admin.email)
  await c.page.getByLabel('Password').fill(c.admin.password)
  await c.page.getByRole('button', { name: 'Log in' }).click()
  await c.page.waitForURL(`${c.url}/ui/`)
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true })
}

/** Reloads the page until check passes (the workers finish in the background). */
export async function reloadUntil(page: Page, check: () => Promise<boolean>, timeoutMs = 20_000, what = 'the page to show it') {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 400))
    await page.reload()
  }
}
