// API keys: the list with scope and last use, a new key (shown once, on the answer to the form), and
// revoking one after a confirmation page. The same functions as the API and `coursebridge keys`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { sendConfirmation } from '../confirm.ts'
import { ServiceError } from '../../services/context.ts'
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type ApiScope } from '../../security/api-keys.ts'
import { apiKeyCreateSchema } from '../../http/routes/api-keys.ts'
import type { Html } from '../html.ts'
import type { PlainKey } from '../i18n/i18n.ts'

const scopeOptions = [
  ['registrations', 'keys.scope.registrations'],
  ['metrics', 'keys.scope.metrics'],
  ['admin', 'keys.scope.admin'],
] as const satisfies readonly (readonly [ApiScope, PlainKey])[]

export function keyRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors; created?: Html } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const { t, th, when } = i18nOf(request)
    const keys = await listApiKeys(ctx.db, tenantId)
    const row = (k: ApiKeyView) => html`<tr>
    <td>${k.name}</td><td>${k.scope}</td><td><code>${k.prefix}…</code></td><td>${when(k.createdAt)}</td>
    <td>${k.lastUsedAt ? when(k.lastUsedAt) : t('common.never')}</td>
    <td>${k.revokedAt ? t('keys.revokedAt', { when: when(k.revokedAt) }) : html`<a href="${uiBase}/keys/${k.id}/revoke">${t('keys.revokeLink')}</a>`}</td></tr>`
    const body = html`
<h1>${t('keys.title')}</h1>
${o.created ?? ''}
<p>${th('keys.intro', { registrations: html`<em>registrations</em>`, metrics: html`<em>metrics</em>` })}</p>
${keys.length === 0 ? html`<p>${t('keys.none')}</p>` : html`
<table>
  <caption>${t('keys.caption')}</caption>
  <thead><tr><th scope="col">${t('keys.col.name')}</th><th scope="col">${t('keys.col.scope')}</th><th scope="col">${t('keys.col.prefix')}</th><th scope="col">${t('keys.col.created')}</th><th scope="col">${t('keys.col.lastUsed')}</th><th scope="col">${t('keys.col.state')}</th></tr></thead>
  <tbody>${keys.map(row)}</tbody>
</table>`}
<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">${t('keys.create')}</h2>
  <form method="post" action="${uiBase}/keys" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: t('keys.field.name'), name: 'name', value: o.values?.name, required: true, errors: o.errors })}
    ${selectField({ label: t('keys.field.scope'), name: 'scope', value: o.values?.scope ?? 'registrations', options: scopeOptions.map(([v, k]) => [v, t(k)] as const), errors: o.errors })}
    <button type="submit" class="primary">${t('keys.createButton')}</button>
  </form>
</section>`
    return sendPage(request, reply, { title: t('keys.title'), current: 'keys', body, status: o.errors ? 422 : (o.created ? 201 : 200) })
  }

  ui.get('/keys', async (request, reply) => listPage(request, reply))

  // The key is shown on this answer only (the page is sent with Cache-Control: no-store); it is stored hashed.
  ui.post('/keys', async (request, reply) => {
    const { _csrf: _, ...fields } = formOf(request)
    const r = apiKeyCreateSchema.safeParse(fields)
    if (!r.success) return listPage(request, reply, { values: fields, errors: errorsByField(r.error.issues, i18nOf(request)) })
    const created = await createApiKey(ctx.db, sessionOf(request).tenantId, r.data.name, r.data.scope)
    const { t } = i18nOf(request)
    request.log.info({ apiKeyId: created.id, scope: created.scope, adminUserId: sessionOf(request).adminUserId }, 'API key created')
    return listPage(request, reply, {
      created: html`<section class="callout" aria-labelledby="new-key-h" role="status">
  <h2 id="new-key-h">${t('keys.newKey', { name: created.name, scope: created.scope })}</h2>
  <p>${t('keys.copyNow')}</p>
  <p><code class="new-key" data-new-key>${created.key}</code></p>
</section>`,
    })
  })

  ui.get<{ Params: { id: string } }>('/keys/:id/revoke', async (request, reply) => {
    const key = (await listApiKeys(ctx.db, sessionOf(request).tenantId)).find((k) => k.id === request.params.id)
    if (!key) throw new ServiceError(404, 'API_KEY_NOT_FOUND', 'There is no such API key.')
    const { t, th, when } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/keys`, label: t('keys.title') }, current: 'keys', title: t('keys.revokeTitle'),
      question: t('keys.revokeQuestion', { name: key.name }),
      consequences: html`<p>${th('keys.revokeExplain', { scope: key.scope, prefix: html`<code>${key.prefix}…</code>`, lastUsed: key.lastUsedAt ? when(key.lastUsedAt) : t('common.never') })}</p>`,
      action: `${uiBase}/keys/${key.id}/revoke`, confirmLabel: t('keys.revokeButton'), keepLabel: t('keys.keep'),
    })
  })

  ui.post<{ Params: { id: string } }>('/keys/:id/revoke', async (request, reply) => {
    const revoked = await revokeApiKey(ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!revoked) throw new ServiceError(404, 'API_KEY_NOT_FOUND', 'There is no such API key.')
    request.log.info({ apiKeyId: revoked.id, adminUserId: sessionOf(request).adminUserId }, 'API key revoked')
    return reply.redirect(`${uiBase}/keys?done=key-revoked`, 303)
  })
}
