// Mails without an SMTP server: they wait, with the password still encrypted, until SMTP is configured
// (SMTP_HOST at the next start). Nothing is lost and no participant needs "resend credentials" later.
// One notification per tenant says how many wait; the start with SMTP queues them all and resolves it.
import type { AppContext } from '../services/context.ts'
import { raiseNotification, resolveNotifications } from '../store/notifications.ts'

export const smtpNotConfiguredKey = 'mail:smtp-not-configured'

/** The send-mail handler while no SMTP server is configured: the mails wait instead of being sent. */
export function createHoldMailHandler(ctx: AppContext) {
  return async (jobs: { data: { mailId: string } }[]): Promise<Map<string, Error>> => {
    const ids = [...new Set(jobs.map((j) => j.data.mailId))]
    const { rows } = await ctx.db.query<{ tenant_id: string }>(
      `UPDATE mails SET status = 'waiting-smtp' WHERE id = ANY($1) AND status IN ('queued', 'retrying') RETURNING tenant_id`, [ids])
    for (const tenantId of new Set(rows.map((r) => r.tenant_id))) await notifyWaiting(ctx, tenantId)
    return new Map()
  }
}

/** The one notification of a tenant, its message carrying the number of mails that wait now. */
async function notifyWaiting(ctx: AppContext, tenantId: string) {
  const { rows } = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mails WHERE tenant_id = $1 AND status = 'waiting-smtp'`, [tenantId])
  const n = rows[0]?.n ?? 0
  if (n === 0) return
  await raiseNotification(ctx.db, {
    tenantId, code: 'MAIL_SMTP_NOT_CONFIGURED', kind: 'needs-admin', dedupeKey: smtpNotConfiguredKey,
    message: `SMTP not configured: ${n} ${n === 1 ? 'mail' : 'mails'} waiting`, details: { waiting: n },
  })
  ctx.log.warn({ tenantId, code: 'MAIL_SMTP_NOT_CONFIGURED', waiting: n }, `SMTP not configured: ${n} ${n === 1 ? 'mail' : 'mails'} waiting`)
}

/** With SMTP configured: every mail that waited for it is queued for sending, and the notice resolved. */
export async function releaseMailsWaitingForSmtp(ctx: AppContext): Promise<number> {
  const { rows } = await ctx.db.query<{ id: string; tenant_id: string }>(
    `UPDATE mails SET status = 'queued' WHERE status = 'waiting-smtp' RETURNING id, tenant_id`)
  for (const tenantId of new Set(rows.map((r) => r.tenant_id))) {
    await resolveNotifications(ctx.db, { tenantId, dedupeKey: smtpNotConfiguredKey })
  }
  if (rows.length === 0) return 0
  await ctx.queue.enqueueSendMails(rows.map((r) => r.id))
  ctx.log.info({ released: rows.length }, `${rows.length} mails that waited for an SMTP server are being sent`)
  return rows.length
}
