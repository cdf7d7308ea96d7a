// Overview: registrations by state, open notifications, connections that wait for a fix.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { registrationStatuses } from '../../domain/registration-state.ts'
import { countOpenNotifications, countRegistrationsByStatus } from '../ui-queries.ts'
import { lastConnectionChecks, listConnections, type Connection } from '../../store/connections.ts'
import { listNotifications } from '../../store/notifications.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { statusBadge } from '../status-labels.ts'

export function overviewRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/', async (request, reply) => {
    const { tenantId } = sessionOf(request)
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
      if (c.blockedCode) return `waits for a fix: ${describeCode(c.blockedCode).title}`
      const streak = limits.get(c.id)?.failureStreak ?? 0
      if (streak > 0 || unreachable.has(c.id)) return 'the LMS did not answer lately (not reachable or too slow)'
      if (checks.get(c.id)?.ok === false) return 'its last connection check failed'
      return null
    }
    const problems = connections.map((c) => ({ c, problem: problemOf(c) })).filter((x) => x.problem !== null)
    const working = connections.length - problems.length
    const workingText = problems.length === 0
      ? (connections.length === 1 ? 'The connection works as far as coursebridge knows.' : `All ${connections.length} connections work as far as coursebridge knows.`)
      : working === 0 ? null
      : `${working} of ${connections.length} connections ${working === 1 ? 'works' : 'work'} as far as coursebridge knows.`
    const body = html`
<h1>Overview</h1>
<section aria-labelledby="reg-h">
  <h2 id="reg-h">Registrations by state</h2>
  <ul class="cards">
    ${Object.keys(registrationStatuses).map((status) => html`
    <li class="card"><a href="${uiBase}/registrations?status=${status}">
      <span class="count">${counts.get(status) ?? 0}</span> ${statusBadge(status)}</a></li>`)}
  </ul>
</section>
<section aria-labelledby="notif-h">
  <h2 id="notif-h">Open notifications: ${open}</h2>
  ${latest.length === 0 ? html`<p>Nothing needs your attention.</p>` : html`
  <ul class="plain-list">${latest.map((n) => html`<li><strong>${describeCode(n.code).title}</strong> — ${n.message}</li>`)}</ul>
  <p><a href="${uiBase}/notifications">All open notifications</a></p>`}
</section>
<section aria-labelledby="conn-h">
  <h2 id="conn-h">Connections</h2>
  ${connections.length === 0 ? html`<p>No connection yet. <a href="${uiBase}/connections">Add one</a>.</p>`
    : problems.length === 0 ? html`<p>${workingText}</p>`
    : html`<ul class="plain-list">${problems.map(({ c, problem }) => html`<li><a href="${uiBase}/connections/${c.id}">${c.name}</a> does not work: ${problem}</li>`)}</ul>
  ${workingText ? html`<p>${workingText}</p>` : ''}`}
</section>`
    return sendPage(request, reply, { title: 'Overview', current: 'overview', body })
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
