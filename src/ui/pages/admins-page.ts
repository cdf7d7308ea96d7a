// Administrators: who may log in to the Service Center, adding one (with the API's rules), changing one's
// own password, and disabling another administrator (after a confirmation; their sessions end at once) or
// enabling them again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { textField, type FieldErrors } from '../form-fields.ts'
import type { Translator } from '../i18n/i18n.ts'
import { formOf, i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { sendConfirmation } from '../confirm.ts'
import { ServiceError } from '../../services/context.ts'
import { AdminExistsError, adminUserCreateSchema, createAdminUser, disableAdminUser, enableAdminUser, getAdminUser, listAdminUsers, setAdminPassword, type AdminUserView } from '../auth/admin-users.ts'
import { passwordProblem, passwordRules, verifyPassword } from '../auth/password-hash.ts'
import { hashSessionId } from '../auth/sessions.ts'
import { sessionCookie } from '../../http/access.ts'

export function adminRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { errors?: FieldErrors; addErrors?: FieldErrors; added?: string; status?: number } = {}) {
    const { tenantId, csrfToken, adminUserId } = sessionOf(request)
    const { t, th, when } = i18nOf(request)
    const admins = await listAdminUsers(ctx.db, tenantId)
    const action = (a: AdminUserView) => a.id === adminUserId ? t('admins.you')
      : a.disabledAt ? html`<form method="post" action="${uiBase}/admins/${a.id}/enable">${csrfField(csrfToken)}<button type="submit">${t('admins.enable')}</button></form>`
        : html`<a href="${uiBase}/admins/${a.id}/disable">${t('admins.disableLink')}</a>`
    const body = html`
<h1>${t('admins.title')}</h1>
<table>
  <caption>${t('admins.caption')}</caption>
  <thead><tr><th scope="col">${t('admins.col.email')}</th><th scope="col">${t('admins.col.created')}</th><th scope="col">${t('admins.col.lastLogin')}</th><th scope="col">${t('admins.col.state')}</th><th scope="col">${t('admins.col.action')}</th></tr></thead>
  <tbody>${admins.map((a) => html`<tr>
    <td>${a.email}</td><td>${when(a.createdAt)}</td><td>${a.lastLoginAt ? when(a.lastLoginAt) : t('common.never')}</td>
    <td>${a.disabledAt ? t('admins.disabledAt', { when: when(a.disabledAt) }) : t('admins.active')}</td><td>${action(a)}</td></tr>`)}
  </tbody>
</table>
<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">${t('admins.add')}</h2>
  <form method="post" action="${uiBase}/admins" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: t('admins.field.email'), name: 'email', type: 'email', value: o.added, required: true, autocomplete: 'off', errors: o.addErrors })}
    ${textField({ label: t('admins.field.initialPassword'), name: 'firstPassword', type: 'password', required: true, autocomplete: 'new-password', hint: t('admins.field.initialPasswordHint', { n: passwordRules.minLength }), errors: o.addErrors })}
    ${textField({ label: t('admins.field.initialRepeat'), name: 'firstRepeat', type: 'password', required: true, autocomplete: 'new-password', errors: o.addErrors })}
    <button type="submit" class="primary">${t('admins.addButton')}</button>
  </form>
  <p class="hint">${th('admins.howToAdd', { command: html`<code>npx coursebridge admin create you@example.org</code>` })}</p>
</section>
<section aria-labelledby="pw-h" class="panel">
  <h2 id="pw-h">${t('admins.changePassword')}</h2>
  <form method="post" action="${uiBase}/admins/password" class="stack">
    ${csrfField(csrfToken)}
    ${textField({ label: t('admins.field.current'), name: 'current', type: 'password', required: true, autocomplete: 'current-password', errors: o.errors })}
    ${textField({ label: t('admins.field.password'), name: 'password', type: 'password', required: true, autocomplete: 'new-password', hint: t('admins.field.passwordHint'), errors: o.errors })}
    ${textField({ label: t('admins.field.repeat'), name: 'repeat', type: 'password', required: true, autocomplete: 'new-password', errors: o.errors })}
    <button type="submit" class="primary">${t('admins.changeButton')}</button>
  </form>
</section>`
    return sendPage(request, reply, { title: t('admins.title'), current: 'admins', body, status: o.status ?? (o.errors || o.addErrors ? 422 : 200) })
  }

  ui.get('/admins', async (request, reply) => listPage(request, reply))

  // A new administrator: the API's schema decides (one set of rules); the password twice, as people type it
  // blind. The new administrator should change it after their first log-in.
  ui.post('/admins', async (request, reply) => {
    const session = sessionOf(request)
    const f = formOf(request)
    const { t } = i18nOf(request)
    const parsed = adminUserCreateSchema.safeParse({ email: (f.email ?? '').trim(), password: f.firstPassword ?? '' })
    const retry = (addErrors: FieldErrors, status = 422) => listPage(request, reply, { addErrors, added: f.email, status })
    if (!parsed.success) return retry(addProblems(parsed.error.issues, t))
    if (f.firstPassword !== f.firstRepeat) return retry({ firstRepeat: t('admins.error.differ') })
    try {
      const admin = await createAdminUser(ctx.db, session.tenantId, parsed.data.email, parsed.data.password)
      request.log.info({ adminUserId: admin.id, by: session.adminUserId }, 'administrator created')
      return reply.redirect(`${uiBase}/admins?done=admin-added`, 303)
    } catch (err) {
      if (!(err instanceof AdminExistsError)) throw err
      request.log.warn({ code: 'ADMIN_EXISTS', by: session.adminUserId }, 'administrator not created: the address has one')
      return retry({ email: t('admins.error.exists') }, 409)
    }
  })

  // Your own password: the current one first (a session left open is not enough), then the new one twice.
  // Your other sessions end; this one stays.
  ui.post('/admins/password', async (request, reply) => {
    const session = sessionOf(request)
    const f = formOf(request)
    const { t } = i18nOf(request)
    const admin = await getAdminUser(ctx.db, session.tenantId, session.adminUserId)
    if (!admin) throw new ServiceError(404, 'ADMIN_NOT_FOUND', 'There is no such administrator.')
    if (!(await verifyPassword((f.current ?? '').slice(0, 1000), admin.password_hash))) {
      request.log.warn({ code: 'ADMIN_PASSWORD_WRONG', adminUserId: admin.id }, 'password change refused: current password wrong')
      return listPage(request, reply, { errors: { current: t('admins.error.notCurrent') }, status: 403 })
    }
    const password = f.password ?? ''
    if (passwordProblem(password)) {
      const tooShort = password.length < passwordRules.minLength
      const problem = tooShort ? t('admins.error.tooShort', { n: passwordRules.minLength }) : t('admins.error.tooLong', { n: passwordRules.maxLength })
      return listPage(request, reply, { errors: { password: problem } })
    }
    if (f.password !== f.repeat) return listPage(request, reply, { errors: { repeat: t('admins.error.differ') } })
    await setAdminPassword(ctx.db, admin.id, f.password!)
    await ctx.db.query('DELETE FROM admin_sessions WHERE admin_user_id = $1 AND id_hash <> $2', [admin.id, hashSessionId(request.cookies[sessionCookie] ?? '')])
    request.log.info({ adminUserId: admin.id }, 'administrator changed their password')
    return reply.redirect(`${uiBase}/admins?done=password-changed`, 303)
  })

  const other = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const { tenantId, adminUserId } = sessionOf(request)
    if (request.params.id === adminUserId) throw new ServiceError(409, 'ADMIN_SELF', 'You cannot disable yourself; another administrator can.')
    const admin = await getAdminUser(ctx.db, tenantId, request.params.id)
    if (!admin) throw new ServiceError(404, 'ADMIN_NOT_FOUND', 'There is no such administrator.')
    return admin
  }

  ui.get<{ Params: { id: string } }>('/admins/:id/disable', async (request, reply) => {
    const admin = await other(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/admins`, label: t('admins.title') }, current: 'admins', title: t('admins.disableTitle'),
      question: t('admins.disableQuestion', { email: admin.email }),
      consequences: html`<p>${t('admins.disableExplain')}</p>`,
      action: `${uiBase}/admins/${admin.id}/disable`, confirmLabel: t('admins.disableButton'), keepLabel: t('admins.keep'),
    })
  })

  ui.post<{ Params: { id: string } }>('/admins/:id/disable', async (request, reply) => {
    const admin = await other(request)
    await disableAdminUser(ctx.db, sessionOf(request).tenantId, admin.id)
    request.log.info({ adminUserId: admin.id, by: sessionOf(request).adminUserId }, 'administrator disabled')
    return reply.redirect(`${uiBase}/admins?done=admin-disabled`, 303)
  })

  ui.post<{ Params: { id: string } }>('/admins/:id/enable', async (request, reply) => {
    const admin = await other(request)
    await enableAdminUser(ctx.db, sessionOf(request).tenantId, admin.id)
    request.log.info({ adminUserId: admin.id, by: sessionOf(request).adminUserId }, 'administrator enabled')
    return reply.redirect(`${uiBase}/admins?done=admin-enabled`, 303)
  })
}

/** The schema's problems in the page's language: which field, and which rule it broke. */
function addProblems(issues: { path: PropertyKey[]; code: string }[], t: Translator['t']): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const field = issue.path[0] === 'password' ? 'firstPassword' : 'email'
    out[field] ??= field === 'firstPassword'
      ? (issue.code === 'too_big' ? t('admins.error.tooLong', { n: passwordRules.maxLength }) : t('admins.error.tooShort', { n: passwordRules.minLength }))
      : t('admins.error.email')
  }
  return out
}
