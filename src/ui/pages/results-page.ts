// Results: attendance and success per completion, as the LMS reported them (pushed by the Moodle
// plugin or polled), newest first. A retake is a second result; the history stays.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { passedBadge } from '../status-labels.ts'
import { uiBase } from '../layout.ts'
import { i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { listResultsWithNames, personName } from '../ui-queries.ts'

const grade = (g: string | null, max: string | null) => (g === null ? '—' : `${Number(g)}${max === null ? '' : ` / ${Number(max)}`}`)

export function resultRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/results', async (request, reply) => {
    const rows = await listResultsWithNames(ctx.db, sessionOf(request).tenantId)
    const { t, when } = i18nOf(request)
    const body = html`<h1>${t('results.title')}</h1>
${rows.length === 0 ? html`<p>${t('results.none')}</p>` : html`
<table>
  <caption>${t('results.caption', { count: rows.length })}</caption>
  <thead><tr><th scope="col">${t('results.col.person')}</th><th scope="col">${t('results.col.course')}</th><th scope="col">${t('results.col.attended')}</th><th scope="col">${t('results.col.passed')}</th>
    <th scope="col">${t('results.col.grade')}</th><th scope="col">${t('results.col.completed')}</th><th scope="col">${t('results.col.source')}</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr>
    <td><a href="${uiBase}/registrations/${r.registration_id}">${personName(r.person) || r.person_id}</a></td><td>${r.course_code}</td>
    <td>${r.attended ? t('common.yes') : t('common.no')}</td><td>${passedBadge(t, r.passed)}</td>
    <td>${grade(r.grade, r.grade_max)}</td><td>${when(r.completed_at)}</td><td>${r.source}</td></tr>`)}
  </tbody>
</table>`}`
    return sendPage(request, reply, { title: t('results.title'), current: 'results', body })
  })
}
