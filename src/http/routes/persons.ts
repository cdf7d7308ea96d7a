import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { erasePerson } from '../../services/erasure.ts'
import { ServiceError } from '../../services/context.ts'
import { personSchema } from '../../domain/person.ts'
import { savePerson } from '../../services/persons.ts'
import { findPerson, listPersons } from '../../store/persons.ts'
import { parseInput } from '../api-error.ts'
import { personView } from '../views.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'
import { registrationsScope } from '../access.ts'

const personParams = z.object({ personId: z.string().describe('The TMS person id.') })
const paging = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function personRoutes(app: FastifyInstance, ctx: AppContext) {
  // Upsert by the TMS person id: the same person sent again updates it (and its LMS account).
  app.post('/api/v1/persons', {
    ...registrationsScope,
    schema: operation({
      operationId: 'savePerson', tag: 'Persons', summary: 'Create or update a person by personId',
      description: 'The same person sent again updates it (and its LMS accounts): 201 when new, 200 when updated.',
      body: personSchema, ok: { 201: answers.personView, 200: answers.personView },
    }),
  }, async (request, reply) => {
    const person = parseInput(personSchema, request.body)
    const { row, created } = await savePerson(ctx, request.tenantId, person)
    return reply.code(created ? 201 : 200).send(personView(row))
  })
  app.put<{ Params: { personId: string } }>('/api/v1/persons/:personId', {
    ...registrationsScope,
    schema: operation({
      operationId: 'replacePerson', tag: 'Persons', summary: 'Replace a person', params: personParams, body: personSchema,
      ok: { 200: answers.personView },
    }),
  }, async (request) => {
    const person = parseInput(personSchema, request.body)
    if (person.personId !== request.params.personId) {
      throw new ServiceError(400, 'INVALID_INPUT', 'personId in the body differs from the URL', [
        { path: 'personId', message: 'must equal the personId in the URL' },
      ])
    }
    return personView((await savePerson(ctx, request.tenantId, person)).row)
  })
  app.get<{ Params: { personId: string } }>('/api/v1/persons/:personId', {
    ...registrationsScope,
    schema: operation({
      operationId: 'getPerson', tag: 'Persons', summary: 'A person', params: personParams, ok: { 200: answers.personView },
      errors: { 404: ['PERSON_NOT_FOUND'] },
    }),
  }, async (request) => {
    const row = await findPerson(ctx.db, request.tenantId, request.params.personId)
    if (!row) throw new ServiceError(404, 'PERSON_NOT_FOUND', 'no such person')
    return personView(row)
  })
  // Erasure: the person's personal data leaves every table; the LMS account is left as it is. Admin scope.
  app.delete<{ Params: { personId: string } }>('/api/v1/persons/:personId', {
    schema: operation({
      operationId: 'erasePerson', tag: 'Persons', params: personParams,
      summary: 'Erase the person\'s personal data everywhere (anonymous counts stay; the LMS account is left as it is)',
      ok: { 200: z.object({ erased: z.literal(true), lmsAccount: z.literal('left as it is') }).loose() }, errors: { 404: ['PERSON_NOT_FOUND'] },
    }),
  }, async (request) => {
    const erased = await erasePerson(ctx, request.tenantId, request.params.personId)
    return { erased: true, ...erased, lmsAccount: 'left as it is' }
  })
  app.get('/api/v1/persons', {
    ...registrationsScope,
    schema: operation({
      operationId: 'listPersons', tag: 'Persons', summary: 'List persons', querystring: paging, ok: { 200: answers.lists.persons },
    }),
  }, async (request) => {
    const q = parseInput(paging, request.query, 'query')
    return { items: (await listPersons(ctx.db, request.tenantId, q.limit, q.offset)).map(personView) }
  })
}
