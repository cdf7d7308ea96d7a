// Persons as the training system sent them, with their registrations' count; filter by course or
// connection (persons with a registration there), search, export.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import type { UiDeps } from '../ui-context.ts'
import { listPageRoutes } from './list-page.ts'
import { fullName, personsList, type PersonListRow } from '../../lists/list-specs.ts'

export function personListRoutes(ui: FastifyInstance, deps: UiDeps) {
  listPageRoutes<PersonListRow>(ui, deps, ({ t, when }) => ({
    path: `${uiBase}/persons`, spec: personsList, title: t('logs.persons.title'), current: 'persons',
    intro: html`<p class="hint">${t('logs.persons.hint')}</p>`,
    columns: [[t('logs.col.personId'), 'personId'], [t('logs.col.name'), 'name'], [t('logs.col.email')], [t('logs.col.registrations')],
      [t('logs.col.changed'), 'updated']],
    row: (r) => html`<tr>
      <td>${r.erased_at ? r.person_id : html`<a href="${uiBase}/persons/${encodeURIComponent(r.person_id)}">${r.person_id}</a>`}</td>
      <td>${r.erased_at ? html`<span class="subtle">${t('logs.persons.erased')}</span>` : fullName(r.person)}</td><td>${r.person?.email1 ?? '—'}</td>
      <td>${r.registrations}</td><td>${when(r.updated_at)}</td></tr>`,
    empty: t('logs.persons.empty'), noMatch: t('logs.persons.noMatch'),
  }))
}
