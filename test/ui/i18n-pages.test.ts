// The Service Center in Dutch and German as a browser set to that language shows it: every visited
// page's visible text is checked against the English catalogue (no English message may be left, except
// where the Dutch or German text is the same word, and the proper nouns on the allow-list).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { startUiTest, type UiTestContext } from './ui-harness.ts'
import { catalogue } from '../../src/ui/i18n/catalogue.ts'
import type { Locale } from '../../src/ui/i18n/define-messages.ts'

/** Names that are the same in every language. */
const allowList = new Set(['Moodle', 'ILIAS', 'coursebridge', 'Service Center', 'English', 'Nederlands', 'Deutsch', 'Sandbox', 'PersonId', 'ExternId'])

/** The English texts a page in `locale` must not show: whole texts, or the literal parts of one with parameters. */
function englishLeft(locale: Locale, visible: string): string[] {
  const segments = new Set(visible.split(/[\n\t]+/).map((s) => s.trim()).filter(Boolean))
  const found: string[] = []
  const en = catalogue.en as Record<string, string>
  const other = catalogue[locale] as Record<string, string>
  // A word that is also a text of this language's catalogue ("Open" in Dutch) is not English left over.
  const ownTexts = new Set(Object.values(other))
  for (const [key, text] of Object.entries(en)) {
    if (other[key] === text || allowList.has(text)) continue
    const parts = text.split(/\{\w+\}/).map((p) => p.trim()).filter((p) => /[a-z]{3}/i.test(p))
    for (const part of parts) {
      if (allowList.has(part) || ownTexts.has(part)) continue
      // Short texts (a label, a button) must not be a whole segment; longer ones must not appear anywhere.
      const hit = part.split(/\s+/).length <= 3 ? segments.has(part) : visible.includes(part)
      if (hit) found.push(`${key}: ${part}`)
    }
  }
  return found
}

for (const locale of ['nl', 'de'] as const) {
  describe(`Service Center in ${locale === 'nl' ? 'Dutch' : 'German'}`, () => {
    let c: UiTestContext
    let page: Page
    let registrationId: string
    let connectionId: string
    before(async () => {
      c = await startUiTest()
      const conn = await c.t.api('POST', '/api/v1/connections', { name: 'Sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
      connectionId = conn.body.id
      await c.t.api('POST', '/api/v1/course-definitions', {
        code: 'VCA', name: 'VCA Basis', connectionId, target: { type: 'moodle-course', by: 'id', value: '2' },
      })
      const r = await c.t.api('POST', '/api/v1/registrations', {
        person: { personId: 'P1', firstName: 'Sanne', lastName: 'Jansen', email1: 'sanne@example.nl', language: locale }, courseCode: 'VCA',
      })
      registrationId = r.body.id
      await c.t.api('POST', '/api/v1/keys', { name: 'TMS', scope: 'registrations' })
      // A browser set to the language: Chromium sends it as Accept-Language.
      const context = await c.browser.newContext({ locale: locale === 'nl' ? 'nl-NL' : 'de-DE', viewport: { width: 1366, height: 768 } })
      page = await context.newPage()
      page.setDefaultTimeout(10_000)
    })
    after(async () => {
      await c?.close()
    })

    const visit = async (path: string) => {
      await page.goto(`${c.url}${path}`)
      return page.locator('body').innerText()
    }

    it('logs in on a page in the browser language', async () => {
      const text = await visit('/ui/')
      assert.deepEqual(englishLeft(locale, text), [])
      await page.getByLabel(locale === 'nl' ? 'E-mailadres' : 'E-Mail-Adresse').fill(c.admin.email)
      await page.getByLabel(locale === 'nl' ? 'Wachtwoord' : 'Passwort').fill(c.admin.password)
      await page.getByRole('button', { name: locale === 'nl' ? 'Inloggen' : 'Anmelden' }).click()
      await page.waitForURL(`${c.url}/ui/`)
      assert.equal(await page.locator('html').getAttribute('lang'), locale)
    })

    for (const path of ['/ui/', '/ui/registrations', 'registration', '/ui/results', '/ui/notifications', '/ui/keys', '/ui/admins',
      '/ui/language-and-time', '/ui/connections', 'connection', '/ui/courses']) {
      it(`shows no English on ${path}`, async () => {
        const target = path === 'registration' ? `/ui/registrations/${registrationId}` : path === 'connection' ? `/ui/connections/${connectionId}` : path
        const text = await visit(target)
        assert.equal(new URL(page.url()).pathname, target.split('?')[0])
        assert.deepEqual(englishLeft(locale, text), [], `English left on ${target}`)
      })
    }

    it('shows times in the tenant\'s time zone and switches the language on request', async () => {
      await visit('/ui/language-and-time')
      await page.locator('#f-timeZone').selectOption('Europe/Berlin')
      await page.locator('form.panel button[type=submit]').click()
      await page.waitForURL(/done=regional-saved/)
      const settings = (await c.t.api('GET', '/api/v1/settings')).body
      assert.equal(settings.regional.timeZone, 'Europe/Berlin')
      const text = await visit('/ui/admins')
      assert.match(text, /(MEZ|MESZ|CET|CEST|GMT\+1|GMT\+2|MET)/, 'times carry the zone of Europe/Berlin')
      await page.getByRole('link', { name: 'English' }).click()
      await page.waitForURL(`${c.url}/ui/admins`)
      assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    })
  })
}
