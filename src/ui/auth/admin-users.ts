// Administrators of the Service Center: one tenant each (today always 'default').
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Queryable } from '../../store/database.ts'
import { hashPassword, passwordRules } from './password-hash.ts'
import type { Language } from '../../domain/language.ts'

/** A new administrator, as the API (POST /api/v1/admin-users) and the Service Center form take it: one set of rules. */
export const adminUserCreateSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(passwordRules.minLength, `at least ${passwordRules.minLength} characters`)
    .max(passwordRules.maxLength, `at most ${passwordRules.maxLength} characters`),
})

export interface AdminUser {
  id: string
  tenant_id: string
  email: string
  password_hash: string
  created_at: Date
  last_login_at: Date | null
  disabled_at: Date | null
  language: Language | null
}

/** An administrator as lists show them: never the password hash. */
export interface AdminUserView {
  id: string
  email: string
  createdAt: Date
  lastLoginAt: Date | null
  disabledAt: Date | null
}

export const adminUserView = (a: AdminUser): AdminUserView => ({
  id: a.id, email: a.email, createdAt: a.created_at, lastLoginAt: a.last_login_at, disabledAt: a.disabled_at,
})

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export class AdminExistsError extends Error {
  constructor(email: string) {
    super(`an administrator ${email} exists already`)
  }
}

export async function createAdminUser(db: Queryable, tenantId: string, email: string, password: string): Promise<AdminUser> {
  const passwordHash = await hashPassword(password)
  const { rows } = await db.query<AdminUser>(
    `INSERT INTO admin_users (id, tenant_id, email, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [randomUUID(), tenantId, normaliseEmail(email), passwordHash],
  )
  if (!rows[0]) throw new AdminExistsError(normaliseEmail(email))
  return rows[0]
}

export async function findAdminByEmail(db: Queryable, email: string): Promise<AdminUser | null> {
  const { rows } = await db.query<AdminUser>('SELECT * FROM admin_users WHERE email = $1', [normaliseEmail(email)])
  return rows[0] ?? null
}

export async function countAdminUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM admin_users')
  return rows[0]?.n ?? 0
}

/** Remembers the Service Center language an administrator chose (for every browser they log in on). */
export async function setAdminLanguage(db: Queryable, id: string, language: Language) {
  await db.query('UPDATE admin_users SET language = $2 WHERE id = $1', [id, language])
}

export async function recordAdminLogin(db: Queryable, id: string) {
  await db.query('UPDATE admin_users SET last_login_at = now() WHERE id = $1', [id])
}

export async function getAdminUser(db: Queryable, tenantId: string, id: string): Promise<AdminUser | null> {
  const { rows } = await db.query<AdminUser>('SELECT * FROM admin_users WHERE tenant_id = $1 AND id = $2', [tenantId, id])
  return rows[0] ?? null
}

export async function listAdminUsers(db: Queryable, tenantId: string): Promise<AdminUserView[]> {
  const { rows } = await db.query<AdminUser>('SELECT * FROM admin_users WHERE tenant_id = $1 ORDER BY disabled_at IS NOT NULL, email', [tenantId])
  return rows.map(adminUserView)
}

/** Stores a new hash of the administrator's password (a change, or today's parameters at log-in). */
export async function setAdminPassword(db: Queryable, id: string, password: string) {
  await db.query('UPDATE admin_users SET password_hash = $2 WHERE id = $1', [id, await hashPassword(password)])
}

/**
 * Disables an administrator: log-in refused from now on and every session of theirs ended at once.
 * Returns the administrator, or null when there is none with this id.
 */
export async function disableAdminUser(db: Queryable, tenantId: string, id: string): Promise<AdminUserView | null> {
  const { rows } = await db.query<AdminUser>(
    'UPDATE admin_users SET disabled_at = coalesce(disabled_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING *', [tenantId, id])
  if (!rows[0]) return null
  await db.query('DELETE FROM admin_sessions WHERE admin_user_id = $1', [id])
  return adminUserView(rows[0])
}

export async function enableAdminUser(db: Queryable, tenantId: string, id: string): Promise<AdminUserView | null> {
  const { rows } = await db.query<AdminUser>('UPDATE admin_users SET disabled_at = NULL WHERE tenant_id = $1 AND id = $2 RETURNING *', [tenantId, id])
  return rows[0] ? adminUserView(rows[0]) : null
}
