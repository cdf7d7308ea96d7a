// The thirteen capabilities the web-service role needs, each found out by the probe that reveals it without side
// effects (test/contracts/moodle README, "Connection-check capability map"). Where no probe can reveal a
// capability, the item says 'unknown' and why.
import { z } from 'zod'
import { english, say, type CheckText } from './check-text.ts'
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
  idnumberReason: CheckText | null
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

type Finding = { status: CheckStatus; detail: CheckText; fix?: CheckFix }

const siteInfoSchema = z.object({ userid: z.number(), policyagreed: z.number().optional() })
const policyCode = 'MOODLE_SITE_POLICY_NOT_AGREED'
const policyStops = say('check.cap.policyStops')

export async function probeCapabilities(
  client: MoodleRestClient, input: MoodleCheckInput, functions: Map<string, Answer>, siteInfo: Answer, fixes: MoodleFixes,
): Promise<CapabilityFindings> {
  const found = new Map<SeedCapability, Finding>()
  const names = new Map<string, string>(seedCapabilities)
  const pass = (cap: SeedCapability, detail: CheckText) => { if (found.get(cap)?.status !== 'fail') found.set(cap, { status: 'pass', detail }) }
  const fail = (cap: SeedCapability, detail: CheckText, fix?: CheckFix) =>
    found.set(cap, { status: 'fail', detail, fix: fix ?? fixes.capability(cap, names.get(cap)!) })
  const unknown = (cap: SeedCapability, detail: CheckText) => { if (!found.has(cap)) found.set(cap, { status: 'unknown', detail }) }
  const inService = (fn: string) => errorCode(functions.get(fn)!) === 'MOODLE_INVALID_PARAMETER'
  const notInService = (fn: string) => say('check.cap.notInService', { fn })
  const unexpected = (a: Answer) => say('check.unexpected', { lms: (a.ok ? JSON.stringify(a.value)?.slice(0, 120) : a.error.message) ?? 'undefined' })
  const f: CapabilityFindings = {
    items: [], records: [], idnumberLookup: 'unknown', idnumberReason: null, policyBlocked: false, policyAgreed: null, bodyReached: false,
    namesShown: null, answers: [],
  }
  const info = siteInfo.ok ? siteInfoSchema.safeParse(siteInfo.value) : null
  const wsUserId = info?.success ? String(info.data.userid) : null
  if (info?.success && info.data.policyagreed !== undefined) f.policyAgreed = info.data.policyagreed === 1

  pass('webservice/rest:use', say('check.cap.rest'))

  // moodle/user:create — create_users refused by its body right after require_capability.
  if (!inService('core_user_create_users')) unknown('moodle/user:create', notInService('core_user_create_users'))
  else {
    const a = await ask(client, 'core_user_create_users', createProbe)
    const code = errorCode(a)
    if (code === 'MOODLE_INVALID_PARAMETER') { f.bodyReached = true; pass('moodle/user:create', say('check.cap.createPassed')) }
    else if (code === 'MOODLE_CAPABILITY_MISSING') { f.bodyReached = true; fail('moodle/user:create', say('check.cap.refused', { fn: 'create_users', name: 'Create users' })) }
    else if (code === policyCode) { f.policyBlocked = true; unknown('moodle/user:create', policyStops) }
    else unknown('moodle/user:create', unexpected(a))
  }

  // moodle/user:update — update_users for user id 0: capability first, then a per-user warning.
  if (!inService('core_user_update_users')) unknown('moodle/user:update', notInService('core_user_update_users'))
  else {
    const a = await ask(client, 'core_user_update_users', updateProbe)
    const code = errorCode(a)
    if (a.ok) { f.bodyReached = true; pass('moodle/user:update', say('check.cap.updatePassed')) }
    else if (code === 'MOODLE_CAPABILITY_MISSING') fail('moodle/user:update', say('check.cap.refused', { fn: 'update_users', name: 'Update user profiles' }))
    // update_users checks the capability before the context, so a site-policy refusal means the capability is there.
    else if (code === policyCode) { f.policyBlocked = true; pass('moodle/user:update', say('check.cap.updatePolicy')) }
    else unknown('moodle/user:update', unexpected(a))
  }

  await probeCourses(client, input, f, { pass, fail, unknown, inService, notInService, unexpected }, fixes)
  await probeCohorts(client, input, f, { pass, fail, unknown, inService, notInService, unexpected })
  await probeLookups(client, input, wsUserId, f, { pass, fail, unknown, inService, notInService, unexpected })

  unknown('moodle/user:viewhiddendetails', say('check.cap.viewHidden'))
  unknown('moodle/course:useremail', say('check.cap.userEmail'))

  for (const [cap, name] of seedCapabilities) {
    const finding = found.get(cap) ?? { status: 'unknown', detail: say('check.cap.notProbed') }
    const fix = finding.fix ?? (finding.status === 'pass' ? undefined : fixes.capability(cap, name))
    f.items.push({ id: `capability:${cap}`, title: `Capability ${cap} (${name})`, status: finding.status, detail: english(finding.detail), message: finding.detail, required: true, ...(fix ? { fix } : {}) })
  }
  return f
}

interface Recorders {
  pass(cap: SeedCapability, detail: CheckText): void
  fail(cap: SeedCapability, detail: CheckText, fix?: CheckFix): void
  unknown(cap: SeedCapability, detail: CheckText): void
  inService(fn: string): boolean
  notInService(fn: string): CheckText
  unexpected(a: Answer): CheckText
}

/** enrol/manual:enrol, enrol/manual:unenrol, moodle/course:view, moodle/role:assign — on the first course that exists. */
async function probeCourses(client: MoodleRestClient, input: MoodleCheckInput, f: CapabilityFindings, r: Recorders, fixes: MoodleFixes) {
  const courses = (input.targets ?? []).flatMap((t) => {
    if (t.target.type !== 'moodle-course') return []
    const id = t.resolved?.id ?? (t.target.by === 'id' ? t.target.value : null)
    return id && /^[1-9]\d*$/.test(id) ? [{ code: t.code, id, role: t.role && /^\d+$/.test(t.role) ? t.role : '5' }] : []
  }).slice(0, 3)
  const none = say('check.cap.noCourse')
  const missing: CheckText[] = []
  if (!r.inService('enrol_manual_enrol_users')) {
    r.unknown('enrol/manual:enrol', r.notInService('enrol_manual_enrol_users'))
    r.unknown('moodle/role:assign', r.notInService('enrol_manual_enrol_users'))
  } else {
    for (const course of courses) {
      const a = await ask(client, 'enrol_manual_enrol_users', enrolProbe(course.id, course.role))
      f.answers.push(a)
      const code = errorCode(a)
      const where = say('check.where.course', { id: course.id, code: course.code })
      if (code === 'MOODLE_INVALID_PARAMETER' || code === 'MOODLE_COURSE_NOT_FOUND') { missing.push(say('check.cap.courseMissing', { id: course.id, code: course.code })); continue }
      if (code === policyCode) { f.policyBlocked = true; break }
      f.bodyReached = true
      // User 0 fails after every check: 4.5 "invaliduser", 4.1 a coding_exception ("userid can not be empty"),
      // 5.0 a PHP TypeError without errorcode; nothing is enrolled on any of them.
      if (code === 'MOODLE_INVALID_USER' || code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' || code === 'MOODLE_CODING_ERROR' || code === 'MOODLE_PHP_ERROR') {
        const note = code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' ? say('check.cap.noManual', { menu: fixes.manualEnrol(course.id).menuPath }) : ''
        r.pass('moodle/course:view', say('check.cap.intoCourse', { fn: 'enrol_manual_enrol_users', where, note }))
        r.pass('enrol/manual:enrol', say('check.cap.enrolPassed', { where, note }))
        r.pass('moodle/role:assign', say('check.cap.roleAssignable', { role: course.role, where }))
      } else if (code === 'MOODLE_ROLE_NOT_ASSIGNABLE') {
        r.pass('moodle/course:view', say('check.cap.intoCourse', { fn: 'enrol_manual_enrol_users', where, note: '' }))
        r.pass('enrol/manual:enrol', say('check.cap.enrolPassedPlain', { where }))
        r.fail('moodle/role:assign', say('check.cap.roleRefused', { role: course.role, where }), fixes.roleAssign(course.role))
      } else if (code === 'MOODLE_CAPABILITY_MISSING') {
        r.pass('moodle/course:view', say('check.cap.intoCourse', { fn: 'enrol_manual_enrol_users', where, note: '' }))
        r.fail('enrol/manual:enrol', say('check.cap.refusedWhere', { fn: 'enrol_manual_enrol_users', name: 'Enrol users', where }))
        r.unknown('moodle/role:assign', say('check.cap.afterEnrol'))
      } else if (code === 'MOODLE_REQUIRE_LOGIN') {
        r.fail('moodle/course:view', say('check.cap.requireLogin', { where }))
        r.unknown('enrol/manual:enrol', say('check.cap.afterCourseView'))
        r.unknown('moodle/role:assign', say('check.cap.afterCourseView'))
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
      const where = say('check.where.course', { id: course.id, code: course.code })
      if (code === 'MOODLE_COURSE_NOT_FOUND' || code === 'MOODLE_RECORD_MISSING') continue
      if (code === policyCode) { f.policyBlocked = true; break }
      f.bodyReached = true
      // User 0: 4.5 "invaliduser"; 4.1 and 5.0 check the user themselves ("invalidparameter", User id not exist).
      if (code === 'MOODLE_INVALID_USER' || code === 'MOODLE_NO_MANUAL_ENROL_INSTANCE' || code === 'MOODLE_INVALID_PARAMETER') {
        r.pass('moodle/course:view', say('check.cap.intoCourse', { fn: 'enrol_manual_unenrol_users', where, note: '' }))
        r.pass('enrol/manual:unenrol', say('check.cap.unenrolPassed', { where }))
      } else if (code === 'MOODLE_CAPABILITY_MISSING') r.fail('enrol/manual:unenrol', say('check.cap.refusedWhere', { fn: 'enrol_manual_unenrol_users', name: 'Unenrol users from the course', where }))
      else if (code === 'MOODLE_REQUIRE_LOGIN') {
        r.fail('moodle/course:view', say('check.cap.requireLogin', { where }))
        r.unknown('enrol/manual:unenrol', say('check.cap.afterCourseView'))
      } else r.unknown('enrol/manual:unenrol', r.unexpected(a))
      break
    }
  }
  const why = f.policyBlocked ? policyStops : courses.length === 0 ? none
    : missing.length > 0 ? say('check.cap.missingCourses', { courses: missing }) : say('check.cap.noCourseAnswered')
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
    const where = say('check.where.cohort', { by: cohort.by, value: cohort.value, code: cohort.code })
    if (errorCode(a) === policyCode) { f.policyBlocked = true; return r.unknown(cap, policyStops) }
    if (errorCode(a) === 'MOODLE_CAPABILITY_MISSING') { f.bodyReached = true; return r.fail(cap, say('check.cap.refusedWhere', { fn: 'add_cohort_members', name: 'Add and remove cohort members', where })) }
    const parsed = a.ok ? warningsResultSchema.safeParse(a.value) : null
    if (!parsed?.success) return r.unknown(cap, r.unexpected(a))
    const codes = parsed.data.warnings.map((w) => classifyCohortWarning(w, fn)?.code)
    if (codes.includes('MOODLE_COHORT_NOT_FOUND')) continue
    // Warning 1 for the user type comes only after validate_context and require_capability.
    if (codes.includes('MOODLE_INVALID_PARAMETER')) {
      f.bodyReached = true
      return r.pass(cap, say('check.cap.cohortPassed', { where }))
    }
    return r.unknown(cap, r.unexpected(a))
  }
  r.unknown(cap, cohorts.length === 0
    ? say('check.cap.noCohort')
    : say('check.cap.noCohortFound'))
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
    for (const cap of caps) r.unknown(cap, say('check.cap.noLinked'))
    f.idnumberReason = say('check.idnumber.noneLinked')
    return
  }
  const a = await ask(client, fn, { field: 'id', values: known.map((k) => k.lmsUserId) })
  if (errorCode(a) === policyCode) {
    f.policyBlocked = true
    for (const cap of caps) r.unknown(cap, policyStops)
    f.idnumberReason = say('check.idnumber.policy')
    return
  }
  const parsed = a.ok ? moodleUsersSchema.safeParse(a.value) : null
  if (!parsed?.success) {
    for (const cap of caps) r.unknown(cap, r.unexpected(a))
    f.idnumberReason = say('check.idnumber.failed')
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
      r.fail('moodle/user:viewdetails', say('check.cap.user2Missing'))
    } else {
      r.fail('moodle/user:viewdetails', say('check.cap.linkedMissing', { ids }))
    }
    r.unknown('moodle/user:viewalldetails', say('check.cap.noneVisible'))
    r.unknown('moodle/site:viewuseridentity', say('check.cap.noneVisible'))
    f.idnumberReason = say('check.idnumber.noneVisible')
    return
  }
  f.namesShown = users.every((u) => u.firstname !== undefined && u.lastname !== undefined)
  const who = assumed ? say('check.who.user2') : say('check.who.linked', { ids: users.map((u) => u.id).join(', ') })
  r.pass('moodle/user:viewdetails', say('check.cap.foundById', { who }))
  if (users.some((u) => u.username === undefined)) {
    r.fail('moodle/user:viewalldetails', say('check.cap.noUsername', { who }))
  } else r.pass('moodle/user:viewalldetails', say('check.cap.username', { who }))
  if (users.some((u) => u.email === undefined)) {
    r.fail('moodle/site:viewuseridentity', say('check.cap.noEmail', { who, setting: 'Show user identity' }))
  } else r.pass('moodle/site:viewuseridentity', say('check.cap.email', { who }))

  const keyed = known.find((k) => k.externalKey !== '' && users.some((u) => String(u.id) === k.lmsUserId))
  if (!keyed) {
    f.idnumberReason = say('check.idnumber.noKeyed')
    return
  }
  const byKey = await ask(client, fn, { field: 'idnumber', values: [keyed.externalKey] })
  const hits = byKey.ok ? moodleUsersSchema.safeParse(byKey.value) : null
  if (!hits?.success) f.idnumberReason = say('check.idnumber.lookupFailed', { answer: r.unexpected(byKey) })
  else f.idnumberLookup = hits.data.some((u) => String(u.id) === keyed.lmsUserId) ? 'found' : 'hidden'
}
