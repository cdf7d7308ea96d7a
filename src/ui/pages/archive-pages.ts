// Archive, restore and delete for course definitions and connections, "reset to the built-in version" for document
// templates: each asks first on the confirmation page (what will happen, what will not) and then calls the same
// service function as the API (src/services/course-definitions.ts, connections.ts, template-reset.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { uiBase } from '../layout.ts'
import { sendConfirmation } from '../confirm.ts'
import { i18nOf, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import * as courses from '../../services/course-definitions.ts'
import * as connections from '../../services/connections.ts'
import { resetTemplate, templateResetPlan } from '../../services/template-reset.ts'
import { targetLabel } from './courses-page.ts'

/** The "Archive or delete" panel of an edit page: what the record's use allows, and the links to ask. */
export function archivePanel(i: PageI18n, o: { base: string; archivedAt: Date | null; note: string; canDelete: boolean }): Html {
  const { t } = i
  return html`<section aria-labelledby="archive-h" class="panel" data-archive-panel>
  <h2 id="archive-h">${t('archive.section')}</h2>
  <p>${o.note}</p>
  <p class="actions">${o.archivedAt
    ? html`<a href="${o.base}/restore" class="button-link">${t('archive.restoreLink')}</a>`
    : html`<a href="${o.base}/archive" class="button-link">${t('archive.archiveLink')}</a>`}
    ${o.canDelete ? html` <a href="${o.base}/delete" class="button-link danger">${t('archive.deleteLink')}</a>` : ''}</p>
</section>`
}

/** The link between a list of those in use and the archived ones. */
export function archiveSwitch(i: PageI18n, path: string, showingArchived: boolean, archivedCount: number): Html | '' {
  if (showingArchived) return html`<p><a href="${path}">${i.t('archive.showInUse')}</a></p>`
  return archivedCount > 0 ? html`<p><a href="${path}?archived=1">${i.t('archive.showArchived', { n: archivedCount })}</a></p>` : ''
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>

export function archiveRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  const tenant = (request: FastifyRequest) => sessionOf(request).tenantId

  // Course definitions.
  const course = async (request: IdRequest) => courses.courseDefinitionUsage(ctx, tenant(request), request.params.id)
  const courseBack = (request: IdRequest, code: string) => ({ href: `${uiBase}/courses/${request.params.id}`, label: code })
  ui.get<{ Params: { id: string } }>('/courses/:id/archive', async (request, reply) => {
    const { definition: d, registrations } = await course(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: courseBack(request, d.code), current: 'courses', question: t('archive.course.archiveQuestion', { code: d.code }),
      consequences: html`<ul><li>${t('archive.course.archive1', { code: d.code })}</li><li>${t('archive.course.archive2', { registrations })}</li>
        <li>${t('archive.course.archive3')}</li></ul>`,
      action: `${uiBase}/courses/${d.id}/archive`, confirmLabel: t('archive.course.archiveButton'), keepLabel: t('archive.keepInUse'),
    })
  })
  ui.post<{ Params: { id: string } }>('/courses/:id/archive', async (request, reply) => {
    await courses.archiveCourseDefinition(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/courses?archived=1&done=course-archived`, 303)
  })
  ui.get<{ Params: { id: string } }>('/courses/:id/restore', async (request, reply) => {
    const { definition: d } = await course(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: courseBack(request, d.code), current: 'courses', question: t('archive.course.restoreQuestion', { code: d.code }),
      consequences: html`<p>${t('archive.restoreWhat')}</p>`, danger: false,
      action: `${uiBase}/courses/${d.id}/restore`, confirmLabel: t('archive.restoreButton'), keepLabel: t('archive.leaveArchived'),
    })
  })
  ui.post<{ Params: { id: string } }>('/courses/:id/restore', async (request, reply) => {
    const d = await courses.restoreCourseDefinition(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/courses/${d.id}?done=course-restored`, 303)
  })
  ui.get<{ Params: { id: string } }>('/courses/:id/delete', async (request, reply) => {
    const { definition: d, registrations } = await course(request)
    // Offered only for a definition never used; a used one is archived instead.
    if (registrations > 0) return reply.redirect(`${uiBase}/courses/${d.id}`, 303)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: courseBack(request, d.code), current: 'courses', question: t('archive.course.deleteQuestion', { code: d.code }),
      consequences: html`<ul><li>${t('archive.course.delete1', { code: d.code, target: targetLabel(d.target) })}</li>
        <li>${t('archive.course.delete2', { code: d.code })}</li></ul>`,
      action: `${uiBase}/courses/${d.id}/delete`, confirmLabel: t('archive.course.deleteButton'), keepLabel: t('archive.keep'),
    })
  })
  ui.post<{ Params: { id: string } }>('/courses/:id/delete', async (request, reply) => {
    await courses.deleteCourseDefinition(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/courses?done=course-deleted`, 303)
  })

  // Connections.
  const connection = async (request: IdRequest) => connections.connectionUsage(ctx, tenant(request), request.params.id)
  const connectionBack = (request: IdRequest, name: string) => ({ href: `${uiBase}/connections/${request.params.id}`, label: name })
  ui.get<{ Params: { id: string } }>('/connections/:id/archive', async (request, reply) => {
    const { connection: c, courseDefinitions, registrations, accounts } = await connection(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: connectionBack(request, c.name), current: 'connections', question: t('archive.connection.archiveQuestion', { name: c.name }),
      consequences: html`<ul><li>${t('archive.connection.archive1', { courses: courseDefinitions })}</li>
        <li>${t('archive.connection.archive2', { registrations, accounts })}</li><li>${t('archive.connection.archive3')}</li></ul>`,
      action: `${uiBase}/connections/${c.id}/archive`, confirmLabel: t('archive.connection.archiveButton'), keepLabel: t('archive.keepInUse'),
    })
  })
  ui.post<{ Params: { id: string } }>('/connections/:id/archive', async (request, reply) => {
    await connections.archiveConnection(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/connections?archived=1&done=connection-archived`, 303)
  })
  ui.get<{ Params: { id: string } }>('/connections/:id/restore', async (request, reply) => {
    const { connection: c } = await connection(request)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: connectionBack(request, c.name), current: 'connections', question: t('archive.connection.restoreQuestion', { name: c.name }),
      consequences: html`<p>${t('archive.restoreWhat')}</p>`, danger: false,
      action: `${uiBase}/connections/${c.id}/restore`, confirmLabel: t('archive.restoreButton'), keepLabel: t('archive.leaveArchived'),
    })
  })
  ui.post<{ Params: { id: string } }>('/connections/:id/restore', async (request, reply) => {
    const c = await connections.restoreConnection(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/connections/${c.id}?done=connection-restored`, 303)
  })
  ui.get<{ Params: { id: string } }>('/connections/:id/delete', async (request, reply) => {
    const { connection: c, courseDefinitions, accounts } = await connection(request)
    if (courseDefinitions > 0 || accounts > 0) return reply.redirect(`${uiBase}/connections/${c.id}`, 303)
    const { t } = i18nOf(request)
    return sendConfirmation(request, reply, {
      back: connectionBack(request, c.name), current: 'connections', question: t('archive.connection.deleteQuestion', { name: c.name }),
      consequences: html`<ul><li>${t('archive.connection.delete1')}</li><li>${t('archive.connection.delete2')}</li></ul>`,
      action: `${uiBase}/connections/${c.id}/delete`, confirmLabel: t('archive.connection.deleteButton'), keepLabel: t('archive.keep'),
    })
  })
  ui.post<{ Params: { id: string } }>('/connections/:id/delete', async (request, reply) => {
    await connections.deleteConnection(ctx, tenant(request), request.params.id)
    return reply.redirect(`${uiBase}/connections?done=connection-deleted`, 303)
  })

  // Document templates: the tenant's own version goes, the built-in one applies again.
  ui.get<{ Params: { key: string } }>('/templates/:key/reset', async (request, reply) => {
    const plan = await templateResetPlan(ctx, tenant(request), request.params.key)
    const back = `${uiBase}/templates/${plan.key}`
    if (!plan.stored) return reply.redirect(back, 303)
    const { t } = i18nOf(request)
    const name = plan.stored.name
    if (plan.builtIn) {
      return sendConfirmation(request, reply, {
        back: { href: back, label: name }, current: 'templates', question: t('archive.template.resetQuestion', { name }),
        consequences: html`<ul><li>${t('archive.template.reset1', { subject: plan.stored.subject, builtIn: plan.builtIn.subject })}</li>
          <li>${t('archive.template.reset2')}</li></ul>`,
        action: `${uiBase}/templates/${plan.key}/reset`, confirmLabel: t('archive.template.resetButton'), keepLabel: t('archive.template.keepMine'),
      })
    }
    return sendConfirmation(request, reply, {
      back: { href: back, label: name }, current: 'templates', question: t('archive.template.deleteQuestion', { name }),
      consequences: html`<ul><li>${t('archive.template.delete1', { key: plan.key })}</li><li>${t('archive.template.reset2')}</li>
        ${plan.usedBy.length > 0 ? html`<li><strong>${t('archive.template.inUse', { usedBy: plan.usedBy.join(', ') })}</strong></li>` : ''}</ul>`,
      action: `${uiBase}/templates/${plan.key}/reset`, confirmLabel: t('archive.template.deleteButton'), keepLabel: t('archive.keep'),
    })
  })
  ui.post<{ Params: { key: string } }>('/templates/:key/reset', async (request, reply) => {
    const r = await resetTemplate(ctx, tenant(request), request.params.key)
    return reply.redirect(r.builtIn ? `${uiBase}/templates/${r.key}?done=template-reset` : `${uiBase}/templates?done=template-deleted`, 303)
  })
}

/** The reset link of a template's edit page (only for a tenant's own version). */
export function templateResetLink(i: PageI18n, key: string, builtInExists: boolean): Html {
  return html`<p class="actions"><a href="${uiBase}/templates/${key}/reset" class="button-link">${
    builtInExists ? i.t('archive.template.resetLink') : i.t('archive.template.deleteLink')}</a></p>`
}
