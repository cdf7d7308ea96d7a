// The Service Center's message catalogue: Dutch and German have every English key (and no other), each
// with the same parameters; no key is defined twice or left unused; the locale of a request follows
// the administrator's choice, then the browser.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { areaKeys, catalogue } from '../../src/ui/i18n/catalogue.ts'
import { locales } from '../../src/ui/i18n/define-messages.ts'
import { browserLocale, translator } from '../../src/ui/i18n/i18n.ts'
import { html } from '../../src/ui/html.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import { injectUi, logInOverHttp } from './ui-http.ts'

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('message catalogue', () => {
  const en = Object.keys(catalogue.en)

  for (const locale of locales) {
    it(`${locale} has every English key, no other, none empty, with the same parameters`, () => {
      const messages = catalogue[locale] as Record<string, string>
      assert.deepEqual(en.filter((k) => !Object.hasOwn(messages, k)), [], 'missing keys')
      assert.deepEqual(Object.keys(messages).filter((k) => !Object.hasOwn(catalogue.en, k)), [], 'keys English does not have')
      for (const k of en) {
        assert.ok(messages[k]!.trim() !== '', `${locale} ${k} is empty`)
        assert.deepEqual(params(messages[k]!), params((catalogue.en as Record<string, string>)[k]!), `${locale} ${k}: parameters`)
      }
    })
  }

  it('defines each key in one area only', () => {
    const seen = new Map<string, number>()
    for (const keys of areaKeys) for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1)
    assert.deepEqual([...seen].filter(([, n]) => n > 1).map(([k]) => k), [])
  })

  it('uses every key somewhere in the code (written out in quotes; a plural by its base key)', () => {
    const code = sources('src').filter((f) => !f.includes(join('i18n', 'messages'))).map((f) => readFileSync(f, 'utf8')).join('\n')
    const used = (k: string) => code.includes(`'${k}'`) || code.includes(`'${k.replace(/\.(one|other)$/, '')}'`)
    assert.deepEqual(en.filter((k) => !used(k)), [])
  })
})

describe('translating', () => {
  it('picks the best of en, nl and de from Accept-Language, else none', () => {
    assert.equal(browserLocale('nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7'), 'nl')
    assert.equal(browserLocale('fr-FR,de;q=0.5,en;q=0.4'), 'de')
    assert.equal(browserLocale('en;q=0.3,de-AT;q=0.9'), 'de')
    assert.equal(browserLocale('fr,es'), null)
    assert.equal(browserLocale('nl;q=0,de'), 'de')
    assert.equal(browserLocale(undefined), null)
  })

  it('fills in parameters as text (t) or escaped into Html, markup parameters kept (th)', () => {
    const nl = translator('nl')
    assert.equal(nl.t('nav.overview'), 'Overzicht')
    assert.equal(nl.th('layout.logOut').value, 'Uitloggen')
    assert.equal(html`<p>${nl.t('error.noSuchPage')}</p>`.value, '<p>Deze pagina bestaat niet.</p>')
  })
})

describe('language of the Service Center pages', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
    await createAdminUser(t.app.ctx.db, 'default', 'admin@example.org', 'a long enough password')
  })
  after(async () => {
    await t?.stop()
  })

  it('follows the browser language, then the language the administrator chose', async () => {
    const s = (await logInOverHttp(t, 'admin@example.org', 'a long enough password')).session!
    const dutch = await injectUi(t, { url: '/ui/', cookie: s.cookie, headers: { 'accept-language': 'nl-NL,nl;q=0.9' } })
    assert.match(dutch.body, /<html lang="nl">/)
    assert.match(dutch.body, />Inschrijvingen</)
    const german = await injectUi(t, { url: '/ui/', cookie: s.cookie, headers: { 'accept-language': 'de-DE' } })
    assert.match(german.body, />Anmeldungen</)

    const choose = await injectUi(t, { url: '/ui/language?lang=de&next=%2Fui%2Fregistrations', headers: { 'accept-language': 'nl' } })
    assert.equal(choose.statusCode, 303)
    assert.equal(choose.headers.location, '/ui/registrations')
    const chosen = String(choose.headers['set-cookie']).split(';')[0]!
    assert.equal(chosen, 'cb_lang=de')
    const page = await injectUi(t, { url: '/ui/', cookie: `${s.cookie}; ${chosen}`, headers: { 'accept-language': 'nl' } })
    assert.match(page.body, /<html lang="de">/)
    assert.match(page.body, />Abmelden</)
  })

  it('keeps the language chosen while logged in with the administrator: it follows them to a browser without the cookie', async () => {
    await createAdminUser(t.app.ctx.db, 'default', 'chooser@example.org', 'a long enough password')
    const first = (await logInOverHttp(t, 'chooser@example.org', 'a long enough password')).session!
    const choose = await injectUi(t, { url: '/ui/language?lang=nl&next=%2Fui%2F', cookie: first.cookie, headers: { 'accept-language': 'de' } })
    assert.equal(choose.statusCode, 303)
    const { rows } = await t.app.ctx.db.query<{ language: string | null }>('SELECT language FROM admin_users WHERE email = $1', ['chooser@example.org'])
    assert.equal(rows[0]!.language, 'nl')

    // Another browser: no language cookie, a German browser. The stored choice wins, and the log-in hands the
    // browser the cookie so the log-in page after logging out speaks it too.
    const login = await logInOverHttp(t, 'chooser@example.org', 'a long enough password', { 'accept-language': 'de-DE' })
    const second = login.session!
    assert.match(String(login.res.headers['set-cookie']), /cb_lang=nl/)
    const page = await injectUi(t, { url: '/ui/', cookie: second.cookie, headers: { 'accept-language': 'de-DE' } })
    assert.match(page.body, /<html lang="nl">/)
    // Even a cookie this browser holds from before (another administrator's choice) gives way to it.
    const other = await injectUi(t, { url: '/ui/', cookie: `${second.cookie}; cb_lang=de`, headers: { 'accept-language': 'de-DE' } })
    assert.match(other.body, /<html lang="nl">/)

    // A link on another site switches this browser's cookie at most, not what is stored with the administrator.
    await injectUi(t, { url: '/ui/language?lang=de&next=%2Fui%2F', cookie: second.cookie, headers: { 'sec-fetch-site': 'cross-site' } })
    const after = await t.app.ctx.db.query<{ language: string | null }>('SELECT language FROM admin_users WHERE email = $1', ['chooser@example.org'])
    assert.equal(after.rows[0]!.language, 'nl')
  })

  it('without a choice: the browser language, then the tenant\'s default language, then English', async () => {
    const s = (await logInOverHttp(t, 'admin@example.org', 'a long enough password')).session!
    const french = () => injectUi(t, { url: '/ui/', cookie: s.cookie, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })
    assert.match((await french()).body, /<html lang="en">/)
    const saved = await t.api('PUT', '/api/v1/settings', { regional: { defaultLanguage: 'de', timeZone: 'Europe/Amsterdam' } })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
    assert.match((await french()).body, /<html lang="de">/)
    const dutch = await injectUi(t, { url: '/ui/', cookie: s.cookie, headers: { 'accept-language': 'nl' } })
    assert.match(dutch.body, /<html lang="nl">/)
  })

  it('goes back only to a page of its own and ignores an unknown language', async () => {
    const res = await injectUi(t, { url: '/ui/language?lang=fr&next=https%3A%2F%2Fevil.example%2F' })
    assert.equal(res.headers.location, '/ui/')
    assert.equal(res.headers['set-cookie'], undefined)
  })
})
