// The simulated Moodle database: plain records in maps, owned by one simulator instance (no globals).
// Field names follow Moodle's tables (mdl_user, mdl_user_enrolments, mdl_cohort ...) so the function
// files read like the PHP they imitate.
import { versionProfiles, type VersionProfile } from './version-profile.ts'

export interface SimUser {
  id: number
  username: string
  /** sha256(salt + password), or '' when Moodle holds no usable password (createpassword, external auth). */
  passwordHash: string
  passwordSalt: string
  firstname: string
  lastname: string
  email: string
  auth: string
  idnumber: string
  department: string
  institution: string
  city: string
  country: string
  suspended: boolean
  confirmed: boolean
  deleted: boolean
  lang: string
  theme: string
  timezone: string
  mailformat: number
  maildisplay: number
  trackforums: number
  firstaccess: number
  lastaccess: number
  timecreated: number
  timemodified: number
  policyagreed: boolean
  /** Custom profile field values by shortname (only fields that exist are stored). */
  customfields: Map<string, string>
  preferences: Map<string, string | number>
  /** userprivateaccesskey of core_webservice_get_site_info. */
  privateAccessKey: string
}

export interface SimProfileField {
  shortname: string
  name: string
  datatype: string
}

export interface SimCourse {
  id: number
  shortname: string
  fullname: string
  idnumber: string
  category: number
  sortorder: number
  contextid: number
  visible: boolean
  enablecompletion: boolean
  /** Manual enrolment instance present and enabled. */
  manualEnrol: boolean
  /** Completion criteria: role = "manual completion by others" (type 7), self = self completion (type 1). */
  criteria: Array<{ type: 'role'; roleId: number; roleName: string } | { type: 'self' }>
  timemodified: number
}

export interface SimEnrolment {
  userId: number
  courseId: number
  roleIds: number[]
  timeStart: number
  timeEnd: number
  /** user_enrolments.status: 0 active, 1 suspended. */
  status: 0 | 1
  timeCreated: number
  timeModified: number
}

export interface SimCompletion {
  /** course_completions.timecompleted, null while not complete. */
  timeCompleted: number | null
  grade?: number
  /** Criterion ticks by criterion index (role / self criterion completed at). */
  criteria: Map<number, number>
  /** Set when a criterion was ticked; the completion cron aggregates only rows older than its start. */
  reaggregate: number
}

export interface SimCohort {
  id: number
  name: string
  idnumber: string
  description: string
  contextid: number
  visible: boolean
  component: string
  members: Set<number>
}

export interface SimService {
  id: number
  name: string
  shortname: string
  enabled: boolean
  restrictedUsers: boolean
  authorisedUsers: Set<number>
  functions: string[]
}

export interface SimToken {
  token: string
  userId: number
  serviceId: number
  validUntil: number
  ipRestriction: string
}

export interface SimRole {
  id: number
  shortname: string
  name: string
  sortorder: number
}

export interface SimEvent {
  eventname: string
  data: Record<string, unknown>
}

export interface SimSettings {
  enablewebservices: boolean
  webserviceprotocols: string[]
  enablemobilewebservice: boolean
  showuseridentity: string[]
  debug: boolean
  allowaccountssameemail: boolean
  sitename: string
  /** The site's short name (mail sender "… (via <shortname>)"). */
  siteshortname: string
  /** Revision in theme image URLs (profileimageurl); Moodle bumps it when caches are purged. */
  themerev: number
  /** Password policy (Moodle defaults). */
  passwordpolicy: boolean
  minpasswordlength: number
  minpassworddigits: number
  minpasswordlower: number
  minpasswordupper: number
  minpasswordnonalphanum: number
  sitePolicyCompulsory: boolean
  /**
   * $CFG->debugsmtp ("Debug email sending"): PHPMailer echoes the SMTP conversation of every mail Moodle sends
   * during a call in front of the JSON (recorded: round-3 core_user_create_users.debugsmtp-output-before-json).
   */
  debugsmtp: boolean
  /** $CFG->smtphosts, shown in the debugsmtp transcript. */
  smtphosts: string
  noreplyaddress: string
  /** Theme images as SVG; 4.1 decides by the client's user agent, and REST clients mostly get "_s" (non-SVG) URLs. */
  svgicons: boolean
  /** $CFG->dirroot: shows in PHP errors that leak (5.0's TypeError on enrolling an unknown user id). */
  dirroot: string
}

export interface SimState {
  /** The Moodle line this site plays (see version-profile.ts). */
  profile: VersionProfile
  settings: SimSettings
  users: Map<number, SimUser>
  usernames: Map<string, number>
  /** Lower-cased e-mail → user ids, for Moodle's case-insensitive uniqueness check. */
  emails: Map<string, Set<number>>
  /** idnumber → user ids (idnumber is not unique in Moodle). */
  idnumbers: Map<string, Set<number>>
  nextUserId: number
  profileFields: SimProfileField[]
  courses: Map<number, SimCourse>
  nextCourseId: number
  enrolments: Map<string, SimEnrolment>
  completions: Map<string, SimCompletion>
  nextCompletionId: number
  cohorts: Map<number, SimCohort>
  nextCohortId: number
  roles: Map<number, SimRole>
  /** Roles the ws role may assign (role_allow_assign). */
  assignableRoles: Set<number>
  /** Capabilities of the ws user's role in the system context. */
  capabilities: Set<string>
  services: Map<number, SimService>
  tokens: Map<string, SimToken>
  adminIds: Set<number>
  guestId: number
  wsUserId: number
  events: SimEvent[]
}

export const enrolmentKey = (courseId: number, userId: number): string => `${courseId}:${userId}`

export function defaultSettings(profile: VersionProfile = versionProfiles['4.5']): SimSettings {
  return {
    enablewebservices: true,
    webserviceprotocols: ['rest'],
    enablemobilewebservice: false,
    showuseridentity: ['email', 'idnumber'],
    debug: false,
    allowaccountssameemail: false,
    sitename: 'Coachview Contract Moodle',
    siteshortname: 'coachview',
    themerev: 1795418657,
    passwordpolicy: true,
    minpasswordlength: 8,
    minpassworddigits: 1,
    minpasswordlower: 1,
    minpasswordupper: 1,
    minpasswordnonalphanum: 1,
    sitePolicyCompulsory: false,
    debugsmtp: false,
    smtphosts: '127.0.0.1:3125',
    noreplyaddress: 'noreply@example.com',
    svgicons: profile.svgIconsForRestClients,
    dirroot: '/var/www/moodle',
  }
}

export function emptyState(profile: VersionProfile = versionProfiles['4.5']): SimState {
  return {
    profile,
    settings: defaultSettings(profile),
    users: new Map(),
    usernames: new Map(),
    emails: new Map(),
    idnumbers: new Map(),
    nextUserId: 1,
    profileFields: [],
    courses: new Map(),
    nextCourseId: 2,
    enrolments: new Map(),
    completions: new Map(),
    nextCompletionId: 1,
    cohorts: new Map(),
    nextCohortId: 1,
    roles: new Map(),
    assignableRoles: new Set(),
    capabilities: new Set(),
    services: new Map(),
    tokens: new Map(),
    adminIds: new Set(),
    guestId: 1,
    wsUserId: 0,
    events: [],
  }
}
