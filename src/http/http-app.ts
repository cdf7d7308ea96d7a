import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { AppContext } from '../services/context.ts'
import { errorHandler, sendError } from './api-error.ts'
import fastifyCookie from '@fastify/cookie'
import { registerAccessControl } from './access.ts'
import { registerIdempotency } from './idempotency.ts'
import { registerRequestTextChecks } from './request-text.ts'
import { z } from 'zod'
import { operation, registerApiDocs } from './api-docs.ts'
import { personRoutes } from './routes/persons.ts'
import { connectionRoutes } from './routes/connections.ts'
import { connectionCheckRoutes } from './routes/connection-check.ts'
import { accountReviewRoutes } from './routes/account-reviews.ts'
import { courseDefinitionRoutes } from './routes/course-definitions.ts'
import { registrationRoutes } from './routes/registrations.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { mailRoutes } from './routes/mail.ts'
import { resultRoutes } from './routes/results.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { adminUserRoutes } from './routes/admin-users.ts'
import { apiKeyRoutes } from './routes/api-keys.ts'
import { logRoutes } from './routes/logs.ts'
import type { TemplateRenderPool } from '../mail/render-pool.ts'
import { registerAdminUi } from '../ui/admin-ui.ts'
import type { LoginThrottleOptions } from '../ui/auth/login-throttle.ts'
import { healthRoutes, probePaths } from './health.ts'

const isProbe = (request: FastifyRequest) => probePaths.has((request.url ?? '').split('?')[0]!)

/** Fastify's request lines, with the scrapes of the probe endpoints at debug instead of info. */
class ProbeQuietLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply) {
    if (isProbe(request)) request.log.debug({ req: request }, 'incoming request')
    else super.incomingRequest(request, reply)
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (isProbe(request) && !error) reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed')
    else super.requestCompleted(error, request, reply)
  }
}

/** Time limits of one HTTP request and connection (none of them 0, "no limit"). */
export const httpTimeouts = { requestMs: 60_000, headersMs: 15_000, connectionMs: 120_000, keepAliveMs: 5_000 } as const

export function createHttpApp(ctx: AppContext, deps: { renderer: TemplateRenderPool; loginThrottle?: LoginThrottleOptions }): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // No request may hold a connection open for ever (slow headers or a body trickled byte by byte):
    // the whole request within 60 s, its headers within 15 s (below), an idle socket closed after 120 s.
    requestTimeout: httpTimeouts.requestMs,
    connectionTimeout: httpTimeouts.connectionMs,
    keepAliveTimeout: httpTimeouts.keepAliveMs,
    // request.ip (log-in throttle, logs) from X-Forwarded-For only when the hop it came from is a proxy
    // the operator named in TRUSTED_PROXIES; otherwise the socket's address, whatever the header says.
    trustProxy: ctx.config.trustedProxies.length > 0 ? ctx.config.trustedProxies : false,
    logController: new ProbeQuietLogController(),
    // The router's own refusals (bad percent-encoding, a path segment over 100 characters) in our shape.
    frameworkErrors: (err, _request, reply) => err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? sendError(reply, 414, 'URI_TOO_LONG', 'a path segment is longer than 100 characters')
      : sendError(reply, 400, 'INVALID_REQUEST', 'the URL is not valid (bad percent-encoding)'),
  })
  app.server.headersTimeout = httpTimeouts.headersMs
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`))
  registerRequestTextChecks(app)
  // Before any route: the access check reads each matched route's declaration (src/http/access.ts).
  registerAccessControl(app, ctx.db)
  app.register(fastifyCookie)
  registerIdempotency(app, ctx.db)
  registerApiDocs(app)
  // Routes are added once the document's plugin is loaded, so that it sees every one of them.
  app.register(async (api) => routes(api, ctx, deps))
  return app
}

function routes(app: FastifyInstance, ctx: AppContext, deps: { renderer: TemplateRenderPool; loginThrottle?: LoginThrottleOptions }) {
  healthRoutes(app, ctx)
  app.get('/api/v1/openapi.json', {
    schema: operation({ operationId: 'getOpenApiDocument', tag: 'Operations', summary: 'This OpenAPI 3.1 document', ok: { 200: z.record(z.string(), z.unknown()) } }),
  }, async () => app.swagger())
  personRoutes(app, ctx)
  connectionRoutes(app, ctx)
  connectionCheckRoutes(app, ctx)
  accountReviewRoutes(app, ctx)
  courseDefinitionRoutes(app, ctx)
  registrationRoutes(app, ctx)
  notificationRoutes(app, ctx)
  mailRoutes(app, ctx, deps.renderer)
  resultRoutes(app, ctx)
  metricsRoutes(app, ctx)
  adminUserRoutes(app, ctx)
  apiKeyRoutes(app, ctx)
  logRoutes(app, ctx)
  registerAdminUi(app, { ctx, renderer: deps.renderer, loginThrottle: deps.loginThrottle })
}
