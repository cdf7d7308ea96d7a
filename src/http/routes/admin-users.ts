// Creates a Service Center administrator through the API (the embedded database belongs to the running
// process, so `coursebridge admin create` cannot reach it while `coursebridge start` runs).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { AdminExistsError, createAdminUser } from '../../ui/auth/admin-users.ts'
import { parseInput } from '../api-error.ts'

const body = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(12, 'at least 12 characters').max(200),
})

export function adminUserRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/admin-users', async (request, reply) => {
    const input = parseInput(body, request.body)
    try {
      const admin = await createAdminUser(ctx.db, request.tenantId, input.email, input.password)
      return reply.code(201).send({ id: admin.id, email: admin.email })
    } catch (err) {
      if (err instanceof AdminExistsError) throw new ServiceError(409, 'ADMIN_EXISTS', 'an administrator with this e-mail exists')
      throw err
    }
  })
}
