// The outbox: the mails that have not gone out, named as administrators read them, filtered and paged by
// the list engine, with "send now" and "discard" (after a confirmation that says what it means). Both
// actions are the API's (src/services/outbox.ts), so their rules are the same here and there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { i18nOf, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { listPageRoutes, renderListPage, type ListPageOf } from './list-page.ts'
import { mailKindLabel, mailStatusLabels, servedCell } from './logs-page.ts'
import { sendConfirmation } from '../confirm.ts'
import { getOutboxRow, outboxList, type OutboxRow } from '../../lists/outbox-spec.ts'
import { fullName } from '../../lists/list-specs.ts'
import { discardableStatuses, discardMail, sendableStatuses, sendMailNow } from '../../services/outbox.ts'
import { ServiceError } from '../../services/context.ts'
import type { PlainKey } from '../i18n/i18n.ts'
import type { AppContext } from '../../services/context.ts'

/** The page's words for the service's refusals (its messages are the API's, in English). */
const refusals: Record<string, PlainKey> = {
  MAIL_ALREADY_SENT: 'outbox.refused.sent',
  MAIL_DISCARDED: 'outbox.refused.discarded',
  MAIL_AWAITING_ACCOUNT: 'outbox.refused.awaitingAccount',
  MAIL_SMTP_NOT_CONFIGURED: 'outbox.refused.noSmtp',
  MAIL_PASSWORD_UNAVAILABLE: 'outbox.refused.passwordGone',
  MAIL_NOT_FOUND: 'outbox.refused.notFound',
}

const holding = (ctx: AppContext) => (ctx.config.mailMode ?? (ctx.config.smtp ? 'smtp' : 'outbox')) === 'hold'
const isCredentials = (purpose: string) => purpose === 'credentials' || purpose.startsWith('credentials-resend')
const tone = (status: string) => (status === 'failed' ? 'bad' : status === 'retrying' || status === 'waiting-smtp' ? 'warn' : 'busy')

function makePage(ctx: AppContext): ListPageOf<OutboxRow> {
  return (i18n: PageI18n) => {
    const { t, when } = i18n
    const labels = mailStatusLabels(i18n)
    // Offered only where it can work; the service decides again (with the template) when it is used.
    const actions = (r: OutboxRow, csrfToken: string) => {
      const sendable = (sendableStatuses as readonly string[]).includes(r.status)
      let sendNow = html``
      if (r.status === 'awaiting-account') sendNow = html`<span class="subtle">${t('outbox.waitsForAccount')}</span>`
      else if (sendable && holding(ctx)) sendNow = html`<span class="subtle">${t('outbox.waitsForSmtp')}</span>`
      else if (sendable && isCredentials(r.purpose) && !r.password_kept) sendNow = html`<span class="subtle">${t('outbox.passwordGone')}</span>`
      else if (sendable) {
        sendNow = html`<form method="post" action="${uiBase}/outbox/${r.id}/send-now" class="inline-form">${csrfField(csrfToken)}<button type="submit">${t('outbox.sendNow')}</button></form>`
      }
      return html`${sendNow} <a class="button-link" href="${uiBase}/outbox/${r.id}/discard">${t('outbox.discard')}</a>`
    }
    return {
      path: `${uiBase}/outbox`, spec: outboxList, title: t('outbox.title'), current: 'outbox',
      intro: html`<p class="hint">${t('outbox.hint')} <a href="${uiBase}/logs/mails">${t('outbox.mailLog')}</a></p>`,
      statusLabels: labels,
      columns: [[t('logs.col.time'), 'created'], [t('logs.col.kind')], [t('logs.col.to')], [t('logs.col.status'), 'status'],
        [t('logs.col.registration')], [t('logs.col.course')], [t('outbox.col.actions')]],
      row: (r, c) => html`<tr data-mail="${r.id}">
      <td>${when(r.created_at)}</td><td>${mailKindLabel(i18n, r.purpose)}</td><td class="wrap-anywhere">${r.to_address}</td>
      <td><span class="badge badge-${tone(r.status)}">${labels[r.status] ?? r.status}</span>${r.attempts > 1 ? html` <span class="subtle">${t('logs.mails.attempts', { count: r.attempts })}</span>` : ''}${r.last_error_code ? html`<br><code>${r.last_error_code}</code>` : ''}${r.last_error ? html` <span class="subtle">${r.last_error}</span>` : ''}</td>
      ${servedCell(r)}<td>${r.course_code}</td><td>${actions(r, c.csrfToken ?? '')}</td></tr>`,
      empty: t('outbox.empty'), noMatch: t('outbox.noMatch'),
    }
  }
}

export function outboxRoutes(ui: FastifyInstance, deps: UiDeps) {
  const page = makePage(deps.ctx)
  listPageRoutes(ui, deps, page)

  /** The list again, with the refusal in the page's language (409). */
  const refused = (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    if (!(err instanceof ServiceError)) throw err
    const { t } = i18nOf(request)
    return renderListPage(deps, page, request, reply, { status: err.status, error: t(refusals[err.code] ?? 'outbox.refused.other') })
  }

  ui.post<{ Params: { id: string } }>('/outbox/:id/send-now', async (request, reply) => {
    try {
      await sendMailNow(deps.ctx, sessionOf(request).tenantId, request.params.id)
    } catch (err) {
      return refused(request, reply, err)
    }
    return reply.redirect(`${uiBase}/outbox?done=mail-sending`, 303)
  })

  // Discard asks first and says what it means for the participant; the GET changes nothing.
  ui.get<{ Params: { id: string } }>('/outbox/:id/discard', async (request, reply) => {
    const { t } = i18nOf(request)
    const m = await getOutboxRow(deps.ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!m) return refused(request, reply, new ServiceError(404, 'MAIL_NOT_FOUND', 'no such mail'))
    if (!(discardableStatuses as readonly string[]).includes(m.status)) {
      return refused(request, reply, new ServiceError(409, m.status === 'discarded' ? 'MAIL_DISCARDED' : 'MAIL_ALREADY_SENT', 'not discardable'))
    }
    const person = fullName(m.person) || m.person_id
    const kind = mailKindLabel(i18nOf(request), m.purpose)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/outbox`, label: t('outbox.title') },
      question: t('outbox.discardQuestion', { kind, person }),
      consequences: html`${isCredentials(m.purpose)
        ? html`<p>${t('outbox.discardCredentials', { person })}</p><p>${t('outbox.discardCredentialsLater', { person })}</p>`
        : html`<p>${t('outbox.discardOther', { person })}</p>`}
<p>${t('outbox.discardTo', { to: m.to_address, course: m.course_code })}</p>`,
      action: `${uiBase}/outbox/${m.id}/discard`, confirmLabel: t('outbox.discardConfirm'), keepLabel: t('outbox.discardKeep'),
      current: 'outbox',
    })
  })

  ui.post<{ Params: { id: string } }>('/outbox/:id/discard', async (request, reply) => {
    const session = sessionOf(request)
    try {
      await discardMail(deps.ctx, session.tenantId, request.params.id, `admin:${session.email}`)
    } catch (err) {
      return refused(request, reply, err)
    }
    return reply.redirect(`${uiBase}/outbox?done=mail-discarded`, 303)
  })
}
