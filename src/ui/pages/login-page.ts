// Log-in and log-out. The log-in form is protected against cross-site posting by a double-submit
// token (a cookie and the same value in the form), as there is no session yet to hold one.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CookieSerializeOptions } from '@fastify/cookie'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { textField } from '../form-fields.ts'
import { formOf, i18nOf, languageCookie, sendPage, type UiDeps } from '../ui-context.ts'
import { createSession, deleteSession, findSession, newToken, sessionLifetimeSeconds, tokensMatch } from '../auth/sessions.ts'
import { findAdminByEmail, recordAdminLogin, setAdminPassword } from '../auth/admin-users.ts'
import { createDummyHash, needsRehash, verifyPassword } from '../auth/password-hash.ts'
import type { LoginThrottle } from '../auth/login-throttle.ts'
import { sessionCookie } from '../../http/access.ts'

const loginCsrfCookie = 'cb_login_csrf'

/** Only our own pages are a place to return to after log-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith(`${uiBase}/`) && !next.startsWith('//') && !next.includes('\\')
    ? next : `${uiBase}/`
}

export function loginRoutes(ui: FastifyInstance, deps: UiDeps, o: { throttle: LoginThrottle; secure: (r: FastifyRequest) => boolean }) {
  const { db } = deps.ctx
  // Every cookie of ours: out of reach of scripts, not sent on cross-site requests, Secure over https.
  const cookieOptions = (request: FastifyRequest, c: { path?: string; maxAge?: number }): CookieSerializeOptions =>
    ({ path: '/', httpOnly: true, sameSite: 'lax', secure: o.secure(request), ...c })
  let dummyHash: Promise<string> | null = null

  const form = (request: FastifyRequest, token: string, next: string, email = '') => {
    const { t, th } = i18nOf(request)
    return html`
<div class="login-box">
  <h1>${t('login.heading')}</h1>
  <form method="post" action="${uiBase}/login" class="stack">
    <input type="hidden" name="_csrf" value="${token}">
    <input type="hidden" name="next" value="${next}">
    ${textField({ label: t('login.email'), name: 'email', type: 'email', value: email, required: true, autocomplete: 'username' })}
    ${textField({ label: t('login.password'), name: 'password', type: 'password', required: true, autocomplete: 'current-password' })}
    <button type="submit" class="primary">${t('login.button')}</button>
  </form>
  <p class="hint">${th('login.noAccount', { command: html`<code>npx coursebridge admin create you@example.org</code>` })}</p>
</div>`
  }

  const showForm = (request: FastifyRequest, reply: import('fastify').FastifyReply, a: { next: string; email?: string; error?: string; status?: number }) => {
    const token = newToken()
    reply.setCookie(loginCsrfCookie, token, cookieOptions(request, { path: `${uiBase}/login`, maxAge: 3600 }))
    return sendPage(request, reply, { title: i18nOf(request).t('login.title'), body: form(request, token, a.next, a.email), error: a.error, status: a.status })
  }

  ui.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (await findSession(db, request.cookies[sessionCookie])) return reply.redirect(safeNext(request.query.next))
    return showForm(request, reply, { next: safeNext(request.query.next) })
  })

  ui.post('/login', async (request, reply) => {
    const f = formOf(request)
    const next = safeNext(f.next)
    const email = (f.email ?? '').slice(0, 254)
    const { t } = i18nOf(request)
    if (!tokensMatch(request.cookies[loginCsrfCookie] ?? '', f._csrf)) {
      return showForm(request, reply, { next, email, status: 403, error: t('login.expired') })
    }
    const blocked = await o.throttle.blocked(request, email)
    if (blocked) {
      request.log.warn({ code: 'ADMIN_LOGIN_THROTTLED', by: blocked.by, ip: request.ip }, 'administrator log-in refused: too many failures')
      reply.header('retry-after', String(blocked.retryAfterSeconds))
      const minutes = Math.ceil(blocked.retryAfterSeconds / 60)
      return showForm(request, reply, {
        next, email, status: 429, error: t(blocked.by === 'address' ? 'login.throttledAddress' : 'login.throttledAccount', { minutes }),
      })
    }
    const admin = await findAdminByEmail(db, email)
    dummyHash ??= createDummyHash()
    const password = (f.password ?? '').slice(0, 1000)
    const ok = await verifyPassword(password, admin?.password_hash ?? (await dummyHash))
    if (!admin || !ok) {
      await o.throttle.recordFailure(request, email)
      request.log.warn({ code: 'ADMIN_LOGIN_FAILED', adminUserId: admin?.id, ip: request.ip }, 'administrator log-in failed')
      return showForm(request, reply, { next, email, status: 401, error: t('login.wrong') })
    }
    // Told only to whoever knows the password: the account exists but may not log in.
    if (admin.disabled_at) {
      request.log.warn({ code: 'ADMIN_DISABLED', adminUserId: admin.id, ip: request.ip }, 'disabled administrator refused')
      return showForm(request, reply, { next, email, status: 403, error: t('login.disabled') })
    }
    if (needsRehash(admin.password_hash)) {
      await setAdminPassword(db, admin.id, password)
      request.log.info({ adminUserId: admin.id }, 'administrator password hash upgraded to the current scrypt parameters')
    }
    const session = await createSession(db, admin.id)
    await recordAdminLogin(db, admin.id)
    deps.ctx.log.info({ adminUserId: admin.id }, 'administrator logged in')
    reply.setCookie(sessionCookie, session.id, cookieOptions(request, { maxAge: sessionLifetimeSeconds }))
    // The language the administrator chose (on any browser) becomes this browser's too, also after logging out.
    if (admin.language) reply.setCookie(languageCookie, admin.language, cookieOptions(request, { maxAge: 365 * 24 * 3600 }))
    reply.clearCookie(loginCsrfCookie, cookieOptions(request, { path: `${uiBase}/login` }))
    return reply.redirect(next, 303)
  })

  ui.post('/logout', async (request, reply) => {
    const id = request.cookies[sessionCookie]
    if (id) await deleteSession(db, id)
    reply.clearCookie(sessionCookie, cookieOptions(request, {}))
    return reply.redirect(`${uiBase}/login?done=logged-out`, 303)
  })
}
