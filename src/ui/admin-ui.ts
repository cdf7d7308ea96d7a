// The Service Center: server-rendered pages under /ui in the API's process. The pages call the same
// service and store functions as the API, scoped to the administrator's tenant; no API key involved.
//
// Security: a session cookie (HttpOnly, SameSite=Lax, Secure over https) holding a random id whose
// hash is stored; a per-session CSRF token in every form (and the X-CSRF-Token header of the small
// scripts); Origin checked on every POST; failed log-ins limited per address; strict CSP.
import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ServiceError } from '../services/context.ts'
import { parseFormBody } from './auth/form-body.ts'
import { tokensMatch } from './auth/sessions.ts'
import { createLoginThrottle, type LoginThrottleOptions } from './auth/login-throttle.ts'
import { html } from './html.ts'
import { codeWords, recordedMessage } from './notification-text.ts'
import { uiBase } from './layout.ts'
import { formOf, i18nOf, sendPage, setRequestRegional, type UiDeps } from './ui-context.ts'
import { loadTenantSettings } from '../services/tenant-settings.ts'
import { languageRoutes } from './pages/language-switch.ts'
import { loginRoutes } from './pages/login-page.ts'
import { overviewRoutes } from './pages/overview-page.ts'
import { connectionRoutes } from './pages/connections-page.ts'
import { courseRoutes } from './pages/courses-page.ts'
import { templateRoutes } from './pages/templates-page.ts'
import { archiveRoutes } from './pages/archive-pages.ts'
import { registrationRoutes } from './pages/registrations-page.ts'
import { notificationRoutes } from './pages/notifications-page.ts'
import { resultRoutes } from './pages/results-page.ts'
import { personRoutes } from './pages/persons-page.ts'
import { accountReviewRoutes } from './pages/account-reviews-page.ts'
import { regionalRoutes } from './pages/regional-page.ts'
import { keyRoutes } from './pages/keys-page.ts'
import { adminRoutes } from './pages/admins-page.ts'
import { logRoutes } from './pages/logs-page.ts'
import { attentionRoutes } from './pages/attention-page.ts'
import { personListRoutes } from './pages/person-list-page.ts'
import { settingsRoutes } from './pages/settings-page.ts'
import { outboxRoutes } from './pages/outbox-page.ts'
import { personPageRoutes } from './pages/person-page.ts'
import { importRoutes } from './pages/import-page.ts'

export interface AdminUiOptions extends UiDeps {
  /** Always mark cookies Secure (behind a TLS proxy that does not send X-Forwarded-Proto). */
  secureCookies?: boolean
  /** Failed log-ins allowed per address and per account (tests lower them). */
  loginThrottle?: LoginThrottleOptions
}

const assets = {
  'app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/app.css', import.meta.url)) },
  'app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/app.js', import.meta.url)) },
}

const securityHeaders = {
  // Mail previews are shown in a sandboxed srcdoc iframe, which inherits this policy: their inline
  // style attributes need 'unsafe-inline' for styles (scripts stay 'self' only, and the sandbox runs none).
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
    + "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
}

/** True when the request came over https (directly or, as the proxy says, through it). */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https'
}

/** Registers the Service Center (and "/" → the Service Center) on the HTTP app. */
export function registerAdminUi(app: FastifyInstance, options: AdminUiOptions) {
  app.get('/', async (_request, reply) => reply.redirect(`${uiBase}/`))
  app.register(async (ui) => {
    const throttle = await createLoginThrottle(ui, options.loginThrottle)
    const secure = (request: FastifyRequest) => options.secureCookies === true || isHttps(request)

    ui.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => {
      done(null, parseFormBody(body as string))
    })

    // Every page of this plugin needs an administrator's session, checked by the app's access control
    // (src/http/access.ts) on the matched route; only the log-in page and the assets are on its public list.
    ui.addHook('onRoute', (route) => {
      route.config = { ...route.config, session: true }
    })

    // On every answer of this plugin, also the access control's redirect to the log-in page; a header a
    // route set itself (the assets' cache-control) stays.
    ui.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(securityHeaders)) if (!reply.hasHeader(name)) reply.header(name, value)
      return payload
    })

    // CSRF: a POST must come from our own pages (Origin, when the browser sends it) and carry the
    // session's token (form field _csrf or header X-CSRF-Token). The log-in form has its own check.
    ui.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return
      const { t } = i18nOf(request)
      if (!sameOrigin(request)) return refuse(reply, t('error.otherSite'))
      const session = request.adminSession
      if (!session) return // only the log-in form gets here without a session
      const header = request.headers['x-csrf-token']
      const given = typeof header === 'string' ? header : formOf(request)._csrf
      if (!tokensMatch(session.csrfToken, given)) return refuse(reply, t('error.formExpired'))
    })

    // Every time on a page is shown in the tenant's time zone; its default language comes after the browser's.
    ui.addHook('preHandler', async (request) => {
      if (request.adminSession) setRequestRegional(request, (await loadTenantSettings(options.ctx.db, request.adminSession.tenantId)).regional)
    })

    ui.setErrorHandler((err, request, reply) => {
      const i18n = i18nOf(request)
      const { t } = i18n
      if (err instanceof ServiceError) {
        // In Dutch and German the code's words say what went wrong; the service's own sentence (English) follows.
        const words = i18n.locale === 'en' ? null : codeWords(i18n, err.code)
        return sendPage(request, reply, {
          title: t('error.notPossible'), status: err.status,
          body: html`<h1>${t('error.notPossible')}</h1>${words ? html`<p><strong>${words.title}</strong></p><p>${words.cause}</p>` : ''}
            <p>${recordedMessage(i18n, err.message)} <code class="subtle">${err.code}</code></p>`,
        })
      }
      const status = (err as { statusCode?: number }).statusCode
      if (status && status >= 400 && status < 500) {
        return sendPage(request, reply, { title: t('error.badRequest'), status, body: html`<h1>${t('error.badRequest')}</h1><p>${recordedMessage(i18n, (err as Error).message)}</p>` })
      }
      request.log.error({ err }, 'admin UI request failed')
      return sendPage(request, reply, {
        title: t('error.somethingWrong'), status: 500,
        body: html`<h1>${t('error.somethingWrong')}</h1><p>${t('error.notCarriedOut')}</p>`,
      })
    })
    ui.setNotFoundHandler((request, reply) => {
      const { t } = i18nOf(request)
      return sendPage(request, reply, {
        title: t('error.notFound'), status: 404,
        body: html`<h1>${t('error.notFound')}</h1><p>${t('error.noSuchPage')} <a href="${uiBase}/">${t('error.backToOverview')}</a></p>`,
      })
    })

    ui.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
      const asset = assets[request.params.name as keyof typeof assets]
      if (!asset || !Object.hasOwn(assets, request.params.name)) return reply.code(404).send()
      return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body)
    })

    loginRoutes(ui, options, { throttle, secure })
    languageRoutes(ui, options, { secure })
    overviewRoutes(ui, options)
    connectionRoutes(ui, options)
    courseRoutes(ui, options)
    templateRoutes(ui, options)
    archiveRoutes(ui, options)
    registrationRoutes(ui, options)
    notificationRoutes(ui, options)
    resultRoutes(ui, options)
    keyRoutes(ui, options)
    adminRoutes(ui, options)
    settingsRoutes(ui, options)
    personRoutes(ui, options)
    accountReviewRoutes(ui, options)
    personListRoutes(ui, options)
    logRoutes(ui, options)
    outboxRoutes(ui, options)
    personPageRoutes(ui, options)
    importRoutes(ui, options)
    attentionRoutes(ui, options)
    regionalRoutes(ui, options)
  }, { prefix: uiBase })
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true // older browsers and same-origin GET-to-POST navigations may omit it
  if (origin === 'null') return false
  try {
    // Parsed alike, so a default port written out ("host:443") compares equal to one left out.
    const o = new URL(origin)
    return o.host === new URL(`${o.protocol}//${request.headers.host ?? ''}`).host
  } catch {
    return false
  }
}

function refuse(reply: FastifyReply, message: string) {
  return reply.code(403).type('text/plain; charset=utf-8').send(message)
}
