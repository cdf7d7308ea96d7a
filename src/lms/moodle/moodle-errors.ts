// Every way a Moodle call can fail, as a stable code with kind, title, cause and fix. The code is also
// the notification code; the fix names the Moodle menu path and the admin URL (relative to the site).
// Classification reads Moodle's errorcode, never our own messages; it looks at Moodle's message text
// only where Moodle puts the facts nowhere else (the capability name, the course id, debuginfo).
import { LmsError, type ErrorKind, type ErrorScope } from '../lms-adapter.ts'
import type { MoodleException, MoodleWarning } from './moodle-types.ts'

export interface CatalogueEntry {
  kind: ErrorKind
  /** Only where it differs from LmsError's default (needs-admin/retryable → connection, permanent → record). */
  scope?: ErrorScope
  title: string
  cause: string
  fix: string
}

const services = 'Site administration > Server > Web services > External services'
const rolesPath = 'Site administration > Users > Permissions > Define roles > (the role you gave the web-service user)'

export const moodleErrorCatalogue = {
  MOODLE_WEBSERVICES_DISABLED: {
    kind: 'needs-admin',
    title: 'Moodle web services or the REST protocol are switched off',
    cause: 'Moodle answered HTTP 403 with an empty page. It does so when "Enable web services" is off or the REST protocol is not enabled.',
    fix: 'Turn on Site administration > General > Advanced features > Enable web services (/admin/search.php?query=enablewebservices) ' +
      'and enable REST in Site administration > Server > Web services > Manage protocols (/admin/settings.php?section=webserviceprotocols).',
  },
  MOODLE_INVALID_TOKEN: {
    kind: 'needs-admin',
    title: 'Moodle does not know the web-service token',
    cause: 'The token in the connection does not exist in Moodle (mistyped, deleted, or expired and removed by Moodle on first use).',
    fix: 'Create a token for the web-service user and the web service you created for coursebridge in Site administration > Server > Web services > ' +
      'Manage tokens (/admin/webservice/tokens.php) and enter it in the connection.',
  },
  MOODLE_ACCESS_EXCEPTION: {
    kind: 'needs-admin',
    title: 'Moodle refused access to the web-service function',
    cause: 'Moodle gives the same "Access control exception" for: the function is not in the service; the web-service user lacks ' +
      'webservice/rest:use; the service is disabled or the user is not among its authorised users; the token has expired; ' +
      'the token is restricted to other IP addresses.',
    fix: `Check in this order: ${services} > (the web service you created for coursebridge) > Functions (/admin/webservice/service_functions.php?id=<service id>) lists the function; ` +
      `the service is enabled and the web-service user is under Authorised users (/admin/webservice/service_users.php?id=<service id>); ` +
      `${rolesPath} allows webservice/rest:use (/admin/roles/manage.php); the token in Manage tokens (/admin/webservice/tokens.php) ` +
      'has no "Valid until" in the past and no IP restriction that excludes coursebridge. Turning on debugging ' +
      '(/admin/settings.php?section=debugging, Developer) makes Moodle name the reason.',
  },
  MOODLE_FUNCTION_NOT_IN_SERVICE: {
    kind: 'needs-admin',
    title: 'A web-service function coursebridge needs is not in the Moodle service',
    cause: 'Moodle refused the function with "Access control exception" while other functions work, so the function is most likely ' +
      'missing from the service (a disabled service, expired token or IP restriction give the same answer).',
    fix: `Add the function named in the details in ${services} > (the web service you created for coursebridge) > Functions > Add functions ` +
      '(/admin/webservice/service_functions.php?id=<service id>), or avoid it as the message says.',
  },
  MOODLE_TOKEN_EXPIRED: {
    kind: 'needs-admin',
    title: 'The Moodle web-service token has expired',
    cause: 'The token has a "Valid until" date in the past; Moodle deletes such a token on its first use.',
    fix: 'Create a new token without "Valid until" in Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php) and enter it in the connection.',
  },
  MOODLE_TOKEN_IP_RESTRICTED: {
    kind: 'needs-admin',
    title: 'The Moodle token does not allow calls from coursebridge’s address',
    cause: 'The token has an IP restriction that does not include the address coursebridge calls from.',
    fix: 'Edit the IP restriction of the token in Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php), or create a token without it.',
  },
  MOODLE_UNKNOWN_FUNCTION: {
    kind: 'needs-admin',
    title: 'This Moodle does not have the web-service function',
    cause: 'Moodle has no external function of that name (an older Moodle version, or a plugin that is not installed).',
    fix: 'Check the Moodle version in Site administration > Notifications (/admin/index.php); coursebridge needs Moodle 3.0 or later.',
  },
  MOODLE_CAPABILITY_MISSING: {
    kind: 'needs-admin',
    title: 'The Moodle web-service user lacks a capability',
    cause: 'The role of the web-service user does not allow the capability named in the details.',
    fix: `Allow the capability in ${rolesPath} (/admin/roles/manage.php, edit the role, filter for the capability, tick Allow, Save changes).`,
  },
  MOODLE_USER_LOOKUP_BLIND: {
    kind: 'needs-admin',
    title: 'The Moodle web-service user cannot see accounts (moodle/user:viewdetails missing)',
    cause: 'Looking accounts up returned nothing, not even an account that exists. Without moodle/user:viewdetails ("View user ' +
      'profiles") Moodle answers every lookup with an empty list instead of an error, so every person would look new and get a ' +
      'second account. coursebridge created nothing and paused the connection.',
    fix: `Allow moodle/user:viewdetails (and moodle/user:viewalldetails, moodle/user:viewhiddendetails) in ${rolesPath} ` +
      '(/admin/roles/manage.php), then resume the connection; run the connection check to confirm.',
  },
  MOODLE_REQUIRE_LOGIN: {
    kind: 'needs-admin',
    title: 'Moodle says the course is not accessible to the web-service user',
    cause: 'The web-service user may not see courses without being enrolled: its role lacks moodle/course:view.',
    fix: `Allow moodle/course:view ("See courses without participating") in ${rolesPath} (/admin/roles/manage.php).`,
  },
  MOODLE_ROLE_NOT_ASSIGNABLE: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The Moodle web-service user may not assign this role',
    cause: 'Enrolling needs moodle/role:assign and the target role among the roles the web-service role may assign; a role id that does not exist gives the same error.',
    fix: `Allow moodle/role:assign in ${rolesPath} (/admin/roles/manage.php), tick the role (e.g. Student) for the web-service role in ` +
      'Site administration > Users > Permissions > Define roles > Allow role assignments (/admin/roles/allow.php?mode=assign), ' +
      'and check the role id in the course definition (Student is 5 on a standard Moodle).',
  },
  MOODLE_NO_MANUAL_ENROL_INSTANCE: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The course has no active manual enrolment',
    cause: 'The "Manual enrolments" method is missing or disabled in the course, or disabled for the whole site.',
    fix: 'Add or enable "Manual enrolments" in the course: Course > Participants > Enrolment methods (/enrol/instances.php?id=<course id>); ' +
      'it must also be enabled in Site administration > Plugins > Enrolments > Manage enrol plugins (/admin/settings.php?section=manageenrols).',
  },
  MOODLE_SITE_POLICY_NOT_AGREED: {
    kind: 'needs-admin',
    title: 'The Moodle web-service user has not agreed to the site policy',
    cause: 'A compulsory site policy is active and the web-service user (whose authentication is not "Web services authentication") has not accepted it.',
    fix: 'Accept the policy on behalf of the web-service user in Site administration > Users > Privacy and policies > User agreements ' +
      '(/admin/tool/policy/acceptances.php), or set the user’s authentication to "Web services authentication".',
  },
  MOODLE_WEAK_PASSWORD: {
    kind: 'needs-admin',
    title: 'Moodle refused the generated password under its password policy',
    cause: 'The Moodle password policy asks more than the password coursebridge generated (length, digits, upper case or special characters).',
    fix: 'Compare Site administration > Security > Site security settings > Password policy (/admin/settings.php?section=sitepolicies) ' +
      'with the password settings of the connection and make coursebridge’s at least as strict.',
  },
  MOODLE_USERNAME_TAKEN: {
    kind: 'permanent',
    title: 'Another Moodle account already has this login name',
    cause: 'The login name is in use by an account with another (or no) ID number, so Moodle refused to create the account.',
    fix: 'Check the account in Site administration > Users > Browse list of users (/admin/user.php): if it is this person, enter the ' +
      'external key as its ID number; otherwise run the registration again so coursebridge picks a numbered login name.',
  },
  MOODLE_EMAIL_TAKEN: {
    kind: 'permanent',
    title: 'Another Moodle account already has this e-mail address',
    cause: 'Moodle refuses a second account with the same e-mail address (compared without case) unless "Allow accounts with same email" is on.',
    fix: 'Find the account in Site administration > Users > Browse list of users (/admin/user.php): if it is this person, enter the ' +
      'external key as its ID number so coursebridge reuses it; otherwise correct the e-mail address in the training system.',
  },
  MOODLE_EMAIL_TAKEN_OTHER_CASE: {
    kind: 'permanent',
    title: 'Moodle refused the account: its e-mail address is likely taken in other letter case',
    cause: 'The login name is free and the data passed coursebridge\'s checks, so the likeliest reason is the e-mail address: Moodle ' +
      'refuses an address that another account holds in any mix of upper and lower case, but finds accounts by e-mail only in the exact ' +
      'spelling, so coursebridge could not name the account (it tried the address as sent, in lower and in upper case).',
    fix: 'Search the address in Site administration > Users > Browse list of users (/admin/user.php), whose filter ignores case: if the ' +
      'account is this person\'s, enter the external key as its ID number (or let coursebridge adopt it); otherwise correct the e-mail ' +
      'address in the training system. Then retry the registration.',
  },
  MOODLE_EMAIL_INVALID: {
    kind: 'permanent',
    title: 'Moodle refused the e-mail address as invalid',
    cause: 'The address does not pass Moodle’s validate_email().',
    fix: 'Correct the e-mail address of the person in the training system.',
  },
  MOODLE_LOGIN_NAME_UNCLEAN: {
    kind: 'permanent',
    title: 'The login name has characters Moodle refuses',
    cause: 'Moodle accepts only lower-case a-z, digits and . _ - @ in a username and refuses (does not clean) anything else, even in a lookup.',
    fix: 'This is a coursebridge error (names are cleaned before the call): report it with the details.',
  },
  MOODLE_INVALID_PARAMETER: {
    kind: 'permanent',
    title: 'Moodle refused a value in the request',
    cause: 'Moodle answers "Invalid parameter value detected" for many reasons: a login name or e-mail address that is taken, an empty ' +
      'first name, an invalid e-mail address, a course that does not exist, a value in the wrong format, or a request that PHP ' +
      'cut off in the middle of a record because it had more form fields than max_input_vars allows.',
    fix: 'Check the person’s data and the course definition. Turning on debugging (/admin/settings.php?section=debugging, Developer) ' +
      'makes Moodle name the reason in the details.',
  },
  MOODLE_INVALID_USER: {
    kind: 'permanent',
    title: 'The Moodle account does not exist (any more)',
    cause: 'Moodle has no account with the user id coursebridge remembered; it was probably deleted in Moodle.',
    fix: 'Run the registration again: coursebridge looks the person up by external key and creates the account anew if it is gone.',
  },
  MOODLE_ADMIN_NOT_UPDATABLE: {
    kind: 'permanent',
    title: 'Moodle does not let web services change an administrator',
    cause: 'The account is a site administrator; update_users refuses to change it.',
    fix: 'Do not link an administrator account to a training participant: give the person their own account (another ID number) in Moodle.',
  },
  MOODLE_DATABASE_WRITE_ERROR: {
    kind: 'permanent',
    title: 'Moodle could not store the change',
    cause: 'Moodle’s database refused the update, most often because the new login name is already used by another account.',
    fix: 'Check for another account with the same login name in Site administration > Users > Browse list of users (/admin/user.php).',
  },
  MOODLE_COURSE_NOT_FOUND: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The Moodle course does not exist',
    cause: 'No course has the id, short name or ID number the course definition names.',
    fix: 'Correct the Moodle course in the course definition; the id is in the course URL (/course/view.php?id=<course id>).',
  },
  MOODLE_COHORT_NOT_FOUND: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The Moodle cohort does not exist',
    cause: 'No cohort has the id or ID number the course definition names.',
    fix: 'Correct the cohort in the course definition; see Site administration > Users > Accounts > Cohorts (/cohort/index.php).',
  },
  MOODLE_RECORD_MISSING: {
    kind: 'permanent',
    title: 'Moodle could not find a record the request refers to',
    cause: 'Moodle answered "Can\'t find data record in database" — for the table named in the details, or (Moodle 5.0 with ' +
      'debugging off) without saying which: a course, cohort, account or web-service function that does not exist.',
    fix: 'Check that the course, cohort and account of the registration still exist in Moodle.',
  },
  MOODLE_ENROLMENT_STATUS_UNREADABLE: {
    kind: 'needs-admin',
    scope: 'record',
    title: 'New enrolment period not sent: Moodle’s suspension state is not readable',
    cause: 'Moodle’s enrol call sets the period and the suspension together: sent blind, it would lift a suspension an ' +
      'administrator made in Moodle. Reading it needs core_enrol_get_enrolled_users with moodle/course:viewparticipants and ' +
      'moodle/course:enrolreview, which the web-service user does not have. Nothing was sent; the old period stays.',
    fix: `Add core_enrol_get_enrolled_users to the service (${services}, /admin/webservice/service_functions.php?id=<service id>) and allow ` +
      `moodle/course:viewparticipants and moodle/course:enrolreview in ${rolesPath} (/admin/roles/manage.php), then retry the registration; ` +
      'or change the dates of the enrolment in the course’s Participants page by hand.',
  },
  MOODLE_USER_NOT_ENROLLED: {
    kind: 'permanent',
    title: 'The participant is not enrolled in the Moodle course',
    cause: 'Completion is asked for a user who is not (or no longer) enrolled in the course.',
    fix: 'Check the enrolment in Course > Participants; grant access again if it was removed by mistake.',
  },
  MOODLE_NO_COMPLETION_CRITERIA: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The Moodle course has no completion criteria',
    cause: 'Without criteria Moodle never marks the course complete, so no result can come back.',
    fix: 'Set completion criteria in Course > Course completion (/course/completion.php?id=<course id>) with completion tracking enabled.',
  },
  MOODLE_CANNOT_VIEW_REPORT: {
    kind: 'needs-admin',
    title: 'The Moodle web-service user may not read course completion',
    cause: 'Reading completion status needs report/completion:view, which a web-service role with only the required capabilities does not have.',
    fix: `Allow report/completion:view in ${rolesPath} (/admin/roles/manage.php), and add core_completion_get_course_completion_status to ` +
      `the service (${services}, /admin/webservice/service_functions.php?id=<service id>).`,
  },
  MOODLE_CODING_ERROR: {
    kind: 'permanent',
    title: 'Moodle reported a programming error in the request',
    cause: 'coursebridge sent a request Moodle considers a coding error (e.g. an unsupported lookup field).',
    fix: 'This is a coursebridge error: report it with the details.',
  },
  MOODLE_PHP_ERROR: {
    kind: 'permanent',
    title: 'Moodle failed with an internal PHP error',
    cause: 'A PHP error escaped Moodle’s error handling, so the answer has no Moodle error code (recorded: ' +
      'core_course_get_courses_by_field with an unknown id in a list; on Moodle 5.0 enrol_manual_enrol_users with a user id ' +
      'that does not exist). Server file paths in its text are left out of the details.',
    fix: 'Check the request values in the details (e.g. the course or user id); if they are right, look in Moodle’s PHP error log.',
  },
  MOODLE_EXCEPTION: {
    kind: 'permanent',
    title: 'Moodle refused the request',
    cause: 'Moodle answered with an error coursebridge does not know; the Moodle error code and message are in the details.',
    fix: 'Look up the Moodle error code in the details; turning on debugging (/admin/settings.php?section=debugging) shows more.',
  },
  MOODLE_WARNING: {
    kind: 'permanent',
    title: 'Moodle skipped an item with a warning',
    cause: 'Moodle carried on with the other items and reported this one with a warning coursebridge does not know.',
    fix: 'Look up the warning code and message in the details.',
  },
  MOODLE_ENDPOINT_NOT_FOUND: {
    kind: 'needs-admin',
    title: 'The Moodle web-service address does not exist',
    cause: 'The server answered HTTP 404 for /webservice/rest/server.php: the base URL of the connection is probably wrong.',
    fix: 'Enter the Moodle site address (the address of its front page, without /login or /my) as base URL of the connection.',
  },
  LMS_UNREACHABLE: {
    kind: 'retryable',
    title: 'Moodle could not be reached',
    cause: 'The connection to the Moodle server failed (name not found, refused, reset, TLS error).',
    fix: 'coursebridge tries again later. If it persists, check the base URL and that the Moodle site is up.',
  },
  LMS_TIMEOUT: {
    kind: 'retryable',
    title: 'Moodle did not answer in time',
    cause: 'The call took longer than the timeout; Moodle may still have done the work (the next lookup finds it).',
    fix: 'coursebridge tries again later. If it persists with large batches, lower the batch size or raise the timeout.',
  },
  LMS_HTTP_ERROR: {
    kind: 'retryable',
    title: 'Moodle answered with an HTTP error',
    cause: 'The web server in front of Moodle answered with an HTTP error status (details) instead of a web-service answer.',
    fix: 'coursebridge tries again later for server errors; for others check the base URL and any proxy or firewall in front of Moodle.',
  },
  LMS_BAD_ANSWER: {
    kind: 'needs-admin',
    title: 'Moodle gave an answer coursebridge cannot read',
    cause: 'The answer was not the JSON the web-service function returns (an HTML page, XML, or another shape), e.g. a proxy page, ' +
      'a maintenance page or a plugin that prints output.',
    fix: 'Check the base URL of the connection and open it in a browser; the details hold the content type and the start of the answer.',
  },
  MOODLE_DEBUG_OUTPUT: {
    kind: 'permanent',
    title: 'Moodle prints debug output into its web-service answers',
    cause: 'Moodle put text in front of the answer: with "Debug email sending" (debugsmtp) on, it prints the whole SMTP ' +
      'conversation of every mail it sends, passwords included. coursebridge read the answer behind it and stored none of the text, ' +
      'but anyone who can read the web server\'s traffic or logs sees it.',
    fix: 'Switch off Site administration > Development > Debugging > Debug email sending (/admin/settings.php?section=debugging), ' +
      'and set Debug messages back to None for a live site.',
  },
  LMS_INCOMPLETE_ANSWER: {
    kind: 'needs-admin',
    title: 'Moodle answered for fewer records than were sent',
    cause: 'PHP drops form fields beyond max_input_vars without an error, so Moodle never saw the last records (and the last one ' +
      'may lack fields). The records Moodle answered for were created.',
    fix: 'Raise max_input_vars in the PHP settings of the Moodle server to at least 5000 (Moodle’s own requirement), or lower ' +
      'the batch size (maxRecordsPerCall) of the connection. The next run finds the created accounts by external key.',
  },
} as const satisfies Record<string, CatalogueEntry>

export type MoodleErrorCode = keyof typeof moodleErrorCatalogue

type Details = LmsError['details']

/** Builds the LmsError for a catalogue code; `specifics` (what exactly happened) follows the title. */
export function moodleError(code: MoodleErrorCode, details: Details = {}, specifics?: string): LmsError {
  const entry: CatalogueEntry = moodleErrorCatalogue[code]
  return new LmsError(code, entry.kind, specifics ? `${entry.title}: ${specifics}` : entry.title, details, entry.scope)
}

// The capability names Moodle prints in nopermissions ("... (Create users)."), by capability.
// Names from lang/en/role.php of Moodle 4.5; the ones the recordings show plus those coursebridge may need.
const capabilityByName: Readonly<Record<string, string>> = {
  'Create users': 'moodle/user:create',
  'Update user profiles': 'moodle/user:update',
  'Add and remove cohort members': 'moodle/cohort:assign',
  'View site-wide cohorts': 'moodle/cohort:view',
  'Enrol users': 'enrol/manual:enrol',
  'Unenrol users from the course': 'enrol/manual:unenrol',
  'View participants': 'moodle/course:viewparticipants',
  'Review course enrolments': 'moodle/course:enrolreview',
  'View course completion report': 'report/completion:view',
  'Assign roles to users': 'moodle/role:assign',
  'Use REST protocol': 'webservice/rest:use',
}

/**
 * Absolute server paths ("/var/www/moodle/lib/enrollib.php", "C:\\xampp\\htdocs\\lib\\dml\\x.php") replaced by
 * "[server path]": PHP errors that escape Moodle name the file they failed in (recorded on 5.0), which an
 * administrator of coursebridge has no use for and a log must not spread.
 */
export function withoutServerPaths(text: string): string {
  return text
    .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+\[\]-]+)+[\\/][\w.@~+-]+\.(?:php|phtml|inc)\b/g, '[server path]')
    .replace(/(?:[A-Za-z]:[\\/]|\/(?:var|srv|home|opt|usr|www|data|app|tmp)\/)[^\s'"),;]*/g, '[server path]')
}

/**
 * Classifies a Moodle exception body (HTTP 200, `{exception, errorcode, message[, debuginfo]}`) by its errorcode and
 * shape, never by the exception class: 4.1 says "moodle_exception" where 4.5 and 5.0 say "core\exception\moodle_exception".
 */
export function classifyMoodleException(body: MoodleException, wsfunction: string): LmsError {
  const errorcode = body.errorcode ?? ''
  const message = withoutServerPaths(body.message ?? '')
  const debuginfo = withoutServerPaths(body.debuginfo ?? '')
  const details: Details = { function: wsfunction, exception: body.exception, errorcode: errorcode || null }
  if (debuginfo) details.debuginfo = debuginfo

  switch (errorcode) {
    case 'invalidtoken':
      return moodleError('MOODLE_INVALID_TOKEN', details)
    case 'accessexception':
      // Production hides the reason; with debugging on, debuginfo names two of them precisely.
      if (/token expired/i.test(debuginfo)) return moodleError('MOODLE_TOKEN_EXPIRED', details)
      if (/Invalid service - IP/i.test(debuginfo)) return moodleError('MOODLE_TOKEN_IP_RESTRICTED', details)
      return moodleError('MOODLE_ACCESS_EXCEPTION', details, `function ${wsfunction}`)
    case 'nopermissions': {
      const name = /\(([^()]+)\)\.?\s*$/.exec(message)?.[1]
      const capability = name ? capabilityByName[name] : undefined
      details.capabilityName = name ?? null
      details.capability = capability ?? null
      return moodleError('MOODLE_CAPABILITY_MISSING', details, `${capability ?? 'unknown capability'} (${name ?? message}) for ${wsfunction}`)
    }
    case 'requireloginerror':
      details.capability = 'moodle/course:view'
      return moodleError('MOODLE_REQUIRE_LOGIN', details)
    case 'wsusercannotassign': {
      // "You don't have the permission to assign this role (5) to this user (4) in this course (5)."
      const [, role, user, course] = /role \((\d+)\) to this user \((\d+)\) in this course \((\d+)\)/.exec(message) ?? []
      Object.assign(details, { roleId: role ?? null, userId: user ?? null, courseId: course ?? null })
      return moodleError('MOODLE_ROLE_NOT_ASSIGNABLE', details, role ? `role ${role} in course ${course}` : undefined)
    }
    case 'wsnoinstance': {
      // 4.1 leaves the placeholder unfilled ("(id = {$a->courseid})"): then the caller's own course id is all there is.
      const course = /\(id = (\d+)\)/.exec(message)?.[1]
      details.courseId = course ?? null
      return moodleError('MOODLE_NO_MANUAL_ENROL_INSTANCE', details, course ? `course ${course}` : undefined)
    }
    case 'sitepolicynotagreed':
      return moodleError('MOODLE_SITE_POLICY_NOT_AGREED', details)
    case 'invalidparameter':
      return classifyInvalidParameter(debuginfo, details)
    // "Not found" has three spellings: invaliduser and invalidrecord (4.1, 4.5, and 5.0 with debugging on), and
    // 5.0's invalidrecordunknown, which names no table (debugging off). Callers look up first where they can.
    case 'invaliduser':
      return moodleError('MOODLE_INVALID_USER', details)
    case 'invalidrecord':
    case 'invalidrecordunknown':
      return classifyMissingRecord(message, details, wsfunction)
    case 'usernotenroled':
      return moodleError('MOODLE_USER_NOT_ENROLLED', details)
    case 'nocriteriaset':
      return moodleError('MOODLE_NO_COMPLETION_CRITERIA', details)
    case 'cannotviewreport':
      details.capability = 'report/completion:view'
      return moodleError('MOODLE_CANNOT_VIEW_REPORT', details)
    case 'codingerror':
      // 4.1's enrol_user() on a user id that does not exist (enrol_manual_enrol_users.nonexistent-user on 4.1).
      if (/User ID does not exist or is deleted|userid can not be empty/.test(message)) return moodleError('MOODLE_INVALID_USER', { ...details, moodleMessage: message })
      return moodleError('MOODLE_CODING_ERROR', { ...details, moodleMessage: message })
    case '':
      // A PHP Error or TypeError escaped Moodle's handler: no errorcode; the PHP message (paths removed) is all there is.
      return moodleError('MOODLE_PHP_ERROR', { ...details, moodleMessage: message })
  }
  // The password policy puts its HTML text into errorcode itself ("<div>Passwords must be at least 8 characters long.</div>...").
  if (/password/i.test(errorcode) && errorcode.includes('<div>')) {
    return moodleError('MOODLE_WEAK_PASSWORD', { ...details, errorcode: 'passwordpolicy', policy: htmlToText(errorcode) })
  }
  return moodleError('MOODLE_EXCEPTION', { ...details, moodleMessage: message }, errorcode)
}

// Only visible with debugging on; production says "Invalid parameter value detected" for all of them.
function classifyInvalidParameter(debuginfo: string, details: Details): LmsError {
  if (/^Username already exists/.test(debuginfo)) return moodleError('MOODLE_USERNAME_TAKEN', details)
  if (/^Email address already exists/.test(debuginfo)) return moodleError('MOODLE_EMAIL_TAKEN', details)
  if (/^Email address is invalid/.test(debuginfo)) return moodleError('MOODLE_EMAIL_INVALID', details)
  if (/^Context does not exist/.test(debuginfo)) return moodleError('MOODLE_COURSE_NOT_FOUND', details)
  return moodleError('MOODLE_INVALID_PARAMETER', details)
}

function classifyMissingRecord(message: string, details: Details, wsfunction: string): LmsError {
  const table = /database table (\w+)/.exec(message)?.[1] ?? null
  details.table = table
  switch (table) {
    case 'external_functions': return moodleError('MOODLE_UNKNOWN_FUNCTION', details, wsfunction)
    case 'course': return moodleError('MOODLE_COURSE_NOT_FOUND', details)
    case 'cohort': return moodleError('MOODLE_COHORT_NOT_FOUND', details)
    default: return moodleError('MOODLE_RECORD_MISSING', details, table ?? undefined)
  }
}

function htmlToText(html: string): string {
  return html.replace(/<\/div>\s*<div>/g, ' ').replace(/<[^>]+>/g, '').trim()
}

/** Classifies one warning of core_user_update_users (`{item:'user', itemid, warningcode, message}`). */
export function classifyUserWarning(warning: MoodleWarning, wsfunction: string): LmsError {
  const details: Details = { function: wsfunction, warningcode: warning.warningcode, moodleMessage: warning.message, itemId: warning.itemid ?? null }
  switch (warning.warningcode) {
    case 'invaliduserid': return moodleError('MOODLE_INVALID_USER', details)
    case 'useremailduplicate': return moodleError('MOODLE_EMAIL_TAKEN', details)
    case 'useremailinvalid': return moodleError('MOODLE_EMAIL_INVALID', details)
    case 'usernotupdatedadmin': return moodleError('MOODLE_ADMIN_NOT_UPDATABLE', details)
    case 'dmlwriteexception': return moodleError('MOODLE_DATABASE_WRITE_ERROR', details)
  }
  if (/password/i.test(warning.warningcode) || /password/i.test(warning.message)) {
    return moodleError('MOODLE_WEAK_PASSWORD', { ...details, policy: htmlToText(warning.message) })
  }
  return moodleError('MOODLE_WARNING', details, warning.warningcode)
}

/**
 * Classifies one warning of core_cohort_add_cohort_members; null for code 3 ("record already exists":
 * the user is already a member, which is what we wanted). Codes: 1 invalid parameter, 2 cohort or user
 * does not exist (cohort/externallib.php add_cohort_members).
 */
export function classifyCohortWarning(warning: MoodleWarning, wsfunction: string): LmsError | null {
  if (warning.warningcode === '3') return null
  const details: Details = { function: wsfunction, warningcode: warning.warningcode, moodleMessage: warning.message }
  if (warning.warningcode === '2') {
    if (/^cohort /.test(warning.message)) return moodleError('MOODLE_COHORT_NOT_FOUND', details, warning.message)
    if (/^user /.test(warning.message)) return moodleError('MOODLE_INVALID_USER', details, warning.message)
  }
  if (warning.warningcode === '1') return moodleError('MOODLE_INVALID_PARAMETER', details, warning.message)
  return moodleError('MOODLE_WARNING', details, warning.message)
}

/** A non-200 HTTP status. Moodle itself answers 200 for every web-service error; anything else comes from the web server. */
export function classifyHttpStatus(status: number, body: string, wsfunction: string): LmsError {
  const details: Details = { function: wsfunction, status }
  // enablewebservices=0 or REST protocol off: HTTP 403 with an empty body (auth.webservices-disabled, auth.rest-protocol-disabled).
  if (status === 403 && body.trim() === '') return moodleError('MOODLE_WEBSERVICES_DISABLED', details)
  if (status === 404) return moodleError('MOODLE_ENDPOINT_NOT_FOUND', details)
  if (status >= 500 || status === 429 || status === 408) return moodleError('LMS_HTTP_ERROR', details, `HTTP ${status}`)
  // Other 4xx (401, 403 with a page, 407 ...) come from a proxy or firewall: retrying will not help.
  return new LmsError('LMS_HTTP_ERROR', 'needs-admin', `${moodleErrorCatalogue.LMS_HTTP_ERROR.title}: HTTP ${status}`, details)
}

/** A fetch that failed before an answer: timeout (AbortSignal.timeout) or network. */
export function classifyTransportFailure(error: unknown, wsfunction: string, timeoutMs: number): LmsError {
  const name = error instanceof Error ? error.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') {
    return moodleError('LMS_TIMEOUT', { function: wsfunction, timeoutMs }, `no answer within ${timeoutMs} ms`)
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? null
  return moodleError('LMS_UNREACHABLE', { function: wsfunction, networkError: code ?? cause?.message ?? String(error) })
}

/** An answer that is not the JSON expected: `what` says what was wrong, `body` is cut to a safe length. */
export function badAnswer(wsfunction: string, what: string, contentType: string | null, body: string): LmsError {
  return moodleError('LMS_BAD_ANSWER', { function: wsfunction, contentType, answerStart: body.slice(0, 200) }, what)
}
