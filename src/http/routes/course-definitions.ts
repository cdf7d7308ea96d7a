import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import * as service from '../../services/course-definitions.ts'
import { courseDefinitionCreateSchema, courseDefinitionUpdateSchema } from '../../services/course-definition-input.ts'
import * as store from '../../store/course-definitions.ts'
import { parseInput } from '../api-error.ts'
import { courseDefinitionView } from '../views.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'
import { registrationsScope } from '../access.ts'

const params = z.object({ id: z.string().describe('The course definition id.') })
export const archivedQuery = z.strictObject({
  archived: z.enum(['exclude', 'include', 'only']).default('exclude')
    .describe('Archived ones: left out (default), included, or only those.'),
})
export const byArchived = <T extends { archivedAt: Date | null }>(items: T[], archived: z.output<typeof archivedQuery>['archived']) =>
  archived === 'include' ? items : items.filter((i) => (i.archivedAt !== null) === (archived === 'only'))

const saveErrors = {
  404: ['COURSE_DEFINITION_NOT_FOUND'], 409: ['COURSE_CODE_TAKEN'],
  422: ['CONNECTION_NOT_FOUND', 'CONNECTION_ARCHIVED', 'COURSE_TARGET_UNRESOLVED'],
} as const

export function courseDefinitionRoutes(app: FastifyInstance, ctx: AppContext) {
  // The target is looked up on the connection's LMS before it is saved (see service.checkTarget).
  app.post('/api/v1/course-definitions', {
    schema: operation({
      operationId: 'createCourseDefinition', tag: 'Course definitions',
      summary: 'Map a TMS course code to an LMS target (refused when the LMS does not know the target)',
      body: courseDefinitionCreateSchema, ok: { 201: answers.courseDefinitionView },
      errors: { 409: saveErrors[409], 422: saveErrors[422] },
    }),
  }, async (request, reply) => {
    const input = parseInput(courseDefinitionCreateSchema, request.body)
    const { definition } = await service.createCourseDefinition(ctx, request.tenantId, input)
    return reply.code(201).send(courseDefinitionView(definition))
  })
  app.get('/api/v1/course-definitions', {
    ...registrationsScope,
    schema: operation({
      operationId: 'listCourseDefinitions', tag: 'Course definitions', summary: 'List course definitions (archived ones on request)',
      querystring: archivedQuery, ok: { 200: answers.lists.courseDefinitions },
    }),
  }, async (request) => {
    const q = parseInput(archivedQuery, request.query, 'query')
    return { items: byArchived(await store.listCourseDefinitions(ctx.db, request.tenantId), q.archived).map(courseDefinitionView) }
  })
  app.get<{ Params: { id: string } }>('/api/v1/course-definitions/:id', {
    ...registrationsScope,
    schema: operation({
      operationId: 'getCourseDefinition', tag: 'Course definitions', summary: 'A course definition', params,
      ok: { 200: answers.courseDefinitionView }, errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'] },
    }),
  }, async (request) => {
    const d = await store.getCourseDefinition(ctx.db, request.tenantId, request.params.id)
    if (!d) throw service.notFound()
    return courseDefinitionView(d)
  })
  app.patch<{ Params: { id: string } }>('/api/v1/course-definitions/:id', {
    schema: operation({
      operationId: 'updateCourseDefinition', tag: 'Course definitions', summary: 'Change a course definition (a new target is looked up first)',
      params, body: courseDefinitionUpdateSchema, ok: { 200: answers.courseDefinitionView }, errors: saveErrors,
    }),
  }, async (request) => {
    const input = parseInput(courseDefinitionUpdateSchema, request.body)
    return courseDefinitionView((await service.updateCourseDefinition(ctx, request.tenantId, request.params.id, input)).definition)
  })
  app.post<{ Params: { id: string } }>('/api/v1/course-definitions/:id/archive', {
    schema: operation({
      operationId: 'archiveCourseDefinition', tag: 'Course definitions', params,
      summary: 'Archive: new registrations are refused (COURSE_DEFINITION_ARCHIVED); existing ones, their access and history stay',
      ok: { 200: answers.courseDefinitionView }, errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'] },
    }),
  }, async (request) => courseDefinitionView(await service.archiveCourseDefinition(ctx, request.tenantId, request.params.id)))
  app.post<{ Params: { id: string } }>('/api/v1/course-definitions/:id/restore', {
    schema: operation({
      operationId: 'restoreCourseDefinition', tag: 'Course definitions', params, summary: 'Restore an archived course definition',
      ok: { 200: answers.courseDefinitionView }, errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'] },
    }),
  }, async (request) => courseDefinitionView(await service.restoreCourseDefinition(ctx, request.tenantId, request.params.id)))
  app.delete<{ Params: { id: string } }>('/api/v1/course-definitions/:id', {
    schema: operation({
      operationId: 'deleteCourseDefinition', tag: 'Course definitions', params,
      summary: 'Delete a course definition never used; one with registrations is refused (archive it)',
      ok: { 200: z.object({ deleted: z.literal(true), id: z.string() }) },
      errors: { 404: ['COURSE_DEFINITION_NOT_FOUND'], 409: ['COURSE_DEFINITION_IN_USE'] },
    }),
  }, async (request) => {
    await service.deleteCourseDefinition(ctx, request.tenantId, request.params.id)
    return { deleted: true as const, id: request.params.id }
  })
}
