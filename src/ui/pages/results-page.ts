// Results: attendance and success per completion, as the LMS reported them (pushed by the Moodle
// plugin or polled), newest first. A retake is a second result; the history stays.
import { resultSource } from '../step-labels.ts'
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { passedBadge } from '../status-labels.ts'
import { uiBase } from '../layout.ts'
import type { UiDeps } from '../ui-context.ts'
import type { Translator } from '../i18n/i18n.ts'
import { listPageRoutes } from './list-page.ts'
import { fullName, resultsList, type ResultListRow } from '../../lists/list-specs.ts'

/** "8.5 / 10", with the minimum when it is not 0 ("3 / 1–4 (scale)"). */
function grade(t: Translator['t'], r: ResultListRow): string {
  if (r.grade === null) return '—'
  const min = r.grade_min === null ? 0 : Number(r.grade_min)
  const range = r.grade_max === null ? '' : ` / ${min === 0 ? '' : `${min}–`}${Number(r.grade_max)}`
  return `${Number(r.grade)}${range}${r.grade_type === 'scale' ? ` (${t('results.scale')})` : ''}`
}

export function resultRoutes(ui: FastifyInstance, deps: UiDeps) {
  listPageRoutes<ResultListRow>(ui, deps, ({ t, when }) => ({
    path: `${uiBase}/results`, spec: resultsList, title: t('results.title'), current: 'results',
    intro: html`<p class="hint">${t('results.pluginNote')}</p>`,
    statusLabels: { passed: t('common.passed'), not_passed: t('common.notPassed') },
    columns: [[t('results.col.person'), 'person'], [t('results.col.course'), 'course'], [t('results.col.attended')], [t('results.col.passed')],
      [t('results.col.grade'), 'grade'], [t('results.col.completed'), 'completed'], [t('results.col.source')]],
    row: (r) => html`<tr>
    <td><a href="${uiBase}/registrations/${r.registration_id}">${fullName(r.person) || r.person_id}</a></td><td>${r.course_code}</td>
    <td>${r.attended ? t('common.yes') : t('common.no')}</td><td>${passedBadge(t, r.passed)}</td>
    <td>${grade(t, r)}</td><td>${when(r.completed_at)}${r.completed_at_source === 'observed'
      ? html` <span class="badge" title="${t('results.firstSeenTitle')}">${t('results.firstSeen')}</span>` : ''}</td><td>${resultSource(t, r.source)}</td></tr>`,
    empty: t('results.none'), noMatch: t('logs.results.noMatch'),
  }))
}
