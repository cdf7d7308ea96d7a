// Carries out validated rows through the same service functions as the API. Registrations go in chunks:
// checkRegistrations (course, registration id, person, and the person data the LMS of the course would
// refuse — what the reconcile checks) and then registerMany, the path of POST /registrations/batch, for
// the rows it accepted; a dry run stops after the check, so it refuses exactly the rows the real run
// refuses. Cancels one by one. Both are idempotent, so rows applied again (a resume after a crash between
// apply and checkpoint) change nothing.
import type { AppContext } from '../services/context.ts'
import { ServiceError } from '../services/context.ts'
import { cancel, registerMany } from '../services/registrations.ts'
import { checkRegistrations } from '../services/registration-checks.ts'
import { findPerson } from '../store/persons.ts'
import { findCourseDefinitionByCode } from '../store/course-definitions.ts'
import { listRegistrations } from '../store/registrations.ts'
import type { RegistrationInput, RowAction, RowProblem } from './import-row.ts'

export type ApplyResult = { ok: true } | { ok: false; problems: RowProblem[] }

const refused = (column: string, message: string): ApplyResult => ({ ok: false, problems: [{ column, message }] })

/** Where an API field lives in the file. */
const columnOfPath = (path: string) => (path === 'externalId' ? 'registrationId' : path.replace(/^person\./, ''))

/** A refusal of the service as the rows of the report: the column and a message that names it. */
export function problemsOfServiceError(err: ServiceError): RowProblem[] {
  if (err.code === 'REGISTRATION_ID_CONFLICT') {
    return [{ column: 'registrationId', message: 'registrationId already belongs to a registration of another person or course in coursebridge' }]
  }
  const details = Array.isArray(err.details) ? err.details as { path?: string; code?: string; message?: string }[] : []
  // The person data the LMS would refuse: every problem, each with its field.
  if (details.length > 0 && details.every((d) => d.code && d.path && d.message)) {
    return details.map((d) => ({ column: columnOfPath(d.path!), message: d.message! }))
  }
  const column = details[0]?.path ? columnOfPath(details[0].path) : '(row)'
  return [{ column, message: column === '(row)' ? err.message : `${column}: ${err.message}` }]
}

/** Registration rows of one chunk: each one's outcome. */
export async function applyRegistrations(ctx: AppContext, tenantId: string, inputs: RegistrationInput[], opts: { dryRun: boolean }): Promise<ApplyResult[]> {
  if (inputs.length === 0) return []
  const { refusals } = await checkRegistrations(ctx, tenantId, inputs, { person: true })
  const results: ApplyResult[] = refusals.map((err) => (err ? { ok: false, problems: problemsOfServiceError(err) } : { ok: true }))
  if (opts.dryRun) return results
  const accepted = inputs.map((input, n) => ({ input, n })).filter(({ n }) => results[n]!.ok)
  const outcomes = await registerMany(ctx, tenantId, accepted.map((a) => a.input))
  outcomes.forEach((o, k) => {
    // Refused after the check only when something changed in between (another writer took the registration id).
    if (!o.ok) results[accepted[k]!.n] = { ok: false, problems: problemsOfServiceError(o.error) }
  })
  return results
}

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

export async function applyCancel(ctx: AppContext, tenantId: string, action: Extract<RowAction, { kind: 'cancel' }>, opts: { dryRun: boolean }): Promise<ApplyResult> {
  const found = await registrationsToCancel(ctx, tenantId, action)
  if (!found) {
    return action.externalId
      ? refused('registrationId', `registrationId ${action.externalId}: no such registration to cancel`)
      : refused('courseCode', `no registration of person ${action.personId} for course ${action.courseCode} to cancel`)
  }
  if (opts.dryRun) return { ok: true }
  for (const r of found) if (r.desired !== 'cancelled') await cancel(ctx, tenantId, r.id)
  return { ok: true }
}
