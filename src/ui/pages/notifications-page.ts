// Open notifications with the catalogue's title, cause and fix; resolve when done.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { listNotifications, resolveNotifications } from '../../store/notifications.ts'
import { describeCode } from '../../notifications/catalogue.ts'

export function notificationRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/notifications', async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const { t, tn, when } = i18nOf(request)
    const open = await listNotifications(ctx.db, tenantId, { open: true, limit: 200 })
    const body = html`
<h1>${t('notifications.title')}</h1>
${open.length === 0 ? html`<p>${t('notifications.none')}</p>` : html`
<p>${t('notifications.intro', { count: open.length })}</p>
<ul class="notification-list">${open.map((n) => {
  const d = describeCode(n.code)
  return html`<li class="notification panel" data-code="${n.code}">
    <h2>${d.title} <code class="subtle">${n.code}</code></h2>
    <p>${n.message}</p>
    <dl class="facts">
      <dt>${t('notifications.cause')}</dt><dd>${d.cause}</dd>
      <dt>${t('notifications.fix')}</dt><dd>${d.fix}</dd>
      <dt>${t('notifications.seen')}</dt><dd>${tn('notifications.seenTimes', n.occurrences, { when: when(n.last_seen_at) })}</dd>
      ${n.registration_id ? html`<dt>${t('notifications.registration')}</dt><dd><a href="${uiBase}/registrations/${n.registration_id}">${t('notifications.openRegistration')}</a></dd>` : ''}
      ${n.connection_id ? html`<dt>${t('notifications.connection')}</dt><dd><a href="${uiBase}/connections/${n.connection_id}">${t('notifications.openConnection')}</a></dd>` : ''}
    </dl>
    <form method="post" action="${uiBase}/notifications/${n.id}/resolve">${csrfField(csrfToken)}<button type="submit">${t('notifications.resolve')}</button></form>
  </li>`
})}</ul>`}`
    return sendPage(request, reply, { title: t('notifications.title'), current: 'notifications', body })
  })

  ui.post<{ Params: { id: string } }>('/notifications/:id/resolve', async (request, reply) => {
    const n = await resolveNotifications(ctx.db, { tenantId: sessionOf(request).tenantId, id: request.params.id })
    if (n === 0) throw new ServiceError(404, 'NOTIFICATION_NOT_FOUND', 'There is no such open notification.')
    return reply.redirect(`${uiBase}/notifications?done=resolved`, 303)
  })
}
