// Overview: registrations by state, open notifications, connections that wait for a fix.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { registrationStatuses } from '../../domain/registration-state.ts'
import { countOpenNotifications, countRegistrationsByStatus } from '../ui-queries.ts'
import { lastConnectionChecks, listConnections, type Connection } from '../../store/connections.ts'
import { listNotifications } from '../../store/notifications.ts'
import { codeWords, recordedMessage } from '../notification-text.ts'
import { statusBadge } from '../status-labels.ts'

export function overviewRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/', async (request, reply) => {
    const { tenantId } = sessionOf(request)
    const i18n = i18nOf(request)
    const { t, th, tn } = i18n
    const [counts, open, latest, connections, checks, unreachable] = await Promise.all([
      countRegistrationsByStatus(ctx.db, tenantId),
      countOpenNotifications(ctx.db, tenantId),
      listNotifications(ctx.db, tenantId, { open: true, limit: 5 }),
      listConnections(ctx.db, ctx.box, tenantId),
      lastConnectionChecks(ctx.db, tenantId),
      unreachableConnections(ctx, tenantId),
    ])
    const limits = ctx.adapters.limits()
    // Not working: blocked, its last check failed, or its LMS did not answer lately (this process's
    // limiter saw failures in a row, or a registration gave up on an unreachable LMS).
    const problemOf = (c: Connection): string | null => {
      if (c.blockedCode) return t('overview.waitsForFix', { title: codeWords(i18n, c.blockedCode).title })
      const streak = limits.get(c.id)?.failureStreak ?? 0
      if (streak > 0 || unreachable.has(c.id)) return t('overview.notAnswering')
      if (checks.get(c.id)?.ok === false) return t('overview.checkFailed')
      return null
    }
    const problems = connections.map((c) => ({ c, problem: problemOf(c) })).filter((x) => x.problem !== null)
    const working = connections.length - problems.length
    const workingText = problems.length === 0
      ? (connections.length === 1 ? t('overview.theConnectionWorks') : t('overview.allWork', { count: connections.length }))
      : working === 0 ? null
      : tn('overview.someWork', working, { total: connections.length })
    const body = html`
<h1>${t('overview.title')}</h1>
<section aria-labelledby="reg-h">
  <h2 id="reg-h">${t('overview.byState')}</h2>
  <ul class="cards">
    ${Object.keys(registrationStatuses).map((status) => html`
    <li class="card"><a href="${uiBase}/registrations?status=${status}">
      <span class="count">${counts.get(status) ?? 0}</span> ${statusBadge(t, status)}</a></li>`)}
  </ul>
</section>
<section aria-labelledby="notif-h">
  <h2 id="notif-h">${t('overview.openNotifications', { count: open })}</h2>
  ${latest.length === 0 ? html`<p>${t('overview.nothingNeedsYou')}</p>` : html`
  <ul class="plain-list">${latest.map((n) => html`<li><strong>${codeWords(i18n, n.code).title}</strong> — ${recordedMessage(i18n, n.message)}</li>`)}</ul>
  <p><a href="${uiBase}/notifications">${t('overview.allOpenNotifications')}</a></p>`}
</section>
<section aria-labelledby="conn-h">
  <h2 id="conn-h">${t('overview.connections')}</h2>
  ${connections.length === 0 ? html`<p>${th('overview.noConnection', { link: html`<a href="${uiBase}/connections">${t('overview.addOne')}</a>` })}</p>`
    : problems.length === 0 ? html`<p>${workingText}</p>`
    : html`<ul class="plain-list">${problems.map(({ c, problem }) => html`<li>${th('overview.doesNotWork', { connection: html`<a href="${uiBase}/connections/${c.id}">${c.name}</a>`, problem: problem! })}</li>`)}</ul>
  ${workingText ? html`<p>${workingText}</p>` : ''}`}
</section>`
    return sendPage(request, reply, { title: t('overview.title'), current: 'overview', body })
  })
}

/** Connections with an open notification saying their LMS could not be reached or did not answer. */
async function unreachableConnections(ctx: UiDeps['ctx'], tenantId: string): Promise<Set<string>> {
  const { rows } = await ctx.db.query<{ connection_id: string }>(
    `SELECT DISTINCT connection_id FROM notifications
     WHERE tenant_id = $1 AND resolved_at IS NULL AND connection_id IS NOT NULL AND code = ANY($2)`,
    [tenantId, ['LMS_UNREACHABLE', 'LMS_TIMEOUT']])
  return new Set(rows.map((r) => r.connection_id))
}
