// The outbox: every mail per registration. One row per (registration, purpose), so a retried reconcile
// can never queue a second credentials or course-access mail.
import { randomUUID } from 'node:crypto'
import { JsonRows, type Queryable } from './database.ts'

/**
 * waiting-smtp: no SMTP server is configured; the mail (password encrypted) waits until one is.
 * discarded: an administrator discarded it before it went out (its password erased); it never goes.
 */
export type MailStatus = 'awaiting-account' | 'queued' | 'retrying' | 'waiting-smtp' | 'sent' | 'outbox' | 'failed' | 'discarded'

/** The mails that have not gone out and still may (or failed): the outbox page lists these. */
export const unsentMailStatuses = ['awaiting-account', 'queued', 'retrying', 'waiting-smtp', 'failed'] as const satisfies readonly MailStatus[]

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
  discarded_at: Date | null
  discarded_by: string | null
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
  return (await addMails(db, [m]))[0] ?? null
}

/**
 * addMail for many mails in one statement: the rows added or refreshed, in no particular order (mails
 * whose earlier row stands are not among them). Entries for the same registration and purpose behave as
 * consecutive addMail calls, one statement per repetition (ON CONFLICT DO UPDATE may change a row only
 * once per statement).
 */
export async function addMails(db: Queryable, mails: NewMail[]): Promise<MailRow[]> {
  const rounds: NewMail[][] = []
  const seen = new Map<string, number>()
  for (const m of mails) {
    const key = `${m.registrationId}\u0000${m.purpose}`
    const round = seen.get(key) ?? 0
    seen.set(key, round + 1)
    ;(rounds[round] ??= []).push(m)
  }
  const added: MailRow[] = []
  for (const round of rounds) {
    const column = <K extends keyof NewMail>(k: K) => round.map((m) => m[k] ?? null)
    const { rows } = await db.query<MailRow>(
      `INSERT INTO mails (id, tenant_id, registration_id, purpose, template_key, to_address, status, password_enc, login_name)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       ON CONFLICT (registration_id, purpose) DO UPDATE SET password_enc = EXCLUDED.password_enc,
         login_name = EXCLUDED.login_name, to_address = EXCLUDED.to_address
         WHERE mails.status = 'awaiting-account'
       RETURNING *`,
      [round.map(() => randomUUID()), column('tenantId'), column('registrationId'), column('purpose'), column('templateKey'),
        column('to'), column('status'), column('passwordEnc'), column('loginName')],
    )
    added.push(...rows)
  }
  return added
}

export async function getMails(db: Queryable, ids: string[]): Promise<MailRow[]> {
  if (ids.length === 0) return []
  const { rows } = await db.query<MailRow>('SELECT * FROM mails WHERE id = ANY($1)', [ids])
  return rows
}

/** The mail of this purpose per registration id (registrations without one are absent). */
export async function findMails(db: Queryable, registrationIds: string[], purpose: string): Promise<Map<string, MailRow>> {
  if (registrationIds.length === 0) return new Map()
  const { rows } = await db.query<MailRow>('SELECT * FROM mails WHERE registration_id = ANY($1) AND purpose = $2', [
    registrationIds, purpose,
  ])
  return new Map(rows.map((r) => [r.registration_id, r]))
}

/** Moves an awaiting credentials mail on once its account exists. */
export async function releaseAwaitingMail(db: Queryable, id: string) {
  return (await releaseAwaitingMails(db, [id])).length === 1
}

/** releaseAwaitingMail for many: the ids this call released (the others were not awaiting their account). */
export async function releaseAwaitingMails(db: Queryable, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const { rows } = await db.query<{ id: string }>(
    `UPDATE mails SET status = 'queued' WHERE id = ANY($1) AND status = 'awaiting-account' RETURNING id`,
    [ids],
  )
  return rows.map((r) => r.id)
}

/**
 * What one send attempt came to. sent/outbox: the SMTP server accepted the mail (or it went to the
 * outbox); it is kept as rendered, without the password. retrying: another attempt follows, the password
 * stays. failed: given up; the password is erased too (a resend makes a new one).
 */
export type MailOutcome =
  | { id: string; status: 'sent' | 'outbox'; subject: string; html: string; text: string; messageId: string }
  | { id: string; status: 'retrying' | 'failed'; errorCode: string; error: string }

const isDelivered = (o: MailOutcome): o is Extract<MailOutcome, { messageId: string }> => o.status === 'sent' || o.status === 'outbox'

/**
 * Records the outcomes of many send attempts in one statement; each counts as an attempt. A mail discarded
 * while its attempt was under way stays discarded unless the attempt delivered it (then it did go out).
 */
export async function recordMailOutcomes(db: Queryable, outcomes: MailOutcome[]): Promise<void> {
  if (outcomes.length === 0) return
  // One JSON document rather than eight arrays: pg writes array literals in JavaScript, escaping every
  // character of every body (most of a batch's bytes) with two regular expressions; JSON.stringify is native
  // (row by row: JsonRows).
  const rows = outcomes.map((o) => (isDelivered(o)
    ? { id: o.id, status: o.status, subject: o.subject, html: o.html, text: o.text, message_id: o.messageId }
    : { id: o.id, status: o.status, error_code: o.errorCode, error: o.error }))
  await db.query(
    `UPDATE mails m SET status = o.status, attempts = m.attempts + 1,
       subject = CASE WHEN o.delivered THEN o.subject ELSE m.subject END,
       html = CASE WHEN o.delivered THEN o.html ELSE m.html END,
       text = CASE WHEN o.delivered THEN o.text ELSE m.text END,
       message_id = CASE WHEN o.delivered THEN o.message_id ELSE m.message_id END,
       sent_at = CASE WHEN o.delivered THEN now() ELSE m.sent_at END,
       last_error_code = o.error_code, last_error = o.error,
       password_enc = CASE WHEN o.status = 'retrying' THEN m.password_enc ELSE NULL END
     FROM (SELECT *, status IN ('sent', 'outbox') AS delivered
           FROM json_to_recordset($1::json)
             AS u(id text, status text, subject text, html text, text text, message_id text, error_code text, error text)) o
     WHERE m.id = o.id AND (o.delivered OR m.status <> 'discarded')`,
    [new JsonRows(rows)],
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

/** One mail of the tenant, or null. */
export async function getTenantMail(db: Queryable, tenantId: string, id: string): Promise<MailRow | null> {
  const { rows } = await db.query<MailRow>('SELECT * FROM mails WHERE tenant_id = $1 AND id = $2', [tenantId, id])
  return rows[0] ?? null
}

/**
 * Discards a mail that has not gone out: it never goes, and its password is erased. Answers the row as it
 * is now, or null when it was not in one of `from` (sent meanwhile, discarded already).
 */
export async function discardMailRow(db: Queryable, id: string, by: string, from: readonly MailStatus[]): Promise<MailRow | null> {
  const { rows } = await db.query<MailRow>(
    `UPDATE mails SET status = 'discarded', password_enc = NULL, discarded_at = now(), discarded_by = $2
     WHERE id = $1 AND status = ANY($3) RETURNING *`,
    [id, by, [...from]],
  )
  return rows[0] ?? null
}

/** Queues a mail for sending again (send now): failed and waiting mails become queued. */
export async function requeueMailRow(db: Queryable, id: string, from: readonly MailStatus[]): Promise<MailRow | null> {
  const { rows } = await db.query<MailRow>(
    `UPDATE mails SET status = CASE WHEN status = 'retrying' THEN status ELSE 'queued' END
     WHERE id = $1 AND status = ANY($2) RETURNING *`,
    [id, [...from]],
  )
  return rows[0] ?? null
}
