// The template preview loads no image from another server until the administrator asks for it: opening the
// editor of a mail with a tracking pixel or a remote logo calls nobody.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, startUiTest, type UiTestContext } from './ui-harness.ts'
import { courseAccessTemplate } from '../../src/mail/default-templates.ts'

describe('Service Center: template preview and external images', () => {
  let c: UiTestContext
  const messages: string[] = []
  before(async () => {
    c = await startUiTest()
    // What Chromium says about the preview frame's loads. Neither request routing nor the page's network events
    // see a sandboxed srcdoc frame, but its console does: a load the policy refused names the image, a load
    // attempted fails on the host (.test never resolves: nothing leaves the machine).
    c.page.on('console', (m) => messages.push(m.text()))
    const html = courseAccessTemplate.html.replace(/<body[^>]*>/, '$&<img src="https://images.example.test/pixel.png?who={{ person.lastName | url_encode }}" alt="">')
    assert.notEqual(html, courseAccessTemplate.html)
    const saved = await c.t.api('PUT', '/api/v1/templates/course-access', { ...courseAccessTemplate, html })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
    await logIn(c)
  })
  after(async () => c?.close())

  it('shows the preview without loading the external image, and loads it once asked to', async () => {
    const { page, url } = c
    const refused = () => messages.filter((m) => m.includes('https://images.example.test/pixel.png') && m.includes('img-src data:')).length
    const attempted = () => messages.filter((m) => m.includes('ERR_NAME_NOT_RESOLVED')).length
    await page.goto(`${url}/ui/templates/course-access`)
    const frame = page.frameLocator('iframe[data-preview="html"]')
    await frame.locator('img').waitFor({ state: 'attached' })
    const deadline = Date.now() + 10_000
    while (refused() === 0 && Date.now() < deadline) await page.waitForTimeout(100)
    assert.equal(refused(), 1, `the preview policy did not refuse the image: ${messages.join(' | ')}`)
    assert.equal(attempted(), 0, 'the preview tried to load an external image without being asked')

    await page.getByLabel('Show external images in the preview').check()
    await page.waitForResponse((res) => res.url().endsWith('/preview'))
    while (attempted() === 0 && Date.now() < deadline + 10_000) await page.waitForTimeout(100)
    assert.equal(attempted(), 1, `the image was not loaded after the administrator asked for it: ${messages.join(' | ')}`)
    assert.equal(refused(), 1)
  })
})
