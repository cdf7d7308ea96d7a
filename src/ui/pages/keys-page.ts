// API keys: the list with scope and last use, a new key (shown once, on the answer to the form), and
// revoking one after a confirmation page. The same functions as the API and `coursebridge keys`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, when } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type ApiScope } from '../../security/api-keys.ts'
import { apiKeyCreateSchema } from '../../http/routes/api-keys.ts'
import type { Html } from '../html.ts'

const scopeOptions = [
  ['registrations', 'registrations — persons, registrations, results (a training system)'],
  ['metrics', 'metrics — reads /metrics only (Prometheus)'],
  ['admin', 'admin — everything, also connections, settings, templates and keys'],
] as const satisfies readonly (readonly [ApiScope, string])[]

export function keyRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors; created?: Html } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const keys = await listApiKeys(ctx.db, tenantId)
    const row = (k: ApiKeyView) => html`<tr>
    <td>${k.name}</td><td>${k.scope}</td><td><code>${k.prefix}…</code></td><td>${when(k.createdAt)}</td>
    <td>${k.lastUsedAt ? when(k.lastUsedAt) : 'never'}</td>
    <td>${k.revokedAt ? html`revoked ${when(k.revokedAt)}` : html`<a href="${uiBase}/keys/${k.id}/revoke">Revoke…</a>`}</td></tr>`
    const body = html`
<h1>API keys</h1>
${o.created ?? ''}
<p>Programs call the API with a key: the training system with a <em>registrations</em> key, monitoring with a <em>metrics</em> key.
Last use is recorded to the minute.</p>
${keys.length === 0 ? html`<p>No API key yet.</p>` : html`
<table>
  <caption>API keys of the institute</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead>
  <tbody>${keys.map(row)}</tbody>
</table>`}
<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">Create an API key</h2>
  <form method="post" action="${uiBase}/keys" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: 'Name (who uses it)', name: 'name', value: o.values?.name, required: true, errors: o.errors })}
    ${selectField({ label: 'Scope', name: 'scope', value: o.values?.scope ?? 'registrations', options: scopeOptions, errors: o.errors })}
    <button type="submit" class="primary">Create key</button>
  </form>
</section>`
    return sendPage(request, reply, { title: 'API keys', current: 'keys', body, status: o.errors ? 422 : (o.created ? 201 : 200) })
  }

  ui.get('/keys', async (request, reply) => listPage(request, reply))

  // The key is shown on this answer only (the page is sent with Cache-Control: no-store); it is stored hashed.
  ui.post('/keys', async (request, reply) => {
    const { _csrf: _, ...fields } = formOf(request)
    const r = apiKeyCreateSchema.safeParse(fields)
    if (!r.success) return listPage(request, reply, { values: fields, errors: errorsByField(r.error.issues) })
    const created = await createApiKey(ctx.db, sessionOf(request).tenantId, r.data.name, r.data.scope)
    request.log.info({ apiKeyId: created.id, scope: created.scope, adminUserId: sessionOf(request).adminUserId }, 'API key created')
    return listPage(request, reply, {
      created: html`<section class="callout" aria-labelledby="new-key-h" role="status">
  <h2 id="new-key-h">New key “${created.name}” (${created.scope})</h2>
  <p>Copy it now: it is shown only this once and cannot be read again.</p>
  <p><code class="new-key" data-new-key>${created.key}</code></p>
</section>`,
    })
  })

  ui.get<{ Params: { id: string } }>('/keys/:id/revoke', async (request, reply) => {
    const key = (await listApiKeys(ctx.db, sessionOf(request).tenantId)).find((k) => k.id === request.params.id)
    if (!key) throw new ServiceError(404, 'API_KEY_NOT_FOUND', 'There is no such API key.')
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/keys">API keys</a></p>
<h1>Revoke the key “${key.name}”?</h1>
<p>Scope ${key.scope}, starts with <code>${key.prefix}…</code>, last used ${key.lastUsedAt ? when(key.lastUsedAt) : 'never'}.
Every program that uses it is refused from its next call on. This cannot be undone.</p>
<form method="post" action="${uiBase}/keys/${key.id}/revoke" class="actions">
  ${csrfField(sessionOf(request).csrfToken)}
  <button type="submit" class="danger">Revoke the key</button> <a href="${uiBase}/keys">Keep it</a>
</form>`
    return sendPage(request, reply, { title: 'Revoke an API key', current: 'keys', body })
  })

  ui.post<{ Params: { id: string } }>('/keys/:id/revoke', async (request, reply) => {
    const revoked = await revokeApiKey(ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!revoked) throw new ServiceError(404, 'API_KEY_NOT_FOUND', 'There is no such API key.')
    request.log.info({ apiKeyId: revoked.id, adminUserId: sessionOf(request).adminUserId }, 'API key revoked')
    return reply.redirect(`${uiBase}/keys?done=key-revoked`, 303)
  })
}
