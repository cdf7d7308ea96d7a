// The classifier turns ILIAS's fault strings into stable codes; message text is matched here only.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  classifyFault, classifyHttpStatus, classifyImportProblem, classifyNetworkError, iliasErrorCatalogue,
} from '../../src/lms/ilias/ilias-errors.ts'
import { errorKinds } from '../../src/lms/lms-adapter.ts'

const fault = (operation: string, code: string, message: string) => classifyFault(operation, { code, message })

describe('ILIAS error catalogue', () => {
  it('gives every code a kind, a title, a cause and a fix', () => {
    for (const [code, entry] of Object.entries(iliasErrorCatalogue)) {
      assert.ok(errorKinds.includes(entry.kind), code)
      assert.ok(entry.title && entry.cause && entry.fix, code)
    }
  })
  it('names the ILIAS menu path where the administrator fixes SOAP and permissions', () => {
    assert.match(iliasErrorCatalogue.ILIAS_SOAP_DISABLED.fix, /Administration → System Settings and Maintenance → Server/)
    assert.match(iliasErrorCatalogue.ILIAS_PERMISSION_DENIED.fix, /Administration → Users and Roles → Roles/)
    assert.match(iliasErrorCatalogue.ILIAS_GLOBAL_ROLE_MISSING.fix, /Administration → Users and Roles → Roles/)
  })
})

describe('ILIAS fault classification', () => {
  it('SOAP switched off needs the administrator, whatever the operation', () => {
    const e = fault('lookupUser', 'Server', 'SOAP is not enabled in ILIAS administration for this client')
    assert.equal(e.code, 'ILIAS_SOAP_DISABLED')
    assert.equal(e.kind, 'needs-admin')
    assert.equal(e.scope, 'connection')
  })
  it('a refused login (newest err_wrong_login, 5.1 "Authentication failed.") needs the administrator', () => {
    for (const message of ['err_wrong_login', 'Authentication failed.', 'User agreement not accepted']) {
      assert.equal(fault('login', 'Server', message).code, 'ILIAS_LOGIN_FAILED')
    }
  })
  it('recognises the session faults of both versions', () => {
    for (const message of ['Session invalid', 'Session expired', 'Session idled', 'No client given', 'No session id given']) {
      assert.equal(fault('lookupUser', 'Client', message).code, 'ILIAS_SESSION_INVALID')
    }
  })
  it('tells a missing course from an object of another type in assignCourseMember', () => {
    const missing = fault('assignCourseMember', 'Client', 'Invalid course id. Object with id "" is not of type "course"')
    assert.equal(missing.code, 'ILIAS_OBJECT_NOT_FOUND')
    assert.equal(missing.scope, 'target')
    assert.equal(fault('assignCourseMember', 'Client', 'Invalid course id. Object with id "1" is not of type "course"').code, 'ILIAS_WRONG_OBJECT_TYPE')
  })
  it('maps the remaining membership faults', () => {
    assert.equal(fault('assignCourseMember', 'Client', 'Invalid user id. User with id "99999 does not exist').code, 'ILIAS_USER_NOT_FOUND')
    assert.equal(fault('assignCourseMember', 'Client', 'Invalid type given. Parameter "type" must be "Admin", "Tutor" or "Member"').code, 'ILIAS_INVALID_MEMBER_ROLE')
    assert.equal(fault('excludeCourseMember', 'Server', 'Cannot deassign last administrator from course').code, 'ILIAS_LAST_COURSE_ADMIN')
    assert.equal(fault('assignCourseMember', 'Server', 'Check access failed. No permission to write to course').code, 'ILIAS_PERMISSION_DENIED')
  })
  it('maps getProgressInfo\'s numeric fault codes', () => {
    assert.equal(fault('getProgressInfo', '54', 'Error 54: Invalid reference id 99999 given').code, 'ILIAS_OBJECT_NOT_FOUND')
    assert.equal(fault('getProgressInfo', '56', 'Error 56: Learning progress not available for objects of type cat').code, 'ILIAS_LEARNING_PROGRESS_UNAVAILABLE')
    assert.equal(fault('getProgressInfo', '58', 'Error 58: No Permission to access learning progress in this object').code, 'ILIAS_PERMISSION_DENIED')
  })
  it('maps the importUsers faults: folder, role, malformed XML', () => {
    assert.equal(fault('importUsers', 'Server', 'Wrong reference id.').code, 'ILIAS_IMPORT_FOLDER_INVALID')
    assert.equal(fault('importUsers', 'Server', 'Could not find role User. Either you use an invalid/deleted role …').code, 'ILIAS_GLOBAL_ROLE_MISSING')
    assert.equal(fault('importUsers', 'Server', 'Import with specified role not permitted. User (4)').code, 'ILIAS_ROLE_NOT_PERMITTED')
    const malformed = fault('importUsers', 'Client', '(1,120): Opening and ending tag mismatch: Login line 1 and User')
    assert.equal(malformed.code, 'ILIAS_IMPORT_MALFORMED')
    assert.equal(malformed.kind, 'permanent')
  })
  it('keeps an unknown fault visible: retryable when ILIAS failed on its side, permanent otherwise', () => {
    const server = fault('assignCourseMember', 'Server', 'Cannot create course instance!')
    assert.equal(server.code, 'ILIAS_UNEXPECTED_FAULT')
    assert.equal(server.kind, 'retryable')
    assert.equal(fault('lookupUser', 'Client', 'Something new').kind, 'permanent')
  })
})

describe('ILIAS import protocol classification', () => {
  it('reads the English protocol messages and falls back to ILIAS_IMPORT_REFUSED', () => {
    assert.equal(classifyImportProblem('tms.p1', "Can't perform ‘Insert’ action. User is already in database.").code, 'ILIAS_LOGIN_TAKEN')
    assert.equal(classifyImportProblem('tms.p1', 'Login is not unique.').code, 'ILIAS_LOGIN_TAKEN')
    assert.equal(classifyImportProblem('tms.p1', 'At least one global role must be specified for "Insert" action.').code, 'ILIAS_GLOBAL_ROLE_MISSING')
    assert.equal(classifyImportProblem('tms.p1', "Can't perform ‘Update’ action. No such user in database.").code, 'ILIAS_USER_NOT_FOUND')
    const german = classifyImportProblem('tms.p1', 'Benutzer ist bereits in der Datenbank.')
    assert.equal(german.code, 'ILIAS_IMPORT_REFUSED')
    assert.equal(german.details['message'], 'Benutzer ist bereits in der Datenbank.')
  })
})

describe('ILIAS transport classification', () => {
  it('HTTP 5xx is retryable, anything else without SOAP means the URL is wrong', () => {
    assert.equal(classifyHttpStatus('login', 502).code, 'ILIAS_HTTP_ERROR')
    assert.equal(classifyHttpStatus('login', 502).kind, 'retryable')
    assert.equal(classifyHttpStatus('login', 404).code, 'ILIAS_NOT_SOAP_ENDPOINT')
  })
  it('network errors are LMS_UNREACHABLE, timeouts LMS_TIMEOUT, both retryable', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })
    const e = classifyNetworkError('login', refused)
    assert.equal(e.code, 'LMS_UNREACHABLE')
    assert.equal(e.details['errno'], 'ECONNREFUSED')
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    assert.equal(classifyNetworkError('login', timeout).code, 'LMS_TIMEOUT')
    assert.equal(classifyNetworkError('login', timeout).kind, 'retryable')
  })
})
