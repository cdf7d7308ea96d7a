// Runs the connection check for one connection: against its LMS, or a sandbox's simulator. A check in
// which no required item fails unblocks a blocked connection (resumeConnection retries what waited).
import type { AppContext } from '../services/context.ts'
import { ServiceError } from '../services/context.ts'
import { resumeConnection } from '../services/connections.ts'
import { getConnection, listConnections, recordConnectionCheck, type Connection } from '../store/connections.ts'
import { checkPassed, type CheckItem, type CheckReport } from './check-item.ts'
import { loadCheckSubjects } from './check-subjects.ts'
import { checkMoodle } from './moodle-check.ts'

export interface CheckOutcome extends CheckReport {
  /** The connection was blocked and the check unblocked it. */
  unblocked: boolean
}

/** A connection by id, or (for the command line) by name. */
export async function findConnection(ctx: AppContext, tenantId: string, idOrName: string): Promise<Connection> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName) ? await getConnection(ctx.db, ctx.box, tenantId, idOrName) : null
  const connection = byId ?? (await listConnections(ctx.db, ctx.box, tenantId)).find((c) => c.name === idOrName)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', `no connection "${idOrName}"`)
  return connection
}

export async function runConnectionCheck(ctx: AppContext, tenantId: string, idOrName: string): Promise<CheckOutcome> {
  const connection = await findConnection(ctx, tenantId, idOrName)
  const items = await checkItems(ctx, connection)
  const ok = checkPassed(items)
  await recordConnectionCheck(ctx.db, connection.id, ok)
  let unblocked = false
  if (ok && connection.blockedCode !== null) {
    await resumeConnection(ctx, tenantId, connection.id)
    unblocked = true
  }
  const failed = items.filter((i) => i.status === 'fail' && i.required).map((i) => i.id)
  const fields = { connectionId: connection.id, connection: connection.name, ok, failed, unblocked }
  if (ok) ctx.log.info(fields, `connection check of "${connection.name}" passed`)
  else ctx.log.warn({ ...fields, code: 'CONNECTION_CHECK_FAILED' }, `connection check of "${connection.name}" failed: ${failed.join(', ')}`)
  return { connectionId: connection.id, ok, checkedAt: new Date().toISOString(), items, unblocked }
}

// The ILIAS check (its SOAP client and XML parser) is loaded when an ILIAS connection is checked, as the adapter
// factory loads the ILIAS adapter: a site without one never loads them.
const iliasCheck = async () => (await import('./ilias-check.ts')).checkIlias

async function checkItems(ctx: AppContext, connection: Connection): Promise<CheckItem[]> {
  const subjects = await loadCheckSubjects(ctx.db, connection)
  const timeoutMs = ctx.config.lmsTimeoutMs
  const settings = connection.settings as { iliasUserFolderRefId?: string; iliasGlobalRole?: string }
  if (connection.type === 'sandbox') {
    const sandbox = await ctx.adapters.sandbox(connection)
    if (sandbox.ilias) {
      const checkIlias = await iliasCheck()
      return checkIlias({ baseUrl: sandbox.url, ...sandbox.ilias.credentials, environment: 'sandbox', timeoutMs, courses: subjects.targets })
    }
    return checkMoodle({ baseUrl: sandbox.url, token: sandbox.moodle!.token, environment: 'sandbox', timeoutMs, ...subjects })
  }
  if (connection.type === 'ilias') {
    const { client = '', username = '', password = '' } = connection.credentials
    const checkIlias = await iliasCheck()
    return checkIlias({
      baseUrl: connection.baseUrl, client, username, password, environment: connection.environment, timeoutMs,
      userFolderRefId: settings.iliasUserFolderRefId, globalRole: settings.iliasGlobalRole, courses: subjects.targets,
    })
  }
  return checkMoodle({ baseUrl: connection.baseUrl, token: connection.credentials.token ?? '', environment: connection.environment, timeoutMs, ...subjects })
}
