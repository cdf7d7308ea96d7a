// A connection check item's detail and fix on a Dutch or German page: said from its message, the LMS's own words in
// it kept and marked English; an item without a message (a result from before messages) shown in English, marked.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkText } from '../../src/ui/check-titles.ts'
import { translator } from '../../src/ui/i18n/i18n.ts'
import { catalogue } from '../../src/ui/i18n/catalogue.ts'
import { english, say } from '../../src/check/check-text.ts'
import { checkMoodle } from '../../src/check/moodle-check.ts'
import { checkIlias } from '../../src/check/ilias-check.ts'

const text = (h: unknown) => (typeof h === 'string' ? h : (h as { value: string }).value)

describe('connection check texts in the page\'s language', () => {
  it('says a message in Dutch and German with the LMS\'s words marked English, and keeps English as it was', () => {
    const m = say('check.notChecked', { reason: say('check.function.refused', { lms: 'Access control exception' }) })
    assert.equal(english(m), 'not checked: Moodle refuses it with "Access control exception" while other functions pass: it is not in the token\'s service')
    assert.equal(text(checkText(translator('en'), m, english(m), '')), english(m))
    assert.equal(text(checkText(translator('nl'), m, english(m), '')),
      'niet gecontroleerd: Moodle weigert haar met „<span lang="en">Access control exception</span>” terwijl andere functies wel werken: ze staat niet in de service van het token')
    assert.match(text(checkText(translator('de'), m, english(m), '')), /^nicht geprüft: Moodle lehnt sie mit „<span lang="en">Access control exception<\/span>“ ab/)
  })

  it('shows an item without a message (stored before messages existed) in English, marked', () => {
    assert.equal(text(checkText(translator('nl'), undefined, 'the REST server answers', 'in English')), '<span lang="en" title="in English">the REST server answers</span>')
  })

  it('gives every item and fix of a failing Moodle and ILIAS check a message whose English is its text', async () => {
    const moodle = await checkMoodle({ baseUrl: 'http://127.0.0.1:9', token: 'x', environment: 'live', timeoutMs: 2000, profileFields: ['level'] })
    const ilias = await checkIlias({ baseUrl: 'http://127.0.0.1:9/webservice/soap/server.php', client: 'c', username: 'u', password: 'p', environment: 'live', timeoutMs: 2000 })
    for (const item of [...moodle, ...ilias]) {
      assert.ok(item.message, item.id)
      assert.equal(english(item.message), item.detail)
      if (item.fix) assert.equal(english(item.fix.message!), item.fix.text)
      for (const locale of ['nl', 'de'] as const) {
        const said = text(checkText(translator(locale), item.message, item.detail, ''))
        assert.notEqual(said, item.detail, `${item.id} in ${locale}`)
        assert.ok(!said.includes('{'), said)
      }
    }
    assert.ok(Object.keys(catalogue.nl).some((k) => k.startsWith('check.fix.')))
  })
})
