// The ILIAS side of the LMS port, over SOAP (contracts/ilias/README.md).
// - Persons are keyed by a non-numeric import id `<prefix><externalKey>` set at Insert and found
//   again with getObjIdByImportId; a numeric Id would be read as an ILIAS usr_id (README §5).
// - Accounts are created with importUsers, conflict rule 1 (fail): a problem comes back as a
//   listing, nothing of the batch is imported, and every record sent must get a usr_id.
// - Course access is course membership: assignCourseMember / excludeCourseMember, one call each.
import {
  LmsError, accessSubject, type AccountUpdate, type Grant, type ItemOutcome, type LmsAccount, type LmsAdapter,
  type LmsResult, type NewAccount, type ResolvedTarget, type ResultQuery, type Revoke, type TargetSpec,
} from '../lms-adapter.ts'
import { accountOf, checkAccountData, extrasOf } from './ilias-account-data.ts'
import { homeUrlFor, loginUrlFor, optionsSchema, type IliasAdapterOptions } from './ilias-adapter-options.ts'
import { classifyImportProblem, iliasError } from './ilias-errors.ts'
import { LoginNameRules } from './ilias-login-rules.ts'
import { requiredFieldsFrom, requiredFieldsProbe } from './ilias-required-fields.ts'
import { formatIliasTimestamp, parseLpChanges, parseProgressInfo, type ProgressRecord } from './ilias-progress.ts'
import { IliasSoapClient, type SoapParam, type SoapReturn } from './ilias-soap-client.ts'
import {
  assignedRoleCodes, courseMemberRoles, iliasObject, soapBoolean, soapInt, standardGlobalRoles,
  type CourseMemberRole, type ImportResultRow,
} from './ilias-types.ts'
import { buildUserImportXml, parseImportResult, parseUserXml, usrIdOf, type ImportUser } from './ilias-user-xml.ts'
import { asArray, attrOf, createXmlParser, textOf } from './ilias-xml.ts'
import type { RecordsPerCall } from '../call-cost-estimates.ts'

export type { IliasAdapterOptions } from './ilias-adapter-options.ts'

/** How far before the last poll a poll looks again: the server zone's distance from UTC plus 15 minutes. */
export function overlapMs(at: Date, timeZone: string): number {
  const wall = Date.parse(`${formatIliasTimestamp(at, timeZone).replace(' ', 'T')}Z`)
  return Math.abs(wall - Math.floor(at.getTime() / 1000) * 1000) + 15 * 60_000
}

const importLimits = { defaultSize: 50, min: 1, max: 100 } as const

const objectsParser = createXmlParser(['Object', 'References'])

export class IliasAdapter implements LmsAdapter {
  readonly lms = 'ilias' as const
  readonly defaultRole = 'Member'
  // ILIAS takes names as XML text (escaped), with no tag stripping.
  readonly refusesTagsInNames = false
  readonly loginNameRules = LoginNameRules
  // getObjIdByImportId returns only the newest account with an import id (live 5.2, trap 8).
  readonly externalKeyShowsOneHolder = true
  // getObjIdByImportId, lookupUser, assignCourseMember and excludeCourseMember take one person each.
  readonly requestPerRecord = new Set(['findByExternalKeys', 'findByLoginNames', 'grantAccess', 'revokeAccess'] as const)
  /**
   * Users per importUsers call. ~0.13 s per imported user (live 5.2: 13.3 s for 100): 50 before anything is
   * measured, then as many as keep a call near the policy's budget (batch-size-policy.ts), at most 100.
   */
  get maxAccountsPerCall(): number {
    return this.#recordsPerCall?.('importUsers', importLimits) ?? importLimits.defaultSize
  }
  readonly loginUrl: string
  readonly homeUrl: string
  readonly #soap: IliasSoapClient
  readonly #folder: number
  readonly #role: { id: number; title: string }
  readonly #prefix: string
  readonly #language: string
  readonly #timeZone: string
  readonly #recordsPerCall: RecordsPerCall | undefined
  #required: { at: number; fields: Promise<string[]> } | null = null

  constructor(options: IliasAdapterOptions) {
    const o = optionsSchema.parse(options)
    const roleId = o.globalRoleId ?? standardGlobalRoles[o.globalRole]
    if (roleId === undefined) throw new Error(`IliasAdapter: globalRoleId is required for the global role "${o.globalRole}"`)
    new Intl.DateTimeFormat('en-US', { timeZone: o.timeZone }) // throws RangeError on an unknown zone
    this.#soap = new IliasSoapClient(o)
    this.#folder = o.userFolderRefId
    this.#role = { id: roleId, title: o.globalRole }
    this.#prefix = o.importIdPrefix
    this.#language = o.language
    this.#timeZone = o.timeZone
    this.#recordsPerCall = o.recordsPerCall
    this.loginUrl = o.loginUrl ?? loginUrlFor(o.baseUrl, o.client)
    this.homeUrl = homeUrlFor(o.baseUrl, o.client)
  }

  /** The import id a person is stored under. */
  importIdOf(externalKey: string): string {
    return `${this.#prefix}${externalKey}`
  }

  /**
   * The fields this ILIAS requires for a new account (requiredfields probe: nothing is created), kept
   * for ten minutes: an administrator who unticks "Required" is heard without a restart.
   */
  async requiredPersonFields(): Promise<string[]> {
    if (this.#required && Date.now() - this.#required.at < 600_000) return this.#required.fields
    const probe = requiredFieldsProbe(this.#role, this.#language)
    const fields = (async () => {
      const protocol = await this.#string('importUsers', {
        folder_id: { type: 'int', value: this.#folder }, usr_xml: { type: 'string', value: probe.xml },
        conflict_rule: { type: 'int', value: 1 }, send_account_mail: { type: 'int', value: 0 },
      }, 2)
      return requiredFieldsFrom(this.#parse('importUsers', () => parseImportResult(protocol)), probe)
    })()
    this.#required = { at: Date.now(), fields }
    fields.catch(() => { this.#required = null })
    return fields
  }

  /**
   * ILIAS keeps at most one match per key visible: getObjIdByImportId returns the newest object. Each request
   * names the key it served (CallRecord.subjects), so it goes into that person's step log only.
   */
  async findByExternalKeys(keys: string[]): Promise<Map<string, LmsAccount[]>> {
    const ids = new Map<string, string>()
    for (const key of new Set(keys)) {
      const objId = await this.#int('getObjIdByImportId', { import_id: { type: 'string', value: this.importIdOf(key) } }, 1, [key])
      if (objId > 0) ids.set(key, String(objId))
    }
    const accounts = await this.#readUsers([...ids.values()], [...ids.keys()])
    const found = new Map<string, LmsAccount[]>()
    for (const [key, id] of ids) {
      // The import id may belong to another object type; getUserXML only knows users.
      const read = accounts.get(id)
      if (read) found.set(key, [{ ...read.account, externalKey: key }])
    }
    return found
  }

  /** externalKey stays null here: ILIAS's SOAP reads do not expose the import id. */
  async findByLoginNames(names: string[]): Promise<Map<string, LmsAccount>> {
    const ids = new Map<string, string>()
    for (const name of new Set(names)) {
      const usrId = await this.#int('lookupUser', { user_name: { type: 'string', value: name } }, 1, [name])
      if (usrId > 0) ids.set(name, String(usrId))
    }
    const accounts = await this.#readUsers([...ids.values()], [...ids.keys()])
    const found = new Map<string, LmsAccount>()
    for (const [name, id] of ids) {
      const read = accounts.get(id)
      if (read) found.set(name, read.account)
    }
    return found
  }

  async createAccounts(accounts: NewAccount[]): Promise<{ lmsUserId: string; loginName: string }[]> {
    if (accounts.length === 0) return []
    const users = accounts.map((a): ImportUser => {
      checkAccountData(a.loginName, [a.externalKey, a.firstName, a.lastName, a.email, a.password], a.fields)
      if (a.firstName.trim() === '' || a.lastName.trim() === '') {
        throw iliasError('ILIAS_FIELD_INVALID', { field: a.firstName.trim() === '' ? 'firstName' : 'lastName', loginName: a.loginName })
      }
      return {
        id: this.importIdOf(a.externalKey), language: this.#language, action: 'Insert', login: a.loginName,
        globalRole: this.#role, password: a.password, firstname: a.firstName, lastname: a.lastName, email: a.email,
        // ILIAS stores m or f only; a diverse person is sent without gender (requiredPersonFields decides whether that is allowed).
        gender: a.gender === 'female' ? 'f' : a.gender === 'male' ? 'm' : undefined,
        extras: extrasOf(a.fields),
      }
    })
    const rows = await this.#import(users, 1)
    const created = new Map(rows.filter((r) => r.action === 'Insert' && r.userid > 0).map((r) => [r.login.toLowerCase(), r.userid]))
    // A record with no row at all (what conflict rule 3 does to an existing login) is looked up, and taken
    // only when the account found carries this person's import id.
    for (const a of accounts.filter((x) => !created.has(x.loginName.toLowerCase()))) {
      const usrId = await this.#int('lookupUser', { user_name: { type: 'string', value: a.loginName } }, 1, [a.externalKey])
      if (usrId <= 0) continue
      const holder = await this.#int('getObjIdByImportId', { import_id: { type: 'string', value: this.importIdOf(a.externalKey) } }, 1, [a.externalKey])
      if (holder === usrId) created.set(a.loginName.toLowerCase(), usrId)
    }
    const missing = accounts.filter((a) => !created.has(a.loginName.toLowerCase()))
    if (missing.length > 0) {
      throw iliasError('LMS_INCOMPLETE_ANSWER', {
        function: 'importUsers', sent: accounts.length, answered: created.size, missing: missing.map((a) => a.loginName).join(','),
      })
    }
    return accounts.map((a) => ({ lmsUserId: String(created.get(a.loginName.toLowerCase())), loginName: a.loginName }))
  }

  /**
   * Updates by ILIAS usr_id (numeric User@Id, Action="Update"). Reads the accounts first: the
   * Login element is required and User@Language would otherwise overwrite the person's language.
   * A refused batch is retried one account at a time so every item gets its own outcome.
   */
  async updateAccounts(updates: AccountUpdate[]): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = updates.map(() => ({ ok: true }))
    if (updates.length === 0) return outcomes
    const current = await this.#readUsers(updates.map((u) => u.lmsUserId))
    const pending: { index: number; user: ImportUser }[] = []
    updates.forEach((update, index) => {
      try {
        pending.push({ index, user: this.#updateUser(update, current.get(update.lmsUserId)) })
      } catch (error) {
        if (!(error instanceof LmsError)) throw error
        outcomes[index] = { ok: false, error }
      }
    })
    const runBatch = async (batch: typeof pending, splitOnRefusal: boolean): Promise<void> => {
      if (batch.length === 0) return
      try {
        // Retried one at a time: each such call names the account it served.
        const rows = await this.#import(batch.map((b) => b.user), 2, splitOnRefusal ? undefined : batch.map((b) => b.user.id))
        const updated = new Set(rows.filter((r) => r.action === 'Update').map((r) => String(r.userid)))
        for (const { index, user } of batch) {
          if (!updated.has(user.id)) outcomes[index] = { ok: false, error: iliasError('LMS_INCOMPLETE_ANSWER', { function: 'importUsers', lmsUserId: user.id }) }
        }
      } catch (error) {
        if (!(error instanceof LmsError) || error.kind !== 'permanent') throw error
        if (splitOnRefusal && batch.length > 1) {
          for (const item of batch) await runBatch([item], false)
        } else {
          for (const { index } of batch) outcomes[index] = { ok: false, error }
        }
      }
    }
    await runBatch(pending, true)
    return outcomes
  }

  async setPassword(lmsUserId: string, password: string): Promise<void> {
    const [outcome] = await this.updateAccounts([{ lmsUserId, changes: { password } }])
    if (outcome && !outcome.ok) throw outcome.error
  }

  async resolveTarget(spec: TargetSpec): Promise<ResolvedTarget> {
    if (spec.type !== 'ilias-course') throw new LmsError('LMS_TARGET_UNSUPPORTED', 'permanent', `ILIAS cannot resolve a ${spec.type} target`)
    if (!/^\d+$/.test(spec.refId) || Number(spec.refId) <= 0) throw iliasError('ILIAS_OBJECT_NOT_FOUND', { refId: spec.refId }, 'a ref id is a positive number')
    const xml = await this.#string('getObjectByReference', {
      reference_id: { type: 'int', value: Number(spec.refId) }, user_id: { type: 'int', value: 0 },
    })
    const object = this.#parse('getObjectByReference', () => {
      const doc = objectsParser.parse(xml) as Record<string, unknown>
      const objects = doc['Objects'] && typeof doc['Objects'] === 'object' ? asArray((doc['Objects'] as Record<string, unknown>)['Object']) : []
      const first = objects[0] as Record<string, unknown> | undefined
      return first ? iliasObject.parse({ type: attrOf(first, 'type'), objId: attrOf(first, 'obj_id'), title: textOf(first['Title']) }) : null
    })
    // ilObjectXMLWriter leaves out objects the SOAP account may not read.
    if (!object) throw iliasError('ILIAS_PERMISSION_DENIED', { function: 'getObjectByReference', refId: spec.refId })
    if (object.type !== 'crs') throw iliasError('ILIAS_WRONG_OBJECT_TYPE', { refId: spec.refId, type: object.type, title: object.title })
    return { type: 'course', id: spec.refId, label: object.title }
  }

  /**
   * assignCourseMember per grant. A person already in the course (in any role) stays as they are:
   * ILIAS answers true and changes nothing, so a tutor is never demoted by a repeated grant.
   * ILIAS course membership has no period; timeStart/timeEnd are not sent.
   */
  async grantAccess(grants: Grant[]): Promise<void> {
    for (const grant of grants) {
      const role = grant.role === '' ? this.defaultRole : grant.role
      if (!courseMemberRoles.includes(role as CourseMemberRole)) throw iliasError('ILIAS_INVALID_MEMBER_ROLE', { role: grant.role })
      const ok = await this.#boolean('assignCourseMember', {
        course_id: { type: 'int', value: this.#courseRef(grant.target) }, user_id: { type: 'int', value: Number(grant.lmsUserId) },
        type: { type: 'string', value: role },
      }, 1, [accessSubject(grant.lmsUserId, grant.target.id)])
      if (!ok) throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: 'assignCourseMember', lmsUserId: grant.lmsUserId, answer: false })
    }
  }

  /** excludeCourseMember removes the course roles only; the account stays. Excluding a non-member is fine. */
  async revokeAccess(revokes: Revoke[]): Promise<void> {
    for (const revoke of revokes) {
      const ok = await this.#boolean('excludeCourseMember', {
        course_id: { type: 'int', value: this.#courseRef(revoke.target) }, user_id: { type: 'int', value: Number(revoke.lmsUserId) },
      }, 1, [accessSubject(revoke.lmsUserId, revoke.target.id)])
      if (!ok) throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: 'excludeCourseMember', lmsUserId: revoke.lmsUserId, answer: false })
    }
  }

  /** The person's role in the course, or null when not a member (isAssignedToCourse 0). */
  async isAssigned(lmsUserId: string, courseRefId: string): Promise<CourseMemberRole | null> {
    const code = await this.#int('isAssignedToCourse', {
      course_id: { type: 'int', value: Number(courseRefId) }, user_id: { type: 'int', value: Number(lmsUserId) },
    })
    return assignedRoleCodes[code as keyof typeof assignedRoleCodes] ?? null
  }

  /**
   * Learning-progress changes since the last poll (or, on a first poll, each polled course's current
   * progress), reduced to the asked enrolments and to finished ones: completed/passed → success,
   * failed → attended without success.
   */
  async pollResults(query: ResultQuery): Promise<LmsResult[]> {
    const wanted = new Set(query.enrolments.map((e) => `${e.lmsUserId}:${e.targetId}`))
    if (wanted.size === 0) return []
    // ILIAS writes status_changed from two clocks (PHP's zone on insert, the database's NOW() on update;
    // live 5.2 trap 15): ask again from before the last poll by the zone's offset plus a margin, and
    // report each (user, course, status) once.
    const records = query.since
      ? await this.learningProgressChanges(new Date(query.since.getTime() - overlapMs(query.since, this.#timeZone)))
      : (await Promise.all([...new Set(query.enrolments.map((e) => e.targetId))].map((refId) => this.progressInfo(refId)))).flat()
    const results: LmsResult[] = []
    const seen = new Set<string>()
    for (const r of records) {
      if (!wanted.has(`${r.lmsUserId}:${r.courseRefId}`)) continue
      if (r.status !== 'completed' && r.status !== 'passed' && r.status !== 'failed') continue
      const key = `${r.lmsUserId}:${r.courseRefId}:${r.status}`
      if (seen.has(key)) continue
      seen.add(key)
      results.push({ lmsUserId: r.lmsUserId, targetId: r.courseRefId, status: r.status, completedAt: r.changedAt })
    }
    return results
  }

  async learningProgressChanges(since: Date): Promise<ProgressRecord[]> {
    const xml = await this.#string('getLearningProgressChanges', {
      timestamp: { type: 'string', value: formatIliasTimestamp(since, this.#timeZone) },
      include_ref_ids: { type: 'boolean', value: true },
      type_filter: { type: 'stringArray', value: ['crs'] },
    }, 0)
    return this.#parse('getLearningProgressChanges', () => parseLpChanges(xml, this.#timeZone))
  }

  /** Every participant's status in one course now (getProgressInfo, filter 0 = all). */
  async progressInfo(courseRefId: string): Promise<ProgressRecord[]> {
    const xml = await this.#string('getProgressInfo', {
      ref_id: { type: 'int', value: Number(courseRefId) }, progress_filter: { type: 'intArray', value: [0] },
    }, 0)
    return this.#parse('getProgressInfo', () => parseProgressInfo(xml, courseRefId))
  }

  /** Logs the SOAP session out. */
  async close(): Promise<void> {
    await this.#soap.logout()
  }

  #updateUser(update: AccountUpdate, read: { account: LmsAccount; language: string } | undefined): ImportUser {
    const { changes } = update
    if (!read) throw iliasError('ILIAS_USER_NOT_FOUND', { lmsUserId: update.lmsUserId })
    if (changes.externalKey !== undefined) throw iliasError('ILIAS_EXTERNAL_KEY_IMMUTABLE', { lmsUserId: update.lmsUserId })
    const login = changes.loginName ?? read.account.loginName ?? ''
    checkAccountData(login, [changes.firstName, changes.lastName, changes.email, changes.password], changes.fields ?? {})
    return {
      id: update.lmsUserId, language: read.language || this.#language, action: 'Update', login,
      password: changes.password, firstname: changes.firstName, lastname: changes.lastName, email: changes.email,
      extras: extrasOf(changes.fields ?? {}),
    }
  }

  async #import(users: ImportUser[], conflictRule: 1 | 2, subjects?: readonly string[]): Promise<ImportResultRow[]> {
    const xml = buildUserImportXml(users)
    const protocol = await this.#string('importUsers', {
      folder_id: { type: 'int', value: this.#folder }, usr_xml: { type: 'string', value: xml },
      conflict_rule: { type: 'int', value: conflictRule }, send_account_mail: { type: 'int', value: 0 },
    }, users.length, subjects)
    const rows = this.#parse('importUsers', () => parseImportResult(protocol))
    // Problems come back as protocol rows (userid 0, no action); under rules 1/2 nothing was imported then.
    // A refused row looks like a success row (HTTP 200, same columns): userid 0 and an empty action (live 5.2, trap 4).
    const problems = rows.filter((r) => r.action === '' || r.userid <= 0)
    const first = problems[0]
    if (first) {
      const error = classifyImportProblem(first.login, first.message)
      // The site's required fields changed since they were probed: probe again next time.
      if (error.code.startsWith('PERSON_')) this.#required = null
      throw new LmsError(error.code, error.kind, error.message, { ...error.details, problems: problems.length, records: users.length }, error.scope)
    }
    return rows
  }

  /**
   * getUserXML for the ids that exist (one call); the language is kept for updates. `subjects`: the port call's
   * records these ids were read for, when not all of them (CallRecord.subjects).
   */
  async #readUsers(ids: string[], subjects?: readonly string[]): Promise<Map<string, { account: LmsAccount; language: string }>> {
    const unique = [...new Set(ids)].filter((id) => /^\d+$/.test(id))
    if (unique.length === 0) return new Map()
    let xml: string
    try {
      xml = await this.#string('getUserXML', {
        user_ids: { type: 'intArray', value: unique.map(Number) }, attach_roles: { type: 'int', value: 0 },
      }, unique.length, subjects)
    } catch (error) {
      if (error instanceof LmsError && error.code === 'ILIAS_USER_NOT_FOUND') return new Map()
      throw error
    }
    const records = this.#parse('getUserXML', () => parseUserXml(xml))
    return new Map(records.map((r) => [usrIdOf(r), { account: accountOf(r), language: r.language }]))
  }

  #courseRef(target: ResolvedTarget): number {
    if (target.type !== 'course' || !/^\d+$/.test(target.id)) throw iliasError('ILIAS_WRONG_OBJECT_TYPE', { targetType: target.type, id: target.id })
    return Number(target.id)
  }

  #parse<T>(operation: string, parse: () => T): T {
    try {
      return parse()
    } catch (error) {
      if (error instanceof LmsError) throw error
      throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: operation, issue: error instanceof Error ? error.message.slice(0, 300) : 'unreadable' })
    }
  }

  async #string(operation: string, params: Record<string, SoapParam>, items = 1, subjects?: readonly string[]): Promise<string> {
    const result: SoapReturn = await this.#soap.call(operation, params, items, subjects)
    if (result.kind !== 'scalar') throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: operation, issue: 'array where a value was expected' })
    return result.text
  }

  async #int(operation: string, params: Record<string, SoapParam>, items = 1, subjects?: readonly string[]): Promise<number> {
    const text = await this.#string(operation, params, items, subjects)
    return this.#parse(operation, () => soapInt.parse(text))
  }

  async #boolean(operation: string, params: Record<string, SoapParam>, items = 1, subjects?: readonly string[]): Promise<boolean> {
    const text = await this.#string(operation, params, items, subjects)
    return this.#parse(operation, () => soapBoolean.parse(text))
  }
}
