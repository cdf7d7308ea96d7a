import type { AppContext } from './context.ts'
import type { Person } from '../domain/person.ts'
import { upsertPerson } from '../store/persons.ts'
import { findWaitingRegistrations } from '../store/registrations.ts'
import { enqueueAll } from './registrations.ts'

/**
 * Stores the person. A change is carried to the LMS: registrations that waited for corrected data
 * resume, and active ones reconcile again so the account gets the new name, e-mail or fields.
 */
export async function savePerson(ctx: AppContext, tenantId: string, person: Person) {
  const result = await upsertPerson(ctx.db, tenantId, person)
  if (result.changed && !result.created) {
    const ids = await findWaitingRegistrations(ctx.db, { personRef: result.row.id }, ['waiting_for_data', 'active', 'failed'])
    await ctx.db.query(
      `UPDATE registrations SET status = 'pending', status_code = NULL, updated_at = now()
       WHERE id = ANY($1) AND desired = 'active'`,
      [ids],
    )
    await enqueueAll(ctx, ids)
  }
  return result
}
