// Results: attendance and success per completion, as the LMS reported them (pushed by the Moodle
// plugin or polled), newest first. A retake is a second result; the history stays.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { passedBadge } from '../status-labels.ts'
import { uiBase } from '../layout.ts'
import { i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import type { Translator } from '../i18n/i18n.ts'
import { listResultsWithNames, personName, type ResultListRow } from '../ui-queries.ts'

/** "8.5 / 10", with the minimum when it is not 0 ("3 / 1–4 (scale)"). */
function grade(t: Translator['t'], r: ResultListRow): string {
  if (r.grade === null) return '—'
  const min = r.grade_min === null ? 0 : Number(r.grade_min)
  const range = r.grade_max === null ? '' : ` / ${min === 0 ? '' : `${min}–`}${Number(r.grade_max)}`
  return `${Number(r.grade)}${range}${r.grade_type === 'scale' ? ` (${t('results.scale')})` : ''}`
}

export function resultRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/results', async (request, reply) => {
    const rows = await listResultsWithNames(ctx.db, sessionOf(request).tenantId)
    const { t, when } = i18nOf(request)
    const body = html`<h1>${t('results.title')}</h1>
<p>${t('results.pluginNote')}</p>
${rows.length === 0 ? html`<p>${t('results.none')}</p>` : html`
<table>
  <caption>${t('results.caption', { count: rows.length })}</caption>
  <thead><tr><th scope="col">${t('results.col.person')}</th><th scope="col">${t('results.col.course')}</th><th scope="col">${t('results.col.attended')}</th><th scope="col">${t('results.col.passed')}</th>
    <th scope="col">${t('results.col.grade')}</th><th scope="col">${t('results.col.completed')}</th><th scope="col">${t('results.col.source')}</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr>
    <td><a href="${uiBase}/registrations/${r.registration_id}">${personName(r.person) || r.person_id}</a></td><td>${r.course_code}</td>
    <td>${r.attended ? t('common.yes') : t('common.no')}</td><td>${passedBadge(t, r.passed)}</td>
    <td>${grade(t, r)}</td><td>${when(r.completed_at)}${r.completed_at_source === 'observed'
      ? html` <span class="badge" title="${t('results.firstSeenTitle')}">${t('results.firstSeen')}</span>` : ''}</td><td>${r.source}</td></tr>`)}
  </tbody>
</table>`}`
    return sendPage(request, reply, { title: t('results.title'), current: 'results', body })
  })
}
