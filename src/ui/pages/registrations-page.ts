// Registrations: search and filter, register a person, and one registration with its step timeline,
// its mails, its result (once results exist), its notifications, and retry / cancel / resend.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import type { Translator } from '../i18n/i18n.ts'
import { ServiceError } from '../../services/context.ts'
import * as service from '../../services/registrations.ts'
import { isSettled } from '../../domain/registration-state.ts'
import { listCourseDefinitions, getCourseDefinition } from '../../store/course-definitions.ts'
import { getPersonByRef } from '../../store/persons.ts'
import { listMails, type MailRow } from '../../store/mails.ts'
import { archivedConnectionIds, getConnection } from '../../store/connections.ts'
import { getTenantRegistration, type Registration, type StepRow } from '../../store/registrations.ts'
import { removeRegistration } from '../../services/erasure.ts'
import { loadTenantSettings } from '../../services/tenant-settings.ts'
import { sendConfirmation } from '../confirm.ts'
import { codeWords, recordedMessage } from '../notification-text.ts'
import { resultSource, stepName, stepOutcome } from '../step-labels.ts'
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
import { languageOptions } from './regional-page.ts'

const personFields = ['personId', 'firstName', 'namePrefix', 'lastName', 'gender', 'email1', 'language'] as const

export function registrationRoutes(ui: FastifyInstance, deps: UiDeps) {
  const { ctx } = deps
  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    // Archived courses, and courses on an archived connection, take no new registrations.
    const open = (await listCourseDefinitions(ctx.db, tenantId)).filter((c) => !c.archivedAt)
    const archivedConnections = await archivedConnectionIds(ctx.db, [...new Set(open.map((c) => c.connectionId))])
    const courses = open.filter((c) => !archivedConnections.has(c.connectionId))
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
    ${selectField({ label: t('regional.personLanguage'), name: 'person.language', value: v['person.language'], errors: o.errors, options: [['', t('regional.personLanguageDefault')], ...languageOptions(t)] })}
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
    if (!parsed.success) return retry(errorsByField(parsed.error.issues, i18nOf(request)))
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
    const ask = (path: string, label: string) => html`<a href="${uiBase}/registrations/${r.id}/${path}" class="button-link">${label}</a>`
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/registrations">${t('registrations.title')}</a></p>
<h1>${name} <span class="subtle">${course?.code ?? ''}</span></h1>
<div class="actions">
  ${offersRetry(r) ? action('retry', t('registrations.retry')) : ''}
  ${r.desired === 'active' ? ask('cancel', t('settings.reg.cancel')) : ''}
  ${offersResend(r) ? ask('resend-credentials', t('settings.reg.resend')) : ''}
  ${removable(r) ? ask('remove', t('settings.reg.remove')) : ''}
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

  // Cancel, resend and remove ask first (one confirmation page each); the GET changes nothing.
  ui.get<{ Params: { id: string } }>('/registrations/:id/cancel', async (request, reply) => {
    const r = await load(request)
    if (r.desired !== 'active') return reply.redirect(`${uiBase}/registrations/${r.id}`, 303)
    const { t } = i18nOf(request)
    const { name, course } = await describe(r)
    const mail = (await loadTenantSettings(ctx.db, r.tenantId)).actionTemplates.cancel.sendMail
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/registrations/${r.id}`, label: `${name}, ${course}` }, current: 'registrations',
      question: t('settings.reg.cancelQuestion', { name, course }),
      consequences: html`<p>${r.accessGrantedAt ? t('settings.reg.cancelRemoves') : t('settings.reg.cancelNothingGiven')}
${t('settings.reg.cancelAccountStays')}</p><p>${mail ? t('settings.reg.cancelMail') : t('settings.reg.cancelNoMail')}</p>`,
      action: `${uiBase}/registrations/${r.id}/cancel`, confirmLabel: t('registrations.cancel'), keepLabel: t('settings.reg.cancelKeep'),
    })
  })
  ui.get<{ Params: { id: string } }>('/registrations/:id/resend-credentials', async (request, reply) => {
    const r = await load(request)
    if (!offersResend(r)) return reply.redirect(`${uiBase}/registrations/${r.id}`, 303)
    const { t, th } = i18nOf(request)
    const { name, course, to } = await describe(r)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/registrations/${r.id}`, label: `${name}, ${course}` }, current: 'registrations', title: t('registrations.resend'),
      question: t('settings.reg.resendQuestion', { name }),
      consequences: html`<p>${th('settings.reg.resendConsequences', { login: html`<code>${r.loginName ?? r.lmsUserId}</code>`, to: to ?? '?' })}</p>`,
      action: `${uiBase}/registrations/${r.id}/resend-credentials`, confirmLabel: t('settings.reg.resendConfirm'), keepLabel: t('settings.reg.resendKeep'), danger: false,
    })
  })
  ui.get<{ Params: { id: string } }>('/registrations/:id/remove', async (request, reply) => {
    const r = await load(request)
    const { t } = i18nOf(request)
    const { name, course } = await describe(r)
    return sendConfirmation(request, reply, {
      back: { href: `${uiBase}/registrations/${r.id}`, label: `${name}, ${course}` }, current: 'registrations',
      question: t('settings.reg.removeQuestion', { name, course }),
      consequences: html`<p>${t('settings.reg.removeConsequences')}</p>`,
      action: `${uiBase}/registrations/${r.id}/remove`, confirmLabel: t('settings.reg.removeConfirm'), keepLabel: t('settings.reg.removeKeep'),
    })
  })

  ui.post<{ Params: { id: string } }>('/registrations/:id/retry', async (request, reply) => {
    await service.retry(ctx, sessionOf(request).tenantId, request.params.id)
    return reply.redirect(`${uiBase}/registrations/${request.params.id}?done=retried`, 303)
  })
  ui.post<{ Params: { id: string } }>('/registrations/:id/cancel', async (request, reply) => {
    await service.cancel(ctx, sessionOf(request).tenantId, request.params.id)
    request.log.info({ registrationId: request.params.id, adminUserId: sessionOf(request).adminUserId }, 'registration cancelled from the Service Center')
    return reply.redirect(`${uiBase}/registrations/${request.params.id}?done=cancelled`, 303)
  })
  ui.post<{ Params: { id: string } }>('/registrations/:id/resend-credentials', async (request, reply) => {
    const r = await service.resendCredentials(ctx, sessionOf(request).tenantId, request.params.id)
    request.log.info({ registrationId: r.id, adminUserId: sessionOf(request).adminUserId }, 'credentials resent from the Service Center')
    return reply.redirect(`${uiBase}/registrations/${r.id}?done=resend-queued`, 303)
  })
  ui.post<{ Params: { id: string } }>('/registrations/:id/remove', async (request, reply) => {
    await removeRegistration(ctx, sessionOf(request).tenantId, request.params.id)
    request.log.info({ registrationId: request.params.id, adminUserId: sessionOf(request).adminUserId }, 'registration removed from the Service Center')
    return reply.redirect(`${uiBase}/registrations?done=registration-removed`, 303)
  })

  async function describe(r: Registration) {
    const [person, course] = await Promise.all([
      getPersonByRef<Record<string, string>>(ctx.db, r.personRef),
      getCourseDefinition(ctx.db, r.tenantId, r.courseDefinitionId),
    ])
    return { name: (person && personName(person.data)) || person?.person_id || '?', course: course?.code ?? '?', to: person?.data.email1 ?? null }
  }
}

/** Retry makes sense while the registration is not where it should be (never on an active one). */
export function offersRetry(r: Pick<Registration, 'status' | 'desired'>): boolean {
  return !isSettled(r.status, r.desired)
}
/** New login details only for an account that is meant to have the course. */
export function offersResend(r: Pick<Registration, 'desired' | 'lmsUserId'>): boolean {
  return r.desired === 'active' && r.lmsUserId !== null
}
/** The same rule as removeRegistration: access removed, or never given and stopped. */
function removable(r: Registration): boolean {
  return (r.desired === 'cancelled' && r.status === 'cancelled')
    || (r.accessGrantedAt === null && ['failed', 'waiting_for_data', 'needs_admin', 'cancelled'].includes(r.status))
}

function stepItem(i18n: PageI18n, s: StepRow): Html {
  const { t, when } = i18n
  return html`<li class="step step-${s.outcome}">
  <span class="step-time">${when(s.at)}</span>
  <span class="step-what"><strong>${stepName(t, s.step)}</strong>${s.function ? html` <code>${s.function}</code>` : ''}</span>
  <span class="step-outcome">${stepOutcome(t, s.outcome)}${s.error_code ? html` <code>${s.error_code}</code>` : ''}${s.duration_ms !== null ? html` <span class="subtle">${t('steps.ms', { ms: s.duration_ms })}</span>` : ''}${s.items !== null && s.items > 1 ? html` <span class="subtle">${t('registrations.records', { count: s.items })}</span>` : ''}</span>
  ${s.detail ? html`<span class="step-detail">${recordedMessage(i18n, s.detail)}</span>` : ''}
</li>`
}

/** A mail's purpose as administrators read it (the stored key holds a job id for a resend). */
export function mailPurposeLabel(purpose: string, t: Translator['t']): string {
  if (purpose.startsWith('credentials-resend')) return t('settings.mailPurpose.resend')
  if (purpose === 'credentials') return t('settings.mailPurpose.credentials')
  if (purpose === 'course-access') return t('settings.mailPurpose.courseAccess')
  if (purpose === 'access-ended') return t('settings.mailPurpose.accessEnded')
  return purpose
}

function mailItem({ t, when }: PageI18n, m: MailRow): Html {
  return html`<li class="mail" data-mail-purpose="${m.purpose}">
  <p><strong>${m.subject ?? t('registrations.notRendered', { template: mailPurposeLabel(m.purpose, t) })}</strong></p>
  <p class="subtle">${t('registrations.mailTo', { address: m.to_address })} · ${mailPurposeLabel(m.purpose, t)} · ${mailStatusLabel(t, m.status)}${m.sent_at ? ` · ${when(m.sent_at)}` : ''}${m.attempts > 1 ? ` · ${t('registrations.mailAttempts', { count: m.attempts })}` : ''}</p>
  ${m.last_error ? html`<p class="field-error">${m.last_error_code}: ${m.last_error}</p>` : ''}
  ${m.text ? html`<details><summary>${t('registrations.textAsSent')}</summary><pre>${m.text}</pre></details>` : ''}
</li>`
}

function notificationSection(i18n: PageI18n, items: NotificationRow[]): Html {
  const { t } = i18n
  if (items.length === 0) return html``
  return html`<section aria-labelledby="n-h" class="panel callout-bad">
  <h2 id="n-h">${t('registrations.openNotifications')}</h2>
  <ul class="plain-list">${items.map((n) => {
    const d = codeWords(i18n, n.code)
    return html`<li><strong>${d.title}</strong> <code>${n.code}</code><p>${recordedMessage(i18n, n.message)}</p><p><strong>${t('registrations.fix')}</strong> ${d.fix}</p></li>`
  })}</ul>
</section>`
}

/** The results of this registration, oldest first (a retake adds one; the history stays). */
function resultSection({ t, th, when }: PageI18n, results: ReturnType<typeof resultView>[]): Html {
  const body = results.length === 0 ? html`<p>${t('registrations.noResult')}</p>`
    : html`<ol class="plain-list" data-results>${results.map((x) => html`<li data-result>
      ${passedBadge(t, x.passed)}
      ${x.attended ? t('registrations.attended') : t('registrations.notAttended')}${x.grade ? html`${th('registrations.grade', { grade: html`<strong>${x.grade.final}</strong>` })}${x.grade.max !== null ? t('registrations.gradeOf', { max: x.grade.max }) : ''}` : ''}
      ${t('registrations.completed', { when: when(x.completedAt) })} <span class="subtle">${t('registrations.recorded', { source: resultSource(t, x.source), when: when(x.receivedAt) })}</span></li>`)}</ol>`
  return html`<section aria-labelledby="res-h" class="panel"><h2 id="res-h">${t('registrations.result')}</h2>${body}</section>`
}
