import { regrantAfterChange } from '../../services/course-definitions.ts'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { getConnection } from '../../store/connections.ts'
import * as store from '../../store/course-definitions.ts'
import { isUniqueViolation } from '../../services/connections.ts'
import { parseInput } from '../api-error.ts'
import { courseDefinitionView } from '../views.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'

const params = z.object({ id: z.string().describe('The course definition id.') })
import { registrationsScope } from '../access.ts'

const targetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('moodle-course'), by: z.enum(['id', 'shortname', 'idnumber']), value: z.string().trim().min(1).max(255) }),
  z.strictObject({ type: z.literal('moodle-cohort'), by: z.enum(['id', 'idnumber']), value: z.string().trim().min(1).max(100) }),
  z.strictObject({ type: z.literal('ilias-course'), refId: z.string().trim().regex(/^\d+$/, 'a numeric ref id') }),
]).superRefine((t, ctx) => {
  if (t.type !== 'ilias-course' && t.by === 'id' && !/^\d+$/.test(t.value)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'an id is a number' })
  }
})

// An ISO date or epoch milliseconds within what PostgreSQL's timestamptz and a course calendar hold
// (a coerced -8.64e15 is a valid JS date but out of PostgreSQL's range: a 500 before).
const date = z.union([z.string().max(40), z.number()]).pipe(z.coerce.date())
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, 'must be a date between 1970 and 9999')
const fields = {
  code: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(255),
  connectionId: z.string().uuid(),
  target: targetSchema,
  /** Moodle role id (default 5, student) or ILIAS role (Member, Tutor, Admin; default Member). */
  role: z.string().trim().min(1).max(50).nullable().default(null),
  enrolStart: date.nullable().default(null),
  enrolEnd: date.nullable().default(null),
}
const createSchema = z.strictObject(fields).refine((d) => !d.enrolStart || !d.enrolEnd || d.enrolStart < d.enrolEnd, {
  path: ['enrolEnd'], message: 'must be after enrolStart',
})
const updateSchema = z.strictObject({
  code: fields.code.optional(), name: fields.name.optional(), connectionId: fields.connectionId.optional(),
  target: targetSchema.optional(), role: z.string().trim().min(1).max(50).nullable().optional(),
  enrolStart: date.nullable().optional(), enrolEnd: date.nullable().optional(),
})

export function courseDefinitionRoutes(app: FastifyInstance, ctx: AppContext) {
  const checkConnection = async (tenantId: string, connectionId: string | undefined) => {
    if (connectionId && !(await getConnection(ctx.db, ctx.box, tenantId, connectionId))) {
      throw new ServiceError(422, 'CONNECTION_NOT_FOUND', 'no such connection', [{ path: 'connectionId', message: 'unknown connection' }])
    }
  }
  app.post('/api/v1/course-definitions', {
    schema: operation({
      operationId: 'createCourseDefinition', tag: 'Course definitions', summary: 'Map a TMS course code to an LMS target',
      body: createSchema, ok: { 201: answers.courseDefinitionView }, errors: { 409: ['COURSE_CODE_TAKEN'], 422: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request, reply) => {
    const input = parseInput(createSchema, request.body)
    await checkConnection(request.tenantId, input.connectionId)
    try {
      return reply.code(201).send(courseDefinitionView(await store.insertCourseDefinition(ctx.db, request.tenantId, input)))
    } catch (err) {
      if (isUniqueViolation(err)) throw new ServiceError(409, 'COURSE_CODE_TAKEN', `course code "${input.code}" exists`)
      throw err
    }
  })
  app.get('/api/v1/course-definitions', {
    ...registrationsScope,
    schema: operation({ operationId: 'listCourseDefinitions', tag: 'Course definitions', summary: 'List course definitions', ok: { 200: answers.lists.courseDefinitions } }),
  }, async (request) => ({
    items: (await store.listCourseDefinitions(ctx.db, request.tenantId)).map(courseDefinitionView),
  }))
  app.get<{ Params: { id: string } }>('/api/v1/course-definitions/:id', {
    ...registrationsScope,
    schema: operation({
      operationId: 'getCourseDefinition', tag: 'Course definitions', summary: 'A course definition', params,
      ok: { 200: answers.courseDefinitionView }, errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const d = await store.getCourseDefinition(ctx.db, request.tenantId, request.params.id)
    if (!d) throw new ServiceError(404, 'COURSE_DEFINITION_NOT_FOUND', 'no such course definition')
    return courseDefinitionView(d)
  })
  app.patch<{ Params: { id: string } }>('/api/v1/course-definitions/:id', {
    schema: operation({
      operationId: 'updateCourseDefinition', tag: 'Course definitions', summary: 'Change a course definition', params, body: updateSchema,
      ok: { 200: answers.courseDefinitionView }, errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'], 422: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const input = parseInput(updateSchema, request.body)
    await checkConnection(request.tenantId, input.connectionId)
    const before = await store.getCourseDefinition(ctx.db, request.tenantId, request.params.id)
    const d = before && await store.updateCourseDefinition(ctx.db, request.tenantId, request.params.id, input)
    if (!before || !d) throw new ServiceError(404, 'COURSE_DEFINITION_NOT_FOUND', 'no such course definition')
    await regrantAfterChange(ctx, before, d)
    return courseDefinitionView(d)
  })
}
