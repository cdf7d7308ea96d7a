import type { Queryable } from './database.ts'
import type { Person } from '../domain/person.ts'

export interface LmsAccountLink {
  connectionId: string
  personRef: string
  lmsUserId: string
  loginName: string | null
  createdByUs: boolean
}

/** The links of many persons to one connection's accounts, by person. */
export async function findAccountLinks(db: Queryable, connectionId: string, personRefs: string[]) {
  const { rows } = await db.query<{ person_ref: string; lms_user_id: string; login_name: string | null; created_by_us: boolean }>(
    'SELECT person_ref, lms_user_id, login_name, created_by_us FROM lms_accounts WHERE connection_id = $1 AND person_ref = ANY($2)',
    [connectionId, personRefs],
  )
  return new Map<string, LmsAccountLink>(rows.map((r) => [r.person_ref,
    { connectionId, personRef: r.person_ref, lmsUserId: r.lms_user_id, loginName: r.login_name, createdByUs: r.created_by_us }]))
}

/** Records links in one statement; a link stays "created by us" once it was. One entry per person and connection. */
export async function saveAccountLinks(db: Queryable, links: LmsAccountLink[]) {
  if (links.length === 0) return
  await db.query(
    `INSERT INTO lms_accounts (connection_id, person_ref, lms_user_id, login_name, created_by_us)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
     ON CONFLICT (connection_id, person_ref) DO UPDATE SET lms_user_id = EXCLUDED.lms_user_id,
       login_name = EXCLUDED.login_name, created_by_us = lms_accounts.created_by_us OR EXCLUDED.created_by_us,
       synced_at = now()`,
    [links.map((l) => l.connectionId), links.map((l) => l.personRef), links.map((l) => l.lmsUserId),
      links.map((l) => l.loginName), links.map((l) => l.createdByUs)],
  )
}

/**
 * One account linked on the connection, with its person's data, to prove that a lookup can see accounts
 * (the most recently synced: the likeliest to still exist unchanged).
 */
export async function findCanaryLink(db: Queryable, connectionId: string) {
  const { rows } = await db.query<{ person_ref: string; lms_user_id: string; data: Person }>(
    `SELECT a.person_ref, a.lms_user_id, p.data FROM lms_accounts a JOIN persons p ON p.id = a.person_ref
     WHERE a.connection_id = $1 ORDER BY a.synced_at DESC LIMIT 1`,
    [connectionId],
  )
  const row = rows[0]
  return row ? { personRef: row.person_ref, lmsUserId: row.lms_user_id, person: row.data } : null
}
