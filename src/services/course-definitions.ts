// Course definitions as the API and the Service Center change them: one function per action, both callers use it.
// Saving checks the target on its connection's LMS (a course that does not exist is refused now, not at the first
// registration); archiving keeps everything registered for it; only a definition never used can be deleted.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import type { CourseDefinitionChange, CourseDefinitionInput } from './course-definition-input.ts'
import { isUniqueViolation } from './connections.ts'
import * as store from '../store/course-definitions.ts'
import type { CourseDefinition } from '../store/course-definitions.ts'
import { getConnection } from '../store/connections.ts'
import { LmsError, type ResolvedTarget, type TargetSpec } from '../lms/lms-adapter.ts'

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

/** How a target came out of the check at save time. */
export type TargetCheck =
  | { verified: true; resolved: ResolvedTarget }
  /** The LMS could not be asked (not reachable, wrong token, …): saved, checked again at the first registration. */
  | { verified: false; code: string }

export const notFound = () => new ServiceError(404, 'COURSE_DEFINITION_NOT_FOUND', 'no such course definition')

/**
 * Resolves the target on the connection's LMS as the reconcile would (the same adapter call). An answer about the
 * target (no such course or cohort, not a course, another LMS's target) or about its lookup (the lookup function
 * not in the Moodle service, a capability it needs missing: the only call made is the lookup) refuses the save with
 * COURSE_TARGET_UNRESOLVED and the LMS's code; the first registration would stop at the same answer. When the LMS
 * cannot be asked at all (unreachable, timeout, a 5xx, its credentials refused, or the connection paused already
 * for such a cause) the definition is saved not verified (resolvedTarget null): the connection's own problem is
 * reported where it belongs (check, notification), and the reconcile resolves the target once it is fixed.
 * Moodle targets given by numeric id need no lookup and are taken as they are (the connection check probes them).
 */
export async function checkTarget(ctx: AppContext, tenantId: string, connectionId: string, target: TargetSpec): Promise<TargetCheck> {
  const connection = await getConnection(ctx.db, ctx.box, tenantId, connectionId)
  if (!connection) throw connectionNotFound()
  if (connection.archivedAt) {
    throw new ServiceError(422, 'CONNECTION_ARCHIVED', `connection "${connection.name}" is archived`,
      [{ path: 'connectionId', message: 'this connection is archived: restore it first, or choose another' }])
  }
  const where = { connectionId, connection: connection.name }
  // A paused connection is not asked again (an ILIAS counts each refused login towards locking the account).
  if (connection.blockedCode) {
    ctx.log.warn({ ...where, lmsCode: connection.blockedCode, code: 'COURSE_TARGET_NOT_VERIFIED' }, 'course target not verified: the connection is paused')
    return { verified: false, code: connection.blockedCode }
  }
  try {
    const adapter = await ctx.adapters.get(connection)
    return { verified: true, resolved: await adapter.resolveTarget(target) }
  } catch (err) {
    if (!(err instanceof LmsError)) throw err
    if (err.scope === 'connection' && !lookupCodes.has(err.code)) {
      ctx.log.warn({ ...where, lmsCode: err.code, code: 'COURSE_TARGET_NOT_VERIFIED' }, `course target not verified: ${err.code}; saved, resolved at the first registration`)
      return { verified: false, code: err.code }
    }
    ctx.log.warn({ ...where, lmsCode: err.code, code: 'COURSE_TARGET_UNRESOLVED' }, `course target refused: ${err.code}`)
    throw new ServiceError(422, 'COURSE_TARGET_UNRESOLVED', `the target cannot be used on this connection: ${err.message}`,
      [{ path: 'target', code: err.code, message: err.message }])
  }
}

/** Connection-wide codes that, from the lookup call, are about the lookup (what it needs is missing), not about reaching the LMS. */
const lookupCodes = new Set(['MOODLE_FUNCTION_NOT_IN_SERVICE', 'MOODLE_CAPABILITY_MISSING'])

const connectionNotFound = () =>
  new ServiceError(422, 'CONNECTION_NOT_FOUND', 'no such connection', [{ path: 'connectionId', message: 'unknown connection' }])

const codeTaken = (code: string) => new ServiceError(409, 'COURSE_CODE_TAKEN', `course code "${code}" exists`,
  [{ path: 'code', message: 'another course definition (perhaps an archived one) has this code' }])

/** Creates a definition whose target the LMS confirmed (or could not be asked about: then not verified). */
export async function createCourseDefinition(ctx: AppContext, tenantId: string, input: CourseDefinitionInput) {
  const check = await checkTarget(ctx, tenantId, input.connectionId, input.target)
  try {
    const definition = await store.insertCourseDefinition(ctx.db, tenantId, input, check.verified ? check.resolved : null)
    return { definition, check }
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(input.code)
    throw err
  }
}

/** Changes a definition; a new target or connection is checked as on create. Granted access follows a new period or role. */
export async function updateCourseDefinition(ctx: AppContext, tenantId: string, id: string, input: CourseDefinitionChange) {
  const before = await store.getCourseDefinition(ctx.db, tenantId, id)
  if (!before) throw notFound()
  const target = input.target ?? before.target
  const connectionId = input.connectionId ?? before.connectionId
  const moved = JSON.stringify(target) !== JSON.stringify(before.target) || connectionId !== before.connectionId
  // An unchanged target resolved before stays; one never verified gets another check.
  const check: TargetCheck | null = moved || !before.resolvedTarget ? await checkTarget(ctx, tenantId, connectionId, target) : null
  let after: CourseDefinition | null
  try {
    after = await store.updateCourseDefinition(ctx.db, tenantId, id, input, check?.verified ? check.resolved : null)
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(input.code ?? before.code)
    throw err
  }
  if (!after) throw notFound()
  await regrantAfterChange(ctx, before, after)
  return { definition: after, check }
}

/** What archiving or deleting a definition would touch: its registrations, and those with access now. */
export async function courseDefinitionUsage(ctx: AppContext, tenantId: string, id: string) {
  const definition = await store.getCourseDefinition(ctx.db, tenantId, id)
  if (!definition) throw notFound()
  return { definition, ...(await store.courseDefinitionUsage(ctx.db, id)) }
}

/**
 * Archives a definition: new registrations for it are refused (COURSE_DEFINITION_ARCHIVED), it leaves the forms and
 * lists; its registrations keep their access, results and history, and cancellations still reach the LMS.
 */
export async function archiveCourseDefinition(ctx: AppContext, tenantId: string, id: string) {
  const d = await store.setCourseDefinitionArchived(ctx.db, tenantId, id, true)
  if (!d) throw notFound()
  ctx.log.info({ courseDefinitionId: id, code: d.code }, `course definition ${d.code} archived`)
  return d
}

export async function restoreCourseDefinition(ctx: AppContext, tenantId: string, id: string) {
  const d = await store.setCourseDefinitionArchived(ctx.db, tenantId, id, false)
  if (!d) throw notFound()
  ctx.log.info({ courseDefinitionId: id, code: d.code }, `course definition ${d.code} restored`)
  return d
}

/** Deletes a definition no registration ever used; one with registrations is refused (archive it instead). */
export async function deleteCourseDefinition(ctx: AppContext, tenantId: string, id: string) {
  const { definition, registrations } = await courseDefinitionUsage(ctx, tenantId, id)
  const refuse = () => {
    ctx.log.warn({ courseDefinitionId: id, code: 'COURSE_DEFINITION_IN_USE' }, `course definition ${definition.code} not deleted: it has registrations`)
    return new ServiceError(409, 'COURSE_DEFINITION_IN_USE',
      `course definition "${definition.code}" has ${registrations} registration(s); archive it instead`, { registrations })
  }
  if (registrations > 0) throw refuse()
  // A registration that arrived since the count keeps the row (the statement checks again).
  if (!(await store.deleteUnusedCourseDefinition(ctx.db, tenantId, id))) throw refuse()
  ctx.log.info({ courseDefinitionId: id, code: definition.code }, `course definition ${definition.code} deleted`)
  return definition
}
