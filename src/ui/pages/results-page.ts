// Results: attendance and success per completion, as the LMS reported them (pushed by the Moodle
// plugin or polled), newest first. A retake is a second result; the history stays.
import type { FastifyInstance } from 'fastify'
import { html, when } from '../html.ts'
import { uiBase } from '../layout.ts'
import { sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { listResultsWithNames, personName } from '../ui-queries.ts'

const grade = (g: string | null, max: string | null) => (g === null ? '—' : `${Number(g)}${max === null ? '' : ` / ${Number(max)}`}`)

export function resultRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/results', async (request, reply) => {
    const rows = await listResultsWithNames(ctx.db, sessionOf(request).tenantId)
    const body = html`<h1>Results</h1>
${rows.length === 0 ? html`<p>No result yet. Results arrive when participants complete their course in the LMS
(pushed by the Moodle plugin, or collected by the regular poll).</p>` : html`
<table>
  <caption>The newest ${rows.length} results</caption>
  <thead><tr><th scope="col">Person</th><th scope="col">Course</th><th scope="col">Attended</th><th scope="col">Passed</th>
    <th scope="col">Grade</th><th scope="col">Completed</th><th scope="col">Source</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr>
    <td><a href="${uiBase}/registrations/${r.registration_id}">${personName(r.person) || r.person_id}</a></td><td>${r.course_code}</td>
    <td>${r.attended ? 'Yes' : 'No'}</td><td>${r.passed ? html`<span class="badge badge-ok">Passed</span>` : html`<span class="badge badge-bad">Not passed</span>`}</td>
    <td>${grade(r.grade, r.grade_max)}</td><td>${when(r.completed_at)}</td><td>${r.source}</td></tr>`)}
  </tbody>
</table>`}`
    return sendPage(request, reply, { title: 'Results', current: 'results', body })
  })
}
