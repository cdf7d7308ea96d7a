// The real-Moodle mode of the tests (contract comparison, registration scenarios, real-LMS bench): which
// Moodle to talk to, read from the environment once, and a small REST client for setting data up there.
//
//   MOODLE_URL        the site's wwwroot (http://moodle.example.org, no trailing /webservice)
//   MOODLE_TOKEN      a token of the service with the seven required functions
//   MOODLE_PLUS_TOKEN optional: a token of a service that also has the optional functions (site info, courses,
//                     cohorts, enrolled users, completion) — needed to find the set-up courses and cohorts and
//                     to look at enrolments; cases and scenarios that need it are skipped without it
//   MOODLE_COURSE_ID  optional: the id of a course with a manual enrolment instance (the registration scenarios
//                     enrol there; without it they look up the course with shortname CV-E101 via the plus token)
//   MOODLE_VERSION    4.1 | 4.5 (default) | 5.0: which recording the contract cases are compared with
//   MOODLE_COMPLETE_COMMAND optional: a shell command that marks a course complete for an account, run with the
//                     Moodle user id and course id appended (scripts/real-moodle-complete.php does it on a site
//                     this machine can reach by PHP); without it the completion scenario is skipped
//
// Everything the tests create there is named with a unique prefix per run (runPrefix()), so it can be found
// and removed afterwards (README, Development: "A real Moodle").
import { randomBytes } from 'node:crypto'

export interface RealMoodle {
  url: string
  token: string
  plusToken?: string
  courseId?: number
  version: string
  completeCommand?: string
}

export const realMoodleVariables = 'MOODLE_URL and MOODLE_TOKEN'

/** The real Moodle the environment names, or null (then the real-Moodle tests are skipped with a reason). */
export function realMoodleFromEnv(env: NodeJS.ProcessEnv = process.env): RealMoodle | null {
  const url = env['MOODLE_URL']?.trim()
  const token = env['MOODLE_TOKEN']?.trim()
  if (!url || !token) return null
  const courseId = env['MOODLE_COURSE_ID']?.trim()
  if (courseId && !/^[1-9][0-9]*$/.test(courseId)) throw new Error(`MOODLE_COURSE_ID must be a course id, got ${courseId}`)
  return {
    url: url.replace(/\/+$/, ''),
    token,
    ...(env['MOODLE_PLUS_TOKEN']?.trim() ? { plusToken: env['MOODLE_PLUS_TOKEN'].trim() } : {}),
    ...(courseId ? { courseId: Number(courseId) } : {}),
    version: env['MOODLE_VERSION']?.trim() || '4.5',
    ...(env['MOODLE_COMPLETE_COMMAND']?.trim() ? { completeCommand: env['MOODLE_COMPLETE_COMMAND'].trim() } : {}),
  }
}

/** Why the real-Moodle tests do not run (for node:test's `skip: reason`). */
export const realMoodleMissingReason = `${realMoodleVariables} are not set: real-Moodle mode skipped (README, Development: "A real Moodle")`

/**
 * A prefix for everything one run creates: lower-case letters, digits and '-', valid at the start of a Moodle
 * username, an e-mail local part and an idnumber. "cbt-" + 6 random base-36 characters + "-".
 */
export function runPrefix(): string {
  const n = randomBytes(5).readUIntBE(0, 5)
  return `cbt-${n.toString(36).padStart(6, '0').slice(-6)}-`
}

export type RestParams = Array<[string, string | number]>

export interface RestAnswer {
  status: number
  contentType: string
  body: string
}

/** One REST call, parameters form-encoded in the order given (as coursebridge and the recordings send them). */
export async function moodleRest(site: { url: string }, token: string, wsfunction: string, params: RestParams = []): Promise<RestAnswer> {
  const body = new URLSearchParams([['wstoken', token], ['wsfunction', wsfunction], ['moodlewsrestformat', 'json'],
    ...params.map(([k, v]): [string, string] => [k, String(v)])])
  const res = await fetch(`${site.url}/webservice/rest/server.php`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body,
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }
}

/** A REST call whose answer must be JSON without an exception; returns the parsed answer. */
export async function moodleCall<T = unknown>(site: { url: string }, token: string, wsfunction: string, params: RestParams = []): Promise<T> {
  const answer = await moodleRest(site, token, wsfunction, params)
  let json: unknown
  try {
    json = JSON.parse(answer.body)
  } catch {
    throw new Error(`${wsfunction}: HTTP ${answer.status}, not JSON: ${answer.body.slice(0, 200)}`)
  }
  if (json && typeof json === 'object' && 'exception' in json) {
    const e = json as { errorcode?: string; message?: string; debuginfo?: string }
    throw new Error(`${wsfunction}: ${e.errorcode ?? 'exception'}: ${e.message ?? ''}${e.debuginfo ? ` (${e.debuginfo})` : ''}`)
  }
  return json as T
}

/**
 * Whether the site shows debugging information (DEBUG_DEVELOPER + debugdisplay): a call Moodle refuses at
 * parameter validation (no side effect) carries "debuginfo" only then.
 */
export async function siteShowsDebugInfo(site: RealMoodle): Promise<boolean> {
  const answer = await moodleRest(site, site.token, 'core_user_get_users_by_field', [['field', 'no-such-field'], ['values[0]', 'x']])
  try {
    const json = JSON.parse(answer.body) as Record<string, unknown>
    return typeof json['debuginfo'] === 'string'
  } catch {
    return false
  }
}

/** Finds a course by shortname with the plus token (core_course_get_courses_by_field). */
export async function findCourseId(site: RealMoodle, shortname: string): Promise<number | undefined> {
  if (!site.plusToken) return undefined
  const found = await moodleCall<{ courses: Array<{ id: number; shortname: string }> }>(site, site.plusToken, 'core_course_get_courses_by_field',
    [['field', 'shortname'], ['value', shortname]])
  return found.courses.find((c) => c.shortname === shortname)?.id
}

/** Finds a system cohort by idnumber with the plus token (core_cohort_search_cohorts). */
export async function findCohortId(site: RealMoodle, idnumber: string): Promise<number | undefined> {
  if (!site.plusToken) return undefined
  const found = await moodleCall<{ cohorts: Array<{ id: number; idnumber: string }> }>(site, site.plusToken, 'core_cohort_search_cohorts',
    [['query', idnumber], ['context[contextid]', 1], ['includes', 'all']])
  return found.cohorts.find((c) => c.idnumber === idnumber)?.id
}
