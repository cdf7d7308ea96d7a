// The Service Center in Dutch and German as a browser set to that language shows it: every page reachable by
// following links from the overview (found by crawling, so a page added later is visited too), and the pages
// behind a form (a connection check's result, a refused template, a "not possible" page), with data on them:
// a registration with its steps, mail and result, one waiting for data with its notification, an API key.
// Each page's visible text is checked against every English text the pages are made of (the Service Center's
// catalogue, the notification catalogue, the template variables) and for English function words; text marked
// lang="en" (a message recorded in English, the switch's "English") and code are not the page's own words.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { BrowserContext, Page } from 'playwright-core'
import { startUiTest, type UiTestContext } from './ui-harness.ts'
import { eventually, registrationReaches } from '../helpers/test-app.ts'
import { catalogue } from '../../src/ui/i18n/catalogue.ts'
import type { Locale } from '../../src/ui/i18n/define-messages.ts'
import { catalogue as notificationCatalogue, describeCode } from '../../src/notifications/catalogue.ts'
import { templateVariables } from '../../src/mail/template-model.ts'

/** Names that are the same in every language; "test" is the name of the test app's own API key. */
const allowList = new Set(['test', 'Moodle', 'ILIAS', 'coursebridge', 'Service Center', 'English', 'Nederlands', 'Deutsch', 'Sandbox', 'PersonId', 'ExternId', 'LMS'])

/** Words of English that are no word of Dutch or German (case matters: German "Not" is a noun). */
const englishWords = /\b(the|The|and|with|your|Your|you|this|This|that|from|has|have|been|are|which|when|should|must|there|not|for|its|isn't|doesn't)\b/g

/** Every English text a Service Center page is made of, with the same text in `locale` (to skip words that are the same). */
function englishSources(locale: Locale): { key: string; en: string; own: string | undefined }[] {
  const en = catalogue.en as Record<string, string>
  const other = catalogue[locale] as Record<string, string>
  const sources = Object.entries(en).map(([key, text]) => ({ key, en: text, own: other[key] }))
  for (const [code, entry] of Object.entries(notificationCatalogue())) {
    const own = describeCode(code, locale)
    sources.push({ key: `${code}.title`, en: entry.title, own: own.title }, { key: `${code}.cause`, en: entry.cause, own: own.cause },
      { key: `${code}.fix`, en: entry.fix, own: own.fix })
  }
  for (const [path, v] of Object.entries(templateVariables)) sources.push({ key: `variable ${path}`, en: v.description, own: undefined })
  return sources
}

/** The English texts a page in `locale` must not show: whole texts, or the literal parts of one with parameters. */
function englishLeft(locale: Locale, visible: string): string[] {
  const segments = new Set(visible.split(/[\n\t]+/).map((s) => s.trim()).filter(Boolean))
  const found: string[] = []
  // A word that is also a text of this language's catalogue ("Open" in Dutch) is not English left over.
  const ownTexts = new Set(Object.values(catalogue[locale] as Record<string, string>))
  for (const { key, en, own } of englishSources(locale)) {
    if (own === en || allowList.has(en)) continue
    const parts = en.split(/\{\w+\}/).map((p) => p.trim()).filter((p) => /[a-z]{3}/i.test(p))
    for (const part of parts) {
      if (allowList.has(part) || ownTexts.has(part)) continue
      // Short texts (a label, a button) must not be a whole segment; longer ones must not appear anywhere.
      const hit = part.split(/\s+/).length <= 3 ? segments.has(part) : visible.includes(part)
      if (hit) found.push(`${key}: ${part}`)
    }
  }
  // Function words: each line that has one, once.
  for (const line of segments) {
    const words = [...new Set([...line.matchAll(englishWords)].map((m) => m[0]))]
    if (words.length > 0) found.push(`English words ${words.join(', ')} in: ${line.slice(0, 140)}`)
  }
  return found
}

/** The page's own words: what a reader sees, less code and text marked as English. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (const el of document.querySelectorAll<HTMLElement>('[lang="en"], code, pre, textarea, script, style')) el.style.display = 'none'
    return document.body.innerText
  })
}

/** One address per kind of page: ids and numbers in the path and query become placeholders. */
function pageKind(u: URL): string {
  const path = u.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:n')
  const keys = [...u.searchParams.keys()].sort().join('&')
  return keys ? `${path}?${keys}` : path
}

/** Links that only read and keep the language: no log-out, no language switch, no downloads. */
function shouldVisit(u: URL, base: URL): boolean {
  if (u.origin !== base.origin || !u.pathname.startsWith('/ui')) return false
  if (/\/(logout|log-out)\b/.test(u.pathname) || u.pathname === '/ui/language') return false
  if (/\.csv$|\/export\b|[?&]format=csv/.test(u.pathname + u.search)) return false
  return true
}

for (const locale of ['nl', 'de'] as const) {
  const words = locale === 'nl'
    ? { email: 'E-mailadres', password: 'Wachtwoord', logIn: 'Inloggen', german: 'Deutsch' }
    : { email: 'E-Mail-Adresse', password: 'Passwort', logIn: 'Anmelden', german: 'Deutsch' }
  describe(`Service Center in ${locale === 'nl' ? 'Dutch' : 'German'}`, () => {
    let c: UiTestContext
    let context: BrowserContext
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
      // A person without an e-mail address: the registration waits for data and raises a notification.
      const waiting = await c.t.api('POST', '/api/v1/registrations', { person: { personId: 'P2', firstName: 'Piet', lastName: 'Bakker' }, courseCode: 'VCA' })
      assert.equal(waiting.status, 202, JSON.stringify(waiting.body))
      await c.t.api('POST', '/api/v1/keys', { name: 'TMS', scope: 'registrations' })
      await registrationReaches(c.t, registrationId, 'active', 30_000)
      await registrationReaches(c.t, waiting.body.id, 'waiting_for_data', 30_000)
      assert.equal((await c.t.api('POST', `/api/v1/registrations/${registrationId}/sandbox-complete`, { grade: 80 })).status, 202)
      await eventually(async () => (await c.t.api('GET', '/api/v1/results')).body.items?.length > 0, 30_000, 'a result')
      // A browser set to the language: Chromium sends it as Accept-Language.
      context = await c.browser.newContext({ locale: locale === 'nl' ? 'nl-NL' : 'de-DE', viewport: { width: 1366, height: 768 } })
      page = await context.newPage()
      page.setDefaultTimeout(10_000)
    })
    after(async () => {
      await c?.close()
    })

    const check = async (what: string) => {
      assert.deepEqual(englishLeft(locale, await visibleText(page)), [], `English left on ${what}`)
    }

    it('logs in on a page in the browser language', async () => {
      await page.goto(`${c.url}/ui/`)
      await check('the log-in page')
      await page.getByLabel(words.email).fill(c.admin.email)
      await page.getByLabel(words.password).fill(c.admin.password)
      await page.getByRole('button', { name: words.logIn }).click()
      await page.waitForURL(`${c.url}/ui/`)
      assert.equal(await page.locator('html').getAttribute('lang'), locale)
    })

    it('shows no English on any page reachable from the overview', async () => {
      const base = new URL(c.url)
      const seen = new Set<string>()
      const queue = [`${c.url}/ui/`, `${c.url}/ui/registrations/${registrationId}`, `${c.url}/ui/connections/${connectionId}`]
      const visited: string[] = []
      const problems: string[] = []
      while (queue.length > 0 && visited.length < 80) {
        const href = queue.shift()!
        const kind = pageKind(new URL(href))
        if (seen.has(kind)) continue
        seen.add(kind)
        const res = await page.goto(href)
        if (!res || res.status() >= 400 || !(res.headers()['content-type'] ?? '').startsWith('text/html')) continue
        visited.push(kind)
        assert.equal(await page.locator('html').getAttribute('lang'), locale, `${kind} is in ${locale}`)
        const left = englishLeft(locale, await visibleText(page))
        if (left.length > 0) problems.push(`${kind}:\n  ${left.join('\n  ')}`)
        const links = await page.$$eval('a[href]', (as) => as.filter((a) => !a.hasAttribute('download')).map((a) => (a as HTMLAnchorElement).href))
        for (const link of links) {
          const u = new URL(link)
          u.hash = ''
          if (shouldVisit(u, base) && !seen.has(pageKind(u))) queue.push(u.href)
        }
      }
      for (const main of ['/ui/settings', '/ui/persons', '/ui/account-reviews', '/ui/templates', '/ui/templates/:key', '/ui/results', '/ui/notifications',
        '/ui/logs/lms-calls', '/ui/logs/mails', '/ui/logs/deliveries', '/ui/attention', '/ui/keys', '/ui/admins', '/ui/language-and-time',
        '/ui/connections/:id', '/ui/registrations/:id', '/ui/courses']) {
        const reached = (k: string) => main.endsWith('/:key') ? k.startsWith(main.slice(0, -':key'.length)) && k.length > main.length - 4 : k === main || k.startsWith(`${main}?`)
        assert.ok(visited.some(reached), `the crawl reached ${main} (visited: ${visited.join(', ')})`)
      }
      assert.deepEqual(problems, [], `pages with English left:\n${problems.join('\n')}`)
    })

    it('shows the notification of the registration waiting for data in the language, on the notifications and attention pages', async () => {
      await page.goto(`${c.url}/ui/notifications`)
      const row = page.locator('tr.notification[data-code="PERSON_EMAIL_MISSING"]')
      assert.ok((await row.innerText()).includes(describeCode('PERSON_EMAIL_MISSING', locale).title))
      await check('/ui/notifications')
      await page.goto(`${c.url}/ui/attention`)
      assert.ok((await page.locator('table').innerText()).includes(describeCode('PERSON_EMAIL_MISSING', locale).title))
      await check('/ui/attention')
    })

    it('shows a connection check\'s result in the language', async () => {
      await page.goto(`${c.url}/ui/connections/${connectionId}`)
      await page.locator(`form[action$="/connections/${connectionId}/check"] button`).click()
      await page.locator('.check-report').waitFor()
      assert.ok(await page.locator('.check-item').count() > 5, 'the check lists its items')
      await check('the connection check result')
    })

    it('says a passing and a failing check\'s details and fixes in the language, only the LMS\'s own words in English', async () => {
      const own = catalogue[locale] as Record<string, string>
      /** Every text marked English in the items' details and fix texts (not the menu paths, an English Moodle's own). */
      const markedEnglish = () => page.$$eval('.check-item > p, .check-item .fix > p:not(.menu-path)', (ps) =>
        ps.flatMap((p) => [...p.querySelectorAll('[lang="en"]')].map((e) => ({ text: e.textContent ?? '', whole: e.hasAttribute('title') }))))
      // textContent: the items an earlier failure left unchecked are folded away (innerText of a closed <details> is '').
      const itemText = async (id: string, selector: string) => ((await page.locator(`.check-item[data-check-id="${id}"] ${selector}`).first().textContent()) ?? '').trim()

      // Passing: the sandbox Moodle (the check of the test before).
      await page.goto(`${c.url}/ui/connections/${connectionId}`)
      await page.locator(`form[action$="/connections/${connectionId}/check"] button`).click()
      await page.locator('.check-report').waitFor()
      assert.equal(await itemText('token', '> p'), own['check.token.known'])
      assert.equal(await itemText('site', '> p'), own['check.transport.sandbox'])
      // The sandbox's plugin has sent a result (the registration's), signed.
      assert.ok((await itemText('results-plugin', '> p')).startsWith(own['check.plugin.contact']!.split('{what}')[0]!))
      // moodle/user:viewhiddendetails cannot be probed: unknown, with the fix naming the capability as Moodle does.
      const hidden = 'capability:moodle/user:viewhiddendetails'
      assert.equal(await itemText(hidden, '> p'), own['check.cap.viewHidden'])
      assert.ok((await itemText(hidden, '.fix > p')).includes(own['check.fix.capability']!.split('{cap}')[0]!))
      let marked = await markedEnglish()
      assert.deepEqual(marked.filter((m) => m.whole), [], 'no detail or fix shown whole in English')
      assert.ok(marked.some((m) => m.text === 'View hidden user details'), 'the capability\'s name is Moodle\'s own word')
      // Moodle's own words: a button, a setting, a capability's name — never a sentence of coursebridge's.
      assert.deepEqual(marked.filter((m) => m.text.length > 40), [], 'only Moodle\'s own words are marked English')
      await check('the passing connection check')

      // Failing: a Moodle connection whose address does not answer.
      const dead = await c.t.api('POST', '/api/v1/connections', {
        name: 'Dead Moodle', type: 'moodle', baseUrl: 'http://127.0.0.1:9', environment: 'training', credentials: { token: 'x' },
      })
      assert.equal(dead.status, 201, JSON.stringify(dead.body))
      await page.goto(`${c.url}/ui/connections/${dead.body.id}`)
      await page.locator(`form[action$="/connections/${dead.body.id}/check"] button`).click()
      await page.locator('.check-report').waitFor()
      const site = page.locator('.check-item[data-check-id="site"]')
      assert.match(await site.getAttribute('class') ?? '', /check-fail/)
      const detail = await site.locator('> p').first().innerText()
      assert.ok(detail.startsWith(own['check.noAnswer']!.replace('{lms}', '')), detail)
      assert.equal(await site.locator('> p [lang="en"]').count(), 1, 'the network error is the one English part')
      assert.ok((await site.locator('.fix > p').first().innerText()).includes(own['check.fix.site']!))
      assert.equal(await site.locator('.menu-path [lang="en"]').count(), 0, 'coursebridge\'s own menu path is translated')
      assert.ok((await site.locator('.menu-path').innerText()).includes(own['check.menu.baseUrl']!))
      assert.equal(await itemText('token', '> p'), own['check.notChecked']!.replace('{reason}', own['check.reason.siteSilent']!))
      marked = await markedEnglish()
      assert.deepEqual(marked.filter((m) => m.whole), [], 'no detail or fix shown whole in English')
      assert.equal(marked.length, 1, `only the network error is marked English: ${JSON.stringify(marked)}`)
      await check('the failing connection check')
    })

    it('names a template\'s problem in the language', async () => {
      await page.goto(`${c.url}/ui/templates/course-access`)
      await page.locator('#f-subject').fill('{{ person.fristName }}')
      await page.locator('[data-template-form] button.primary').click()
      await page.locator('.callout-bad').first().waitFor()
      const problem = await page.locator('.callout-bad').first().innerText()
      assert.match(problem, /person\.firstName/, 'the suggestion is named')
      await check('a refused template')
    })

    it('says "not possible" in the language', async () => {
      const res = await page.goto(`${c.url}/ui/registrations/00000000-0000-4000-8000-000000000000`)
      assert.equal(res?.status(), 404)
      assert.equal(await page.locator('h1').innerText(), locale === 'nl' ? 'Niet mogelijk' : 'Nicht möglich')
      assert.ok((await page.locator('main').innerText()).includes(describeCode('REGISTRATION_NOT_FOUND', locale).title))
      await check('a "not possible" page')
    })

    it('shows times in the tenant\'s time zone and switches the language on request', async () => {
      await page.goto(`${c.url}/ui/language-and-time`)
      await page.locator('#f-timeZone').selectOption('Europe/Berlin')
      await page.locator('form.panel button[type=submit]').click()
      await page.waitForURL(/done=regional-saved/)
      const settings = (await c.t.api('GET', '/api/v1/settings')).body
      assert.equal(settings.regional.timeZone, 'Europe/Berlin')
      await page.goto(`${c.url}/ui/admins`)
      assert.match(await page.locator('body').innerText(), /(MEZ|MESZ|CET|CEST|GMT\+1|GMT\+2|MET)/, 'times carry the zone of Europe/Berlin')
      await page.getByRole('link', { name: 'English' }).click()
      await page.waitForURL(`${c.url}/ui/admins`)
      assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    })

    it('keeps the language the administrator chose with them: a new browser in another language logs in to it', async () => {
      const target = locale === 'nl' ? 'de' : 'nl'
      await page.getByRole('link', { name: target === 'de' ? 'Deutsch' : 'Nederlands' }).click()
      await page.waitForURL(`${c.url}/ui/admins`)
      assert.equal(await page.locator('html').getAttribute('lang'), target)

      // Another browser, set to the test's language, without any cookie of the first: the log-in page follows
      // the browser; once logged in, the administrator's choice.
      const fresh = await c.browser.newContext({ locale: locale === 'nl' ? 'nl-NL' : 'de-DE' })
      try {
        const other = await fresh.newPage()
        other.setDefaultTimeout(30_000)
        await other.goto(`${c.url}/ui/`)
        assert.equal(await other.locator('html').getAttribute('lang'), locale)
        await other.getByLabel(words.email).fill(c.admin.email)
        await other.getByLabel(words.password).fill(c.admin.password)
        await other.getByRole('button', { name: words.logIn }).click()
        await other.waitForURL(`${c.url}/ui/`)
        assert.equal(await other.locator('html').getAttribute('lang'), target)
        // Logged out, the browser keeps the choice it was handed at log-in.
        await other.locator('form[action$="/logout"] button').click()
        await other.waitForURL(/\/ui\/login/)
        assert.equal(await other.locator('html').getAttribute('lang'), target)
      } finally {
        await fresh.close()
      }
      await context.close()
    })
  })
}
