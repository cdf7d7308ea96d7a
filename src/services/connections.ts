import type { z } from 'zod'
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { connectionCreateSchema, connectionUpdateSchema } from './connection-input.ts'
import * as store from '../store/connections.ts'
import type { Connection } from '../store/connections.ts'
import { findWaitingRegistrations } from '../store/registrations.ts'
import { resolveNotifications } from '../store/notifications.ts'

/** The API's view of a connection: everything but the credentials, whose presence is shown instead. */
export function publicConnection(c: Connection) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    baseUrl: c.baseUrl,
    environment: c.environment,
    active: c.active,
    credentials: Object.fromEntries(Object.keys(c.credentials).map((k) => [k, 'set'])),
    mapping: c.mapping,
    settings: c.settings,
    blockedCode: c.blockedCode,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

export async function createConnection(ctx: AppContext, tenantId: string, input: z.output<typeof connectionCreateSchema>) {
  try {
    return await store.insertConnection(ctx.db, ctx.box, tenantId, {
      ...input,
      baseUrl: input.baseUrl ?? 'sandbox:',
      credentials: Object.fromEntries(Object.entries(input.credentials).filter(([, v]) => v !== undefined)) as Record<string, string>,
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError(409, 'CONNECTION_NAME_TAKEN', `a connection named "${input.name}" exists`)
    throw err
  }
}

/**
 * Changes a connection. Whatever was blocked on it gets another go: a changed token or setting is
 * usually the fix the notification asked for.
 */
export async function updateConnection(
  ctx: AppContext,
  tenantId: string,
  id: string,
  input: z.output<typeof connectionUpdateSchema>,
) {
  const credentials = input.credentials
    ? Object.fromEntries(Object.entries(input.credentials).filter(([, v]) => v !== undefined)) as Record<string, string>
    : undefined
  const updated = await store.updateConnection(ctx.db, ctx.box, tenantId, id, { ...input, credentials })
  if (!updated) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  ctx.adapters.forget(id)
  await resumeConnection(ctx, tenantId, id)
  return updated
}

/** Unblocks a connection after its set-up was fixed (in the LMS or here) and retries what waited on it. */
export async function resumeConnection(ctx: AppContext, tenantId: string, id: string) {
  const connection = await store.getConnection(ctx.db, ctx.box, tenantId, id)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  await store.setConnectionBlocked(ctx.db, id, null)
  await resolveNotifications(ctx.db, { tenantId, connectionId: id })
  const ids = await findWaitingRegistrations(ctx.db, { connectionId: id }, ['needs_admin', 'failed', 'retrying'])
  await ctx.queue.enqueueReconciles(ids)
  return { resumed: ids.length }
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}
