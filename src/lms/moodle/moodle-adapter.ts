// The Moodle side of the LMS port, over Moodle's REST web services (the seven required functions,
// plus optional ones for targets and completion). Raw shapes stay in
// moodle-types.ts; failures are classified in moodle-errors.ts.
import type { z } from 'zod'
import type {
  AccountUpdate,
  CallObserver,
  EmailLookup,
  Grant,
  ItemOutcome,
  LmsAccount,
  LmsAdapter,
  LoginNameRules,
  LmsResult,
  ResultQuery,
  NewAccount,
  ResolvedTarget,
  Revoke,
  TargetSpec,
  VisibilityCanary,
} from '../lms-adapter.ts'
import { LmsError } from '../lms-adapter.ts'
import { isCleanLoginName } from '../../domain/login-name.ts'
import { badAnswer, classifyCohortWarning, classifyUserWarning, moodleError } from './moodle-errors.ts'
import { MoodleRestClient, type MoodleParams } from './moodle-rest-client.ts'
import type { RecordsPerCall } from '../call-cost-estimates.ts'
import {
  completionStatusSchema,
  coursesByFieldSchema,
  enrolledUserIdsSchema,
  createUsersResultSchema,
  getCohortsSchema,
  moodleUsersSchema,
  getUsersResultSchema,
  nullResultSchema,
  searchCohortsSchema,
  warningsResultSchema,
  type MoodleUser,
} from './moodle-types.ts'

/**
 * Moodle's username rule with extendedusernamechars off (the default): PARAM_USERNAME keeps lower-case
 * a-z, digits and . _ - @, and the web services refuse anything that cleaning would change
 * (contracts: core_user_create_users.username-uppercase / -diacritics / -space). user.username is varchar(100).
 */
export const moodleLoginNameRules: Readonly<LoginNameRules> = Object.freeze({
  allowed: /[a-z0-9._@-]/,
  lowercase: true,
  minLength: 1,
  maxLength: 100,
})

export interface MoodleAdapterOptions {
  /** The site address, e.g. https://moodle.example.org (no trailing /webservice/...). */
  baseUrl: string
  token: string
  timeoutMs?: number
  /**
   * Records per call. PHP drops form fields past max_input_vars silently (Moodle asks for 5000; a user
   * with 5 custom fields is ~17 fields), so bigger input is split into several calls. Default 100.
   */
  maxRecordsPerCall?: number
  /**
   * Records per call chosen per function from the measured costs (call-cost-estimates.ts), at most
   * maxRecordsPerCall. Without it every call carries up to maxRecordsPerCall.
   */
  recordsPerCall?: RecordsPerCall
  observer?: CallObserver
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch
}

/** Course completion in neutral terms (for the results poller). */
export interface CompletionStatus {
  completed: boolean
  criteria: { type: number; title: string; complete: boolean; timeCompleted: number | null }[]
}

export const defaultMaxRecordsPerCall = 100

export class MoodleAdapter implements LmsAdapter {
  readonly lms = 'moodle'
  readonly loginNameRules = moodleLoginNameRules
  /** The Student role of a standard Moodle (the web-service role is allowed to assign it). */
  readonly defaultRole = '5'
  // lib/moodlelib.php clean_param(PARAM_NOTAGS) strips tags; external_api::validate_parameters refuses a changed value.
  readonly refusesTagsInNames = true
  // mdl_user columns (lib/db/install.xml): firstname, lastname, email varchar(100), idnumber varchar(255).
  readonly columnSizes = { firstName: 100, lastName: 100, email: 100, externalKey: 255 } as const
  readonly loginUrl: string
  readonly homeUrl: string
  readonly #client: MoodleRestClient
  readonly #maxRecords: number
  readonly #recordsPerCall: RecordsPerCall | undefined

  constructor(options: MoodleAdapterOptions) {
    const base = options.baseUrl.replace(/\/+$/, '')
    this.loginUrl = `${base}/login/index.php`
    this.homeUrl = base
    this.#client = new MoodleRestClient({ ...options, baseUrl: base })
    this.#maxRecords = Math.max(1, options.maxRecordsPerCall ?? defaultMaxRecordsPerCall)
    this.#recordsPerCall = options.recordsPerCall
  }

  /** `items` in calls of `fn`: at most maxRecordsPerCall each, fewer when that function's calls are slow. */
  #chunks<T>(items: T[], fn: string): T[][] {
    const max = this.#maxRecords
    return chunks(items, this.#recordsPerCall ? this.#recordsPerCall(fn, { defaultSize: max, min: 1, max }) : max)
  }

  async findByExternalKeys(keys: string[], visibility?: VisibilityCanary): Promise<Map<string, LmsAccount[]>> {
    const wanted = unique(keys.filter((key) => key !== ''))
    const found = new Map<string, LmsAccount[]>()
    // Without moodle/user:viewdetails the lookup answers [] for everyone (check.capability-moodle-user-viewdetails):
    // the idnumber of an account known to exist rides along in the first call, so its absence gives the blindness away.
    const canary = visibility?.known && visibility.known.externalKey !== '' ? visibility.known : null
    const extra = canary && !wanted.includes(canary.externalKey) ? canary.externalKey : null
    let seen = false
    const batches = this.#chunks(wanted, 'core_user_get_users_by_field')
    if (batches.length === 0 && extra) batches.push([])
    for (const [n, chunk] of batches.entries()) {
      const values = n === 0 && extra ? [...chunk, extra] : chunk
      const users = await this.#getUsersBy('idnumber', values)
      if (users.length > 0) seen = true
      for (const user of users) {
        if (extra && user.idnumber === extra && !chunk.includes(extra)) continue
        // idnumber is not unique in Moodle: keep every account per key, the domain raises the conflict.
        const key = keyOf(user, chunk)
        found.set(key, [...(found.get(key) ?? []), toAccount(user)])
      }
    }
    if (visibility && wanted.length > 0 && !seen) await this.#proveLookupSees(canary?.lmsUserId ?? null)
    return found
  }

  /**
   * Nothing came back: prove by id that the web-service user can see accounts at all. By id Moodle returns even
   * a deleted account (round-3/core_user_get_users_by_field.deleted-user.by-id), so [] means "cannot see". Without a
   * linked account, user 2 stands in: the first administrator, created by Moodle's installer and never deletable.
   */
  async #proveLookupSees(knownId: string | null): Promise<void> {
    const fn = 'core_user_get_users_by_field'
    const id = knownId !== null && /^[1-9]\d*$/.test(knownId) ? knownId : '2'
    const users = parse(moodleUsersSchema, await this.#client.call(fn, { field: 'id', values: [id] }, 1), fn)
    if (users.length === 0) {
      throw moodleError('MOODLE_USER_LOOKUP_BLIND', {
        function: fn, capability: 'moodle/user:viewdetails', capabilityName: 'View user profiles', probedUserId: id,
      }, `account ${id}${knownId === null ? ' (the first administrator)' : ' (linked by coursebridge)'} is not found by id either`)
    }
  }

  /**
   * delete_user() keeps the row: by id Moodle still returns it, as if live, with username "<old e-mail>.<unix time>",
   * e-mail md5(old username) and no idnumber (round-3/core_user_get_users_by_field.deleted-user.by-id). Only that shape
   * proves deletion; an account whose ID number was merely changed is not "deleted".
   */
  async deletedAccounts(lmsUserIds: string[]): Promise<Set<string>> {
    const ids = unique(lmsUserIds.filter((id) => /^[1-9]\d*$/.test(id)))
    const deleted = new Set<string>()
    for (const chunk of this.#chunks(ids, 'core_user_get_users_by_field')) {
      for (const user of await this.#getUsersBy('id', chunk)) if (looksDeleted(user)) deleted.add(String(user.id))
    }
    return deleted
  }

  /**
   * core_user_get_users_by_field compares e-mail exactly on PostgreSQL (round-3/core_user_get_users_by_field.email-case.*)
   * while create_users refuses an address held in any case. So: one batched lookup of each address as given and in
   * lower case (values[]), then, for the addresses still not found, core_user_get_users with criterion email, which
   * compares ignoring case ($DB->sql_like(email, :email, false) in user/externallib.php get_users, 4.5) but takes one
   * address per call (a key may be sent once). That function is optional: without it in the service, the addresses
   * not found are `unsure` (found only in those two spellings). % and _ are LIKE wildcards there: every answer is
   * compared ignoring case, so a wildcard never makes a match.
   */
  async findByEmails(emails: string[], options: { anyCaseLimit?: number } = {}): Promise<EmailLookup> {
    const wanted = unique(emails.map((e) => e.trim()).filter((e) => e !== ''))
    const found = new Map<string, LmsAccount[]>()
    const add = (user: MoodleUser) => {
      const key = (user.email ?? '').toLowerCase()
      if (!wanted.some((e) => e.toLowerCase() === key)) return
      const list = found.get(key) ?? []
      if (!list.some((a) => a.lmsUserId === String(user.id))) list.push(toAccount(user))
      found.set(key, list)
    }
    const spellings = unique(wanted.flatMap((e) => [e, e.toLowerCase()]))
    for (const chunk of this.#chunks(spellings, 'core_user_get_users_by_field')) for (const user of await this.#getUsersBy('email', chunk)) add(user)
    const missing = unique(wanted.filter((e) => !found.has(e.toLowerCase())).map((e) => e.toLowerCase()))
    const unsure: string[] = []
    for (const [n, email] of missing.entries()) {
      if (this.#getUsersMissing || n >= (options.anyCaseLimit ?? Infinity)) {
        unsure.push(email)
        continue
      }
      const fn = 'core_user_get_users'
      let answer: unknown
      try {
        answer = await this.#client.call(fn, { criteria: [{ key: 'email', value: email }] }, 1)
      } catch (error) {
        if (!(error instanceof LmsError) || (error.code !== 'MOODLE_ACCESS_EXCEPTION' && error.code !== 'MOODLE_FUNCTION_NOT_IN_SERVICE')) throw error
        this.#getUsersMissing = true
        unsure.push(email)
        continue
      }
      for (const user of parse(getUsersResultSchema, answer, fn).users) add(user)
    }
    return { found, unsure }
  }

  /** Set once core_user_get_users answered "not in the service": not asked again by this adapter. */
  #getUsersMissing = false

  async findByLoginNames(names: string[]): Promise<Map<string, LmsAccount>> {
    const wanted = unique(names)
    // One unclean value fails the whole lookup (core_user_get_users_by_field.by-username-uppercase).
    for (const name of wanted) assertCleanUsername(name)
    const found = new Map<string, LmsAccount>()
    for (const chunk of this.#chunks(wanted, 'core_user_get_users_by_field')) {
      for (const user of await this.#getUsersBy('username', chunk)) {
        // Without moodle/user:viewalldetails the record comes back without username: we cannot match it.
        if (user.username === undefined) throw usernameHidden('core_user_get_users_by_field')
        found.set(user.username, toAccount(user))
      }
    }
    return found
  }

  async createAccounts(accounts: NewAccount[]): Promise<{ lmsUserId: string; loginName: string }[]> {
    accounts.forEach((account) => assertCleanUsername(account.loginName))
    const created: { lmsUserId: string; loginName: string }[] = []
    // A failing later call leaves the accounts of earlier calls in place; the next lookup by key finds them.
    for (const chunk of this.#chunks(accounts, 'core_user_create_users')) created.push(...(await this.#createChunk(chunk)))
    return created
  }

  async #createChunk(accounts: NewAccount[]): Promise<{ lmsUserId: string; loginName: string }[]> {
    const users = accounts.map((account) => ({
      username: account.loginName,
      password: account.password,
      firstname: account.firstName,
      lastname: account.lastName,
      email: account.email,
      auth: 'manual',
      idnumber: account.externalKey,
      customfields: customFields(account.fields),
    }))
    let answer: unknown
    try {
      answer = await this.#client.call('core_user_create_users', { users }, accounts.length)
    } catch (error) {
      if (error instanceof LmsError && (error.code === 'MOODLE_INVALID_PARAMETER' || error.code === 'MOODLE_EMAIL_TAKEN' ||
        error.code === 'MOODLE_USERNAME_TAKEN')) throw await this.#explainCreateFailure(accounts, error)
      throw error
    }
    const result = parse(createUsersResultSchema, answer, 'core_user_create_users')
    // max_input_vars truncation answers HTTP 200 for the users that arrived (core_user_create_users.batch-520-users).
    const idByName = new Map(result.map((user) => [user.username, String(user.id)]))
    const missing = accounts.filter((account) => !idByName.has(account.loginName))
    if (missing.length > 0) {
      throw moodleError('LMS_INCOMPLETE_ANSWER', {
        function: 'core_user_create_users',
        sent: accounts.length,
        answered: result.length,
        firstMissing: missing[0]!.loginName,
      }, `${result.length} of ${accounts.length} accounts answered`)
    }
    return accounts.map((account) => ({ lmsUserId: idByName.get(account.loginName)!, loginName: account.loginName }))
  }

  /**
   * Production Moodle says only "invalidparameter" for a taken username or e-mail address. Probe both
   * (one lookup each) to name the account that holds it. Moodle refuses an e-mail address held in any case
   * but finds it only in the exact spelling (round-3/core_user_create_users.duplicate-email-stored-mixed-case,
   * core_user_get_users_by_field.email-case.*): three spellings are tried, and when none finds it the answer
   * says so instead of "a value was refused". A failing probe leaves the original error.
   */
  async #explainCreateFailure(accounts: NewAccount[], original: LmsError): Promise<LmsError> {
    try {
      const byName = await this.#getUsersBy('username', unique(accounts.map((a) => a.loginName)))
      const takenName = accounts.find((a) => byName.some((user) => user.username === a.loginName))
      if (takenName) {
        const holder = byName.find((user) => user.username === takenName.loginName)!
        return moodleError('MOODLE_USERNAME_TAKEN', { ...original.details, loginName: takenName.loginName, externalKey: takenName.externalKey,
          heldBy: String(holder.id) }, `${takenName.loginName} (account ${describeUser(holder)})`)
      }
      const spellings = (e: string) => [e, e.toLowerCase(), e.toUpperCase()]
      const emails = unique(accounts.flatMap((a) => spellings(a.email)).filter((e) => e !== ''))
      const byEmail = emails.length > 0 ? await this.#getUsersBy('email', emails) : []
      const takenEmail = accounts.find((a) => byEmail.some((user) => user.email?.toLowerCase() === a.email.toLowerCase()))
      if (takenEmail) {
        const holder = byEmail.find((user) => user.email?.toLowerCase() === takenEmail.email.toLowerCase())!
        return moodleError('MOODLE_EMAIL_TAKEN', { ...original.details, email: takenEmail.email, externalKey: takenEmail.externalKey,
          heldBy: String(holder.id), heldAs: holder.email ?? null }, `${takenEmail.email} (account ${describeUser(holder)})`)
      }
      // One account at a time (the batch was split down to it): name the likely cause Moodle does not show.
      const one = accounts[0]!
      if (accounts.length === 1 && original.code !== 'MOODLE_EMAIL_INVALID' && one.firstName.trim() !== '' && one.lastName.trim() !== '' &&
        /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(one.email)) {
        return moodleError('MOODLE_EMAIL_TAKEN_OTHER_CASE', { ...original.details, email: accounts[0]!.email,
          externalKey: accounts[0]!.externalKey }, accounts[0]!.email)
      }
    } catch {
      // The probe is a courtesy; the original error stays the truth.
    }
    return original
  }

  async updateAccounts(updates: AccountUpdate[]): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = updates.map(() => ({ ok: true }))
    // Nothing to change: no call (update_users would still write and fire user_updated).
    const indexed = updates.map((update, index) => ({ update, index })).filter(({ update }) => hasChanges(update))
    for (const { update } of indexed) {
      numericId(update.lmsUserId, 'user')
      if (update.changes.loginName !== undefined) assertCleanUsername(update.changes.loginName)
    }
    for (const chunk of this.#chunks(indexed, 'core_user_update_users')) {
      const users = chunk.map(({ update }) => updateRecord(update))
      const answer = await this.#client.call('core_user_update_users', { users }, chunk.length)
      // Older Moodles answer null instead of {warnings: []}.
      const { warnings } = answer === null ? { warnings: [] } : parse(warningsResultSchema, answer, 'core_user_update_users')
      for (const warning of warnings) {
        const item = chunk.find(({ update }) => update.lmsUserId === String(warning.itemid))
        if (item) outcomes[item.index] = { ok: false, error: classifyUserWarning(warning, 'core_user_update_users') }
      }
    }
    return outcomes
  }

  /** Sets a new password (for "resend credentials"); throws when Moodle refuses it. */
  async setPassword(lmsUserId: string, password: string): Promise<void> {
    const [outcome] = await this.updateAccounts([{ lmsUserId, changes: { password } }])
    if (outcome && !outcome.ok) throw outcome.error
  }

  async resolveTarget(spec: TargetSpec): Promise<ResolvedTarget> {
    switch (spec.type) {
      case 'moodle-course':
        if (spec.by === 'id') return { type: 'course', id: numericId(spec.value, 'course'), label: spec.value }
        return this.#resolveCourse(spec.by, spec.value)
      case 'moodle-cohort':
        if (spec.by === 'id') return { type: 'cohort', id: numericId(spec.value, 'cohort'), label: spec.value }
        return this.#resolveCohort(spec.value)
      case 'ilias-course':
        throw moodleError('MOODLE_INVALID_PARAMETER', { targetType: spec.type }, 'an ILIAS course cannot be a Moodle target')
    }
  }

  async #resolveCourse(by: 'shortname' | 'idnumber', value: string): Promise<ResolvedTarget> {
    const fn = 'core_course_get_courses_by_field'
    const answer = await this.#optionalCall(fn, { field: by, value },
      `or enter the numeric course id in the course definition instead of the ${by}`)
    const { courses } = parse(coursesByFieldSchema, answer, fn)
    const course = courses[0]
    if (!course) throw moodleError('MOODLE_COURSE_NOT_FOUND', { function: fn, field: by, value }, `${by} ${value}`)
    return { type: 'course', id: String(course.id), label: course.shortname }
  }

  /**
   * Cohort by idnumber: core_cohort_search_cohorts (all contexts), falling back to core_cohort_get_cohorts
   * (system cohorts) when search is not in the service. Both need moodle/cohort:view, which the minimal web-service role lacks.
   */
  async #resolveCohort(idnumber: string): Promise<ResolvedTarget> {
    const instead = 'or enter the numeric cohort id in the course definition instead of the ID number'
    let cohorts: z.infer<typeof getCohortsSchema>
    try {
      const answer = await this.#optionalCall('core_cohort_search_cohorts',
        { query: idnumber, context: { contextid: 1 }, includes: 'all' }, instead)
      cohorts = parse(searchCohortsSchema, answer, 'core_cohort_search_cohorts').cohorts
    } catch (error) {
      if (!(error instanceof LmsError && error.code === 'MOODLE_FUNCTION_NOT_IN_SERVICE')) throw error
      cohorts = parse(getCohortsSchema, await this.#optionalCall('core_cohort_get_cohorts', {}, instead), 'core_cohort_get_cohorts')
    }
    const cohort = cohorts.find((c) => c.idnumber === idnumber)
    if (!cohort) throw moodleError('MOODLE_COHORT_NOT_FOUND', { idnumber }, `ID number ${idnumber}`)
    return { type: 'cohort', id: String(cohort.id), label: cohort.idnumber }
  }

  /** A call to a function outside the seven required ones: say which function to add, or how to do without it. */
  async #optionalCall(fn: string, params: MoodleParams, alternative: string): Promise<unknown> {
    try {
      return await this.#client.call(fn, params)
    } catch (error) {
      if (!(error instanceof LmsError)) throw error
      if (error.code === 'MOODLE_ACCESS_EXCEPTION') {
        throw moodleError('MOODLE_FUNCTION_NOT_IN_SERVICE', { ...error.details, function: fn }, `add ${fn} to the service, ${alternative}`)
      }
      if (error.code === 'MOODLE_CAPABILITY_MISSING') {
        throw new LmsError(error.code, error.kind, `${error.message}; allow it, ${alternative}`, error.details, error.scope)
      }
      throw error
    }
  }

  async grantAccess(grants: Grant[]): Promise<void> {
    // Enrolling an enrolled user answers null and overwrites its period and suspension
    // (enrol_manual_enrol_users.re-enrol-*): the domain decides whether to grant again, and a period change
    // of an existing enrolment carries the suspension Moodle holds.
    const courseGrants = grants.filter((g) => g.target.type === 'course')
    const suspended = await this.#suspendedByHand(courseGrants.filter((g) => g.periodOf !== undefined))
    const enrolments = courseGrants.map((g) => ({
      roleid: numericId(g.role, 'role'),
      userid: numericId(g.lmsUserId, 'user'),
      courseid: numericId(g.target.id, 'course'),
      timestart: g.timeStart,
      timeend: g.timeEnd,
      suspend: suspended.has(`${g.target.id}:${g.lmsUserId}`) ? 1 : undefined,
    }))
    for (const chunk of this.#chunks(enrolments, 'enrol_manual_enrol_users')) {
      parse(nullResultSchema, await this.#client.call('enrol_manual_enrol_users', { enrolments: chunk }, chunk.length), 'enrol_manual_enrol_users')
    }
    const members = grants.filter((g) => g.target.type === 'cohort').map((g) => ({
      cohorttype: { type: 'id', value: numericId(g.target.id, 'cohort') },
      usertype: { type: 'id', value: numericId(g.lmsUserId, 'user') },
    }))
    for (const chunk of this.#chunks(members, 'core_cohort_add_cohort_members')) {
      const fn = 'core_cohort_add_cohort_members'
      const { warnings } = parse(warningsResultSchema, await this.#client.call(fn, { members: chunk }, chunk.length), fn)
      // Warnings carry no item index; the valid members were added, so retrying the batch is safe (code 3).
      const error = warnings.map((warning) => classifyCohortWarning(warning, fn)).find((e) => e !== null)
      if (error) throw error
    }
  }

  /**
   * "course:user" of the period changes whose enrolment an administrator suspended in Moodle. The only reading
   * is core_enrol_get_enrolled_users with onlysuspended (enrol/externallib.php; needs moodle/course:enrolreview),
   * which also lists enrolments outside their period: those count as suspended only while the previous period
   * coursebridge set was running. Unreadable → nothing is sent (MOODLE_ENROLMENT_STATUS_UNREADABLE).
   */
  async #suspendedByHand(changes: Grant[]): Promise<Set<string>> {
    const out = new Set<string>()
    const now = Math.floor(Date.now() / 1000)
    const fn = 'core_enrol_get_enrolled_users'
    for (const courseId of unique(changes.map((g) => g.target.id))) {
      let listed: Set<string>
      try {
        const answer = await this.#client.call(fn, {
          courseid: numericId(courseId, 'course'),
          options: [{ name: 'onlysuspended', value: '1' }, { name: 'userfields', value: 'id' }],
        })
        listed = new Set(parse(enrolledUserIdsSchema, answer, fn).map((u) => String(u.id)))
      } catch (error) {
        if (!(error instanceof LmsError)) throw error
        throw moodleError('MOODLE_ENROLMENT_STATUS_UNREADABLE', { ...error.details, function: fn, courseId, cause: error.code }, `course ${courseId}`)
      }
      for (const g of changes.filter((c) => c.target.id === courseId && listed.has(c.lmsUserId))) {
        const start = g.periodOf?.timeStart ?? 0
        const end = g.periodOf?.timeEnd ?? 0
        const running = start <= now && (end === 0 || end > now)
        if (running) out.add(`${courseId}:${g.lmsUserId}`)
      }
    }
    return out
  }

  async revokeAccess(revokes: Revoke[]): Promise<void> {
    // Both answer null, also for a user who was not enrolled / not a member (idempotent by Moodle).
    const enrolments = revokes.filter((r) => r.target.type === 'course').map((r) => ({
      userid: numericId(r.lmsUserId, 'user'),
      courseid: numericId(r.target.id, 'course'),
    }))
    for (const chunk of this.#chunks(enrolments, 'enrol_manual_unenrol_users')) {
      parse(nullResultSchema, await this.#client.call('enrol_manual_unenrol_users', { enrolments: chunk }, chunk.length), 'enrol_manual_unenrol_users')
    }
    // delete_cohort_members takes numeric ids only (core_cohort_delete_cohort_members.by-idnumber-not-supported).
    const members = revokes.filter((r) => r.target.type === 'cohort').map((r) => ({
      cohortid: numericId(r.target.id, 'cohort'),
      userid: numericId(r.lmsUserId, 'user'),
    }))
    for (const chunk of this.#chunks(members, 'core_cohort_delete_cohort_members')) {
      const fn = 'core_cohort_delete_cohort_members'
      parse(nullResultSchema, await this.#client.call(fn, { members: chunk }, chunk.length), fn)
    }
  }

  /** Completion of one user in one course; needs the function in the service and report/completion:view. */
  /**
   * One core_completion_get_course_completion_status call per enrolment (the function takes one user and
   * course). A learner not (or no longer) enrolled and a course without criteria give no result; other
   * failures (function not in the service, report/completion:view missing) stop the poll.
   */
  async pollResults(query: ResultQuery): Promise<LmsResult[]> {
    const results: LmsResult[] = []
    for (const e of query.enrolments) {
      let status: CompletionStatus
      try {
        status = await this.completionStatus(e.lmsUserId, e.targetId)
      } catch (err) {
        if (err instanceof LmsError && (err.code === 'MOODLE_USER_NOT_ENROLLED' || err.code === 'MOODLE_NO_COMPLETION_CRITERIA')) continue
        throw err
      }
      if (!status.completed) continue
      // The course's completion time is not in the answer; the latest criterion time is the best there is
      // (null when completion was marked directly, as mark_complete() does: the poll then records when it saw it).
      // A retake answers byte for byte like the first completion (round-3/*.polling-retake): only the plugin sees it.
      const times = status.criteria.map((c) => c.timeCompleted).filter((t): t is number => t !== null)
      results.push({
        lmsUserId: e.lmsUserId, targetId: e.targetId, status: 'completed',
        completedAt: times.length > 0 ? new Date(Math.max(...times) * 1000) : null, completedAtKind: 'criteria',
      })
    }
    return results
  }

  async completionStatus(lmsUserId: string, courseId: string): Promise<CompletionStatus> {
    const fn = 'core_completion_get_course_completion_status'
    const answer = await this.#client.call(fn, { courseid: numericId(courseId, 'course'), userid: numericId(lmsUserId, 'user') })
    const { completionstatus } = parse(completionStatusSchema, answer, fn)
    return {
      completed: completionstatus.completed,
      criteria: completionstatus.completions.map((c) => ({
        type: c.type,
        title: c.title,
        complete: c.complete,
        timeCompleted: c.timecompleted,
      })),
    }
  }

  async #getUsersBy(field: 'id' | 'idnumber' | 'username' | 'email', values: string[]): Promise<MoodleUser[]> {
    const fn = 'core_user_get_users_by_field'
    return parse(moodleUsersSchema, await this.#client.call(fn, { field, values }, values.length), fn)
  }
}

export function createMoodleAdapter(options: MoodleAdapterOptions): MoodleAdapter {
  return new MoodleAdapter(options)
}

/** The recorded shape of a deleted account: renamed to "<e-mail>.<unix time>", e-mail an md5, no idnumber. */
export function looksDeleted(user: MoodleUser): boolean {
  return /^[^\s]+@[^\s]+\.\d{9,11}$/.test(user.username ?? '') && /^[0-9a-f]{32}$/.test(user.email ?? '') && !user.idnumber
}

/** "2281 (rec2-case, ID number REC2-CASE)" for a message. */
function describeUser(user: MoodleUser): string {
  const parts = [user.username, user.idnumber ? `ID number ${user.idnumber}` : 'no ID number'].filter(Boolean)
  return `${user.id} (${parts.join(', ')})`
}

function toAccount(user: MoodleUser): LmsAccount {
  const fields: Record<string, string> = {}
  for (const field of user.customfields ?? []) fields[field.shortname] = field.value ?? ''
  return {
    lmsUserId: String(user.id),
    loginName: user.username ?? null,
    externalKey: user.idnumber || null,
    // 4.1 and 5.0 leave the names out without moodle/site:viewfullnames: unknown, not '' (which would read as a change).
    firstName: user.firstname ?? null,
    lastName: user.lastname ?? null,
    email: user.email ?? null,
    suspended: user.suspended ?? false,
    fields,
  }
}

/** The requested key a returned user belongs to: exact, else without case (MySQL compares idnumber so). */
function keyOf(user: MoodleUser, requested: string[]): string {
  const idnumber = user.idnumber
  if (idnumber === undefined) {
    if (requested.length === 1) return requested[0]!
    throw badAnswer('core_user_get_users_by_field', 'user record without idnumber', null, `user ${user.id}`)
  }
  return requested.find((key) => key === idnumber) ?? requested.find((key) => key.toLowerCase() === idnumber.toLowerCase()) ?? idnumber
}

function updateRecord(update: AccountUpdate): MoodleParams {
  const { changes } = update
  return {
    id: update.lmsUserId,
    username: changes.loginName,
    password: changes.password,
    email: changes.email,
    firstname: changes.firstName,
    lastname: changes.lastName,
    idnumber: changes.externalKey,
    customfields: changes.fields && Object.keys(changes.fields).length > 0 ? customFields(changes.fields) : undefined,
  }
}

function hasChanges(update: AccountUpdate): boolean {
  return Object.entries(update.changes).some(([key, value]) =>
    value !== undefined && !(key === 'fields' && Object.keys(value as object).length === 0))
}

/** Custom profile fields as create/update_users take them: [{type: shortname, value}]; '' clears a field. */
function customFields(fields: Record<string, string>): { type: string; value: string }[] | undefined {
  const list = Object.entries(fields).map(([type, value]) => ({ type, value }))
  return list.length > 0 ? list : undefined
}

function assertCleanUsername(name: string): void {
  if (!isCleanLoginName(name, moodleLoginNameRules)) {
    throw moodleError('MOODLE_LOGIN_NAME_UNCLEAN', { loginName: name }, JSON.stringify(name))
  }
}

function numericId(value: string, what: 'user' | 'course' | 'cohort' | 'role'): string {
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw moodleError('MOODLE_INVALID_PARAMETER', { [`${what}Id`]: value }, `${what} id must be a positive number, got ${JSON.stringify(value)}`)
  }
  return value
}

function usernameHidden(fn: string): LmsError {
  return moodleError('MOODLE_CAPABILITY_MISSING', { function: fn, capability: 'moodle/user:viewalldetails', capabilityName: 'View all user information' },
    'moodle/user:viewalldetails: user records come back without username')
}

function parse<T>(schema: z.ZodType<T>, answer: unknown, fn: string): T {
  const result = schema.safeParse(answer)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw badAnswer(fn, `unexpected shape (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`, 'application/json',
      JSON.stringify(answer) ?? '')
  }
  return result.data
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
