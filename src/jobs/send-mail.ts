// Sends outbox mails, a batch of jobs at a time: the batch's mails, registrations, persons, courses,
// connections and templates are read with a few statements, then each mail is rendered and handed to
// the transport on its own (SMTP: one message per mail, one after the other). The password is
// decrypted only for the moment of sending; what stays in the outbox is the same mail with the
// password masked.
import type { AppContext } from '../services/context.ts'
import type { JobContext } from './queue.ts'
import { getMails, recordMailOutcomes, type MailOutcome, type MailRow } from '../store/mails.ts'
import { getRegistrations, type Registration } from '../store/registrations.ts'
import { raiseNotification } from '../store/notifications.ts'
import { tenantTemplateKey } from '../store/templates.ts'
import { buildMailContexts, findTemplates } from '../services/mail-flow.ts'
import { inLanguage } from '../mail/default-templates.ts'
import type { RenderedMail } from '../mail/template-renderer.ts'
import type { TemplateRenderPool } from '../mail/render-pool.ts'
import type { MailTransport } from '../mail/mail-transport.ts'
import { MailSendError } from '../mail/mail-errors.ts'
import { carriesPassword, type DocumentTemplate, type MailContext } from '../mail/template-model.ts'

export const passwordMask = '••••••••'

/**
 * Mails a worker takes at once. Over SMTP each mail is a message of its own, so a batch only saves
 * statements; it stays small so that even a slow server gets through it well within the job expiry.
 */
export const sendMailBatchSize = { smtp: 10, outbox: 100 } as const

/**
 * Over SMTP no further mail of a batch is started after this long; the rest get new jobs. A batch's
 * jobs expire after 5 minutes (queue.ts), and one slow message may take a connection timeout plus a
 * socket timeout (mail-transport.ts: 10 s + 60 s by default).
 */
const defaultSendBudgetMs = 120_000

export interface SendMailDeps extends AppContext {
  renderer: TemplateRenderPool
  transport: MailTransport
  /** Tests: a shorter time budget per batch (see defaultSendBudgetMs). */
  sendBudgetMs?: number
}

export interface SendMailJob {
  data: { mailId: string }
  job: JobContext
}

/** What the batch found to do for one mail. */
interface Task {
  mail: MailRow
  job: JobContext
  registration: Registration
  template: DocumentTemplate
  context: MailContext
}

interface Failure {
  mail: MailRow
  registration: Registration
  code: string
  message: string
}

// Mails in these states are not (or no longer) this job's business.
const settled = new Set<string>(['sent', 'outbox', 'failed', 'awaiting-account', 'discarded'])

/** The handler for queue.workBatches: answers the ids of the jobs to retry, with their errors. */
export function createSendMailHandler(deps: SendMailDeps) {
  const budgetMs = deps.sendBudgetMs ?? defaultSendBudgetMs

  return async (jobs: SendMailJob[]): Promise<Map<string, Error>> => {
    const started = Date.now()
    const retry = new Map<string, Error>()
    // The stately queue hands out one job per mail in a batch; a duplicate would only find it sent.
    const jobOf = new Map<string, JobContext>()
    for (const { data, job } of jobs) if (!jobOf.has(data.mailId)) jobOf.set(data.mailId, job)

    const mails = (await getMails(deps.db, [...jobOf.keys()])).filter((m) => !settled.has(m.status))
    if (mails.length === 0) return retry
    const registrations = new Map((await getRegistrations(deps.db, [...new Set(mails.map((m) => m.registration_id))])).map((r) => [r.id, r]))
    const templates = await findTemplates(deps, mails.map((m) => ({ tenantId: m.tenant_id, key: m.template_key })))

    const outcomes: MailOutcome[] = []
    const notices: Failure[] = []
    const fail = (f: Failure) => {
      outcomes.push({ id: f.mail.id, status: 'failed', errorCode: f.code, error: f.message })
      notices.push(f)
    }
    // Over SMTP each outcome is stored as soon as the server has answered, so that a crash cannot send
    // an accepted mail a second time (as before batching); outbox mails never leave, so they can wait.
    const flush = async () => {
      await recordMailOutcomes(deps.db, outcomes.splice(0))
      for (const f of notices.splice(0)) await notifyFailure(deps, f)
    }

    const ready: Omit<Task, 'context'>[] = []
    for (const mail of mails) {
      const registration = registrations.get(mail.registration_id)!
      const template = templates.get(tenantTemplateKey(mail.tenant_id, mail.template_key))
      if (!template) fail({ mail, registration, code: 'MAIL_TEMPLATE_NOT_FOUND', message: `no document template "${mail.template_key}"` })
      else ready.push({ mail, job: jobOf.get(mail.id)!, registration, template })
    }
    const contexts = await buildMailContexts(deps, ready.map((t) => ({
      registration: t.registration, loginName: t.mail.login_name ?? t.registration.loginName ?? '',
    })))
    // A built-in template goes out in the participant's language (the person's, else the tenant's default).
    const tasks: Task[] = ready.map((t, i) => {
      const context = contexts[i]!
      return { ...t, template: context.regional ? inLanguage(t.template, context.regional.language) : t.template, context }
    })
    // Rendered in the pool (the whole batch in one task) while the mails go out one after the other.
    const renders = renderAll(deps, tasks)

    const deferred: string[] = []
    for (const task of tasks) {
      // The first mail always goes, so that every batch makes progress.
      if (deps.transport.kind === 'smtp' && task !== tasks[0] && Date.now() - started > budgetMs) {
        deferred.push(task.mail.id)
        continue
      }
      try {
        const result = await send(deps, task, await renders.get(task)!)
        if ('failure' in result) fail(result.failure)
        else {
          outcomes.push(result.outcome)
          if (result.retry) retry.set(task.job.id, result.retry)
        }
      } catch (err) {
        // Not a mail failure (a bug, a secret that does not open): the job fails and the queue retries it.
        retry.set(task.job.id, err as Error)
      }
      if (deps.transport.kind === 'smtp') await flush()
    }
    await flush()
    // A new job each (this batch's complete once the handler returns): the mail is not attempted yet.
    if (deferred.length > 0) await deps.queue.enqueueSendMails(deferred, { startAfterSeconds: 5 })
    return retry
  }
}

type Rendered = { sent: RenderedMail; kept: RenderedMail } | { failure: Failure }

/**
 * The mail to send and the copy to keep, for each task. A template the renderer refuses (one stopped as too
 * expensive, one stored before a rule existed) fails its mail with its code: rendering it again would fail again.
 */
function renderAll(deps: SendMailDeps, tasks: Task[]): Map<Task, Promise<Rendered | { error: Error }>> {
  const renders = new Map<Task, Promise<Rendered | { error: Error }>>()
  const toRender: { task: Task; password: string | undefined }[] = []
  for (const task of tasks) {
    const { mail, registration, template } = task
    let password: string | undefined
    try {
      password = mail.password_enc ? deps.box.open(mail.password_enc) : undefined
    } catch (err) {
      renders.set(task, Promise.resolve({ error: err as Error }))
      continue
    }
    if (carriesPassword(template) && password === undefined) {
      renders.set(task, Promise.resolve({ failure: { mail, registration, code: 'MAIL_PASSWORD_UNAVAILABLE', message: 'the password of this mail is no longer kept; use "resend credentials"' } }))
      continue
    }
    toRender.push({ task, password })
  }
  const outcomes = deps.renderer.renderSentAndKeptMany(toRender.map(({ task, password }) => ({ template: task.template, context: task.context, password, mask: passwordMask })))
  toRender.forEach(({ task }, i) => {
    const { mail, registration, template } = task
    renders.set(task, outcomes.then((all): Rendered => {
      const outcome = all[i]!
      if (outcome.ok) return outcome.value
      return { failure: { mail, registration, code: outcome.error.code, message: `template ${template.key}: ${outcome.error.message}` } }
    }, (err: Error) => ({ error: err })))
  })
  return renders
}

/** Sends one rendered mail; answers what to record, and the error when the job is to be retried. */
async function send(
  deps: SendMailDeps,
  { mail, job, registration }: Task,
  rendered: Rendered | { error: Error },
): Promise<{ outcome: MailOutcome; retry?: Error } | { failure: Failure }> {
  if ('error' in rendered) throw rendered.error
  if ('failure' in rendered) return rendered
  const { sent: real, kept } = rendered
  try {
    const result = await deps.transport.send({
      to: mail.to_address, subject: real.subject, html: real.html, text: real.text,
      headers: { 'X-Coursebridge-Registration': mail.registration_id },
      messageId: `<${mail.id}@coursebridge>`,
    })
    return { outcome: { id: mail.id, status: deps.transport.kind === 'smtp' ? 'sent' : 'outbox', ...kept, messageId: result.messageId } }
  } catch (err) {
    if (!(err instanceof MailSendError)) throw err
    deps.metrics.mailFailure(err.code)
    if (err.retryable && job.retryCount < job.retryLimit) {
      // Retried by the queue with backoff; logged at warn when given up.
      deps.log.info({ mailId: mail.id, registrationId: mail.registration_id, code: err.code, attempt: job.retryCount + 1 },
        `mail will be retried: ${err.code}`)
      return { outcome: { id: mail.id, status: 'retrying', errorCode: err.code, error: err.message }, retry: err }
    }
    const message = err.retryable ? `${err.message} (gave up after ${job.retryCount + 1} attempts)` : err.message
    return { failure: { mail, registration, code: err.code, message } }
  }
}

async function notifyFailure(deps: SendMailDeps, { mail, registration, code, message }: Failure) {
  deps.log.warn({ mailId: mail.id, registrationId: mail.registration_id, purpose: mail.purpose, code },
    `${mail.purpose} mail not sent: ${code}`)
  await raiseNotification(deps.db, {
    tenantId: mail.tenant_id, code, kind: 'needs-admin', registrationId: mail.registration_id, personRef: registration.personRef,
    message: `${mail.purpose} mail to ${mail.to_address} not sent: ${message}`, dedupeKey: `mail:${mail.id}`,
  })
}
