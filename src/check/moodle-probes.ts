// Side-effect-free questions to a Moodle site, and what their answers prove. Moodle's REST server
// answers in a fixed order (webservice/lib.php, recorded in contracts/moodle): token → webservice/rest:use
// → function in the token's service (accessexception) → parameter validation (invalidparameter) →
// the function body, which checks context, site policy and capabilities before it writes anything.
// So a call without parameters tells "in the service" from "not in the service", and a call with
// valid parameters that the body is bound to refuse reaches the capability checks and no further.
import { LmsError } from '../lms/lms-adapter.ts'
import type { MoodleParams, MoodleRestClient } from '../lms/moodle/moodle-rest-client.ts'

export type Answer = { ok: true; value: unknown } | { ok: false; error: LmsError }

export async function ask(client: MoodleRestClient, fn: string, params: MoodleParams = {}): Promise<Answer> {
  try {
    return { ok: true, value: await client.call(fn, params) }
  } catch (error) {
    if (error instanceof LmsError) return { ok: false, error }
    throw error
  }
}

export const errorCode = (answer: Answer): string | null => (answer.ok ? null : answer.error.code)

/** Codes that mean the call never got past the REST server's gate (same for every function). */
export const gateCodes = new Set(['MOODLE_ACCESS_EXCEPTION', 'MOODLE_TOKEN_EXPIRED', 'MOODLE_TOKEN_IP_RESTRICTED'])

export { seedFunctions, type SeedFunction } from '../lms/moodle/required-functions.ts'

export const optionalFunctions = ['core_webservice_get_site_info', 'core_completion_get_course_completion_status'] as const

/** The thirteen capabilities the web-service role needs, with the names Moodle's role editor shows. */
export const seedCapabilities = [
  ['enrol/manual:enrol', 'Enrol users'],
  ['enrol/manual:unenrol', 'Unenrol users from the course'],
  ['moodle/cohort:assign', 'Add and remove cohort members'],
  ['moodle/user:create', 'Create users'],
  ['moodle/user:viewdetails', 'View user profiles'],
  ['moodle/user:viewalldetails', 'View user full information'],
  ['moodle/user:viewhiddendetails', 'View hidden user details'],
  ['moodle/site:viewuseridentity', 'See full user identity in lists'],
  ['moodle/course:useremail', 'Enable/disable email addresses'],
  ['moodle/user:update', 'Update user profiles'],
  ['moodle/course:view', 'View courses without participation'],
  ['moodle/role:assign', 'Assign roles to users'],
  ['webservice/rest:use', 'Use REST protocol'],
] as const
export type SeedCapability = (typeof seedCapabilities)[number][0]

/**
 * Needed on Moodle 4.1 and 5.0 on top of the thirteen: without it user records come without firstname and lastname
 * (versions/4.1 and versions/5.0 READMEs). Moodle 4.5 returns the names anyway; allowing it there does no harm.
 */
export const viewFullnames = ['moodle/site:viewfullnames', 'See full names of users'] as const

/**
 * create_users that the body refuses after require_capability('moodle/user:create'): the username of
 * the guest account (exists on every Moodle, cannot be deleted), an empty first name and an invalid
 * e-mail address. Any one of them stops it before a record is written (contract:
 * core_user_create_users.empty-firstname, .duplicate-username, .invalid-email), and the whole call
 * runs in one transaction anyway.
 */
export const createProbe: MoodleParams = {
  users: [{ username: 'guest', password: 'Never-used-9!', firstname: '', lastname: '', email: 'not-an-address', auth: 'manual' }],
}

/** update_users for user id 0 (never a Moodle id): require_capability, then a per-user "invaliduserid" warning. */
export const updateProbe: MoodleParams = { users: [{ id: 0 }] }

/**
 * enrol / unenrol user 0 in a real course: Moodle checks course access (moodle/course:view), the
 * enrol capability, the assignable role and the manual instance, then fails on the missing user
 * (contract: enrol_manual_enrol_users.nonexistent-user) inside its delegated transaction.
 */
export const enrolProbe = (courseId: string, roleId: string): MoodleParams => ({ enrolments: [{ roleid: roleId, userid: 0, courseid: courseId }] })
export const unenrolProbe = (courseId: string): MoodleParams => ({ enrolments: [{ userid: 0, courseid: courseId }] })

/**
 * add_cohort_members to a real cohort with usertype "email": Moodle checks moodle/cohort:assign, then
 * refuses the user type with warning 1 and adds nobody (contract: core_cohort_add_cohort_members.invalid-usertype).
 */
export const cohortProbe = (by: 'id' | 'idnumber', value: string): MoodleParams => ({
  members: [{ cohorttype: { type: by, value }, usertype: { type: 'email', value: 'coursebridge-check@example.invalid' } }],
})

/**
 * login/token.php checks enablewebservices before anything else but ignores the REST protocol, so
 * it tells the two "HTTP 403, empty body" causes apart. Asked only after such a 403, with an empty
 * user name: no account can be locked out by it (Moodle logs one failed log-in).
 */
export async function webServicesSwitch(baseUrl: string, timeoutMs: number, fetchImpl: typeof fetch): Promise<'on' | 'off' | 'unknown'> {
  try {
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/login/token.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ username: '', password: 'coursebridge-check', service: 'coursebridge' }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const answer = JSON.parse(await response.text()) as { errorcode?: unknown; token?: unknown }
    if (answer.errorcode === 'enablewsdescription') return 'off'
    return typeof answer.errorcode === 'string' || typeof answer.token === 'string' ? 'on' : 'unknown'
  } catch {
    return 'unknown'
  }
}
