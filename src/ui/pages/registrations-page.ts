// Registrations: search and filter, register a person, and one registration with its step timeline,
// its mails, its result (once results exist), its notifications, and retry / cancel / resend.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import * as service from '../../services/registrations.ts'
import { listCourseDefinitions, getCourseDefinition } from '../../store/course-definitions.ts'
import { getPersonByRef } from '../../store/persons.ts'
import { listMails, type MailRow } from '../../store/mails.ts'
import { getConnection } from '../../store/connections.ts'
import { getTenantRegistration, type StepRow } from '../../store/registrations.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { listResultsOf } from '../../store/results.ts'
import { resultView } from '../../services/results.ts'
import type { NotificationRow } from '../../store/notifications.ts'
import { personName } from '../ui-queries.ts'
import { mailStatusLabel, passedBadge, statusBadge } from '../status-labels.ts'
import { renderListPage } from './list-page.ts'
import { registrationsListPage } from './registration-list.ts'
import { parseListQuery, sendCsv } from '../list-view.ts'
import { registrationsList } from '../../lists/list-specs.ts'
import type { ListSpec } from '../../lists/list-query.ts'

const personFields = ['personId', 'firstName', 'namePrefix', 'lastName', 'gender', 'email1'] as const

export function registrationRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps
  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const courses = await listCourseDefinitions(ctx.db, tenantId)
    const v = o.values ?? {}
    const { t, th } = i18nOf(request)
    const registerForm = html`
<section aria-labelledby="reg-h" class="panel">
  <h2 id="reg-h">${t('registrations.register')}</h2>
  <p class="hint">${t('registrations.registerHint')}</p>
  ${courses.length === 0 ? html`<p>${th('registrations.addCourseFirst', { link: html`<a href="${uiBase}/courses">${t('registrations.courseDefinition')}</a>` })}</p>` : html`
  <form method="post" action="${uiBase}/registrations" class="stack grid-form">
    ${csrfField(csrfToken)}
    ${textField({ label: t('registrations.field.personId'), name: 'person.personId', value: v['person.personId'], required: true, errors: o.errors })}
    ${textField({ label: t('registrations.field.firstName'), name: 'person.firstName', value: v['person.firstName'], errors: o.errors })}
    ${textField({ label: t('registrations.field.namePrefix'), name: 'person.namePrefix', value: v['person.namePrefix'], errors: o.errors })}
    ${textField({ label: t('registrations.field.lastName'), name: 'person.lastName', value: v['person.lastName'], required: true, errors: o.errors })}
    ${selectField({
      label: t('registrations.field.gender'), name: 'person.gender', value: v['person.gender'], errors: o.errors,
      hint: t('registrations.field.genderHint'),
      options: [['', t('registrations.gender.none')], ['female', t('registrations.gender.female')], ['male', t('registrations.gender.male')], ['diverse', t('registrations.gender.diverse')]],
    })}
    ${textField({ label: t('registrations.field.email'), name: 'person.email1', type: 'email', value: v['person.email1'], errors: o.errors })}
    ${selectField({ label: t('registrations.field.course'), name: 'courseCode', value: v.courseCode, options: courses.map((c) => [c.code, `${c.code} — ${c.name}`] as const), errors: o.errors })}
    <button type="submit" class="primary">${t('registrations.registerButton')}</button>
  </form>`}
</section>`
    return renderListPage(deps, (i18n) => registrationsListPage(i18n, registerForm), request, reply, { status: o.errors ? 422 : 200 })
  }

  async function load(request: FastifyRequest<{ Params: { id: string } }>) {
    const r = await getTenantRegistration(ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!r) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'There is no such registration.')
    return r
  }

  ui.get('/registrations', async (request, reply) => listPage(request, reply))
  ui.get('/registrations.csv', async (request, reply) =>
    sendCsv(reply, ctx.db, registrationsList, sessionOf(request).tenantId,
      { ...parseListQuery(registrationsList as ListSpec<unknown>, request.query), timeZone: i18nOf(request).timeZone }))

  ui.post('/registrations', async (request, reply) => {
    const f = formOf(request)
    const person: Record<string, string> = {}
    for (const k of personFields) if ((f[`person.${k}`] ?? '').trim() !== '') person[k] = f[`person.${k}`]!
    const parsed = service.registrationCreateSchema.safeParse({ person, courseCode: f.courseCode ?? '' })
    const retry = (errors: FieldErrors) => listPage(request, reply, { values: f, errors })
    if (!parsed.success) return retry(errorsByField(parsed.error.issues))
    try {
      const { registration } = await service.register(ctx, sessionOf(request).tenantId, parsed.data)
      return reply.redirect(`${uiBase}/registrations/${registration.id}?done=registered`, 303)
    } catch (err) {
      if (err instanceof ServiceError && err.status < 500) return retry({ courseCode: err.message })
      throw err
    }
  })

  ui.get<{ Params: { id: string } }>('/registrations/:id', async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const detail = await service.registrationDetail(ctx, tenantId, request.params.id)
    const r = detail.registration
    const [person, course, mails, results] = await Promise.all([
      getPersonByRef<Record<string, string>>(ctx.db, r.personRef),
      getCourseDefinition(ctx.db, tenantId, r.courseDefinitionId),
      listMails(ctx.db, tenantId, { registrationId: r.id }),
      listResultsOf(ctx.db, r.id),
    ])
    const connection = course ? await getConnection(ctx.db, ctx.box, tenantId, course.connectionId) : null
    const name = person ? personName(person.data) : '?'
    const i = i18nOf(request)
    const { t, th, when } = i
    const action = (path: string, label: string, cls = '') => html`<form method="post" action="${uiBase}/registrations/${r.id}/${path}">${csrfField(csrfToken)}<button type="submit" class="${cls}">${label}</button></form>`
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/registrations">${t('registrations.title')}</a></p>
<h1>${name} <span class="subtle">${course?.code ?? ''}</span></h1>
<div class="actions">
  ${action('retry', t('registrations.retry'))}
  ${r.desired === 'active' ? action('cancel', t('registrations.cancel'), 'danger') : ''}
  ${r.lmsUserId ? action('resend-credentials', t('registrations.resend')) : ''}
  <a href="${uiBase}/registrations/${r.id}" class="button-link">${t('registrations.refresh')}</a>
  ${person && !person.person_id.startsWith('erased-') ? html`<a href="${uiBase}/persons/${encodeURIComponent(person.person_id)}/erase" class="button-link">${t('registrations.erase')}</a>` : ''}
</div>
<section aria-labelledby="sum-h" class="panel">
  <h2 id="sum-h">${t('registrations.state')}</h2>
  <dl class="facts" data-registration-state>
    <dt>${t('registrations.state')}</dt><dd>${statusBadge(t, r.status)}${r.statusCode ? html` <code>${r.statusCode}</code>` : ''}</dd>
    <dt>${t('registrations.wanted')}</dt><dd>${r.desired === 'active' ? t('registrations.wantedAccess') : t('registrations.wantedNoAccess')}</dd>
    <dt>${t('registrations.person')}</dt><dd>${t('registrations.personFacts', { name, personId: person?.person_id ?? '?' })}${person?.data.email1 ? html`, ${person.data.email1}` : ''}</dd>
    <dt>${t('registrations.course')}</dt><dd>${course ? html`<a href="${uiBase}/courses/${course.id}">${course.code}</a> ${course.name}` : '?'}${connection ? html` ${th('registrations.via', { connection: html`<a href="${uiBase}/connections/${connection.id}">${connection.name}</a>` })}` : ''}</dd>
    <dt>${t('registrations.loginName')}</dt><dd data-field="loginName">${r.loginName ?? '—'}</dd>
    <dt>${t('registrations.lmsUserId')}</dt><dd data-field="lmsUserId">${r.lmsUserId ?? '—'}</dd>
    <dt>${t('registrations.account')}</dt><dd>${r.lmsUserId ? (r.accountCreated ? t('registrations.accountCreated') : t('registrations.accountReused')) : '—'}</dd>
    <dt>${t('registrations.accessGiven')}</dt><dd>${when(r.accessGrantedAt)}</dd>
    ${r.accessRevokedAt ? html`<dt>${t('registrations.accessRemoved')}</dt><dd>${when(r.accessRevokedAt)}</dd>` : ''}
    <dt>${t('registrations.attempts')}</dt><dd>${r.attempts}</dd>
    ${r.externalId ? html`<dt>${t('registrations.externalId')}</dt><dd>${r.externalId}</dd>` : ''}
  </dl>
</section>
${resultSection(i, results.map(resultView))}
${notificationSection(i, detail.notifications)}
<section aria-labelledby="mail-h" class="panel">
  <h2 id="mail-h">${t('registrations.mails')}</h2>
  ${mails.length === 0 ? html`<p>${t('registrations.noMail')}</p>` : html`<ul class="mail-list">${mails.map((m) => mailItem(i, m))}</ul>`}
</section>
<section aria-labelledby="steps-h" class="panel">
  <h2 id="steps-h">${t('registrations.steps')}</h2>
  ${detail.steps.length === 0 ? html`<p>${t('registrations.noStep')}</p>` : html`<ol class="timeline">${detail.steps.map((st) => stepItem(i, st))}</ol>`}
</section>`
    return sendPage(request, reply, { title: name, current: 'registrations', body })
  })

  ui.post<{ Params: { id: string } }>('/registrations/:id/retry', async (request, reply) => {
    await service.retry(ctx, sessionOf(request).tenantId, request.params.id)
    return reply.redirect(`${uiBase}/registrations/${request.params.id}?done=retried`, 303)
  })
  ui.post<{ Params: { id: string } }>('/registrations/:id/cancel', async (request, reply) => {
    await service.cancel(ctx, sessionOf(request).tenantId, request.params.id)
    return reply.redirect(`${uiBase}/registrations/${request.params.id}?done=cancelled`, 303)
  })
  ui.post<{ Params: { id: string } }>('/registrations/:id/resend-credentials', async (request, reply) => {
    const r = await load(request)
    if (!r.lmsUserId) throw new ServiceError(409, 'REGISTRATION_HAS_NO_ACCOUNT', 'This registration has no LMS account yet.')
    await ctx.queue.enqueueResendCredentials(r.id)
    return reply.redirect(`${uiBase}/registrations/${r.id}?done=resend-queued`, 303)
  })
}

function stepItem({ t, when }: PageI18n, s: StepRow): Html {
  return html`<li class="step step-${s.outcome}">
  <span class="step-time">${when(s.at)}</span>
  <span class="step-what"><strong>${s.step}</strong>${s.function ? html` <code>${s.function}</code>` : ''}</span>
  <span class="step-outcome">${s.outcome}${s.error_code ? html` <code>${s.error_code}</code>` : ''}${s.duration_ms !== null ? html` <span class="subtle">${s.duration_ms} ms</span>` : ''}${s.items !== null && s.items > 1 ? html` <span class="subtle">${t('registrations.records', { count: s.items })}</span>` : ''}</span>
  ${s.detail ? html`<span class="step-detail">${s.detail}</span>` : ''}
</li>`
}

function mailItem({ t, when }: PageI18n, m: MailRow): Html {
  return html`<li class="mail" data-mail-purpose="${m.purpose}">
  <p><strong>${m.subject ?? t('registrations.notRendered', { template: m.template_key })}</strong></p>
  <p class="subtle">${t('registrations.mailTo', { address: m.to_address })} · ${m.purpose} · ${mailStatusLabel(t, m.status)}${m.sent_at ? ` · ${when(m.sent_at)}` : ''}${m.attempts > 1 ? ` · ${t('registrations.mailAttempts', { count: m.attempts })}` : ''}</p>
  ${m.last_error ? html`<p class="field-error">${m.last_error_code}: ${m.last_error}</p>` : ''}
  ${m.text ? html`<details><summary>${t('registrations.textAsSent')}</summary><pre>${m.text}</pre></details>` : ''}
</li>`
}

function notificationSection({ t }: PageI18n, items: NotificationRow[]): Html {
  if (items.length === 0) return html``
  return html`<section aria-labelledby="n-h" class="panel callout-bad">
  <h2 id="n-h">${t('registrations.openNotifications')}</h2>
  <ul class="plain-list">${items.map((n) => {
    const d = describeCode(n.code)
    return html`<li><strong>${d.title}</strong> <code>${n.code}</code><p>${n.message}</p><p><strong>${t('registrations.fix')}</strong> ${d.fix}</p></li>`
  })}</ul>
</section>`
}

/** The results of this registration, oldest first (a retake adds one; the history stays). */
function resultSection({ t, th, when }: PageI18n, results: ReturnType<typeof resultView>[]): Html {
  const body = results.length === 0 ? html`<p>${t('registrations.noResult')}</p>`
    : html`<ol class="plain-list" data-results>${results.map((x) => html`<li data-result>
      ${passedBadge(t, x.passed)}
      ${x.attended ? t('registrations.attended') : t('registrations.notAttended')}${x.grade ? html`${th('registrations.grade', { grade: html`<strong>${x.grade.final}</strong>` })}${x.grade.max !== null ? t('registrations.gradeOf', { max: x.grade.max }) : ''}` : ''}
      ${t('registrations.completed', { when: when(x.completedAt) })} <span class="subtle">${t('registrations.recorded', { source: x.source, when: when(x.receivedAt) })}</span></li>`)}</ol>`
  return html`<section aria-labelledby="res-h" class="panel"><h2 id="res-h">${t('registrations.result')}</h2>${body}</section>`
}
