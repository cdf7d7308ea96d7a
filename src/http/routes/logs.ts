// The logs across registrations (LMS calls, mails, result deliveries), the registrations that need
// attention and "retry" for many of them. Each list pages (offset, limit), filters and sorts as the
// Service Center's pages do (src/lists/).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import { allIds, allRows, listQuerySchema, runList, type ListQuery, type ListSpec } from '../../lists/list-query.ts'
import { csvFileName, csvStream } from '../../lists/csv.ts'
import { deliveriesList, lmsCallsList, mailKind, mailsList, maskAddress } from '../../lists/log-specs.ts'
import { attentionList, fullName, notificationsList, personsList, registrationsList, resultsList } from '../../lists/list-specs.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { retryLimit, retryRegistrations } from '../../services/retry-registrations.ts'

const time = z.iso.datetime({ offset: true })
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
const page = <S extends z.ZodType>(name: string, item: S) => z.object({
  items: z.array(item), total: z.number().int().describe('Rows the filter matches.'), offset: z.number().int(), limit: z.number().int(),
}).meta({ id: name })

const served = z.object({
  id: z.string(), personId: z.string(), name: z.string(), courseCode: z.string(),
  connection: z.object({ id: z.string(), name: z.string() }),
}).meta({ id: 'ServedRegistration', description: 'The registration a log entry belongs to.' })
const servedView = (r: { registration_id: string; person_id: string; person: Parameters<typeof fullName>[0]; course_code: string; connection_id: string; connection_name: string }) => ({
  id: r.registration_id, personId: r.person_id, name: fullName(r.person), courseCode: r.course_code,
  connection: { id: r.connection_id, name: r.connection_name },
})

const lmsCallView = z.object({
  id: z.string(), at: time, function: z.string().nullable(), outcome: z.string(), errorCode: z.string().nullable(),
  durationMs: z.number().int().nullable(), items: z.number().int().nullable().describe('Records the call carried (a batch serves several registrations).'),
  registration: served,
}).meta({ id: 'LmsCall' })
const mailLogView = z.object({
  id: z.string(), createdAt: time, sentAt: time.nullable(), purpose: z.string(), kind: z.string().describe('The purpose in words.'),
  to: z.string().describe('The address, masked.'), status: z.string(), attempts: z.number().int(),
  lastErrorCode: z.string().nullable(), lastError: z.string().nullable(), registration: served,
}).meta({ id: 'MailLogEntry' })
const deliveryView = z.object({
  id: z.string(), resultId: z.string(), status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number().int(),
  lastHttpStatus: z.number().int().nullable(), lastError: z.string().nullable(), createdAt: time, lastAttemptAt: time.nullable(),
  deliveredAt: time.nullable(), registration: served,
}).meta({ id: 'ResultDelivery' })
const attentionView = z.object({
  id: z.string(), status: z.string(), code: z.string().nullable(), title: z.string().nullable().describe('The code in plain words.'),
  message: z.string().nullable().describe('The latest open notification of the registration.'), attempts: z.number().int(),
  updatedAt: time, personId: z.string(), name: z.string(), courseCode: z.string(), connection: z.object({ id: z.string(), name: z.string() }),
}).meta({ id: 'RegistrationNeedingAttention' })

const retryBody = z.strictObject({
  ids: z.array(z.string().max(64)).max(retryLimit).optional().describe('These registrations.'),
  filter: listQuerySchema(attentionList as ListSpec<unknown>).omit({ offset: true, limit: true, sort: true, dir: true }).optional()
    .describe('Every registration needing attention that this filter matches (as GET /registrations/needing-attention).'),
}).refine((b) => (b.ids === undefined) !== (b.filter === undefined), 'give either ids or filter')
const retryAnswer = z.object({
  retried: z.array(z.string()), skipped: z.array(z.string()).describe('Unknown, or not in a state a retry helps (active, pending, cancelled).'),
}).meta({ id: 'RetryAnswer' })

export function logRoutes(app: FastifyInstance, ctx: AppContext) {
  function listRoute<Row, V>(path: string, o: { operationId: string; summary: string; tag: string; spec: ListSpec<Row>; item: z.ZodType; view: (r: Row) => V }) {
    const querystring = listQuerySchema(o.spec as ListSpec<unknown>)
    app.get(path, {
      schema: operation({ operationId: o.operationId, tag: o.tag, summary: o.summary, querystring, ok: { 200: page(`${o.item.meta()?.id}Page`, o.item) } }),
    }, async (request) => {
      const q = parseInput(querystring, request.query, 'query') as ListQuery
      const { rows, total } = await runList(ctx.db, o.spec, request.tenantId, q)
      return { items: rows.map(o.view), total, offset: q.offset, limit: q.limit }
    })
  }

  /** The CSV export of a list: every row its filter matches, streamed (the Service Center's "Export as CSV"). */
  function csvRoute(path: string, o: { operationId: string; summary: string; tag: string; spec: ListSpec<unknown> }) {
    const querystring = listQuerySchema(o.spec).omit({ offset: true, limit: true })
    app.get(path, {
      schema: operation({
        operationId: o.operationId, tag: o.tag, summary: o.summary, querystring, okType: 'text/csv',
        ok: { 200: z.string().describe('CSV (RFC 4180, UTF-8 with a byte-order mark); a cell starting with = + - @ is prefixed with \'.') },
      }),
    }, async (request, reply) => {
      const q = { ...parseInput(querystring, request.query, 'query'), offset: 0, limit: 1000 } as ListQuery
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csvFileName(o.spec.name)}"`)
        .send(csvStream(o.spec.columns, allRows(ctx.db, o.spec, request.tenantId, q)))
    })
  }
  for (const [path, operationId, tag, what, spec] of [
    ['/api/v1/logs/lms-calls.csv', 'exportLmsCalls', 'Logs', 'the LMS call log', lmsCallsList],
    ['/api/v1/logs/mails.csv', 'exportMailLog', 'Logs', 'the mail log', mailsList],
    ['/api/v1/logs/result-deliveries.csv', 'exportResultDeliveries', 'Logs', 'the result deliveries', deliveriesList],
    ['/api/v1/registrations/needing-attention.csv', 'exportRegistrationsNeedingAttention', 'Registrations', 'the registrations needing attention', attentionList],
    ['/api/v1/registrations.csv', 'exportRegistrations', 'Registrations', 'registrations', registrationsList],
    ['/api/v1/persons.csv', 'exportPersons', 'Persons', 'persons', personsList],
    ['/api/v1/results.csv', 'exportResults', 'Results', 'results', resultsList],
    ['/api/v1/notifications.csv', 'exportNotifications', 'Notifications', 'notifications', notificationsList],
  ] as const) csvRoute(path, { operationId, tag, summary: `Export ${what} as CSV (filtered, every page)`, spec: spec as ListSpec<unknown> })

  listRoute('/api/v1/logs/lms-calls', {
    operationId: 'listLmsCalls', tag: 'Logs', summary: 'LMS calls across registrations (connection, function, outcome, duration)',
    spec: lmsCallsList, item: lmsCallView,
    view: (r) => ({
      id: r.id, at: iso(r.at), function: r.function, outcome: r.outcome, errorCode: r.error_code, durationMs: r.duration_ms,
      items: r.items, registration: servedView(r),
    }),
  })
  listRoute('/api/v1/logs/mails', {
    operationId: 'listMailLog', tag: 'Logs', summary: 'Every mail: kind, masked recipient, status, time',
    spec: mailsList, item: mailLogView,
    view: (r) => ({
      id: r.id, createdAt: iso(r.created_at), sentAt: iso(r.sent_at), purpose: r.purpose, kind: mailKind(r.purpose),
      to: maskAddress(r.to_address), status: r.status, attempts: r.attempts, lastErrorCode: r.last_error_code, lastError: r.last_error,
      registration: servedView(r),
    }),
  })
  listRoute('/api/v1/logs/result-deliveries', {
    operationId: 'listResultDeliveries', tag: 'Logs', summary: 'Deliveries of results to the training system: status, attempts, last error',
    spec: deliveriesList, item: deliveryView,
    view: (r) => ({
      id: r.id, resultId: r.result_id, status: r.status, attempts: r.attempts, lastHttpStatus: r.last_http_status,
      lastError: r.last_error, createdAt: iso(r.created_at), lastAttemptAt: iso(r.last_attempt_at), deliveredAt: iso(r.delivered_at),
      registration: servedView(r),
    }),
  })
  listRoute('/api/v1/registrations/needing-attention', {
    operationId: 'listRegistrationsNeedingAttention', tag: 'Registrations',
    summary: 'Registrations that failed, need an administrator or wait for data, with the code and its meaning',
    spec: attentionList, item: attentionView,
    view: (r) => ({
      id: r.id, status: r.status, code: r.status_code, title: r.status_code ? describeCode(r.status_code).title : null,
      message: r.message ?? null, attempts: r.attempts, updatedAt: iso(r.updated_at), personId: r.person_id, name: fullName(r.person),
      courseCode: r.course_code, connection: { id: r.connection_id, name: r.connection_name },
    }),
  })

  app.post('/api/v1/registrations/retry', {
    schema: operation({
      operationId: 'retryRegistrations', tag: 'Registrations',
      summary: `Retry many registrations needing attention (the ids given, or all a filter matches; at most ${retryLimit})`,
      body: retryBody, ok: { 202: retryAnswer },
    }),
  }, async (request, reply) => {
    const body = parseInput(retryBody, request.body)
    const ids = body.ids ?? await allIds(ctx.db, attentionList as ListSpec<unknown>, request.tenantId,
      { ...body.filter, offset: 0, limit: retryLimit } as ListQuery, retryLimit)
    return reply.code(202).send(await retryRegistrations(ctx, request.tenantId, ids))
  })
}
