// Service Center administrators through the API (an `admin` key): create one (the embedded database
// belongs to the running process, so `coursebridge admin create` cannot reach it while `coursebridge
// start` runs), list them (never a password hash), disable one (log-in refused, sessions ended at once)
// and enable it again.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { AdminExistsError, adminUserCreateSchema, createAdminUser, disableAdminUser, enableAdminUser, listAdminUsers } from '../../ui/auth/admin-users.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'

const body = adminUserCreateSchema

const time = z.iso.datetime({ offset: true })
const adminView = z.object({ id: z.uuid(), email: z.string(), createdAt: time, lastLoginAt: time.nullable(), disabledAt: time.nullable() })
  .meta({ id: 'AdminUser', description: 'A Service Center administrator (never a password hash).' })
const params = z.object({ id: z.string() })

export function adminUserRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/admin-users', {
    schema: operation({
      operationId: 'createAdminUser', tag: 'Service Center', summary: 'Create a Service Center administrator', body,
      ok: { 201: z.object({ id: z.uuid(), email: z.string() }) }, errors: { 409: ['ADMIN_EXISTS'] },
    }),
  }, async (request, reply) => {
    const input = parseInput(body, request.body)
    try {
      const admin = await createAdminUser(ctx.db, request.tenantId, input.email, input.password)
      request.log.info({ adminUserId: admin.id, by: request.apiKey?.id }, 'administrator created')
      return reply.code(201).send({ id: admin.id, email: admin.email })
    } catch (err) {
      if (err instanceof AdminExistsError) throw new ServiceError(409, 'ADMIN_EXISTS', 'an administrator with this e-mail exists')
      throw err
    }
  })

  app.get('/api/v1/admin-users', {
    schema: operation({ operationId: 'listAdminUsers', tag: 'Service Center', summary: 'Service Center administrators', ok: { 200: z.object({ items: z.array(adminView) }) } }),
  }, async (request) => ({ items: await listAdminUsers(ctx.db, request.tenantId) }))

  app.post<{ Params: { id: string } }>('/api/v1/admin-users/:id/disable', {
    schema: operation({
      operationId: 'disableAdminUser', tag: 'Service Center', summary: 'Disable an administrator: log-in refused, sessions ended at once',
      params, ok: { 200: adminView }, errors: { 404: ['ADMIN_NOT_FOUND'] },
    }),
  }, async (request) => {
    const admin = await disableAdminUser(ctx.db, request.tenantId, request.params.id)
    if (!admin) throw new ServiceError(404, 'ADMIN_NOT_FOUND', 'no such administrator')
    request.log.info({ adminUserId: admin.id, by: request.apiKey?.id }, 'administrator disabled')
    return admin
  })

  app.post<{ Params: { id: string } }>('/api/v1/admin-users/:id/enable', {
    schema: operation({
      operationId: 'enableAdminUser', tag: 'Service Center', summary: 'Enable a disabled administrator again',
      params, ok: { 200: adminView }, errors: { 404: ['ADMIN_NOT_FOUND'] },
    }),
  }, async (request) => {
    const admin = await enableAdminUser(ctx.db, request.tenantId, request.params.id)
    if (!admin) throw new ServiceError(404, 'ADMIN_NOT_FOUND', 'no such administrator')
    request.log.info({ adminUserId: admin.id, by: request.apiKey?.id }, 'administrator enabled')
    return admin
  })
}
