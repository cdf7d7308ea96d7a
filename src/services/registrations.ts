import { z } from 'zod'
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { personSchema } from '../domain/person.ts'
import { findPersons } from '../store/persons.ts'
import { checkRegistrations, personNotFound, registrationIdConflict } from './registration-checks.ts'
import * as store from '../store/registrations.ts'
import { listNotifications, resolveNotifications } from '../store/notifications.ts'
import { savePersons } from './persons.ts'
import { groupCalls } from './group-calls.ts'

export const registrationCreateSchema = z
  .strictObject({
    /** The TMS's own id of this registration; the same id posted again is the same registration. */
    externalId: z.string().trim().min(1).max(100).optional(),
    /** A person stored before (POST /persons) … */
    personId: z.string().trim().min(1).max(64).optional(),
    /** … or the person itself, stored (upserted) with the registration. */
    person: personSchema.optional(),
    courseCode: z.string().trim().min(1).max(100),
  })
  .superRefine((r, ctx) => {
    if (!r.personId && !r.person) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'give personId or person' })
    if (r.personId && r.person && r.person.personId !== r.personId) {
      ctx.addIssue({ code: 'custom', path: ['person', 'personId'], message: 'differs from personId' })
    }
  })

/** The most registrations one batch request may carry (about 1 MB of JSON at most, the body limit). */
export const registrationBatchLimit = 500

/** A batch request: each entry is validated on its own, so one bad entry does not refuse the others. */
export const registrationBatchSchema = z.strictObject({
  registrations: z.array(z.unknown()).min(1).max(registrationBatchLimit),
})

export type RegisterOutcome =
  | { ok: true; registration: store.Registration; created: boolean; changed: boolean; personId: string; courseCode: string }
  | { ok: false; error: ServiceError }

/**
 * Sets the registration active (creating it if new) and queues the reconcile. Never calls the LMS.
 * Returns the person id and course code too, so that the answer needs no further reads.
 */
export async function register(ctx: AppContext, tenantId: string, input: RegistrationInput) {
  const [outcome] = await registerMany(ctx, tenantId, [input])
  if (!outcome!.ok) throw outcome!.error
  return outcome!
}

type RegistrationInput = z.output<typeof registrationCreateSchema>

/**
 * register for requests that come at once (one app builds one): those that arrive while a registerMany runs go
 * together into the next one, per tenant, so 50 concurrent POST /registrations share the few statements of one
 * batch instead of making theirs each; an idle system runs each at once. The answers are those of register:
 * within a group each entry is decided as registerMany decides an entry of a batch request (a person sent
 * twice is stored as the later entry sends it, a second entry of the same registration is answered unchanged).
 * A failure of the database fails every request of that group.
 */
export function createGroupedRegister(ctx: AppContext): (tenantId: string, input: RegistrationInput) => Promise<RegisterOutcome & { ok: true }> {
  const call = groupCalls<{ tenantId: string; input: RegistrationInput }, RegisterOutcome>(async (items) => {
    const outcomes: RegisterOutcome[] = []
    const byTenant = new Map<string, number[]>()
    items.forEach(({ tenantId }, n) => byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), n]))
    for (const [tenantId, positions] of byTenant) {
      const answers = await registerMany(ctx, tenantId, positions.map((n) => items[n]!.input))
      positions.forEach((n, k) => { outcomes[n] = answers[k]! })
    }
    return outcomes
  }, registrationBatchLimit)
  return async (tenantId, input) => {
    const outcome = await call({ tenantId, input })
    if (!outcome.ok) throw outcome.error
    return outcome
  }
}

/**
 * register for many registrations at once, each with its own outcome: a refused one (unknown course or
 * person, a registration id of another person or course) stores nothing of its own and does not stop
 * the others. A few statements for the whole list: course definitions, persons, registrations, queue.
 * A person sent in several entries is stored once, as the last of them sends it.
 */
export async function registerMany(ctx: AppContext, tenantId: string, inputs: RegistrationInput[]): Promise<RegisterOutcome[]> {
  const { refusals, courses } = await checkRegistrations(ctx, tenantId, inputs)
  const outcomes: (RegisterOutcome | undefined)[] = refusals.map((error) => (error ? { ok: false, error } : undefined))
  const refuse = (n: number, error: ServiceError) => { outcomes[n] = { ok: false, error } }

  const open = inputs.map((input, n) => ({ input, n })).filter(({ n }) => !outcomes[n])
  const saved = await savePersons(ctx, tenantId, open.flatMap(({ input }) => (input.person ? [input.person] : [])))
  const referred = open.filter(({ input }) => !input.person && !saved.has(input.personId!)).map(({ input }) => input.personId!)
  const found = new Map((await findPersons(ctx.db, tenantId, [...new Set(referred)])).map((p) => [p.person_id, p]))
  const entries: { n: number; personId: string; courseCode: string; registration: store.NewRegistration }[] = []
  for (const { input, n } of open) {
    const personId = input.person?.personId ?? input.personId!
    const person = saved.get(personId)?.row ?? found.get(personId)
    if (!person) {
      refuse(n, personNotFound(input.personId))
      continue
    }
    entries.push({ n, personId, courseCode: input.courseCode, registration: {
      tenantId, externalId: input.externalId ?? null, personRef: person.id, courseDefinitionId: courses.get(input.courseCode)!.id,
    } })
  }

  const inserted = await store.insertNewRegistrations(ctx.db, entries.map((e) => e.registration))
  const toQueue: string[] = []
  for (const [k, e] of entries.entries()) {
    try {
      const fresh = inserted.get(k)
      const result = fresh ? { registration: fresh, created: true, changed: true } : await store.activateExistingRegistration(ctx.db, e.registration)
      outcomes[e.n] = { ok: true, ...result, personId: e.personId, courseCode: e.courseCode }
      if (result.changed) toQueue.push(result.registration.id)
    } catch (err) {
      if (!(err instanceof store.RegistrationConflictError)) throw err
      refuse(e.n, registrationIdConflict(err.existingId))
    }
  }
  await ctx.queue.enqueueReconciles(toQueue)
  return outcomes.map((o) => o!)
}

export async function cancel(ctx: AppContext, tenantId: string, id: string) {
  const registration = await store.setDesired(ctx.db, tenantId, id, 'cancelled')
  if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
  if (registration.status === 'pending') await ctx.queue.enqueueReconcile(id)
  return registration
}

/**
 * "Resend credentials": a new password in the LMS and the credentials mail again. Only for a registration
 * that has an account and is meant to have the course: a cancelled one would get a "welcome" for a course
 * the person no longer has.
 */
export async function resendCredentials(ctx: AppContext, tenantId: string, id: string) {
  const registration = await store.getTenantRegistration(ctx.db, tenantId, id)
  if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
  if (registration.desired === 'cancelled') {
    throw new ServiceError(409, 'REGISTRATION_CANCELLED', 'this registration is cancelled: no credentials are sent for it')
  }
  if (!registration.lmsUserId) throw new ServiceError(409, 'REGISTRATION_HAS_NO_ACCOUNT', 'this registration has no LMS account yet')
  await ctx.queue.enqueueResendCredentials(registration.id)
  return registration
}

/** An administrator's "try again" after fixing something coursebridge cannot see. */
export async function retry(ctx: AppContext, tenantId: string, id: string) {
  const registration = await store.getTenantRegistration(ctx.db, tenantId, id)
  if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
  await store.updateObserved(ctx.db, id, { status: 'pending', statusCode: null })
  await resolveNotifications(ctx.db, { tenantId, registrationId: id })
  await ctx.queue.enqueueReconcile(id)
  return (await store.getRegistration(ctx.db, id))!
}

export async function registrationDetail(ctx: AppContext, tenantId: string, id: string) {
  const registration = await store.getTenantRegistration(ctx.db, tenantId, id)
  if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
  const [steps, notifications] = await Promise.all([
    store.listSteps(ctx.db, id),
    listNotifications(ctx.db, tenantId, { registrationId: id, open: true }),
  ])
  return { registration, steps, notifications }
}
