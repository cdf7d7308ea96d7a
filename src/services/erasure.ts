// Erasure (an institute honouring a data subject's request) and the removal of a registration.
// A person's personal data goes from every table coursebridge keeps; the rows that only count things stay,
// without it: registrations keep course, states and dates; the step log keeps function, outcome and code
// (no detail text); mails keep purpose, status and dates (no address, subject or body); notifications
// keep code and counts (no message). The person's LMS account is left as it is: coursebridge neither
// deletes nor changes it (the LMS is the place to erase it), and only forgets the link to it.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import type { Queryable } from '../store/database.ts'

export interface ErasureReport {
  registrations: number
  steps: number
  mails: number
  notifications: number
  accountLinks: number
  idempotencyRecords: number
}

/** Every text value of the person's data (names, addresses, phone numbers, free fields) and the id. */
function personalValues(personId: string, data: unknown): string[] {
  const values = new Set<string>([personId])
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.trim().length >= 3) values.add(v.trim())
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(data)
  return [...values]
}

export async function erasePerson(ctx: AppContext, tenantId: string, personId: string): Promise<ErasureReport> {
  const jobsSchema = `${ctx.config.databaseSchema}_jobs`
  const report = await ctx.db.transaction(async (tx) => {
    const { rows: [person] } = await tx.query<{ id: string; data: unknown }>(
      'SELECT id, data FROM persons WHERE tenant_id = $1 AND person_id = $2 AND erased_at IS NULL FOR UPDATE', [tenantId, personId])
    if (!person) throw new ServiceError(404, 'PERSON_NOT_FOUND', 'no such person')
    const values = personalValues(personId, person.data)
    const { rows: regs } = await tx.query<{ id: string }>('SELECT id FROM registrations WHERE person_ref = $1', [person.id])
    const regIds = regs.map((r) => r.id)

    await tx.query(
      `UPDATE persons SET person_id = 'erased-' || id, data = '{"erased": true}'::jsonb, erased_at = now(), updated_at = now()
       WHERE id = $1`, [person.id])
    await tx.query(
      `UPDATE registrations SET login_name = NULL, lms_user_id = NULL, granted_access = NULL, updated_at = now()
       WHERE id = ANY($1)`, [regIds])
    const steps = await tx.query('UPDATE registration_steps SET detail = NULL WHERE registration_id = ANY($1)', [regIds])
    const { rows: mailRows } = await tx.query<{ id: string }>(
      `UPDATE mails SET to_address = '', subject = NULL, html = NULL, text = NULL, password_enc = NULL, login_name = NULL,
         last_error = NULL WHERE registration_id = ANY($1) RETURNING id`, [regIds])
    const notifications = await tx.query(
      `UPDATE notifications SET message = 'erased with the person''s data', details = '{}'::jsonb, person_ref = NULL
       WHERE tenant_id = $1 AND (person_ref = $2 OR registration_id = ANY($3))`, [tenantId, person.id, regIds])
    const links = await tx.query('DELETE FROM lms_accounts WHERE person_ref = $1', [person.id])
    // The review list holds the LMS account found by the person's e-mail (its address and name).
    await tx.query('DELETE FROM account_reviews WHERE person_ref = $1', [person.id])
    // Stored API answers (Idempotency-Key replays) may hold the person as it was sent.
    const idempotency = await tx.query(
      `DELETE FROM idempotency_keys WHERE tenant_id = $1
         AND EXISTS (SELECT 1 FROM unnest($2::text[]) v WHERE strpos(lower(body::text), lower(v)) > 0)`, [tenantId, values])
    await scrubJobs(tx, jobsSchema, [...regIds, ...mailRows.map((m) => m.id)])
    return {
      registrations: regIds.length, steps: steps.affectedRows, mails: mailRows.length, notifications: notifications.affectedRows,
      accountLinks: links.affectedRows, idempotencyRecords: idempotency.affectedRows,
    }
  })
  ctx.log.info({ tenantId, ...report }, 'person erased: personal data removed, LMS account left as it is')
  return report
}

/** The queue's records of these registrations and mails: a failed job's output may quote an LMS message. */
async function scrubJobs(tx: Queryable, jobsSchema: string, ids: string[]) {
  if (ids.length === 0) return
  for (const table of ['job', 'archive']) {
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, [jobsSchema, table])
    if (!rows[0]?.n) continue
    await tx.query(
      `UPDATE ${jobsSchema}.${table} SET output = NULL
       WHERE output IS NOT NULL AND (data->>'registrationId' = ANY($1) OR data->>'mailId' = ANY($1))`, [ids])
  }
}

/**
 * Removes a registration with its step log, mails, results and deliveries, and notifications. Only one
 * that holds no access in the LMS: cancelled and revoked, or never granted and not being worked on —
 * removing one with access would leave that access behind for good.
 */
export async function removeRegistration(ctx: AppContext, tenantId: string, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { rows: [r] } = await tx.query<{ desired: string; status: string; access_granted_at: Date | null; access_revoked_at: Date | null }>(
      'SELECT desired, status, access_granted_at, access_revoked_at FROM registrations WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id])
    if (!r) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
    const revoked = r.desired === 'cancelled' && r.status === 'cancelled'
    const neverGranted = r.access_granted_at === null && ['failed', 'waiting_for_data', 'needs_admin', 'cancelled'].includes(r.status)
    if (!revoked && !neverGranted) {
      throw new ServiceError(409, 'REGISTRATION_HAS_ACCESS', 'cancel the registration first and wait until its access is removed; then remove it')
    }
    await tx.query(
      `DELETE FROM delivery_attempts WHERE delivery_id IN
         (SELECT d.id FROM result_deliveries d JOIN results x ON x.id = d.result_id WHERE x.registration_id = $1)`, [id])
    await tx.query('DELETE FROM result_deliveries WHERE result_id IN (SELECT id FROM results WHERE registration_id = $1)', [id])
    await tx.query('DELETE FROM results WHERE registration_id = $1', [id])
    await tx.query('DELETE FROM mails WHERE registration_id = $1', [id])
    await tx.query('DELETE FROM registration_steps WHERE registration_id = $1', [id])
    await tx.query('DELETE FROM notifications WHERE registration_id = $1', [id])
    await tx.query('DELETE FROM registrations WHERE id = $1', [id])
  })
  ctx.log.info({ tenantId, registrationId: id }, 'registration removed')
}
