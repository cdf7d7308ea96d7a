import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { listNotifications, resolveNotifications } from '../../store/notifications.ts'
import { catalogue, describeCode } from '../../notifications/catalogue.ts'
import { parseInput } from '../api-error.ts'
import { notificationView } from '../views.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'
import { registrationsScope } from '../access.ts'

const query = z.strictObject({
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  connectionId: z.string().max(64).optional(),
  registrationId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/notifications', {
    ...registrationsScope,
    schema: operation({ operationId: 'listNotifications', tag: 'Notifications', summary: 'Notifications (open, resolved or all)', querystring: query, ok: { 200: answers.lists.notifications } }),
  }, async (request) => {
    const q = parseInput(query, request.query, 'query')
    const rows = await listNotifications(ctx.db, request.tenantId, {
      open: q.state === 'all' ? undefined : q.state === 'open', connectionId: q.connectionId,
      registrationId: q.registrationId, limit: q.limit,
    })
    return { items: rows.map((n) => notificationView(n, describeCode)) }
  })
  app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/resolve', {
    schema: operation({
      operationId: 'resolveNotification', tag: 'Notifications', summary: 'Mark a notification resolved',
      params: z.object({ id: z.string() }), ok: { 200: z.object({ resolved: z.number().int() }) }, errors: { 404: ['NOTIFICATION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const n = await resolveNotifications(ctx.db, { tenantId: request.tenantId, id: request.params.id })
    if (n === 0) throw new ServiceError(404, 'NOTIFICATION_NOT_FOUND', 'no such open notification')
    return { resolved: n }
  })
  // The catalogue: every code coursebridge raises, with its title, plain cause and fix.
  app.get('/api/v1/notification-codes', {
    ...registrationsScope,
    schema: operation({
      operationId: 'listNotificationCodes', tag: 'Notifications', summary: 'Every notification and API error code with its title, cause and fix',
      ok: { 200: answers.lists.codes },
    }),
  }, async () => ({
    items: Object.entries(catalogue()).map(([code, entry]) => ({ code, ...entry })),
  }))
}
