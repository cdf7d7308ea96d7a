// Erasing a person from the Service Center: a confirmation page that says what goes and what stays,
// then the same erasure as DELETE /api/v1/persons/{personId}.
import type { FastifyInstance } from 'fastify'
import { html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { sendConfirmation } from '../confirm.ts'
import { ServiceError } from '../../services/context.ts'
import { erasePerson } from '../../services/erasure.ts'
import { findPerson } from '../../store/persons.ts'
import { personName } from '../ui-queries.ts'

export function personRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get<{ Params: { personId: string } }>('/persons/:personId/erase', async (request, reply) => {
    const { tenantId } = sessionOf(request)
    const person = await findPerson(ctx.db, tenantId, request.params.personId)
    if (!person) throw new ServiceError(404, 'PERSON_NOT_FOUND', 'There is no such person.')
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE person_ref = $1', [person.id])
    const name = personName(person.data as Record<string, string>) || person.person_id
    const { t, tn } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/registrations`, label: t('nav.registrations') }, current: 'registrations', title: t('persons.eraseTitle'),
      question: t('persons.eraseQuestion', { name }),
      consequences: html`<p>${tn('persons.eraseFacts', rows[0]?.n ?? 0, { personId: person.person_id })} ${t('persons.eraseExplain')}
<strong>${t('persons.eraseLmsStays')}</strong>${t('persons.eraseLmsHint')}</p>`,
      action: `${uiBase}/persons/${encodeURIComponent(person.person_id)}/erase`, confirmLabel: t('persons.eraseButton'), keepLabel: t('persons.keep'),
    })
  })

  ui.post<{ Params: { personId: string } }>('/persons/:personId/erase', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const report = await erasePerson(ctx, tenantId, request.params.personId)
    request.log.info({ adminUserId, registrations: report.registrations }, 'person erased from the Service Center')
    return reply.redirect(`${uiBase}/registrations?done=person-erased`, 303)
  })
}
