import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { registrationStatuses } from '../../domain/registration-state.ts'
import * as service from '../../services/registrations.ts'
import { findPerson, getPersonByRef } from '../../store/persons.ts'
import { findCourseDefinitionByCode, getCourseDefinition } from '../../store/course-definitions.ts'
import { listRegistrations, type Registration } from '../../store/registrations.ts'
import { fieldProblems, parseInput } from '../api-error.ts'
import { notificationView, registrationView, stepView } from '../views.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { listResultsOf } from '../../store/results.ts'
import { resultView } from '../../services/results.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'

const params = z.object({ id: z.string().describe('The registration id coursebridge gave it.') })
/** The batch as documented: each entry a registration (the handler checks each on its own). */
const documentedBatch = z.strictObject({ registrations: z.array(service.registrationCreateSchema).min(1).max(service.registrationBatchLimit) })
import { registrationsScope } from '../access.ts'
import { removeRegistration } from '../../services/erasure.ts'

const listQuery = z.strictObject({
  status: z.enum(Object.keys(registrationStatuses) as [keyof typeof registrationStatuses]).optional(),
  personId: z.string().max(64).optional(),
  courseCode: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function registrationRoutes(app: FastifyInstance, ctx: AppContext) {
  // Single POSTs that come at once are stored together (services/registrations.ts).
  const register = service.createGroupedRegister(ctx)
  const view = async (r: Registration) => {
    const [person, course] = await Promise.all([
      getPersonByRef(ctx.db, r.personRef),
      getCourseDefinition(ctx.db, r.tenantId, r.courseDefinitionId),
    ])
    return registrationView(r, { personId: person?.person_id, courseCode: course?.code })
  }

  // Accepted, not done: the reconcile runs in a worker. 202 for a new or changed registration,
  // 200 when it was already active (the same registration posted twice).
  app.post('/api/v1/registrations', {
    ...registrationsScope,
    schema: operation({
      operationId: 'createRegistration', tag: 'Registrations', summary: 'Register a person for a course',
      description: '202: accepted, a worker reconciles it with the LMS (poll GET /registrations/{id} until observed.status is active); '
        + '200: the same registration was active already.',
      body: service.registrationCreateSchema, ok: { 202: answers.registrationView, 200: answers.registrationView },
      errors: { 409: ['REGISTRATION_ID_CONFLICT', 'COURSE_DEFINITION_ARCHIVED', 'CONNECTION_ARCHIVED'], 422: ['COURSE_DEFINITION_NOT_FOUND', 'PERSON_NOT_FOUND'] },
    }),
  }, async (request, reply) => {
    const input = parseInput(service.registrationCreateSchema, request.body)
    const { registration, changed, personId, courseCode } = await register(request.tenantId, input)
    return reply.code(changed ? 202 : 200).send(registrationView(registration, { personId, courseCode }))
  })
  // Many registrations in one request (a course start, a migration): each entry gets its own outcome
  // with the status a single POST would have answered; refused entries store nothing of their own.
  app.post('/api/v1/registrations/batch', {
    ...registrationsScope,
    schema: operation({
      operationId: 'createRegistrations', tag: 'Registrations', summary: `Up to ${service.registrationBatchLimit} registrations in one request`,
      description: 'Each entry is answered on its own (index, the status a single POST would answer, the registration or the error), '
        + 'with counts; a refused entry stores nothing and does not stop the others.',
      body: documentedBatch, ok: { 200: answers.registrationBatchView },
    }),
  }, async (request) => {
    const { registrations } = parseInput(service.registrationBatchSchema, request.body)
    const results: Record<string, unknown>[] = registrations.map((_, index) => ({ index }))
    const valid: { index: number; input: z.output<typeof service.registrationCreateSchema> }[] = []
    registrations.forEach((entry, index) => {
      const parsed = service.registrationCreateSchema.safeParse(entry)
      if (parsed.success) valid.push({ index, input: parsed.data })
      else results[index] = { index, status: 400, error: { code: 'INVALID_INPUT', message: 'this registration is not valid', details: fieldProblems(parsed.error) } }
    })
    const outcomes = await service.registerMany(ctx, request.tenantId, valid.map((v) => v.input))
    outcomes.forEach((o, k) => {
      const { index } = valid[k]!
      results[index] = o.ok
        ? { index, status: o.changed ? 202 : 200, registration: registrationView(o.registration, { personId: o.personId, courseCode: o.courseCode }) }
        : { index, status: o.error.status, error: { code: o.error.code, message: o.error.message, ...(o.error.details === undefined ? {} : { details: o.error.details }) } }
    })
    const count = (test: (status: number) => boolean) => results.filter((r) => test(r.status as number)).length
    return { accepted: count((st) => st === 202), unchanged: count((st) => st === 200), refused: count((st) => st >= 400), results }
  })
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/cancel', {
    ...registrationsScope,
    schema: operation({
      operationId: 'cancelRegistration', tag: 'Registrations', summary: 'Cancel: access is removed, the account is kept', params,
      ok: { 202: answers.registrationView }, errors: { 404: ['REGISTRATION_NOT_FOUND'] },
    }),
  }, async (request, reply) =>
    reply.code(202).send(await view(await service.cancel(ctx, request.tenantId, request.params.id))),
  )
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/retry', {
    ...registrationsScope,
    schema: operation({
      operationId: 'retryRegistration', tag: 'Registrations', summary: 'Retry a failed or waiting registration', params,
      ok: { 202: answers.registrationView }, errors: { 404: ['REGISTRATION_NOT_FOUND'] },
    }),
  }, async (request, reply) =>
    reply.code(202).send(await view(await service.retry(ctx, request.tenantId, request.params.id))),
  )
  // Removes a registration that holds no access in the LMS, with its step log, mails and results.
  app.delete<{ Params: { id: string } }>('/api/v1/registrations/:id', {
    ...registrationsScope,
    schema: operation({
      operationId: 'removeRegistration', tag: 'Registrations', params,
      summary: 'Remove a registration that holds no access in the LMS, with its step log, mails and results',
      ok: { 200: z.object({ removed: z.literal(true), id: z.string() }) },
      errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['REGISTRATION_HAS_ACCESS'] },
    }),
  }, async (request) => {
    await removeRegistration(ctx, request.tenantId, request.params.id)
    return { removed: true, id: request.params.id }
  })
  app.get<{ Params: { id: string } }>('/api/v1/registrations/:id', {
    ...registrationsScope,
    schema: operation({
      operationId: 'getRegistration', tag: 'Registrations', summary: 'A registration: desired and observed state, step log, results, open notifications',
      params, ok: { 200: answers.registrationDetailView }, errors: { 404: ['REGISTRATION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const detail = await service.registrationDetail(ctx, request.tenantId, request.params.id)
    return {
      ...(await view(detail.registration)),
      steps: detail.steps.map(stepView),
      results: (await listResultsOf(ctx.db, detail.registration.id)).map(resultView),
      notifications: detail.notifications.map((n) => notificationView(n, describeCode)),
    }
  })
  app.get('/api/v1/registrations', {
    ...registrationsScope,
    schema: operation({
      operationId: 'listRegistrations', tag: 'Registrations', summary: 'List registrations (filter by status, personId, courseCode)',
      querystring: listQuery, ok: { 200: answers.lists.registrations },
    }),
  }, async (request) => {
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
