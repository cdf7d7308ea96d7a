// What refuses a registration before anything is stored, as reads only: an unknown course code, a
// registration id that belongs to another person or course, a person referred to who is not stored — and,
// for the bulk import, the person data the reconcile would stop at (validatePersonForLms with the field
// mapping and the LMS of the course's connection). registerMany refuses through the same checks, and the
// import's dry run and real run both use this function, so a row the dry run accepts is one the service
// accepts and one the reconcile takes to the LMS.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import type { Person } from '../domain/person.ts'
import { fieldMappingSchema, type FieldMapping } from '../domain/field-mapping.ts'
import { validatePersonForLms, type ValidationTarget } from '../domain/person-validation.ts'
import { findPersons } from '../store/persons.ts'
import { findCourseDefinitionsByCodes, type CourseDefinition } from '../store/course-definitions.ts'
import { archivedConnectionIds, getConnectionById } from '../store/connections.ts'
import { findRegistrationsByExternalIds } from '../store/registrations.ts'
import type { registrationCreateSchema } from './registrations.ts'
import type { z } from 'zod'

type RegistrationInput = z.output<typeof registrationCreateSchema>

export const registrationIdConflict = (existingId: string) =>
  new ServiceError(409, 'REGISTRATION_ID_CONFLICT', 'this registration id already belongs to another person or course', { existingId })

export const personNotFound = (personId: string | undefined) =>
  new ServiceError(422, 'PERSON_NOT_FOUND', `no person with personId "${personId}"`, [
    { path: 'personId', message: 'unknown person: send the person with the registration or POST /persons first' },
  ])

export interface RegistrationChecks {
  /** Per input: why it is refused, or undefined. */
  refusals: (ServiceError | undefined)[]
  courses: Map<string, CourseDefinition>
}

/**
 * The refusals of registerMany, without writing. With o.person, also the persons (sent or stored) whose
 * data the LMS of the course would refuse or break on; their ServiceError's details list every problem
 * as { path: the person field, code, message }.
 */
export async function checkRegistrations(ctx: AppContext, tenantId: string, inputs: RegistrationInput[], o: { person?: boolean } = {}): Promise<RegistrationChecks> {
  const refusals: (ServiceError | undefined)[] = inputs.map(() => undefined)
  const courses = await findCourseDefinitionsByCodes(ctx.db, tenantId, [...new Set(inputs.map((i) => i.courseCode))])
  inputs.forEach((input, n) => {
    if (courses.has(input.courseCode)) return
    refusals[n] = new ServiceError(422, 'COURSE_DEFINITION_NOT_FOUND', `no course definition with code "${input.courseCode}"`, [
      { path: 'courseCode', message: 'unknown course code: create the course definition first' },
    ])
  })
  // A registration id that belongs to another person or course is refused before anything is stored.
  const withId = inputs.filter((i, n) => !refusals[n] && i.externalId)
  const known = await findRegistrationsByExternalIds(ctx.db, tenantId, [...new Set(withId.map((i) => i.externalId!))])
  inputs.forEach((input, n) => {
    const existing = input.externalId ? known.get(input.externalId) : undefined
    if (refusals[n] || !existing) return
    if (existing.personId !== (input.person?.personId ?? input.personId) || existing.courseDefinitionId !== courses.get(input.courseCode)!.id) {
      refusals[n] = registrationIdConflict(existing.id)
    }
  })
  // An archived course, or a course on an archived connection, takes no new registrations; the same registration
  // sent again while it is active changes nothing and is answered as before.
  const archivedConnections = await archivedConnectionIds(ctx.db, [...new Set([...courses.values()].map((c) => c.connectionId))])
  inputs.forEach((input, n) => {
    const course = courses.get(input.courseCode)
    if (refusals[n] || !course || (!course.archivedAt && !archivedConnections.has(course.connectionId))) return
    if (input.externalId && known.get(input.externalId)?.desired === 'active') return
    refusals[n] = course.archivedAt
      ? new ServiceError(409, 'COURSE_DEFINITION_ARCHIVED', `course definition "${input.courseCode}" is archived: it takes no new registrations`,
        [{ path: 'courseCode', message: 'archived course: restore it in the Service Center (or POST /course-definitions/{id}/restore) first' }])
      : new ServiceError(409, 'CONNECTION_ARCHIVED', `the connection of course "${input.courseCode}" is archived: it takes no new registrations`,
        [{ path: 'courseCode', message: 'the course\'s connection is archived: restore the connection first' }])
  })
  if (!o.person) return { refusals, courses }

  const sent = new Set(inputs.flatMap((i) => (i.person ? [i.person.personId] : [])))
  const referred = inputs.filter((i, n) => !refusals[n] && !i.person && !sent.has(i.personId!)).map((i) => i.personId!)
  const stored = new Map((await findPersons<Person>(ctx.db, tenantId, [...new Set(referred)])).map((p) => [p.person_id, p.data]))
  const lastSent = new Map(inputs.flatMap((i) => (i.person ? [[i.person.personId, i.person] as const] : [])))
  const targets = new Map<string, Promise<{ mapping: FieldMapping; target: ValidationTarget } | null>>()
  const targetOf = (connectionId: string) => {
    let t = targets.get(connectionId)
    if (!t) {
      t = (async () => {
        const connection = await getConnectionById(ctx.db, ctx.box, connectionId)
        if (!connection) return null
        // The adapter's validation traits (login-name rules, tags, column sizes): no call, no sandbox started.
        return { mapping: fieldMappingSchema.parse(connection.mapping), target: await ctx.adapters.validationTarget(connection) }
      })()
      targets.set(connectionId, t)
    }
    return t
  }
  for (const [n, input] of inputs.entries()) {
    if (refusals[n]) continue
    const personId = input.person?.personId ?? input.personId!
    const person = input.person ?? lastSent.get(personId) ?? stored.get(personId)
    if (!person) {
      refusals[n] = personNotFound(input.personId)
      continue
    }
    const lms = await targetOf(courses.get(input.courseCode)!.connectionId)
    if (!lms) continue
    const problems = validatePersonForLms(person, lms.mapping, lms.target)
    if (problems.length === 0) continue
    refusals[n] = new ServiceError(422, problems[0]!.code, problems[0]!.message,
      problems.map((p) => ({ path: p.field, code: p.code, message: p.message })))
  }
  return { refusals, courses }
}
