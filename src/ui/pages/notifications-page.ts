// Notifications with the catalogue's title, cause and fix; resolve when done. Opens on the open ones;
// the filter shows resolved ones too, by course, connection, person or code.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { resolveNotifications } from '../../store/notifications.ts'
import { codeWords, recordedMessage } from '../notification-text.ts'
import { listPageRoutes } from './list-page.ts'
import { fullName, notificationsList, type NotificationListRow } from '../../lists/list-specs.ts'

export function notificationRoutes(ui: FastifyInstance, deps: UiDeps) {
  listPageRoutes<NotificationListRow>(ui, deps, (i18n) => ({
    path: `${uiBase}/notifications`, spec: notificationsList, title: i18n.t('notifications.title'), current: 'notifications',
    intro: html`<p class="hint">${i18n.t('logs.notifications.hint')}</p>`,
    defaults: { status: 'open' },
    statusLabels: { open: i18n.t('logs.notifications.open'), resolved: i18n.t('logs.notifications.resolved') },
    searchLabel: i18n.t('logs.notifications.search'),
    columns: [[i18n.t('logs.col.problem'), 'code'], [i18n.t('logs.col.whatToDo')], [i18n.t('logs.col.concerns')], [i18n.t('notifications.seen'), 'lastSeen'], [i18n.t('logs.col.action')]],
    row: (n, c) => {
      const { t, tn, when } = i18n
      const d = codeWords(i18n, n.code)
      return html`<tr class="notification" data-code="${n.code}">
      <td><strong>${d.title}</strong> <code class="subtle">${n.code}</code><br>${recordedMessage(i18n, n.message)}</td>
      <td><strong>${t('notifications.cause')}:</strong> ${d.cause}<br><strong>${t('notifications.fix')}:</strong> ${d.fix}</td>
      <td>${n.registration_id ? html`<a href="${uiBase}/registrations/${n.registration_id}">${fullName(n.person) || n.person_id || t('notifications.openRegistration')}</a>${n.course_code ? html` <span class="subtle">${n.course_code}</span>` : ''}<br>` : ''}
        ${n.connection_id ? html`<a href="${uiBase}/connections/${n.connection_id}">${n.connection_name}</a>` : ''}</td>
      <td>${tn('notifications.seenTimes', n.occurrences, { when: when(n.last_seen_at) })}${n.resolved_at ? html`<br><span class="subtle">${t('logs.notifications.resolvedAt', { when: when(n.resolved_at) })}</span>` : ''}</td>
      <td>${n.resolved_at ? '' : html`<form method="post" action="${uiBase}/notifications/${n.id}/resolve">${csrfField(c.csrfToken ?? '')}<button type="submit">${t('notifications.resolve')}</button></form>`}</td></tr>`
    },
    empty: i18n.t('notifications.none'), noMatch: i18n.t('logs.notifications.noMatch'),
  }))

  ui.post<{ Params: { id: string } }>('/notifications/:id/resolve', async (request, reply) => {
    const n = await resolveNotifications(deps.ctx.db, { tenantId: sessionOf(request).tenantId, id: request.params.id })
    if (n === 0) throw new ServiceError(404, 'NOTIFICATION_NOT_FOUND', 'There is no such open notification.')
    return reply.redirect(`${uiBase}/notifications?done=resolved`, 303)
  })
}
