// The heart of coursebridge: make the LMS match what registrations should be.
// Workers take reconcile jobs in batches and coalesce them per connection: one lookup for many persons,
// one create call for many new accounts, one enrol call for many grants (see reconcile-batch.ts for the
// bisection that isolates a bad record). Each step is idempotent (look up before create; enrol and unenrol
// are idempotent in the LMS), so a job that runs twice, late, or after a crash changes nothing that is
// already right. With a batch size of 1 this is the plain one-registration-per-job path.
import type { AppContext } from '../services/context.ts'
import { LmsError, accessSubject, type Grant, type ResolvedTarget } from '../lms/lms-adapter.ts'
import { getConnectionById, type Connection } from '../store/connections.ts'
import { blockConnection } from '../services/connections.ts'
import { getCourseDefinitionsByIds, storeResolvedTarget, type CourseDefinition } from '../store/course-definitions.ts'
import { getPersonsByRefs } from '../store/persons.ts'
import { appendStepsOf, getRegistrations, incrementAttempts, updateObserved, updateObservedMany, type NewStep, type Registration } from '../store/registrations.ts'
import type { Queryable } from '../store/database.ts'
import { raiseNotification, resolveRegistrationNotifications } from '../store/notifications.ts'
import type { Leases } from '../store/leases.ts'
import { emailOf, fieldMappingSchema } from '../domain/field-mapping.ts'
import { validatePersonForLms } from '../domain/person-validation.ts'
import { decideGrant, grantKey } from '../domain/granted-access.ts'
import type { Person } from '../domain/person.ts'
import { queueAccessEndedMails, queueMailsAfterGrantMany } from '../services/mail-flow.ts'
import type { JobContext } from './queue.ts'
import { ReconcileBatch, type BatchItem } from './reconcile-batch.ts'
import { ensureAccounts } from './reconcile-accounts.ts'

export interface ReconcileDeps extends AppContext {
  /** Per person and LMS, and per connection's login names: they end with this process (leases.ts). */
  leases: Leases
}

export interface ReconcileJob {
  data: { registrationId: string }
  job: JobContext
}

/** Job ids to retry later (with the queue's backoff), each with its reason. */
export type RetryList = Map<string, Error>

export function createReconcileHandler(deps: ReconcileDeps) {
  return async (jobs: ReconcileJob[]): Promise<RetryList> => {
    const retry: RetryList = new Map()
    // The batch's rows in a few statements, not a few per registration.
    const registrations = new Map((await getRegistrations(deps.db, jobs.map((j) => j.data.registrationId))).map((r) => [r.id, r]))
    const courses = await getCourseDefinitionsByIds(deps.db, [...new Set([...registrations.values()].map((r) => r.courseDefinitionId))])
    const persons = await getPersonsByRefs<Person>(deps.db, [...new Set([...registrations.values()].map((r) => r.personRef))])
    // One worker per person and LMS: two registrations of one person must never both create an account.
    // The lease ends with its holder: a dead worker's lease is free at once, a stalled one's is kept.
    const leaseOf = (r: Registration) => `account:${courses.get(r.courseDefinitionId)!.connectionId}:${r.personRef}`
    const wanted = [...new Set([...registrations.values()].filter((r) => courses.get(r.courseDefinitionId)).map(leaseOf))]
    const held = await deps.leases.acquire(wanted)
    const groups = new Map<string, BatchItem[]>()
    try {
      for (const { data, job } of jobs) {
        const registration = registrations.get(data.registrationId)
        const course = registration && courses.get(registration.courseDefinitionId)
        if (!registration || !course) continue
        // An erased person has no data left to act on; the LMS is left as it is.
        if ((persons.get(registration.personRef)?.data as { erased?: boolean } | undefined)?.erased) continue
        if (!held.has(leaseOf(registration))) {
          await deps.queue.enqueueReconcile(registration.id, { startAfterSeconds: 1 })
          continue
        }
        const group = groups.get(course.connectionId) ?? []
        groups.set(course.connectionId, group)
        group.push({ job, registration, course, person: persons.get(registration.personRef)!.data, steps: [] })
      }
      for (const [connectionId, items] of groups) {
        const connection = (await getConnectionById(deps.db, deps.box, connectionId))!
        await reconcileGroup(deps, connection, items, retry)
      }
    } finally {
      await deps.leases.release([...held])
    }
    return retry
  }
}

/** Notices an adapter reports next to a good answer, with the message of their notification. */
const noticeMessages: Record<string, string> = {
  MOODLE_DEBUG_OUTPUT: 'Moodle printed debug output in front of a web-service answer; coursebridge read the answer and kept nothing of the output',
}

async function reconcileGroup(deps: ReconcileDeps, connection: Connection, items: BatchItem[], retry: RetryList) {
  await incrementAttempts(deps.db, items.map((i) => i.registration.id))
  let batch: ReconcileBatch | undefined
  try {
    if (!connection.active) {
      for (const item of items) item.error = new LmsError('CONNECTION_INACTIVE', 'needs-admin', `connection "${connection.name}" is switched off`)
      return
    }
    if (connection.blockedCode) {
      for (const item of items) {
        item.steps.push({ step: 'wait-for-connection', outcome: 'skipped', errorCode: connection.blockedCode,
          detail: 'the connection waits for its set-up to be fixed; no LMS call made' })
      }
      for (const item of items) item.settled = { status: 'needs_admin', statusCode: connection.blockedCode }
      return
    }
    const adapter = await deps.adapters.get(connection)
    batch = new ReconcileBatch(connection, adapter, fieldMappingSchema.parse(connection.mapping), items, deps.adapters)
    await grant(deps, batch, items.filter((i) => i.registration.desired === 'active'))
    await revoke(deps, batch, items.filter((i) => i.registration.desired === 'cancelled'))
  } catch (err) {
    for (const item of items) item.error ??= err
  } finally {
    // The state each registration reached, its failures and its step log become visible together: a reader
    // never sees a registration active without the calls that made it so. Only `tx` inside (PGlite has one
    // connection: a query through deps.db here would wait for this transaction forever).
    await deps.db.transaction(async (tx) => {
      // Notifications first: whoever sees the registration active sees it without its old problems.
      await resolveRegistrationNotifications(tx, items.filter((i) => i.clearNotifications).map((i) => i.registration.id))
      await updateObservedMany(tx, items.filter((i) => i.settled).map((i) => [i.registration.id, i.settled!]))
      // After the settled state: a failure later in the batch (say, queueing the mails) wins over it.
      for (const item of items) if (item.error !== undefined) await handleFailure(deps, tx, connection, item, retry)
      // What the LMS said besides its answer (e.g. Moodle printing debug output before it): told once, nothing paused.
      for (const code of batch?.notices ?? []) {
        await raiseNotification(tx, {
          tenantId: connection.tenantId, code, kind: 'info', connectionId: connection.id,
          message: noticeMessages[code] ?? code, dedupeKey: `connection:${connection.id}:${code}`,
        })
      }
      await appendStepsOf(tx, items.flatMap((i) => i.steps.map((s) => [i.registration.id, s] as [string, NewStep])))
    })
  }
}

async function grant(deps: ReconcileDeps, batch: ReconcileBatch, items: BatchItem[]) {
  const { adapter } = batch
  const ready: BatchItem[] = []
  for (const item of items) {
    const problems = validatePersonForLms(item.person, batch.mapping, adapter)
    if (problems.length === 0) {
      ready.push(item)
      continue
    }
    for (const p of problems) {
      item.steps.push({ step: 'validate-person', outcome: 'error', errorCode: p.code, detail: p.message })
      await raiseNotification(deps.db, {
        tenantId: item.registration.tenantId, code: p.code, kind: 'data', message: p.message,
        details: { field: p.field, personId: item.person.personId }, registrationId: item.registration.id,
        personRef: item.registration.personRef, dedupeKey: `registration:${item.registration.id}:${p.code}`,
      })
    }
    deps.log.warn({
      registrationId: item.registration.id, connectionId: batch.connection.id, connection: batch.connection.name,
      code: problems[0]!.code, codes: problems.map((p) => p.code),
    }, `registration waits for data: ${problems.map((p) => p.code).join(', ')}`)
    item.settled = { status: 'waiting_for_data', statusCode: problems[0]!.code }
  }
  const targets = await resolveTargets(deps, batch, ready)
  const accounts = await ensureAccounts(deps, batch, ready.filter((i) => targets.has(i)))
  const open = ready.filter((i) => i.error === undefined && accounts.has(i) && targets.has(i))
  // Recorded before the grant call: a cancel that follows knows there may be access to remove.
  await updateObservedMany(deps.db, open.map((item) => {
    const a = accounts.get(item)!
    return [item.registration.id, { lmsUserId: a.lmsUserId, loginName: a.loginName, accountCreated: a.created || item.registration.accountCreated }]
  }))
  const specs = new Map(open.map((item) => [item, {
    lmsUserId: accounts.get(item)!.lmsUserId,
    target: targets.get(item)!,
    role: item.course.role ?? adapter.defaultRole,
    timeStart: item.course.enrolStart ? Math.floor(item.course.enrolStart.getTime() / 1000) : undefined,
    timeEnd: item.course.enrolEnd ? Math.floor(item.course.enrolEnd.getTime() / 1000) : undefined,
  } satisfies Grant]))
  // An access granted before with the same user, target, role and period is not sent again: the enrol call
  // would reset the period and lift a suspension made in the LMS. A changed period is sent with its old one.
  const decisions = new Map(open.map((item) => [item, decideGrant(item.registration.grantedAccess, specs.get(item)!)]))
  for (const item of open.filter((i) => !decisions.get(i)!.send)) {
    const target = targets.get(item)!
    item.steps.push({ step: 'grant-access', outcome: 'skipped', detail: `${target.type} ${target.label}: already granted with this period; nothing sent` })
    item.clearNotifications = true
    item.settled = { status: 'active', statusCode: null }
  }
  const grants = open.filter((item) => decisions.get(item)!.send)
  await batch.bisect(grants, (part) => adapter.grantAccess(part.map((item) => {
    const decision = decisions.get(item)!
    return decision.send && decision.periodOf ? { ...specs.get(item)!, periodOf: decision.periodOf } : specs.get(item)!
  })), async (part) => {
    const now = new Date()
    for (const item of part) {
      item.clearNotifications = true
      item.settled = { status: 'active', statusCode: null, accessGrantedAt: now, accessRevokedAt: null, grantedAccess: grantKey(specs.get(item)!) }
    }
    const mails = await queueMailsAfterGrantMany(deps, part.map((item) => ({ registration: item.registration, to: accounts.get(item)!.email })))
    for (const item of part) {
      const target = targets.get(item)!
      item.steps.push({ step: 'grant-access', outcome: 'ok', detail: `${target.type} ${target.label}` })
      for (const m of mails.get(item.registration.id) ?? []) {
        item.steps.push({ step: 'queue-mail', outcome: 'ok', detail: `${m.purpose} mail to ${m.to_address}` })
      }
    }
  }, (item) => [accessSubject(specs.get(item)!.lmsUserId, specs.get(item)!.target.id)])
}

async function revoke(deps: ReconcileDeps, batch: ReconcileBatch, items: BatchItem[]) {
  // Without a user id no grant call was ever made for a registration: nothing to take back.
  const toRevoke = items.filter((i) => i.registration.lmsUserId)
  const never = items.filter((i) => !i.registration.lmsUserId)
  for (const item of never) item.steps.push({ step: 'revoke-access', outcome: 'skipped', detail: 'access was never given' })
  for (const item of never) {
    item.clearNotifications = true
    item.settled = { status: 'cancelled', statusCode: null }
  }
  const targets = await resolveTargets(deps, batch, toRevoke)
  const revokes = toRevoke.filter((i) => targets.has(i) && i.error === undefined)
  await batch.bisect(revokes, (part) => batch.adapter.revokeAccess(part.map((item) => ({
    lmsUserId: item.registration.lmsUserId!, target: targets.get(item)!,
  }))), async (part) => {
    const now = new Date()
    for (const item of part) {
      item.clearNotifications = true
      item.settled = { status: 'cancelled', statusCode: null, accessRevokedAt: now, grantedAccess: null }
      const target = targets.get(item)!
      item.steps.push({ step: 'revoke-access', outcome: 'ok', detail: `${target.type} ${target.label}; account kept` })
    }
    await queueAccessEndedMails(deps, part.map((item) => ({ registration: item.registration, to: emailOf(item.person, batch.mapping) })))
  }, (item) => [accessSubject(item.registration.lmsUserId!, targets.get(item)!.id)])
}

/** Course shortname/idnumber or cohort idnumber → LMS id, looked up once per definition and kept. */
async function resolveTargets(deps: ReconcileDeps, batch: ReconcileBatch, items: BatchItem[]) {
  const resolved = new Map<string, ResolvedTarget>()
  const targets = new Map<BatchItem, ResolvedTarget>()
  for (const item of items) {
    const course: CourseDefinition = item.course
    let target = course.resolvedTarget ?? resolved.get(course.id)
    if (!target) {
      const sharing = items.filter((i) => i.course.id === course.id)
      try {
        target = await batch.call(sharing, () => batch.adapter.resolveTarget(course.target))
      } catch (err) {
        for (const i of sharing) batch.fail(i, err)
        continue
      }
      await storeResolvedTarget(deps.db, course.id, target)
      resolved.set(course.id, target)
      item.steps.push({ step: 'resolve-target', outcome: 'ok', detail: `${course.code} → ${target.type} ${target.id}` })
    }
    targets.set(item, target)
  }
  return targets
}

/** Records a failed item through `db` (the batch's closing transaction). */
async function handleFailure(deps: ReconcileDeps, db: Queryable, connection: Connection, item: BatchItem, retry: RetryList) {
  const { registration, job } = item
  const err = item.error
  // One line per failure at warn/error, with ids and the code only (messages may carry personal data).
  const where = { registrationId: registration.id, connectionId: connection.id, connection: connection.name }
  if (!(err instanceof LmsError)) {
    item.steps.push({ step: 'internal-error', outcome: 'error', errorCode: 'INTERNAL_ERROR', detail: (err as Error)?.message?.slice(0, 500) })
    deps.log.error({ ...where, code: 'INTERNAL_ERROR', err }, 'reconcile failed: internal error; the job is retried')
    retry.set(job.id, err as Error)
    return
  }
  item.steps.push({ step: 'failure', outcome: 'error', errorCode: err.code, detail: err.message.slice(0, 500) })
  const base = { tenantId: registration.tenantId, code: err.code, message: err.message, details: err.details }
  const fields = { ...where, code: err.code, kind: err.kind, attempt: job.retryCount + 1 }
  if (err.kind === 'retryable') {
    if (job.retryCount < job.retryLimit) {
      // Not a failure yet: the queue retries with backoff; the last attempt's failure is the one logged.
      deps.log.info(fields, `registration will be retried: ${err.code}`)
      await updateObserved(db, registration.id, { status: 'retrying', statusCode: err.code })
      retry.set(job.id, err)
      return
    }
    deps.log.warn(fields, `registration failed: ${err.code}; gave up after ${job.retryCount + 1} attempts`)
    await updateObserved(db, registration.id, { status: 'failed', statusCode: err.code })
    await raiseNotification(db, {
      ...base, kind: 'retryable', connectionId: connection.id, registrationId: registration.id,
      message: `${err.message} — gave up after ${job.retryCount + 1} attempts; retry the registration when the LMS is back`,
      dedupeKey: `registration:${registration.id}:${err.code}`,
    })
    return
  }
  if (err.code.startsWith('PERSON_')) {
    // The person lacks what the LMS requires (found when the account was to be made): wait for the data.
    await updateObserved(db, registration.id, { status: 'waiting_for_data', statusCode: err.code })
    await raiseNotification(db, {
      ...base, kind: 'data', registrationId: registration.id, personRef: registration.personRef,
      details: { ...err.details, personId: item.person.personId }, dedupeKey: `registration:${registration.id}:${err.code}`,
    })
    return
  }
  if (err.kind === 'needs-admin' && err.scope === 'connection') {
    // Every call would fail the same way: pause the connection instead of a retry storm, one notification.
    // The block is logged once (warn); the registrations that wait on it only at info.
    await blockConnection(deps, db, connection, err.code, registration.id)
    deps.log.info(fields, `registration waits for connection "${connection.name}": ${err.code}`)
    await updateObserved(db, registration.id, { status: 'needs_admin', statusCode: err.code })
    await raiseNotification(db, { ...base, kind: 'needs-admin', connectionId: connection.id, dedupeKey: `connection:${connection.id}:${err.code}` })
    return
  }
  deps.log.warn(fields, `registration failed: ${err.code}`)
  await updateObserved(db, registration.id, { status: err.kind === 'needs-admin' ? 'needs_admin' : 'failed', statusCode: err.code })
  await raiseNotification(db, {
    ...base, kind: err.kind, connectionId: connection.id, registrationId: registration.id, personRef: registration.personRef,
    dedupeKey: `registration:${registration.id}:${err.code}`,
  })
}
