// Connections: list, add, edit (credentials write-only), run the connection check, and the field
// mapping with the live login-name example.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, safeHref, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { checkbox, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { connectionUsage, createConnection, updateConnection } from '../../services/connections.ts'
import { archivePanel, archiveSwitch } from './archive-pages.ts'
import { createPluginWebhookSecret, pollResultsNow } from '../../services/results-plugin.ts'
import { sendConfirmation } from '../confirm.ts'
import { getConnection, listConnections, type Connection } from '../../store/connections.ts'
import { ServiceError } from '../../services/context.ts'
import { codeWords } from '../notification-text.ts'
import { checkItemTitle, checkText } from '../check-titles.ts'
import type { CheckText } from '../../check/check-text.ts'
import { moodleVersionLabels, moodleVersions } from '../../lms/moodle/moodle-versions.ts'
import { fieldMappingSchema, type FieldMapping } from '../../domain/field-mapping.ts'
import { loginNameStrategies } from '../../domain/login-name.ts'
import { freeFieldNames } from '../../domain/person.ts'
import { runConnectionCheck, type CheckOutcome } from '../../check/run-check.ts'
import { checkBadge } from '../status-labels.ts'
import {
  editableSettings, examplePerson, loginNameExample, parseConnectionCreate, parseConnectionUpdate, parseMapping,
  typeFields, type ConnectionType,
} from './connection-forms.ts'

type T = PageI18n['t']
const typeLabel = (t: T, type: ConnectionType) => (type === 'sandbox' ? t('connections.type.sandbox') : type === 'ilias' ? 'ILIAS' : 'Moodle')
const typeOptions = (t: T) => (['moodle', 'ilias', 'sandbox'] as const).map((k) => [k, typeLabel(t, k)] as const)
const secretCredentials = new Set(['token', 'password'])
const credentialLabels = { token: 'connections.cred.token', client: 'connections.cred.client', username: 'connections.cred.username', password: 'connections.cred.password' } as const
const settingLabels = {
  sandboxLms: 'connections.setting.sandboxLms', sandboxMoodleVersion: 'connections.setting.sandboxMoodleVersion',
  iliasUserFolderRefId: 'connections.setting.iliasUserFolderRefId', iliasGlobalRole: 'connections.setting.iliasGlobalRole',
  accountMatching: 'accountReviews.matching.label',
} as const
/** The account-matching policies as the forms offer them (the API takes the same values). */
const matchingField = (t: T, value: string | undefined, errors?: FieldErrors) => selectField({
  label: t('accountReviews.matching.label'), name: 'settings.accountMatching', value: value || 'key-only', errors,
  options: [['key-only', t('accountReviews.matching.keyOnly')], ['adopt', t('accountReviews.matching.adopt')], ['review', t('accountReviews.matching.review')]],
  hint: t('accountReviews.matching.hint'),
})
const strategyKeys = {
  email: 'connections.strategy.email', 'firstname-prefix-lastname': 'connections.strategy.firstname-prefix-lastname',
  'initial-prefix-lastname': 'connections.strategy.initial-prefix-lastname', 'external-id': 'connections.strategy.external-id',
} as const satisfies Record<(typeof loginNameStrategies)[number], string>
const envOptions = (t: T) => [['live', t('connections.env.live')], ['training', t('connections.env.training')]] as const

export function connectionRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps

  async function load(request: FastifyRequest<{ Params: { id: string } }>) {
    const c = await getConnection(ctx.db, ctx.box, sessionOf(request).tenantId, request.params.id)
    if (!c) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'There is no such connection.')
    return c
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const all = await listConnections(ctx.db, ctx.box, sessionOf(request).tenantId)
    // Archived connections are listed apart (?archived=1), with their restore link on their page.
    const showArchived = (request.query as { archived?: string }).archived === '1'
    const connections = all.filter((c) => (c.archivedAt !== null) === showArchived)
    const v = o.values ?? { type: 'moodle', environment: 'live', active: 'on', 'settings.sandboxLms': 'moodle' }
    const i = i18nOf(request)
    const { t } = i
    const body = html`
<h1>${showArchived ? t('archive.archivedConnections') : t('connections.title')}</h1>
${archiveSwitch(i, `${uiBase}/connections`, showArchived, all.filter((c) => c.archivedAt).length)}
${connections.length === 0 ? html`<p>${showArchived ? t('archive.noneArchived') : t('connections.none')}</p>` : html`
<table>
  <caption>${showArchived ? t('archive.archivedConnections') : t('connections.caption')}</caption>
  <thead><tr><th scope="col">${t('connections.col.name')}</th><th scope="col">${t('connections.col.type')}</th><th scope="col">${t('connections.col.address')}</th><th scope="col">${t('connections.col.environment')}</th><th scope="col">${t('connections.col.state')}</th></tr></thead>
  <tbody>${connections.map((c) => html`<tr>
    <td><a href="${uiBase}/connections/${c.id}">${c.name}</a></td><td>${typeLabel(t, c.type)}</td>
    <td>${c.type === 'sandbox' ? '—' : c.baseUrl}</td><td>${c.environment === 'training' ? t('connections.env.training') : t('connections.env.live')}</td>
    <td>${c.blockedCode ? html`<span class="badge badge-bad">${t('connections.waitsForFix')}</span>` : c.active ? t('connections.active') : t('connections.inactive')}</td></tr>`)}
  </tbody>
</table>`}
${showArchived ? '' : html`<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">${t('connections.add')}</h2>
  <form method="post" action="${uiBase}/connections" class="stack" data-connection-form>
    ${csrfField(sessionOf(request).csrfToken)}
    ${textField({ label: t('connections.field.name'), name: 'name', value: v.name, required: true, errors: o.errors, hint: t('connections.field.nameHint') })}
    ${selectField({ label: t('connections.field.type'), name: 'type', value: v.type, options: typeOptions(t), errors: o.errors })}
    ${textField({ label: t('connections.field.baseUrl'), name: 'baseUrl', type: 'url', value: v.baseUrl, errors: o.errors, hint: t('connections.field.baseUrlHint') })}
    ${selectField({ label: t('connections.field.environment'), name: 'environment', value: v.environment, options: envOptions(t), errors: o.errors })}
    ${checkbox({ label: t('connections.field.active'), name: 'active', checked: v.active === 'on' })}
    ${typeFieldsets(t, v, o.errors)}
    ${matchingField(t, v['settings.accountMatching'], o.errors)}
    <button type="submit" class="primary">${t('connections.addButton')}</button>
  </form>
</section>`}`
    return sendPage(request, reply, { title: t('connections.title'), current: 'connections', body, status: o.errors ? 422 : 200 })
  }

  async function detailPage(request: FastifyRequest, reply: FastifyReply, c: Connection, o: {
    values?: Record<string, string>; errors?: FieldErrors; mappingValues?: Record<string, string>; mappingErrors?: FieldErrors
    report?: CheckOutcome; pluginSecret?: { secret: string; path: string }; status?: number
  } = {}) {
    const { csrfToken } = sessionOf(request)
    const v = o.values ?? {
      name: c.name, baseUrl: c.baseUrl, environment: c.environment, active: c.active ? 'on' : '',
      ...Object.fromEntries(Object.entries(c.settings).map(([k, val]) => [`settings.${k}`, String(val ?? '')])),
    }
    const mapping = fieldMappingSchema.parse(c.mapping)
    const mv = o.mappingValues ?? mappingValues(mapping)
    // After a refused mapping the example follows the strategy entered, not the stored one.
    const entered = mv['mapping.loginNameStrategy']
    const example = await exampleFor(c, o.mappingValues && (loginNameStrategies as readonly string[]).includes(entered ?? '')
      ? { ...mapping, loginNameStrategy: entered as FieldMapping['loginNameStrategy'] } : mapping)
    const i = i18nOf(request)
    const { t, when } = i
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/connections">${t('connections.title')}</a></p>
<h1>${c.name} <span class="subtle">${typeLabel(t, c.type)}${c.type === 'sandbox' ? ` · ${String(c.settings.sandboxLms ?? 'moodle')}` : ''}</span>${c.archivedAt ? html` <span class="badge badge-quiet">${t('archive.archived')}</span>` : ''}</h1>
${c.blockedCode ? html`<div class="callout callout-bad" role="note"><h2>${t('connections.waitingForFix', { title: codeWords(i, c.blockedCode).title })}</h2>
  <p>${codeWords(i, c.blockedCode).fix}</p><p>${t('connections.savingRetries')}</p></div>` : ''}

<section aria-labelledby="check-h" class="panel">
  <h2 id="check-h">${t('connections.check')}</h2>
  <p>${t('connections.checkIntro')}</p>
  <form method="post" action="${uiBase}/connections/${c.id}/check">${csrfField(csrfToken)}<button type="submit">${t('connections.runCheck')}</button></form>
  ${o.report ? checkReport(i, o.report, c.type === 'ilias' || (c.type === 'sandbox' && c.settings.sandboxLms === 'ilias') ? 'ilias' : 'moodle') : ''}
</section>

${resultsSection(i18nOf(request), c, csrfToken, o.pluginSecret)}

<section aria-labelledby="edit-h" class="panel">
  <h2 id="edit-h">${t('connections.settings')}</h2>
  <form method="post" action="${uiBase}/connections/${c.id}" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: t('connections.field.name'), name: 'name', value: v.name, required: true, errors: o.errors })}
    ${c.type === 'sandbox' ? '' : textField({ label: t('connections.field.baseUrl'), name: 'baseUrl', type: 'url', value: v.baseUrl, required: true, errors: o.errors })}
    ${selectField({ label: t('connections.field.environment'), name: 'environment', value: v.environment, options: envOptions(t), errors: o.errors })}
    ${checkbox({ label: t('connections.field.active'), name: 'active', checked: v.active === 'on' })}
    ${typeFields[c.type].credentials.map((k) => textField({
      label: t(credentialLabels[k]), name: `credentials.${k}`, type: secretCredentials.has(k) ? 'password' : 'text', autocomplete: 'off', errors: o.errors,
      hint: c.credentials[k] ? t('connections.credSet') : t('connections.credNotSet'),
    }))}
    ${editableSettings(c.type).map((k) => k === 'accountMatching' ? matchingField(t, v['settings.accountMatching'], o.errors)
      : textField({ label: t(settingLabels[k]), name: `settings.${k}`, value: v[`settings.${k}`], errors: o.errors }))}
    <button type="submit" class="primary">${t('connections.saveSettings')}</button>
  </form>
  <p class="hint">${t('connections.createdChanged', { created: when(c.createdAt), changed: when(c.updatedAt) })}</p>
</section>

<section aria-labelledby="map-h" class="panel">
  <h2 id="map-h">${t('connections.mapping')}</h2>
  <div class="two-col">
  <form method="post" action="${uiBase}/connections/${c.id}/mapping" class="stack" data-mapping-form data-example-url="${uiBase}/connections/${c.id}/login-name-example">
    ${csrfField(csrfToken)}
    ${selectField({ label: t('connections.map.strategy'), name: 'mapping.loginNameStrategy', value: mv['mapping.loginNameStrategy'], options: loginNameStrategies.map((s) => [s, t(strategyKeys[s])] as const), errors: o.mappingErrors })}
    ${selectField({ label: t('connections.map.externalKey'), name: 'mapping.externalKey', value: mv['mapping.externalKey'], options: [['personId', 'PersonId'], ['externId', 'ExternId']], errors: o.mappingErrors })}
    ${selectField({ label: t('connections.map.emailSource'), name: 'mapping.emailSource', value: mv['mapping.emailSource'], options: [1, 2, 3].map((n) => [`email${n}`, t('connections.map.email', { n })] as const), errors: o.mappingErrors })}
    ${selectField({ label: t('connections.map.namePrefix'), name: 'mapping.namePrefix', value: mv['mapping.namePrefix'], options: [['join', t('connections.map.prefixJoin')], ['omit', t('connections.map.prefixOmit')]], errors: o.mappingErrors })}
    <fieldset><legend>${t('connections.map.freeFields')}</legend>
      ${freeFieldNames.map((ff, n) => textField({ label: t('connections.map.freeField', { n: n + 1 }), name: `mapping.customFields.${ff}`, value: mv[`mapping.customFields.${ff}`], errors: o.mappingErrors }))}
    </fieldset>
    ${checkbox({ label: t('connections.map.iliasExtras'), name: 'mapping.iliasExtras', checked: mv['mapping.iliasExtras'] === 'on' })}
    <button type="submit" class="primary">${t('connections.saveMapping')}</button>
  </form>
  <aside class="example" aria-labelledby="ex-h">
    <h3 id="ex-h">${t('connections.example')}</h3>
    <p class="hint">${t('connections.exampleHint', { lms: example.lms === 'ilias' ? 'ILIAS' : 'Moodle' })}</p>
    <div class="example-name" data-example-inputs>
      ${textField({ label: t('connections.example.firstName'), name: 'example.firstName', value: 'Zoë' })}
      ${textField({ label: t('connections.example.namePrefix'), name: 'example.namePrefix', value: 'van der' })}
      ${textField({ label: t('connections.example.lastName'), name: 'example.lastName', value: 'Berg' })}
    </div>
    <dl class="facts" aria-live="polite" data-example-output>${exampleFacts(t, example.result)}</dl>
  </aside>
  </div>
</section>
${await connectionArchivePanel(i, c)}`
    return sendPage(request, reply, { title: c.name, current: 'connections', body, status: o.status ?? (o.errors || o.mappingErrors ? 422 : 200) })
  }

  async function connectionArchivePanel(i: PageI18n, c: Connection) {
    const { t } = i
    const usage = await connectionUsage(ctx, c.tenantId, c.id)
    const unused = usage.courseDefinitions === 0 && usage.accounts === 0
    const note = c.archivedAt ? t('archive.connection.isArchived', { date: i.when(c.archivedAt) })
      : unused ? t('archive.connection.unused') : t('archive.connection.inUse', { courses: usage.courseDefinitions, accounts: usage.accounts })
    return archivePanel(i, { base: `${uiBase}/connections/${c.id}`, archivedAt: c.archivedAt, note, canDelete: unused })
  }

  async function exampleFor(c: Connection, mapping: FieldMapping, name?: { firstName?: string; namePrefix?: string; lastName?: string }) {
    // The adapter knows its LMS's login-name rules; building one makes no call to the LMS.
    const adapter = await ctx.adapters.get(c)
    return { lms: adapter.lms, result: loginNameExample(examplePerson(name), mapping, adapter.loginNameRules) }
  }

  ui.get('/connections', async (request, reply) => listPage(request, reply))

  ui.post('/connections', async (request, reply) => {
    const f = formOf(request)
    const parsed = parseConnectionCreate(f, i18nOf(request))
    if (!parsed.ok) return listPage(request, reply, { values: f, errors: parsed.errors })
    try {
      const c = await createConnection(ctx, sessionOf(request).tenantId, parsed.input)
      return reply.redirect(`${uiBase}/connections/${c.id}?done=connection-added`, 303)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'CONNECTION_NAME_TAKEN') {
        return listPage(request, reply, { values: f, errors: { name: i18nOf(request).t('connections.nameTaken') } })
      }
      throw err
    }
  })

  ui.get<{ Params: { id: string } }>('/connections/:id', async (request, reply) => detailPage(request, reply, await load(request)))

  ui.post<{ Params: { id: string } }>('/connections/:id', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseConnectionUpdate(f, c.type, c.settings, i18nOf(request))
    if (!parsed.ok) return detailPage(request, reply, c, { values: f, errors: parsed.errors })
    try {
      await updateConnection(ctx, sessionOf(request).tenantId, c.id, parsed.input)
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return detailPage(request, reply, c, { values: f, errors: { name: i18nOf(request).t('connections.nameTaken') } })
      throw err
    }
    return reply.redirect(`${uiBase}/connections/${c.id}?done=connection-saved`, 303)
  })

  ui.post<{ Params: { id: string } }>('/connections/:id/mapping', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseMapping(f, i18nOf(request))
    if (!parsed.ok) return detailPage(request, reply, c, { mappingValues: f, mappingErrors: parsed.errors })
    await updateConnection(ctx, sessionOf(request).tenantId, c.id, { mapping: parsed.mapping })
    return reply.redirect(`${uiBase}/connections/${c.id}?done=mapping-saved#map-h`, 303)
  })

  // The live example: the unsaved mapping and name in, what the account would hold out (JSON).
  ui.post<{ Params: { id: string } }>('/connections/:id/login-name-example', async (request, reply) => {
    const c = await load(request)
    const f = formOf(request)
    const parsed = parseMapping(f, i18nOf(request))
    if (!parsed.ok) return reply.code(422).send({ errors: parsed.errors })
    const example = await exampleFor(c, parsed.mapping, { firstName: f['example.firstName'], namePrefix: f['example.namePrefix'], lastName: f['example.lastName'] })
    return { ...example.result, html: exampleFacts(i18nOf(request).t, example.result).value }
  })

  // The Moodle plugin's shared secret: a new one only after a confirmation (the plugin refuses to send until it has it).
  ui.get<{ Params: { id: string } }>('/connections/:id/webhook-secret', async (request, reply) => {
    const c = await load(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/connections/${c.id}`, label: c.name }, current: 'connections',
      question: t('settings.plugin.rotateQuestion', { name: c.name }),
      consequences: html`<p>${c.credentials.webhookSecret ? t('settings.plugin.rotateReplaces') : t('settings.plugin.rotateFirst')}</p>`,
      action: `${uiBase}/connections/${c.id}/webhook-secret`, confirmLabel: t('settings.plugin.rotateConfirm'), keepLabel: t('settings.rotate.keep'),
      danger: Boolean(c.credentials.webhookSecret),
    })
  })
  ui.post<{ Params: { id: string } }>('/connections/:id/webhook-secret', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const created = await createPluginWebhookSecret(ctx, tenantId, request.params.id)
    request.log.info({ connectionId: request.params.id, adminUserId }, 'plugin webhook secret created from the Service Center')
    return detailPage(request, reply, await load(request), { pluginSecret: created, status: 201 })
  })
  ui.post<{ Params: { id: string } }>('/connections/:id/poll-results', async (request, reply) => {
    const c = await pollResultsNow(ctx, sessionOf(request).tenantId, request.params.id)
    return reply.redirect(`${uiBase}/connections/${c.id}?done=poll-queued#results-h`, 303)
  })

  ui.post<{ Params: { id: string } }>('/connections/:id/check', async (request, reply) => {
    const c = await load(request)
    const report = await runConnectionCheck(ctx, sessionOf(request).tenantId, c.id)
    // The check may have unblocked the connection: show it as it is now.
    return detailPage(request, reply, report.unblocked ? await load(request) : c, { report })
  })
}

/** Results from the LMS: the plugin's secret (Moodle) and "poll results now". */
function resultsSection({ t }: PageI18n, c: Connection, csrfToken: string, shown?: { secret: string; path: string }): Html {
  const moodle = c.type === 'moodle' || (c.type === 'sandbox' && (c.settings.sandboxLms ?? 'moodle') === 'moodle')
  return html`<section aria-labelledby="results-h" class="panel">
  <h2 id="results-h">${t('settings.plugin.title')}</h2>
  ${shown ? html`<div class="callout" role="status"><p>${t('settings.plugin.shownOnce')}</p>
    <p><code class="new-key" data-plugin-secret>${shown.secret}</code></p><p>${t('settings.plugin.path')} <code>${shown.path}</code></p></div>` : ''}
  ${moodle ? html`<p>${c.credentials.webhookSecret ? t('settings.plugin.secretSet') : t('settings.plugin.secretNotSet')}</p>
  <p><a href="${uiBase}/connections/${c.id}/webhook-secret" class="button-link">${t('settings.plugin.rotate')}</a></p>` : ''}
  <form method="post" action="${uiBase}/connections/${c.id}/poll-results">${csrfField(csrfToken)}<button type="submit">${t('settings.plugin.pollNow')}</button></form>
  <p class="hint">${t('settings.plugin.pollHint')}</p>
</section>`
}

function mappingValues(m: FieldMapping): Record<string, string> {
  return {
    'mapping.loginNameStrategy': m.loginNameStrategy, 'mapping.externalKey': m.externalKey, 'mapping.emailSource': m.emailSource,
    'mapping.namePrefix': m.namePrefix, 'mapping.iliasExtras': m.iliasExtras ? 'on' : '',
    ...Object.fromEntries(Object.entries(m.customFields).map(([k, v]) => [`mapping.customFields.${k}`, v ?? ''])),
  }
}

function exampleFacts(t: T, r: ReturnType<typeof loginNameExample>): Html {
  return html`
    <dt>${t('connections.ex.loginName')}</dt><dd><output data-example="loginName">${r.loginName || t('connections.ex.noName')}</output></dd>
    <dt>${t('connections.ex.surname')}</dt><dd>${r.lastName}</dd>
    <dt>${t('connections.ex.email')}</dt><dd>${r.email}</dd>
    <dt>${t('connections.ex.externalKey')}</dt><dd>${r.externalKey}</dd>
    ${Object.keys(r.fields).length > 0 ? html`<dt>${t('connections.ex.profileFields')}</dt><dd>${Object.entries(r.fields).map(([k, v]) => html`<code>${k}</code> = ${v || t('connections.ex.empty')}<br>`)}</dd>` : ''}`
}

function typeFieldsets(t: T, v: Record<string, string>, errors?: FieldErrors): Html {
  return html`${(Object.keys(typeFields) as ConnectionType[]).map((type) => {
    const f = typeFields[type]
    if (f.credentials.length === 0 && f.settings.filter((k) => k !== 'accountMatching').length === 0) return ''
    return html`<fieldset data-for-type="${type}"><legend>${t('connections.only', { type: typeLabel(t, type) })}</legend>
      ${f.credentials.map((k) => textField({ label: t(credentialLabels[k]), name: `credentials.${k}`, type: secretCredentials.has(k) ? 'password' : 'text', autocomplete: 'off', value: secretCredentials.has(k) ? '' : v[`credentials.${k}`], errors }))}
      ${f.settings.filter((k) => k !== 'accountMatching').map((k) => k === 'sandboxLms'
        ? selectField({ label: t(settingLabels[k]), name: 'settings.sandboxLms', value: v['settings.sandboxLms'] ?? 'moodle', options: [['moodle', 'Moodle'], ['ilias', 'ILIAS']], errors })
        : k === 'sandboxMoodleVersion'
        ? selectField({ label: t(settingLabels[k]), name: 'settings.sandboxMoodleVersion', value: v['settings.sandboxMoodleVersion'] ?? '4.5',
          options: moodleVersions.map((m) => [m, moodleVersionLabels[m]] as [string, string]), errors })
        : textField({ label: t(settingLabels[k]), name: `settings.${k}`, value: v[`settings.${k}`], errors }))}
    </fieldset>`
  })}`
}

function checkReport(i: PageI18n, report: CheckOutcome, lms: 'moodle' | 'ilias'): Html {
  const { t } = i
  const failed = report.items.filter((i) => i.status === 'fail')
  const unknown = report.items.filter((i) => i.status === 'unknown')
  // Steps that could not be tried because an earlier one failed say so without a fix: folded away.
  const notChecked = failed.length > 0 ? unknown.filter((i) => !i.fix) : []
  const shown = report.items.filter((i) => !notChecked.includes(i))
  const summary = failed.length > 0
    ? t(failed.every((x) => !x.required) ? 'connections.checksFailedOptional' : 'connections.checksFailed', { failed: failed.length, total: report.items.length })
    : t('connections.allPassed')
  return html`<div class="check-report" role="status">
  <p class="check-summary ${report.ok ? 'ok' : 'bad'}">${summary}${unknown.length > notChecked.length ? html` <span class="subtle">${t('connections.notProven', { count: unknown.length - notChecked.length })}</span>` : ''}</p>
  ${report.unblocked ? html`<p class="notice">${t('connections.unblocked')}</p>` : ''}
  <ol class="check-items">${shown.map((x) => checkItem(i, x, lms))}</ol>
  ${notChecked.length > 0 ? html`<details class="not-checked"><summary>${t('connections.notChecked', { count: notChecked.length })}</summary>
    <ol class="check-items">${notChecked.map((x) => checkItem(i, x, lms))}</ol></details>` : ''}
</div>`
}

function checkItem(i18n: PageI18n, item: CheckOutcome['items'][number], lms: 'moodle' | 'ilias'): Html {
  const { t } = i18n
  // Details and fixes are said in the page's language from their messages, the LMS's own words in them marked as
  // English; a result without messages, and an LMS's menu path, are shown in English, marked (and say so to whoever
  // points at them).
  const en = i18n.locale === 'en' ? null : t('checkItem.inEnglish')
  const english = (text: string) => (en ? html`<span lang="en" title="${en}">${text}</span>` : text)
  const said = (message: CheckText | undefined, text: string) => checkText(i18n, message, text, en ?? '')
  return html`
    <li class="check-item check-${item.status}" data-check-id="${item.id}">
      <div class="check-head">${checkBadge(t, item.status)} <strong>${checkItemTitle(i18n, lms, item)}</strong>${item.required ? '' : html` <span class="subtle">${t('common.optional')}</span>`}</div>
      ${item.detail ? html`<p>${said(item.message, item.detail)}</p>` : ''}
      ${item.fix && item.status !== 'pass' ? html`<div class="fix"><p><strong>${t('connections.fix')}</strong> ${said(item.fix.message, item.fix.text)}</p>
        ${item.fix.menuPath ? html`<p class="menu-path"><span class="visually-hidden">${t('connections.menu')} </span>${item.fix.menuMessage ? said(item.fix.menuMessage, item.fix.menuPath) : english(item.fix.menuPath)}</p>` : ''}
        ${safeHref(item.fix.adminUrl) ? html`<p><a href="${safeHref(item.fix.adminUrl)}" target="_blank" rel="noopener noreferrer">${t('connections.openInLms')}<span class="visually-hidden"> ${t('connections.newTab')}</span></a></p>` : ''}</div>` : ''}
    </li>`
}
