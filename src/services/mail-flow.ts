// Which mail goes out when, and what it says. The reconcile job decides *that* a mail is due and adds
// it to the outbox; the send-mail job renders and sends it. The password travels only encrypted in the
// outbox row, and only until the SMTP server has accepted the mail.
import type { AppContext } from './context.ts'
import type { Registration } from '../store/registrations.ts'
import { addMail, findMail, releaseAwaitingMail, type MailRow } from '../store/mails.ts'
import { getStoredTemplate } from '../store/templates.ts'
import { getPersonByRef } from '../store/persons.ts'
import { getCourseDefinition } from '../store/course-definitions.ts'
import { getConnectionById } from '../store/connections.ts'
import { loadTenantSettings } from './tenant-settings.ts'
import { defaultTemplates } from '../mail/default-templates.ts'
import type { DocumentTemplate, MailContext } from '../mail/template-model.ts'
import { emailOf, fieldMappingSchema } from '../domain/field-mapping.ts'
import type { Person } from '../domain/person.ts'

const lmsNames = { moodle: 'Moodle', ilias: 'ILIAS' } as const

export const mailPurposes = { credentials: 'credentials', courseAccess: 'course-access', accessEnded: 'access-ended' } as const

/** The tenant's own template for the key, else the built-in default; null for an unknown key. */
export async function findTemplate(ctx: AppContext, tenantId: string, key: string): Promise<DocumentTemplate | null> {
  return (await getStoredTemplate(ctx.db, tenantId, key)) ?? defaultTemplates.find((t) => t.key === key) ?? null
}

/**
 * Before the account is created: the credentials mail waits in the outbox with the (encrypted) password,
 * so that a crash between "created in the LMS" and "mail queued" cannot lose the password.
 */
export async function prepareCredentialsMail(
  ctx: AppContext,
  registration: Registration,
  m: { to: string; loginName: string; password: string },
) {
  const settings = await loadTenantSettings(ctx.db, registration.tenantId)
  if (!settings.actionTemplates.register.sendMail) return
  await addMail(ctx.db, {
    tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.credentials,
    templateKey: settings.actionTemplates.register.newAccountTemplate, to: m.to, status: 'awaiting-account',
    passwordEnc: ctx.box.seal(m.password), loginName: m.loginName,
  })
}

/**
 * After access was given: the credentials mail when this registration created the account (also when
 * the create's answer was lost and the account was found again), else the course-access mail. Each at
 * most once per registration.
 */
export async function queueMailsAfterGrant(ctx: AppContext, registration: Registration, to: string): Promise<MailRow[]> {
  const settings = await loadTenantSettings(ctx.db, registration.tenantId)
  if (!settings.actionTemplates.register.sendMail) return []
  const credentials = await findMail(ctx.db, registration.id, mailPurposes.credentials)
  if (credentials) {
    if (credentials.status === 'awaiting-account' && (await releaseAwaitingMail(ctx.db, credentials.id))) {
      await ctx.queue.enqueueSendMail(credentials.id)
      return [credentials]
    }
    return []
  }
  const mail = await addMail(ctx.db, {
    tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.courseAccess,
    templateKey: settings.actionTemplates.register.courseAccessTemplate, to, status: 'queued',
  })
  if (mail) await ctx.queue.enqueueSendMail(mail.id)
  return mail ? [mail] : []
}

/** After access was removed: the optional access-ended mail (action template "cancel access"). */
export async function queueAccessEndedMail(ctx: AppContext, registration: Registration, to: string) {
  const settings = await loadTenantSettings(ctx.db, registration.tenantId)
  if (!settings.actionTemplates.cancel.sendMail) return
  const mail = await addMail(ctx.db, {
    tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.accessEnded,
    templateKey: settings.actionTemplates.cancel.accessEndedTemplate, to, status: 'queued',
  })
  if (mail) await ctx.queue.enqueueSendMail(mail.id)
}

/** The recipient as the connection's field mapping chooses it. */
export async function recipientOf(ctx: AppContext, registration: Registration): Promise<string> {
  const person = (await getPersonByRef<Person>(ctx.db, registration.personRef))!.data
  const course = (await getCourseDefinition(ctx.db, registration.tenantId, registration.courseDefinitionId))!
  const connection = (await getConnectionById(ctx.db, ctx.box, course.connectionId))!
  return emailOf(person, fieldMappingSchema.parse(connection.mapping))
}

/** Everything a template may show, from the current data (the password is added by the sender only). */
export async function buildMailContext(ctx: AppContext, registration: Registration, loginName: string): Promise<MailContext> {
  const person = (await getPersonByRef<Person>(ctx.db, registration.personRef))!.data
  const course = (await getCourseDefinition(ctx.db, registration.tenantId, registration.courseDefinitionId))!
  const connection = (await getConnectionById(ctx.db, ctx.box, course.connectionId))!
  const adapter = await ctx.adapters.get(connection)
  const settings = await loadTenantSettings(ctx.db, registration.tenantId)
  const mapping = fieldMappingSchema.parse(connection.mapping)
  const firstName = person.firstName ?? ''
  const namePrefix = person.namePrefix ?? ''
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null)
  return {
    login: { name: loginName, url: adapter.loginUrl },
    person: {
      firstName, namePrefix, lastName: person.lastName,
      fullName: [firstName, namePrefix, person.lastName].filter((p) => p !== '').join(' '),
      email: emailOf(person, mapping),
      salutation: null,
    },
    course: { name: course.name, code: course.code, startDate: day(course.enrolStart), endDate: day(course.enrolEnd) },
    institute: settings.institute,
    lms: { name: lmsNames[adapter.lms], url: adapter.homeUrl },
  }
}
