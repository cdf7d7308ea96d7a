// The language switch in the page header: remembers the choice in a cookie (a year) and, for a logged-in
// administrator, with the administrator (so it follows them to any browser), then goes back to the page it came
// from. Public, so the log-in page can switch too; it changes nothing else.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isLocale } from '../i18n/i18n.ts'
import { languageCookie, type UiDeps } from '../ui-context.ts'
import { safeNext } from './login-page.ts'
import { findSession } from '../auth/sessions.ts'
import { setAdminLanguage } from '../auth/admin-users.ts'
import { sessionCookie } from '../../http/access.ts'

export function languageRoutes(ui: FastifyInstance, deps: UiDeps, o: { secure: (r: FastifyRequest) => boolean }) {
  ui.get<{ Querystring: { lang?: string; next?: string } }>('/language', async (request, reply) => {
    const { lang, next } = request.query
    if (isLocale(lang)) {
      reply.setCookie(languageCookie, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: o.secure(request), maxAge: 365 * 24 * 3600 })
      // A link on another site cannot change what is stored with the administrator (the browser says where a
      // navigation came from; one that does not say is an older browser following our own link).
      const session = request.headers['sec-fetch-site'] === 'cross-site' ? null : await findSession(deps.ctx.db, request.cookies[sessionCookie])
      if (session) {
        await setAdminLanguage(deps.ctx.db, session.adminUserId, lang)
        request.log.info({ adminUserId: session.adminUserId, language: lang }, 'administrator chose a Service Center language')
      }
    }
    return reply.redirect(safeNext(next), 303)
  })
}
