import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { registrationStatuses } from '../../domain/registration-state.ts'
import * as service from '../../services/registrations.ts'
import { findPerson, getPersonByRef } from '../../store/persons.ts'
import { findCourseDefinitionByCode, getCourseDefinition } from '../../store/course-definitions.ts'
import { listRegistrations, type Registration } from '../../store/registrations.ts'
import { parseInput } from '../api-error.ts'
import { notificationView, registrationView, stepView } from '../views.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { listResultsOf } from '../../store/results.ts'
import { resultView } from '../../services/results.ts'

const listQuery = z.strictObject({
  status: z.enum(Object.keys(registrationStatuses) as [keyof typeof registrationStatuses]).optional(),
  personId: z.string().max(64).optional(),
  courseCode: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function registrationRoutes(app: FastifyInstance, ctx: AppContext) {
  const view = async (r: Registration) => {
    const [person, course] = await Promise.all([
      getPersonByRef(ctx.db, r.personRef),
      getCourseDefinition(ctx.db, r.tenantId, r.courseDefinitionId),
    ])
    return registrationView(r, { personId: person?.person_id, courseCode: course?.code })
  }

  // Accepted, not done: the reconcile runs in a worker. 202 for a new or changed registration,
  // 200 when it was already active (the same registration posted twice).
  app.post('/api/v1/registrations', async (request, reply) => {
    const input = parseInput(service.registrationCreateSchema, request.body)
    const { registration, changed, personId, courseCode } = await service.register(ctx, request.tenantId, input)
    return reply.code(changed ? 202 : 200).send(registrationView(registration, { personId, courseCode }))
  })
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/cancel', async (request, reply) =>
    reply.code(202).send(await view(await service.cancel(ctx, request.tenantId, request.params.id))),
  )
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/retry', async (request, reply) =>
    reply.code(202).send(await view(await service.retry(ctx, request.tenantId, request.params.id))),
  )
  app.get<{ Params: { id: string } }>('/api/v1/registrations/:id', async (request) => {
    const detail = await service.registrationDetail(ctx, request.tenantId, request.params.id)
    return {
      ...(await view(detail.registration)),
      steps: detail.steps.map(stepView),
      results: (await listResultsOf(ctx.db, detail.registration.id)).map(resultView),
      notifications: detail.notifications.map((n) => notificationView(n, describeCode)),
    }
  })
  app.get('/api/v1/registrations', async (request) => {
    const q = parseInput(listQuery, request.query, 'query')
    let personRef: string | undefined
    let courseDefinitionId: string | undefined
    if (q.personId) {
      const p = await findPerson(ctx.db, request.tenantId, q.personId)
      if (!p) return { items: [] }
      personRef = p.id
    }
    if (q.courseCode) {
      const c = await findCourseDefinitionByCode(ctx.db, request.tenantId, q.courseCode)
      if (!c) return { items: [] }
      courseDefinitionId = c.id
    }
    const rows = await listRegistrations(ctx.db, request.tenantId, {
      status: q.status, personRef, courseDefinitionId, limit: q.limit, offset: q.offset,
    })
    return { items: await Promise.all(rows.map(view)) }
  })
}
