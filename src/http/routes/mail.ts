// Document templates (with live preview), the tenant's house style and action templates, the outbox,
// and "resend credentials".
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { ServiceError } from '../../services/context.ts'
import { sampleMailContext, templateVariables, type DocumentTemplate, type MailContext } from '../../mail/template-model.ts'
import { TemplateError } from '../../mail/template-renderer.ts'
import type { TemplateRenderPool } from '../../mail/render-pool.ts'
import { defaultTemplates } from '../../mail/default-templates.ts'
import { listStoredTemplates, saveTemplate } from '../../store/templates.ts'
import { listMails, type MailRow } from '../../store/mails.ts'
import { getTenantRegistration } from '../../store/registrations.ts'
import { buildMailContext, findTemplate } from '../../services/mail-flow.ts'
import { loadTenantSettings, tenantSettingsInputSchema, tenantSettingsView } from '../../services/tenant-settings.ts'
import { rotateResultWebhookSecret, saveSettings } from '../../services/settings-update.ts'
import { passwordMask } from '../../jobs/send-mail.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'
import { templateProblemCodes } from '../../mail/template-analysis.ts'
import { documentTemplateSchema } from '../../mail/template-model.ts'
import { resetTemplate } from '../../services/template-reset.ts'

const keyParams = z.object({ key: z.string().describe('The template key, e.g. new-account.') })
const templateBody = z.strictObject(documentTemplateSchema.shape).omit({ key: true }).describe('The template; its key is the one in the URL.')
const mailsQuery = z.strictObject({ registrationId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
import { registrationsScope } from '../access.ts'
import { resendCredentials } from '../../services/registrations.ts'
import { discardMail, sendMailNow } from '../../services/outbox.ts'

const mailParams = z.object({ id: z.string().max(64) })

const mailView = (m: MailRow) => ({
  id: m.id, registrationId: m.registration_id, purpose: m.purpose, template: m.template_key, to: m.to_address,
  status: m.status, subject: m.subject, html: m.html, text: m.text, attempts: m.attempts, lastErrorCode: m.last_error_code,
  lastError: m.last_error, messageId: m.message_id, createdAt: m.created_at, sentAt: m.sent_at,
  passwordKept: m.password_enc !== null, discardedAt: m.discarded_at,
})

const previewBody = z.strictObject({
  /** Render with this registration's real data; without it, with sample data. */
  registrationId: z.string().max(64).optional(),
  /** Render this unsaved template instead of the stored one (the editor's live preview). */
  template: z.unknown().optional(),
})

/** A template the renderer refuses or stops (too expensive) is the caller's 422, not a server error. */
async function renderTemplate(renderer: TemplateRenderPool, template: DocumentTemplate, context: MailContext) {
  try {
    return await renderer.renderTemplate(template, context)
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err
    throw new ServiceError(422, err.code, err.message,
      err.problems.map((p) => ({ path: p.part ?? '(template)', variable: p.variable, message: p.message, code: p.code })))
  }
}

export function mailRoutes(app: FastifyInstance, ctx: AppContext, renderer: TemplateRenderPool) {
  const validated = async (body: unknown) => {
    const v = await renderer.validateTemplate(body)
    if (!v.ok) {
      throw new ServiceError(422, v.problems[0]!.code, v.problems.map((p) => p.message).join(' '),
        v.problems.map((p) => ({ path: p.part ?? '(template)', variable: p.variable, message: p.message, code: p.code })))
    }
    return v.template
  }

  app.get('/api/v1/templates', {
    schema: operation({ operationId: 'listTemplates', tag: 'Mail', summary: 'Document templates (saved and built-in) and the variables they may use', ok: { 200: answers.templateListView } }),
  }, async (request) => {
    const stored = await listStoredTemplates(ctx.db, request.tenantId)
    const keys = new Set(stored.map((t) => t.key))
    return {
      items: [...stored.map((t) => ({ ...t, builtIn: false })), ...defaultTemplates.filter((t) => !keys.has(t.key)).map((t) => ({ ...t, builtIn: true }))],
      variables: templateVariables,
    }
  })
  app.get<{ Params: { key: string } }>('/api/v1/templates/:key', {
    schema: operation({
      operationId: 'getTemplate', tag: 'Mail', summary: 'A document template', params: keyParams, ok: { 200: answers.templateView },
      errors: { 404: ['TEMPLATE_NOT_FOUND'] },
    }),
  }, async (request) => {
    const t = await findTemplate(ctx, request.tenantId, request.params.key)
    if (!t) throw new ServiceError(404, 'TEMPLATE_NOT_FOUND', 'no such template')
    return t
  })
  // Saved only when valid: a typo in a variable is refused now, not at send time.
  app.put<{ Params: { key: string } }>('/api/v1/templates/:key', {
    schema: operation({
      operationId: 'saveTemplate', tag: 'Mail', summary: 'Save a template; refused with the unknown variable or the problem named',
      params: keyParams, body: templateBody, ok: { 200: answers.templateView }, errors: { 422: templateProblemCodes },
    }),
  }, async (request) => {
    const template = await validated({ ...(request.body as object), key: request.params.key })
    await saveTemplate(ctx.db, request.tenantId, template)
    return template
  })
  // The tenant's own version goes; the built-in one applies again (a template without one is deleted).
  app.delete<{ Params: { key: string } }>('/api/v1/templates/:key', {
    schema: operation({
      operationId: 'resetTemplate', tag: 'Mail', params: keyParams,
      summary: 'Reset a template to the built-in version (delete the tenant\'s own; one without a built-in version is deleted)',
      ok: { 200: z.object({
        key: z.string(), removed: z.boolean().describe('False when there was no version of the tenant\'s own (nothing changed).'),
        now: z.enum(['built-in', 'none']).describe('What applies now: the built-in template, or none (the key is gone).'),
      }) },
      errors: { 404: ['TEMPLATE_NOT_FOUND'], 409: ['TEMPLATE_IN_USE'] },
    }),
  }, async (request) => {
    const r = await resetTemplate(ctx, request.tenantId, request.params.key)
    return { key: r.key, removed: r.removed, now: r.builtIn ? 'built-in' as const : 'none' as const }
  })
  app.post<{ Params: { key: string } }>('/api/v1/templates/:key/preview', {
    schema: operation({
      operationId: 'previewTemplate', tag: 'Mail', summary: 'Render a template with sample data or a registration\'s data (password masked)',
      params: keyParams, body: previewBody, ok: { 200: answers.renderedMailView },
      errors: { 404: ['TEMPLATE_NOT_FOUND', 'REGISTRATION_NOT_FOUND'], 422: templateProblemCodes },
    }),
  }, async (request) => {
    const body = parseInput(previewBody, request.body ?? {})
    const template = body.template !== undefined
      ? await validated({ ...(body.template as object), key: request.params.key })
      : await findTemplate(ctx, request.tenantId, request.params.key)
    if (!template) throw new ServiceError(404, 'TEMPLATE_NOT_FOUND', 'no such template')
    let context = sampleMailContext()
    if (body.registrationId) {
      const r = await getTenantRegistration(ctx.db, request.tenantId, body.registrationId)
      if (!r) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
      context = await buildMailContext(ctx, r, r.loginName ?? '(login name)')
    } else {
      context.institute = (await loadTenantSettings(ctx.db, request.tenantId)).institute
    }
    // A preview never shows a real password.
    return renderTemplate(renderer, template, { ...context, login: { ...context.login, password: passwordMask } })
  })

  app.get('/api/v1/settings', {
    schema: operation({ operationId: 'getSettings', tag: 'Mail', summary: 'House style, action templates and result webhook', ok: { 200: answers.settingsView } }),
  }, async (request) => tenantSettingsView(await loadTenantSettings(ctx.db, request.tenantId)))
  app.put('/api/v1/settings', {
    config: { showsSecret: true },
    schema: operation({
      operationId: 'saveSettings', tag: 'Mail', summary: 'Change the settings', body: tenantSettingsInputSchema, ok: { 200: answers.settingsView },
      errors: { 422: ['TEMPLATE_NOT_FOUND'] },
    }),
  }, async (request) => {
    const input = parseInput(tenantSettingsInputSchema, request.body)
    const { view, shownSecret } = await saveSettings(ctx, request.tenantId, input)
    // A secret generated now is shown this once; it is not stored anywhere in clear.
    return shownSecret ? { ...view, resultWebhook: { ...view.resultWebhook!, secret: shownSecret } } : view
  })
  // A new signing secret for the result webhook (rotation): shown once, stored sealed.
  app.post('/api/v1/settings/result-webhook/secret', {
    config: { showsSecret: true },
    schema: operation({
      operationId: 'createResultWebhookSecret', tag: 'Mail', summary: 'A new signing secret for the result webhook (shown once)',
      ok: { 201: z.object({ secret: z.string() }) }, errors: { 409: ['RESULT_WEBHOOK_NOT_SET'] },
    }),
  }, async (request, reply) => {
    const secret = await rotateResultWebhookSecret(ctx, request.tenantId)
    return reply.code(201).send({ secret })
  })

  app.get('/api/v1/mails', {
    schema: operation({ operationId: 'listMails', tag: 'Mail', summary: 'The outbox: every mail per registration, without passwords', querystring: mailsQuery, ok: { 200: answers.lists.mails } }),
  }, async (request) => {
    const q = parseInput(mailsQuery, request.query, 'query')
    return { items: (await listMails(ctx.db, request.tenantId, q)).map(mailView) }
  })
  // The outbox's actions (the Service Center's outbox page calls the same service functions).
  app.post<{ Params: { id: string } }>('/api/v1/mails/:id/send-now', {
    schema: operation({
      operationId: 'sendMailNow', tag: 'Mail',
      summary: 'Send a mail that has not gone out (queued, retrying, failed, waiting for SMTP) at once',
      params: mailParams, ok: { 202: answers.mailView },
      errors: { 404: ['MAIL_NOT_FOUND'], 409: ['MAIL_ALREADY_SENT', 'MAIL_DISCARDED', 'MAIL_AWAITING_ACCOUNT', 'MAIL_SMTP_NOT_CONFIGURED', 'MAIL_PASSWORD_UNAVAILABLE', 'MAIL_NOT_SENDABLE'] },
    }),
  }, async (request, reply) => reply.code(202).send(mailView(await sendMailNow(ctx, request.tenantId, request.params.id))))
  app.post<{ Params: { id: string } }>('/api/v1/mails/:id/discard', {
    schema: operation({
      operationId: 'discardMail', tag: 'Mail',
      summary: 'Discard a mail that has not gone out: it is never sent and its password is erased',
      params: mailParams, ok: { 200: answers.mailView },
      errors: { 404: ['MAIL_NOT_FOUND'], 409: ['MAIL_ALREADY_SENT', 'MAIL_DISCARDED'] },
    }),
  }, async (request) => {
    const by = request.apiKey ? `api-key:${request.apiKey.id}` : request.adminSession ? `admin:${request.adminSession.email}` : 'api'
    return mailView(await discardMail(ctx, request.tenantId, request.params.id, by))
  })
  app.post<{ Params: { id: string } }>('/api/v1/registrations/:id/resend-credentials', {
    ...registrationsScope,
    schema: operation({
      operationId: 'resendCredentials', tag: 'Registrations', summary: 'Set a new password in the LMS and mail the credentials again',
      params: z.object({ id: z.string() }), ok: { 202: answers.queuedView },
      errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['REGISTRATION_HAS_NO_ACCOUNT', 'REGISTRATION_CANCELLED'] },
    }),
  }, async (request, reply) => {
    await resendCredentials(ctx, request.tenantId, request.params.id)
    return reply.code(202).send({ queued: true })
  })
}

