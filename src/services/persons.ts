import type { AppContext } from './context.ts'
import type { Person } from '../domain/person.ts'
import { upsertPersons, type UpsertedPerson } from '../store/persons.ts'
import { findWaitingRegistrations } from '../store/registrations.ts'

/**
 * Stores the person. A change is carried to the LMS: registrations that waited for corrected data
 * resume, and active ones reconcile again so the account gets the new name, e-mail or fields.
 */
export async function savePerson(ctx: AppContext, tenantId: string, person: Person) {
  return (await savePersons(ctx, tenantId, [person])).get(person.personId)!
}

/** savePerson for many persons, in a few statements; by person id (the last entry of an id counts). */
export async function savePersons(ctx: AppContext, tenantId: string, persons: Person[]) {
  if (persons.length === 0) return new Map<string, UpsertedPerson<Person>>()
  const results = await upsertPersons(ctx.db, tenantId, persons)
  const changed = [...results.values()].filter((r) => r.changed && !r.created).map((r) => r.row.id)
  if (changed.length > 0) {
    const ids = await findWaitingRegistrations(ctx.db, { personRefs: changed }, ['waiting_for_data', 'active', 'failed'])
    await ctx.db.query(
      `UPDATE registrations SET status = 'pending', status_code = NULL, updated_at = now()
       WHERE id = ANY($1) AND desired = 'active'`,
      [ids],
    )
    await ctx.queue.enqueueReconciles(ids)
  }
  return results
}
