// The API reference page: Swagger UI bundled from npm, served by coursebridge itself under a strict
// content security policy (scripts from this origin only), without an API key, rendering every operation.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chromium, type Browser } from 'playwright-core'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { chromiumPath } from '../ui/ui-harness.ts'

describe('API reference page', () => {
  let t: TestApp
  let browser: Browser
  before(async () => {
    t = await startTestApp({ runWorkers: false })
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  })
  after(async () => {
    await browser?.close()
    await t?.stop()
  })

  it('shows every operation of the document, loads nothing from elsewhere and breaks no CSP rule', async () => {
    const url = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const doc = JSON.parse((await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body)
    const operations = Object.values<Record<string, unknown>>(doc.paths).flatMap((ops) => Object.keys(ops)).length

    const page = await browser.newPage()
    const problems: string[] = []
    const foreign: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) foreign.push(r.url()) })
    const answer = await page.goto(`${url}/api/docs/`)
    assert.equal(answer?.status(), 200)
    const csp = answer!.headers()['content-security-policy'] ?? ''
    assert.match(csp, /script-src 'self';/)
    assert.doesNotMatch(csp, /script-src[^;]*unsafe/)

    await page.locator('.opblock').first().waitFor({ timeout: 60_000 })
    assert.equal(await page.locator('.opblock').count(), operations)
    assert.ok(await page.getByText('coursebridge API').first().isVisible())
    // Open one operation: its parameters and answers render from the document.
    await page.locator('#operations-Registrations-createRegistration .opblock-summary').click()
    await page.getByText('Idempotency-Key').first().waitFor()
    assert.deepEqual(foreign, [], 'requests to other origins')
    assert.deepEqual(problems.filter((p) => /Content Security Policy|Refused/.test(p)), [], 'CSP violations')
    await page.close()
  })
})
