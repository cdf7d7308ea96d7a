// Erasing a person from the Service Center: a confirmation page that says what goes and what stays,
// then the same erasure as DELETE /api/v1/persons/{personId}.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { erasePerson } from '../../services/erasure.ts'
import { findPerson } from '../../store/persons.ts'
import { personName } from '../ui-queries.ts'

export function personRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get<{ Params: { personId: string } }>('/persons/:personId/erase', async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const person = await findPerson(ctx.db, tenantId, request.params.personId)
    if (!person) throw new ServiceError(404, 'PERSON_NOT_FOUND', 'There is no such person.')
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE person_ref = $1', [person.id])
    const name = personName(person.data as Record<string, string>) || person.person_id
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/registrations">Registrations</a></p>
<h1>Erase the personal data of ${name}?</h1>
<p>Person id ${person.person_id}, ${rows[0]?.n ?? 0} registrations. Their names, addresses and other person fields, login
names, mail addresses and texts, step-log details and notification texts are removed from coursebridge for good.
Counts stay, without the person. <strong>The LMS account is left as it is</strong>: erase it in the LMS if the request
covers it there too. This cannot be undone.</p>
<form method="post" action="${uiBase}/persons/${encodeURIComponent(person.person_id)}/erase" class="actions">
  ${csrfField(csrfToken)}
  <button type="submit" class="danger">Erase personal data</button> <a href="${uiBase}/registrations">Keep it</a>
</form>`
    return sendPage(request, reply, { title: 'Erase a person', current: 'registrations', body })
  })

  ui.post<{ Params: { personId: string } }>('/persons/:personId/erase', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const report = await erasePerson(ctx, tenantId, request.params.personId)
    request.log.info({ adminUserId, registrations: report.registrations }, 'person erased from the Service Center')
    return reply.redirect(`${uiBase}/registrations?done=person-erased`, 303)
  })
}
