// Rendering once per shape of mail (src/mail/render-by-shape.ts) must give, byte for byte, what a full Liquid
// render of each mail gives: every template and context here is rendered both ways and compared.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { defaultTemplatesByLanguage } from '../../src/mail/default-templates.ts'
import { sampleMailContext, type DocumentTemplate, type MailContext } from '../../src/mail/template-model.ts'
import { createTemplateRenderer } from '../../src/mail/template-renderer.ts'

const byShape = createTemplateRenderer()
const full = createTemplateRenderer({ byShape: false })

/** Person and login values that a careless substitution would get wrong. */
const people: { person: Partial<MailContext['person']>; login?: Partial<MailContext['login']> }[] = [
  { person: {} },
  { person: { firstName: 'Ann', salutation: null, namePrefix: '' } },
  { person: { firstName: '<script>alert("x")</script>', lastName: `O'Brien & "Sons"`, salutation: 'Dear <Mr>' } },
  { person: { firstName: 'Zoë', lastName: 'Ŝtraße 😀', namePrefix: 'van \'t', salutation: '' } },
  { person: { firstName: '$& $1 $$', lastName: 'cbv0x0x', fullName: '{{ person.lastName }}' }, login: { name: 'x{% if %}', url: 'https://lms.example.org/?a=1&b=2' } },
  { person: { firstName: 'Line\r\nBcc: victim@example.org', lastName: 'Tab\there' } },
  { person: { firstName: 'Bob', salutation: 'Dear Mr', namePrefix: 'de' }, login: { name: 'bob.de.vries' } },
]

function contextFor(i: number, overrides: Partial<MailContext> = {}): MailContext {
  const base = sampleMailContext()
  const { person, login } = people[i % people.length]!
  return { ...base, ...overrides, person: { ...base.person, ...person }, login: { ...base.login, ...login } }
}

function same(template: DocumentTemplate, context: MailContext, password = 'Pw-<&>"\'7', mask = '••••••••') {
  assert.deepEqual(byShape.renderTemplate(template, context), full.renderTemplate(template, context))
  assert.deepEqual(byShape.renderSentAndKept(template, context, password, mask), full.renderSentAndKept(template, context, password, mask))
}

function custom(overrides: Partial<DocumentTemplate>): DocumentTemplate {
  return { key: 'course-access', name: 'Test', subject: 'Hello {{ person.firstName }}', html: '<p>{{ person.lastName }}</p>', text: '{{ person.lastName }}', ...overrides }
}

describe('render by shape', () => {
  it('gives every built-in template, in every language and zone, exactly the full render', () => {
    for (const templates of Object.values(defaultTemplatesByLanguage)) {
      for (const template of templates) {
        for (let i = 0; i < people.length * 2; i++) {
          same(template, contextFor(i))
          same(template, contextFor(i, { regional: { language: 'de', timeZone: 'America/New_York' } }))
          same(template, contextFor(i, { course: { ...sampleMailContext().course, startDate: i % 2 ? null : '2027-03-01' } }))
        }
      }
    }
  })

  it('puts each mail\'s own values in, not those of the mail that made the shape', () => {
    const [template] = defaultTemplatesByLanguage.en
    const first = byShape.renderSentAndKept(template!, contextFor(1), 'First-Pw1', '••')
    const second = byShape.renderSentAndKept(template!, contextFor(6), 'Second-Pw2', '••')
    assert.match(second.sent.text, /Second-Pw2/)
    assert.doesNotMatch(second.sent.text, /First-Pw1/)
    assert.match(second.sent.html, /bob\.de\.vries/)
    assert.doesNotMatch(second.kept.html, /Second-Pw2/)
    assert.match(first.sent.text, /Hello Ann/)
  })

  it('keeps a course, institute or language apart from the next', () => {
    const template = custom({ text: '{{ course.name }} {{ person.lastName }} {{ institute.name }} {{ course.startDate | date: "%B" }}' })
    const a = contextFor(0)
    const b = contextFor(0, { course: { ...a.course, name: 'Other course', startDate: '2027-06-01' }, institute: { ...a.institute, name: 'Other institute' } })
    same(template, a)
    same(template, b)
    same(template, { ...a, regional: { language: 'nl', timeZone: 'Europe/Amsterdam' } })
    assert.notEqual(byShape.renderTemplate(template, a).text, byShape.renderTemplate(template, b).text)
  })

  it('renders in full where a value is used in any other way than printed or tested', () => {
    const uses = [
      '{{ person.firstName | upcase }}',
      '{{ person.firstName | size }} {{ person.firstName | slice: 0, 2 }}',
      '{% if person.firstName == "Ann" %}A{% else %}B{% endif %}',
      '{% if person.salutation and person.namePrefix %}both{% endif %}',
      '{% case person.firstName %}{% when "Bob" %}Bob!{% else %}someone{% endcase %}',
      '{% assign n = person.lastName | downcase %}{{ n }}',
      '{% capture c %}{{ person.firstName }}{% endcapture %}{{ c | strip }}',
      '{% for w in person.fullName %}{{ w }}{% endfor %}',
      '{% unless person.salutation %}no salutation{% endunless %} {{ person.lastName | append: "!" }}',
      '{% echo person.firstName %}',
    ]
    for (const use of uses) {
      for (let i = 0; i < people.length; i++) {
        same(custom({ text: use, html: `<p>${use}</p>` }), contextFor(i))
      }
    }
    // In the HTML body an explicit | escape escapes twice; that is not a plain output either.
    same(custom({ html: '<p>{{ person.lastName | escape }}</p>' }), contextFor(2))
  })

  it('tests the truth of a value per mail: empty, null and filled take their own branch', () => {
    const template = custom({ text: '{% if person.salutation %}{{ person.salutation }} {{ person.lastName }}{% elsif person.namePrefix %}P {{ person.namePrefix }}{% else %}Hi {{ person.firstName }}{% endif %}' })
    const texts = new Set<string>()
    for (let i = 0; i < people.length; i++) {
      same(template, contextFor(i))
      texts.add(byShape.renderTemplate(template, contextFor(i)).text)
    }
    assert.ok([...texts].some((t) => t.startsWith('Hi ')) && [...texts].some((t) => t.startsWith('P ')) && [...texts].some((t) => t.startsWith('Dear ')))
  })

  it('cleans the subject after the values are in, as the full render does', () => {
    const mail = byShape.renderTemplate(custom({}), contextFor(5))
    assert.equal(mail.subject, 'Hello Line Bcc: victim@example.org')
  })

  it('shows the time of each render where a template says now', async () => {
    const template = custom({ text: '{{ "now" | date: "%s" }} {{ person.lastName }}' })
    const first = Number(byShape.renderTemplate(template, contextFor(0)).text.split(' ')[0])
    await new Promise((r) => setTimeout(r, 1100))
    assert.ok(Number(byShape.renderTemplate(template, contextFor(0)).text.split(' ')[0]) > first)
    // A house-style value "today" would be the current date to the date filter: rendered in full too.
    const today = custom({ text: '{{ institute.footer | date: "%Y" }} {{ person.lastName }}' })
    same(today, contextFor(0, { institute: { ...sampleMailContext().institute, footer: 'today' } }))
  })
})
