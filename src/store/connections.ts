import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'
import type { SecretBox } from '../security/secret-box.ts'

export type ConnectionType = 'moodle' | 'ilias' | 'sandbox'

export interface Connection {
  id: string
  tenantId: string
  name: string
  type: ConnectionType
  baseUrl: string
  environment: 'live' | 'training'
  active: boolean
  /** Decrypted only when a worker needs them; never sent out by the API. */
  credentials: Record<string, string>
  mapping: Record<string, unknown>
  settings: Record<string, unknown>
  /** Set while the connection is known to be set up wrong; jobs for it wait instead of calling. */
  blockedCode: string | null
  /** When it was archived (hidden from forms and lists, no new registrations on it); null while in use. */
  archivedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

interface Row {
  id: string
  tenant_id: string
  name: string
  type: ConnectionType
  base_url: string
  environment: 'live' | 'training'
  active: boolean
  credentials_enc: string
  mapping: Record<string, unknown>
  settings: Record<string, unknown>
  blocked_code: string | null
  archived_at: Date | null
  created_at: Date
  updated_at: Date
}

const fromRow = (r: Row, box: SecretBox): Connection => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  type: r.type,
  baseUrl: r.base_url,
  environment: r.environment,
  active: r.active,
  credentials: JSON.parse(box.open(r.credentials_enc)) as Record<string, string>,
  mapping: r.mapping,
  settings: r.settings,
  blockedCode: r.blocked_code,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export type NewConnection = Pick<Connection, 'name' | 'type' | 'baseUrl' | 'environment' | 'active' | 'credentials' | 'mapping' | 'settings'>

export async function insertConnection(db: Queryable, box: SecretBox, tenantId: string, c: NewConnection) {
  const { rows } = await db.query<Row>(
    `INSERT INTO connections (id, tenant_id, name, type, base_url, environment, active, credentials_enc, mapping, settings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [randomUUID(), tenantId, c.name, c.type, c.baseUrl, c.environment, c.active, box.seal(JSON.stringify(c.credentials)),
      JSON.stringify(c.mapping), JSON.stringify(c.settings)],
  )
  return fromRow(rows[0]!, box)
}

export async function updateConnection(
  db: Queryable,
  box: SecretBox,
  tenantId: string,
  id: string,
  c: Partial<NewConnection>,
) {
  const current = await getConnection(db, box, tenantId, id)
  if (!current) return null
  const next = { ...current, ...c, credentials: { ...current.credentials, ...(c.credentials ?? {}) } }
  const { rows } = await db.query<Row>(
    `UPDATE connections SET name = $3, base_url = $4, environment = $5, active = $6, credentials_enc = $7,
       mapping = $8, settings = $9, blocked_code = NULL, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, next.name, next.baseUrl, next.environment, next.active, box.seal(JSON.stringify(next.credentials)),
      JSON.stringify(next.mapping), JSON.stringify(next.settings)],
  )
  return fromRow(rows[0]!, box)
}

export async function getConnection(db: Queryable, box: SecretBox, tenantId: string, id: string) {
  const { rows } = await db.query<Row>('SELECT * FROM connections WHERE tenant_id = $1 AND id = $2', [tenantId, id])
  return rows[0] ? fromRow(rows[0], box) : null
}

export async function getConnectionById(db: Queryable, box: SecretBox, id: string) {
  const { rows } = await db.query<Row>('SELECT * FROM connections WHERE id = $1', [id])
  return rows[0] ? fromRow(rows[0], box) : null
}

/** Several connections by id (of any tenant), in one statement. */
export async function getConnectionsByIds(db: Queryable, box: SecretBox, ids: string[]): Promise<Map<string, Connection>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<Row>('SELECT * FROM connections WHERE id = ANY($1)', [ids])
  return new Map(rows.map((r) => [r.id, fromRow(r, box)]))
}

export async function listConnections(db: Queryable, box: SecretBox, tenantId: string) {
  const { rows } = await db.query<Row>('SELECT * FROM connections WHERE tenant_id = $1 ORDER BY name', [tenantId])
  return rows.map((r) => fromRow(r, box))
}

/** Blocks (code) or unblocks (null) a connection; true when that changed its state (for a log line once). */
export async function setConnectionBlocked(db: Queryable, id: string, code: string | null): Promise<boolean> {
  const r = await db.query('UPDATE connections SET blocked_code = $2 WHERE id = $1 AND blocked_code IS DISTINCT FROM $2', [id, code])
  return r.affectedRows > 0
}

/** Remembers the outcome of the last connection check. */
export async function recordConnectionCheck(db: Queryable, id: string, ok: boolean) {
  await db.query('UPDATE connections SET last_check_at = now(), last_check_ok = $2 WHERE id = $1', [id, ok])
}

/** Last check per connection id (connections never checked are absent). */
export async function lastConnectionChecks(db: Queryable, tenantId: string): Promise<Map<string, { at: Date; ok: boolean }>> {
  const { rows } = await db.query<{ id: string; last_check_at: Date; last_check_ok: boolean }>(
    'SELECT id, last_check_at, last_check_ok FROM connections WHERE tenant_id = $1 AND last_check_at IS NOT NULL', [tenantId])
  return new Map(rows.map((r) => [r.id, { at: r.last_check_at, ok: r.last_check_ok }]))
}

export async function listActiveConnectionIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM connections WHERE active AND blocked_code IS NULL')
  return rows.map((r) => r.id)
}

/** Archives (a date) or restores (null) a connection; the connection after, or null when there is none. */
export async function setConnectionArchived(db: Queryable, box: SecretBox, tenantId: string, id: string, archived: boolean) {
  const { rows } = await db.query<Row>(
    `UPDATE connections SET archived_at = CASE WHEN $3 THEN coalesce(archived_at, now()) END, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING *`, [tenantId, id, archived])
  return rows[0] ? fromRow(rows[0], box) : null
}

/** What refers to a connection: its course definitions, their registrations, the LMS accounts it knows. */
export async function connectionUsage(db: Queryable, id: string) {
  const { rows } = await db.query<{ courses: string; registrations: string; accounts: string }>(
    `SELECT (SELECT count(*) FROM course_definitions WHERE connection_id = $1) AS courses,
       (SELECT count(*) FROM registrations r JOIN course_definitions d ON d.id = r.course_definition_id WHERE d.connection_id = $1) AS registrations,
       (SELECT count(*) FROM lms_accounts WHERE connection_id = $1) AS accounts`, [id])
  const r = rows[0]!
  return { courseDefinitions: Number(r.courses), registrations: Number(r.registrations), accounts: Number(r.accounts) }
}

/** The ids among these of connections that are archived. */
export async function archivedConnectionIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const { rows } = await db.query<{ id: string }>('SELECT id FROM connections WHERE id = ANY($1) AND archived_at IS NOT NULL', [ids])
  return new Set(rows.map((r) => r.id))
}

/**
 * Deletes a connection no course definition and no LMS account refers to, with its bookkeeping (poll state,
 * inbound webhook receipts; sandbox records and review entries go by cascade). False when nothing was deleted.
 */
export async function deleteUnusedConnection(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM connections c WHERE c.tenant_id = $1 AND c.id = $2
       AND NOT EXISTS (SELECT 1 FROM course_definitions d WHERE d.connection_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM lms_accounts a WHERE a.connection_id = c.id) FOR UPDATE`, [tenantId, id])
  if (rows.length === 0) return false
  await db.query('DELETE FROM poll_state WHERE connection_id = $1', [id])
  await db.query('DELETE FROM inbound_webhooks WHERE connection_id = $1', [id])
  const r = await db.query('DELETE FROM connections WHERE id = $1', [id])
  return r.affectedRows > 0
}
