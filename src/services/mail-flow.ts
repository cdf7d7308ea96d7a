// Which mail goes out when, and what it says. The reconcile job decides *that* a mail is due and adds
// it to the outbox; the send-mail job renders and sends it. The password travels only encrypted in the
// outbox row, and only until the SMTP server has accepted the mail.
// Each step takes a whole batch of registrations, so a batch costs a few statements, not a few per mail.
import type { AppContext } from './context.ts'
import type { Registration } from '../store/registrations.ts'
import { addMails, findMails, releaseAwaitingMails, type MailRow, type NewMail } from '../store/mails.ts'
import { getStoredTemplates, tenantTemplateKey } from '../store/templates.ts'
import { getPersonsByRefs } from '../store/persons.ts'
import { getCourseDefinitionsByIds, type CourseDefinition } from '../store/course-definitions.ts'
import { getConnectionsByIds, type Connection } from '../store/connections.ts'
import { loadTenantSettings, type TenantSettings } from './tenant-settings.ts'
import { defaultTemplates } from '../mail/default-templates.ts'
import type { DocumentTemplate, MailContext } from '../mail/template-model.ts'
import { emailOf, fieldMappingSchema } from '../domain/field-mapping.ts'
import type { Person } from '../domain/person.ts'

const lmsNames = { moodle: 'Moodle', ilias: 'ILIAS' } as const

export const mailPurposes = { credentials: 'credentials', courseAccess: 'course-access', accessEnded: 'access-ended' } as const

/** The tenant's own template for the key, else the built-in default; null for an unknown key. */
export async function findTemplate(ctx: AppContext, tenantId: string, key: string): Promise<DocumentTemplate | null> {
  return (await findTemplates(ctx, [{ tenantId, key }])).get(tenantTemplateKey(tenantId, key)) ?? null
}

/** findTemplate for several (tenant, key) pairs in one statement, by tenantTemplateKey(tenantId, key). */
export async function findTemplates(
  ctx: AppContext,
  wanted: { tenantId: string; key: string }[],
): Promise<Map<string, DocumentTemplate | null>> {
  // A batch of mails asks for the same few templates many times.
  const unique = [...new Map(wanted.map((w) => [tenantTemplateKey(w.tenantId, w.key), w])).values()]
  const stored = await getStoredTemplates(ctx.db, unique)
  return new Map(unique.map(({ tenantId, key }) => {
    const k = tenantTemplateKey(tenantId, key)
    return [k, stored.get(k) ?? defaultTemplates.find((t) => t.key === key) ?? null]
  }))
}

/** Each tenant's settings once (they are cached briefly, so this rarely reads the database). */
async function settingsOf(ctx: AppContext, registrations: Registration[]): Promise<Map<string, TenantSettings>> {
  const settings = new Map<string, TenantSettings>()
  for (const { tenantId } of registrations) {
    if (!settings.has(tenantId)) settings.set(tenantId, await loadTenantSettings(ctx.db, tenantId))
  }
  return settings
}

/** The first entry per registration: a registration listed twice gets what one call would give it. */
function onePerRegistration<E extends { registration: Registration }>(entries: E[]): E[] {
  const seen = new Set<string>()
  return entries.filter((e) => !seen.has(e.registration.id) && seen.add(e.registration.id))
}

/**
 * Before the accounts are created: each credentials mail waits in the outbox with the (encrypted)
 * password, so that a crash between "created in the LMS" and "mail queued" cannot lose the password.
 * One statement for the whole batch (none when no tenant sends mail).
 */
export async function prepareCredentialsMails(
  ctx: AppContext,
  entries: { registration: Registration; to: string; loginName: string; password: string }[],
): Promise<void> {
  const settings = await settingsOf(ctx, entries.map((e) => e.registration))
  const mails: NewMail[] = []
  for (const { registration, to, loginName, password } of entries) {
    const register = settings.get(registration.tenantId)!.actionTemplates.register
    if (!register.sendMail) continue
    mails.push({
      tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.credentials,
      templateKey: register.newAccountTemplate, to, status: 'awaiting-account', passwordEnc: ctx.box.seal(password), loginName,
    })
  }
  if (mails.length > 0) await addMails(ctx.db, mails)
}

/**
 * After access was given: the credentials mail when this registration created the account (also when
 * the create's answer was lost and the account was found again), else the course-access mail. Each at
 * most once per registration; nothing when the tenant's action template sends no mail. Answers, for
 * every registration given, the mails this call queued (empty when none). About four statements for
 * the whole batch: find the credentials mails, release them, add the course-access mails, queue the jobs.
 */
export async function queueMailsAfterGrantMany(
  ctx: AppContext,
  entries: { registration: Registration; to: string }[],
): Promise<Map<string, MailRow[]>> {
  const queued = new Map<string, MailRow[]>(entries.map((e) => [e.registration.id, []]))
  const settings = await settingsOf(ctx, entries.map((e) => e.registration))
  const due = onePerRegistration(entries).filter((e) => settings.get(e.registration.tenantId)!.actionTemplates.register.sendMail)
  if (due.length === 0) return queued

  const credentials = await findMails(ctx.db, due.map((e) => e.registration.id), mailPurposes.credentials)
  const awaiting = [...credentials.values()].filter((m) => m.status === 'awaiting-account')
  const released = new Set(await releaseAwaitingMails(ctx.db, awaiting.map((m) => m.id)))
  for (const m of awaiting) if (released.has(m.id)) queued.get(m.registration_id)!.push(m)

  const added = await addMails(ctx.db, due.filter((e) => !credentials.has(e.registration.id)).map(({ registration, to }) => ({
    tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.courseAccess,
    templateKey: settings.get(registration.tenantId)!.actionTemplates.register.courseAccessTemplate, to, status: 'queued' as const,
  })))
  for (const m of added) queued.get(m.registration_id)!.push(m)

  await ctx.queue.enqueueSendMails([...released, ...added.map((m) => m.id)])
  return queued
}

/** After access was removed: the optional access-ended mails (action template "cancel access"), once each. */
export async function queueAccessEndedMails(ctx: AppContext, entries: { registration: Registration; to: string }[]): Promise<void> {
  const settings = await settingsOf(ctx, entries.map((e) => e.registration))
  const mails: NewMail[] = []
  for (const { registration, to } of onePerRegistration(entries)) {
    const cancel = settings.get(registration.tenantId)!.actionTemplates.cancel
    if (!cancel.sendMail) continue
    mails.push({
      tenantId: registration.tenantId, registrationId: registration.id, purpose: mailPurposes.accessEnded,
      templateKey: cancel.accessEndedTemplate, to, status: 'queued',
    })
  }
  if (mails.length === 0) return
  const added = await addMails(ctx.db, mails)
  await ctx.queue.enqueueSendMails(added.map((m) => m.id))
}

interface MailSubject {
  person: Person
  course: CourseDefinition
  connection: Connection
}

/** Person, course definition and connection of each registration: three statements for any number. */
async function loadSubjects(ctx: AppContext, registrations: Registration[]): Promise<MailSubject[]> {
  const persons = await getPersonsByRefs<Person>(ctx.db, [...new Set(registrations.map((r) => r.personRef))])
  const courses = await getCourseDefinitionsByIds(ctx.db, [...new Set(registrations.map((r) => r.courseDefinitionId))])
  const connections = await getConnectionsByIds(ctx.db, ctx.box, [...new Set([...courses.values()].map((c) => c.connectionId))])
  return registrations.map((r) => {
    const course = courses.get(r.courseDefinitionId)!
    return { person: persons.get(r.personRef)!.data, course, connection: connections.get(course.connectionId)! }
  })
}

/** The recipient as the connection's field mapping chooses it. */
export async function recipientOf(ctx: AppContext, registration: Registration): Promise<string> {
  const [{ person, connection }] = (await loadSubjects(ctx, [registration])) as [MailSubject]
  return emailOf(person, fieldMappingSchema.parse(connection.mapping))
}

/**
 * Everything a template may show, from the current data (the password is added by the sender only),
 * for each entry in the order given. A few statements for the whole batch.
 */
export async function buildMailContexts(
  ctx: AppContext,
  entries: { registration: Registration; loginName: string }[],
): Promise<MailContext[]> {
  const subjects = await loadSubjects(ctx, entries.map((e) => e.registration))
  const settings = await settingsOf(ctx, entries.map((e) => e.registration))
  const adapters = new Map<string, Awaited<ReturnType<AppContext['adapters']['get']>>>()
  const mappings = new Map<string, ReturnType<typeof fieldMappingSchema.parse>>()
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null)
  const contexts: MailContext[] = []
  for (const [i, { registration, loginName }] of entries.entries()) {
    const { person, course, connection } = subjects[i]!
    if (!adapters.has(connection.id)) adapters.set(connection.id, await ctx.adapters.get(connection))
    if (!mappings.has(connection.id)) mappings.set(connection.id, fieldMappingSchema.parse(connection.mapping))
    const adapter = adapters.get(connection.id)!
    const firstName = person.firstName ?? ''
    const namePrefix = person.namePrefix ?? ''
    contexts.push({
      login: { name: loginName, url: adapter.loginUrl },
      person: {
        firstName, namePrefix, lastName: person.lastName,
        fullName: [firstName, namePrefix, person.lastName].filter((p) => p !== '').join(' '),
        email: emailOf(person, mappings.get(connection.id)!),
        salutation: null,
      },
      course: { name: course.name, code: course.code, startDate: day(course.enrolStart), endDate: day(course.enrolEnd) },
      institute: settings.get(registration.tenantId)!.institute,
      lms: { name: lmsNames[adapter.lms], url: adapter.homeUrl },
      regional: {
        language: person.language ?? settings.get(registration.tenantId)!.regional.defaultLanguage,
        timeZone: settings.get(registration.tenantId)!.regional.timeZone,
      },
    })
  }
  return contexts
}

/** buildMailContexts for one registration (the template preview). */
export async function buildMailContext(ctx: AppContext, registration: Registration, loginName: string): Promise<MailContext> {
  return (await buildMailContexts(ctx, [{ registration, loginName }]))[0]!
}
