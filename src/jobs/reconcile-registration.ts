// The heart of coursebridge: make the LMS match what a registration should be.
// Each step is idempotent (look up before create, enrol/unenrol are idempotent in the LMS), so a job
// that runs twice, late, or after a crash changes nothing that is already right.
import type { AppContext } from '../services/context.ts'
import { LmsError, type CallRecord, type LmsAdapter, type LmsAccount, type ResolvedTarget } from '../lms/lms-adapter.ts'
import type { Connection } from '../store/connections.ts'
import { getConnectionById, setConnectionBlocked } from '../store/connections.ts'
import { getCourseDefinition, storeResolvedTarget, type CourseDefinition } from '../store/course-definitions.ts'
import { getPersonByRef } from '../store/persons.ts'
import { appendSteps, getRegistration, updateObserved, incrementAttempts, type NewStep, type Registration } from '../store/registrations.ts'
import { raiseNotification, resolveNotifications } from '../store/notifications.ts'
import { findAccountLink, saveAccountLink } from '../store/lms-accounts.ts'
import { acquireLease, releaseLease } from '../store/leases.ts'
import { fieldMappingSchema, toAccountData, diffAccount, type FieldMapping } from '../domain/field-mapping.ts'
import { validatePersonForLms } from '../domain/person-validation.ts'
import { chooseLoginName, loginNameCandidates } from '../domain/login-name.ts'
import { generatePassword } from '../domain/password.ts'
import type { Person } from '../domain/person.ts'
import type { JobContext } from './queue.ts'
import { prepareCredentialsMail, queueAccessEndedMail, queueMailsAfterGrant, recipientOf } from '../services/mail-flow.ts'

export interface ReconcileDeps extends AppContext {
  workerId: string
}

const leaseSeconds = 120

export function createReconcileHandler(deps: ReconcileDeps) {
  return async (data: { registrationId: string }, job: JobContext): Promise<void> => {
    const registration = await getRegistration(deps.db, data.registrationId)
    if (!registration) return
    const course = await getCourseDefinition(deps.db, registration.tenantId, registration.courseDefinitionId)
    if (!course) return
    // One worker per person and LMS: two registrations of one person must not both create an account.
    const leaseKey = `account:${course.connectionId}:${registration.personRef}`
    const owner = `${deps.workerId}:${job.id}`
    if (!(await acquireLease(deps.db, leaseKey, owner, leaseSeconds))) {
      await deps.queue.enqueueReconcile(registration.id, { startAfterSeconds: 1 })
      return
    }
    try {
      await reconcileOne(deps, registration.id, course, job)
    } finally {
      await releaseLease(deps.db, leaseKey, owner)
    }
  }
}

async function reconcileOne(deps: ReconcileDeps, registrationId: string, course: CourseDefinition, job: JobContext) {
  // Read again under the lease: the desired state may have changed while the job waited.
  const registration = (await getRegistration(deps.db, registrationId))!
  const connection = (await getConnectionById(deps.db, deps.box, course.connectionId))!
  const steps: NewStep[] = []
  const record = (call: CallRecord) =>
    steps.push({
      step: 'lms-call', function: call.function, durationMs: Math.round(call.durationMs), items: call.items,
      outcome: call.outcome, errorCode: call.errorCode,
    })
  await incrementAttempts(deps.db, registration.id)
  try {
    if (!connection.active) {
      throw new LmsError('CONNECTION_INACTIVE', 'needs-admin', `connection "${connection.name}" is switched off`)
    }
    if (connection.blockedCode) {
      steps.push({ step: 'wait-for-connection', outcome: 'skipped', errorCode: connection.blockedCode,
        detail: 'the connection waits for its set-up to be fixed; no LMS call made' })
      await updateObserved(deps.db, registration.id, { status: 'needs_admin', statusCode: connection.blockedCode })
      return
    }
    const adapter = await deps.adapters.get(connection)
    await deps.adapters.recordCalls(record, () =>
      registration.desired === 'active'
        ? grant(deps, { registration, course, connection, adapter, steps })
        : revoke(deps, { registration, course, adapter, steps }),
    )
  } catch (err) {
    await handleFailure(deps, { registration, connection, job, steps, err })
  } finally {
    await appendSteps(deps.db, registration.id, steps)
  }
}

interface Work {
  registration: Registration
  course: CourseDefinition
  adapter: LmsAdapter
  steps: NewStep[]
}

async function grant(deps: ReconcileDeps, w: Work & { connection: Connection }) {
  const { registration, course, adapter, steps } = w
  const personRow = await getPersonByRef<Person>(deps.db, registration.personRef)
  const person = personRow!.data
  const mapping = fieldMappingSchema.parse(w.connection.mapping)

  const problems = validatePersonForLms(person, mapping, adapter)
  if (problems.length > 0) {
    for (const p of problems) {
      steps.push({ step: 'validate-person', outcome: 'error', errorCode: p.code, detail: p.message })
      await raiseNotification(deps.db, {
        tenantId: registration.tenantId, code: p.code, kind: 'data', message: p.message,
        details: { field: p.field, personId: person.personId }, registrationId: registration.id,
        personRef: registration.personRef, dedupeKey: `registration:${registration.id}:${p.code}`,
      })
    }
    await updateObserved(deps.db, registration.id, { status: 'waiting_for_data', statusCode: problems[0]!.code })
    return
  }

  const target = await resolveTarget(deps, course, adapter, steps)
  const account = await ensureAccount(deps, { ...w, person, mapping })
  // Recorded before the grant call: a cancel that follows knows there may be access to remove.
  await updateObserved(deps.db, registration.id, {
    lmsUserId: account.lmsUserId, loginName: account.loginName, accountCreated: account.created || registration.accountCreated,
  })
  await adapter.grantAccess([{
    lmsUserId: account.lmsUserId,
    target,
    role: course.role ?? adapter.defaultRole,
    timeStart: course.enrolStart ? Math.floor(course.enrolStart.getTime() / 1000) : undefined,
    timeEnd: course.enrolEnd ? Math.floor(course.enrolEnd.getTime() / 1000) : undefined,
  }])
  steps.push({ step: 'grant-access', outcome: 'ok', detail: `${target.type} ${target.label}` })
  // A re-read: a cancel may have arrived during the calls; then this job's access is removed by the next run.
  await updateObserved(deps.db, registration.id, { status: 'active', statusCode: null, accessGrantedAt: new Date() })
  await resolveNotifications(deps.db, { tenantId: registration.tenantId, registrationId: registration.id })
  const mails = await queueMailsAfterGrant(deps, registration, account.email)
  for (const m of mails) steps.push({ step: 'queue-mail', outcome: 'ok', detail: `${m.purpose} mail to ${m.to_address}` })
}

async function revoke(deps: ReconcileDeps, w: Work) {
  const { registration, course, adapter, steps } = w
  // Without a user id no grant call was ever made for this registration: nothing to take back.
  if (!registration.lmsUserId) {
    steps.push({ step: 'revoke-access', outcome: 'skipped', detail: 'access was never given' })
    await updateObserved(deps.db, registration.id, { status: 'cancelled', statusCode: null })
    await resolveNotifications(deps.db, { tenantId: registration.tenantId, registrationId: registration.id })
    return
  }
  const target = await resolveTarget(deps, course, adapter, steps)
  await adapter.revokeAccess([{ lmsUserId: registration.lmsUserId, target }])
  steps.push({ step: 'revoke-access', outcome: 'ok', detail: `${target.type} ${target.label}; account kept` })
  await updateObserved(deps.db, registration.id, { status: 'cancelled', statusCode: null, accessRevokedAt: new Date() })
  await resolveNotifications(deps.db, { tenantId: registration.tenantId, registrationId: registration.id })
  await queueAccessEndedMail(deps, registration, await recipientOf(deps, registration))
}

/** Course shortname/idnumber or cohort idnumber → LMS id, looked up once and kept on the definition. */
async function resolveTarget(deps: ReconcileDeps, course: CourseDefinition, adapter: LmsAdapter, steps: NewStep[]) {
  if (course.resolvedTarget) return course.resolvedTarget
  const resolved: ResolvedTarget = await adapter.resolveTarget(course.target)
  await storeResolvedTarget(deps.db, course.id, resolved)
  steps.push({ step: 'resolve-target', outcome: 'ok', detail: `${course.code} → ${resolved.type} ${resolved.id}` })
  return resolved
}

interface EnsuredAccount {
  lmsUserId: string
  loginName: string
  created: boolean
  /** Where the person's mails go (the mapping's e-mail field). */
  email: string
}

/** Finds the person's account by external key (updating changed data) or creates it. Never a second one. */
async function ensureAccount(
  deps: ReconcileDeps,
  w: Work & { connection: Connection; person: Person; mapping: FieldMapping },
): Promise<EnsuredAccount> {
  const { adapter, steps, registration, connection } = w
  const wanted = toAccountData(w.person, w.mapping, adapter.loginNameRules)
  const found = (await adapter.findByExternalKeys([wanted.externalKey])).get(wanted.externalKey) ?? []
  const link = await findAccountLink(deps.db, connection.id, registration.personRef)

  if (found.length > 1) throw duplicateKeyError(wanted.externalKey, found)
  const existing = found[0]
  if (existing) {
    const update = diffAccount(existing, wanted)
    if (update) {
      const [outcome] = await adapter.updateAccounts([update])
      if (outcome && !outcome.ok) throw outcome.error
      steps.push({ step: 'update-account', outcome: 'ok', detail: `changed: ${Object.keys(update.changes).join(', ')}` })
    } else {
      steps.push({ step: 'find-account', outcome: 'ok', detail: `account ${existing.lmsUserId} found by external key` })
    }
    const loginName = existing.loginName ?? link?.loginName ?? wanted.loginName
    await saveAccountLink(deps.db, {
      connectionId: connection.id, personRef: registration.personRef, lmsUserId: existing.lmsUserId, loginName,
      createdByUs: false,
    })
    return { lmsUserId: existing.lmsUserId, loginName, created: false, email: wanted.email }
  }
  if (link) {
    // We knew this person's account, yet the LMS does not return it: the external key was changed in the
    // LMS, or the web-service user lost a capability (Moodle then answers [] silently). Creating another
    // account would be the duplicate the seeds warn about.
    throw new LmsError('LMS_KNOWN_ACCOUNT_NOT_FOUND', 'needs-admin',
      `account ${link.lmsUserId} (${link.loginName ?? 'no login name'}) of this person is no longer found by external key ${wanted.externalKey}`,
      { lmsUserId: link.lmsUserId, externalKey: wanted.externalKey })
  }

  // Persons with the same name registered at once would all find "jjansen" free, and every create but
  // the first would be refused (login taken): the choice and the create run one at a time per base name.
  const nameLease = `login:${connection.id}:${wanted.loginName.toLowerCase()}`
  const nameOwner = `${deps.workerId}:${registration.id}`
  await waitForLease(deps, nameLease, nameOwner)
  try {
    const candidates = loginNameCandidates(wanted.loginName, adapter.loginNameRules)
    const taken = await adapter.findByLoginNames(candidates)
    const takenBy = new Map([...taken].map(([name, account]) => [name, account.externalKey]))
    const loginName = chooseLoginName(wanted.loginName, takenBy, wanted.externalKey, adapter.loginNameRules)
    if (!loginName) {
      throw new LmsError('LOGIN_NAME_NO_FREE_SUFFIX', 'permanent',
        `login names ${candidates[0]} to ${candidates[candidates.length - 1]} all belong to other accounts`)
    }
    const settings = connection.settings as { passwordLength?: number }
    const password = generatePassword({ length: settings.passwordLength })
    // The credentials mail waits in the outbox (password encrypted) before the create: a crash after the
    // LMS created the account cannot lose the password; the next run finds the account and sends it.
    await prepareCredentialsMail(deps, registration, { to: wanted.email, loginName, password })
    const [created] = await adapter.createAccounts([{ ...wanted, loginName, password }])
    steps.push({ step: 'create-account', outcome: 'ok', detail: `account ${created!.lmsUserId} created as ${loginName}` })
    await saveAccountLink(deps.db, {
      connectionId: connection.id, personRef: registration.personRef, lmsUserId: created!.lmsUserId, loginName, createdByUs: true,
    })
    return { lmsUserId: created!.lmsUserId, loginName, created: true, email: wanted.email }
  } finally {
    await releaseLease(deps.db, nameLease, nameOwner)
  }
}

/** Waits (briefly) for a lease another job holds for a moment; a crashed holder's lease expires. */
async function waitForLease(deps: ReconcileDeps, key: string, owner: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await acquireLease(deps.db, key, owner, leaseSeconds))) {
    if (Date.now() > deadline) throw new Error(`lease ${key} still held after ${timeoutMs} ms; the queue retries`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function duplicateKeyError(key: string, accounts: LmsAccount[]) {
  const names = accounts.map((a) => `${a.lmsUserId} (${a.loginName ?? '?'})`).join(' and ')
  return new LmsError('LMS_DUPLICATE_EXTERNAL_KEY', 'permanent',
    `external key ${key} is held by several accounts: ${names}; coursebridge does not pick one`,
    { externalKey: key, accounts: names })
}

async function handleFailure(
  deps: ReconcileDeps,
  f: { registration: Registration; connection: Connection; job: JobContext; steps: NewStep[]; err: unknown },
) {
  const { registration, connection, job, steps, err } = f
  if (!(err instanceof LmsError)) {
    steps.push({ step: 'internal-error', outcome: 'error', errorCode: 'INTERNAL_ERROR', detail: (err as Error).message?.slice(0, 500) })
    deps.log.error({ err, registrationId: registration.id }, 'reconcile failed')
    throw err // the queue retries it
  }
  steps.push({ step: 'failure', outcome: 'error', errorCode: err.code, detail: err.message.slice(0, 500) })
  const base = { tenantId: registration.tenantId, code: err.code, message: err.message, details: err.details }
  if (err.kind === 'retryable') {
    if (job.retryCount < job.retryLimit) {
      await updateObserved(deps.db, registration.id, { status: 'retrying', statusCode: err.code })
      throw err // pg-boss retries with exponential backoff
    }
    await updateObserved(deps.db, registration.id, { status: 'failed', statusCode: err.code })
    await raiseNotification(deps.db, {
      ...base, kind: 'retryable', connectionId: connection.id, registrationId: registration.id,
      message: `${err.message} — gave up after ${job.retryCount + 1} attempts; retry the registration when the LMS is back`,
      dedupeKey: `registration:${registration.id}:${err.code}`,
    })
    return
  }
  if (err.kind === 'needs-admin' && err.scope === 'connection') {
    // Every call would fail the same way: pause the connection instead of a retry storm, one notification.
    await setConnectionBlocked(deps.db, connection.id, err.code)
    await updateObserved(deps.db, registration.id, { status: 'needs_admin', statusCode: err.code })
    await raiseNotification(deps.db, { ...base, kind: 'needs-admin', connectionId: connection.id, dedupeKey: `connection:${connection.id}:${err.code}` })
    return
  }
  await updateObserved(deps.db, registration.id, {
    status: err.kind === 'needs-admin' ? 'needs_admin' : 'failed', statusCode: err.code,
  })
  await raiseNotification(deps.db, {
    ...base, kind: err.kind, connectionId: connection.id, registrationId: registration.id, personRef: registration.personRef,
    dedupeKey: `registration:${registration.id}:${err.code}`,
  })
}
