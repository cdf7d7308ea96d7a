// Liquid's date filter in the participant's language and the tenant's time zone; calendar dates (course
// dates) stay the day they are, whatever the zone.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createTemplateRenderer } from '../../src/mail/template-renderer.ts'
import { courseAccessTemplate, defaultTemplatesByLanguage, inLanguage, languageOf } from '../../src/mail/default-templates.ts'
import { sampleMailContext } from '../../src/mail/template-model.ts'

const renderer = createTemplateRenderer()
const template = {
  ...courseAccessTemplate,
  subject: 'x',
  text: '{{ "2026-12-03T14:13:00Z" | date: "%-d %B %Y %H:%M" }}|{{ course.startDate | date: "%-d %B %Y" }}|{{ "2026-07-01T23:30:00Z" | date: "%A %-d %B %H:%M" }}',
}

describe('dates in mails', () => {
  it('writes month names in the template language and times in the tenant time zone', () => {
    const ctx = { ...sampleMailContext(), course: { ...sampleMailContext().course, startDate: '2027-03-01' } }
    assert.equal(renderer.renderTemplate(template, ctx).text, '3 December 2026 14:13|1 March 2027|Wednesday 1 July 23:30')
    assert.equal(renderer.renderTemplate(template, { ...ctx, regional: { language: 'nl', timeZone: 'Europe/Amsterdam' } }).text,
      '3 december 2026 15:13|1 maart 2027|donderdag 2 juli 01:30')
    assert.equal(renderer.renderTemplate(template, { ...ctx, regional: { language: 'de', timeZone: 'America/New_York' } }).text,
      '3 Dezember 2026 09:13|1 März 2027|Mittwoch 1 Juli 19:30')
    // The renderer keeps formatted dates (liquidjs's month names are costly): asked again, in any order, the same.
    assert.equal(renderer.renderTemplate(template, { ...ctx, regional: { language: 'nl', timeZone: 'Europe/Amsterdam' } }).text,
      '3 december 2026 15:13|1 maart 2027|donderdag 2 juli 01:30')
    assert.equal(renderer.renderTemplate(template, ctx).text, '3 December 2026 14:13|1 March 2027|Wednesday 1 July 23:30')
    assert.equal(renderer.renderTemplate(template, { ...ctx, regional: { language: 'nl', timeZone: 'America/New_York' } }).text,
      '3 december 2026 09:13|1 maart 2027|woensdag 1 juli 19:30')
  })

  it('writes "now" as the time it is at each render', async () => {
    const now = { ...courseAccessTemplate, subject: 'x', text: '{{ "now" | date: "%s" }}' }
    const first = Number(renderer.renderTemplate(now, sampleMailContext()).text)
    await new Promise((r) => setTimeout(r, 1100))
    assert.ok(Number(renderer.renderTemplate(now, sampleMailContext()).text) > first)
  })

  it('has every built-in template in English, Dutch and German, valid, with the same keys', () => {
    for (const [language, templates] of Object.entries(defaultTemplatesByLanguage)) {
      assert.deepEqual(templates.map((x) => x.key), ['new-account', 'course-access', 'access-ended'], language)
      for (const x of templates) {
        const v = renderer.validateTemplate(x)
        assert.ok(v.ok, `${language} ${x.key}: ${JSON.stringify(!v.ok && v.problems)}`)
        assert.equal(languageOf(x), language)
      }
    }
    assert.equal(inLanguage(courseAccessTemplate, 'nl'), defaultTemplatesByLanguage.nl[1])
    const own = { ...courseAccessTemplate }
    assert.equal(inLanguage(own, 'de'), own, 'an institute\'s own template stays as it is')
  })
})
