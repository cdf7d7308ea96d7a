// Every code the product raises has a catalogue entry (title, cause, fix), and the README's
// "Notifications" section lists every catalogue code with its title.
//
// What counts as a code: a whole string literal ('…', "…" or `…`) in product source under src/ that is
// exactly PREFIX_WORDS, with PREFIX one of the families below. A code inside a sentence ("(LMS_TIMEOUT_MS)")
// is not a whole literal, so configuration names in messages do not count; neither do object keys (the
// catalogues' own entries and config.ts's environment names) or identifiers. Simulators (src/lms/*/simulator)
// play the LMS, not coursebridge, and unit tests beside the code are not product source, so both are skipped.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { catalogue, describeCode } from '../../src/notifications/catalogue.ts'
import { catalogueTranslations } from '../../src/notifications/translations/translations.ts'

const families = ['MOODLE', 'ILIAS', 'LMS', 'PERSON', 'MAIL', 'CONNECTION', 'LOGIN_NAME', 'WEBHOOK', 'RESULT', 'CHECK', 'TEMPLATE', 'INTERNAL', 'API_KEY', 'ADMIN']
const codeLiteral = new RegExp(`(['"\`])((?:${families.join('|')})_[A-Z0-9]+(?:_[A-Z0-9]+)*)\\1`, 'g')

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'simulator' ? [] : productFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

/** Every code literal in src/, with the first file that raises it. */
function raisedCodes(): Map<string, string> {
  const codes = new Map<string, string>()
  for (const file of productFiles('src')) {
    for (const match of readFileSync(file, 'utf8').matchAll(codeLiteral)) if (!codes.has(match[2]!)) codes.set(match[2]!, file)
  }
  return codes
}

describe('notification catalogue', () => {
  const entries = catalogue()

  it('finds codes, not sentences or configuration names', () => {
    const found = (text: string) => [...text.matchAll(codeLiteral)].map((m) => m[2])
    assert.deepEqual(found(`throw moodleError('MOODLE_INVALID_TOKEN', {})`), ['MOODLE_INVALID_TOKEN'])
    assert.deepEqual(found(`code: "WEBHOOK_ID_MISMATCH" as const`), ['WEBHOOK_ID_MISMATCH'])
    assert.deepEqual(found(`'A call took longer than the timeout (LMS_TIMEOUT_MS).'`), [])
    assert.deepEqual(found(`LMS_TIMEOUT_MS: z.coerce.number()`), [])
    assert.deepEqual(found(`'MOODLE_'`), [])
  })

  it('finds the codes of every family the product raises', () => {
    const codes = raisedCodes()
    assert.ok(codes.size > 80, `only ${codes.size} codes found: the scan is broken`)
    for (const family of ['MOODLE', 'ILIAS', 'LMS', 'PERSON', 'MAIL', 'TEMPLATE', 'WEBHOOK', 'CONNECTION']) {
      assert.ok([...codes.keys()].some((c) => c.startsWith(`${family}_`)), `no ${family}_ code found`)
    }
  })

  it('has an entry with title, cause and fix for every code raised under src/', () => {
    const missing = [...raisedCodes()].filter(([code]) => !entries[code]).map(([code, file]) => `${code} (${file})`)
    assert.deepEqual(missing, [], 'codes without a catalogue entry in src/notifications/catalogue.ts')
  })

  it('says something in every entry', () => {
    for (const [code, entry] of Object.entries(entries)) {
      for (const part of ['title', 'cause', 'fix'] as const) {
        assert.ok(entry[part].trim().length > 0, `${code}: empty ${part}`)
      }
      assert.ok(entry.title.length <= 90, `${code}: title longer than a line`)
    }
  })

  for (const language of ['nl', 'de'] as const) {
    it(`has a ${language === 'nl' ? 'Dutch' : 'German'} rendering of every entry, and of no other code (src/notifications/translations/)`, () => {
      const renderings = catalogueTranslations[language]
      assert.deepEqual(Object.keys(entries).filter((code) => !renderings[code]), [], `codes without a ${language} rendering`)
      assert.deepEqual(Object.keys(renderings).filter((code) => !entries[code]), [], `${language} renderings of codes the catalogue does not have`)
      for (const [code, entry] of Object.entries(renderings)) {
        for (const part of ['title', 'cause', 'fix'] as const) {
          assert.ok(entry[part].trim().length > 0, `${language} ${code}: empty ${part}`)
          assert.notEqual(entry[part], entries[code]![part], `${language} ${code}: ${part} is the English text`)
        }
        assert.ok(entry.title.length <= 110, `${language} ${code}: title longer than a line`)
      }
      assert.equal(describeCode('LMS_TIMEOUT', language).title, renderings.LMS_TIMEOUT!.title)
      assert.equal(describeCode('LMS_TIMEOUT').title, entries.LMS_TIMEOUT!.title, 'English stays the source')
    })
  }

  it('is listed in the README, code and title, under "Notifications"', () => {
    const readme = readFileSync('README.md', 'utf8')
    const start = readme.indexOf('\n## Notifications\n')
    assert.ok(start >= 0, 'README.md has no "## Notifications" section')
    const next = readme.indexOf('\n## ', start + 1)
    const section = readme.slice(start, next < 0 ? undefined : next)
    const missing = Object.entries(entries).filter(([code, e]) => !section.includes(`| \`${code}\` | ${e.title} |`)).map(([code]) => code)
    assert.deepEqual(missing, [], 'README "Notifications" rows missing or with another title (regenerate: node --import tsx test/notifications/notifications-table.ts --write)')
    const listed = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!)
    assert.deepEqual(listed.filter((code) => !entries[code]), [], 'README lists codes the catalogue does not have')
  })
})
