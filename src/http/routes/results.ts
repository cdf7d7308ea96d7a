// Results: the Moodle plugin's inbound webhook, the results list for pull-based training systems, the
// connection's webhook secret, and the sandbox's "complete this course" action.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { managedCourses, receiveMoodleResult } from '../../services/inbound-results.ts'
import { createPluginWebhookSecret, pollResultsNow } from '../../services/results-plugin.ts'
import { resultView } from '../../services/results.ts'
import { listResults } from '../../store/results.ts'
import { getConnection, updateConnection } from '../../store/connections.ts'
import { getTenantRegistration } from '../../store/registrations.ts'
import { getCourseDefinition } from '../../store/course-definitions.ts'
import { generateWebhookSecret } from '../../webhooks/standard-webhooks.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import type { ApiErrorCode } from '../api-error-codes.ts'
import * as answers from '../api-schemas.ts'
import { connectionParams } from './connections.ts'
import { webhookFailureCodes } from '../../webhooks/standard-webhooks.ts'
import { moodleWebhookBodySchema } from '../../webhooks/moodle-result-payload.ts'

const registrationParams = z.object({ id: z.string() })
const sandboxCompleteBody = z.strictObject({ grade: z.number().min(0).max(100).optional(), status: z.enum(['passed', 'failed']).default('passed') })
const signatureHeaders = z.object({
  'webhook-id': z.string().describe('Unique per event, the same on every retry.'),
  'webhook-timestamp': z.string().describe('Unix seconds of this attempt.'),
  'webhook-signature': z.string().describe('v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>"> under the connection\'s webhook secret; space-separated during a key rotation.'),
})
const webhookRefusal = (codes: readonly ApiErrorCode[]) => ({
  schema: z.object({ ok: z.literal(false), code: z.enum(codes as [ApiErrorCode]), message: z.string() }), codes,
})
import { registrationsScope } from '../access.ts'

const resultsQuery = z.strictObject({
  /** Results recorded or changed at or after this time (ISO 8601). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function resultRoutes(app: FastifyInstance, ctx: AppContext) {
  // Signed by the plugin, not by an API key; the raw body is needed for the signature.
  app.register(async (scope) => {
    // Replaces the API's JSON parser (request-text.ts) in this scope only.
    scope.removeContentTypeParser('application/json')
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body))
    scope.post<{ Params: { connectionId: string }; Body: string }>('/webhooks/moodle/:connectionId', {
      schema: operation({
        operationId: 'receiveMoodleResult', tag: 'Results',
        summary: 'Results pushed by the Moodle plugin, signed the Standard Webhooks way (no API key)',
        description: 'Verified with the connection\'s webhook secret (POST /connections/{id}/webhook-secret) within WEBHOOK_TOLERANCE_SECONDS.',
        params: z.object({ connectionId: z.string() }), headers: signatureHeaders, body: moodleWebhookBodySchema,
        ok: { 200: answers.webhookAnswerView },
        otherAnswers: {
          400: webhookRefusal(['WEBHOOK_BODY_INVALID', 'WEBHOOK_ID_MISMATCH']), 401: webhookRefusal(webhookFailureCodes),
          403: webhookRefusal(['WEBHOOK_SECRET_NOT_SET']), 404: webhookRefusal(['CONNECTION_NOT_FOUND']),
        },
      }),
    }, async (request, reply) => {
      const connectionId = request.params.connectionId
      const answer = await receiveMoodleResult(ctx, connectionId, request.headers, String(request.body ?? ''))
      const outcome = answer.status >= 400 ? 'refused'
        : answer.body.outcome === 'duplicate' || answer.body.outcome === 'ignored' ? 'ignored'
        : answer.body.outcome === 'test' ? 'test' : 'recorded'
      ctx.metrics.inboundWebhook(outcome, answer.body.code)
      if (answer.status >= 400) {
        // The sender's problem, so warn (not error); no header, signature or body in the line.
        request.log.warn({ connectionId: connectionId.slice(0, 64), code: answer.body.code, status: answer.status },
          `webhook refused (${answer.status}): ${answer.body.code}`)
      }
      return reply.code(answer.status).send(answer.body)
    })
    // The plugin's filter: which courses to send at all (signed like the webhooks, over an empty body).
    scope.get<{ Params: { connectionId: string } }>('/webhooks/moodle/:connectionId/managed', {
      schema: operation({
        operationId: 'listManagedCourses', tag: 'Results',
        summary: 'For the Moodle plugin: the course ids whose completions coursebridge can match (signed over an empty body, no API key)',
        params: z.object({ connectionId: z.string() }), headers: signatureHeaders,
        ok: { 200: z.object({ ok: z.literal(true), courses: z.array(z.number().int()), requireIdnumber: z.literal(true), maxAgeSeconds: z.number().int() }) },
        otherAnswers: {
          401: webhookRefusal(webhookFailureCodes), 403: webhookRefusal(['WEBHOOK_SECRET_NOT_SET']), 404: webhookRefusal(['CONNECTION_NOT_FOUND']),
        },
      }),
    }, async (request, reply) => {
      const answer = await managedCourses(ctx, request.params.connectionId, request.headers)
      if (answer.status >= 400) {
        const code = (answer.body as { code?: string }).code
        request.log.warn({ connectionId: request.params.connectionId.slice(0, 64), code, status: answer.status }, `managed-courses request refused (${answer.status}): ${code}`)
      }
      return reply.code(answer.status).send(answer.body)
    })
  })

  app.get('/api/v1/results', {
    ...registrationsScope,
    schema: operation({
      operationId: 'listResults', tag: 'Results', summary: 'Results recorded or changed in a period, for pull-based training systems',
      querystring: resultsQuery, ok: { 200: answers.lists.results },
    }),
  }, async (request) => {
    const q = parseInput(resultsQuery, request.query, 'query')
    return { items: (await listResults(ctx.db, request.tenantId, q)).map(resultView) }
  })

  // A new shared secret for the Moodle plugin's settings; shown once, stored encrypted.
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/webhook-secret', {
    config: { showsSecret: true },
    schema: operation({
      operationId: 'createWebhookSecret', tag: 'Results', summary: 'A new shared secret for the Moodle plugin (shown once)',
      params: connectionParams, ok: { 201: z.object({ secret: z.string(), path: z.string() }) }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request, reply) => {
    return reply.code(201).send(await createPluginWebhookSecret(ctx, request.tenantId, request.params.id))
  })

  // Poll now (the scheduled poll runs every RESULTS_POLL_INTERVAL_SECONDS).
  app.post<{ Params: { id: string } }>('/api/v1/connections/:id/poll-results', {
    schema: operation({
      operationId: 'pollResults', tag: 'Results', summary: 'Poll results now (the scheduled poll runs by itself)',
      description: 'Asks the LMS about up to RESULTS_POLL_BUDGET active registrations without a result, those asked longest ago '
        + 'first; also those of courses the Moodle plugin delivers results for (the schedule skips them). A polled Moodle '
        + 'completion carries no time and no retake: its completedAt is when coursebridge first saw it (completedAtObserved).',
      params: connectionParams, ok: { 202: answers.queuedView }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request, reply) => {
    await pollResultsNow(ctx, request.tenantId, request.params.id)
    return reply.code(202).send({ queued: true })
  })

  // Sandbox only: the participant "finishes the course" in the simulated LMS.
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/sandbox-complete', {
    ...registrationsScope,
    schema: operation({
      operationId: 'completeSandboxCourse', tag: 'Results', summary: 'Sandbox only: the participant finishes the course',
      params: registrationParams, body: sandboxCompleteBody, ok: { 202: z.object({ completed: z.literal(true) }) },
      errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['NOT_A_SANDBOX', 'REGISTRATION_HAS_NO_ACCOUNT'] },
    }),
  }, async (request, reply) => {
    const body = parseInput(sandboxCompleteBody, request.body ?? {})
    const registration = await getTenantRegistration(ctx.db, request.tenantId, request.params.id)
    if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
    const course = (await getCourseDefinition(ctx.db, request.tenantId, registration.courseDefinitionId))!
    let connection = (await getConnection(ctx.db, ctx.box, request.tenantId, course.connectionId))!
    if (connection.type !== 'sandbox') throw new ServiceError(409, 'NOT_A_SANDBOX', 'only a sandbox connection can complete a course here')
    if (!registration.lmsUserId || !course.resolvedTarget) throw new ServiceError(409, 'REGISTRATION_HAS_NO_ACCOUNT', 'the registration has no access yet')
    const sandbox = await ctx.adapters.sandbox(connection)
    if (sandbox.moodle) {
      if (!connection.credentials.webhookSecret) {
        connection = (await updateConnection(ctx.db, ctx.box, request.tenantId, connection.id, { credentials: { webhookSecret: generateWebhookSecret() } }))!
      }
      const connectionId = connection.id
      // The simulated plugin posts to this very process, as the real plugin would over the network.
      sandbox.moodle.setResultsPlugin({
        secret: connection.credentials.webhookSecret!,
        send: async ({ headers, body: payload }) =>
          (await app.inject({ method: 'POST', url: `/webhooks/moodle/${connectionId}`, headers, payload })).statusCode,
      })
      await sandbox.moodle.completeCourse(Number(registration.lmsUserId), Number(course.resolvedTarget.id), { grade: body.grade })
    } else {
      sandbox.ilias!.setLearningProgress(Number(registration.lmsUserId), Number(course.resolvedTarget.id), body.status)
      await ctx.queue.enqueuePollResults(connection.id, { force: true })
    }
    return reply.code(202).send({ completed: true })
  })
}
