// Course definitions: TMS course code → LMS course or cohort, with role and enrolment period.
import { regrantAfterChange } from '../../services/course-definitions.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { errorsByField, selectField, textField, type FieldErrors } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type UiDeps } from '../ui-context.ts'
import { ServiceError } from '../../services/context.ts'
import { isUniqueViolation } from '../../services/connections.ts'
import { listConnections } from '../../store/connections.ts'
import * as store from '../../store/course-definitions.ts'
import type { CourseDefinition } from '../../store/course-definitions.ts'
import type { TargetSpec } from '../../lms/lms-adapter.ts'

// The API's rules for a course definition (src/http/routes/course-definitions.ts), for form fields.
const day = z.string().trim().transform((s, c) => {
  if (s === '') return null
  const d = new Date(`${s}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime())) {
    c.addIssue({ code: 'custom', message: 'a date like 2025-09-01' })
    return z.NEVER
  }
  return d
})
const courseForm = z.strictObject({
  code: z.string().trim().min(1, 'required').max(100),
  name: z.string().trim().min(1, 'required').max(255),
  connectionId: z.string().min(1, 'choose a connection'),
  targetType: z.enum(['moodle-course', 'moodle-cohort', 'ilias-course']),
  targetBy: z.enum(['id', 'shortname', 'idnumber']),
  targetValue: z.string().trim().max(255),
  role: z.string().trim().max(50).transform((r) => (r === '' ? null : r)),
  enrolStart: day,
  enrolEnd: day,
}).superRefine((f, c) => {
  if (f.targetValue === '') c.addIssue({ code: 'custom', path: ['targetValue'], message: 'required' })
  else if ((f.targetBy === 'id' || f.targetType === 'ilias-course') && !/^\d+$/.test(f.targetValue)) {
    c.addIssue({ code: 'custom', path: ['targetValue'], message: 'an id is a number' })
  }
  if (f.targetType === 'moodle-cohort' && f.targetBy === 'shortname') {
    c.addIssue({ code: 'custom', path: ['targetBy'], message: 'a cohort is found by id or idnumber' })
  }
  if (f.enrolStart && f.enrolEnd && f.enrolStart >= f.enrolEnd) c.addIssue({ code: 'custom', path: ['enrolEnd'], message: 'must be after the start' })
})

function targetOf(f: z.output<typeof courseForm>): TargetSpec {
  if (f.targetType === 'ilias-course') return { type: 'ilias-course', refId: f.targetValue }
  if (f.targetType === 'moodle-cohort') return { type: 'moodle-cohort', by: f.targetBy as 'id' | 'idnumber', value: f.targetValue }
  return { type: 'moodle-course', by: f.targetBy, value: f.targetValue }
}

const targetLabel = (t: TargetSpec) => t.type === 'ilias-course' ? `ILIAS course ref id ${t.refId}`
  : `Moodle ${t.type === 'moodle-cohort' ? 'cohort' : 'course'} by ${t.by} ${t.value}`

function formValues(d: CourseDefinition): Record<string, string> {
  const t = d.target
  return {
    code: d.code, name: d.name, connectionId: d.connectionId, targetType: t.type,
    targetBy: t.type === 'ilias-course' ? 'id' : t.by, targetValue: t.type === 'ilias-course' ? t.refId : t.value,
    role: d.role ?? '', enrolStart: d.enrolStart?.toISOString().slice(0, 10) ?? '', enrolEnd: d.enrolEnd?.toISOString().slice(0, 10) ?? '',
  }
}

export function courseRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  async function courseForm_(request: FastifyRequest, v: Record<string, string>, errors: FieldErrors | undefined, action: string, submit: string) {
    const connections = await listConnections(ctx.db, ctx.box, sessionOf(request).tenantId)
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
      ${selectField({ label: t('courses.field.target'), name: 'targetType', value: v.targetType, options: [['moodle-course', t('courses.target.moodleCourse')], ['moodle-cohort', t('courses.target.moodleCohort')], ['ilias-course', t('courses.target.iliasCourse')]], errors })}
      ${selectField({ label: t('courses.field.by'), name: 'targetBy', value: v.targetBy, options: [['id', 'id'], ['shortname', t('courses.by.shortname')], ['idnumber', 'idnumber']], errors })}
      ${textField({ label: t('courses.field.value'), name: 'targetValue', value: v.targetValue, required: true, errors })}
    </fieldset>
    ${textField({ label: t('courses.field.role'), name: 'role', value: v.role, errors, hint: t('courses.field.roleHint') })}
    ${textField({ label: t('courses.field.start'), name: 'enrolStart', type: 'date', value: v.enrolStart, errors })}
    ${textField({ label: t('courses.field.end'), name: 'enrolEnd', type: 'date', value: v.enrolEnd, errors })}
    <button type="submit" class="primary">${submit}</button>
  </form>`
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { tenantId } = sessionOf(request)
    const [courses, connections] = await Promise.all([store.listCourseDefinitions(ctx.db, tenantId), listConnections(ctx.db, ctx.box, tenantId)])
    const connectionName = new Map(connections.map((c) => [c.id, c.name]))
    const { t } = i18nOf(request)
    const body = html`
<h1>${t('courses.title')}</h1>
${courses.length === 0 ? html`<p>${t('courses.none')}</p>` : html`
<table>
  <caption>${t('courses.caption')}</caption>
  <thead><tr><th scope="col">${t('courses.col.code')}</th><th scope="col">${t('courses.col.name')}</th><th scope="col">${t('courses.col.connection')}</th><th scope="col">${t('courses.col.target')}</th><th scope="col">${t('courses.col.resolved')}</th></tr></thead>
  <tbody>${courses.map((d) => html`<tr>
    <td><a href="${uiBase}/courses/${d.id}">${d.code}</a></td><td>${d.name}</td><td>${connectionName.get(d.connectionId) ?? '?'}</td>
    <td>${targetLabel(d.target)}</td><td>${d.resolvedTarget ? d.resolvedTarget.label : '—'}</td></tr>`)}
  </tbody>
</table>`}
<section aria-labelledby="add-h" class="panel">
  <h2 id="add-h">${t('courses.add')}</h2>
  ${await courseForm_(request, o.values ?? { targetType: 'moodle-course', targetBy: 'id' }, o.errors, `${uiBase}/courses`, t('courses.addButton'))}
</section>`
    return sendPage(request, reply, { title: t('courses.title'), current: 'courses', body, status: o.errors ? 422 : 200 })
  }

  async function editPage(request: FastifyRequest, reply: FastifyReply, d: CourseDefinition, o: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const { t } = i18nOf(request)
    const body = html`
<p class="breadcrumb"><a href="${uiBase}/courses">${t('courses.title')}</a></p>
<h1>${d.code} <span class="subtle">${d.name}</span></h1>
<section class="panel" aria-label="${t('courses.edit')}">
  ${await courseForm_(request, o.values ?? formValues(d), o.errors, `${uiBase}/courses/${d.id}`, t('courses.saveButton'))}
</section>`
    return sendPage(request, reply, { title: d.code, current: 'courses', body, status: o.errors ? 422 : 200 })
  }

  async function parse(request: FastifyRequest) {
    const f = formOf(request)
    const { _csrf: _, ...fields } = f
    const r = courseForm.safeParse(fields)
    if (!r.success) return { f, errors: errorsByField(r.error.issues) }
    const connections = await listConnections(ctx.db, ctx.box, sessionOf(request).tenantId)
    if (!connections.some((c) => c.id === r.data.connectionId)) return { f, errors: { connectionId: 'unknown connection' } }
    const d = r.data
    return { f, input: { code: d.code, name: d.name, connectionId: d.connectionId, target: targetOf(d), role: d.role, enrolStart: d.enrolStart, enrolEnd: d.enrolEnd } }
  }

  ui.get('/courses', async (request, reply) => listPage(request, reply))
  ui.post('/courses', async (request, reply) => {
    const p = await parse(request)
    if (!p.input) return listPage(request, reply, { values: p.f, errors: p.errors })
    try {
      await store.insertCourseDefinition(ctx.db, sessionOf(request).tenantId, p.input)
    } catch (err) {
      if (isUniqueViolation(err)) return listPage(request, reply, { values: p.f, errors: { code: i18nOf(request).t('courses.codeTaken') } })
      throw err
    }
    return reply.redirect(`${uiBase}/courses?done=course-added`, 303)
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
    const p = await parse(request)
    if (!p.input) return editPage(request, reply, d, { values: p.f, errors: p.errors })
    try {
      const after = await store.updateCourseDefinition(ctx.db, tenantId, d.id, p.input)
      if (after) await regrantAfterChange(ctx, d, after)
    } catch (err) {
      if (isUniqueViolation(err)) return editPage(request, reply, d, { values: p.f, errors: { code: i18nOf(request).t('courses.codeTaken') } })
      throw err
    }
    return reply.redirect(`${uiBase}/courses?done=course-saved`, 303)
  })
}
