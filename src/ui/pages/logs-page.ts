// The logs across registrations, as administrators know them from their LMS plugins' API log, e-mail log
// and webhook status: every LMS call, every mail, every delivery of a result to the training system. Each
// row links to the registration it served.
import type { FastifyInstance } from 'fastify'
import { html, type Html } from '../html.ts'
import { uiBase } from '../layout.ts'
import type { PageI18n, UiDeps } from '../ui-context.ts'
import { mailStatusLabel } from '../status-labels.ts'
import { listPageRoutes } from './list-page.ts'
import { deliveriesList, lmsCallsList, mailsList, mailStatuses, maskAddress, type DeliveryLogRow, type LmsCallRow, type MailLogRow } from '../../lists/log-specs.ts'
import { fullName, type PersonData } from '../../lists/list-specs.ts'
import { codeWords } from '../notification-text.ts'

type LogKey = 'lms-calls' | 'mails' | 'deliveries' | 'attention'

/** The logs' own navigation, above each of them. */
export function logNav({ t }: PageI18n, current: LogKey): Html {
  const pages: [LogKey, string, string][] = [
    ['lms-calls', t('logs.calls.title'), `${uiBase}/logs/lms-calls`],
    ['mails', t('logs.mails.title'), `${uiBase}/logs/mails`],
    ['deliveries', t('logs.deliveries.title'), `${uiBase}/logs/deliveries`],
    ['attention', t('logs.attention.nav'), `${uiBase}/attention`],
  ]
  return html`<nav aria-label="${t('logs.nav.sub')}" class="actions sub-nav">${pages.map(([key, label, href]) =>
    html`<a class="button-link" href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`
}

/** Who a log row served, linking to the registration. */
export function servedCell(r: { registration_id: string; person_id: string; person: PersonData }): Html {
  return html`<td><a href="${uiBase}/registrations/${r.registration_id}">${fullName(r.person) || r.person_id}</a> <span class="subtle">${r.person_id}</span></td>`
}

/** What a mail was for, in the page's language (the outbox's purposes are internal keys). */
export function mailKindLabel({ t }: PageI18n, purpose: string): string {
  if (purpose === 'credentials') return t('logs.mailKind.credentials')
  if (purpose === 'course-access') return t('logs.mailKind.courseAccess')
  if (purpose === 'access-ended') return t('logs.mailKind.accessEnded')
  if (purpose.startsWith('credentials-resend')) return t('logs.mailKind.resend')
  return purpose
}

export const mailStatusLabels = ({ t }: PageI18n): Record<string, string> =>
  Object.fromEntries(mailStatuses.map((k) => [k, mailStatusLabel(t, k)]))

const deliveryStatusLabels = ({ t }: PageI18n): Record<string, string> => ({
  pending: t('logs.deliveries.pending'), delivered: t('logs.deliveries.delivered'), failed: t('logs.deliveries.failed'),
})
const tone = (status: string) => ({ sent: 'ok', delivered: 'ok', ok: 'ok', failed: 'bad', error: 'bad' } as Record<string, string>)[status] ?? 'busy'

export function logRoutes(ui: FastifyInstance, deps: UiDeps) {
  listPageRoutes<LmsCallRow>(ui, deps, (i18n) => {
    const { t, when } = i18n
    return {
      path: `${uiBase}/logs/lms-calls`, spec: lmsCallsList, title: t('logs.calls.title'), current: 'logs',
      intro: html`${logNav(i18n, 'lms-calls')}<p class="hint">${t('logs.calls.hint')}</p>`,
      statusLabels: { ok: t('logs.calls.ok'), error: t('logs.calls.error') },
      searchLabel: t('logs.calls.search'),
      columns: [[t('logs.col.time'), 'at'], [t('logs.col.connection')], [t('logs.col.function'), 'function'], [t('logs.col.outcome')],
        [t('logs.col.duration'), 'duration'], [t('logs.col.records')], [t('logs.col.registration')], [t('logs.col.course')]],
      row: (r) => html`<tr>
      <td>${when(r.at)}</td><td>${r.connection_name}</td><td><code>${r.function ?? '—'}</code></td>
      <td><span class="badge badge-${tone(r.outcome)}">${r.outcome === 'ok' ? t('logs.calls.ok') : t('logs.calls.error')}</span>${r.error_code ? html` <code title="${codeWords(i18n, r.error_code).title}">${r.error_code}</code>` : ''}</td>
      <td>${r.duration_ms === null ? '—' : t('logs.calls.ms', { ms: r.duration_ms })}</td><td>${r.items ?? '—'}</td>
      ${servedCell(r)}<td>${r.course_code}</td></tr>`,
      empty: t('logs.calls.empty'), noMatch: t('logs.calls.noMatch'),
    }
  })

  listPageRoutes<MailLogRow>(ui, deps, (i18n) => {
    const { t, when } = i18n
    const labels = mailStatusLabels(i18n)
    return {
      path: `${uiBase}/logs/mails`, spec: mailsList, title: t('logs.mails.title'), current: 'logs',
      intro: html`${logNav(i18n, 'mails')}<p class="hint">${t('logs.mails.hint')}</p>`,
      statusLabels: labels,
      columns: [[t('logs.col.time'), 'created'], [t('logs.col.kind')], [t('logs.col.to')], [t('logs.col.status'), 'status'], [t('logs.col.sent'), 'sent'],
        [t('logs.col.registration')], [t('logs.col.course')]],
      row: (r) => html`<tr data-mail="${r.id}">
      <td>${when(r.created_at)}</td><td>${mailKindLabel(i18n, r.purpose)}</td><td>${maskAddress(r.to_address)}</td>
      <td><span class="badge badge-${tone(r.status)}">${labels[r.status] ?? r.status}</span>${r.attempts > 1 ? html` <span class="subtle">${t('logs.mails.attempts', { count: r.attempts })}</span>` : ''}${r.last_error_code ? html` <code>${r.last_error_code}</code>` : ''}</td>
      <td>${when(r.sent_at)}</td>${servedCell(r)}<td>${r.course_code}</td></tr>`,
      empty: t('logs.mails.empty'), noMatch: t('logs.mails.noMatch'),
    }
  })

  listPageRoutes<DeliveryLogRow>(ui, deps, (i18n) => {
    const { t, when } = i18n
    const labels = deliveryStatusLabels(i18n)
    return {
      path: `${uiBase}/logs/deliveries`, spec: deliveriesList, title: t('logs.deliveries.title'), current: 'logs',
      intro: html`${logNav(i18n, 'deliveries')}<p class="hint">${t('logs.deliveries.hint')}</p>`,
      statusLabels: labels,
      columns: [[t('logs.col.created'), 'created'], [t('logs.col.status'), 'status'], [t('logs.col.attempts'), 'attempts'], [t('logs.col.lastAttempt')],
        [t('logs.col.lastError')], [t('logs.col.registration')], [t('logs.col.course')]],
      row: (r) => html`<tr data-delivery="${r.id}">
      <td>${when(r.created_at)}</td><td><span class="badge badge-${tone(r.status)}">${labels[r.status] ?? r.status}</span></td>
      <td>${r.attempts}</td><td>${when(r.last_attempt_at)}</td>
      <td>${r.last_error ? html`${r.last_http_status ? html`<code>HTTP ${r.last_http_status}</code> ` : ''}${r.last_error}` : '—'}</td>
      ${servedCell(r)}<td>${r.course_code}</td></tr>`,
      empty: t('logs.deliveries.empty'), noMatch: t('logs.deliveries.noMatch'),
    }
  })
}
