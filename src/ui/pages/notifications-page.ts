// Open notifications with the catalogue's title, cause and fix; resolve when done.
import type { FastifyInstance } from 'fastify'
import { html, when } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { listNotifications, resolveNotifications } from '../../store/notifications.ts'
import { describeCode } from '../../notifications/catalogue.ts'

export function notificationRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/notifications', async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const open = await listNotifications(ctx.db, tenantId, { open: true, limit: 200 })
    const body = html`
<h1>Notifications</h1>
${open.length === 0 ? html`<p>No open notification. Everything that needed an administrator has been dealt with.</p>` : html`
<p>${open.length} open. Each says what happened and what to do; resolve it once it is fixed.</p>
<ul class="notification-list">${open.map((n) => {
  const d = describeCode(n.code)
  return html`<li class="notification panel" data-code="${n.code}">
    <h2>${d.title} <code class="subtle">${n.code}</code></h2>
    <p>${n.message}</p>
    <dl class="facts">
      <dt>Cause</dt><dd>${d.cause}</dd>
      <dt>Fix</dt><dd>${d.fix}</dd>
      <dt>Seen</dt><dd>${n.occurrences} time${n.occurrences === 1 ? '' : 's'}, last ${when(n.last_seen_at)}</dd>
      ${n.registration_id ? html`<dt>Registration</dt><dd><a href="${uiBase}/registrations/${n.registration_id}">Open the registration</a></dd>` : ''}
      ${n.connection_id ? html`<dt>Connection</dt><dd><a href="${uiBase}/connections/${n.connection_id}">Open the connection</a></dd>` : ''}
    </dl>
    <form method="post" action="${uiBase}/notifications/${n.id}/resolve">${csrfField(csrfToken)}<button type="submit">Resolve</button></form>
  </li>`
})}</ul>`}`
    return sendPage(request, reply, { title: 'Notifications', current: 'notifications', body })
  })

  ui.post<{ Params: { id: string } }>('/notifications/:id/resolve', async (request, reply) => {
    const n = await resolveNotifications(ctx.db, { tenantId: sessionOf(request).tenantId, id: request.params.id })
    if (n === 0) throw new ServiceError(404, 'NOTIFICATION_NOT_FOUND', 'There is no such open notification.')
    return reply.redirect(`${uiBase}/notifications?done=resolved`, 303)
  })
}
