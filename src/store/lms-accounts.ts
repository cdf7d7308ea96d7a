import type { Queryable } from './database.ts'

export interface LmsAccountLink {
  connectionId: string
  personRef: string
  lmsUserId: string
  loginName: string | null
  createdByUs: boolean
}

export async function findAccountLink(db: Queryable, connectionId: string, personRef: string) {
  const { rows } = await db.query<{ lms_user_id: string; login_name: string | null; created_by_us: boolean }>(
    'SELECT lms_user_id, login_name, created_by_us FROM lms_accounts WHERE connection_id = $1 AND person_ref = $2',
    [connectionId, personRef],
  )
  const r = rows[0]
  return r ? { connectionId, personRef, lmsUserId: r.lms_user_id, loginName: r.login_name, createdByUs: r.created_by_us } : null
}

export async function saveAccountLink(db: Queryable, link: LmsAccountLink) {
  await db.query(
    `INSERT INTO lms_accounts (connection_id, person_ref, lms_user_id, login_name, created_by_us)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (connection_id, person_ref) DO UPDATE SET lms_user_id = EXCLUDED.lms_user_id,
       login_name = EXCLUDED.login_name, created_by_us = lms_accounts.created_by_us OR EXCLUDED.created_by_us,
       synced_at = now()`,
    [link.connectionId, link.personRef, link.lmsUserId, link.loginName, link.createdByUs],
  )
}
