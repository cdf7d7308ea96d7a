// Language and time: the participants' default language and the institute's time zone, with the same
// rules as PUT /api/v1/settings (regionalSchema).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { loadTenantSettings, regionalSchema, storeTenantSettings } from '../../services/tenant-settings.ts'
import { languages } from '../../domain/language.ts'
import { dateTimeFormatter } from '../i18n/format-time.ts'

const languageKeys = { en: 'regional.lang.en', nl: 'regional.lang.nl', de: 'regional.lang.de' } as const

/** The language options of a form, each language named in the page's language. */
export function languageOptions(t: PageI18n['t']): [string, string][] {
  return languages.map((l) => [l, t(languageKeys[l])])
}

const timeZones = (() => {
  const zones = Intl.supportedValuesOf('timeZone')
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
})()

export function regionalRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function formPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const { t, locale } = i18nOf(request)
    const current = (await loadTenantSettings(ctx.db, tenantId)).regional
    const v = o.values ?? { defaultLanguage: current.defaultLanguage, timeZone: current.timeZone }
    const example = dateTimeFormatter(locale, current.timeZone)(new Date())
    const body = html`
<h1>${t('regional.title')}</h1>
<p>${t('regional.intro')}</p>
<form method="post" action="${uiBase}/language-and-time" class="stack panel">
  ${csrfField(csrfToken)}
  ${selectField({ label: t('regional.defaultLanguage'), name: 'defaultLanguage', value: v.defaultLanguage, options: languageOptions(t), errors: o.errors })}
  ${selectField({
    label: t('regional.timeZone'), name: 'timeZone', value: v.timeZone, errors: o.errors,
    hint: t('regional.timeZoneHint', { example }), options: timeZones.map((z) => [z, z] as const),
  })}
  <button type="submit" class="primary">${t('regional.save')}</button>
</form>`
    return sendPage(request, reply, { title: t('regional.title'), current: 'regional', body, status: o.errors ? 422 : 200 })
  }

  ui.get('/language-and-time', async (request, reply) => formPage(request, reply))

  ui.post('/language-and-time', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const { _csrf: _, ...fields } = formOf(request)
    const parsed = regionalSchema.safeParse(fields)
    if (!parsed.success) return formPage(request, reply, { values: fields, errors: errorsByField(parsed.error.issues, i18nOf(request)) })
    const current = await loadTenantSettings(ctx.db, tenantId)
    await storeTenantSettings(ctx.db, tenantId, { ...current, regional: parsed.data })
    request.log.info({ adminUserId, timeZone: parsed.data.timeZone, defaultLanguage: parsed.data.defaultLanguage }, 'language and time settings saved')
    return reply.redirect(`${uiBase}/language-and-time?done=regional-saved`, 303)
  })
}
