// A changed course definition reaches the registrations already granted: a new enrolment period (or role) is only
// sent by a reconcile, and nothing else would run one for a registration that is active already.
import type { AppContext } from './context.ts'
import type { CourseDefinition } from '../store/course-definitions.ts'

const time = (d: Date | null) => d?.getTime() ?? null

/** Queues a reconcile for every registration meant to be active under the definition when its period or role changed. */
export async function regrantAfterChange(ctx: AppContext, before: CourseDefinition, after: CourseDefinition): Promise<number> {
  const changed = time(before.enrolStart) !== time(after.enrolStart) || time(before.enrolEnd) !== time(after.enrolEnd) ||
    before.role !== after.role
  if (!changed) return 0
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT id FROM registrations WHERE tenant_id = $1 AND course_definition_id = $2 AND desired = 'active'`,
    [after.tenantId, after.id],
  )
  await ctx.queue.enqueueReconciles(rows.map((r) => r.id))
  return rows.length
}
