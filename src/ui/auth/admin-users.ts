// Administrators of the Service Center: one tenant each (today always 'default').
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../store/database.ts'
import { hashPassword } from './password-hash.ts'

export interface AdminUser {
  id: string
  tenant_id: string
  email: string
  password_hash: string
  created_at: Date
  last_login_at: Date | null
}

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

export async function recordAdminLogin(db: Queryable, id: string) {
  await db.query('UPDATE admin_users SET last_login_at = now() WHERE id = $1', [id])
}
