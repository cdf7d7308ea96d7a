// Moodle's exception classes as the REST server serialises them.
// moodle_exception (lib/classes/exception/moodle_exception.php): message = get_string(errorcode, module) or
// "module/errorcode" when the string does not exist; with debugging on, " (debuginfo)" is appended to the
// message. Because nested invalid_parameter_exceptions embed getMessage() of the inner one, the debug flag
// must be known when an exception is built, exactly as in PHP.
import { exceptionClassOn, type VersionProfile } from './version-profile.ts'

export class MoodleException extends Error {
  constructor(
    /** PHP class name as it appears in the "exception" member. */
    readonly exceptionClass: string,
    /** Absent only for a leaked PHP Error (core_course_get_courses_by_field.ids-list). */
    readonly errorcode: string | undefined,
    message: string,
    readonly debuginfo: string | undefined,
  ) {
    super(message)
  }
}

/**
 * The per-request context every function receives; debug mirrors $CFG->debug = DEBUG_DEVELOPER, profile
 * the Moodle line (class names, "not found" codes).
 */
export interface ErrorContext {
  debug: boolean
  profile: VersionProfile
}

// Strings of lang/en/*.php the recorded errors use (get_string(errorcode, module)).
const strings: Record<string, string> = {
  'error/invalidparameter': 'Invalid parameter value detected',
  'error/invalidrecord': "Can't find data record in database table {$a}.",
  'error/invalidrecordunknown': "Can't find data record in database.",
  'error/invaliduser': 'Invalid user',
  'error/invaliduserid': 'Invalid user ID',
  'error/usernotupdatedadmin': 'Cannot update admin accounts',
  'error/useremailduplicate': 'Duplicate address',
  'error/dmlwriteexception': 'Error writing to database',
  'error/nopermissions': 'Sorry, but you do not currently have permissions to do that ({$a}).',
  'error/requireloginerror': 'Course or activity not accessible.',
  'error/codingerror': 'Coding error detected, it must be fixed by a programmer: {$a}',
  'error/sitepolicynotagreed': 'Site policy not agreed: <a href="{$a}">Click here to open the site policy.</a>',
  'error/cannotviewreport': 'You cannot view this report',
  'error/accessexception': 'Access control exception',
  'webservice/invalidtoken': 'Invalid token - token not found',
  'webservice/wsaccessuserdeleted': 'Refused web service access for deleted username: {$a}',
  'webservice/wsaccessusersuspended': 'Refused web service access for suspended username: {$a}',
  'enrol_manual/wsnoinstance': "Manual enrolment plugin instance doesn't exist or is disabled for the course (id = {$a->courseid})",
  'enrol_manual/wsusercannotassign': "You don't have the permission to assign this role ({$a->roleid}) to this user ({$a->userid}) in this course ({$a->courseid}).",
  'completion/usernotenroled': 'User is not enrolled in this course',
  'completion/nocriteriaset': 'No completion criteria set for this course',
  'completion/nottracked': 'You are currently not being tracked by completion in this course',
  'completion/noselfcompletioncriteria': 'No self completion criteria set for this course',
}

export function getString(errorcode: string, module: string, a?: string | Record<string, string | number>): string {
  const template = strings[`${module}/${errorcode}`]
  if (template === undefined) return `${module}/${errorcode}`
  if (a === undefined) return template
  if (typeof a === 'string') return template.replace('{$a}', a)
  return template.replace(/\{\$a->(\w+)\}/g, (_, key: string) => String(a[key] ?? ''))
}

function build(ctx: ErrorContext, cls: string, errorcode: string, module: string,
  a?: string | Record<string, string | number>, debuginfo?: string): MoodleException {
  let message = getString(errorcode, module, a)
  if (ctx.debug && debuginfo) message += ` (${debuginfo})`
  return new MoodleException(exceptionClassOn(ctx.profile, cls), errorcode, message, debuginfo || undefined)
}

export const moodleException = (ctx: ErrorContext, errorcode: string, module = 'error',
  a?: string | Record<string, string | number>, debuginfo?: string): MoodleException =>
  build(ctx, 'core\\exception\\moodle_exception', errorcode, module || 'error', a, debuginfo)

export const invalidParameter = (ctx: ErrorContext, debuginfo: string): MoodleException =>
  build(ctx, 'core\\exception\\invalid_parameter_exception', 'invalidparameter', 'error', undefined, debuginfo)

export const webserviceAccess = (ctx: ErrorContext, debuginfo: string): MoodleException =>
  build(ctx, 'webservice_access_exception', 'accessexception', 'error', undefined, debuginfo)

export const codingError = (ctx: ErrorContext, hint: string, debuginfo: string): MoodleException =>
  build(ctx, 'core\\exception\\coding_exception', 'codingerror', 'error', hint, debuginfo)

/** dml_write_exception: the database refused a write (round-3/core_user_create_users.lastname-107-chars). */
export const dmlWrite = (ctx: ErrorContext, debuginfo: string): MoodleException =>
  build(ctx, 'dml_write_exception', 'dmlwriteexception', 'error', undefined, debuginfo)

export const requireLogin = (ctx: ErrorContext): MoodleException =>
  build(ctx, 'core\\exception\\require_login_exception', 'requireloginerror', 'error')

// Capability display names (lang/en/role.php and plugin lang files) used by required_capability_exception.
const capabilityNames: Record<string, string> = {
  'moodle/user:create': 'Create users',
  'moodle/user:update': 'Update user profiles',
  'enrol/manual:enrol': 'Enrol users',
  'enrol/manual:unenrol': 'Unenrol users from the course',
  'moodle/cohort:assign': 'Add and remove cohort members',
  'moodle/cohort:view': 'View site-wide cohorts',
  'moodle/course:viewparticipants': 'View participants',
  'moodle/course:enrolreview': 'Review course enrolments',
  'report/completion:view': 'View course completion report',
}

export const requiredCapability = (ctx: ErrorContext, capability: string): MoodleException =>
  build(ctx, 'core\\exception\\required_capability_exception', 'nopermissions', 'error', capabilityNames[capability] ?? capability)

/** PHP var_export of a list, as dml exceptions print their query parameters. */
function varExportList(values: Array<string | number>): string {
  const lines = values.map((v, i) => `  ${i} => ${typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`},`)
  return `array (\n${lines.join('\n')}${lines.length ? '\n' : ''})`
}

/** dml_missing_record_exception: table "user" has its own errorcode (lib/dml/moodle_database.php). */
export function missingRecord(ctx: ErrorContext, table: string, sql: string, params: Array<string | number>): MoodleException {
  const debuginfo = `${sql}\n[${varExportList(params)}]`
  // 5.0 names neither table nor user while debugging is off (lib/dml/dml_missing_record_exception.php).
  if (ctx.profile.anonymousMissingRecord && !ctx.debug) {
    return build(ctx, 'dml_missing_record_exception', 'invalidrecordunknown', 'error', undefined, debuginfo)
  }
  if (table === 'user') return build(ctx, 'dml_missing_record_exception', 'invaliduser', 'error', undefined, debuginfo)
  return build(ctx, 'dml_missing_record_exception', 'invalidrecord', 'error', table, debuginfo)
}

/** The text "Access to the function X() is not allowed..." of webservice/lib.php, spacing as recorded. */
export function functionNotAllowedText(functionName: string): string {
  const pad = '                     '
  return `Access to the function ${functionName}() is not allowed.\n` +
    `${pad}There could be multiple reasons for this:\n` +
    `${pad}1. The service linked to the user token does not contain the function.\n` +
    `${pad}2. The service is user-restricted and the user is not listed.\n` +
    `${pad}3. The service is IP-restricted and the user IP is not listed.\n` +
    `${pad}4. The service is time-restricted and the time has expired.\n` +
    `${pad}5. The token is time-restricted and the time has expired.\n` +
    `${pad}6. The service requires a specific capability which the user does not have.\n` +
    `${pad}7. The function is called with username/password (no user token is sent)\n` +
    `${pad}and none of the services has the function to allow the user.\n` +
    `${pad}These settings can be found in Administration > Site administration\n` +
    `${pad}> Server > Web services > External services and Manage tokens.`
}

export function exceptionToJson(ex: MoodleException, debug: boolean): Record<string, string> {
  const out: Record<string, string> = { exception: ex.exceptionClass }
  if (ex.errorcode !== undefined) out['errorcode'] = ex.errorcode
  out['message'] = ex.message
  if (debug && ex.debuginfo !== undefined && ex.errorcode !== undefined) out['debuginfo'] = ex.debuginfo
  return out
}
