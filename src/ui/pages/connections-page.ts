// Connections: list, add, edit (credentials write-only), run the connection check, and the field
// mapping with the live login-name example.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, safeHref, when, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { checkbox, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { createConnection, updateConnection } from '../../services/connections.ts'
import { getConnection, listConnections, type Connection } from '../../store/connections.ts'
import { ServiceError } from '../../services/context.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { moodleVersionLabels, moodleVersions } from '../../lms/moodle/moodle-versions.ts'
import { fieldMappingSchema, type FieldMapping } from '../../domain/field-mapping.ts'
import { loginNameStrategies } from '../../domain/login-name.ts'
import { freeFieldNames } from '../../domain/person.ts'
import { runConnectionCheck, type CheckOutcome } from '../../check/run-check.ts'
import { checkBadge } from '../status-labels.ts'
import {
  editableSettings, examplePerson, loginNameExample, parseConnectionCreate, parseConnectionUpdate, parseMapping,
  strategyLabels, typeFields, type ConnectionType,
} from './connection-forms.ts'

const typeLabels: Record<ConnectionType, string> = { moodle: 'Moodle', ilias: 'ILIAS', sandbox: 'Sandbox (simulated LMS)' }
const secretCredentials = new Set(['token', 'password'])
const credentialLabels = { token: 'Web-service token', client: 'ILIAS client id', username: 'SOAP user name', password: 'SOAP password' }
const settingLabels = { sandboxLms: 'Simulated LMS', sandboxMoodleVersion: 'Simulated Moodle version (Moodle sandbox)', iliasUserFolderRefId: 'User folder ref id (optional)', iliasGlobalRole: 'Global role for new users (optional)' }

export function connectionRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps

  async function load(request: FastifyRequest<{ Params: { id: string } }>) {
    const c = await getConnection(ctx.db, ctx.box, sessionOf(request).tenantId, request.params.id)
    if (!c) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'There is no such connection.')
    return c
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const connections = await listConnections(ctx.db, ctx.box, sessionOf(request).tenantId)
    const v = o.values ?? { type: 'moodle', environment: 'live', active: 'on', 'settings.sandboxLms': 'moodle' }
    const body = html`
<h1>Connections</h1>
${connections.length === 0 ? html`<p>No connection yet.</p>` : html`
<table>
  <caption>Your LMS connections</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Address</th><th scope="col">Environment</th><th scope="col">State</th></tr></thead>
  <tbody>${connections.map((c) => html`<tr>
    <td><a href="${uiBase}/connections/${c.id}">${c.name}</a></td><td>${typeLabels[c.type]}</td>
    <td>${c.type === 'sandbox' ? '—' : c.baseUrl}</td><td>${c.environment}</td>
    <td>${c.blockedCode ? html`<span class="badge badge-bad">Waits for a fix</span>` : c.active ? 'Active' : 'Inactive'}</td></tr>`)}
  </tbody>
</table>`}
<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">Add a connection</h2>
  <form method="post" action="${uiBase}/connections" class="stack" data-connection-form>
    ${csrfField(sessionOf(request).csrfToken)}
    ${textField({ label: 'Name', name: 'name', value: v.name, required: true, errors: o.errors, hint: 'For you, e.g. "Moodle live"' })}
    ${selectField({ label: 'Type', name: 'type', value: v.type, options: Object.entries(typeLabels), errors: o.errors })}
    ${textField({ label: 'Base URL', name: 'baseUrl', type: 'url', value: v.baseUrl, errors: o.errors, hint: 'The LMS address, e.g. https://moodle.example.org (not needed for a sandbox)' })}
    ${selectField({ label: 'Environment', name: 'environment', value: v.environment, options: [['live', 'Live'], ['training', 'Training']], errors: o.errors })}
    ${checkbox({ label: 'Active', name: 'active', checked: v.active === 'on' })}
    ${typeFieldsets(v, o.errors)}
    <button type="submit" class="primary">Add connection</button>
  </form>
</section>`
    return sendPage(request, reply, { title: 'Connections', current: 'connections', body, status: o.errors ? 422 : 200 })
  }

  async function detailPage(request: FastifyRequest, reply: FastifyReply, c: Connection, o: {
    values?: Record<string, string>; errors?: FieldErrors; mappingValues?: Record<string, string>; mappingErrors?: FieldErrors
    report?: CheckOutcome
  } = {}) {
    const { csrfToken } = sessionOf(request)
    const v = o.values ?? {
      name: c.name, baseUrl: c.baseUrl, environment: c.environment, active: c.active ? 'on' : '',
      ...Object.fromEntries(Object.entries(c.settings).map(([k, val]) => [`settings.${k}`, String(val ?? '')])),
    }
    const mapping = fieldMappingSchema.parse(c.mapping)
    const mv = o.mappingValues ?? mappingValues(mapping)
    const example = await exampleFor(c, mapping)
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/connections">Connections</a></p>
<h1>${c.name} <span class="subtle">${typeLabels[c.type]}${c.type === 'sandbox' ? ` · ${String(c.settings.sandboxLms ?? 'moodle')}` : ''}</span></h1>
${c.blockedCode ? html`<div class="callout callout-bad" role="note"><h2>Waiting for a fix: ${describeCode(c.blockedCode).title}</h2>
  <p>${describeCode(c.blockedCode).fix}</p><p>Saving the connection (or fixing the LMS and running the check) retries what waited.</p></div>` : ''}

<section aria-labelledby="check-h" class="panel">
  <h2 id="check-h">Connection check</h2>
  <p>Tests every set-up step against the LMS and says what to fix where.</p>
  <form method="post" action="${uiBase}/connections/${c.id}/check">${csrfField(csrfToken)}<button type="submit">Run check</button></form>
  ${o.report ? checkReport(i18nOf(request), o.report) : ''}
</section>

<section aria-labelledby="edit-h" class="panel">
  <h2 id="edit-h">Settings</h2>
  <form method="post" action="${uiBase}/connections/${c.id}" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: 'Name', name: 'name', value: v.name, required: true, errors: o.errors })}
    ${c.type === 'sandbox' ? '' : textField({ label: 'Base URL', name: 'baseUrl', type: 'url', value: v.baseUrl, required: true, errors: o.errors })}
    ${selectField({ label: 'Environment', name: 'environment', value: v.environment, options: [['live', 'Live'], ['training', 'Training']], errors: o.errors })}
    ${checkbox({ label: 'Active', name: 'active', checked: v.active === 'on' })}
    ${typeFields[c.type].credentials.map((k) => textField({
      label: credentialLabels[k], name: `credentials.${k}`, type: secretCredentials.has(k) ? 'password' : 'text', autocomplete: 'off', errors: o.errors,
      hint: c.credentials[k] ? 'Set. Leave empty to keep it; it is never shown again.' : 'Not set.',
    }))}
    ${editableSettings(c.type).map((k) => textField({ label: settingLabels[k], name: `settings.${k}`, value: v[`settings.${k}`], errors: o.errors }))}
    <button type="submit" class="primary">Save settings</button>
  </form>
  <p class="hint">Created ${when(c.createdAt)}, changed ${when(c.updatedAt)}.</p>
</section>

<section aria-labelledby="map-h" class="panel">
  <h2 id="map-h">Field mapping and login name</h2>
  <div class="two-col">
  <form method="post" action="${uiBase}/connections/${c.id}/mapping" class="stack" data-mapping-form data-example-url="${uiBase}/connections/${c.id}/login-name-example">
    ${csrfField(csrfToken)}
    ${selectField({ label: 'Login-name strategy', name: 'mapping.loginNameStrategy', value: mv['mapping.loginNameStrategy'], options: loginNameStrategies.map((s) => [s, strategyLabels[s]] as const), errors: o.mappingErrors })}
    ${selectField({ label: 'External key (LMS idnumber)', name: 'mapping.externalKey', value: mv['mapping.externalKey'], options: [['personId', 'PersonId'], ['externId', 'ExternId']], errors: o.mappingErrors })}
    ${selectField({ label: 'E-mail address from', name: 'mapping.emailSource', value: mv['mapping.emailSource'], options: [['email1', 'E-mail 1'], ['email2', 'E-mail 2'], ['email3', 'E-mail 3']], errors: o.mappingErrors })}
    ${selectField({ label: 'Name prefix', name: 'mapping.namePrefix', value: mv['mapping.namePrefix'], options: [['join', 'Join to the surname ("van der Berg")'], ['omit', 'Leave out of the surname ("Berg")']], errors: o.mappingErrors })}
    <fieldset><legend>Free fields → LMS profile fields (shortname; empty = not sent)</legend>
      ${freeFieldNames.map((ff, i) => textField({ label: `Free field ${i + 1}`, name: `mapping.customFields.${ff}`, value: mv[`mapping.customFields.${ff}`], errors: o.mappingErrors }))}
    </fieldset>
    ${checkbox({ label: 'ILIAS extras: zip code, birthday and phone numbers', name: 'mapping.iliasExtras', checked: mv['mapping.iliasExtras'] === 'on' })}
    <button type="submit" class="primary">Save mapping</button>
  </form>
  <aside class="example" aria-labelledby="ex-h">
    <h3 id="ex-h">Live example</h3>
    <p class="hint">Change the mapping or the name: the example follows, computed with the rules of ${example.lms === 'ilias' ? 'ILIAS' : 'Moodle'}.</p>
    <div class="example-name" data-example-inputs>
      ${textField({ label: 'First name', name: 'example.firstName', value: 'Zoë' })}
      ${textField({ label: 'Name prefix', name: 'example.namePrefix', value: 'van der' })}
      ${textField({ label: 'Last name', name: 'example.lastName', value: 'Berg' })}
    </div>
    <dl class="facts" aria-live="polite" data-example-output>${exampleFacts(example.result)}</dl>
  </aside>
  </div>
</section>`
    return sendPage(request, reply, { title: c.name, current: 'connections', body, status: o.errors || o.mappingErrors ? 422 : 200 })
  }

  async function exampleFor(c: Connection, mapping: FieldMapping, name?: { firstName?: string; namePrefix?: string; lastName?: string }) {
    // The adapter knows its LMS's login-name rules; building one makes no call to the LMS.
    const adapter = await ctx.adapters.get(c)
    return { lms: adapter.lms, result: loginNameExample(examplePerson(name), mapping, adapter.loginNameRules) }
  }

  ui.get('/connections', async (request, reply) => listPage(request, reply))

  ui.post('/connections', async (request, reply) => {
    const f = formOf(request)
    const parsed = parseConnectionCreate(f)
    if (!parsed.ok) return listPage(request, reply, { values: f, errors: parsed.errors })
    try {
      const c = await createConnection(ctx, sessionOf(request).tenantId, parsed.input)
      return reply.redirect(`${uiBase}/connections/${c.id}?done=connection-added`, 303)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'CONNECTION_NAME_TAKEN') {
        return listPage(request, reply, { values: f, errors: { name: 'A connection with this name exists.' } })
      }
      throw err
    }
  })

  ui.get<{ Params: { id: string } }>('/connections/:id', async (request, reply) => detailPage(request, reply, await load(request)))

  ui.post<{ Params: { id: string } }>('/connections/:id', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseConnectionUpdate(f, c.type, c.settings)
    if (!parsed.ok) return detailPage(request, reply, c, { values: f, errors: parsed.errors })
    try {
      await updateConnection(ctx, sessionOf(request).tenantId, c.id, parsed.input)
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return detailPage(request, reply, c, { values: f, errors: { name: 'A connection with this name exists.' } })
      throw err
    }
    return reply.redirect(`${uiBase}/connections/${c.id}?done=connection-saved`, 303)
  })

  ui.post<{ Params: { id: string } }>('/connections/:id/mapping', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseMapping(f)
    if (!parsed.ok) return detailPage(request, reply, c, { mappingValues: f, mappingErrors: parsed.errors })
    await updateConnection(ctx, sessionOf(request).tenantId, c.id, { mapping: parsed.mapping })
    return reply.redirect(`${uiBase}/connections/${c.id}?done=mapping-saved#map-h`, 303)
  })

  // The live example: the unsaved mapping and name in, what the account would hold out (JSON).
  ui.post<{ Params: { id: string } }>('/connections/:id/login-name-example', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseMapping(f)
    if (!parsed.ok) return reply.code(422).send({ errors: parsed.errors })
    const example = await exampleFor(c, parsed.mapping, { firstName: f['example.firstName'], namePrefix: f['example.namePrefix'], lastName: f['example.lastName'] })
    return { ...example.result, html: exampleFacts(example.result).value }
  })

  ui.post<{ Params: { id: string } }>('/connections/:id/check', async (request, reply) => {
    const c = await load(request)
    const report = await runConnectionCheck(ctx, sessionOf(request).tenantId, c.id)
    // The check may have unblocked the connection: show it as it is now.
    return detailPage(request, reply, report.unblocked ? await load(request) : c, { report })
  })
}

function mappingValues(m: FieldMapping): Record<string, string> {
  return {
    'mapping.loginNameStrategy': m.loginNameStrategy, 'mapping.externalKey': m.externalKey, 'mapping.emailSource': m.emailSource,
    'mapping.namePrefix': m.namePrefix, 'mapping.iliasExtras': m.iliasExtras ? 'on' : '',
    ...Object.fromEntries(Object.entries(m.customFields).map(([k, v]) => [`mapping.customFields.${k}`, v ?? ''])),
  }
}

function exampleFacts(r: ReturnType<typeof loginNameExample>): Html {
  return html`
    <dt>Login name</dt><dd><output data-example="loginName">${r.loginName || '(nothing left: the strategy gives no usable name)'}</output></dd>
    <dt>Surname in the LMS</dt><dd>${r.lastName}</dd>
    <dt>E-mail</dt><dd>${r.email}</dd>
    <dt>External key</dt><dd>${r.externalKey}</dd>
    ${Object.keys(r.fields).length > 0 ? html`<dt>Profile fields</dt><dd>${Object.entries(r.fields).map(([k, v]) => html`<code>${k}</code> = ${v || '(empty)'}<br>`)}</dd>` : ''}`
}

function typeFieldsets(v: Record<string, string>, errors?: FieldErrors): Html {
  return html`${(Object.keys(typeFields) as ConnectionType[]).map((type) => {
    const f = typeFields[type]
    if (f.credentials.length === 0 && f.settings.length === 0) return ''
    return html`<fieldset data-for-type="${type}"><legend>${typeLabels[type]} only</legend>
      ${f.credentials.map((k) => textField({ label: credentialLabels[k], name: `credentials.${k}`, type: secretCredentials.has(k) ? 'password' : 'text', autocomplete: 'off', value: secretCredentials.has(k) ? '' : v[`credentials.${k}`], errors }))}
      ${f.settings.map((k) => k === 'sandboxLms'
        ? selectField({ label: settingLabels[k], name: 'settings.sandboxLms', value: v['settings.sandboxLms'] ?? 'moodle', options: [['moodle', 'Moodle'], ['ilias', 'ILIAS']], errors })
        : k === 'sandboxMoodleVersion'
        ? selectField({ label: settingLabels[k], name: 'settings.sandboxMoodleVersion', value: v['settings.sandboxMoodleVersion'] ?? '4.5',
          options: moodleVersions.map((m) => [m, moodleVersionLabels[m]] as [string, string]), errors })
        : textField({ label: settingLabels[k], name: `settings.${k}`, value: v[`settings.${k}`], errors }))}
    </fieldset>`
  })}`
}

function checkReport(i: PageI18n, report: CheckOutcome): Html {
  const failed = report.items.filter((i) => i.status === 'fail')
  const unknown = report.items.filter((i) => i.status === 'unknown')
  // Steps that could not be tried because an earlier one failed say so without a fix: folded away.
  const notChecked = failed.length > 0 ? unknown.filter((i) => !i.fix) : []
  const shown = report.items.filter((i) => !notChecked.includes(i))
  const summary = failed.length > 0
    ? `${failed.length} of ${report.items.length} checks failed${failed.every((i) => !i.required) ? ' (optional ones only)' : ''}.`
    : 'All required checks passed.'
  return html`<div class="check-report" role="status">
  <p class="check-summary ${report.ok ? 'ok' : 'bad'}">${summary}${unknown.length > notChecked.length ? html` <span class="subtle">${unknown.length - notChecked.length} could not be proven through the web services; see below.</span>` : ''}</p>
  ${report.unblocked ? html`<p class="notice">The connection was waiting for a fix; it works again and the registrations that waited are retried.</p>` : ''}
  <ol class="check-items">${shown.map((x) => checkItem(i, x))}</ol>
  ${notChecked.length > 0 ? html`<details class="not-checked"><summary>${notChecked.length} steps not checked because of an earlier failure</summary>
    <ol class="check-items">${notChecked.map((x) => checkItem(i, x))}</ol></details>` : ''}
</div>`
}

function checkItem({ t }: PageI18n, item: CheckOutcome['items'][number]): Html {
  return html`
    <li class="check-item check-${item.status}" data-check-id="${item.id}">
      <div class="check-head">${checkBadge(t, item.status)} <strong>${item.title}</strong>${item.required ? '' : html` <span class="subtle">${t('common.optional')}</span>`}</div>
      ${item.detail ? html`<p>${item.detail}</p>` : ''}
      ${item.fix && item.status !== 'pass' ? html`<div class="fix"><p><strong>Fix:</strong> ${item.fix.text}</p>
        ${item.fix.menuPath ? html`<p class="menu-path"><span class="visually-hidden">Menu: </span>${item.fix.menuPath}</p>` : ''}
        ${safeHref(item.fix.adminUrl) ? html`<p><a href="${safeHref(item.fix.adminUrl)}" target="_blank" rel="noopener noreferrer">Open this page in the LMS<span class="visually-hidden"> (opens in a new tab)</span></a></p>` : ''}</div>` : ''}
    </li>`
}
