// Carries out a validated row through the same service functions as the API: register() upserts the
// person and the registration and queues the reconcile; cancel() per matching registration. Both are
// idempotent, so a row applied again (a resume after a crash between apply and checkpoint) changes nothing.
import type { AppContext } from '../services/context.ts'
import { ServiceError } from '../services/context.ts'
import { cancel, register } from '../services/registrations.ts'
import { findPerson } from '../store/persons.ts'
import { findCourseDefinitionByCode } from '../store/course-definitions.ts'
import { listRegistrations } from '../store/registrations.ts'
import type { RowAction, RowProblem } from './import-row.ts'

export type ApplyResult = { ok: true } | { ok: false; problems: RowProblem[] }

const refused = (column: string, message: string): ApplyResult => ({ ok: false, problems: [{ column, message }] })

async function registrationsToCancel(ctx: AppContext, tenantId: string, a: Extract<RowAction, { kind: 'cancel' }>) {
  if (a.externalId) {
    const { rows } = await ctx.db.query<{ id: string; desired: string }>(
      'SELECT id, desired FROM registrations WHERE tenant_id = $1 AND external_id = $2', [tenantId, a.externalId])
    return rows.length > 0 ? rows : null
  }
  const [person, course] = await Promise.all([
    findPerson(ctx.db, tenantId, a.personId!),
    findCourseDefinitionByCode(ctx.db, tenantId, a.courseCode!),
  ])
  if (!person || !course) return null
  const found = await listRegistrations(ctx.db, tenantId, { personRef: person.id, courseDefinitionId: course.id, limit: 500 })
  return found.length > 0 ? found : null
}

/** Checks what a dry run can check without writing: the course, a person referred to, a registration to cancel. */
async function check(ctx: AppContext, tenantId: string, action: RowAction): Promise<ApplyResult> {
  if (action.kind === 'cancel') {
    if (!(await registrationsToCancel(ctx, tenantId, action))) return refused(action.externalId ? 'registrationId' : 'courseCode', 'no such registration to cancel')
    return { ok: true }
  }
  const { input } = action
  if (!(await findCourseDefinitionByCode(ctx.db, tenantId, input.courseCode))) {
    return refused('courseCode', `no course definition with code "${input.courseCode}"`)
  }
  if (!input.person && !(await findPerson(ctx.db, tenantId, input.personId!))) {
    return refused('personId', `no person with personId "${input.personId}"`)
  }
  return { ok: true }
}

export async function applyRow(ctx: AppContext, tenantId: string, action: RowAction, opts: { dryRun: boolean }): Promise<ApplyResult> {
  if (opts.dryRun) return check(ctx, tenantId, action)
  try {
    if (action.kind === 'register') {
      await register(ctx, tenantId, action.input)
      return { ok: true }
    }
    const found = await registrationsToCancel(ctx, tenantId, action)
    if (!found) return refused(action.externalId ? 'registrationId' : 'courseCode', 'no such registration to cancel')
    for (const r of found) if (r.desired !== 'cancelled') await cancel(ctx, tenantId, r.id)
    return { ok: true }
  } catch (err) {
    // The service's refusals (unknown course or person, a registration id of another person) are the row's.
    if (!(err instanceof ServiceError)) throw err
    const path = Array.isArray(err.details) ? (err.details[0] as { path?: string } | undefined)?.path : undefined
    const column = err.code === 'REGISTRATION_ID_CONFLICT' ? 'registrationId' : path ?? '(row)'
    return refused(column, err.message)
  }
}
