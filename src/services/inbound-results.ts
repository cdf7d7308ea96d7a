// Results pushed by the Moodle plugin (local_coursebridge): verified (signature, replay window), matched
// to the registration by the user's idnumber and the course, recorded once.
import type { AppContext } from './context.ts'
import { getConnectionById } from '../store/connections.ts'
import { rememberInboundWebhook } from '../store/results.ts'
import { getRegistration } from '../store/registrations.ts'
import { fieldMappingSchema } from '../domain/field-mapping.ts'
import { verifyWebhook, type HeaderSource } from '../webhooks/standard-webhooks.ts'
import { parseMoodleWebhookBody } from '../webhooks/moodle-result-payload.ts'
import { recordResult } from './results.ts'

export interface InboundAnswer {
  status: number
  body: { ok: boolean; code?: string; message?: string; outcome?: string; resultId?: string }
}

const refuse = (status: number, code: string, message: string): InboundAnswer => ({ status, body: { ok: false, code, message } })

export async function receiveMoodleResult(
  ctx: AppContext,
  connectionId: string,
  headers: HeaderSource,
  raw: string,
): Promise<InboundAnswer> {
  const connection = await getConnectionById(ctx.db, ctx.box, connectionId)
  if (!connection || (connection.type !== 'moodle' && connection.type !== 'sandbox')) {
    return refuse(404, 'CONNECTION_NOT_FOUND', 'no Moodle connection with this id')
  }
  const secret = connection.credentials.webhookSecret
  if (!secret) return refuse(403, 'WEBHOOK_SECRET_NOT_SET', 'create a webhook secret for this connection first')
  const verified = verifyWebhook({ headers, body: raw, secret, toleranceSeconds: ctx.config.webhookToleranceSeconds })
  if (!verified.ok) return refuse(401, verified.code, verified.message)
  const webhookId = verified.id
  const parsed = parseMoodleWebhookBody(raw, webhookId)
  if (!parsed.ok) return refuse(400, parsed.code, parsed.message)
  const body = parsed.body
  if (body.type === 'webhook.test') {
    await rememberInboundWebhook(ctx.db, connection.id, webhookId)
    return { status: 200, body: { ok: true, outcome: 'test' } }
  }
  if (!body.user.idnumber) return refuse(422, 'RESULT_USER_WITHOUT_IDNUMBER', 'the Moodle user has no idnumber, so no person can be found')

  const mapping = fieldMappingSchema.parse(connection.mapping)
  const keyColumn = mapping.externalKey === 'externId' ? "p.data->>'externId'" : 'p.person_id'
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT r.id FROM registrations r
       JOIN persons p ON p.id = r.person_ref
       JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE c.connection_id = $1 AND ${keyColumn} = $2
       AND ((c.resolved_target->>'type' = 'course' AND c.resolved_target->>'id' = $3)
         OR (c.target->>'type' = 'moodle-course' AND c.target->>'by' = 'id' AND c.target->>'value' = $3))
     ORDER BY (r.desired = 'active') DESC, r.created_at DESC LIMIT 1`,
    [connection.id, body.user.idnumber, String(body.course.id)],
  )
  if (!rows[0]) {
    return refuse(404, 'RESULT_REGISTRATION_NOT_FOUND', `no registration for user ${body.user.idnumber} in course ${body.course.id}`)
  }
  const registration = (await getRegistration(ctx.db, rows[0].id))!
  const grade = body.grade
  const recorded = await recordResult(ctx, registration, {
    source: 'moodle-plugin',
    attended: true,
    passed: grade?.pass == null ? true : grade.final >= grade.pass,
    completedAt: new Date(body.timecompleted * 1000),
    grade: grade ? { final: grade.final, max: grade.max, percentage: grade.percentage, pass: grade.pass } : null,
    lmsRef: body.id,
  })
  await rememberInboundWebhook(ctx.db, connection.id, webhookId)
  return { status: 200, body: { ok: true, outcome: recorded.outcome, resultId: recorded.result?.id } }
}
