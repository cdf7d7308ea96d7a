// The last request the Moodle plugin (local_coursebridge) signed with a connection's webhook secret: proof that the
// plugin is installed and points at this coursebridge. Read by the connection check ("installed").
import type { Queryable } from './database.ts'

/** What the plugin sent: its test event, a result, or its request for the managed-course list. */
export type PluginContactKind = 'test-event' | 'result' | 'managed-courses'

export interface PluginContact {
  at: Date
  kind: PluginContactKind
}

export async function recordPluginContact(db: Queryable, connectionId: string, kind: PluginContactKind) {
  await db.query('UPDATE connections SET plugin_contact_at = now(), plugin_contact_kind = $2 WHERE id = $1', [connectionId, kind])
}

export async function getPluginContact(db: Queryable, connectionId: string): Promise<PluginContact | null> {
  const { rows } = await db.query<{ plugin_contact_at: Date | null; plugin_contact_kind: PluginContactKind | null }>(
    'SELECT plugin_contact_at, plugin_contact_kind FROM connections WHERE id = $1', [connectionId])
  const row = rows[0]
  return row?.plugin_contact_at ? { at: row.plugin_contact_at, kind: row.plugin_contact_kind ?? 'result' } : null
}
