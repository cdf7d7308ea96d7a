// Rendering runs in worker threads with a heap and a time limit of their own: a runaway template comes back
// as TEMPLATE_TOO_EXPENSIVE, the worker is replaced, and the next mail renders as before.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { courseAccessTemplate, newAccountTemplate } from '../../src/mail/default-templates.ts'
import { sampleMailContext, type DocumentTemplate } from '../../src/mail/template-model.ts'
import { createTemplateRenderer, TemplateError } from '../../src/mail/template-renderer.ts'
import { createRenderPool } from '../../src/mail/render-pool.ts'

import { loopBomb, sortBomb } from './template-bombs.ts'

const withText = (text: string): DocumentTemplate => ({ ...courseAccessTemplate, text: `${courseAccessTemplate.text}${text}` })

async function rejectsAsTooExpensive(promise: Promise<unknown>) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TemplateError, `expected a TemplateError, got ${String(err)}`)
    assert.equal(err.code, 'TEMPLATE_TOO_EXPENSIVE')
    return true
  })
}

describe('template limits decided at save time', () => {
  const renderer = createTemplateRenderer()
  const codes = (text: string) => {
    const v = renderer.validateTemplate(withText(text))
    return v.ok ? [] : v.problems.map((p) => p.code)
  }

  it('refuses a range of 2 000 000 written in the template', () => {
    assert.deepEqual(codes('{% assign a = (1..2000000) %}{{ a | sort | size }}'), ['TEMPLATE_TOO_EXPENSIVE'])
    assert.deepEqual(codes('{{ (1..20000) | join: "," }}'), ['TEMPLATE_TOO_EXPENSIVE'])
  })

  it('refuses nested 10 000 × 10 000 loops, also over an assigned range', () => {
    assert.deepEqual(codes('{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}'), ['TEMPLATE_TOO_EXPENSIVE'])
    assert.deepEqual(codes('{% assign r = (1..1000) %}{% for i in r %}{% if i %}{% for j in r %}x{% endfor %}{% endif %}{% endfor %}'), ['TEMPLATE_TOO_EXPENSIVE'])
  })

  it('accepts small loops, and a template stored before the rule is refused when it is rendered', () => {
    assert.deepEqual(codes('{% for i in (1..3) %}{% for j in (1..100) %}.{% endfor %}{% endfor %}'), [])
    assert.throws(() => renderer.renderTemplate(withText('{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}'), sampleMailContext()),
      (err: unknown) => err instanceof TemplateError && err.code === 'TEMPLATE_TOO_EXPENSIVE')
  })
})

describe('the render pool', () => {
  const pool = createRenderPool({ size: 1, timeoutMs: 1_500 })
  after(() => pool.close())

  it('renders as the renderer does, password and mask included', async () => {
    const direct = createTemplateRenderer().renderSentAndKept(newAccountTemplate, sampleMailContext(), 'Zq7#Kp2!mW9x', '••••')
    assert.deepEqual(await pool.renderSentAndKept(newAccountTemplate, sampleMailContext(), 'Zq7#Kp2!mW9x', '••••'), direct)
    const v = await pool.validateTemplate({ key: 'x' })
    assert.equal(v.ok, false)
  })

  it('stops the sort of a 2 000 000 range computed at render time, and renders the next mail', async () => {
    await rejectsAsTooExpensive(pool.renderTemplate(withText(sortBomb), sampleMailContext()))
    const mail = await pool.renderTemplate(courseAccessTemplate, sampleMailContext())
    assert.match(mail.text, /van der Berg/)
  })

  it('stops nested 10 000 × 10 000 loops computed at render time, also in the trial render at save time', async () => {
    const started = Date.now()
    await rejectsAsTooExpensive(pool.renderTemplate(withText(loopBomb), sampleMailContext()))
    assert.ok(Date.now() - started < 10_000)
    const v = await pool.validateTemplate(withText(loopBomb))
    assert.deepEqual(v.ok ? [] : v.problems.map((p) => p.code), ['TEMPLATE_TOO_EXPENSIVE'])
    const v2 = await pool.validateTemplate(withText(sortBomb))
    assert.deepEqual(v2.ok ? [] : v2.problems.map((p) => p.code), ['TEMPLATE_TOO_EXPENSIVE'])
    assert.ok((await pool.validateTemplate(courseAccessTemplate)).ok)
  })

  it('renders a batch of mails in one task, each as the renderer does, a refused template failing only its own mail', async () => {
    const direct = createTemplateRenderer()
    const items = [0, 1, 2].map((i) => ({ template: newAccountTemplate, context: { ...sampleMailContext(), person: { ...sampleMailContext().person, firstName: `P${i}` } }, password: `Pw-${i}`, mask: '••' }))
    const refused = { template: withText('{{ login.password }}'), context: sampleMailContext(), password: undefined, mask: '••' }
    const outcomes = await pool.renderSentAndKeptMany([items[0]!, refused, items[1]!, items[2]!])
    assert.deepEqual(outcomes.map((o) => (o.ok ? 'ok' : o.error.code)), ['ok', 'TEMPLATE_PASSWORD_NOT_ALLOWED', 'ok', 'ok'])
    for (const [o, item] of [[outcomes[0]!, items[0]!], [outcomes[2]!, items[1]!], [outcomes[3]!, items[2]!]] as const) {
      assert.ok(o.ok)
      assert.deepEqual(o.value, direct.renderSentAndKept(item.template, item.context, item.password, item.mask))
    }
  })

  it('stops a batch with a template Liquid cannot stop, then fails only that template\'s mails', async () => {
    const normal = { template: courseAccessTemplate, context: sampleMailContext(), password: undefined, mask: '••' }
    const outcomes = await pool.renderSentAndKeptMany([normal, { ...normal, template: withText(sortBomb) }, normal])
    assert.deepEqual(outcomes.map((o) => (o.ok ? 'ok' : o.error.code)), ['ok', 'TEMPLATE_TOO_EXPENSIVE', 'ok'])
    assert.ok(outcomes[2]!.ok && /van der Berg/.test(outcomes[2]!.value.kept.text))
  })

  it('renders the templates coursebridge ships in this thread, and starts a worker only for one an administrator wrote', async () => {
    const own = createRenderPool({ size: 1 })
    try {
      const direct = createTemplateRenderer()
      for (const template of [newAccountTemplate, courseAccessTemplate]) {
        assert.deepEqual(await own.renderSentAndKept(template, sampleMailContext(), 'Pw-1x', '••'), direct.renderSentAndKept(template, sampleMailContext(), 'Pw-1x', '••'))
      }
      assert.deepEqual((await own.renderSentAndKeptMany([{ template: newAccountTemplate, context: sampleMailContext(), password: 'Pw-2y', mask: '••' }])).map((o) => o.ok), [true])
      assert.equal(own.threads(), 0)
      // An edited copy is the administrator's template: it goes to a worker, with the worker's limits.
      await rejectsAsTooExpensive(own.renderTemplate(withText(sortBomb), sampleMailContext()))
      const edited = { ...courseAccessTemplate, subject: `${courseAccessTemplate.subject}!` }
      assert.match((await own.renderTemplate(edited, sampleMailContext())).subject, /!$/)
      assert.equal(own.threads(), 1)
    } finally {
      await own.close()
    }
  })

  it('keeps template errors as they were (a refused template is not "too expensive")', async () => {
    await assert.rejects(pool.renderTemplate(withText('{{ login.password }}'), sampleMailContext()),
      (err: unknown) => err instanceof TemplateError && err.code === 'TEMPLATE_PASSWORD_NOT_ALLOWED')
  })
})

describe('the render pool between renders', () => {
  it('starts no worker before the first render, ends an idle one, and starts it again for the next render', async () => {
    const pool = createRenderPool({ size: 2, idleMs: 300 })
    // An institute's own template (the shipped ones render without a worker).
    const template = withText('\nSee you soon.')
    try {
      assert.equal(pool.threads(), 0)
      await pool.renderTemplate(template, sampleMailContext())
      assert.equal(pool.threads(), 1, 'one render starts one worker, not the whole pool')
      await new Promise((r) => setTimeout(r, 700))
      assert.equal(pool.threads(), 0)
      const mail = await pool.renderTemplate(template, sampleMailContext())
      assert.match(mail.text, /van der Berg[\s\S]*See you soon\.$/)
    } finally {
      await pool.close()
    }
  })
})
