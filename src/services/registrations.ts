import { z } from 'zod'
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { personSchema } from '../domain/person.ts'
import { findPerson, getPersonByRef } from '../store/persons.ts'
import { findCourseDefinitionByCode } from '../store/course-definitions.ts'
import * as store from '../store/registrations.ts'
import { listNotifications, resolveNotifications } from '../store/notifications.ts'
import { savePerson } from './persons.ts'

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

export async function enqueueAll(ctx: AppContext, ids: string[]) {
  for (const id of ids) await ctx.queue.enqueueReconcile(id)
}

/**
 * Sets the registration active (creating it if new) and queues the reconcile. Never calls the LMS.
 * Returns the person id and course code too, so that the answer needs no further reads.
 */
export async function register(ctx: AppContext, tenantId: string, input: z.output<typeof registrationCreateSchema>) {
  const course = await findCourseDefinitionByCode(ctx.db, tenantId, input.courseCode)
  if (!course) {
    throw new ServiceError(422, 'COURSE_DEFINITION_NOT_FOUND', `no course definition with code "${input.courseCode}"`, [
      { path: 'courseCode', message: 'unknown course code: create the course definition first' },
    ])
  }
  // A registration id that belongs to another person or course is refused before anything is stored.
  if (input.externalId) {
    const existing = await store.findRegistrationByExternalId(ctx.db, tenantId, input.externalId)
    const owner = existing && (await getPersonByRef(ctx.db, existing.personRef))
    const personId = input.person?.personId ?? input.personId
    if (existing && (owner?.person_id !== personId || existing.courseDefinitionId !== course.id)) {
      throw new ServiceError(409, 'REGISTRATION_ID_CONFLICT', 'this registration id already belongs to another person or course', { existingId: existing.id })
    }
  }
  let person: { id: string; person_id: string }
  if (input.person) {
    person = (await savePerson(ctx, tenantId, input.person)).row
  } else {
    const found = await findPerson(ctx.db, tenantId, input.personId!)
    if (!found) {
      throw new ServiceError(422, 'PERSON_NOT_FOUND', `no person with personId "${input.personId}"`, [
        { path: 'personId', message: 'unknown person: send the person with the registration or POST /persons first' },
      ])
    }
    person = found
  }
  try {
    const result = await store.upsertActiveRegistration(ctx.db, {
      tenantId, externalId: input.externalId ?? null, personRef: person.id, courseDefinitionId: course.id,
    })
    if (result.changed) await ctx.queue.enqueueReconcile(result.registration.id)
    return { ...result, personId: person.person_id, courseCode: course.code }
  } catch (err) {
    if (err instanceof store.RegistrationConflictError) {
      throw new ServiceError(409, 'REGISTRATION_ID_CONFLICT', err.message, { existingId: err.existingId })
    }
    throw err
  }
}

export async function cancel(ctx: AppContext, tenantId: string, id: string) {
  const registration = await store.setDesired(ctx.db, tenantId, id, 'cancelled')
  if (!registration) throw new ServiceError(404, 'REGISTRATION_NOT_FOUND', 'no such registration')
  if (registration.status === 'pending') await ctx.queue.enqueueReconcile(id)
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
