// The Moodle plugin's side of a connection: its shared webhook secret (generated here, shown once, stored
// sealed with the connection's credentials) and "poll results now". One path for the API and the Service Center.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { getConnection, updateConnection } from '../store/connections.ts'
import { generateWebhookSecret } from '../webhooks/standard-webhooks.ts'

export async function createPluginWebhookSecret(ctx: AppContext, tenantId: string, connectionId: string) {
  const connection = await getConnection(ctx.db, ctx.box, tenantId, connectionId)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  const secret = generateWebhookSecret()
  await updateConnection(ctx.db, ctx.box, tenantId, connection.id, { credentials: { webhookSecret: secret } })
  return { secret, path: `/webhooks/moodle/${connection.id}` }
}

export async function pollResultsNow(ctx: AppContext, tenantId: string, connectionId: string) {
  const connection = await getConnection(ctx.db, ctx.box, tenantId, connectionId)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'no such connection')
  // Forced: polls also while the plugin delivers (the schedule then skips the connection).
  await ctx.queue.enqueuePollResults(connection.id, { force: true })
  return connection
}
