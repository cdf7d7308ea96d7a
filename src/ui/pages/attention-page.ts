// Registrations that need attention (failed, needing an administrator, waiting for data), with the code
// and what it means, and "retry": one, the selected ones, or all the filter matches.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { formOf, i18nOf, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { listPageRoutes, renderListPage, type ListPageOf } from './list-page.ts'
import { logNav, servedCell } from './logs-page.ts'
import { stateLabels } from './registration-list.ts'
import { statusBadge } from '../status-labels.ts'
import { allIds, type ListSpec } from '../../lists/list-query.ts'
import { attentionList, attentionStatuses, type RegistrationListRow } from '../../lists/list-specs.ts'
import { codeWords, recordedMessage } from '../notification-text.ts'
import { retryLimit, retryRegistrations } from '../../services/retry-registrations.ts'
import { listHref, parseListQuery } from '../list-view.ts'

const filterFields = ['q', 'status', 'course', 'connection', 'from', 'to'] as const

const page: ListPageOf<RegistrationListRow> = (i18n: PageI18n) => {
  const { t, when } = i18n
  const states = stateLabels(i18n)
  return {
    path: `${uiBase}/attention`, spec: attentionList, title: t('logs.attention.title'), current: 'logs',
    intro: html`${logNav(i18n, 'attention')}<p class="hint">${t('logs.attention.hint')}</p>`,
    statusLabels: Object.fromEntries(attentionStatuses.map((s) => [s, states[s]])),
    columns: [[t('logs.col.select')], [t('logs.col.person'), 'person'], [t('logs.col.course'), 'course'], [t('logs.col.state'), 'status'],
      [t('logs.col.problem')], [t('logs.col.attempts')], [t('logs.col.changed'), 'updated'], [t('logs.col.action')]],
    row: (r) => {
      const d = r.status_code ? codeWords(i18n, r.status_code) : null
      return html`<tr data-registration="${r.id}">
      <td><input type="checkbox" name="r:${r.id}" aria-label="${t('logs.attention.selectOne', { person: r.person_id, course: r.course_code })}"></td>
      ${servedCell({ registration_id: r.id, person_id: r.person_id, person: r.person })}<td>${r.course_code}</td>
      <td>${statusBadge(t, r.status)}</td>
      <td>${r.status_code ? html`<code>${r.status_code}</code> ${d!.title}` : '—'}${r.message ? html`<br><span class="subtle">${recordedMessage(i18n, r.message)}</span>` : ''}</td>
      <td>${r.attempts}</td><td>${when(r.updated_at)}</td>
      <td><button type="submit" name="only" value="${r.id}">${t('logs.attention.retry')}</button></td></tr>`
    },
    wrap: (table, c) => html`
<form method="post" action="${uiBase}/attention/retry" class="bulk-actions" data-retry-all>
  ${csrfField(c.csrfToken ?? '')}
  ${filterFields.map((k) => (c.query[k] ? html`<input type="hidden" name="filter.${k}" value="${c.query[k]}">` : ''))}
  <button type="submit" name="all" value="1">${t('logs.attention.retryAll', { total: c.total })}</button>
</form>
<form method="post" action="${uiBase}/attention/retry" data-retry-selected>
  ${csrfField(c.csrfToken ?? '')}
  <input type="hidden" name="back" value="${listHref(c.path, c.query)}">
  <div class="bulk-actions"><button type="submit" name="selected" value="1">${t('logs.attention.retrySelected')}</button></div>
  ${table}
</form>`,
    empty: t('logs.attention.empty'), noMatch: t('logs.attention.noMatch'),
  }
}

export function attentionRoutes(ui: FastifyInstance, deps: UiDeps) {
  listPageRoutes(ui, deps, page)

  ui.post('/attention/retry', async (request, reply) => {
    const { tenantId } = sessionOf(request)
    const f = formOf(request)
    let ids: string[]
    if (f.only) ids = [f.only]
    else if (f.all) {
      const filter = Object.fromEntries(filterFields.filter((k) => f[`filter.${k}`]).map((k) => [k, f[`filter.${k}`]]))
      const query = { ...parseListQuery(attentionList as ListSpec<unknown>, filter), timeZone: i18nOf(request).timeZone }
      ids = await allIds(deps.ctx.db, attentionList as ListSpec<unknown>, tenantId, query, retryLimit)
    } else ids = Object.keys(f).filter((k) => k.startsWith('r:')).map((k) => k.slice(2))
    if (ids.length === 0) {
      return renderListPage(deps, page, request, reply, { status: 422, error: i18nOf(request).t('logs.attention.selectFirst') })
    }
    await retryRegistrations(deps.ctx, tenantId, ids)
    const back = typeof f.back === 'string' && f.back.startsWith(`${uiBase}/attention`) ? f.back : `${uiBase}/attention`
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}done=retried-many`, 303)
  })
}
