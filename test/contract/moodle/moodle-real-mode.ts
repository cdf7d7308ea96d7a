// The real-Moodle mode of the contract tests: each recorded request is replayed against a real Moodle
// (MOODLE_URL, MOODLE_TOKEN, optional MOODLE_PLUS_TOKEN; test/helpers/real-moodle.ts) and the WHOLE answer is
// compared with the recording after normalising what differs from site to site.
//
// Set-up data. What a case needs is read from its simulator set-up (moodle-case-setup.ts): the set-up is run
// on a scratch simulator and compared with the bare recorded site. Accounts, enrolments and cohort
// memberships it adds are created on the real site through the web service first, each account under the
// run's unique prefix plus a per-case number ("cbt-k3x9q2-17-jan.jansen", e-mail and idnumber likewise), and
// enrolments and memberships are taken away again after the case (accounts cannot be deleted through the
// web service; README says how to remove them). Anything else a set-up changes cannot be reproduced through
// the web service and the case is skipped with that as the reason: a site setting, a capability taken from
// the role, a service or token of its own, a changed web-service user, an account deleted by an
// administrator, a course completion, a changed course. Cases about the site's own accounts (guest, admin, the
// web-service user) and login/token.php (the site's service names and mobile setting) are skipped too.
// Courses and cohorts are the site's set-up (test/contracts/moodle/README.md "Moodle set-up used"): found by
// shortname / idnumber with the plus token; a case that refers to one is skipped when it cannot be found.
//
// Debugging. `*.debuginfo` cases and the round-3 debug cases show what a site with debugging on
// (DEBUG_DEVELOPER, debugdisplay) or debugsmtp answers. The mode asks the site whether it shows debugging
// (siteShowsDebugInfo: a harmless refused call carries "debuginfo" only then): the debug cases run only on
// such a site, the production cases only on a site without — never both passing vacuously. debugsmtp cannot
// be detected without sending mail: that case is always skipped with the reason.
//
// Normalisation (normaliseAnswer), the same on the recorded and the real answer:
// - ids: by what they identify (key `userid`/`courseid`/`cohortid`, `id` of a user/course/cohort record, ids
//   in Moodle's messages "user (4)", "course (id = 4)", "user id=4", "cohort id=4", the id parameter of a
//   failed UPDATE mdl_user in a debug message): the accounts, courses and
//   cohorts of the set-up become <user:4>, <course:2>, <cohort:1> (4, 2, 1 being the recorded ids, so the real
//   id must be the one the set-up created), other ids <user#1>, <user#2>… in order of first appearance (the
//   account a create call makes); context ids (`contextid`, `pluginfile.php/<id>/`) become <ctx#n>;
// - times: Unix times (keys like timecreated, timemodified, firstaccess, startdate, _lastloaded with a value of
//   10 digits; 10-digit numbers inside strings, e.g. the theme revision in profile image URLs) become <time>;
//   0 stays 0, so "never" and "some time" still differ;
// - the site address: the real wwwroot and the recording's http://127.0.0.1:8080 become <wwwroot>;
// - the case's prefix is taken out of every string (in any letter case), so usernames, e-mails and idnumbers
//   compare with the recorded ones;
// - a 32-hex "token" value compares equal to any other.
// Everything else must be equal, member order included (compared as re-serialised JSON text).
import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import { createMoodleSimulator, plusCapabilities, seedCapabilities, type MoodleSimulator, type SimUser } from '../../../src/lms/moodle/simulator/index.ts'
import type { SimEnrolment } from '../../../src/lms/moodle/simulator/state.ts'
import { findCohortId, findCourseId, moodleCall, moodleRest, runPrefix, siteShowsDebugInfo, type RealMoodle, type RestParams } from '../../helpers/real-moodle.ts'
import { caseNames, loadCase, splitEchoed, type ContractVersion, type RecordedCase } from './moodle-contract-harness.ts'
import { setupFor } from './moodle-version-case-setup.ts'

const recordedServices = { main: 'ws_coachview', plus: 'ws_coachview_plus' }
const recordedWwwroot: Record<string, string> = { '4.1': 'http://127.0.0.1:8082', '4.5': 'http://127.0.0.1:8080', '5.0': 'http://127.0.0.1:8081' }
/** The password the set-up accounts get (meets Moodle's default policy). */
const fixturePassword = 'Welkom#2025'
const siteAccounts = new Set(['guest', 'admin', 'wscoachview'])

/** What a case needs on the real site, or why it cannot run there. */
export interface RealCasePlan {
  users: SimUser[]
  enrolments: SimEnrolment[]
  cohortMembers: Array<{ cohortId: number; userId: number }>
  /** Shortnames / idnumbers of the recorded site's courses and cohorts (to find them on the real site). */
  courseShortnames: Map<number, string>
  cohortIdnumbers: Map<number, string>
  /** Set when the case cannot run on a real site whatever it is. */
  skip?: string
  /** 'debug' cases run only on a site that shows debugging, 'production' ones only on a site that does not. */
  needs: 'production' | 'debug'
  /** The plus token (ws_coachview_plus). */
  plus: boolean
}

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x instanceof Set ? [...x].sort() : x))

function scratch(version: ContractVersion): MoodleSimulator {
  return createMoodleSimulator({ world: 'recorded-site', serviceNames: recordedServices, version, now: () => 1795418800 })
}

function isDebugCase(name: string): boolean {
  return name.endsWith('.debuginfo') || /\.debug-on-|\.debugsmtp-/.test(name)
}

/** Parameters of the recorded request (body, or query for GET). */
function requestParams(c: RecordedCase): Array<[string, string]> {
  const query = c.request.method === 'GET' ? c.request.path.slice(c.request.path.indexOf('?') + 1) : c.request.body
  return [...new URLSearchParams(query)]
}

/** Reads the case's set-up: what it adds to the recorded site, or why a real site cannot be put in that state. */
export function planCase(name: string, version: ContractVersion): RealCasePlan {
  const c = loadCase(name, version)
  const setup = setupFor(name, version)
  const base = scratch(version)
  const probe = scratch(version)
  const plan: RealCasePlan = {
    users: [], enrolments: [], cohortMembers: [], courseShortnames: new Map(), cohortIdnumbers: new Map(),
    needs: isDebugCase(name) ? 'debug' : 'production', plus: c.request.service === 'ws_coachview_plus',
  }
  for (const course of base.state.courses.values()) plan.courseShortnames.set(course.id, course.shortname)
  for (const cohort of base.state.cohorts.values()) plan.cohortIdnumbers.set(cohort.id, cohort.idnumber)
  const skip = (reason: string): RealCasePlan => ({ ...plan, skip: reason })
  if (!setup) return skip('no simulator set-up to read what the case needs')
  if (/\.debugsmtp-/.test(name)) return skip('needs $CFG->debugsmtp on (the SMTP conversation, with the generated password, printed before the JSON); a site cannot be asked whether it is on without sending mail')
  if (c.request.path.startsWith('/login/token.php')) return skip("login/token.php: depends on the site's service names and mobile web-service setting")
  setup.setup(probe)
  const b = base.state
  const p = probe.state

  const settings = Object.keys(p.settings).filter((k) => k !== 'themerev' && k !== 'debug'
    && json((p.settings as unknown as Record<string, unknown>)[k]) !== json((b.settings as unknown as Record<string, unknown>)[k]))
  if (settings.length) return skip(`needs the site setting ${settings.join(', ')} as recorded (${settings.map((k) => json((p.settings as unknown as Record<string, unknown>)[k])).join(', ')})`)
  const missingSeed = seedCapabilities.filter((cap) => !p.capabilities.has(cap))
  if (missingSeed.length) return skip(`needs ${missingSeed.join(', ')} taken from the web-service role`)
  const extra = [...p.capabilities].filter((cap) => !(seedCapabilities as readonly string[]).includes(cap) && !(plusCapabilities as readonly string[]).includes(cap))
  if (extra.length) return skip(`needs ${extra.join(', ')} given to the web-service role`)
  if (plan.plus && plusCapabilities.some((cap) => !p.capabilities.has(cap))) {
    return skip('recorded before the role had the optional capabilities (moodle/cohort:view, moodle/course:viewparticipants, report/completion:view) that a site with MOODLE_PLUS_TOKEN has')
  }
  if (json([...p.services.values()]) !== json([...b.services.values()])) return skip('needs a service changed (disabled, functions removed)')
  if (p.tokens.size !== b.tokens.size) return skip('needs a token of its own (expired, IP-restricted)')
  for (const id of [1, 2, 3]) {
    // Salts and access keys are random per simulator; the rest must be as on the bare site.
    const { timecreated: _a, timemodified: _b, passwordHash: _c, passwordSalt: _d, privateAccessKey: ka, ...was } = b.users.get(id)!
    const { timecreated: _e, timemodified: _f, passwordHash: _g, passwordSalt: _h, privateAccessKey: kb, ...is } = p.users.get(id)!
    if (id === 3 && ka !== kb) return skip('needs the web-service user with the access key of the recorded site')
    if (json(was) !== json(is)) return skip("needs the site's own account (guest, admin or web-service user) changed")
  }
  if ([...p.users.values()].some((u) => u.deleted)) return skip('needs an account deleted by an administrator (the web service cannot delete)')
  if (p.completions.size || p.events.length) return skip('needs a course completion (a manager marking it, or the completion cron), which the web service cannot make')
  if (json([...p.courses.values()].map(({ timemodified: _t, ...c }) => c)) !== json([...b.courses.values()].map(({ timemodified: _t, ...c }) => c))) {
    return skip('needs a course changed')
  }
  if (json([...p.cohorts.values()].map(({ members: _m, ...c }) => c)) !== json([...b.cohorts.values()].map(({ members: _m, ...c }) => c))) {
    return skip('needs a cohort changed')
  }
  if (json(p.roles) !== json(b.roles) || json(p.assignableRoles) !== json(b.assignableRoles) || json(p.profileFields) !== json(b.profileFields)) {
    return skip('needs roles or profile fields changed')
  }

  plan.users = [...p.users.values()].filter((u) => !b.users.has(u.id)).sort((x, y) => x.id - y.id)
  if (plan.users.length > 50) return skip(`needs ${plan.users.length} accounts set up`)
  plan.enrolments = [...p.enrolments.values()].sort((x, y) => x.courseId - y.courseId || x.userId - y.userId)
  for (const cohort of p.cohorts.values()) for (const userId of cohort.members) plan.cohortMembers.push({ cohortId: cohort.id, userId })

  // The request itself: the site's own accounts differ per site.
  const params = requestParams(c)
  const fn = params.find(([k]) => k === 'wsfunction')?.[1] ?? ''
  const field = params.find(([k]) => k === 'field')?.[1]
  for (const [k, v] of params) {
    const userIdParam = /(^|\])?\[?userid\]?$/.test(k) || /^users\[\d+\]\[id\]$/.test(k) || (fn === 'core_user_get_users_by_field' && field === 'id' && /^values\[\d+\]$/.test(k))
    if (userIdParam && ['1', '2', '3'].includes(v)) return skip("compares the site's own account (guest, admin, web-service user), which differs per site")
    if ((/\[username\]$/.test(k) || (field === 'username' && /^values\[\d+\]$/.test(k))) && siteAccounts.has(v)) {
      return skip("compares the site's own account (guest, admin, web-service user), which differs per site")
    }
  }
  if (fn === 'core_webservice_get_site_info') return skip('site info describes the site itself (name, web-service user, functions)')
  return plan
}

/** One side's placeholders: known pairs by recorded id, the rest numbered in order of first appearance. */
export class Placeholders {
  private readonly known = new Map<string, string>()
  private readonly counters = new Map<string, number>()
  constructor(pairs: Array<[kind: string, value: number, label: string]>) {
    for (const [kind, value, label] of pairs) this.known.set(`${kind}:${value}`, label)
  }
  of(kind: string, value: number): string {
    const key = `${kind}:${value}`
    let label = this.known.get(key)
    if (!label) {
      const n = (this.counters.get(kind) ?? 0) + 1
      this.counters.set(kind, n)
      label = `<${kind}#${n}>`
      this.known.set(key, label)
    }
    return label
  }
}

const timeKey = /^(time(?!zone)|.*time$|.*access$|.*login$|.*date$|_lastloaded$|timecompleted|timestarted|timeenrolled)/i
const tenDigits = /(?<![0-9])1[0-9]{9}(?![0-9])/g
const hex32 = /^[0-9a-f]{32}$/

function recordKind(obj: Record<string, unknown>): string | undefined {
  if ('username' in obj || 'fullname' in obj && 'email' in obj || 'firstname' in obj) return 'user'
  if ('shortname' in obj && ('fullname' in obj || 'displayname' in obj)) return 'course'
  if ('idnumber' in obj && 'name' in obj && 'visible' in obj) return 'cohort'
  return undefined
}

export interface NormaliseOptions {
  /** The side's wwwroot (the recording's or the real site's). */
  wwwroot: string
  /** The case's prefix to take out of strings (real side only). */
  prefix?: string
  ids: Placeholders
}

function normaliseString(s: string, o: NormaliseOptions): string {
  let out = s.split(o.wwwroot).join('<wwwroot>')
  if (o.prefix) out = out.replace(new RegExp(o.prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'), 'gi'), '')
  out = out
    .replace(/(pluginfile\.php\/)(\d+)(?=\/)/g, (_m, a: string, id: string) => a + o.ids.of('ctx', Number(id)))
    .replace(/(user \(|user id=|cohort\(idnumber=[^ )]* id=)(\d+)/g, (_m, a: string, id: string) => a + o.ids.of('user', Number(id)))
    .replace(/(course \(id = |course \()(\d+)/g, (_m, a: string, id: string) => a + o.ids.of('course', Number(id)))
    .replace(/(cohort id=)(\d+)/g, (_m, a: string, id: string) => a + o.ids.of('cohort', Number(id)))
    // The parameters of a failed "UPDATE mdl_user … WHERE id=$n" in a debug message: the last one is the user id.
    .replace(/(UPDATE mdl_user SET [^]*?\n {2}0 => ')(\d+)(?=',\n\))/g, (_m, a: string, id: string) => a + o.ids.of('user', Number(id)))
    .replace(tenDigits, '<time>')
  return out
}

function normaliseValue(value: unknown, o: NormaliseOptions, key = '', parent?: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => normaliseValue(v, o, key, parent))
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) out[k] = normaliseValue(v, o, k, obj)
    return out
  }
  const asNumber = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : undefined
  if (asNumber !== undefined && asNumber > 0) {
    const kind = key === 'userid' || key === 'relateduserid' ? 'user'
      : key === 'courseid' ? 'course'
        : key === 'cohortid' ? 'cohort'
          : key === 'contextid' ? 'ctx'
            : key === 'id' && parent ? recordKind(parent)
              // update_users / add_cohort_members warnings: {"item": "user", "itemid": 7, …}
              : key === 'itemid' && parent && ['user', 'course', 'cohort'].includes(String(parent['item'])) ? String(parent['item']) : undefined
    if (kind) return o.ids.of(kind, asNumber)
    if (timeKey.test(key) && asNumber >= 1e9) return '<time>'
  }
  if (typeof value === 'string') {
    if (key === 'token' && hex32.test(value)) return '<32 hex>'
    return normaliseString(value, o)
  }
  return value
}

/** The answer as compared: status, content type, and the body normalised (JSON re-serialised, or text). */
export function normaliseAnswer(answer: { status: number; contentType: string; body: string }, o: NormaliseOptions): { status: number; contentType: string; echoed: string; body: string } {
  const { echoed, json: text } = splitEchoed(answer.body)
  const contentType = answer.contentType.split(';')[0]!.trim()
  let body: string
  try {
    body = contentType === 'application/json' && text !== '' ? JSON.stringify(normaliseValue(JSON.parse(text), o)) : normaliseString(text, o)
  } catch {
    body = normaliseString(text, o)
  }
  return { status: answer.status, contentType, echoed: normaliseString(echoed, o), body }
}

/** Per-run state on the real site: the prefix, the course and cohort ids found, whether it shows debugging. */
export interface RealRun {
  site: RealMoodle
  prefix: string
  caseNo: number
  debug?: boolean
  courses: Map<string, number | undefined>
  cohorts: Map<string, number | undefined>
}

export function newRealRun(site: RealMoodle): RealRun {
  return { site, prefix: runPrefix(), caseNo: 0, courses: new Map(), cohorts: new Map() }
}

async function courseOnSite(run: RealRun, shortname: string): Promise<number | undefined> {
  if (!run.courses.has(shortname)) {
    const id = await findCourseId(run.site, shortname)
    // The cases compare whole answers with a course of the recorded site's participants only: a course that a
    // benchmark filled with thousands would fail every such case, and its enrolled-users answer (megabytes)
    // took the comparison to the machine's memory limit once. Asked for one participant, so it stays cheap.
    if (id !== undefined) {
      const some = await moodleCall<unknown[]>(run.site, run.site.plusToken!, 'core_enrol_get_enrolled_users',
        [['courseid', id], ['options[0][name]', 'limitnumber'], ['options[0][value]', 1]])
      if (some.length > 0) {
        throw new Error(`the set-up course ${shortname} (id ${id}) has participants; the contract cases need it without any `
          + '(README, "A real Moodle"): take them out, and run the benchmark in a course of its own')
      }
    }
    run.courses.set(shortname, id)
  }
  return run.courses.get(shortname)
}
async function cohortOnSite(run: RealRun, idnumber: string): Promise<number | undefined> {
  if (!run.cohorts.has(idnumber)) run.cohorts.set(idnumber, await findCohortId(run.site, idnumber))
  return run.cohorts.get(idnumber)
}

class SkipCase extends Error {}

/**
 * Replays one recorded case on the real site with its set-up data under a fresh prefix and compares the whole
 * normalised answer. Returns undefined when the case was compared; calls t.skip(reason) and returns the reason
 * when the site cannot run it (no plus token, a course of the set-up missing, its debugging the other way round).
 */
export async function runCaseOnRealSite(t: TestContext, run: RealRun, name: string, version: ContractVersion): Promise<string | undefined> {
  const plan = planCase(name, version)
  const skip = (reason: string) => {
    t.skip(reason)
    return reason
  }
  if (plan.skip) return skip(plan.skip)
  const { site } = run
  run.debug ??= await siteShowsDebugInfo(site)
  if (plan.needs === 'debug' && !run.debug) return skip('shows what a site with debugging on answers; this site does not show debugging information')
  if (plan.needs === 'production' && run.debug) return skip('production answer (no debuginfo); this site shows debugging information')
  if (plan.plus && !site.plusToken) return skip('needs MOODLE_PLUS_TOKEN (a token of the service with the optional functions)')
  const c = loadCase(name, version)
  const prefix = `${run.prefix}${++run.caseNo}-`
  const userIds = new Map<number, number>()
  const courseIds = new Map<number, number>()
  const cohortIds = new Map<number, number>()
  const made: number[] = []
  try {
    // Courses and cohorts the request or the set-up refers to.
    const params = requestParams(c)
    const fn = params.find(([k]) => k === 'wsfunction')?.[1] ?? ''
    const refersToCourse = (id: number) => plan.courseShortnames.has(id)
    const wantedCourses = new Set<number>(plan.enrolments.map((e) => e.courseId))
    const wantedCohorts = new Set<number>(plan.cohortMembers.map((m) => m.cohortId))
    for (const [k, v] of params) {
      if (/courseid\]?$/.test(k) && refersToCourse(Number(v))) wantedCourses.add(Number(v))
      if (fn === 'core_course_get_courses_by_field' && k === 'value') for (const id of v.split(',')) if (refersToCourse(Number(id))) wantedCourses.add(Number(id))
      if (/cohortid\]?$|^cohortids\[\d+\]$/.test(k) && plan.cohortIdnumbers.has(Number(v))) wantedCohorts.add(Number(v))
    }
    // A cohort named by id or by idnumber: either way the case may add members to it, to be taken out again.
    const cohortByIdnumber = new Map([...plan.cohortIdnumbers].map(([id, idnumber]) => [idnumber, id]))
    for (const [i, [k, v]] of params.entries()) {
      if (!/\[cohorttype\]\[value\]$/.test(k)) continue
      const type = params[i - 1]?.[1]
      if (type === 'id' && plan.cohortIdnumbers.has(Number(v))) wantedCohorts.add(Number(v))
      if (type === 'idnumber' && cohortByIdnumber.has(v)) wantedCohorts.add(cohortByIdnumber.get(v)!)
    }
    for (const id of wantedCourses) {
      const shortname = plan.courseShortnames.get(id)!
      if (!site.plusToken) throw new SkipCase(`refers to the set-up course ${shortname}: MOODLE_PLUS_TOKEN is needed to find it`)
      const real = await courseOnSite(run, shortname)
      if (real === undefined) throw new SkipCase(`the site has no course with shortname ${shortname} (test/contracts/moodle/README.md, "Moodle set-up used")`)
      courseIds.set(id, real)
    }
    for (const id of wantedCohorts) {
      const idnumber = plan.cohortIdnumbers.get(id)!
      if (!site.plusToken) throw new SkipCase(`refers to the set-up cohort ${idnumber}: MOODLE_PLUS_TOKEN is needed to find it`)
      const real = await cohortOnSite(run, idnumber)
      if (real === undefined) throw new SkipCase(`the site has no cohort with idnumber ${idnumber} (test/contracts/moodle/README.md, "Moodle set-up used")`)
      cohortIds.set(id, real)
    }

    // The accounts, in recorded id order (so the real ids ascend the same way).
    if (plan.users.length) {
      const create: RestParams = []
      plan.users.forEach((u, i) => {
        const f = `users[${i}]`
        create.push([`${f}[username]`, prefix + u.username], [`${f}[password]`, fixturePassword],
          [`${f}[firstname]`, u.firstname || 'x'], [`${f}[lastname]`, u.lastname || 'x'], [`${f}[email]`, prefix + u.email])
        if (u.auth !== 'manual') create.push([`${f}[auth]`, u.auth])
        if (u.idnumber) create.push([`${f}[idnumber]`, prefix + u.idnumber])
        let n = 0
        for (const [field, value] of u.customfields) {
          if (value !== '') create.push([`${f}[customfields][${n}][type]`, field], [`${f}[customfields][${n++}][value]`, value])
        }
      })
      const created = await moodleCall<Array<{ id: number }>>(site, site.token, 'core_user_create_users', create)
      plan.users.forEach((u, i) => {
        userIds.set(u.id, created[i]!.id)
        made.push(created[i]!.id)
      })
      const update: RestParams = []
      let n = 0
      for (const u of plan.users) {
        if (u.firstname && u.lastname && !u.suspended) continue
        update.push([`users[${n}][id]`, userIds.get(u.id)!])
        if (!u.firstname) update.push([`users[${n}][firstname]`, ''])
        if (!u.lastname) update.push([`users[${n}][lastname]`, ''])
        if (u.suspended) update.push([`users[${n}][suspended]`, 1])
        n++
      }
      if (n) await moodleCall(site, site.token, 'core_user_update_users', update)
    }
    if (plan.enrolments.length) {
      const enrol: RestParams = []
      plan.enrolments.forEach((e, i) => {
        const f = `enrolments[${i}]`
        enrol.push([`${f}[roleid]`, e.roleIds[0] ?? 5], [`${f}[userid]`, userIds.get(e.userId) ?? e.userId], [`${f}[courseid]`, courseIds.get(e.courseId)!])
        if (e.timeStart) enrol.push([`${f}[timestart]`, e.timeStart])
        if (e.timeEnd) enrol.push([`${f}[timeend]`, e.timeEnd])
        if (e.status === 1) enrol.push([`${f}[suspend]`, 1])
      })
      await moodleCall(site, site.token, 'enrol_manual_enrol_users', enrol)
    }
    if (plan.cohortMembers.length) {
      const add: RestParams = []
      plan.cohortMembers.forEach((m, i) => {
        add.push([`members[${i}][cohorttype][type]`, 'id'], [`members[${i}][cohorttype][value]`, cohortIds.get(m.cohortId)!],
          [`members[${i}][usertype][type]`, 'id'], [`members[${i}][usertype][value]`, userIds.get(m.userId)!])
      })
      await moodleCall(site, site.token, 'core_cohort_add_cohort_members', add)
    }

    // The recorded request with the real ids and prefixed identities.
    const field = params.find(([k]) => k === 'field')?.[1]
    const mapId = (map: Map<number, number>, v: string) => (/^[0-9]+$/.test(v) && map.has(Number(v)) ? String(map.get(Number(v))) : v)
    const prefixed = (v: string) => (v === '' ? v : prefix + v)
    const token = c.request.service === 'ws_coachview' ? site.token : c.request.service === 'ws_coachview_plus' ? site.plusToken! : undefined
    const rewritten = params.map(([k, v], i): [string, string] => {
      if (k === 'wstoken') return [k, token ?? v]
      const typeBefore = params[i - 1]?.[1]
      if (/^users\[\d+\]\[(username|email|idnumber)\]$/.test(k)) return [k, prefixed(v)]
      if (/^users\[\d+\]\[id\]$/.test(k) || /(^|\[)userid\]?$/.test(k)) return [k, mapId(userIds, v)]
      if (/(^|\[)courseid\]?$/.test(k)) return [k, mapId(courseIds, v)]
      if (/(^|\[)cohortid\]?$/.test(k) || /^cohortids\[\d+\]$/.test(k)) return [k, mapId(cohortIds, v)]
      if (fn === 'core_user_get_users_by_field' && /^values\[\d+\]$/.test(k)) return [k, field === 'id' ? mapId(userIds, v) : prefixed(v)]
      if (fn === 'core_course_get_courses_by_field' && k === 'value' && (field === 'id' || field === 'ids')) {
        return [k, v.split(',').map((id) => mapId(courseIds, id)).join(',')]
      }
      if (/\[usertype\]\[value\]$/.test(k)) return [k, typeBefore === 'id' ? mapId(userIds, v) : typeBefore === 'username' ? prefixed(v) : v]
      if (/\[cohorttype\]\[value\]$/.test(k)) return [k, typeBefore === 'id' ? mapId(cohortIds, v) : v]
      return [k, v]
    })
    const encoded = new URLSearchParams(rewritten).toString()
    const path = c.request.method === 'GET' ? `${c.request.path.slice(0, c.request.path.indexOf('?'))}?${encoded}` : c.request.path
    const headers: Record<string, string> = {}
    if (c.request.content_type) headers['content-type'] = c.request.content_type
    const res = await fetch(site.url + path, { method: c.request.method, headers, body: c.request.method === 'GET' ? undefined : encoded })
    const answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }
    if (fn === 'core_user_create_users') {
      try {
        const out = JSON.parse(splitEchoed(answer.body).json) as unknown
        if (Array.isArray(out)) for (const u of out as Array<{ id?: number }>) if (typeof u.id === 'number') made.push(u.id)
      } catch { /* compared below */ }
    }

    const pairs = (map: Map<number, number>, kind: string, side: 'recorded' | 'real') =>
      [...map].map(([recorded, real]): [string, number, string] => [kind, side === 'recorded' ? recorded : real, `<${kind}:${recorded}>`])
    const side = (s: 'recorded' | 'real') => new Placeholders([...pairs(userIds, 'user', s), ...pairs(courseIds, 'course', s), ...pairs(cohortIds, 'cohort', s)])
    const want = normaliseAnswer({ status: c.response.status, contentType: c.response.content_type, body: c.response.body },
      { wwwroot: recordedWwwroot[version] ?? recordedWwwroot['4.5']!, ids: side('recorded') })
    const got = normaliseAnswer(answer, { wwwroot: site.url, prefix, ids: side('real') })
    assert.equal(got.status, want.status, 'HTTP status')
    assert.equal(got.contentType, want.contentType, 'content-type')
    assert.equal(got.echoed, want.echoed, 'text before the JSON')
    if (want.contentType === 'application/json' && want.body !== '') assert.deepStrictEqual(JSON.parse(got.body), JSON.parse(want.body))
    assert.equal(got.body, want.body, 'whole body (normalised), member order included')
    return undefined
  } catch (err) {
    if (err instanceof SkipCase) return skip(err.message)
    throw err
  } finally {
    // A request can only have enrolled in (or added to) the courses and cohorts it names, all in these maps.
    await cleanUp(run, made, [...courseIds.values()], [...cohortIds.values()])
  }
}

/** Takes the case's accounts out of the set-up courses and cohorts again (the accounts stay: no web-service delete). */
async function cleanUp(run: RealRun, users: number[], courses: number[], cohorts: number[]): Promise<void> {
  if (!users.length) return
  for (const courseId of courses) {
    const params: RestParams = users.flatMap((u, i) => [[`enrolments[${i}][userid]`, u], [`enrolments[${i}][courseid]`, courseId]] as RestParams)
    await moodleRest(run.site, run.site.token, 'enrol_manual_unenrol_users', params) // refused for a course without manual enrolment: nothing to undo
  }
  for (const cohortId of cohorts) {
    const params: RestParams = users.flatMap((u, i) => [[`members[${i}][cohortid]`, cohortId], [`members[${i}][userid]`, u]] as RestParams)
    await moodleRest(run.site, run.site.token, 'core_cohort_delete_cohort_members', params)
  }
}

/** What a real-mode run did: cases whose whole answer was compared, and the skipped ones by reason. */
export interface RealModeTally {
  compared: string[]
  skipped: Map<string, string[]>
}

/**
 * Declares one test per recorded case of `names` comparing the real site's whole answer. `site` is read when
 * the tests run (a standalone simulator is started in a before hook); null skips all with the reason.
 */
export function describeRealMode(title: string, names: string[], version: ContractVersion, site: () => RealMoodle | null, missingReason: string): RealModeTally {
  const tally: RealModeTally = { compared: [], skipped: new Map() }
  const skipped = (name: string, reason: string) => tally.skipped.set(reason, [...(tally.skipped.get(reason) ?? []), name])
  describe(title, () => {
    let run: RealRun | undefined
    for (const name of names) {
      const plan = planCase(name, version)
      if (plan.skip) {
        skipped(name, plan.skip)
        it(name, { skip: plan.skip }, () => {})
        continue
      }
      it(name, async (t) => {
        const s = site()
        if (!s) {
          skipped(name, missingReason)
          return t.skip(missingReason)
        }
        run ??= newRealRun(s)
        const reason = await runCaseOnRealSite(t, run, name, version)
        if (reason) skipped(name, reason)
        else tally.compared.push(name)
      })
    }
  })
  return tally
}

/** All recorded cases of a line (for the whole-suite real mode). */
export function allCases(version: ContractVersion): string[] {
  return caseNames(version)
}
