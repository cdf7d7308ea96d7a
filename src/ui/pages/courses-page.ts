// Course definitions: TMS course code → LMS course or cohort, with role and enrolment period. The form is checked
// with the API's schema (src/services/course-definition-input.ts) and saved through the same service functions,
// which look the target up on the connection's LMS first.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import * as service from '../../services/course-definitions.ts'
import { courseDefinitionCreateSchema, courseFormBody, courseFormField } from '../../services/course-definition-input.ts'
import { listConnections } from '../../store/connections.ts'
import { archivePanel, archiveSwitch } from './archive-pages.ts'
import * as store from '../../store/course-definitions.ts'
import type { CourseDefinition } from '../../store/course-definitions.ts'
import type { TargetSpec } from '../../lms/lms-adapter.ts'

export const targetLabel = (t: TargetSpec) => t.type === 'ilias-course' ? `ILIAS course ref id ${t.refId}`
  : `Moodle ${t.type === 'moodle-cohort' ? 'cohort' : 'course'} by ${t.by} ${t.value}`

function formValues(d: CourseDefinition): Record<string, string> {
  const t = d.target
  return {
    code: d.code, name: d.name, connectionId: d.connectionId, 'target.type': t.type,
    'target.by': t.type === 'ilias-course' ? 'id' : t.by, 'target.value': t.type === 'ilias-course' ? t.refId : t.value,
    role: d.role ?? '', enrolStart: d.enrolStart?.toISOString().slice(0, 10) ?? '', enrolEnd: d.enrolEnd?.toISOString().slice(0, 10) ?? '',
  }
}

export function courseRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function courseForm_(request: FastifyRequest, v: Record<string, string>, errors: FieldErrors | undefined, action: string, submit: string) {
    // Archived connections are not offered (the definition's own stays visible, so its form shows what it is on).
    const connections = (await listConnections(ctx.db, ctx.box, sessionOf(request).tenantId))
      .filter((c) => !c.archivedAt || c.id === v.connectionId)
    const { t } = i18nOf(request)
    return html`<form method="post" action="${action}" class="stack">
    ${csrfField(sessionOf(request).csrfToken)}
    ${textField({ label: t('courses.field.code'), name: 'code', value: v.code, required: true, errors })}
    ${textField({ label: t('courses.field.name'), name: 'name', value: v.name, required: true, errors })}
    ${selectField({
      // No connection chosen for the administrator (not the first by name), unless there is only one.
      label: t('courses.field.connection'), name: 'connectionId', value: v.connectionId ?? (connections.length === 1 ? connections[0]!.id : ''), errors,
      options: [...(connections.length === 1 ? [] : [['', t('settings.course.chooseConnection')] as const]), ...connections.map((c) => [c.id, c.name] as const)],
    })}
    <fieldset><legend>${t('courses.where')}</legend>
      ${selectField({ label: t('courses.field.target'), name: 'target.type', value: v['target.type'], options: [['moodle-course', t('courses.target.moodleCourse')], ['moodle-cohort', t('courses.target.moodleCohort')], ['ilias-course', t('courses.target.iliasCourse')]], errors })}
      ${selectField({ label: t('courses.field.by'), name: 'target.by', value: v['target.by'], options: [['id', 'id'], ['shortname', t('courses.by.shortname')], ['idnumber', 'idnumber']], errors })}
      ${textField({ label: t('courses.field.value'), name: 'target.value', value: v['target.value'], required: true, errors })}
    </fieldset>
    ${textField({ label: t('courses.field.role'), name: 'role', value: v.role, errors, hint: t('courses.field.roleHint') })}
    ${textField({ label: t('courses.field.start'), name: 'enrolStart', type: 'date', value: v.enrolStart, errors })}
    ${textField({ label: t('courses.field.end'), name: 'enrolEnd', type: 'date', value: v.enrolEnd, errors })}
    <button type="submit" class="primary">${submit}</button>
  </form>`
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId } = sessionOf(request)
    const [all, connections] = await Promise.all([store.listCourseDefinitions(ctx.db, tenantId), listConnections(ctx.db, ctx.box, tenantId)])
    // Archived definitions are listed apart (?archived=1), with their restore link on their page.
    const showArchived = (request.query as { archived?: string }).archived === '1'
    const courses = all.filter((d) => (d.archivedAt !== null) === showArchived)
    const connectionName = new Map(connections.map((c) => [c.id, c.name]))
    const i = i18nOf(request)
    const { t } = i
    const body = html`
<h1>${showArchived ? t('archive.archivedCourses') : t('courses.title')}</h1>
${archiveSwitch(i, `${uiBase}/courses`, showArchived, all.filter((d) => d.archivedAt).length)}
${courses.length === 0 ? html`<p>${showArchived ? t('archive.noneArchived') : t('courses.none')}</p>` : html`
<table>
  <caption>${showArchived ? t('archive.archivedCourses') : t('courses.caption')}</caption>
  <thead><tr><th scope="col">${t('courses.col.code')}</th><th scope="col">${t('courses.col.name')}</th><th scope="col">${t('courses.col.connection')}</th><th scope="col">${t('courses.col.target')}</th><th scope="col">${t('courses.col.resolved')}</th></tr></thead>
  <tbody>${courses.map((d) => html`<tr>
    <td><a href="${uiBase}/courses/${d.id}">${d.code}</a></td><td>${d.name}</td><td>${connectionName.get(d.connectionId) ?? '?'}</td>
    <td>${targetLabel(d.target)}</td><td>${d.resolvedTarget ? d.resolvedTarget.label : t('archive.notVerified')}</td></tr>`)}
  </tbody>
</table>`}
${showArchived ? '' : html`<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">${t('courses.add')}</h2>
  ${await courseForm_(request, o.values ?? { 'target.type': 'moodle-course', 'target.by': 'id' }, o.errors, `${uiBase}/courses`, t('courses.addButton'))}
</section>`}`
    return sendPage(request, reply, { title: t('courses.title'), current: 'courses', body, status: o.errors ? 422 : 200 })
  }

  async function editPage(request: FastifyRequest, reply: FastifyReply, d: CourseDefinition, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const i = i18nOf(request)
    const { t } = i
    const usage = await service.courseDefinitionUsage(ctx, d.tenantId, d.id)
    const note = d.archivedAt ? t('archive.course.isArchived', { date: i.when(d.archivedAt) })
      : usage.registrations > 0 ? t('archive.course.inUse', { registrations: usage.registrations, active: usage.active }) : t('archive.course.unused')
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/courses${d.archivedAt ? '?archived=1' : ''}">${d.archivedAt ? t('archive.archivedCourses') : t('courses.title')}</a></p>
<h1>${d.code} <span class="subtle">${d.name}</span>${d.archivedAt ? html` <span class="badge badge-quiet">${t('archive.archived')}</span>` : ''}</h1>
<section class="panel" aria-label="${t('courses.edit')}">
  ${await courseForm_(request, o.values ?? formValues(d), o.errors, `${uiBase}/courses/${d.id}`, t('courses.saveButton'))}
</section>
${archivePanel(i, { base: `${uiBase}/courses/${d.id}`, archivedAt: d.archivedAt, note, canDelete: usage.registrations === 0 })}`
    return sendPage(request, reply, { title: d.code, current: 'courses', body, status: o.errors ? 422 : 200 })
  }

  /** The form through the API's schema; field errors keyed by the form's field names. */
  function parse(request: FastifyRequest) {
    const { _csrf: _, ...f } = formOf(request)
    const r = courseDefinitionCreateSchema.safeParse(courseFormBody(f))
    if (r.success) return { f, input: r.data }
    return { f, errors: errorsByField(r.error.issues.map((issue) => ({ ...issue, path: courseFormField(issue.path).split('.') })), i18nOf(request)) }
  }

  /** A refusal of the service as a field error of the form (what was typed stays); anything else is rethrown. */
  function fieldError(request: FastifyRequest, err: unknown): FieldErrors {
    if (!(err instanceof ServiceError)) throw err
    const { t } = i18nOf(request)
    const detail = (err.details as { message?: string }[] | undefined)?.[0]?.message ?? err.message
    switch (err.code) {
      case 'COURSE_TARGET_UNRESOLVED': return { 'target.value': t('archive.targetUnresolved', { detail }) }
      case 'CONNECTION_ARCHIVED': return { connectionId: t('archive.connectionArchived') }
      case 'CONNECTION_NOT_FOUND': return { connectionId: 'unknown connection' }
      case 'COURSE_CODE_TAKEN': return { code: t('courses.codeTaken') }
      default: throw err
    }
  }

  ui.get('/courses', async (request, reply) => listPage(request, reply))
  ui.post('/courses', async (request, reply) => {
    const p = parse(request)
    if (!p.input) return listPage(request, reply, { values: p.f, errors: p.errors })
    try {
      const { check } = await service.createCourseDefinition(ctx, sessionOf(request).tenantId, p.input)
      return reply.redirect(`${uiBase}/courses?done=${check.verified ? 'course-added' : 'course-not-verified'}`, 303)
    } catch (err) {
      return listPage(request, reply, { values: p.f, errors: fieldError(request, err) })
    }
  })
  ui.get<{ Params: { id: string } }>('/courses/:id', async (request, reply) => {
    const d = await store.getCourseDefinition(ctx.db, sessionOf(request).tenantId, request.params.id)
    if (!d) throw new ServiceError(404, 'COURSE_DEFINITION_NOT_FOUND', 'There is no such course definition.')
    return editPage(request, reply, d)
  })
  ui.post<{ Params: { id: string } }>('/courses/:id', async (request, reply) => {
    const { tenantId } = sessionOf(request)
    const d = await store.getCourseDefinition(ctx.db, tenantId, request.params.id)
    if (!d) throw new ServiceError(404, 'COURSE_DEFINITION_NOT_FOUND', 'There is no such course definition.')
    const p = parse(request)
    if (!p.input) return editPage(request, reply, d, { values: p.f, errors: p.errors })
    try {
      const { check } = await service.updateCourseDefinition(ctx, tenantId, d.id, p.input)
      return reply.redirect(`${uiBase}/courses?done=${check && !check.verified ? 'course-not-verified' : 'course-saved'}`, 303)
    } catch (err) {
      return editPage(request, reply, d, { values: p.f, errors: fieldError(request, err) })
    }
  })
}
