// One person with every field the API accepts (PUT /api/v1/persons/{personId}), editable: the form is
// checked by the API's own schema (personSchema, src/domain/person.ts) and saved by the API's service
// function (savePerson), so a value the API refuses is refused here, marked at its field, with what was
// typed kept. A change reaches the LMS as it does through the API (the person's registrations reconcile).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { languageOptions } from './regional-page.ts'
import { personSchema } from '../../domain/person.ts'
import { savePerson } from '../../services/persons.ts'
import { findPerson } from '../../store/persons.ts'
import { ServiceError } from '../../services/context.ts'
import { personName } from '../ui-queries.ts'
import type { PlainKey } from '../i18n/i18n.ts'

/** Every field of the person schema but the id (which names the person and is not changed here). */
const fields = Object.keys(personSchema.shape).filter((k) => k !== 'personId') as (keyof typeof personSchema.shape)[]

const labels: Record<string, PlainKey> = {
  externId: 'personForm.externId', firstName: 'registrations.field.firstName', namePrefix: 'registrations.field.namePrefix',
  lastName: 'registrations.field.lastName', initials: 'personForm.initials', gender: 'registrations.field.gender',
  email1: 'personForm.email1', email2: 'personForm.email2', email3: 'personForm.email3',
  freeField1: 'personForm.freeField1', freeField2: 'personForm.freeField2', freeField3: 'personForm.freeField3',
  freeField4: 'personForm.freeField4', freeField5: 'personForm.freeField5', zipCode: 'personForm.zipCode',
  birthDate: 'personForm.birthDate', phoneHome: 'personForm.phoneHome', phoneMobile: 'personForm.phoneMobile',
  phoneOffice: 'personForm.phoneOffice', language: 'regional.personLanguage',
}

/** The stored person as form values (every field a string; absent = empty). */
function valuesOf(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(fields.map((k) => [k, data[k] === null || data[k] === undefined ? '' : String(data[k])]))
}

/**
 * The form as the API's body: an empty field is left out (externId: null), as a replace (PUT) without it
 * clears it. The schema then decides, exactly as for the API.
 */
export function personInputOf(personId: string, form: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = { personId, externId: null }
  for (const k of fields) {
    const v = (form[k] ?? '').trim()
    if (v !== '') input[k] = v
  }
  return input
}

function form(i18n: PageI18n, personId: string, csrfToken: string, v: Record<string, string>, errors?: FieldErrors) {
  const { t } = i18n
  const field = (k: string) => {
    if (k === 'gender') {
      return selectField({
        label: t(labels[k]!), name: k, value: v[k], errors, hint: t('registrations.field.genderHint'),
        options: [['', t('registrations.gender.none')], ['female', t('registrations.gender.female')], ['male', t('registrations.gender.male')], ['diverse', t('registrations.gender.diverse')]],
      })
    }
    if (k === 'language') {
      return selectField({ label: t(labels[k]!), name: k, value: v[k], errors, options: [['', t('regional.personLanguageDefault')], ...languageOptions(t)] })
    }
    return textField({
      label: t(labels[k]!), name: k, value: v[k], errors, required: k === 'lastName',
      type: k.startsWith('email') ? 'email' : k === 'birthDate' ? 'date' : 'text',
      hint: k === 'externId' ? t('personForm.externIdHint') : k.startsWith('freeField') && k === 'freeField1' ? t('personForm.freeFieldHint') : undefined,
    })
  }
  return html`<form method="post" action="${uiBase}/persons/${encodeURIComponent(personId)}" class="stack grid-form" novalidate>
  ${csrfField(csrfToken)}
  ${fields.map(field)}
  <button type="submit" class="primary">${t('personForm.save')}</button>
</form>`
}

export function personPageRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function show(request: FastifyRequest<{ Params: { personId: string } }>, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const person = await findPerson(ctx.db, tenantId, request.params.personId)
    if (!person || person.person_id.startsWith('erased-')) throw new ServiceError(404, 'PERSON_NOT_FOUND', i18nOf(request).t('personForm.notFound'))
    const i18n = i18nOf(request)
    const { t } = i18n
    const name = personName(person.data as Record<string, string>) || person.person_id
    const body = html`<p class="breadcrumb"><a href="${uiBase}/persons">${t('logs.persons.title')}</a></p>
<h1>${name}</h1>
<p class="hint">${t('personForm.hint', { personId: person.person_id })}
  <a href="${uiBase}/registrations?q=${encodeURIComponent(person.person_id)}">${t('personForm.registrations')}</a></p>
<section aria-labelledby="person-h" class="panel">
  <h2 id="person-h">${t('personForm.title')}</h2>
  ${form(i18n, person.person_id, csrfToken, o.values ?? valuesOf(person.data as Record<string, unknown>), o.errors)}
</section>
<p><a href="${uiBase}/persons/${encodeURIComponent(person.person_id)}/erase" class="button-link">${t('registrations.erase')}</a></p>`
    return sendPage(request, reply, { title: name, current: 'persons', body, status: o.errors ? 422 : 200 })
  }

  ui.get<{ Params: { personId: string } }>('/persons/:personId', (request, reply) => show(request, reply))

  ui.post<{ Params: { personId: string } }>('/persons/:personId', async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    const f = formOf(request)
    const existing = await findPerson(ctx.db, tenantId, request.params.personId)
    if (!existing || existing.person_id.startsWith('erased-')) throw new ServiceError(404, 'PERSON_NOT_FOUND', i18nOf(request).t('personForm.notFound'))
    const parsed = personSchema.safeParse(personInputOf(existing.person_id, f))
    if (!parsed.success) {
      request.log.warn({ adminUserId, code: 'INVALID_INPUT', fields: parsed.error.issues.map((i) => i.path.join('.')) }, 'person form refused')
      return show(request, reply, { values: Object.fromEntries(fields.map((k) => [k, f[k] ?? ''])), errors: errorsByField(parsed.error.issues, i18nOf(request)) })
    }
    await savePerson(ctx, tenantId, parsed.data)
    request.log.info({ adminUserId }, 'person saved from the Service Center')
    return reply.redirect(`${uiBase}/persons/${encodeURIComponent(existing.person_id)}?done=person-saved`, 303)
  })
}
