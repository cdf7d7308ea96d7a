// Settings of the institute: house style of the mails (with a preview of the credentials mail), the action
// templates (which mail goes out on "register" and "cancel access"), the results webhook to the training
// system (URL; its signing secret is write-only: generated or rotated here, shown once) with its latest
// deliveries, and how long records are kept. Every form is checked by the API's own input schema and saved
// by the same function as PUT /api/v1/settings; a refused form keeps what was typed and marks the field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { checkbox, errorsByField, selectField, textArea, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { sendConfirmation } from '../confirm.ts'
import { ServiceError } from '../../services/context.ts'
import { loadTenantSettings, tenantSettingsInputSchema, type TenantSettings } from '../../services/tenant-settings.ts'
import { rotateResultWebhookSecret, saveSettings } from '../../services/settings-update.ts'
import { defaultTemplates, inLanguage } from '../../mail/default-templates.ts'
import { listStoredTemplates } from '../../store/templates.ts'
import { findTemplate } from '../../services/mail-flow.ts'
import { guardPreview, previewTemplate } from './templates-page.ts'

type Section = 'institute' | 'actionTemplates' | 'resultWebhook' | 'retention'

/** The stored settings as form values by input name (the schema's dotted paths). */
function valuesOf(s: TenantSettings): Record<string, string> {
  const i = s.institute
  const a = s.actionTemplates
  return {
    'institute.name': i.name, 'institute.logoUrl': i.logoUrl ?? '', 'institute.primaryColor': i.primaryColor,
    'institute.accentColor': i.accentColor, 'institute.footer': i.footer, 'institute.supportEmail': i.supportEmail,
    'actionTemplates.register.sendMail': a.register.sendMail ? 'on' : '',
    'actionTemplates.register.newAccountTemplate': a.register.newAccountTemplate,
    'actionTemplates.register.courseAccessTemplate': a.register.courseAccessTemplate,
    'actionTemplates.cancel.sendMail': a.cancel.sendMail ? 'on' : '',
    'actionTemplates.cancel.accessEndedTemplate': a.cancel.accessEndedTemplate,
    'resultWebhook.url': s.resultWebhook?.url ?? '',
    'retention.stepLogDays': String(s.retention.stepLogDays), 'retention.sentMailDays': String(s.retention.sentMailDays),
    'retention.deliveredResultDays': String(s.retention.deliveredResultDays), 'retention.idempotencyRecordDays': String(s.retention.idempotencyRecordDays),
  }
}

/** A whole-number field as the schema sees it: empty stays a (refused) string, digits become a number. */
const days = (v: string | undefined) => (/^\s*\d+\s*$/.test(v ?? '') ? Number(v) : (v ?? ''))

/** The API's input for the stored settings with one section replaced by the form's. */
function inputOf(current: TenantSettings, section: Section, f: Record<string, string>) {
  const input: Record<string, unknown> = {
    institute: current.institute,
    actionTemplates: current.actionTemplates,
    resultWebhook: current.resultWebhook ? { url: current.resultWebhook.url } : null,
    retention: current.retention,
  }
  if (section === 'institute') {
    input.institute = {
      name: f['institute.name'] ?? '', logoUrl: (f['institute.logoUrl'] ?? '').trim() || null,
      primaryColor: (f['institute.primaryColor'] ?? '').trim(), accentColor: (f['institute.accentColor'] ?? '').trim(),
      footer: f['institute.footer'] ?? '', supportEmail: (f['institute.supportEmail'] ?? '').trim(),
    }
  } else if (section === 'actionTemplates') {
    input.actionTemplates = {
      register: {
        sendMail: f['actionTemplates.register.sendMail'] === 'on',
        newAccountTemplate: f['actionTemplates.register.newAccountTemplate'] ?? '',
        courseAccessTemplate: f['actionTemplates.register.courseAccessTemplate'] ?? '',
      },
      cancel: { sendMail: f['actionTemplates.cancel.sendMail'] === 'on', accessEndedTemplate: f['actionTemplates.cancel.accessEndedTemplate'] ?? '' },
    }
  } else if (section === 'resultWebhook') {
    const url = (f['resultWebhook.url'] ?? '').trim()
    const secret = f['resultWebhook.secret'] ?? ''
    input.resultWebhook = url === '' ? null : { url, ...(secret === '' ? {} : { secret }) }
  } else {
    input.retention = {
      stepLogDays: days(f['retention.stepLogDays']), sentMailDays: days(f['retention.sentMailDays']),
      deliveredResultDays: days(f['retention.deliveredResultDays']), idempotencyRecordDays: days(f['retention.idempotencyRecordDays']),
    }
  }
  return input
}

interface DeliveryLine {
  id: string
  status: string
  attempts: number
  last_http_status: number | null
  last_error: string | null
  created_at: Date
  delivered_at: Date | null
  registration_id: string
}

export function settingsRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps

  async function settingsPage(request: FastifyRequest, reply: FastifyReply, o: {
    section?: Section; values?: Record<string, string>; errors?: FieldErrors; shownSecret?: string; status?: number
  } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const i18n = i18nOf(request)
    const { t, th } = i18n
    const settings = await loadTenantSettings(ctx.db, tenantId)
    // The refused section shows what was typed; the others what is stored.
    const stored = valuesOf(settings)
    const v = (name: string) => (o.values && name.startsWith(`${o.section}.`) ? o.values[name] : stored[name]) ?? ''
    const errors = o.errors
    const stored2 = await listStoredTemplates(ctx.db, tenantId)
    const keys = new Set(stored2.map((t) => t.key))
    // Built-in templates by their name in the page's language (they exist in each).
    const templateOptions = [...stored2, ...defaultTemplates.filter((t) => !keys.has(t.key)).map((t) => inLanguage(t, i18n.locale))].map((t) => [t.key, `${t.name} (${t.key})`] as const)
    const sample = await findTemplate(ctx, tenantId, settings.actionTemplates.register.newAccountTemplate)
    // A built-in sample in the page's language; an institute's own template as it is.
    const preview = sample ? await previewTemplate(deps, tenantId, inLanguage(sample, i18n.locale)) : null
    const { rows: deliveries } = await ctx.db.query<DeliveryLine>(
      `SELECT d.id, d.status, d.attempts, d.last_http_status, d.last_error, d.created_at, d.delivered_at, x.registration_id
       FROM result_deliveries d JOIN results x ON x.id = d.result_id
       WHERE d.tenant_id = $1 ORDER BY d.created_at DESC LIMIT 10`, [tenantId])
    const body = html`
<h1>${t('settings.title')}</h1>
${o.shownSecret ? html`<section class="callout" aria-labelledby="secret-h" role="status">
  <h2 id="secret-h">${t('settings.secret.title')}</h2>
  <p>${t('settings.secret.once')}</p>
  <p><code class="new-key" data-new-secret>${o.shownSecret}</code></p>
</section>` : ''}
<nav aria-label="${t('settings.sections')}"><ul class="inline-list">
  <li><a href="#style-h">${t('settings.style.title')}</a></li><li><a href="#actions-h">${t('settings.actions.title')}</a></li>
  <li><a href="#webhook-h">${t('settings.webhook.title')}</a></li><li><a href="#retention-h">${t('settings.retention.title')}</a></li>
</ul></nav>
<div class="two-col wide-left">
<section aria-labelledby="style-h" class="panel">
  <h2 id="style-h">${t('settings.style.title')}</h2>
  <p class="hint">${th('settings.style.hint', { example: html`<code>{{ institute.name }}</code>, <code>{{ institute.primaryColor }}</code>` })}</p>
  <form method="post" action="${uiBase}/settings/house-style" class="stack" data-section="institute">
    ${csrfField(csrfToken)}
    ${textField({ label: t('settings.style.name'), name: 'institute.name', value: v('institute.name'), required: true, errors })}
    ${textField({ label: t('settings.style.logoUrl'), name: 'institute.logoUrl', type: 'url', value: v('institute.logoUrl'), errors, hint: t('settings.style.logoUrlHint') })}
    ${textField({ label: t('settings.style.primaryColor'), name: 'institute.primaryColor', value: v('institute.primaryColor'), errors, hint: t('settings.style.primaryColorHint') })}
    ${textField({ label: t('settings.style.accentColor'), name: 'institute.accentColor', value: v('institute.accentColor'), errors, hint: t('settings.style.accentColorHint') })}
    ${textField({ label: t('settings.style.supportEmail'), name: 'institute.supportEmail', type: 'email', value: v('institute.supportEmail'), required: true, errors })}
    ${textArea({ label: t('settings.style.footer'), name: 'institute.footer', value: v('institute.footer'), rows: 3, errors, hint: t('settings.style.footerHint') })}
    <button type="submit" class="primary">${t('settings.style.save')}</button>
  </form>
</section>
<section aria-labelledby="style-prev-h" class="panel">
  <h2 id="style-prev-h">${t('settings.preview.title')}</h2>
  ${preview?.ok ? html`<p><strong>${t('settings.preview.subject')}</strong> <span data-preview="subject">${preview.rendered.subject}</span></p>
  <iframe title="${t('settings.preview.frame')}" sandbox="" srcdoc="${guardPreview(preview.rendered.html)}" data-preview="html"></iframe>`
    : html`<p class="hint">${t('settings.preview.problem', { key: settings.actionTemplates.register.newAccountTemplate })} <a href="${uiBase}/templates/${settings.actionTemplates.register.newAccountTemplate}">${t('settings.preview.open')}</a></p>`}
  <p class="hint">${t('settings.preview.sample')} <a href="${uiBase}/templates">${t('settings.preview.edit')}</a></p>
</section>
</div>
<section aria-labelledby="actions-h" class="panel">
  <h2 id="actions-h">${t('settings.actions.title')}</h2>
  <p class="hint">${t('settings.actions.hint')}</p>
  <form method="post" action="${uiBase}/settings/action-templates" class="stack" data-section="actionTemplates">
    ${csrfField(csrfToken)}
    <fieldset><legend>${t('settings.actions.register')}</legend>
      ${checkbox({ label: t('settings.actions.registerSendMail'), name: 'actionTemplates.register.sendMail', checked: v('actionTemplates.register.sendMail') === 'on', errors })}
      ${selectField({ label: t('settings.actions.newAccountTemplate'), name: 'actionTemplates.register.newAccountTemplate', value: v('actionTemplates.register.newAccountTemplate'), options: templateOptions, errors })}
      ${selectField({ label: t('settings.actions.courseAccessTemplate'), name: 'actionTemplates.register.courseAccessTemplate', value: v('actionTemplates.register.courseAccessTemplate'), options: templateOptions, errors })}
    </fieldset>
    <fieldset><legend>${t('settings.actions.cancel')}</legend>
      ${checkbox({ label: t('settings.actions.cancelSendMail'), name: 'actionTemplates.cancel.sendMail', checked: v('actionTemplates.cancel.sendMail') === 'on', errors })}
      ${selectField({ label: t('settings.actions.accessEndedTemplate'), name: 'actionTemplates.cancel.accessEndedTemplate', value: v('actionTemplates.cancel.accessEndedTemplate'), options: templateOptions, errors })}
    </fieldset>
    <button type="submit" class="primary">${t('settings.actions.save')}</button>
  </form>
</section>
<section aria-labelledby="webhook-h" class="panel">
  <h2 id="webhook-h">${t('settings.webhook.title')}</h2>
  <p class="hint">${t('settings.webhook.hint')}
  ${settings.resultWebhook ? t('settings.webhook.secretSet') : t('settings.webhook.none')}</p>
  <form method="post" action="${uiBase}/settings/result-webhook" class="stack" data-section="resultWebhook">
    ${csrfField(csrfToken)}
    ${textField({ label: t('settings.webhook.url'), name: 'resultWebhook.url', type: 'url', value: v('resultWebhook.url'), errors, hint: t('settings.webhook.urlHint') })}
    ${textField({ label: settings.resultWebhook ? t('settings.webhook.secretKeep') : t('settings.webhook.secretGenerate'), name: 'resultWebhook.secret', type: 'password', autocomplete: 'off', errors, hint: t('settings.webhook.secretHint') })}
    <button type="submit" class="primary">${t('settings.webhook.save')}</button>
  </form>
  ${settings.resultWebhook ? html`<p><a href="${uiBase}/settings/result-webhook/secret" class="button-link">${t('settings.webhook.rotate')}</a></p>` : ''}
  <h3>${t('settings.webhook.deliveries')}</h3>
  <p><a href="${uiBase}/logs/deliveries">${t('settings.webhook.allDeliveries')}</a></p>
  ${deliveries.length === 0 ? html`<p>${t('settings.webhook.noDeliveries')}</p>` : html`
  <table class="compact" data-deliveries>
    <caption class="visually-hidden">${t('settings.webhook.caption')}</caption>
    <thead><tr><th scope="col">${t('settings.webhook.created')}</th><th scope="col">${t('settings.webhook.state')}</th><th scope="col">${t('settings.webhook.attempts')}</th><th scope="col">${t('settings.webhook.lastAnswer')}</th><th scope="col">${t('settings.webhook.registration')}</th></tr></thead>
    <tbody>${deliveries.map((d) => deliveryRow(d, i18n))}</tbody>
  </table>`}
</section>
<section aria-labelledby="retention-h" class="panel">
  <h2 id="retention-h">${t('settings.retention.title')}</h2>
  <p class="hint">${t('settings.retention.hint')}</p>
  <form method="post" action="${uiBase}/settings/retention" class="stack grid-form" data-section="retention">
    ${csrfField(csrfToken)}
    ${textField({ label: t('settings.retention.stepLogDays'), name: 'retention.stepLogDays', value: v('retention.stepLogDays'), errors })}
    ${textField({ label: t('settings.retention.sentMailDays'), name: 'retention.sentMailDays', value: v('retention.sentMailDays'), errors })}
    ${textField({ label: t('settings.retention.deliveredResultDays'), name: 'retention.deliveredResultDays', value: v('retention.deliveredResultDays'), errors })}
    ${textField({ label: t('settings.retention.idempotencyRecordDays'), name: 'retention.idempotencyRecordDays', value: v('retention.idempotencyRecordDays'), errors })}
    <button type="submit" class="primary">${t('settings.retention.save')}</button>
  </form>
</section>`
    return sendPage(request, reply, { title: t('settings.title'), current: 'settings', body, status: o.status ?? (o.errors ? 422 : 200) })
  }

  ui.get('/settings', async (request, reply) => settingsPage(request, reply))

  const sections: [string, Section, string][] = [
    ['house-style', 'institute', 'house-style-saved'],
    ['action-templates', 'actionTemplates', 'action-templates-saved'],
    ['result-webhook', 'resultWebhook', 'result-webhook-saved'],
    ['retention', 'retention', 'retention-saved'],
  ]
  for (const [path, section, done] of sections) {
    ui.post(`/settings/${path}`, async (request, reply) => {
      const { tenantId, adminUserId } = sessionOf(request)
      const f = formOf(request)
      const values = { ...f, 'resultWebhook.secret': '' } // a typed secret is not sent back to the browser
      const parsed = tenantSettingsInputSchema.safeParse(inputOf(await loadTenantSettings(ctx.db, tenantId), section, f))
      if (!parsed.success) return settingsPage(request, reply, { section, values, errors: errorsByField(parsed.error.issues, i18nOf(request)) })
      try {
        const { shownSecret } = await saveSettings(ctx, tenantId, parsed.data)
        request.log.info({ adminUserId, section }, 'settings saved from the Service Center')
        if (shownSecret) return settingsPage(request, reply, { shownSecret, status: 201 })
        return reply.redirect(`${uiBase}/settings?done=${done}`, 303)
      } catch (err) {
        if (!(err instanceof ServiceError) || err.status !== 422) throw err
        // The API's refusal names the field; the message in the administrator's language.
        const details = (err.details ?? []) as { path: string; key?: string; message: string }[]
        const { t } = i18nOf(request)
        return settingsPage(request, reply, { section, values, errors: Object.fromEntries(details.map((d) => [d.path, d.key ? t('settings.unknownTemplate', { key: d.key }) : d.message])) })
      }
    })
  }

  ui.get('/settings/result-webhook/secret', async (request, reply) => {
    const settings = await loadTenantSettings(ctx.db, sessionOf(request).tenantId)
    if (!settings.resultWebhook) return reply.redirect(`${uiBase}/settings#webhook-h`, 303)
    const { t, th } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/settings`, label: t('settings.title') }, current: 'settings',
      question: t('settings.rotate.question'),
      consequences: html`<p>${th('settings.rotate.consequences', { url: html`<code>${settings.resultWebhook.url}</code>` })}</p>`,
      action: `${uiBase}/settings/result-webhook/secret`, confirmLabel: t('settings.rotate.confirm'), keepLabel: t('settings.rotate.keep'),
    })
  })

  ui.post('/settings/result-webhook/secret', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const secret = await rotateResultWebhookSecret(ctx, tenantId)
    request.log.info({ adminUserId }, 'result webhook secret rotated from the Service Center')
    return settingsPage(request, reply, { shownSecret: secret, status: 201 })
  })
}

function deliveryRow(d: DeliveryLine, { t, when }: PageI18n): Html {
  const state = d.status === 'delivered' ? t('settings.delivery.delivered') : d.status === 'failed' ? t('settings.delivery.failed')
    : d.status === 'pending' ? t('settings.delivery.pending') : d.status
  return html`<tr data-delivery="${d.status}"><td>${when(d.created_at)}</td><td>${state}${d.delivered_at ? html` <span class="subtle">${when(d.delivered_at)}</span>` : ''}</td>
  <td>${d.attempts}</td><td>${d.last_http_status !== null ? `HTTP ${d.last_http_status}` : ''}${d.last_error ? html` <span class="subtle">${d.last_error}</span>` : ''}</td>
  <td><a href="${uiBase}/registrations/${d.registration_id}">${t('settings.webhook.open')}</a></td></tr>`
}
