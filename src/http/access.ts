// Who may call a route, decided by the route the router matched — never by the URL text, which the
// router decodes and a client can spell many ways (`/%61pi/v1/settings` is `/api/v1/settings`).
//
// Deny by default: a route is public only when it is on `publicRoutes` below; a Service Center page
// (`config.session`, set for every route of the UI plugin) needs an administrator's session; every other
// route needs an API key whose scope covers the route's `config.scope` (no scope declared: `admin`).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Queryable } from '../store/database.ts'
import { apiScopes, findApiKey, scopeAllows, type ApiScope } from '../security/api-keys.ts'
import { findSession, type AdminSession } from '../ui/auth/sessions.ts'
import { sendError } from './api-error.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API key scope the route needs; without it `admin`. */
    scope?: ApiScope
    /** A Service Center page: needs an administrator's session instead of an API key. */
    session?: boolean
    /** The answer holds a secret shown once (a new API key): never stored for an Idempotency-Key replay. */
    showsSecret?: boolean
  }
  interface FastifyRequest {
    tenantId: string
    /** The API key of the request, when it came with one. */
    apiKey: { id: string; scope: ApiScope } | null
    adminSession: AdminSession | null
  }
}

/**
 * Every route anyone may call without credentials, as `METHOD path` (the registered path pattern).
 * HEAD follows GET. Nothing else is public: a new route needs a key or a session until it is added here.
 */
export const publicRoutes: ReadonlySet<string> = new Set([
  'GET /', // only a redirect to the Service Center
  'GET /healthz',
  'GET /livez',
  'GET /readyz',
  'GET /livez', // process up: no data
  'GET /readyz', // database writable, queue running: states only
  'GET /api/v1/openapi.json',
  'POST /webhooks/moodle/:connectionId', // signed by the Moodle plugin (Standard Webhooks), checked by its handler
  'GET /webhooks/moodle/:connectionId/managed', // the plugin's list of managed courses, signed the same way
  'GET /ui/login',
  'POST /ui/login', // its own double-submit CSRF token and the log-in throttle
  'GET /ui/assets/:name',
  'GET /ui/language', // the language switch: sets only the language cookie, then back to a page of ours
  // The API reference page (Swagger UI) and the files it loads: the same document as /api/v1/openapi.json.
  'GET /api/docs', 'GET /api/docs/json', 'GET /api/docs/yaml', 'GET /api/docs/static/*',
  'GET /api/docs/static/index.html', 'GET /api/docs/static/swagger-initializer.js',
])

export const sessionCookie = 'cb_session'
export const loginPath = '/ui/login'

export type RouteAccess = { kind: 'public' } | { kind: 'session' } | { kind: 'key'; scope: ApiScope }

export function routeAccess(method: string, url: string, config: { scope?: ApiScope; session?: boolean } | undefined): RouteAccess {
  if (publicRoutes.has(`${method === 'HEAD' ? 'GET' : method} ${url}`)) return { kind: 'public' }
  if (config?.session) return { kind: 'session' }
  return { kind: 'key', scope: config?.scope ?? 'admin' }
}

export interface RegisteredRoute {
  method: string
  url: string
  access: () => RouteAccess
}

const tables = new WeakMap<FastifyInstance, RegisteredRoute[]>()

/** Every route registered on the app (from Fastify's onRoute hook), with the access it gets. */
export function routeTable(app: FastifyInstance): readonly RegisteredRoute[] {
  return tables.get(app) ?? []
}

/** Registers the access check; call before any route is added so the route table sees them all. */
export function registerAccessControl(app: FastifyInstance, db: Queryable) {
  const table: RegisteredRoute[] = []
  tables.set(app, table)
  app.decorateRequest('tenantId', '')
  app.decorateRequest('apiKey', null)
  app.decorateRequest('adminSession', null)

  app.addHook('onRoute', (opts: RouteOptions) => {
    // Fastify reuses this object for a plugin's "/" route with and without the slash: copy what is ours now.
    const url = opts.url
    for (const method of ([] as string[]).concat(opts.method)) {
      table.push({ method, url, access: () => routeAccess(method, url, opts.config) })
    }
    if (opts.config?.scope !== undefined && !apiScopes.includes(opts.config.scope)) {
      throw new Error(`route ${url}: unknown scope ${JSON.stringify(opts.config.scope)}`)
    }
  })

  app.addHook('onRequest', async (request, reply) => {
    // No route matched: the not-found handler answers 404 and touches nothing.
    if (request.is404) return
    // The request's own method: a route may serve several (@fastify/static's files: GET and HEAD).
    const access = routeAccess(request.method, request.routeOptions.url!, request.routeOptions.config)
    if (access.kind === 'public') return
    if (access.kind === 'session') return requireSession(request, reply, db)
    return requireApiKey(request, reply, db, access.scope)
  })
}

async function requireApiKey(request: FastifyRequest, reply: FastifyReply, db: Queryable, scope: ApiScope) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
  if (!match) return sendError(reply, 401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"')
  const key = await findApiKey(db, match[1]!)
  if (!key) return sendError(reply, 401, 'UNAUTHENTICATED', 'the API key is unknown or revoked')
  if (!scopeAllows(key.scope, scope)) {
    request.log.warn({ apiKeyId: key.id, keyScope: key.scope, routeScope: scope, code: 'API_KEY_SCOPE' }, 'API key refused: scope too narrow')
    return sendError(reply, 403, 'API_KEY_SCOPE', `this API key has the scope "${key.scope}"; this call needs "${scope}"`)
  }
  request.tenantId = key.tenantId
  request.apiKey = { id: key.id, scope: key.scope }
}

async function requireSession(request: FastifyRequest, reply: FastifyReply, db: Queryable) {
  // Parsed here: this hook may run before @fastify/cookie's own (it is added before the plugin loads).
  const cookies = request.cookies ?? request.server.parseCookie(request.headers.cookie ?? '')
  request.adminSession = await findSession(db, cookies[sessionCookie])
  if (request.adminSession) {
    request.tenantId = request.adminSession.tenantId
    return
  }
  if (request.method === 'GET' || request.method === 'HEAD') {
    return reply.redirect(`${loginPath}?next=${encodeURIComponent(request.url)}`)
  }
  return reply.code(401).type('text/plain; charset=utf-8').send('Your session has ended. Log in again.')
}

/** Route options of a route a `registrations` key may call (what a training system needs). */
export const registrationsScope = { config: { scope: 'registrations' as ApiScope } }
/** Route options of the Prometheus scrape (a `metrics` or `admin` key). */
export const metricsScope = { config: { scope: 'metrics' as ApiScope } }
