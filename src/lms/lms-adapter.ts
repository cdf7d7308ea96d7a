// The port every LMS connector implements. The domain talks only to this interface: it never sees
// REST, SOAP, Moodle's or ILIAS's raw shapes. Adapters work in batches because the real LMSs do
// (Moodle's create_users / enrol_manual_enrol_users take many records per call).

/** How a failure is to be handled. Decided by the adapter that received it, never by message text elsewhere. */
export const errorKinds = ['retryable', 'permanent', 'needs-admin'] as const
export type ErrorKind = (typeof errorKinds)[number]

/**
 * A classified LMS failure. `code` is stable and is also the notification code
 * (e.g. MOODLE_INVALID_TOKEN, MOODLE_FUNCTION_NOT_IN_SERVICE, LMS_UNREACHABLE).
 * - retryable: network errors, timeouts, HTTP 5xx — try again later with backoff.
 * - needs-admin: the LMS set-up is wrong (token, capability, service) — stop, notify, wait for a fix.
 * - permanent: this record is refused (invalid data) — stop for this record only, notify.
 */
export class LmsError extends Error {
  override readonly name = 'LmsError'
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    /** Safe-to-store facts (never a token or password): LMS errorcode, function, HTTP status, debuginfo. */
    readonly details: Record<string, string | number | boolean | null> = {},
    /**
     * What the failure affects: the whole connection (wrong token, REST off: every call would fail, so
     * work for that LMS pauses until it is fixed), one target (a course without manual enrolment), or one
     * record (invalid data). Defaults: needs-admin and retryable → connection, permanent → record.
     */
    readonly scope: ErrorScope = kind === 'permanent' ? 'record' : 'connection',
  ) {
    super(message)
  }
}

export type ErrorScope = 'connection' | 'target' | 'record'

/** One LMS call as it goes into the step log. Never holds a token, password or request body. */
export interface CallRecord {
  function: string
  durationMs: number
  outcome: 'ok' | 'error'
  errorCode?: string
  /** A notification code for something the LMS said besides a good answer (e.g. MOODLE_DEBUG_OUTPUT). */
  notice?: string
  /** How many records the call carried (batch size), for the step log and the benchmarks. */
  items: number
  /**
   * The records of the port call this request served, when it served only some of them (ILIAS's one request per
   * person): each named as the port call names its records — an external key (findByExternalKeys, createAccounts),
   * a login name (findByLoginNames), an account id (updateAccounts), `accessSubject(…)` (grantAccess, revokeAccess).
   * Absent: the request served every record of the port call (Moodle's batched calls, an ILIAS import). Only routes
   * the record to the step logs of the registrations it served; never stored.
   */
  subjects?: readonly string[]
}

/** How a grant or revoke names its record in CallRecord.subjects: the account and the target. */
export function accessSubject(lmsUserId: string, targetId: string): string {
  return `${targetId}:${lmsUserId}`
}

export type CallObserver = (call: CallRecord) => void

/** An account as the LMS holds it, in LMS-neutral terms. */
export interface LmsAccount {
  lmsUserId: string
  loginName: string | null
  externalKey: string | null
  /**
   * null = the LMS did not show the name (Moodle 4.1 and 5.0 leave firstname/lastname out without
   * moodle/site:viewfullnames): unknown, not empty, so never compared.
   */
  firstName: string | null
  lastName: string | null
  email: string | null
  suspended: boolean
  /** Custom profile fields by shortname (Moodle) or extra person fields (ILIAS). */
  fields: Record<string, string>
}

/** What findByEmails found. */
export interface EmailLookup {
  found: Map<string, LmsAccount[]>
  unsure: string[]
}

/** An account known to exist in the LMS (linked earlier), used to prove that a lookup can see accounts. */
export interface VisibilityCanary {
  /** null when nothing is linked yet on the connection: the adapter uses an account every site has. */
  known: { lmsUserId: string; externalKey: string } | null
}

/** What the domain wants an account to hold. Built by the domain's field mapping. */
export interface AccountData {
  externalKey: string
  loginName: string
  firstName: string
  lastName: string
  email: string
  /** female | male | diverse, when the person has one (Moodle has no such field; ILIAS stores m/f). */
  gender?: 'female' | 'male' | 'diverse'
  /** Moodle: custom profile fields by shortname. ILIAS: zipcode, birthday, phoneHome, phoneMobile, phoneOffice. */
  fields: Record<string, string>
}

export interface NewAccount extends AccountData {
  /** Set in the same call that creates the account (the credentials mail sends it). */
  password: string
}

export interface AccountUpdate {
  lmsUserId: string
  /** Only the changed values; a key with '' clears that value. */
  changes: Partial<Omit<AccountData, 'fields'>> & { fields?: Record<string, string>; password?: string }
}

/** Where a course definition points, before resolution (as the administrator typed it). */
export type TargetSpec =
  | { type: 'moodle-course'; by: 'id' | 'shortname' | 'idnumber'; value: string }
  | { type: 'moodle-cohort'; by: 'id' | 'idnumber'; value: string }
  | { type: 'ilias-course'; refId: string }

/** A target resolved to what the LMS calls need (numeric ids), stored once on the course definition. */
export interface ResolvedTarget {
  type: 'course' | 'cohort'
  /** The LMS's own id: Moodle course id, Moodle cohort id, ILIAS course ref id. */
  id: string
  /** For display and for calls that prefer it (e.g. cohort idnumber). */
  label: string
}

export interface Grant {
  lmsUserId: string
  target: ResolvedTarget
  /** Role in the target: Moodle role id (5 = student), ILIAS 'Member' | 'Tutor' | 'Admin'. */
  role: string
  /** Optional enrolment period, seconds since the epoch. */
  timeStart?: number
  timeEnd?: number
  /**
   * Set when this grant only changes the period of an enrolment granted before (its previous period): the
   * adapter must keep a suspension an administrator made in the LMS (Moodle's enrol call would lift it).
   */
  periodOf?: { timeStart?: number; timeEnd?: number }
}

export interface Revoke {
  lmsUserId: string
  target: ResolvedTarget
}

/** Per-item outcome of a batch call that carries on past bad items (update_users, cohort add). */
export type ItemOutcome = { ok: true } | { ok: false; error: LmsError }

/** Rules for login names the LMS accepts, used by the domain to build a candidate. */
export interface LoginNameRules {
  /** Characters allowed after transliteration (a character class body, e.g. 'a-z0-9._\\-@'). */
  allowed: RegExp
  lowercase: boolean
  minLength: number
  maxLength: number
}

/** A learner's outcome in a target, as the LMS reports it (LMS-neutral). */
export interface LmsResult {
  lmsUserId: string
  /** The resolved target id (Moodle course id, ILIAS course ref id). */
  targetId: string
  /** completed/passed: attended with success; failed: attended without success. */
  status: 'completed' | 'passed' | 'failed'
  completedAt: Date | null
  /**
   * What completedAt is: the LMS's time of the completion (default), or 'criteria' when the LMS gives only the times of
   * the completion criteria (Moodle's poll). With completedAt null the poll records the moment it first saw it.
   */
  completedAtKind?: 'completion' | 'criteria'
}

/** What to ask the LMS about: the enrolments still without a result, and when the last poll ran. */
export interface ResultQuery {
  since: Date | null
  enrolments: { lmsUserId: string; targetId: string }[]
}

/** The port calls an adapter may name in requestPerRecord. */
export type RequestPerRecordCall = 'findByExternalKeys' | 'findByLoginNames' | 'grantAccess' | 'revokeAccess'

export interface LmsAdapter {
  readonly lms: 'moodle' | 'ilias'
  readonly loginNameRules: LoginNameRules
  /** Role given when a course definition names none: Moodle '5' (student), ILIAS 'Member'. */
  readonly defaultRole: string
  /**
   * The LMS refuses names that hold an HTML tag (Moodle validates firstname/lastname as PARAM_NOTAGS and
   * refuses any value that cleaning would change), so the domain refuses them before the call.
   */
  readonly refusesTagsInNames: boolean
  /** Longest values the LMS stores (characters), checked before any call; absent where the LMS has no limit. */
  readonly columnSizes?: Readonly<Partial<Record<'firstName' | 'lastName' | 'email' | 'externalKey', number>>>
  /** The page where participants log in (goes into the credentials mail). */
  readonly loginUrl: string
  /** The LMS's front page (the mail's "learning platform" link). */
  readonly homeUrl: string

  /**
   * Person fields the LMS refuses to create an account without, beyond names and e-mail (ILIAS: 'gender'
   * when its "Required" flag is set, the default of ILIAS 5.x). Found out without creating anything.
   */
  requiredPersonFields?(): Promise<string[]>
  /**
   * True when a lookup by external key shows only one of several accounts that hold it (ILIAS's
   * getObjIdByImportId returns the newest): an account linked before that is not the one found is a
   * second holder, never silently replaced.
   */
  readonly externalKeyShowsOneHolder?: boolean
  /** At most this many accounts per create call (each call stays all-or-nothing on its own). */
  readonly maxAccountsPerCall?: number
  /**
   * Port calls that make one LMS request per record (ILIAS's SOAP has no batched lookup or course-membership
   * call): the connection's limiter splits their records into parts that run at once, each part holding one
   * of the connection's call slots (maxConcurrentCalls), as a batched LMS overlaps the calls of batches.
   */
  readonly requestPerRecord?: ReadonlySet<RequestPerRecordCall>

  /**
   * Accounts per external key. More than one for a key is possible (Moodle's idnumber is not unique).
   * With `visibility`, an empty answer is proven to mean "not there" rather than "not allowed to see": the
   * adapter lets the lookup also find an account known to exist (at no extra call where the LMS allows) and
   * throws a needs-admin LmsError when it cannot see it. Callers that go on to create accounts pass it.
   */
  findByExternalKeys(keys: string[], visibility?: VisibilityCanary): Promise<Map<string, LmsAccount[]>>
  /**
   * Of the given account ids, those the LMS proves deleted (Moodle keeps a deleted account's row and returns it by id,
   * renamed). Optional: an LMS without a recognisable deleted state does not implement it.
   */
  deletedAccounts?(lmsUserIds: string[]): Promise<Set<string>>
  /**
   * Accounts per e-mail address compared ignoring case (map key: the address in lower case; several accounts per
   * address are possible). Optional: an LMS that cannot look accounts up by e-mail matches by external key only.
   * `unsure` lists the addresses not found whose other spellings the LMS could not be asked about (the adapter
   * compares exact spellings where the LMS's lookup is case-sensitive and nothing better is available, or past
   * `anyCaseLimit` addresses where the LMS takes one address per call).
   */
  findByEmails?(emails: string[], options?: { anyCaseLimit?: number }): Promise<EmailLookup>
  /** Accounts per login name (names must already follow loginNameRules). Missing names are absent. */
  findByLoginNames(names: string[]): Promise<Map<string, LmsAccount>>
  /**
   * Creates accounts; all-or-nothing per call (Moodle). Returns one id per account, in order.
   * Throws LmsError when the call fails; the caller splits the batch to find the bad record.
   * Throws LMS_INCOMPLETE_ANSWER when the answer does not cover every record sent.
   */
  createAccounts(accounts: NewAccount[]): Promise<{ lmsUserId: string; loginName: string }[]>
  /** Updates accounts; carries on past bad items and reports each. */
  updateAccounts(updates: AccountUpdate[]): Promise<ItemOutcome[]>
  resolveTarget(spec: TargetSpec): Promise<ResolvedTarget>
  /** Gives access; idempotent (granting an existing access changes nothing the domain relies on). */
  grantAccess(grants: Grant[]): Promise<void>
  /** Removes access; idempotent (revoking absent access is fine). Never deletes or suspends the account. */
  revokeAccess(revokes: Revoke[]): Promise<void>
  /** Results of the given enrolments (polling, for sites without a push). Only finished ones are returned. */
  pollResults(query: ResultQuery): Promise<LmsResult[]>
}
