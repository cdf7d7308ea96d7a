// Browser tests of the Service Center: a real coursebridge app on a loopback port, a real headless
// Chromium (playwright-core drives the system's /usr/bin/chromium), one administrator.
import { mkdirSync } from 'node:fs'
import assert from 'node:assert/strict'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.ts'
import { startTestSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../mail/smtp-test-server.ts'
import type { Config } from '../../src/config.ts'
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

/** A real app on a loopback port (with the given config and app options), one administrator, and a headless Chromium. */
export async function startUiTest(overrides: Partial<Config> = {}, opts: TestAppOptions = {}): Promise<UiTestContext> {
  const t = await startTestApp(overrides, opts)
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

/** The same, the app sending its mail over a real (in-process) SMTP server. */
export async function startUiTestWithSmtp(
  o: { smtp?: TestSmtpServerOptions; config?: Partial<Config>; app?: TestAppOptions } = {},
): Promise<UiTestContext & { smtp: TestSmtpServer }> {
  const smtp = await startTestSmtpServer(o.smtp)
  try {
    const c = await startUiTest({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academy <noreply@academy.example>' }, ...o.config,
    }, o.app)
    c.page.setDefaultTimeout(30_000)
    return { ...c, smtp, async close() { await c.close(); await smtp.close() } }
  } catch (err) {
    await smtp.close()
    throw err
  }
}

/** A sandbox connection (simulating Moodle) and a course definition on its course 2, made through the API. */
export async function sandboxCourse(t: TestApp, code: string, name: string): Promise<{ connectionId: string; courseId: string }> {
  const conn = await t.api('POST', '/api/v1/connections', { name: 'Sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
  assert.equal(conn.status, 201, JSON.stringify(conn.body))
  const course = await t.api('POST', '/api/v1/course-definitions', {
    code, name, connectionId: conn.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(course.status, 201, JSON.stringify(course.body))
  return { connectionId: conn.body.id, courseId: course.body.id }
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
