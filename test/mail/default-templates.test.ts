import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { accessEndedTemplate, courseAccessTemplate, defaultTemplates, newAccountTemplate } from '../../src/mail/default-templates.ts'
import { builtInTemplateKeys, sampleMailContext } from '../../src/mail/template-model.ts'
import { createTemplateRenderer } from '../../src/mail/template-renderer.ts'

const renderer = createTemplateRenderer()

describe('built-in templates', () => {
  it('has one valid template per built-in key', () => {
    assert.deepEqual(defaultTemplates.map((t) => t.key), [...builtInTemplateKeys])
    for (const template of defaultTemplates) {
      const result = renderer.validateTemplate(template)
      assert.ok(result.ok, `${template.key}: ${JSON.stringify(result)}`)
    }
  })

  it('new account: login name, password, a login button and the advice to change the password, in both bodies', () => {
    const mail = renderer.renderTemplate(newAccountTemplate, sampleMailContext())
    assert.equal(mail.subject, 'Your Moodle login for Project Management Foundations')
    for (const body of [mail.html, mail.text]) {
      assert.ok(body.includes('anna.vanderberg'))
      assert.ok(body.includes('Sample-Pw7kQ'))
      assert.ok(body.includes('https://learn.example.org/login/index.php'))
      assert.match(body, /change your password after your first login/)
      assert.match(body, /1 September 2025 to 30 November 2025/)
    }
    assert.match(mail.html, /bgcolor="#f39c12"[\s\S]*<a href="https:\/\/learn\.example\.org\/login\/index\.php"/)
  })

  it('course access: no password, and the advice to use the existing login', () => {
    const mail = renderer.renderTemplate(courseAccessTemplate, sampleMailContext())
    assert.equal(mail.subject, 'New course available: Project Management Foundations')
    for (const body of [mail.html, mail.text]) {
      assert.ok(!body.includes('Sample-Pw7kQ'))
      assert.match(body, /use your existing login/)
      assert.ok(body.includes('anna.vanderberg'))
    }
  })

  it('access ended: says the account stays, and offers help', () => {
    const mail = renderer.renderTemplate(accessEndedTemplate, sampleMailContext())
    assert.equal(mail.subject, 'Your access to Project Management Foundations has ended')
    for (const body of [mail.html, mail.text]) {
      assert.ok(!body.includes('Sample-Pw7kQ'))
      assert.match(body, /account itself stays active/)
      assert.ok(body.includes('support@example.org'))
    }
  })

  it('wears the house style: colours, logo, footer; the institute name stands in for a missing logo', () => {
    const context = sampleMailContext()
    const mail = renderer.renderTemplate(newAccountTemplate, context)
    assert.match(mail.html, /border-top:6px solid #1a5276/)
    assert.match(mail.html, /<img src="https:\/\/www\.example\.org\/logo\.png" alt="Example Training Institute"/)
    assert.ok(mail.html.includes(context.institute.footer))
    assert.ok(mail.text.includes(context.institute.footer))

    context.institute.logoUrl = null
    const withoutLogo = renderer.renderTemplate(newAccountTemplate, context)
    assert.doesNotMatch(withoutLogo.html, /<img/)
    assert.match(withoutLogo.html, /font-weight:bold;color:#1a5276;">Example Training Institute<\/span>/)
  })

  it('is a table layout without <style> blocks or scripts, as mail clients need', () => {
    for (const template of defaultTemplates) {
      const { html } = renderer.renderTemplate(template, sampleMailContext())
      assert.match(html, /<table role="presentation"/)
      assert.doesNotMatch(html, /<style|<script|<div style="display:flex/i)
    }
  })
})
