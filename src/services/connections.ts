import type { z } from 'zod'
import type { AppContext } from './context.ts'
import type { Queryable } from '../store/database.ts'
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
    archivedAt: c.archivedAt,
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
  const before = await store.getConnection(ctx.db, ctx.box, tenantId, id)
  const matching = input.settings?.accountMatching
  if (before && matching && matching !== 'key-only' && (before.type === 'ilias' || (before.type === 'sandbox' && before.settings.sandboxLms === 'ilias'))) {
    throw new ServiceError(400, 'INVALID_INPUT', 'ILIAS connections match accounts by external key only',
      [{ path: 'settings.accountMatching', message: 'ILIAS connections match accounts by external key only' }])
  }
  const updated = await store.updateConnection(ctx.db, ctx.box, tenantId, id, { ...input, credentials })
  if (!updated) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  ctx.adapters.forget(id)
  // The update itself clears the block; the log says so as a resume would.
  if (before?.blockedCode) logResumed(ctx, updated, before.blockedCode, 'connection changed')
  await resumeConnection(ctx, tenantId, id)
  return updated
}

/**
 * Pauses a connection whose set-up is wrong (every call would fail the same way). Logged once, at the
 * change from working to blocked, however many registrations of a batch hit the cause.
 */
export async function blockConnection(ctx: AppContext, db: Queryable, connection: Connection, code: string, registrationId?: string) {
  if (await store.setConnectionBlocked(db, connection.id, code)) {
    ctx.log.warn({ connectionId: connection.id, connection: connection.name, code, registrationId },
      `connection "${connection.name}" blocked: ${code}; no LMS calls until it is fixed and resumed`)
  }
}

function logResumed(ctx: AppContext, connection: Connection, code: string, why: string) {
  ctx.log.info({ connectionId: connection.id, connection: connection.name, code },
    `connection "${connection.name}" resumed (${why}); it was blocked by ${code}`)
}

/** Unblocks a connection after its set-up was fixed (in the LMS or here) and retries what waited on it. */
export async function resumeConnection(ctx: AppContext, tenantId: string, id: string) {
  const connection = await store.getConnection(ctx.db, ctx.box, tenantId, id)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  if (connection.blockedCode && await store.setConnectionBlocked(ctx.db, id, null)) {
    logResumed(ctx, connection, connection.blockedCode, 'resumed')
  }
  await resolveNotifications(ctx.db, { tenantId, connectionId: id })
  const ids = await findWaitingRegistrations(ctx.db, { connectionId: id }, ['needs_admin', 'failed', 'retrying'])
  await ctx.queue.enqueueReconciles(ids)
  return { resumed: ids.length }
}

const notFound = () => new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')

/** What archiving or deleting a connection would touch: course definitions, their registrations, LMS accounts known. */
export async function connectionUsage(ctx: AppContext, tenantId: string, id: string) {
  const connection = await store.getConnection(ctx.db, ctx.box, tenantId, id)
  if (!connection) throw notFound()
  return { connection, ...(await store.connectionUsage(ctx.db, id)) }
}

/**
 * Archives a connection: it leaves the forms and lists, new registrations for its courses are refused
 * (CONNECTION_ARCHIVED) and no course definition can be put on it. What it holds stays: its registrations keep being
 * looked after (a cancellation still reaches the LMS, results still come in), its accounts and history are kept.
 */
export async function archiveConnection(ctx: AppContext, tenantId: string, id: string) {
  const c = await store.setConnectionArchived(ctx.db, ctx.box, tenantId, id, true)
  if (!c) throw notFound()
  ctx.log.info({ connectionId: id, connection: c.name }, `connection "${c.name}" archived`)
  return c
}

export async function restoreConnection(ctx: AppContext, tenantId: string, id: string) {
  const c = await store.setConnectionArchived(ctx.db, ctx.box, tenantId, id, false)
  if (!c) throw notFound()
  ctx.log.info({ connectionId: id, connection: c.name }, `connection "${c.name}" restored`)
  return c
}

/** Deletes a connection never used (no course definition, no LMS account); one in use is refused: archive it instead. */
export async function deleteConnection(ctx: AppContext, tenantId: string, id: string) {
  const { connection, courseDefinitions, accounts } = await connectionUsage(ctx, tenantId, id)
  const refuse = () => {
    ctx.log.warn({ connectionId: id, connection: connection.name, code: 'CONNECTION_IN_USE' }, `connection "${connection.name}" not deleted: it is in use`)
    return new ServiceError(409, 'CONNECTION_IN_USE',
      `connection "${connection.name}" has ${courseDefinitions} course definition(s) and ${accounts} LMS account(s); archive it instead`,
      { courseDefinitions, accounts })
  }
  if (courseDefinitions > 0 || accounts > 0) throw refuse()
  let deleted: boolean
  try {
    deleted = await ctx.db.transaction(async (tx) => {
      const gone = await store.deleteUnusedConnection(tx, tenantId, id)
      if (gone) await resolveNotifications(tx, { tenantId, connectionId: id })
      return gone
    })
  } catch (err) {
    // Something that refers to it arrived meanwhile (a foreign key holds the row).
    if (isForeignKeyViolation(err)) throw refuse()
    throw err
  }
  if (!deleted) throw refuse()
  ctx.adapters.forget(id)
  ctx.log.info({ connectionId: id, connection: connection.name }, `connection "${connection.name}" deleted`)
  return connection
}

const isForeignKeyViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23503'

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}
