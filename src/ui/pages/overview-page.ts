// Overview: registrations by state, open notifications, connections that wait for a fix.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { registrationStatuses } from '../../domain/registration-state.ts'
import { countOpenNotifications, countRegistrationsByStatus } from '../ui-queries.ts'
import { listConnections } from '../../store/connections.ts'
import { listNotifications } from '../../store/notifications.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { statusBadge } from '../status-labels.ts'

export function overviewRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/', async (request, reply) => {
    const { tenantId } = sessionOf(request)
    const [counts, open, latest, connections] = await Promise.all([
      countRegistrationsByStatus(ctx.db, tenantId),
      countOpenNotifications(ctx.db, tenantId),
      listNotifications(ctx.db, tenantId, { open: true, limit: 5 }),
      listConnections(ctx.db, ctx.box, tenantId),
    ])
    const blocked = connections.filter((c) => c.blockedCode)
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
    : blocked.length === 0 ? html`<p>All ${connections.length} connections work as far as coursebridge knows.</p>`
    : html`<ul class="plain-list">${blocked.map((c) => html`<li><a href="${uiBase}/connections/${c.id}">${c.name}</a> waits for a fix: ${describeCode(c.blockedCode!).title}</li>`)}</ul>`}
</section>`
    return sendPage(request, reply, { title: 'Overview', current: 'overview', body })
  })
}
