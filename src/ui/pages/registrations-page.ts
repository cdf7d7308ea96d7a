// Registrations: search and filter, register a person, and one registration with its step timeline,
// its mails, its result (once results exist), its notifications, and retry / cancel / resend.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, when, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import * as service from '../../services/registrations.ts'
import { registrationStatuses, type RegistrationStatus } from '../../domain/registration-state.ts'
import { listCourseDefinitions, getCourseDefinition } from '../../store/course-definitions.ts'
import { getPersonByRef } from '../../store/persons.ts'
import { listMails, type MailRow } from '../../store/mails.ts'
import { getConnection } from '../../store/connections.ts'
import { getTenantRegistration, type StepRow } from '../../store/registrations.ts'
import { describeCode } from '../../notifications/catalogue.ts'
import { listResultsOf } from '../../store/results.ts'
import { resultView } from '../../services/results.ts'
import type { NotificationRow } from '../../store/notifications.ts'
import { personName, searchRegistrations } from '../ui-queries.ts'
import { statusBadge, statusLabels } from '../status-labels.ts'

const personFields = ['personId', 'firstName', 'namePrefix', 'lastName', 'gender', 'email1'] as const

export function registrationRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function listPage(request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId, csrfToken } = sessionOf(request)
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : ''
    const status = Object.hasOwn(registrationStatuses, request.query.status ?? '') ? request.query.status as RegistrationStatus : undefined
    const [rows, courses] = await Promise.all([
      searchRegistrations(ctx.db, tenantId, { search: q, status }),
      listCourseDefinitions(ctx.db, tenantId),
    ])
    const v = o.values ?? {}
    const body = html`
<h1>Registrations</h1>
<form method="get" action="${uiBase}/registrations" class="filters" role="search">
  ${textField({ label: 'Person id or name', name: 'q', type: 'search', value: q })}
  ${selectField({ label: 'State', name: 'status', value: status ?? '', options: [['', 'All states'], ...Object.entries(statusLabels).map(([k, s]) => [k, s.label] as const)] })}
  <button type="submit">Search</button>
</form>
${rows.length === 0 ? html`<p>No registration ${q || status ? 'matches' : 'yet'}.</p>` : html`
<table>
  <caption>${rows.length === 100 ? 'The newest 100 registrations' : `${rows.length} registration${rows.length === 1 ? '' : 's'}`}${q ? ` for “${q}”` : ''}</caption>
  <thead><tr><th scope="col">Person</th><th scope="col">Course</th><th scope="col">State</th><th scope="col">Login name</th><th scope="col">Changed</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr>
    <td><a href="${uiBase}/registrations/${r.id}">${personName(r.person) || r.person_id}</a> <span class="subtle">${r.person_id}</span></td>
    <td>${r.course_code}</td><td>${statusBadge(r.status)}${r.desired === 'cancelled' && r.status !== 'cancelled' ? html` <span class="subtle">cancelling</span>` : ''}</td>
    <td>${r.login_name ?? '—'}</td><td>${when(r.updated_at)}</td></tr>`)}
  </tbody>
</table>`}
<section aria-labelledby="reg-h" class="panel">
  <h2 id="reg-h">Register a person</h2>
  <p class="hint">As the training administration would: the person is stored (or updated) and gets access to the course.</p>
  ${courses.length === 0 ? html`<p>Add a <a href="${uiBase}/courses">course definition</a> first.</p>` : html`
  <form method="post" action="${uiBase}/registrations" class="stack grid-form">
    ${csrfField(csrfToken)}
    ${textField({ label: 'Person id (TMS)', name: 'person.personId', value: v['person.personId'], required: true, errors: o.errors })}
    ${textField({ label: 'First name', name: 'person.firstName', value: v['person.firstName'], errors: o.errors })}
    ${textField({ label: 'Name prefix', name: 'person.namePrefix', value: v['person.namePrefix'], errors: o.errors })}
    ${textField({ label: 'Last name', name: 'person.lastName', value: v['person.lastName'], required: true, errors: o.errors })}
    ${selectField({
      label: 'Gender', name: 'person.gender', value: v['person.gender'], errors: o.errors,
      hint: 'ILIAS stores only female and male, and a default ILIAS requires it; leave it empty when unknown',
      options: [['', '(not given)'], ['female', 'female'], ['male', 'male'], ['diverse', 'diverse']],
    })}
    ${textField({ label: 'E-mail', name: 'person.email1', type: 'email', value: v['person.email1'], errors: o.errors })}
    ${selectField({ label: 'Course', name: 'courseCode', value: v.courseCode, options: courses.map((c) => [c.code, `${c.code} — ${c.name}`] as const), errors: o.errors })}
    <button type="submit" class="primary">Register</button>
  </form>`}
</section>`
    return sendPage(request, reply, { title: 'Registrations', current: 'registrations', body, status: o.errors ? 422 : 200 })
  }

  async function load(request: FastifyRequest<{ Params: { id: string } }>) {
    const r = await getTenantRegistration(ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!r) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'There is no such registration.')
    return r
  }

  ui.get('/registrations', async (request, reply) => listPage(request as FastifyRequest<{ Querystring: Record<string, string> }>, reply))

  ui.post('/registrations', async (request, reply) => {
    const f = formOf(request)
    const person: Record<string, string> = {}
    for (const k of personFields) if ((f[`person.${k}`] ?? '').trim() !== '') person[k] = f[`person.${k}`]!
    const parsed = service.registrationCreateSchema.safeParse({ person, courseCode: f.courseCode ?? '' })
    const retry = (errors: FieldErrors) => listPage(request as FastifyRequest<{ Querystring: Record<string, string> }>, reply, { values: f, errors })
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
    const action = (path: string, label: string, cls = '') => html`<form method="post" action="${uiBase}/registrations/${r.id}/${path}">${csrfField(csrfToken)}<button type="submit" class="${cls}">${label}</button></form>`
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/registrations">Registrations</a></p>
<h1>${name} <span class="subtle">${course?.code ?? ''}</span></h1>
<div class="actions">
  ${action('retry', 'Retry')}
  ${r.desired === 'active' ? action('cancel', 'Cancel access', 'danger') : ''}
  ${r.lmsUserId ? action('resend-credentials', 'Resend credentials') : ''}
  <a href="${uiBase}/registrations/${r.id}" class="button-link">Refresh</a>
  ${person && !person.person_id.startsWith('erased-') ? html`<a href="${uiBase}/persons/${encodeURIComponent(person.person_id)}/erase" class="button-link">Erase personal data…</a>` : ''}
</div>
<section aria-labelledby="sum-h" class="panel">
  <h2 id="sum-h">State</h2>
  <dl class="facts" data-registration-state>
    <dt>State</dt><dd>${statusBadge(r.status)}${r.statusCode ? html` <code>${r.statusCode}</code>` : ''}</dd>
    <dt>Wanted</dt><dd>${r.desired === 'active' ? 'Access' : 'No access (cancelled)'}</dd>
    <dt>Person</dt><dd>${name} (person id ${person?.person_id ?? '?'})${person?.data.email1 ? html`, ${person.data.email1}` : ''}</dd>
    <dt>Course</dt><dd>${course ? html`<a href="${uiBase}/courses/${course.id}">${course.code}</a> ${course.name}` : '?'}${connection ? html` via <a href="${uiBase}/connections/${connection.id}">${connection.name}</a>` : ''}</dd>
    <dt>Login name</dt><dd data-field="loginName">${r.loginName ?? '—'}</dd>
    <dt>LMS user id</dt><dd data-field="lmsUserId">${r.lmsUserId ?? '—'}</dd>
    <dt>Account</dt><dd>${r.lmsUserId ? (r.accountCreated ? 'Created by coursebridge' : 'Existing account reused') : '—'}</dd>
    <dt>Access given</dt><dd>${when(r.accessGrantedAt)}</dd>
    ${r.accessRevokedAt ? html`<dt>Access removed</dt><dd>${when(r.accessRevokedAt)}</dd>` : ''}
    <dt>Attempts</dt><dd>${r.attempts}</dd>
    ${r.externalId ? html`<dt>TMS registration id</dt><dd>${r.externalId}</dd>` : ''}
  </dl>
</section>
${resultSection(results.map(resultView))}
${notificationSection(detail.notifications)}
<section aria-labelledby="mail-h" class="panel">
  <h2 id="mail-h">Mails</h2>
  ${mails.length === 0 ? html`<p>No mail for this registration yet.</p>` : html`<ul class="mail-list">${mails.map(mailItem)}</ul>`}
</section>
<section aria-labelledby="steps-h" class="panel">
  <h2 id="steps-h">Step timeline</h2>
  ${detail.steps.length === 0 ? html`<p>No step yet: the registration waits for a worker.</p>` : html`<ol class="timeline">${detail.steps.map(stepItem)}</ol>`}
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

function stepItem(s: StepRow): Html {
  return html`<li class="step step-${s.outcome}">
  <span class="step-time">${when(s.at)}</span>
  <span class="step-what"><strong>${s.step}</strong>${s.function ? html` <code>${s.function}</code>` : ''}</span>
  <span class="step-outcome">${s.outcome}${s.error_code ? html` <code>${s.error_code}</code>` : ''}${s.duration_ms !== null ? html` <span class="subtle">${s.duration_ms} ms</span>` : ''}${s.items !== null && s.items > 1 ? html` <span class="subtle">${s.items} records</span>` : ''}</span>
  ${s.detail ? html`<span class="step-detail">${s.detail}</span>` : ''}
</li>`
}

const mailStatusLabels: Record<string, string> = {
  'awaiting-account': 'Waits for the account', queued: 'Queued', retrying: 'Retrying', 'waiting-smtp': 'Waits for an SMTP server', sent: 'Sent', outbox: 'In the outbox (no SMTP server)', failed: 'Failed',
}

function mailItem(m: MailRow): Html {
  return html`<li class="mail" data-mail-purpose="${m.purpose}">
  <p><strong>${m.subject ?? `(${m.template_key}, not rendered yet)`}</strong></p>
  <p class="subtle">To ${m.to_address} · ${m.purpose} · ${mailStatusLabels[m.status] ?? m.status}${m.sent_at ? ` · ${when(m.sent_at)}` : ''}${m.attempts > 1 ? ` · ${m.attempts} attempts` : ''}</p>
  ${m.last_error ? html`<p class="field-error">${m.last_error_code}: ${m.last_error}</p>` : ''}
  ${m.text ? html`<details><summary>Text as sent (password removed)</summary><pre>${m.text}</pre></details>` : ''}
</li>`
}

function notificationSection(items: NotificationRow[]): Html {
  if (items.length === 0) return html``
  return html`<section aria-labelledby="n-h" class="panel callout-bad">
  <h2 id="n-h">Open notifications</h2>
  <ul class="plain-list">${items.map((n) => {
    const d = describeCode(n.code)
    return html`<li><strong>${d.title}</strong> <code>${n.code}</code><p>${n.message}</p><p><strong>Fix:</strong> ${d.fix}</p></li>`
  })}</ul>
</section>`
}

/** The results of this registration, oldest first (a retake adds one; the history stays). */
function resultSection(results: ReturnType<typeof resultView>[]): Html {
  const body = results.length === 0 ? html`<p>No result yet: it arrives when the participant completes the course.</p>`
    : html`<ol class="plain-list" data-results>${results.map((x) => html`<li data-result>
      ${x.passed ? html`<span class="badge badge-ok">Passed</span>` : html`<span class="badge badge-bad">Not passed</span>`}
      ${x.attended ? 'attended' : 'did not attend'}${x.grade ? html`, grade <strong>${x.grade.final}</strong>${x.grade.max !== null ? ` of ${x.grade.max}` : ''}` : ''}
      · completed ${when(x.completedAt)} <span class="subtle">(${x.source}, recorded ${when(x.receivedAt)})</span></li>`)}</ol>`
  return html`<section aria-labelledby="res-h" class="panel"><h2 id="res-h">Result</h2>${body}</section>`
}
