// Document templates: list, edit with live preview (sample data, password masked) and the variable
// list; a template with a problem (an unknown variable, the password where it may not be) is not saved.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { textArea, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { findTemplate } from '../../services/mail-flow.ts'
import { loadTenantSettings } from '../../services/tenant-settings.ts'
import { defaultTemplates, defaultTemplatesByLanguage, languageOf } from '../../mail/default-templates.ts'
import { getStoredTemplates, listStoredTemplates, saveTemplate } from '../../store/templates.ts'
import { carriesPassword, sampleMailContext, templateVariables, type DocumentTemplate } from '../../mail/template-model.ts'
import { TemplateError, type TemplateProblem } from '../../mail/template-renderer.ts'
import { closestVariable } from '../../mail/template-analysis.ts'
import type { PlainKey, Translator } from '../i18n/i18n.ts'
import { passwordMask } from '../../jobs/send-mail.ts'
import { sendTestMail, smtpConfigured, TestMailError } from '../../services/test-mail.ts'
import { templateResetLink } from './archive-pages.ts'

/** The same preview as POST /api/v1/templates/{key}/preview without a registration: sample data, the tenant's house style. */
export async function previewTemplate(deps: UiDeps, tenantId: string, candidate: unknown) {
  const v = await deps.renderer.validateTemplate(candidate)
  if (!v.ok) return { ok: false as const, problems: v.problems }
  const context = sampleMailContext()
  context.institute = (await loadTenantSettings(deps.ctx.db, tenantId)).institute
  try {
    return { ok: true as const, rendered: await deps.renderer.renderTemplate(v.template, { ...context, login: { ...context.login, password: passwordMask } }) }
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err
    return { ok: false as const, problems: err.problems.length > 0 ? err.problems : [{ code: 'TEMPLATE_RENDER_FAILED' as const, part: null, message: err.message }] }
  }
}

/** A built-in template's name and subject in the page's language (the built-ins exist in each). */
function inPageLanguage(t: DocumentTemplate, locale: Translator['locale']): DocumentTemplate {
  return languageOf(t) === null ? t : defaultTemplatesByLanguage[locale].find((x) => x.key === t.key) ?? t
}

const candidateOf = (t: DocumentTemplate, f: Record<string, string>) => ({
  key: t.key, name: f.name ?? '', subject: f.subject ?? '', html: f.html ?? '', text: f.text ?? '',
  ...(t.carriesPassword === undefined ? {} : { carriesPassword: t.carriesPassword }),
})

function problemList(i18n: Translator, problems: TemplateProblem[], saving = true): Html {
  const { t, tn } = i18n
  return html`<div class="callout callout-bad" role="alert"><h2>${tn(saving ? 'templates.notSaved' : 'templates.noPreview', problems.length)}</h2>
  <ul>${problems.map((p) => html`<li>${p.part ? html`<strong>${t(partLabels[p.part])}</strong>${p.line ? `, ${t('templates.line', { line: p.line })}` : ''}: ` : ''}${problemText(i18n, p)}</li>`)}</ul></div>`
}
const partLabels = { subject: 'templates.field.subject', html: 'templates.field.html', text: 'templates.field.text' } as const

/** A template problem in the page's language: by its code; the parser's own words (English) only as a detail. */
export function problemText({ t, th }: Translator, p: TemplateProblem): Html {
  const variable = html`<code>${p.variable ?? ''}</code>`
  const detail = html` <code lang="en">${p.message}</code>`
  switch (p.code) {
    case 'TEMPLATE_UNKNOWN_VARIABLE': {
      const suggestion = p.variable ? closestVariable(p.variable) : undefined
      return html`${th('templates.problem.unknownVariable', { variable })}${suggestion ? html` ${th('templates.problem.didYouMean', { suggestion: html`<code>{{ ${suggestion} }}</code>` })}` : ''}`
    }
    case 'TEMPLATE_PASSWORD_NOT_ALLOWED': return html`${variable} — ${t('templates.problem.passwordNotAllowed')}`
    case 'TEMPLATE_PASSWORD_IN_SUBJECT': return html`${t('templates.problem.passwordInSubject')}`
    case 'TEMPLATE_PASSWORD_MISSING': return th('templates.problem.passwordMissing', { variable: html`<code>{{ login.password }}</code>` })
    case 'TEMPLATE_TOO_EXPENSIVE': return html`${t('templates.problem.tooExpensive')}`
    case 'TEMPLATE_SYNTAX_ERROR': return html`${t('templates.problem.syntax')}${detail}`
    case 'TEMPLATE_RENDER_FAILED': return html`${t('templates.problem.renderFailed')}${detail}`
    default: return html`${t('templates.problem.invalid')}${detail}`
  }
}

/** What each variable holds, in the page's language (a variable added later shows its English description until it has one). */
const variableHelp: Record<string, PlainKey> = {
  'login.name': 'templates.var.loginName', 'login.password': 'templates.var.loginPassword', 'login.url': 'templates.var.loginUrl',
  'person.firstName': 'templates.var.firstName', 'person.namePrefix': 'templates.var.namePrefix', 'person.lastName': 'templates.var.lastName',
  'person.fullName': 'templates.var.fullName', 'person.email': 'templates.var.email', 'course.name': 'templates.var.courseName',
  'course.code': 'templates.var.courseCode', 'course.startDate': 'templates.var.startDate', 'course.endDate': 'templates.var.endDate',
  'institute.name': 'templates.var.instituteName', 'institute.logoUrl': 'templates.var.logoUrl', 'institute.primaryColor': 'templates.var.primaryColor',
  'institute.accentColor': 'templates.var.accentColor', 'institute.footer': 'templates.var.footer', 'institute.supportEmail': 'templates.var.supportEmail',
  'lms.name': 'templates.var.lmsName', 'lms.url': 'templates.var.lmsUrl',
}

function variableDescription({ t, th }: Translator, path: string, english: string): Html | string {
  if (path === 'person.salutation') return th('templates.var.salutation', { tag: html`<code>{% if %}</code>` })
  return Object.hasOwn(variableHelp, path) ? t(variableHelp[path]!) : english
}

/**
 * The preview loads nothing from elsewhere unless the administrator asks: an image in a mail template is
 * often a tracking pixel or a remote logo, and opening the editor should not call it. A policy of its own
 * in the preview document (a srcdoc frame also keeps the page's policy; the stricter of both applies)
 * allows only inline data: images and inline styles; the frame's empty sandbox already stops scripts.
 */
export const previewPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

export function guardPreview(mailHtml: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${previewPolicy}">`
  // A policy in <meta> counts only in the head: after the template's own <head>, or first (the parser then opens the head).
  const head = /<head(?:\s[^>]*)?>/i.exec(mailHtml)
  return head ? mailHtml.slice(0, head.index + head[0].length) + meta + mailHtml.slice(head.index + head[0].length) : meta + mailHtml
}

function previewFrame({ t }: Translator, r: { subject: string; html: string; text: string } | null, externalImages = false, lang: string | null = null): Html {
  if (!r) return html`<p class="hint">${t('templates.previewLater')}</p>`
  return html`<p><strong>${t('templates.previewSubject')}</strong> <span data-preview="subject"${lang ? html` lang="${lang}"` : ''}>${r.subject}</span></p>
  <iframe title="${t('templates.previewFrame')}" sandbox="" srcdoc="${externalImages ? r.html : guardPreview(r.html)}" data-preview="html"></iframe>
  <details><summary>${t('templates.textVersion')}</summary><pre data-preview="text"${lang ? html` lang="${lang}"` : ''}>${r.text}</pre></details>`
}

export function templateRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps

  async function load(request: FastifyRequest<{ Params: { key: string } }>) {
    const t = await findTemplate(ctx, sessionOf(request).tenantId, request.params.key)
    if (!t) throw new ServiceError(404, 'TEMPLATE_NOT_FOUND', 'There is no such template.')
    return t
  }

  async function editPage(request: FastifyRequest, reply: FastifyReply, t: DocumentTemplate, o: {
    values?: Record<string, string>; problems?: TemplateProblem[]; testMail?: { ok: boolean; text: string }; status?: number
  } = {}) {
    const i18n = i18nOf(request)
    const v = o.values ?? { name: t.name, subject: t.subject, html: t.html, text: t.text }
    const externalImages = v.externalImages === '1'
    const errors: FieldErrors = {}
    for (const p of o.problems ?? []) if (p.part) errors[p.part] ??= problemText(i18n, p).value.replace(/<[^>]*>/g, '')
    const preview = o.problems ? null : await previewTemplate(deps, sessionOf(request).tenantId, candidateOf(t, v))
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/templates">${i18n.t('templates.title')}</a></p>
<h1>${inPageLanguage(t, i18n.locale).name} <span class="subtle">${t.key}</span></h1>
${o.problems ? problemList(i18n, o.problems) : ''}
${o.testMail ? html`<p class="${o.testMail.ok ? 'notice' : 'error-summary'}" role="${o.testMail.ok ? 'status' : 'alert'}" data-test-mail>${o.testMail.text}</p>` : ''}
<div class="two-col wide-left">
<form method="post" action="${uiBase}/templates/${t.key}" class="stack" data-template-form data-preview-url="${uiBase}/templates/${t.key}/preview">
  ${csrfField(sessionOf(request).csrfToken)}
  ${textField({ label: i18n.t('templates.field.name'), name: 'name', value: v.name, required: true, errors })}
  ${textField({ label: i18n.t('templates.field.subject'), name: 'subject', value: v.subject, required: true, errors })}
  ${textArea({ label: i18n.t('templates.field.html'), name: 'html', value: v.html, rows: 14, errors })}
  ${textArea({ label: i18n.t('templates.field.text'), name: 'text', value: v.text, rows: 8, errors })}
  <div class="field"><label><input type="checkbox" name="externalImages" value="1"${externalImages ? html` checked` : ''}> ${i18n.t('templates.externalImages')}</label>
    <span class="hint">${i18n.t('templates.externalImagesHint')}</span></div>
  <div class="actions">
    <button type="submit" class="primary">${i18n.t('templates.save')}</button>
    <button type="submit" formaction="${uiBase}/templates/${t.key}/test-mail">${i18n.t('settings.testMail.button')}</button>
  </div>
  <p class="hint">${i18n.t('settings.testMail.hint', { email: sessionOf(request).email })}${smtpConfigured(ctx) ? '' : html` <strong>${i18n.t('settings.testMail.noSmtp')}</strong>`}</p>
</form>
${(await getStoredTemplates(ctx.db, [{ tenantId: sessionOf(request).tenantId, key: t.key }])).size > 0
  ? templateResetLink(i18n, t.key, defaultTemplates.some((d) => d.key === t.key)) : ''}
<div class="stack">
  <section aria-labelledby="prev-h" class="panel">
    <h2 id="prev-h">${i18n.t('templates.preview')} <span class="subtle">${i18n.t(carriesPassword(t) ? 'templates.previewSampleMasked' : 'templates.previewSample')}</span></h2>
    <div data-preview-output aria-live="polite">${preview && preview.ok ? previewFrame(i18n, preview.rendered, externalImages, languageOf(t)) : preview ? problemList(i18n, preview.problems, false) : previewFrame(i18n, null)}</div>
  </section>
  <section aria-labelledby="var-h" class="panel">
    <h2 id="var-h">${i18n.t('templates.variables')}</h2>
    <p class="hint">${i18n.th('templates.variablesHint', { example: html`<code>{{ person.firstName }}</code>` })}</p>
    <table class="compact"><caption class="visually-hidden">${i18n.t('templates.variablesCaption')}</caption>
      <thead><tr><th scope="col">${i18n.t('templates.col.variable')}</th><th scope="col">${i18n.t('templates.col.holds')}</th></tr></thead>
      <tbody>${Object.entries(templateVariables).map(([path, info]) => (path === 'login.password' && !carriesPassword(t)) ? ''
        : html`<tr><td><code>${path}</code></td><td>${variableDescription(i18n, path, info.description)}</td></tr>`)}</tbody>
    </table>
  </section>
</div>
</div>`
    // The problem list above the form is the summary; no second banner.
    return sendPage(request, reply, { title: inPageLanguage(t, i18n.locale).name, current: 'templates', body, status: o.status ?? (o.problems ? 422 : 200), error: '' })
  }

  ui.get('/templates', async (request, reply) => {
    const stored = await listStoredTemplates(ctx.db, sessionOf(request).tenantId)
    const keys = new Set(stored.map((t) => t.key))
    const all = [...stored.map((t) => ({ t, builtIn: false })), ...defaultTemplates.filter((t) => !keys.has(t.key)).map((t) => ({ t, builtIn: true }))]
    const { t: tr, locale } = i18nOf(request)
    const body = html`
<h1>${tr('templates.title')}</h1>
<p>${tr('templates.intro')}</p>
<table>
  <caption>${tr('templates.caption')}</caption>
  <thead><tr><th scope="col">${tr('templates.col.name')}</th><th scope="col">${tr('templates.col.key')}</th><th scope="col">${tr('templates.col.subject')}</th><th scope="col">${tr('templates.col.version')}</th></tr></thead>
  <tbody>${all.map(({ t, builtIn }) => ({ t: builtIn ? inPageLanguage(t, locale) : t, builtIn })).map(({ t, builtIn }) => html`<tr><td><a href="${uiBase}/templates/${t.key}">${t.name}</a></td><td><code>${t.key}</code></td>
    <td>${t.subject}</td><td>${tr(builtIn ? 'templates.builtIn' : 'templates.own')}</td></tr>`)}</tbody>
</table>`
    return sendPage(request, reply, { title: tr('templates.title'), current: 'templates', body })
  })

  ui.get<{ Params: { key: string } }>('/templates/:key', async (request, reply) => editPage(request, reply, await load(request)))

  ui.post<{ Params: { key: string } }>('/templates/:key', async (request, reply) => {
    const t = await load(request)
    const f = formOf(request)
    const v = await deps.renderer.validateTemplate(candidateOf(t, f))
    if (!v.ok) return editPage(request, reply, t, { values: f, problems: v.problems })
    await saveTemplate(ctx.db, sessionOf(request).tenantId, v.template)
    return reply.redirect(`${uiBase}/templates/${t.key}?done=template-saved`, 303)
  })

  // "Send a test mail to me": the form as it is now, sample data, to the logged-in administrator; the form keeps its text.
  ui.post<{ Params: { key: string } }>('/templates/:key/test-mail', async (request, reply) => {
    const t = await load(request)
    const f = formOf(request)
    const session = sessionOf(request)
    const i18n = i18nOf(request)
    const p = await previewTemplate(deps, session.tenantId, candidateOf(t, f))
    if (!p.ok) return editPage(request, reply, t, { values: f, problems: p.problems })
    try {
      await sendTestMail(ctx, session.email, p.rendered)
      request.log.info({ adminUserId: session.adminUserId, template: t.key }, 'test mail sent')
      return editPage(request, reply, t, { values: f, testMail: { ok: true, text: i18n.t('settings.testMail.sent', { email: session.email }) } })
    } catch (err) {
      if (!(err instanceof TestMailError)) throw err
      const reason = err.code === 'MAIL_SMTP_NOT_CONFIGURED' ? i18n.t('settings.testMail.notConfigured') : i18n.t('settings.testMail.refused', { code: err.code })
      return editPage(request, reply, t, { values: f, testMail: { ok: false, text: i18n.t('settings.testMail.notSent', { reason }) }, status: err.code === 'MAIL_SMTP_NOT_CONFIGURED' ? 409 : 502 })
    }
  })

  // The live preview of the unsaved form: an HTML fragment for the preview box.
  ui.post<{ Params: { key: string } }>('/templates/:key/preview', async (request, reply) => {
    const t = await load(request)
    const form = formOf(request)
    const p = await previewTemplate(deps, sessionOf(request).tenantId, candidateOf(t, form))
    const i18n = i18nOf(request)
    return reply.type('text/html; charset=utf-8').send((p.ok ? previewFrame(i18n, p.rendered, form.externalImages === '1', languageOf(t)) : problemList(i18n, p.problems, false)).value)
  })
}
