// Case name → the simulator state the recording had. A `*.debuginfo` case uses the set-up of its base
// case with debugging on, unless it has its own entry (the DB had moved on between the two).
// Every recorded case must have an entry: the contract tests fail loudly for a case without one.
import assert from 'node:assert/strict'
import type { MoodleSimulator } from '../../../src/lms/moodle/simulator/index.ts'
import {
  addCourse5Participants, addPlusCapabilities, addRecordedPeople, lateRev, recordingNow, type PeopleOptions,
} from './moodle-recorded-world.ts'
import { round3Setups } from './moodle-round3-setup.ts'

export interface CaseSetup {
  /** Prepares the world; may return a token to send instead of the service's one. */
  setup(sim: MoodleSimulator): void | { token?: string }
  /** Checks of the state after the call (what the notes say Moodle's DB showed). */
  after?(sim: MoodleSimulator, info: { token?: string }): void
  /** Harmless on a real Moodle set up like the recorded one: no side effects, no special set-up. */
  realSafe?: boolean
}

type Setup = CaseSetup['setup']

const people = (opts: PeopleOptions = {}): Setup => (sim) => addRecordedPeople(sim, opts)
const late = (sim: MoodleSimulator) => sim.setSetting('themerev', lateRev)
const all = (...steps: Setup[]): Setup => (sim) => {
  let out: void | { token?: string } = undefined
  for (const step of steps) out = step(sim) ?? out
  return out
}
const noCap = (...caps: string[]): Setup => (sim) => { for (const c of caps) sim.removeCapability(c) }
const plus: Setup = (sim) => addPlusCapabilities(sim)
const enrol = (userId: number, courseId: number, opts?: Parameters<MoodleSimulator['enrol']>[2]): Setup => (sim) => sim.enrol(userId, courseId, opts)
const member = (cohortId: number, userId: number): Setup => (sim) => sim.addCohortMember(cohortId, userId)
const round2 = (extra: PeopleOptions = {}): Setup => people({ round2: true, ...extra })
/** The connection-check probes: all seed caps and the extras but one (second round, late theme revision). */
const checkProbe = (cap: string, ...more: Setup[]): CaseSetup => ({ setup: all(round2(), plus, late, noCap(cap), ...more) })

const base = (realSafe = false): CaseSetup => ({ setup: people(), realSafe })
const enrolmentOf = (sim: MoodleSimulator, courseId: number, userId: number) => sim.enrolments(courseId).find((e) => e.userId === userId)

export const caseSetups: Record<string, CaseSetup> = {
  // --- web-service gate, tokens, site policy -------------------------------------------------
  'auth.function-not-in-service': base(true),
  'auth.invalid-token': base(true),
  'auth.invalid-token.xml-format': base(true),
  'auth.missing-token': base(true),
  'auth.missing-wsfunction': base(true),
  'auth.rest-protocol-disabled': { setup: all(people(), (sim) => sim.setSetting('webserviceprotocols', [])) },
  'auth.rest-use-capability-missing': { setup: all(people(), noCap('webservice/rest:use')) },
  'auth.service-disabled': { setup: all(people(), (sim) => sim.setServiceEnabled('ws_coachview', false)) },
  'auth.site-policy-agreed-on-behalf': { setup: all(people(), late, (sim) => sim.setSitePolicy({ compulsory: true, agreedByWsUser: true })) },
  'auth.site-policy-not-agreed': { setup: all(people(), late, (sim) => sim.setSitePolicy({ compulsory: true, agreedByWsUser: false })) },
  'auth.site-policy-not-agreed.create-users': { setup: all(people({ nextId: 15 }), (sim) => sim.setSitePolicy({ compulsory: true, agreedByWsUser: false })) },
  'auth.site-policy-not-agreed.site-info': { setup: all(people(), late, (sim) => sim.setSitePolicy({ compulsory: true, agreedByWsUser: false })) },
  'auth.site-policy-not-agreed.ws-user-auth-manual': {
    setup: all(people(), (sim) => { sim.setSitePolicy({ compulsory: true, agreedByWsUser: false }); sim.setWsUserAuth('manual') }),
  },
  'auth.site-policy-not-agreed.ws-user-auth-manual.xml': {
    setup: all(people(), (sim) => { sim.setSitePolicy({ compulsory: true, agreedByWsUser: false }); sim.setWsUserAuth('manual') }),
  },
  'auth.token-expired': {
    setup: all(people(), (sim) => ({ token: sim.createToken({ validUntil: recordingNow - 3600 }) })),
    after: (sim, { token }) => assert.equal(sim.tokenExists(token ?? ''), false, 'Moodle deletes an expired token on use'),
  },
  'auth.token-ip-restricted': {
    setup: all(people(), (sim) => ({ token: sim.createToken({ ipRestriction: '10.0.0.1' }) })),
    after: (sim, { token }) => assert.equal(sim.tokenExists(token ?? ''), true, 'an IP-restricted token is kept'),
  },
  'auth.unknown-function': base(true),
  'auth.webservices-disabled': { setup: all(people(), (sim) => sim.setSetting('enablewebservices', false)) },
  'transport.get-request': { setup: all(people(), late), realSafe: false },

  // --- login/token.php (user 1017 login.probe) ------------------------------------------------
  'login.token.mobile-off.moodle_mobile_app.correct-password': { setup: round2() },
  'login.token.mobile-off.moodle_mobile_app.wrong-password': { setup: round2() },
  'login.token.mobile-off.ws_coachview.correct-password': { setup: round2() },
  'login.token.mobile-off.ws_coachview.wrong-password': { setup: round2() },
  'login.token.mobile-on.moodle_mobile_app.correct-password': { setup: all(round2(), (sim) => sim.setSetting('enablemobilewebservice', true)) },
  'login.token.mobile-on.moodle_mobile_app.wrong-password': { setup: all(round2(), (sim) => sim.setSetting('enablemobilewebservice', true)) },
  'login.token.mobile-on.ws_coachview.correct-password': { setup: all(round2(), (sim) => sim.setSetting('enablemobilewebservice', true)) },
  'login.token.mobile-on.ws_coachview.wrong-password': { setup: all(round2(), (sim) => sim.setSetting('enablemobilewebservice', true)) },

  // --- connection-check capability map --------------------------------------------------------
  'check.capability-moodle-course-useremail.core_user_get_users_by_field': checkProbe('moodle/course:useremail'),
  'check.capability-moodle-course-view.enrol_manual_enrol_users': checkProbe('moodle/course:view', enrol(4, 5)),
  'check.capability-moodle-course-view.enrol_manual_unenrol_users': checkProbe('moodle/course:view'),
  'check.capability-moodle-role-assign.enrol_manual_enrol_users': checkProbe('moodle/role:assign', enrol(4, 5)),
  'check.capability-moodle-role-assign.enrol_manual_unenrol_users': checkProbe('moodle/role:assign'),
  'check.capability-moodle-site-viewuseridentity.core_user_get_users_by_field': checkProbe('moodle/site:viewuseridentity'),
  'check.capability-moodle-user-update.core_user_get_users_by_field': checkProbe('moodle/user:update'),
  'check.capability-moodle-user-viewalldetails.core_user_get_users_by_field': checkProbe('moodle/user:viewalldetails'),
  'check.capability-moodle-user-viewdetails.core_user_get_users_by_field': checkProbe('moodle/user:viewdetails'),
  'check.capability-moodle-user-viewhiddendetails.core_user_get_users_by_field': checkProbe('moodle/user:viewhiddendetails'),

  // --- cohorts ---------------------------------------------------------------------------------
  'core_cohort_add_cohort_members.capability-missing': { setup: all(people(), noCap('moodle/cohort:assign')) },
  'core_cohort_add_cohort_members.duplicate-member': { setup: all(people(), member(1, 4)), after: (sim) => assert.deepEqual(sim.cohortMembers(1), [4]) },
  'core_cohort_add_cohort_members.happy-by-cohort-id': { setup: people(), after: (sim) => assert.deepEqual(sim.cohortMembers(1), [6]) },
  'core_cohort_add_cohort_members.happy-by-idnumber': { setup: people(), after: (sim) => assert.deepEqual(sim.cohortMembers(1), [4]) },
  'core_cohort_add_cohort_members.invalid-cohorttype': base(true),
  'core_cohort_add_cohort_members.invalid-usertype': base(true),
  'core_cohort_add_cohort_members.mixed-batch': { setup: people(), after: (sim) => assert.deepEqual(sim.cohortMembers(2), [5]) },
  // Re-sent later: user 5 had become a member of CV-COHORT-B (README "Debug variants").
  'core_cohort_add_cohort_members.mixed-batch.debuginfo': { setup: all(people(), member(2, 5)) },
  'core_cohort_add_cohort_members.nonexistent-cohort-id': base(true),
  'core_cohort_add_cohort_members.nonexistent-cohort-idnumber': base(true),
  'core_cohort_add_cohort_members.nonexistent-user-id': base(true),
  'core_cohort_add_cohort_members.nonexistent-username': base(true),
  'core_cohort_add_cohort_members.user-by-idnumber-ambiguous': base(true),
  'core_cohort_add_cohort_members.user-by-idnumber': base(true),
  'core_cohort_add_cohort_members.user-by-username': { setup: people(), after: (sim) => assert.deepEqual(sim.cohortMembers(1), [7]) },
  'core_cohort_delete_cohort_members.by-idnumber-not-supported': base(true),
  'core_cohort_delete_cohort_members.capability-missing': { setup: all(people(), member(2, 5), noCap('moodle/cohort:assign')) },
  'core_cohort_delete_cohort_members.happy': { setup: all(people(), member(1, 4), member(1, 7)), after: (sim) => assert.deepEqual(sim.cohortMembers(1), [4]) },
  'core_cohort_delete_cohort_members.never-member': base(),
  'core_cohort_delete_cohort_members.non-member': base(),
  'core_cohort_delete_cohort_members.nonexistent-cohort': base(true),
  'core_cohort_delete_cohort_members.nonexistent-user': base(true),
  'core_cohort_get_cohorts.all': { setup: all(people(), plus) },
  'core_cohort_get_cohorts.happy': { setup: all(people(), plus) },
  'core_cohort_get_cohorts.nonexistent': { setup: all(people(), plus) },
  'core_cohort_get_cohorts.seed-caps-no-cohort-view': base(),
  'core_cohort_search_cohorts.happy': { setup: all(people(), plus) },
  'core_cohort_search_cohorts.seed-caps-no-cohort-view': base(),

  // --- completion, courses, site info -----------------------------------------------------------
  'core_completion_get_course_completion_status.after-completion-direct': {
    setup: all(people(), plus, enrol(4, 2), enrol(6, 2), (sim) => { void sim.completeCourse(4, 2, { timeCompleted: 1795418871 }) }),
  },
  'core_completion_get_course_completion_status.after-criterion-and-cron': {
    setup: all(people(), plus, enrol(4, 2), enrol(6, 2), (sim) => {
      sim.tickCompletionCriterion(6, 2, 1795418872)
      sim.setNow(1795418877)
      sim.runCompletionCron()
    }),
  },
  'core_completion_get_course_completion_status.after-criterion-before-cron': {
    setup: all(people(), plus, enrol(4, 2), enrol(6, 2), (sim) => sim.tickCompletionCriterion(6, 2, 1795418872)),
  },
  'core_completion_get_course_completion_status.before-completion': { setup: all(people(), plus, enrol(4, 2)) },
  'core_completion_get_course_completion_status.course-without-criteria': { setup: all(people(), plus, enrol(4, 5)) },
  'core_completion_get_course_completion_status.nonexistent-course': { setup: all(people(), plus) },
  'core_completion_get_course_completion_status.nonexistent-user': { setup: all(people(), plus) },
  'core_completion_get_course_completion_status.seed-caps': { setup: all(people(), enrol(4, 2)) },
  'core_completion_get_course_completion_status.user-not-enrolled': { setup: all(people(), plus, enrol(4, 2)) },
  'core_course_get_courses_by_field.by-id': base(),
  'core_course_get_courses_by_field.by-idnumber': base(),
  'core_course_get_courses_by_field.by-shortname': base(),
  'core_course_get_courses_by_field.ids-list': base(),
  'core_course_get_courses_by_field.not-found': base(true),
  'core_webservice_get_site_info.happy': base(),

  // --- enrolment ---------------------------------------------------------------------------------
  'core_enrol_get_enrolled_users.course-with-suspended-and-future': {
    setup: all(round2({ suspended1419: true }), plus, late, enrol(4, 2), addCourse5Participants),
  },
  'core_enrol_get_enrolled_users.happy': {
    setup: all(people(), plus, enrol(4, 2), enrol(6, 2, { timeStart: 1767225600, timeEnd: 1798848000 })),
  },
  'core_enrol_get_enrolled_users.seed-caps': { setup: all(people(), enrol(4, 2)) },
  'core_enrol_get_enrolled_users.with-options': { setup: all(people(), plus, enrol(4, 2)) },
  'core_enrol_get_users_courses.after-completion': {
    setup: all(people(), plus, enrol(4, 2), enrol(6, 2), (sim) => { void sim.completeCourse(4, 2, { timeCompleted: 1795418871 }) }),
  },
  'core_enrol_get_users_courses.happy': { setup: all(people(), plus, enrol(4, 2), enrol(6, 2)) },
  'core_enrol_get_users_courses.seed-caps': { setup: all(people(), enrol(4, 2)) },
  // Taken before 1420's not-yet-started enrolment, which enrolledusercount would count (versions/4.1 and 5.0 READMEs).
  'core_enrol_get_users_courses.suspended-user': { setup: all(round2({ suspended1419: true }), plus, enrol(4, 5), enrol(1419, 5)) },
  'core_enrol_get_users_courses.timestart-future': { setup: all(round2({ suspended1419: true }), plus, addCourse5Participants) },
  'enrol_manual_enrol_users.already-enrolled': {
    setup: all(people(), enrol(4, 2)),
    after: (sim) => assert.deepEqual(sim.enrolments(2), [{ userId: 4, roleId: 5, timeStart: 0, timeEnd: 0, suspended: false }]),
  },
  'enrol_manual_enrol_users.batch-second-invalid': { setup: people(), after: (sim) => assert.equal(enrolmentOf(sim, 3, 9), undefined) },
  'enrol_manual_enrol_users.capability-missing': { setup: all(people(), noCap('enrol/manual:enrol')) },
  'enrol_manual_enrol_users.course-without-manual-instance': base(),
  'enrol_manual_enrol_users.happy': { setup: people(), after: (sim) => assert.equal(enrolmentOf(sim, 2, 4)?.suspended, false) },
  'enrol_manual_enrol_users.missing-roleid': base(true),
  'enrol_manual_enrol_users.multiple': { setup: people(), after: (sim) => assert.ok(enrolmentOf(sim, 2, 5) && enrolmentOf(sim, 3, 5)) },
  'enrol_manual_enrol_users.nonexistent-course': base(true),
  'enrol_manual_enrol_users.nonexistent-role': base(),
  'enrol_manual_enrol_users.nonexistent-user': base(),
  'enrol_manual_enrol_users.re-enrol-changes-timeend': {
    setup: all(people(), enrol(6, 2, { timeStart: 1767225600, timeEnd: 1798761600 })),
    after: (sim) => assert.deepEqual(enrolmentOf(sim, 2, 6), { userId: 6, roleId: 5, timeStart: 1767225600, timeEnd: 1798848000, suspended: false }),
  },
  'enrol_manual_enrol_users.re-enrol-without-suspend-reactivates': {
    setup: all(people(), enrol(7, 3, { suspended: true })),
    after: (sim) => assert.equal(enrolmentOf(sim, 3, 7)?.suspended, false),
  },
  'enrol_manual_enrol_users.role-not-assignable': base(),
  'enrol_manual_enrol_users.suspend-flag': { setup: people(), after: (sim) => assert.equal(enrolmentOf(sim, 3, 7)?.suspended, true) },
  'enrol_manual_enrol_users.suspended-user': {
    setup: round2({ suspended1419: true }),
    after: (sim) => assert.deepEqual(enrolmentOf(sim, 5, 1419), { userId: 1419, roleId: 5, timeStart: 0, timeEnd: 0, suspended: false }),
  },
  'enrol_manual_enrol_users.timestart-future': {
    setup: round2(),
    after: (sim) => assert.equal(enrolmentOf(sim, 5, 1420)?.timeStart, 1798013829),
  },
  'enrol_manual_enrol_users.with-timestart-timeend': {
    setup: people(),
    after: (sim) => assert.deepEqual(enrolmentOf(sim, 2, 6), { userId: 6, roleId: 5, timeStart: 1767225600, timeEnd: 1798761600, suspended: false }),
  },
  'enrol_manual_unenrol_users.capability-missing': { setup: all(people(), enrol(4, 2), noCap('enrol/manual:unenrol')) },
  'enrol_manual_unenrol_users.course-without-manual-instance': base(),
  'enrol_manual_unenrol_users.happy': { setup: all(people(), enrol(5, 3)), after: (sim) => assert.equal(enrolmentOf(sim, 3, 5), undefined) },
  'enrol_manual_unenrol_users.never-enrolled': base(),
  'enrol_manual_unenrol_users.nonexistent-course': base(true),
  'enrol_manual_unenrol_users.nonexistent-user': base(true),
  'enrol_manual_unenrol_users.not-enrolled': base(),
  'enrol_manual_unenrol_users.with-roleid': base(),

  // --- users -------------------------------------------------------------------------------------
  'core_user_create_users.auth-webservice-nologin': { setup: people({ nextId: 13 }) },
  'core_user_create_users.batch-100-users': { setup: people({ nextId: 1418 }) },
  'core_user_create_users.batch-400-users': { setup: people({ nextId: 1018 }) },
  'core_user_create_users.batch-520-users': {
    setup: people({ nextId: 1518 }),
    after: (sim) => {
      const last = sim.findUsers((u) => u.username === 'mivb520-499')[0]
      assert.ok(last, 'user 499 was created')
      assert.deepEqual([...last.customfields], [['freefield1', 'a499']], 'user 499 lost its second custom field')
      assert.equal(sim.findUsers((u) => u.username.startsWith('mivb520-')).length, 500)
    },
  },
  'core_user_create_users.batch-second-invalid': {
    setup: people({ nextId: 11 }),
    after: (sim) => {
      assert.equal(sim.findUsers((u) => u.username === 'batch.ok').length, 0, 'rolled back')
      assert.equal(sim.state.nextUserId, 12, 'the rolled-back insert consumed id 11')
    },
  },
  'core_user_create_users.capability-missing': { setup: all(people(), noCap('moodle/user:create')) },
  'core_user_create_users.duplicate-email-case-different': base(),
  'core_user_create_users.duplicate-email': base(),
  'core_user_create_users.duplicate-idnumber': { setup: people({ nextId: 9 }) },
  'core_user_create_users.duplicate-username': base(),
  'core_user_create_users.empty-firstname': base(true),
  'core_user_create_users.empty-users-array': base(true),
  'core_user_create_users.firstname-with-diacritics-and-space': { setup: people({ nextId: 12 }) },
  'core_user_create_users.happy-minimal-createpassword': { setup: people({ nextId: 5 }) },
  'core_user_create_users.happy-two-users': { setup: people({ nextId: 6, phase: 'A' }) },
  'core_user_create_users.happy': {
    setup: people({ nextId: 4 }),
    after: (sim) => assert.equal(sim.checkPassword('jan.jansen', 'Welkom#2025'), true),
  },
  'core_user_create_users.invalid-auth': base(true),
  'core_user_create_users.invalid-email': base(true),
  'core_user_create_users.missing-email': base(true),
  'core_user_create_users.missing-firstname': base(true),
  'core_user_create_users.missing-lastname': base(true),
  'core_user_create_users.missing-password-no-createpassword': base(true),
  'core_user_create_users.unknown-customfield': { setup: people({ nextId: 10 }) },
  'core_user_create_users.username-allowed-specials': { setup: people({ nextId: 8 }) },
  'core_user_create_users.username-diacritics': base(true),
  'core_user_create_users.username-space': base(true),
  'core_user_create_users.username-uppercase': base(true),
  'core_user_create_users.weak-password': base(true),
  'core_user_get_users_by_field.admin': base(),
  'core_user_get_users_by_field.after-update-empty-firstname': base(),
  'core_user_get_users_by_field.after-update': base(),
  'core_user_get_users_by_field.by-email-uppercase': { setup: people({ phase: 'A' }) },
  'core_user_get_users_by_field.by-email': { setup: people({ phase: 'A' }) },
  'core_user_get_users_by_field.by-id': base(),
  'core_user_get_users_by_field.by-idnumber-duplicate': base(),
  'core_user_get_users_by_field.by-idnumber': { setup: people({ phase: 'A' }) },
  'core_user_get_users_by_field.by-username-uppercase': base(true),
  'core_user_get_users_by_field.by-username': base(),
  'core_user_get_users_by_field.capability-missing': {
    setup: all(people(), noCap('moodle/user:viewdetails', 'moodle/user:viewalldetails', 'moodle/user:viewhiddendetails')),
  },
  'core_user_get_users_by_field.empty-values': base(true),
  'core_user_get_users_by_field.invalid-field': base(true),
  'core_user_get_users_by_field.multiple-values': { setup: people({ phase: 'A' }) },
  'core_user_get_users_by_field.not-found': base(true),
  'core_user_get_users_by_field.showuseridentity-without-idnumber.by-idnumber': {
    setup: all(people(), late, (sim) => sim.setSetting('showuseridentity', ['email'])),
  },
  'core_user_get_users_by_field.showuseridentity-without-idnumber.by-username': {
    setup: all(people(), late, (sim) => sim.setSetting('showuseridentity', ['email'])),
  },
  'core_user_get_users_by_field.suspended-user': { setup: all(round2({ suspended1419: true }), late) },
  'core_user_get_users_by_field.username-after-failed-batch': base(true),
  'core_user_get_users_by_field.without-viewuseridentity': { setup: all(people(), noCap('moodle/site:viewuseridentity')) },
  // The record of the caller itself carries its preferences, _lastloaded being the load time.
  'core_user_get_users_by_field.ws-user-itself': { setup: all(people(), (sim) => sim.setNow(1795418776)) },
  'core_user_update_users.admin-user': base(),
  'core_user_update_users.capability-missing': { setup: all(people(), noCap('moodle/user:update')) },
  'core_user_update_users.change-customfields': {
    setup: people(),
    after: (sim) => assert.deepEqual([...(sim.userById(6)?.customfields ?? [])], [['freefield1', 'Afdeling Zuid'], ['freefield2', '']]),
  },
  'core_user_update_users.change-email-and-names': {
    setup: people({ phase: 'A' }),
    after: (sim) => assert.equal(sim.userById(6)?.email, 'anna.new@example.com'),
  },
  'core_user_update_users.change-idnumber': { setup: people({ phase: 'A' }), after: (sim) => assert.equal(sim.userById(7)?.idnumber, 'CV-1003-B') },
  'core_user_update_users.duplicate-email': base(),
  'core_user_update_users.duplicate-username': base(),
  // The debug text quotes the UPDATE with its timemodified.
  'core_user_update_users.duplicate-username.debuginfo': { setup: all(people(), (sim) => sim.setNow(1795418924)) },
  'core_user_update_users.empty-firstname': { setup: people({ phase: 'A' }), after: (sim) => assert.equal(sim.userById(7)?.firstname, '') },
  'core_user_update_users.invalid-email': base(),
  'core_user_update_users.mixed-valid-and-nonexistent': base(),
  'core_user_update_users.no-change': base(),
  'core_user_update_users.nonexistent-id': base(true),
  'core_user_update_users.suspend-before-enrol': { setup: round2(), after: (sim) => assert.equal(sim.userById(1419)?.suspended, true) },
  'core_user_update_users.suspend': { setup: people(), after: (sim) => assert.equal(sim.userById(13)?.suspended, true) },
  'core_user_update_users.username-taken': { setup: round2(), after: (sim) => assert.equal(sim.userById(1418)?.username, 'mivb100-0') },
  'core_user_update_users.username-unclean': { setup: round2(), realSafe: true },
  'core_user_update_users.username-uppercase': base(true),

  // --- third recording round (round-3/: deleted accounts, e-mail case, long names, debug output, polling) ---
  ...round3Setups,
}

/** The set-up of a case: its own entry, or for `X.debuginfo` the entry of X. */
export function setupFor(caseName: string): CaseSetup | undefined {
  return caseSetups[caseName] ?? (caseName.endsWith('.debuginfo') ? caseSetups[caseName.slice(0, -'.debuginfo'.length)] : undefined)
}
