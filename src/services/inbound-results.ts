// Results pushed by the Moodle plugin (local_coursebridge): verified (signature, replay window), matched
// to the registration by the user's idnumber and the course, recorded once. A completion coursebridge does
// not manage (a user without idnumber, no registration for that user in that course) is answered 2xx with
// the outcome `ignored`: it is nobody's error, and the plugin must not retry it for days. The plugin asks
// which courses are managed (managedCourses, a signed GET) and sends only those in the first place.
import type { AppContext } from './context.ts'
import { getConnectionById } from '../store/connections.ts'
import { rememberInboundWebhook } from '../store/results.ts'
import { recordPluginContact } from '../store/plugin-contact.ts'
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
const ignore = (code: string, message: string): InboundAnswer => ({ status: 200, body: { ok: true, outcome: 'ignored', code, message } })

/** The connection of a signed plugin request, or the refusal to answer. */
async function verifiedConnection(ctx: AppContext, connectionId: string, headers: HeaderSource, raw: string) {
  const connection = await getConnectionById(ctx.db, ctx.box, connectionId)
  if (!connection || (connection.type !== 'moodle' && connection.type !== 'sandbox')) {
    return { refused: refuse(404, 'CONNECTION_NOT_FOUND', 'no Moodle connection with this id') }
  }
  const secret = connection.credentials.webhookSecret
  if (!secret) return { refused: refuse(403, 'WEBHOOK_SECRET_NOT_SET', 'create a webhook secret for this connection first') }
  const verified = verifyWebhook({ headers, body: raw, secret, toleranceSeconds: ctx.config.webhookToleranceSeconds })
  if (!verified.ok) return { refused: refuse(401, verified.code, verified.message) }
  return { connection, webhookId: verified.id }
}

/** How long the plugin may keep the list of managed courses before asking again. */
export const managedCoursesMaxAgeSeconds = 3600

export interface ManagedCoursesAnswer {
  status: number
  body: { ok: true; courses: number[]; requireIdnumber: true; maxAgeSeconds: number } | InboundAnswer['body']
}

/**
 * The Moodle course ids whose completions coursebridge can match to a registration (course definitions
 * of this connection that name a course by id, or were resolved to one), for the plugin's filter; signed
 * by the plugin like its webhooks, over an empty body.
 */
export async function managedCourses(ctx: AppContext, connectionId: string, headers: HeaderSource): Promise<ManagedCoursesAnswer> {
  const v = await verifiedConnection(ctx, connectionId, headers, '')
  if ('refused' in v) return v.refused!
  await recordPluginContact(ctx.db, v.connection.id, 'managed-courses')
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT DISTINCT id FROM (
       SELECT resolved_target->>'id' AS id FROM course_definitions WHERE connection_id = $1 AND resolved_target->>'type' = 'course'
       UNION SELECT target->>'value' FROM course_definitions
        WHERE connection_id = $1 AND target->>'type' = 'moodle-course' AND target->>'by' = 'id') ids
     WHERE id ~ '^[0-9]+$'`,
    [v.connection.id],
  )
  const courses = rows.map((r) => Number(r.id)).sort((a, b) => a - b)
  return { status: 200, body: { ok: true, courses, requireIdnumber: true, maxAgeSeconds: managedCoursesMaxAgeSeconds } }
}

export async function receiveMoodleResult(
  ctx: AppContext,
  connectionId: string,
  headers: HeaderSource,
  raw: string,
): Promise<InboundAnswer> {
  const v = await verifiedConnection(ctx, connectionId, headers, raw)
  if ('refused' in v) return v.refused!
  const { connection, webhookId } = v
  const parsed = parseMoodleWebhookBody(raw, webhookId)
  if (!parsed.ok) return refuse(400, parsed.code, parsed.message)
  const body = parsed.body
  // Signed with the connection's secret and readable: the plugin is installed and points here (connection check).
  await recordPluginContact(ctx.db, connection.id, body.type === 'webhook.test' ? 'test-event' : 'result')
  if (body.type === 'webhook.test') {
    await rememberInboundWebhook(ctx.db, connection.id, webhookId)
    return { status: 200, body: { ok: true, outcome: 'test' } }
  }
  if (!body.user.idnumber) return ignore('RESULT_USER_WITHOUT_IDNUMBER', 'the Moodle user has no idnumber: not a person coursebridge manages')

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
    return ignore('RESULT_REGISTRATION_NOT_FOUND', `no registration for this user in course ${body.course.id}: not a completion coursebridge manages`)
  }
  const registration = (await getRegistration(ctx.db, rows[0].id))!
  const grade = body.grade
  const recorded = await recordResult(ctx, registration, {
    source: 'moodle-plugin',
    attended: true,
    passed: grade?.pass == null ? true : grade.final >= grade.pass,
    completedAt: new Date(body.timecompleted * 1000),
    // As sent: type, final, min, max, percentage and pass all reach the training system.
    grade: grade ? { type: grade.type, final: grade.final, min: grade.min, max: grade.max, percentage: grade.percentage, pass: grade.pass } : null,
    lmsRef: body.id,
  })
  await rememberInboundWebhook(ctx.db, connection.id, webhookId)
  return { status: 200, body: { ok: true, outcome: recorded.outcome, resultId: recorded.result?.id } }
}
