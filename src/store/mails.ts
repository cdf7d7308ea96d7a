// The outbox: every mail per registration. One row per (registration, purpose), so a retried reconcile
// can never queue a second credentials or course-access mail.
import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

export type MailStatus = 'awaiting-account' | 'queued' | 'retrying' | 'sent' | 'outbox' | 'failed'

export interface MailRow {
  id: string
  tenant_id: string
  registration_id: string
  purpose: string
  template_key: string
  to_address: string
  subject: string | null
  html: string | null
  text: string | null
  status: MailStatus
  password_enc: string | null
  login_name: string | null
  attempts: number
  last_error_code: string | null
  last_error: string | null
  message_id: string | null
  created_at: Date
  sent_at: Date | null
}

export interface NewMail {
  tenantId: string
  registrationId: string
  purpose: string
  templateKey: string
  to: string
  status: MailStatus
  passwordEnc?: string | null
  loginName?: string | null
}

/**
 * Adds the mail unless one with the same purpose exists for the registration. A credentials mail that
 * still awaits its account (a create that failed or whose answer was lost) takes the new password.
 * Returns the row when it was added or refreshed, null when an earlier one stands.
 */
export async function addMail(db: Queryable, m: NewMail): Promise<MailRow | null> {
  const { rows } = await db.query<MailRow>(
    `INSERT INTO mails (id, tenant_id, registration_id, purpose, template_key, to_address, status, password_enc, login_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (registration_id, purpose) DO UPDATE SET password_enc = EXCLUDED.password_enc,
       login_name = EXCLUDED.login_name, to_address = EXCLUDED.to_address
       WHERE mails.status = 'awaiting-account'
     RETURNING *`,
    [randomUUID(), m.tenantId, m.registrationId, m.purpose, m.templateKey, m.to, m.status, m.passwordEnc ?? null, m.loginName ?? null],
  )
  return rows[0] ?? null
}

export async function getMail(db: Queryable, id: string) {
  const { rows } = await db.query<MailRow>('SELECT * FROM mails WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function findMail(db: Queryable, registrationId: string, purpose: string) {
  const { rows } = await db.query<MailRow>('SELECT * FROM mails WHERE registration_id = $1 AND purpose = $2', [
    registrationId, purpose,
  ])
  return rows[0] ?? null
}

/** Moves an awaiting credentials mail on once its account exists. */
export async function releaseAwaitingMail(db: Queryable, id: string) {
  const r = await db.query(`UPDATE mails SET status = 'queued' WHERE id = $1 AND status = 'awaiting-account'`, [id])
  return r.affectedRows === 1
}

export async function recordMailAttempt(
  db: Queryable,
  id: string,
  o: { status: MailStatus; errorCode?: string | null; error?: string | null },
) {
  await db.query('UPDATE mails SET status = $2, attempts = attempts + 1, last_error_code = $3, last_error = $4 WHERE id = $1', [
    id, o.status, o.errorCode ?? null, o.error ?? null,
  ])
}

/** After the SMTP server accepted the mail (or it went to the outbox): keep it without the password. */
export async function recordMailSent(
  db: Queryable,
  id: string,
  o: { status: 'sent' | 'outbox'; subject: string; html: string; text: string; messageId: string },
) {
  await db.query(
    `UPDATE mails SET status = $2, subject = $3, html = $4, text = $5, message_id = $6, sent_at = now(),
       attempts = attempts + 1, last_error_code = NULL, last_error = NULL, password_enc = NULL
     WHERE id = $1`,
    [id, o.status, o.subject, o.html, o.text, o.messageId],
  )
}

/** Given up: the password is erased too (a resend makes a new one). */
export async function recordMailFailed(db: Queryable, id: string, errorCode: string, error: string) {
  await db.query(
    `UPDATE mails SET status = 'failed', attempts = attempts + 1, last_error_code = $2, last_error = $3, password_enc = NULL
     WHERE id = $1`,
    [id, errorCode, error],
  )
}

export async function listMails(db: Queryable, tenantId: string, f: { registrationId?: string; limit?: number } = {}) {
  const params: unknown[] = [tenantId]
  let where = 'tenant_id = $1'
  if (f.registrationId) {
    params.push(f.registrationId)
    where += ` AND registration_id = $${params.length}`
  }
  params.push(f.limit ?? 100)
  const { rows } = await db.query<MailRow>(
    `SELECT * FROM mails WHERE ${where} ORDER BY created_at DESC, id LIMIT $${params.length}`,
    params,
  )
  return rows
}
