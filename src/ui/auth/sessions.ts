// Log-in sessions of administrators. The browser holds a random 32-byte id; the table holds only its
// SHA-256 hash (a leaked table opens no session), the expiry and the session's CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Queryable } from '../../store/database.ts'
import { languages, type Language } from '../../domain/language.ts'

export const sessionLifetimeSeconds = 8 * 60 * 60

export interface AdminSession {
  adminUserId: string
  tenantId: string
  email: string
  csrfToken: string
  expiresAt: Date
  /** The Service Center language the administrator chose (null: none chosen yet). */
  language: Language | null
}

export const newToken = () => randomBytes(32).toString('base64url')
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex')

/** Constant-time comparison of two tokens; false for a missing or differently long one. */
export function tokensMatch(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || given.length === 0) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Starts a session; returns the id for the cookie (shown to nobody else, stored only hashed). */
export async function createSession(db: Queryable, adminUserId: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const id = newToken()
  const expiresAt = new Date(now.getTime() + sessionLifetimeSeconds * 1000)
  await db.query('INSERT INTO admin_sessions (id_hash, admin_user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
    hashSessionId(id), adminUserId, newToken(), expiresAt,
  ])
  // Expired sessions of anyone are swept now and then, here rather than by a timer.
  await db.query('DELETE FROM admin_sessions WHERE expires_at < $1', [now])
  return { id, expiresAt }
}

export async function findSession(db: Queryable, id: string | undefined, now = new Date()): Promise<AdminSession | null> {
  if (!id || id.length > 100) return null
  const { rows } = await db.query<{ admin_user_id: string; tenant_id: string; email: string; csrf_token: string; expires_at: Date; language: string | null }>(
    `SELECT s.admin_user_id, u.tenant_id, u.email, s.csrf_token, s.expires_at, u.language
     FROM admin_sessions s JOIN admin_users u ON u.id = s.admin_user_id
     WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [hashSessionId(id), now],
  )
  const r = rows[0]
  return r ? { adminUserId: r.admin_user_id, tenantId: r.tenant_id, email: r.email, csrfToken: r.csrf_token, expiresAt: r.expires_at,
    language: (languages as readonly (string | null)[]).includes(r.language) ? r.language as Language : null } : null
}

export async function deleteSession(db: Queryable, id: string) {
  await db.query('DELETE FROM admin_sessions WHERE id_hash = $1', [hashSessionId(id)])
}
