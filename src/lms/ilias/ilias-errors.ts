// Every ILIAS failure becomes an LmsError with a stable code (also the notification code).
// Matching on ILIAS's fault strings happens here and nowhere else. The strings are the
// hard-coded English texts of ILIAS's SOAP classes (contracts/ilias/README.md §2–3); import
// protocol messages are translated into the SOAP user's language, so those fall back to
// ILIAS_IMPORT_REFUSED when the text is not the English one.
import { LmsError, type ErrorKind, type ErrorScope } from '../lms-adapter.ts'

export interface CatalogueEntry {
  kind: ErrorKind
  title: string
  cause: string
  fix: string
  /** Defaults as in the port: permanent → record, otherwise connection. 'target' = one course only. */
  scope?: ErrorScope
}

const soapTab = 'Administration → System Settings and Maintenance → Server → tab "SOAP"'
const userFolder = 'Administration → Users and Roles → User Management'
const roles = 'Administration → Users and Roles → Roles'

export const iliasErrorCatalogue = {
  ILIAS_SOAP_DISABLED: {
    kind: 'needs-admin',
    title: 'SOAP administration is switched off in ILIAS',
    cause: 'ILIAS accepted the login but refuses every other call: "Administration via SOAP" is not enabled for this client.',
    fix: `In ILIAS open ${soapTab}, tick "Administration via SOAP" and save.`,
  },
  ILIAS_LOGIN_FAILED: {
    kind: 'needs-admin',
    title: 'ILIAS refused the SOAP login',
    cause: 'The client id, user name or password of the connection is wrong, the account is inactive, or it must still accept the terms of service.',
    fix: `Check client id, user and password in the connection. In ILIAS (${userFolder}) check the SOAP account is active, uses local authentication and has accepted the user agreement.`,
  },
  ILIAS_SESSION_INVALID: {
    kind: 'needs-admin',
    title: 'ILIAS does not accept the SOAP session',
    cause: 'Right after a fresh login ILIAS still answered "Session invalid" (or "No client given"): the client id in the session does not match an installed client, or sessions are dropped at once.',
    fix: 'Check the client id of the connection matches the directory under data/ on the ILIAS server, and the session settings in Administration → System Settings and Maintenance → General Settings → Session Handling.',
  },
  ILIAS_PERMISSION_DENIED: {
    kind: 'needs-admin',
    title: 'The ILIAS SOAP account lacks a permission',
    cause: 'ILIAS answered "Check access failed" / "Missing permission": the SOAP account may not read or create users, or manage the course members, or read learning progress.',
    fix: `Give the SOAP account's role, in ${roles}, "read_users" and "create_usr" on the System User Folder, and "manage_members" and "read_learning_progress" on the courses (or their category). Simplest: the Administrator role.`,
  },
  ILIAS_OBJECT_NOT_FOUND: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The ILIAS object does not exist',
    cause: 'The ref id in the course definition points to no object (or to one in the trash).',
    fix: 'Open the course in ILIAS; its ref id is the number after "ref_id=" in the address bar. Correct the course definition, or restore the course from the trash (Administration → Repository Trash and Permissions).',
  },
  ILIAS_WRONG_OBJECT_TYPE: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The ILIAS object is not a course',
    cause: 'The ref id in the course definition belongs to a category, folder or other object, not to a course.',
    fix: 'Open the course itself in ILIAS (not its category) and use the number after "ref_id=" in the address bar.',
  },
  ILIAS_USER_NOT_FOUND: {
    kind: 'permanent',
    title: 'The ILIAS account no longer exists',
    cause: 'The ILIAS usr_id stored for this person is unknown to ILIAS; the account was probably deleted in ILIAS.',
    fix: `Check in ILIAS (${userFolder}) whether the account was deleted. Unlink the person so coursebridge creates or finds the account again.`,
  },
  ILIAS_LOGIN_TAKEN: {
    kind: 'permanent',
    title: 'The login name is already used in ILIAS',
    cause: 'ILIAS refused the import: another account already has this login name (ILIAS compares login names case-insensitively).',
    fix: `Look up the login in ILIAS (${userFolder}). If it is this person's account, link it; otherwise change the login-name strategy or the person's data.`,
  },
  ILIAS_IMPORT_REFUSED: {
    kind: 'permanent',
    title: 'ILIAS refused the user import',
    cause: 'importUsers returned a protocol with a warning or failure instead of user ids; nothing of this batch was imported.',
    fix: 'Read the ILIAS message in the details. Correct the person data in the TMS, or the field mapping in the Service Center.',
  },
  ILIAS_IMPORT_MALFORMED: {
    kind: 'permanent',
    title: 'ILIAS could not parse the user-import XML',
    cause: 'ILIAS answered the import with a parser fault. coursebridge escapes every value, so this points to a bug or to an unusual character in the person data.',
    fix: 'Report the details (line, column, message) to the coursebridge maintainers; check the person data for unusual characters.',
  },
  ILIAS_GLOBAL_ROLE_MISSING: {
    kind: 'needs-admin',
    title: 'The global role for new ILIAS accounts does not exist',
    cause: 'New accounts need a global role; ILIAS does not know the role (id) the connection names, or none was sent.',
    fix: `In ILIAS open ${roles}, find the global role new participants should get (normally "User", id 4) and enter its title and id in the connection.`,
  },
  ILIAS_ROLE_NOT_PERMITTED: {
    kind: 'needs-admin',
    title: 'The SOAP account may not assign this global role',
    cause: 'ILIAS answered "Import with specified role not permitted": the role may not be assigned in the chosen user folder or by this account.',
    fix: `In ILIAS (${roles}) open the role and tick "Allow to assign users to this role in local user administration", or import into the System User Folder (folder -1).`,
  },
  ILIAS_IMPORT_FOLDER_INVALID: {
    kind: 'needs-admin',
    title: 'The ILIAS user folder of the connection is wrong',
    cause: 'importUsers refused the folder: the ref id does not exist or is neither the user folder nor a category.',
    fix: 'Set the user folder of the connection to -1 (System User Folder) or to the ref id of a category with local user administration.',
  },
  ILIAS_INVALID_MEMBER_ROLE: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'The course role is not one ILIAS knows',
    cause: 'ILIAS assigns course members only as "Member", "Tutor" or "Admin" (exactly so written).',
    fix: 'Set the role of the course definition to Member, Tutor or Admin.',
  },
  ILIAS_LAST_COURSE_ADMIN: {
    kind: 'permanent',
    title: 'ILIAS will not remove the last course administrator',
    cause: 'The person is the only administrator of the course; ILIAS refuses to remove them.',
    fix: 'In the ILIAS course open the tab "Members", give another member the administrator role, then cancel again.',
  },
  ILIAS_LEARNING_PROGRESS_UNAVAILABLE: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'ILIAS has no learning progress for this object',
    cause: 'Learning progress is disabled in ILIAS, or not available for this object type or learning-progress mode.',
    fix: 'In ILIAS enable Administration → Learning Progress, and in the course set tab "Learning Progress" → mode (e.g. "Tutor monitors and sets status").',
  },
  ILIAS_EXTERNAL_KEY_IMMUTABLE: {
    kind: 'permanent',
    title: 'ILIAS keeps the external key of an account',
    cause: 'The external key lives in the ILIAS import id, which is set once when the account is created; the SOAP import cannot change it.',
    fix: 'Keep the person id in the TMS stable. To re-link, change the import id in the ILIAS database or unlink and relink the person.',
  },
  ILIAS_FIELD_INVALID: {
    kind: 'permanent',
    title: 'A person field cannot be sent to ILIAS',
    cause: 'A value breaks an ILIAS rule before any call: the login name, a character XML cannot carry, a birthday not in YYYY-MM-DD form, or a field ILIAS does not have.',
    fix: 'Correct the person in the TMS, or the field mapping in the Service Center (ILIAS extras: zipcode, birthday, phoneHome, phoneMobile, phoneOffice).',
  },
  ILIAS_NOT_SOAP_ENDPOINT: {
    kind: 'needs-admin',
    title: 'The ILIAS address does not answer SOAP',
    cause: 'The URL answered, but not with a SOAP envelope: it is probably not the SOAP server script.',
    fix: 'Set the URL to https://<host>/<ilias>/webservice/soap/server.php (ILIAS ≤ 9) or https://<host>/soap/server.php (ILIAS 10).',
  },
  ILIAS_UNEXPECTED_ANSWER: {
    kind: 'needs-admin',
    title: 'ILIAS answered in a form coursebridge does not know',
    cause: 'The SOAP answer parsed, but its value does not have the documented shape (another ILIAS version, or a plugin changed the operation).',
    fix: 'Check the ILIAS version is supported; report the details to the coursebridge maintainers.',
  },
  ILIAS_EMPTY_FAULT: {
    kind: 'needs-admin',
    scope: 'target',
    title: 'ILIAS refused the call without saying why',
    cause: 'ILIAS answered with an empty SOAP fault (no code, no text). ILIAS 5.x on PHP 7 does so when its own error carries a number: ' +
      'for learning progress, a ref id that points to nothing or an unknown filter.',
    fix: 'Check the course ref id of the course definition (open the course in ILIAS; the number after "ref_id=" in the address bar).',
  },
  ILIAS_CLIENT_UNKNOWN: {
    kind: 'needs-admin',
    title: 'ILIAS does not know the client id',
    cause: 'ILIAS answered the login with its "Client does not exist" web page (HTTP 200, text/html) instead of SOAP.',
    fix: 'Set the client id of the connection to the name of the client\'s directory under data/ on the ILIAS server (shown at the ILIAS login as client_id=… in the address).',
  },
  ILIAS_CLIENT_MISSING: {
    kind: 'needs-admin',
    title: 'ILIAS could not tell the client from the session',
    cause: 'ILIAS answered "Fatal Error: … called without CLIENT_ID." as a web page instead of SOAP: the session id it got names no client.',
    fix: 'Check the client id of the connection (no "::" in it) and run the connection check; if it persists, read the ILIAS error log.',
  },
  ILIAS_HTTP_ERROR: {
    kind: 'retryable',
    title: 'ILIAS answered with an HTTP error',
    cause: 'The web server answered 5xx (or 429) without a SOAP fault: ILIAS or PHP failed on its side.',
    fix: 'Usually passes; if it persists, read the ILIAS and web-server error logs.',
  },
  ILIAS_UNEXPECTED_FAULT: {
    kind: 'permanent',
    title: 'ILIAS answered with a fault coursebridge does not know',
    cause: 'A SOAP fault with a text not in the catalogue.',
    fix: 'Read the fault text in the details; report it to the coursebridge maintainers so it gets its own code.',
  },
  LMS_INCOMPLETE_ANSWER: {
    kind: 'needs-admin',
    title: 'ILIAS did not answer for every record sent',
    cause: 'The import answer lacks a user id for some records that were sent.',
    fix: 'Look the persons up in ILIAS; check PHP post_max_size / max_input_vars and the ILIAS log.',
  },
  LMS_UNREACHABLE: {
    kind: 'retryable',
    title: 'ILIAS cannot be reached',
    cause: 'The connection to the ILIAS server failed (DNS, refused, reset, TLS).',
    fix: 'Usually passes. If not, check the ILIAS URL of the connection and that the server is up.',
  },
  LMS_TIMEOUT: {
    kind: 'retryable',
    title: 'ILIAS did not answer in time',
    cause: 'The call took longer than the connection timeout.',
    fix: 'Usually passes. If it persists, raise the timeout or make the batches smaller.',
  },
} as const satisfies Record<string, CatalogueEntry>

export type IliasErrorCode = keyof typeof iliasErrorCatalogue

export function iliasError(code: IliasErrorCode, details: LmsError['details'] = {}, note?: string): LmsError {
  const entry: CatalogueEntry = iliasErrorCatalogue[code]
  return new LmsError(code, entry.kind, note ? `${entry.title}: ${note}` : entry.title, details, entry.scope)
}

/** A SOAP fault as received: faultcode without namespace prefix, faultstring verbatim. */
export interface SoapFault {
  code: string
  message: string
}

const sessionRefused = new Set(['Session invalid', 'Session expired', 'Session idled', 'No session id given', 'No client given'])

/** True when ILIAS refused the session (not the credentials): the client logs in again once. */
export function isSessionRefused(fault: SoapFault): boolean {
  return sessionRefused.has(fault.message)
}

/**
 * Classifies an answer that is not SOAP at all. ILIAS 5.x prints some errors as a bare web page with
 * HTTP 200 (live 5.2: an unknown client at login, a sid without client, learning progress of an object
 * that is not a course); anything else points to a wrong URL.
 */
export function classifyNotSoap(operation: string, status: number, contentType: string, body: string): LmsError {
  const details = { function: operation, httpStatus: status, contentType: contentType.slice(0, 60), start: body.slice(0, 80) }
  if (body.startsWith('Client does not exist')) return iliasError('ILIAS_CLIENT_UNKNOWN', details)
  if (body.includes('called without CLIENT_ID')) return iliasError('ILIAS_CLIENT_MISSING', details)
  if (body.startsWith('ilLPStatusFactory: unknown type')) return iliasError('ILIAS_LEARNING_PROGRESS_UNAVAILABLE', details)
  if (status >= 500 || status === 429 || status === 408) return iliasError('ILIAS_HTTP_ERROR', details)
  return iliasError('ILIAS_NOT_SOAP_ENDPOINT', details)
}

/** Classifies a SOAP fault ILIAS returned for `operation`. */
export function classifyFault(operation: string, fault: SoapFault): LmsError {
  const details = { function: operation, faultcode: fault.code, faultstring: fault.message }
  const m = fault.message
  if (fault.code === '' && m === '') return iliasError('ILIAS_EMPTY_FAULT', details)
  if (m === 'SOAP is not enabled in ILIAS administration for this client') return iliasError('ILIAS_SOAP_DISABLED', details)
  if (operation === 'login') return iliasError('ILIAS_LOGIN_FAILED', details)
  if (isSessionRefused(fault)) return iliasError('ILIAS_SESSION_INVALID', details)
  if (m.startsWith('Check access failed') || m.startsWith('Missing permission') || fault.code === '58' ||
    fault.code === 'CLIENT_OBJECT_WRONG_PERMISSION') return iliasError('ILIAS_PERMISSION_DENIED', details)
  if (m.startsWith('Could not find role')) return iliasError('ILIAS_GLOBAL_ROLE_MISSING', details)
  if (m.startsWith('Import with specified role not permitted')) return iliasError('ILIAS_ROLE_NOT_PERMITTED', details)
  if (operation === 'importUsers' && (m === 'Wrong reference id.' || m === 'Folder must be a usr folder or a category.')) {
    return iliasError('ILIAS_IMPORT_FOLDER_INVALID', details)
  }
  // assignCourseMember & co. name the resolved ref id; it is empty when nothing exists at all.
  if (m.startsWith('Invalid course id. Object with id ""')) return iliasError('ILIAS_OBJECT_NOT_FOUND', details)
  if (m.startsWith('Invalid course id.') || m.startsWith('No valid course id given')) return iliasError('ILIAS_WRONG_OBJECT_TYPE', details)
  if (m === 'Cannot create object instance!' || fault.code === '54' || fault.code === 'CLIENT_OBJECT_NOT_FOUND' ||
    fault.code === 'CLIENT_OBJECT_DELETED' || /^Object with ID \d+ has been deleted\.$/.test(m)) {
    return iliasError('ILIAS_OBJECT_NOT_FOUND', details)
  }
  if (fault.code === 'CLIENT_OBJECT_WRONG_TYPE') return iliasError('ILIAS_WRONG_OBJECT_TYPE', details)
  if (fault.code === '56' || fault.code === '60') return iliasError('ILIAS_LEARNING_PROGRESS_UNAVAILABLE', details)
  if (m.startsWith('Invalid user id.') || m === 'User does not exist') return iliasError('ILIAS_USER_NOT_FOUND', details)
  if (m.startsWith('Invalid type given.')) return iliasError('ILIAS_INVALID_MEMBER_ROLE', details)
  if (m === 'Cannot deassign last administrator from course') return iliasError('ILIAS_LAST_COURSE_ADMIN', details)
  // importUsers checks well-formedness first and reports libxml's "(line,col): message" lines as a Client fault.
  if (operation === 'importUsers' && fault.code === 'Client') return iliasError('ILIAS_IMPORT_MALFORMED', details)
  const unknown = iliasError('ILIAS_UNEXPECTED_FAULT', details, m)
  // A Server fault we do not know may be ILIAS failing on its side (database, instance creation): try again later.
  return fault.code === 'Server' ? new LmsError(unknown.code, 'retryable', unknown.message, details) : unknown
}

/** Classifies one problem row of an importUsers protocol (userid 0, empty action). */
export function classifyImportProblem(login: string, message: string): LmsError {
  const details = { function: 'importUsers', login, message }
  // A field the site requires (Standard Fields → "Required"; 5.x: Gender by default) that the person lacks:
  // the registration waits for the data. Login, names and role are coursebridge's own to send.
  const required = /^Element "(\w+)" must be specified/.exec(message)?.[1]
  if (required === 'Gender') {
    return new LmsError('PERSON_GENDER_MISSING', 'permanent', 'ILIAS requires a gender for new accounts and the person has none', { ...details, field: 'gender' }, 'record')
  }
  if (required && !['Login', 'Firstname', 'Lastname', 'Role'].includes(required)) {
    return new LmsError('PERSON_REQUIRED_FIELD_MISSING', 'permanent', `ILIAS requires the field ${required} for new accounts and the person has none`,
      { ...details, field: required.toLowerCase() }, 'record')
  }
  if (message.includes('User is already in database') || message.includes('Login is not unique')) {
    return iliasError('ILIAS_LOGIN_TAKEN', details)
  }
  if (message.includes('global role must be specified')) return iliasError('ILIAS_GLOBAL_ROLE_MISSING', details)
  if (message.includes('No such user in database')) return iliasError('ILIAS_USER_NOT_FOUND', details)
  return iliasError('ILIAS_IMPORT_REFUSED', details, message)
}

/** Classifies an HTTP answer that carried no SOAP fault. */
export function classifyHttpStatus(operation: string, status: number): LmsError {
  const details = { function: operation, httpStatus: status }
  if (status >= 500 || status === 429 || status === 408) return iliasError('ILIAS_HTTP_ERROR', details)
  return iliasError('ILIAS_NOT_SOAP_ENDPOINT', details)
}

/** Classifies a failure below HTTP: refused, reset, DNS, TLS, or our own timeout. */
export function classifyNetworkError(operation: string, error: unknown): LmsError {
  const name = error instanceof Error ? error.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') return iliasError('LMS_TIMEOUT', { function: operation })
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : null
  return iliasError('LMS_UNREACHABLE', { function: operation, errno: code })
}
