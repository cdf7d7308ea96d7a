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
import { registrationsScope } from '../access.ts'

const paging = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function personRoutes(app: FastifyInstance, ctx: AppContext) {
  // Upsert by the TMS person id: the same person sent again updates it (and its LMS account).
  app.post('/api/v1/persons', registrationsScope, async (request, reply) => {
    const person = parseInput(personSchema, request.body)
    const { row, created } = await savePerson(ctx, request.tenantId, person)
    return reply.code(created ? 201 : 200).send(personView(row))
  })
  app.put<{ Params: { personId: string } }>('/api/v1/persons/:personId', registrationsScope, async (request) => {
    const person = parseInput(personSchema, request.body)
    if (person.personId !== request.params.personId) {
      throw new ServiceError(400, 'INVALID_INPUT', 'personId in the body differs from the URL', [
        { path: 'personId', message: 'must equal the personId in the URL' },
      ])
    }
    return personView((await savePerson(ctx, request.tenantId, person)).row)
  })
  app.get<{ Params: { personId: string } }>('/api/v1/persons/:personId', registrationsScope, async (request) => {
    const row = await findPerson(ctx.db, request.tenantId, request.params.personId)
    if (!row) throw new ServiceError(404, 'PERSON_NOT_FOUND', 'no such person')
    return personView(row)
  })
  // Erasure: the person's personal data leaves every table; the LMS account is left as it is. Admin scope.
  app.delete<{ Params: { personId: string } }>('/api/v1/persons/:personId', async (request) => {
    const erased = await erasePerson(ctx, request.tenantId, request.params.personId)
    return { erased: true, ...erased, lmsAccount: 'left as it is' }
  })
  app.get('/api/v1/persons', registrationsScope, async (request) => {
    const q = parseInput(paging, request.query, 'query')
    return { items: (await listPersons(ctx.db, request.tenantId, q.limit, q.offset)).map(personView) }
  })
}
