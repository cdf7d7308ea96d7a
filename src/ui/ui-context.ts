// What every page module of the Service Center gets: the app's services and the logged-in administrator.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../services/context.ts'
import type { TemplateRenderPool } from '../mail/render-pool.ts'
import type { AdminSession } from './auth/sessions.ts'
import { page, type NavKey } from './layout.ts'
import type { Html } from './html.ts'
import { browserLocale, isLocale, translator, type Locale, type Translator } from './i18n/i18n.ts'
import { dateTimeFormatter, type FormatWhen } from './i18n/format-time.ts'

declare module 'fastify' {
  interface FastifyRequest {
    adminSession: AdminSession | null
  }
}

export interface UiDeps {
  ctx: AppContext
  renderer: TemplateRenderPool
}

/** The session of a request behind the log-in hook (which guarantees one). */
export function sessionOf(request: FastifyRequest): AdminSession {
  if (!request.adminSession) throw new Error('UI route reached without a session')
  return request.adminSession
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  o: { title: string; current?: NavKey; body: Html; error?: string | null; status?: number },
) {
  const session = request.adminSession
  const notice = (request.query as Record<string, unknown> | undefined)?.done
  const i18n = i18nOf(request)
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(page({
      ...o,
      // A refused form says so at the top too; the fields carry each problem.
      error: o.error ?? (o.status === 422 ? i18n.t('form.notSaved') : null),
      session: session ?? undefined,
      notice: typeof notice === 'string' ? notice : null,
      i18n,
      path: request.url,
    }))
}

/** The cookie holding the language an administrator chose with the switch in the page header. */
export const languageCookie = 'cb_lang'

/** A page's language and clock: t/th/tn to translate, when() for a time in the tenant's time zone. */
export interface PageI18n extends Translator {
  timeZone: string
  when: FormatWhen
}

const i18nByRequest = new WeakMap<FastifyRequest, PageI18n>()
const tenantByRequest = new WeakMap<FastifyRequest, { timeZone: string; defaultLanguage: Locale }>()

/** Set once per request (from the tenant's Language and time settings) before anything is rendered. */
export function setRequestRegional(request: FastifyRequest, regional: { timeZone: string; defaultLanguage: Locale }) {
  tenantByRequest.set(request, regional)
  i18nByRequest.delete(request)
}

/**
 * The language of a page: the one the logged-in administrator chose (stored with them, so it follows them to any
 * browser), else the one chosen on this browser before logging in (cookie), else the browser's language, else the
 * tenant's default language, else English.
 */
export function localeOf(request: FastifyRequest): Locale {
  const stored = request.adminSession?.language
  if (stored) return stored
  const cookies = request.cookies ?? request.server.parseCookie(request.headers.cookie ?? '')
  const chosen = cookies[languageCookie]
  if (isLocale(chosen)) return chosen
  return browserLocale(request.headers['accept-language']) ?? tenantByRequest.get(request)?.defaultLanguage ?? 'en'
}

export function i18nOf(request: FastifyRequest): PageI18n {
  let i18n = i18nByRequest.get(request)
  if (!i18n) {
    const locale = localeOf(request)
    const timeZone = tenantByRequest.get(request)?.timeZone ?? 'UTC'
    i18n = { ...translator(locale), timeZone, when: dateTimeFormatter(locale, timeZone) }
    i18nByRequest.set(request, i18n)
  }
  return i18n
}

/** The form fields of a POST (the UI's own urlencoded parser makes a string record). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body
  return body && typeof body === 'object' ? (body as Record<string, string>) : {}
}
