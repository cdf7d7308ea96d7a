// The thirteen capabilities the web-service role needs, each found out by the probe that reveals it without side
// effects (test/contracts/moodle README, "Connection-check capability map"). Where no probe can reveal a
// capability, the item says 'unknown' and why.
import { z } from 'zod'
import type { CheckFix, CheckItem, CheckStatus } from './check-item.ts'
import type { MoodleRestClient } from '../lms/moodle/moodle-rest-client.ts'
import { classifyCohortWarning } from '../lms/moodle/moodle-errors.ts'
import { moodleUsersSchema, warningsResultSchema } from '../lms/moodle/moodle-types.ts'
import type { MoodleFixes } from './moodle-fixes.ts'
import type { MoodleCheckInput } from './moodle-check.ts'
import {
  ask, cohortProbe, createProbe, enrolProbe, errorCode, seedCapabilities, unenrolProbe, updateProbe,
  type Answer, type SeedCapability,
} from './moodle-probes.ts'

export interface LinkedRecord {
  id: string
  /** Profile fields Moodle returned with a value. */
  fields: Set<string>
  /** The values coursebridge sends for this account. */
  expected: Record<string, string>
}

export interface CapabilityFindings {
  items: CheckItem[]
  records: LinkedRecord[]
  idnumberLookup: 'found' | 'hidden' | 'unknown'
  idnumberReason: string
  policyBlocked: boolean
  /** From core_webservice_get_site_info when it is in the service. */
  policyAgreed: boolean | null
  /** Some probe got past the context (site-policy) check. */
  bodyReached: boolean
  /** Whether looked-up user records carry firstname/lastname (null: no record looked at). */
  namesShown: boolean | null
  /** The answers of the write probes, whose shapes tell the Moodle line apart. */
  answers: Answer[]
}

type Finding = { status: CheckStatus; detail: string; fix?: CheckFix }

const siteInfoSchema = z.object({ userid: z.number(), policyagreed: z.number().optional() })
const policyCode = 'MOODLE_SITE_POLICY_NOT_AGREED'
const policyStops = 'not checked: the site policy stops the call before the capability check (see "Site policy")'

export async function probeCapabilities(
  client: MoodleRestClient, input: MoodleCheckInput, functions: Map<string, Answer>, siteInfo: Answer, fixes: MoodleFixes,
): Promise<CapabilityFindings> {
  const found = new Map<SeedCapability, Finding>()
  const names = new Map<string, string>(seedCapabilities)
  const pass = (cap: SeedCapability, detail: string) => { if (found.get(cap)?.status !== 'fail') found.set(cap, { status: 'pass', detail }) }
  const fail = (cap: SeedCapability, detail: string, fix?: CheckFix) =>
    found.set(cap, { status: 'fail', detail, fix: fix ?? fixes.capability(cap, names.get(cap)!) })
  const unknown = (cap: SeedCapability, detail: string) => { if (!found.has(cap)) found.set(cap, { status: 'unknown', detail }) }
  const inService = (fn: string) => errorCode(functions.get(fn)!) === 'MOODLE_INVALID_PARAMETER'
  const notInService = (fn: string) => `not probed: ${fn} is not in the service`
  const unexpected = (a: Answer) => `unexpected answer: ${a.ok ? JSON.stringify(a.value)?.slice(0, 120) : a.error.message}`
  const f: CapabilityFindings = {
    items: [], records: [], idnumberLookup: 'unknown', idnumberReason: '', policyBlocked: false, policyAgreed: null, bodyReached: false,
    namesShown: null, answers: [],
  }
  const info = siteInfo.ok ? siteInfoSchema.safeParse(siteInfo.value) : null
  const wsUserId = info?.success ? String(info.data.userid) : null
  if (info?.success && info.data.policyagreed !== undefined) f.policyAgreed = info.data.policyagreed === 1

  pass('webservice/rest:use', 'Moodle lets the token\'s calls through the REST protocol')

  // moodle/user:create — create_users refused by its body right after require_capability.
  if (!inService('core_user_create_users')) unknown('moodle/user:create', notInService('core_user_create_users'))
  else {
    const a = await ask(client, 'core_user_create_users', createProbe)
    const code = errorCode(a)
    if (code === 'MOODLE_INVALID_PARAMETER') { f.bodyReached = true; pass('moodle/user:create', 'create_users got past the capability check (probe refused for its invalid data; nothing created)') }
    else if (code === 'MOODLE_CAPABILITY_MISSING') { f.bodyReached = true; fail('moodle/user:create', 'create_users answers "nopermissions (Create users)"') }
    else if (code === policyCode) { f.policyBlocked = true; unknown('moodle/user:create', policyStops) }
    else unknown('moodle/user:create', unexpected(a))
  }

  // moodle/user:update — update_users for user id 0: capability first, then a per-user warning.
  if (!inService('core_user_update_users')) unknown('moodle/user:update', notInService('core_user_update_users'))
  else {
    const a = await ask(client, 'core_user_update_users', updateProbe)
    const code = errorCode(a)
    if (a.ok) { f.bodyReached = true; pass('moodle/user:update', 'update_users got past the capability check (probe for user id 0; nothing changed)') }
    else if (code === 'MOODLE_CAPABILITY_MISSING') fail('moodle/user:update', 'update_users answers "nopermissions (Update user profiles)"')
    // update_users checks the capability before the context, so a site-policy refusal means the capability is there.
    else if (code === policyCode) { f.policyBlocked = true; pass('moodle/user:update', 'update_users got past the capability check (then the site policy stopped it)') }
    else unknown('moodle/user:update', unexpected(a))
  }

  await probeCourses(client, input, f, { pass, fail, unknown, inService, notInService, unexpected }, fixes)
  await probeCohorts(client, input, f, { pass, fail, unknown, inService, notInService, unexpected })
  await probeLookups(client, input, wsUserId, f, { pass, fail, unknown, inService, notInService, unexpected })

  unknown('moodle/user:viewhiddendetails', 'cannot be probed: removing it changes nothing a web-service call shows (recorded: ' +
    'check.capability-moodle-user-viewhiddendetails); check the role by hand')
  unknown('moodle/course:useremail', 'cannot be probed: it only affects e-mail addresses in course participant lists, which none of the ' +
    'seven functions return; lookups look the same without it (recorded); check the role by hand')

  for (const [cap, name] of seedCapabilities) {
    const finding = found.get(cap) ?? { status: 'unknown', detail: 'not probed' }
    const fix = finding.fix ?? (finding.status === 'pass' ? undefined : fixes.capability(cap, name))
    f.items.push({ id: `capability:${cap}`, title: `Capability ${cap} (${name})`, status: finding.status, detail: finding.detail, required: true, ...(fix ? { fix } : {}) })
  }
  return f
}

interface Recorders {
  pass(cap: SeedCapability, detail: string): void
  fail(cap: SeedCapability, detail: string, fix?: CheckFix): void
  unknown(cap: SeedCapability, detail: string): void
  inService(fn: string): boolean
  notInService(fn: string): string
  unexpected(a: Answer): string
}

/** enrol/manual:enrol, enrol/manual:unenrol, moodle/course:view, moodle/role:assign — on the first course that exists. */
async function probeCourses(client: MoodleRestClient, input: MoodleCheckInput, f: CapabilityFindings, r: Recorders, fixes: MoodleFixes) {
  const courses = (input.targets ?? []).flatMap((t) => {
    if (t.target.type !== 'moodle-course') return []
    const id = t.resolved?.id ?? (t.target.by === 'id' ? t.target.value : null)
    return id && /^[1-9]\d*$/.test(id) ? [{ code: t.code, id, role: t.role && /^\d+$/.test(t.role) ? t.role : '5' }] : []
  }).slice(0, 3)
  const none = 'not probed: no course definition of this connection names a Moodle course by id (or one already resolved); the ' +
    'enrol capabilities can only be probed in a real course'
  let missing = ''
  if (!r.inService('enrol_manual_enrol_users')) {
    r.unknown('enrol/manual:enrol', r.notInService('enrol_manual_enrol_users'))
    r.unknown('moodle/role:assign', r.notInService('enrol_manual_enrol_users'))
  } else {
    for (const course of courses) {
      const a = await ask(client, 'enrol_manual_enrol_users', enrolProbe(course.id, course.role))
      f.answers.push(a)
      const code = errorCode(a)
      const where = `in course ${course.id} (${course.code})`
      if (code === 'MOODLE_INVALID_PARAMETER' || code === 'MOODLE_COURSE_NOT_FOUND') { missing += ` course ${course.id} (${course.code}) does not exist;`; continue }
      if (code === policyCode) { f.policyBlocked = true; break }
      f.bodyReached = true
      // User 0 fails after every check: 4.5 "invaliduser", 4.1 a coding_exception ("userid can not be empty"),
      // 5.0 a PHP TypeError without errorcode; nothing is enrolled on any of them.
      if (code === 'MOODLE_INVALID_USER' || code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' || code === 'MOODLE_CODING_ERROR' || code === 'MOODLE_PHP_ERROR') {
        const note = code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' ? ` (but the course has no active manual enrolment: ${fixes.manualEnrol(course.id).menuPath})` : ''
        r.pass('moodle/course:view', `enrol_manual_enrol_users got into the course ${where}${note}`)
        r.pass('enrol/manual:enrol', `enrol_manual_enrol_users got past the capability check ${where} (probe for user 0; nothing enrolled)${note}`)
        r.pass('moodle/role:assign', `role ${course.role} is assignable ${where}`)
      } else if (code === 'MOODLE_ROLE_NOT_ASSIGNABLE') {
        r.pass('moodle/course:view', `enrol_manual_enrol_users got into the course ${where}`)
        r.pass('enrol/manual:enrol', `enrol_manual_enrol_users got past the capability check ${where}`)
        r.fail('moodle/role:assign', `Moodle answers "wsusercannotassign" for role ${course.role} ${where}: the role lacks moodle/role:assign, ` +
          'or the role is not among those the web-service role may assign', fixes.roleAssign(course.role))
      } else if (code === 'MOODLE_CAPABILITY_MISSING') {
        r.pass('moodle/course:view', `enrol_manual_enrol_users got into the course ${where}`)
        r.fail('enrol/manual:enrol', `enrol_manual_enrol_users answers "nopermissions (Enrol users)" ${where}`)
        r.unknown('moodle/role:assign', 'not checked: Moodle checks it after enrol/manual:enrol, which is missing')
      } else if (code === 'MOODLE_REQUIRE_LOGIN') {
        r.fail('moodle/course:view', `Moodle answers "requireloginerror" ${where}: the web-service user may not see courses it is not enrolled in`)
        r.unknown('enrol/manual:enrol', 'not checked: Moodle checks it after course access (moodle/course:view), which is missing')
        r.unknown('moodle/role:assign', 'not checked: Moodle checks it after course access (moodle/course:view), which is missing')
      } else {
        r.unknown('enrol/manual:enrol', r.unexpected(a))
        r.unknown('moodle/role:assign', r.unexpected(a))
      }
      break
    }
  }
  if (!r.inService('enrol_manual_unenrol_users')) r.unknown('enrol/manual:unenrol', r.notInService('enrol_manual_unenrol_users'))
  else {
    for (const course of courses) {
      const a = await ask(client, 'enrol_manual_unenrol_users', unenrolProbe(course.id))
      f.answers.push(a)
      const code = errorCode(a)
      const where = `in course ${course.id} (${course.code})`
      if (code === 'MOODLE_COURSE_NOT_FOUND' || code === 'MOODLE_RECORD_MISSING') continue
      if (code === policyCode) { f.policyBlocked = true; break }
      f.bodyReached = true
      // User 0: 4.5 "invaliduser"; 4.1 and 5.0 check the user themselves ("invalidparameter", User id not exist).
      if (code === 'MOODLE_INVALID_USER' || code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' || code === 'MOODLE_INVALID_PARAMETER') {
        r.pass('moodle/course:view', `enrol_manual_unenrol_users got into the course ${where}`)
        r.pass('enrol/manual:unenrol', `enrol_manual_unenrol_users got past the capability check ${where} (probe for user 0; nothing removed)`)
      } else if (code === 'MOODLE_CAPABILITY_MISSING') r.fail('enrol/manual:unenrol', `enrol_manual_unenrol_users answers "nopermissions (Unenrol users from the course)" ${where}`)
      else if (code === 'MOODLE_REQUIRE_LOGIN') {
        r.fail('moodle/course:view', `Moodle answers "requireloginerror" ${where}: the web-service user may not see courses it is not enrolled in`)
        r.unknown('enrol/manual:unenrol', 'not checked: Moodle checks it after course access (moodle/course:view), which is missing')
      } else r.unknown('enrol/manual:unenrol', r.unexpected(a))
      break
    }
  }
  const why = f.policyBlocked ? policyStops : courses.length === 0 ? none : `not probed:${missing || ' no course answered'}`
  for (const cap of ['moodle/course:view', 'enrol/manual:enrol', 'enrol/manual:unenrol', 'moodle/role:assign'] as const) r.unknown(cap, why)
}

/** moodle/cohort:assign — add_cohort_members to the first cohort that exists, with a user type Moodle refuses. */
async function probeCohorts(client: MoodleRestClient, input: MoodleCheckInput, f: CapabilityFindings, r: Recorders) {
  const cap = 'moodle/cohort:assign'
  const fn = 'core_cohort_add_cohort_members'
  if (!r.inService(fn)) return r.unknown(cap, r.notInService(fn))
  const cohorts = (input.targets ?? []).flatMap((t) => {
    if (t.target.type !== 'moodle-cohort') return []
    if (t.resolved) return [{ code: t.code, by: 'id' as const, value: t.resolved.id }]
    return [{ code: t.code, by: t.target.by, value: t.target.value }]
  }).slice(0, 3)
  for (const cohort of cohorts) {
    const a = await ask(client, fn, cohortProbe(cohort.by, cohort.value))
    const where = `in cohort ${cohort.by} ${cohort.value} (${cohort.code})`
    if (errorCode(a) === policyCode) { f.policyBlocked = true; return r.unknown(cap, policyStops) }
    if (errorCode(a) === 'MOODLE_CAPABILITY_MISSING') { f.bodyReached = true; return r.fail(cap, `add_cohort_members answers "nopermissions (Add and remove cohort members)" ${where}`) }
    const parsed = a.ok ? warningsResultSchema.safeParse(a.value) : null
    if (!parsed?.success) return r.unknown(cap, r.unexpected(a))
    const codes = parsed.data.warnings.map((w) => classifyCohortWarning(w, fn)?.code)
    if (codes.includes('MOODLE_COHORT_NOT_FOUND')) continue
    // Warning 1 for the user type comes only after validate_context and require_capability.
    if (codes.includes('MOODLE_INVALID_PARAMETER')) {
      f.bodyReached = true
      return r.pass(cap, `add_cohort_members got past the capability check ${where} (probe with a refused user type; nobody added)`)
    }
    return r.unknown(cap, r.unexpected(a))
  }
  r.unknown(cap, cohorts.length === 0
    ? 'not probed: no course definition of this connection names a Moodle cohort; the capability can only be probed on a real cohort'
    : 'not probed: none of the cohorts of the course definitions exists')
}

/**
 * moodle/user:viewdetails, :viewalldetails, moodle/site:viewuseridentity — by looking up accounts that
 * exist. The web-service user itself does not do: Moodle shows a user everything about themselves.
 * Accounts coursebridge linked come first; without any, user 2 (the first administrator of a standard
 * install) stands in, and an empty answer for it proves nothing.
 */
async function probeLookups(client: MoodleRestClient, input: MoodleCheckInput, wsUserId: string | null, f: CapabilityFindings, r: Recorders) {
  const fn = 'core_user_get_users_by_field'
  const caps = ['moodle/user:viewdetails', 'moodle/user:viewalldetails', 'moodle/site:viewuseridentity'] as const
  if (!r.inService(fn)) {
    for (const cap of caps) r.unknown(cap, r.notInService(fn))
    f.idnumberReason = r.notInService(fn)
    return
  }
  // Up to ten in the one call: the newest five and, per mapped free field, one whose person has a value in it
  // (check-subjects.ts).
  let known = (input.knownAccounts ?? []).filter((k) => /^[1-9]\d*$/.test(k.lmsUserId) && k.lmsUserId !== wsUserId).slice(0, 10)
  const assumed = known.length === 0
  if (assumed) known = wsUserId === '2' ? [] : [{ lmsUserId: '2', externalKey: '', fields: {} }]
  if (known.length === 0) {
    for (const cap of caps) r.unknown(cap, 'not probed: no account linked by coursebridge yet to look up')
    f.idnumberReason = 'No account linked by coursebridge yet to look up.'
    return
  }
  const a = await ask(client, fn, { field: 'id', values: known.map((k) => k.lmsUserId) })
  if (errorCode(a) === policyCode) {
    f.policyBlocked = true
    for (const cap of caps) r.unknown(cap, policyStops)
    f.idnumberReason = 'Not checked: the site policy stops the lookup.'
    return
  }
  const parsed = a.ok ? moodleUsersSchema.safeParse(a.value) : null
  if (!parsed?.success) {
    for (const cap of caps) r.unknown(cap, r.unexpected(a))
    f.idnumberReason = 'The lookup failed.'
    return
  }
  f.bodyReached = true
  const users = parsed.data
  const ids = known.map((k) => k.lmsUserId).join(', ')
  f.records = users.map((u) => ({
    id: String(u.id),
    fields: new Set((u.customfields ?? []).filter((c) => (c.value ?? '') !== '').map((c) => c.shortname)),
    expected: known.find((k) => k.lmsUserId === String(u.id))?.fields ?? {},
  }))
  if (users.length === 0) {
    // By id Moodle returns even a deleted account (round-3/core_user_get_users_by_field.deleted-user.by-id), and user 2 is
    // the administrator Moodle's installer creates: an empty answer means the role cannot see accounts.
    if (assumed) {
      r.fail('moodle/user:viewdetails', 'user 2 (the first administrator, looked up because coursebridge has linked no account yet) ' +
        'is not found by id: without moodle/user:viewdetails Moodle answers every lookup with an empty list instead of an error, ' +
        'so every person would look new and get a second account (coursebridge creates none while this fails)')
    } else {
      r.fail('moodle/user:viewdetails', `none of the accounts coursebridge linked (${ids}) is found by id, although Moodle returns ` +
        'even deleted accounts by id: without moodle/user:viewdetails it answers an empty list instead of an error')
    }
    r.unknown('moodle/user:viewalldetails', 'not checked: no account is visible to look at')
    r.unknown('moodle/site:viewuseridentity', 'not checked: no account is visible to look at')
    f.idnumberReason = 'Not checked: no account is visible to look at.'
    return
  }
  f.namesShown = users.every((u) => u.firstname !== undefined && u.lastname !== undefined)
  const who = assumed ? 'user 2 (the first administrator; no account linked yet)' : `account ${users.map((u) => u.id).join(', ')} (linked by coursebridge)`
  r.pass('moodle/user:viewdetails', `${who} is found by id`)
  if (users.some((u) => u.username === undefined)) {
    r.fail('moodle/user:viewalldetails', `${who} comes back without its username (and auth, lang ...): Moodle hides them without moodle/user:viewalldetails`)
  } else r.pass('moodle/user:viewalldetails', `${who} comes back with its username`)
  if (users.some((u) => u.email === undefined)) {
    r.fail('moodle/site:viewuseridentity', `${who} comes back without its e-mail address: the role lacks moodle/site:viewuseridentity ` +
      '(or "email" is not ticked under Show user identity)')
  } else r.pass('moodle/site:viewuseridentity', `${who} comes back with its e-mail address`)

  const keyed = known.find((k) => k.externalKey !== '' && users.some((u) => String(u.id) === k.lmsUserId))
  if (!keyed) {
    f.idnumberReason = 'No account linked by coursebridge with an ID number is visible to look up by ID number.'
    return
  }
  const byKey = await ask(client, fn, { field: 'idnumber', values: [keyed.externalKey] })
  const hits = byKey.ok ? moodleUsersSchema.safeParse(byKey.value) : null
  if (!hits?.success) f.idnumberReason = `The lookup by ID number failed: ${r.unexpected(byKey)}.`
  else f.idnumberLookup = hits.data.some((u) => String(u.id) === keyed.lmsUserId) ? 'found' : 'hidden'
}
