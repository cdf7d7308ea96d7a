import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { courseAccessTemplate, newAccountTemplate } from '../../src/mail/default-templates.ts'
import { sampleMailContext, type DocumentTemplate } from '../../src/mail/template-model.ts'
import { createTemplateRenderer, TemplateError, type TemplateProblem } from '../../src/mail/template-renderer.ts'

function template(overrides: Partial<DocumentTemplate> = {}): DocumentTemplate {
  return {
    key: 'course-access',
    name: 'Test',
    subject: 'Access to {{ course.name }}',
    html: '<p>Hello {{ person.firstName }}</p>',
    text: 'Hello {{ person.firstName }}',
    ...overrides,
  }
}

function problems(input: unknown): TemplateProblem[] {
  const result = createTemplateRenderer().validateTemplate(input)
  assert.equal(result.ok, false, 'expected the template to be refused')
  return result.ok ? [] : result.problems
}

describe('validateTemplate', () => {
  it('accepts a template that uses only known variables and lists them', () => {
    const result = createTemplateRenderer().validateTemplate(template())
    assert.ok(result.ok)
    assert.deepEqual(result.variables, ['course.name', 'person.firstName'])
  })

  it('refuses a misspelt property, naming the variable, the part and a suggestion', () => {
    const [problem, ...rest] = problems(template({ html: '<p>Your login: {{ login.nmae }}</p>' }))
    assert.deepEqual(rest, [])
    assert.equal(problem!.code, 'TEMPLATE_UNKNOWN_VARIABLE')
    assert.equal(problem!.part, 'html')
    assert.equal(problem!.variable, 'login.nmae')
    assert.equal(problem!.line, 1)
    assert.match(problem!.message, /\{\{ login\.nmae \}\} in the html.*did you mean \{\{ login\.name \}\}/)
  })

  it('refuses a misspelt object in the subject and in the text body, each with its part', () => {
    const found = problems(template({ subject: 'Hi {{ persn.firstName }}', text: 'Line one\n{{ course.titel }}' }))
    assert.deepEqual(
      found.map((p) => [p.code, p.part, p.variable, p.line]),
      [
        ['TEMPLATE_UNKNOWN_VARIABLE', 'subject', 'persn.firstName', 1],
        ['TEMPLATE_UNKNOWN_VARIABLE', 'text', 'course.titel', 2],
      ],
    )
  })

  it('refuses unknown variables hidden in tags and filters, and whole objects', () => {
    const found = problems(
      template({ html: '{% if person.nickname %}x{% endif %}{{ course.name | append: institute.slogan }}{{ person }}{% assign n = lms.version %}' }),
    )
    assert.deepEqual(found.map((p) => p.variable).sort(), ['institute.slogan', 'lms.version', 'person', 'person.nickname'])
  })

  it('does not count variables the template assigns itself', () => {
    const result = createTemplateRenderer().validateTemplate(
      template({ text: '{% assign who = person.firstName | upcase %}{% capture c %}{{ course.code }}{% endcapture %}{{ who }} {{ c }}' }),
    )
    assert.ok(result.ok, JSON.stringify(result))
  })

  it('does not mistake inherited object properties for variables', () => {
    const [problem] = problems(template({ text: '{{ constructor }}{{ toString }}' }))
    assert.equal(problem!.code, 'TEMPLATE_UNKNOWN_VARIABLE')
    assert.equal(problem!.variable, 'constructor')
  })

  it('refuses a dynamic lookup, which could reach any value', () => {
    const [problem] = problems(template({ text: '{{ login[person.firstName] }}' }))
    assert.equal(problem!.code, 'TEMPLATE_UNKNOWN_VARIABLE')
  })

  it('refuses the password in a course-access template', () => {
    const found = problems(template({ text: 'Your password is still {{ login.password }}' }))
    assert.deepEqual(found.map((p) => [p.code, p.part, p.variable]), [['TEMPLATE_PASSWORD_NOT_ALLOWED', 'text', 'login.password']])
  })

  it('refuses the password in any subject, even of a new-account template', () => {
    const found = problems({ ...newAccountTemplate, subject: 'Your password: {{ login.password }}' })
    assert.deepEqual(found.map((p) => [p.code, p.part]), [['TEMPLATE_PASSWORD_IN_SUBJECT', 'subject']])
  })

  it('refuses a new-account template whose text body forgets the password', () => {
    const found = problems({ ...newAccountTemplate, text: 'Log in as {{ login.name }} at {{ login.url }}' })
    assert.deepEqual(found.map((p) => [p.code, p.part]), [['TEMPLATE_PASSWORD_MISSING', 'text']])
  })

  it('lets a custom template carry the password when it says so, and refuses that flag on course-access', () => {
    const custom = template({ key: 'welcome-blended', carriesPassword: true, html: '{{ login.password }}', text: '{{ login.password }}' })
    assert.ok(createTemplateRenderer().validateTemplate(custom).ok)
    const found = problems({ ...custom, key: 'course-access' })
    assert.equal(found[0]!.code, 'TEMPLATE_INVALID')
    assert.match(found[0]!.message, /never carries a password/)
  })

  it('refuses a template that breaks the schema: bad key, unknown field, oversize body', () => {
    const found = problems({ ...template({ key: 'New Account!' }), extra: 1, html: 'x'.repeat(100_001) })
    assert.ok(found.every((p) => p.code === 'TEMPLATE_INVALID'))
    assert.deepEqual(found.map((p) => p.part), [null, 'html', null])
  })

  it('reports a syntax error with its part and position', () => {
    const [problem] = problems(template({ html: '<p>\n{% if person.firstName %}unclosed</p>' }))
    assert.equal(problem!.code, 'TEMPLATE_SYNTAX_ERROR')
    assert.equal(problem!.part, 'html')
    assert.equal(problem!.line, 2)
  })

  it('refuses unknown filters, the raw filter and partials', () => {
    assert.equal(problems(template({ text: '{{ person.firstName | shout }}' }))[0]!.code, 'TEMPLATE_SYNTAX_ERROR')
    assert.equal(problems(template({ html: '{{ person.firstName | raw }}' }))[0]!.code, 'TEMPLATE_SYNTAX_ERROR')
    assert.equal(problems(template({ html: "{% include 'footer' %}" }))[0]!.code, 'TEMPLATE_SYNTAX_ERROR')
    assert.equal(problems(template({ html: "{% render '/etc/passwd' %}" }))[0]!.code, 'TEMPLATE_SYNTAX_ERROR')
  })

  it('catches at save time a runaway loop, as too expensive', () => {
    const [problem] = problems(template({ text: '{% for i in (1..100000000) %}{{ person.firstName }}{% endfor %}' }))
    assert.equal(problem!.code, 'TEMPLATE_TOO_EXPENSIVE')
    assert.equal(problem!.part, 'text')
  })
})

describe('renderTemplate', () => {
  const renderer = createTemplateRenderer()

  it('escapes person data in the HTML body but not in the text body or subject', () => {
    const context = sampleMailContext()
    context.person.firstName = '<script>alert(1)</script>'
    const mail = renderer.renderTemplate(template({ subject: 'For {{ person.firstName }} & co' }), context)
    assert.equal(mail.html, '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>')
    assert.equal(mail.text, 'Hello <script>alert(1)</script>')
    assert.equal(mail.subject, 'For <script>alert(1)</script> & co')
  })

  it('escapes quotes, so a value cannot leave an HTML attribute', () => {
    const context = sampleMailContext()
    context.person.lastName = '" onmouseover="alert(1)'
    const mail = renderer.renderTemplate(template({ html: '<a title="{{ person.lastName }}">x</a>' }), context)
    assert.equal(mail.html, '<a title="&#34; onmouseover=&#34;alert(1)">x</a>')
  })

  it('strips CR/LF from the rendered subject so no header can be injected', () => {
    const context = sampleMailContext()
    context.course.name = 'PM-101\r\nBcc: attacker@example.com\n'
    const mail = renderer.renderTemplate(template(), context)
    assert.equal(mail.subject, 'Access to PM-101 Bcc: attacker@example.com')
  })

  it('renders the password into a new-account mail and never into another template', () => {
    const context = sampleMailContext()
    context.login.password = 'Zq7#Kp2!mW9x'
    assert.match(renderer.renderTemplate(newAccountTemplate, context).text, /Zq7#Kp2!mW9x/)
    const access = renderer.renderTemplate(courseAccessTemplate, context)
    assert.ok(!`${access.subject}${access.html}${access.text}`.includes('Zq7#Kp2!mW9x'))
  })

  it('refuses to render a template that validation would refuse', () => {
    assert.throws(
      () => renderer.renderTemplate(template({ text: '{{ login.password }}' }), sampleMailContext()),
      (err: unknown) => err instanceof TemplateError && err.code === 'TEMPLATE_PASSWORD_NOT_ALLOWED',
    )
    assert.throws(
      () => renderer.renderTemplate(template({ text: '{{ login.nmae }}' }), sampleMailContext()),
      (err: unknown) => err instanceof TemplateError && err.problems[0]?.variable === 'login.nmae',
    )
  })

  it('refuses a new-account render without a password in the context', () => {
    const context = sampleMailContext()
    delete context.login.password
    assert.throws(
      () => renderer.renderTemplate(newAccountTemplate, context),
      (err: unknown) => err instanceof TemplateError && err.code === 'TEMPLATE_CONTEXT_PASSWORD_MISSING',
    )
  })

  it('treats a missing salutation and empty dates as absent', () => {
    const context = sampleMailContext()
    delete context.person.salutation
    context.course.startDate = null
    context.course.endDate = null
    const mail = renderer.renderTemplate(courseAccessTemplate, context)
    assert.match(mail.text, /^Hello Anna,/)
    assert.match(mail.text, /access to Project Management Foundations on Moodle\./)
  })

  it('formats course dates as the calendar day the TMS sent, whatever the server time zone', () => {
    const context = sampleMailContext()
    context.course.startDate = '2025-01-01'
    const mail = renderer.renderTemplate(template({ text: '{{ course.startDate | date: "%-d %B %Y" }}' }), context)
    assert.equal(mail.text, '1 January 2025')
  })

  it('reuses parsed templates and still renders each template correctly after eviction', () => {
    const small = createTemplateRenderer({ cacheSize: 2 })
    for (let i = 0; i < 5; i++) {
      const mail = small.renderTemplate(template({ text: `${i}: {{ person.firstName }}` }), sampleMailContext())
      assert.equal(mail.text, `${i}: Anna`)
    }
    assert.equal(small.renderTemplate(template({ text: '0: {{ person.firstName }}' }), sampleMailContext()).text, '0: Anna')
  })
})

describe('renderSentAndKept', () => {
  const renderer = createTemplateRenderer()
  const mask = '••••••••'
  const passwords = ['Xy7#abcdefgh', `a<b>&"'c$&$1`, 'p\\w{{ x }}']
  const both = (t: DocumentTemplate, password: string) => {
    const context = sampleMailContext()
    return {
      sent: renderer.renderTemplate(t, { ...context, login: { ...context.login, password } }),
      kept: renderer.renderTemplate(t, { ...context, login: { ...context.login, password: mask } }),
    }
  }
  const check = (t: DocumentTemplate) => {
    for (const password of passwords) {
      const got = renderer.renderSentAndKept(t, sampleMailContext(), password, mask)
      assert.deepEqual(got, both(t, password), `${t.key} with ${password}`)
      assert.ok(!`${got.kept.subject}${got.kept.html}${got.kept.text}`.includes(password), 'the kept copy never holds the password')
    }
  }
  const withPassword = (html: string, text: string) => ({ ...newAccountTemplate, html, text })

  it('gives exactly the two renders for the built-in credentials template, HTML-escaping the password in the HTML body only', () => {
    check(newAccountTemplate)
    const { sent } = renderer.renderSentAndKept(newAccountTemplate, sampleMailContext(), 'a<b&c', mask)
    assert.ok(sent.html.includes('a&lt;b&amp;c') && sent.text.includes('a<b&c'))
  })

  it('gives exactly the two renders when the template transforms or tests the password', () => {
    check(withPassword('<p>{{ login.password | upcase }}</p>', 'Password: {{ login.password }}'))
    check(withPassword('{% assign p = login.password %}<p>{{ p | append: "!" }}</p>', '{{ login.password | size }} {{ login.password }}'))
    check(withPassword('{% if login.password %}<p>{{ login.password }}</p>{% endif %}', '{{- login.password -}}'))
    check(withPassword('{% raw %}{{ login.password }}{% endraw %}<p>{{ login.password }}</p>', '{% comment %}{{ login.password }}{% endcomment %}{{ login.password }}'))
  })

  it('renders a template without the password once for both', () => {
    const got = renderer.renderSentAndKept(courseAccessTemplate, sampleMailContext(), 'Xy7#abcdefgh', mask)
    assert.deepEqual(got.sent, got.kept)
    assert.deepEqual(got.sent, renderer.renderTemplate(courseAccessTemplate, sampleMailContext()))
  })
})
