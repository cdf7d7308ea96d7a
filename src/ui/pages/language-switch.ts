// The language switch in the page header: remembers the administrator's choice in a cookie (a year) and
// goes back to the page it came from. Public, so the log-in page can switch too; it changes nothing else.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isLocale } from '../i18n/i18n.ts'
import { languageCookie } from '../ui-context.ts'
import { safeNext } from './login-page.ts'

export function languageRoutes(ui: FastifyInstance, o: { secure: (r: FastifyRequest) => boolean }) {
  ui.get<{ Querystring: { lang?: string; next?: string } }>('/language', async (request, reply) => {
    const { lang, next } = request.query
    if (isLocale(lang)) {
      reply.setCookie(languageCookie, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: o.secure(request), maxAge: 365 * 24 * 3600 })
    }
    return reply.redirect(safeNext(next), 303)
  })
}
