// The worlds a simulator can start from.
// 'recorded-site': the Moodle set-up the recordings were made on, as test/contracts/moodle/README.md
//   ("Moodle set-up used") describes it: ws user 3 with its web-service role (id 9) and the 13 required
//   capabilities, two services (id 2: the seven required functions; id 3: those plus the optional ones;
//   their names are options, the recordings call them after the site's own service), courses 2..5, cohorts 1..2,
//   profile fields freefield1/freefield2. Nothing else: the users the recordings created (4 jan.jansen ...)
//   are added by the contract fixtures, not here.
// 'empty': only what every Moodle has (guest 1, admin 2, standard roles, the mobile service) plus the ws
//   user and its token, so a sandbox can start clean.
import { seedFunctions } from '../required-functions.ts'
import { randomBytes } from 'node:crypto'
import { emptyState, type SimCourse, type SimState } from './state.ts'
import { versionProfiles, type VersionProfile } from './version-profile.ts'
import { insertUser } from './user-records.ts'

export type WorldName = 'recorded-site' | 'empty'

/** The 13 capabilities the set-up grants to the web-service role. */
export const seedCapabilities = [
  'enrol/manual:enrol',
  'enrol/manual:unenrol',
  'moodle/cohort:assign',
  'moodle/user:create',
  'moodle/user:viewdetails',
  'moodle/user:viewalldetails',
  'moodle/user:viewhiddendetails',
  'moodle/site:viewuseridentity',
  'moodle/course:useremail',
  'moodle/user:update',
  'moodle/course:view',
  'moodle/role:assign',
  'webservice/rest:use',
] as const

/** Capabilities added later in the recordings, only needed by the optional functions of the second service. */
export const plusCapabilities = ['moodle/cohort:view', 'moodle/course:viewparticipants', 'report/completion:view'] as const

/** The first recorded service holds exactly the seven required functions. */
export const coachviewFunctions = seedFunctions

/** In the order site_info listed them (the order they were added to the service). */
export const coachviewPlusFunctions = [
  ...coachviewFunctions,
  'core_webservice_get_site_info',
  'core_completion_get_course_completion_status',
  'core_course_get_courses_by_field',
  'core_cohort_get_cohorts',
  'core_cohort_search_cohorts',
  'core_enrol_get_enrolled_users',
  'core_completion_mark_course_self_completed',
  'core_enrol_get_users_courses',
] as const

const newToken = (): string => randomBytes(16).toString('hex')

// Standard roles of a Moodle install (mdl_role ids), names empty as in the DB: the UI derives them.
const standardRoles: Array<[number, string]> = [
  [1, 'manager'], [2, 'coursecreator'], [3, 'editingteacher'], [4, 'teacher'], [5, 'student'],
  [6, 'guest'], [7, 'user'], [8, 'frontpage'],
]

export interface WorldTokens {
  token: string
  plusToken: string
}

/** Shortnames of the two services: what the administrator called them on the site. */
export interface ServiceNames {
  main: string
  plus: string
}

export const defaultServiceNames: ServiceNames = { main: 'coursebridge', plus: 'coursebridge_plus' }

export function buildWorld(name: WorldName, now: number, services: ServiceNames = defaultServiceNames, profile: VersionProfile = versionProfiles['4.5']): { state: SimState; tokens: WorldTokens } {
  const state = emptyState(profile)
  for (const [id, shortname] of standardRoles) state.roles.set(id, { id, shortname, name: '', sortorder: id })
  state.roles.set(9, { id: 9, shortname: 'coursebridge_ws', name: 'coursebridge_ws', sortorder: 9 })
  state.assignableRoles.add(5)

  insertUser(state, { id: 1, username: 'guest', firstname: 'Guest user', lastname: ' ', email: 'root@localhost', timecreated: 0 }, now)
  insertUser(state, {
    id: 2, username: 'admin', password: 'Admin#2025', firstname: 'Admin', lastname: 'User', email: 'admin@example.com', timecreated: 0,
  }, now)
  state.adminIds.add(2)
  insertUser(state, {
    id: 3, username: 'wscoachview', firstname: 'Web service', lastname: 'Coachview', email: 'ws-coachview@example.com',
    auth: 'webservice', timecreated: 0, privateAccessKey: 'aaecc46d9630d4634baeff6fb5fa9bf0',
    // Moodle sets this preference on the ws user's first course access; the recordings show it.
    preferences: { last_time_enrolments_synced: '1795418750' },
  }, now)
  state.wsUserId = 3
  state.guestId = 1
  state.nextUserId = 4
  for (const cap of seedCapabilities) state.capabilities.add(cap)

  state.services.set(1, {
    id: 1, name: 'Moodle mobile web service', shortname: 'moodle_mobile_app', enabled: false,
    restrictedUsers: false, authorisedUsers: new Set(), functions: [],
  })
  state.services.set(2, {
    id: 2, name: services.main, shortname: services.main, enabled: true, restrictedUsers: true,
    authorisedUsers: new Set([3]), functions: [...coachviewFunctions],
  })
  state.services.set(3, {
    id: 3, name: services.plus, shortname: services.plus, enabled: true, restrictedUsers: true,
    authorisedUsers: new Set([3]), functions: [...coachviewPlusFunctions],
  })
  const tokens = { token: newToken(), plusToken: newToken() }
  state.tokens.set(tokens.token, { token: tokens.token, userId: 3, serviceId: 2, validUntil: 0, ipRestriction: '' })
  state.tokens.set(tokens.plusToken, { token: tokens.plusToken, userId: 3, serviceId: 3, validUntil: 0, ipRestriction: '' })

  if (name === 'recorded-site') addSeedContent(state)
  return { state, tokens }
}

function addSeedContent(state: SimState): void {
  state.profileFields.push(
    { shortname: 'freefield1', name: 'Free field 1', datatype: 'text' },
    { shortname: 'freefield2', name: 'Free field 2', datatype: 'text' },
  )
  const courseTime = 1795418720
  const course = (id: number, shortname: string, fullname: string, sortorder: number, manualEnrol: boolean,
    criteria: SimCourse['criteria']) => {
    state.courses.set(id, {
      id, shortname, fullname, idnumber: shortname, category: 1, sortorder, contextid: id + 10, visible: true,
      enablecompletion: true, manualEnrol, criteria, timemodified: courseTime,
    })
  }
  course(2, 'CV-E101', 'Coachview E-learning 101', 10004, true, [{ type: 'role', roleId: 1, roleName: 'Manager' }])
  course(3, 'CV-E102', 'Coachview E-learning 102', 10003, true, [{ type: 'self' }])
  course(4, 'CV-NOMANUAL', 'Course without manual enrolment', 10002, false, [])
  course(5, 'CV-NOCRIT', 'Completion enabled, no criteria', 10001, true, [])
  state.nextCourseId = 6
  const cohort = (id: number, idnumber: string, name: string) => {
    state.cohorts.set(id, { id, idnumber, name, description: '', contextid: 1, visible: true, component: '', members: new Set() })
  }
  cohort(1, 'CV-COHORT-A', 'Coachview cohort A')
  cohort(2, 'CV-COHORT-B', 'Coachview cohort B')
  state.nextCohortId = 3
}
