// The list of registrations: search by person, filter by state, course, connection and date, sort, page,
// export. The register form follows it on the same page (registrations-page.ts).
import { html, type Html } from '../html.ts'
import { uiBase } from '../layout.ts'
import type { PageI18n } from '../ui-context.ts'
import type { ListPage } from './list-page.ts'
import { statusBadge, statusLabel } from '../status-labels.ts'
import { registrationStatuses, type RegistrationStatus } from '../../domain/registration-state.ts'
import { fullName, registrationsList, type RegistrationListRow } from '../../lists/list-specs.ts'

/** The registration states in the page's language (the state filter). */
export const stateLabels = ({ t }: PageI18n): Record<RegistrationStatus, string> =>
  Object.fromEntries(Object.keys(registrationStatuses).map((k) => [k, statusLabel(t, k)])) as Record<RegistrationStatus, string>

export function registrationsListPage(i18n: PageI18n, after: Html): ListPage<RegistrationListRow> {
  const { t, th, when } = i18n
  return {
    path: `${uiBase}/registrations`, spec: registrationsList, title: t('registrations.title'), current: 'registrations',
    intro: html`<p class="hint">${th('logs.registrations.hint', { link: html`<a href="${uiBase}/attention">${t('logs.attention.title')}</a>` })}</p>`,
    statusLabels: stateLabels(i18n),
    columns: [[t('registrations.col.person'), 'person'], [t('registrations.col.course'), 'course'], [t('registrations.col.state'), 'status'],
      [t('registrations.col.loginName')], [t('logs.col.created'), 'created'], [t('registrations.col.changed'), 'updated']],
    row: (r) => html`<tr data-registration="${r.id}">
    <td><a href="${uiBase}/registrations/${r.id}">${fullName(r.person) || r.person_id}</a> <span class="subtle">${r.person_id}</span></td>
    <td>${r.course_code}</td><td>${statusBadge(t, r.status)}${r.desired === 'cancelled' && r.status !== 'cancelled' ? html` <span class="subtle">${t('registrations.cancelling')}</span>` : ''}</td>
    <td>${r.login_name ?? '—'}</td><td>${when(r.created_at)}</td><td>${when(r.updated_at)}</td></tr>`,
    empty: t('registrations.noneYet'), noMatch: t('registrations.noneMatch'),
    after,
  }
}
