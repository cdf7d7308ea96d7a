// Results: course completions coming back from the LMS. They arrive with issue 4 (results and
// webhooks); until then this page says so.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { sendPage, type UiDeps } from '../ui-context.ts'

export function resultRoutes(ui: FastifyInstance, _deps: UiDeps) {
  ui.get('/results', async (request, reply) => sendPage(request, reply, {
    title: 'Results', current: 'results',
    body: html`<h1>Results</h1>
<p class="callout" role="status">Results appear here once coursebridge collects them from the LMS (results and webhooks, issue 4).
Each registration will then show its result — attendance, success, date and grade — on its own page too.</p>`,
  }))
}
