import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  classifyCohortWarning,
  classifyHttpStatus,
  classifyMoodleException,
  classifyUserWarning,
  moodleErrorCatalogue,
} from '../../src/lms/moodle/moodle-errors.ts'
import { moodleExceptionSchema, warningsResultSchema } from '../../src/lms/moodle/moodle-types.ts'
import type { LmsError } from '../../src/lms/lms-adapter.ts'
import { allRecordedCases, recordedCase, recordedFunction, type RecordedCase, type RecordedLine } from './recorded-cases.ts'

const generic = new Set(['MOODLE_EXCEPTION', 'MOODLE_WARNING', 'LMS_BAD_ANSWER'])

/** Classifies a recorded REST error answer the way the client does; undefined when it is not an error. */
function classifyRecorded(c: RecordedCase): LmsError | undefined {
  const fn = recordedFunction(c)
  if (c.response.status !== 200) return classifyHttpStatus(c.response.status, c.response.body, fn)
  let body: unknown
  try {
    body = JSON.parse(c.response.body)
  } catch {
    return undefined
  }
  const exception = moodleExceptionSchema.safeParse(body)
  return exception.success ? classifyMoodleException(exception.data, fn) : undefined
}

const restCases = allRecordedCases().filter((c) => c.request.path === '/webservice/rest/server.php')

describe('Moodle error classification of every recorded error answer', () => {
  const errorCases = restCases.filter((c) => classifyRecorded(c) !== undefined)

  it('finds the recorded error answers (exceptions and 403s)', () => {
    assert.ok(errorCases.length >= 100, `only ${errorCases.length} error cases found`)
  })

  for (const c of errorCases) {
    it(`gives ${c.case} a specific code with catalogue text`, () => {
      const error = classifyRecorded(c)!
      assert.ok(!generic.has(error.code), `${c.case} → generic ${error.code}`)
      assert.ok(error.code in moodleErrorCatalogue, `${error.code} not in the catalogue`)
      assert.equal(error.details.function, recordedFunction(c))
    })
  }
})

describe('Moodle error codes of the key cases', () => {
  const expected: [string, string, string][] = [
    ['auth.invalid-token', 'MOODLE_INVALID_TOKEN', 'needs-admin'],
    ['auth.missing-token', 'MOODLE_INVALID_TOKEN', 'needs-admin'],
    ['auth.function-not-in-service', 'MOODLE_ACCESS_EXCEPTION', 'needs-admin'],
    ['auth.rest-use-capability-missing', 'MOODLE_ACCESS_EXCEPTION', 'needs-admin'],
    ['auth.service-disabled', 'MOODLE_ACCESS_EXCEPTION', 'needs-admin'],
    ['auth.token-expired', 'MOODLE_ACCESS_EXCEPTION', 'needs-admin'],
    ['auth.token-expired.debuginfo', 'MOODLE_TOKEN_EXPIRED', 'needs-admin'],
    ['auth.token-ip-restricted.debuginfo', 'MOODLE_TOKEN_IP_RESTRICTED', 'needs-admin'],
    ['auth.unknown-function', 'MOODLE_UNKNOWN_FUNCTION', 'needs-admin'],
    ['auth.webservices-disabled', 'MOODLE_WEBSERVICES_DISABLED', 'needs-admin'],
    ['auth.rest-protocol-disabled', 'MOODLE_WEBSERVICES_DISABLED', 'needs-admin'],
    ['auth.site-policy-not-agreed.ws-user-auth-manual', 'MOODLE_SITE_POLICY_NOT_AGREED', 'needs-admin'],
    ['core_user_create_users.duplicate-username', 'MOODLE_INVALID_PARAMETER', 'permanent'],
    ['core_user_create_users.duplicate-username.debuginfo', 'MOODLE_USERNAME_TAKEN', 'permanent'],
    ['core_user_create_users.duplicate-email.debuginfo', 'MOODLE_EMAIL_TAKEN', 'permanent'],
    ['core_user_create_users.invalid-email.debuginfo', 'MOODLE_EMAIL_INVALID', 'permanent'],
    ['core_user_create_users.weak-password', 'MOODLE_WEAK_PASSWORD', 'needs-admin'],
    ['core_user_create_users.capability-missing', 'MOODLE_CAPABILITY_MISSING', 'needs-admin'],
    ['enrol_manual_enrol_users.course-without-manual-instance', 'MOODLE_NO_MANUAL_ENROL_INSTANCE', 'needs-admin'],
    ['enrol_manual_enrol_users.role-not-assignable', 'MOODLE_ROLE_NOT_ASSIGNABLE', 'needs-admin'],
    ['enrol_manual_enrol_users.nonexistent-user', 'MOODLE_INVALID_USER', 'permanent'],
    ['enrol_manual_enrol_users.nonexistent-course.debuginfo', 'MOODLE_COURSE_NOT_FOUND', 'needs-admin'],
    ['enrol_manual_unenrol_users.nonexistent-course', 'MOODLE_COURSE_NOT_FOUND', 'needs-admin'],
    ['check.capability-moodle-course-view.enrol_manual_enrol_users', 'MOODLE_REQUIRE_LOGIN', 'needs-admin'],
    ['core_cohort_delete_cohort_members.nonexistent-cohort', 'MOODLE_COHORT_NOT_FOUND', 'needs-admin'],
    ['core_completion_get_course_completion_status.user-not-enrolled', 'MOODLE_USER_NOT_ENROLLED', 'permanent'],
    ['core_completion_get_course_completion_status.course-without-criteria', 'MOODLE_NO_COMPLETION_CRITERIA', 'needs-admin'],
    ['core_completion_get_course_completion_status.seed-caps', 'MOODLE_CANNOT_VIEW_REPORT', 'needs-admin'],
    ['core_user_get_users_by_field.invalid-field', 'MOODLE_CODING_ERROR', 'permanent'],
    ['core_course_get_courses_by_field.ids-list', 'MOODLE_PHP_ERROR', 'permanent'],
  ]
  for (const [name, code, kind] of expected) {
    it(`classifies ${name} as ${code}`, () => {
      const error = classifyRecorded(recordedCase(name))!
      assert.equal(error.code, code)
      assert.equal(error.kind, kind)
    })
  }

  it('names the missing capability from the nopermissions message', () => {
    const error = classifyRecorded(recordedCase('core_cohort_add_cohort_members.capability-missing'))!
    assert.equal(error.details.capability, 'moodle/cohort:assign')
    assert.match(error.message, /moodle\/cohort:assign \(Add and remove cohort members\)/)
    const view = classifyRecorded(recordedCase('core_cohort_search_cohorts.seed-caps-no-cohort-view'))!
    assert.equal(view.details.capability, 'moodle/cohort:view')
  })

  it('takes the course id out of the missing manual enrolment message and scopes the error to the target', () => {
    const error = classifyRecorded(recordedCase('enrol_manual_enrol_users.course-without-manual-instance'))!
    assert.equal(error.details.courseId, '4')
    assert.equal(error.scope, 'target')
  })

  it('keeps the password policy as plain text, not as the HTML errorcode', () => {
    const error = classifyRecorded(recordedCase('core_user_create_users.weak-password'))!
    assert.match(String(error.details.policy), /^Passwords must be at least 8 characters long\. /)
    assert.equal(error.details.errorcode, 'passwordpolicy')
  })

  it('treats server errors as retryable and other HTTP errors as a set-up problem', () => {
    assert.equal(classifyHttpStatus(502, '<html>', 'f').kind, 'retryable')
    assert.equal(classifyHttpStatus(401, 'no', 'f').kind, 'needs-admin')
    assert.equal(classifyHttpStatus(404, '', 'f').code, 'MOODLE_ENDPOINT_NOT_FOUND')
  })
})

describe('Moodle warnings', () => {
  it('classifies every recorded update_users warning specifically', () => {
    for (const c of restCases.filter((c) => recordedFunction(c) === 'core_user_update_users')) {
      const answer = warningsResultSchema.safeParse(JSON.parse(c.response.body))
      if (!answer.success) continue
      for (const warning of answer.data.warnings) {
        const error = classifyUserWarning(warning, 'core_user_update_users')
        assert.ok(!generic.has(error.code), `${c.case}: ${warning.warningcode} → ${error.code}`)
      }
    }
  })

  it('treats cohort warning 3 (already a member) as success and the others as errors', () => {
    const fn = 'core_cohort_add_cohort_members'
    for (const c of restCases.filter((c) => recordedFunction(c) === fn)) {
      const answer = warningsResultSchema.safeParse(JSON.parse(c.response.body))
      if (!answer.success) continue
      for (const warning of answer.data.warnings) {
        const error = classifyCohortWarning(warning, fn)
        if (warning.warningcode === '3') assert.equal(error, null, c.case)
        else assert.ok(error && !generic.has(error.code), `${c.case}: ${warning.message} → ${error?.code}`)
      }
    }
  })

  it('maps cohort warning 2 to a missing cohort or a missing user', () => {
    const fn = 'core_cohort_add_cohort_members'
    assert.equal(classifyCohortWarning({ warningcode: '2', message: 'cohort idnumber=X not exists' }, fn)?.code, 'MOODLE_COHORT_NOT_FOUND')
    assert.equal(classifyCohortWarning({ warningcode: '2', message: 'user id=99999 not exists' }, fn)?.code, 'MOODLE_INVALID_USER')
  })
})

describe('Moodle error catalogue', () => {
  it('gives every code a title, a cause and a fix', () => {
    for (const [code, entry] of Object.entries(moodleErrorCatalogue)) {
      assert.ok(entry.title && entry.cause && entry.fix, code)
    }
  })

  it('names the menu path and the admin URL in the fixes for set-up problems', () => {
    for (const [code, entry] of Object.entries(moodleErrorCatalogue)) {
      if (entry.kind !== 'needs-admin' || code.startsWith('LMS_') || code === 'MOODLE_ENDPOINT_NOT_FOUND') continue
      assert.match(entry.fix, /\(\/[a-z]/, `${code} fix has no admin URL`)
    }
    assert.match(moodleErrorCatalogue.MOODLE_ACCESS_EXCEPTION.fix, /External services > \(the web service you created for coursebridge\) > Functions/)
    assert.match(moodleErrorCatalogue.MOODLE_ACCESS_EXCEPTION.fix, /\/admin\/webservice\/service_functions\.php\?id=/)
  })
})

describe('Moodle error classification on 4.1 and 5.0 (versions/4.1, versions/5.0)', () => {
  const classifyOn = (line: RecordedLine, name: string) => classifyRecorded(recordedCase(name, line))!
  for (const line of ['4.1', '5.0'] as const) {
    const cases = allRecordedCases(line).filter((c) => c.request.path === '/webservice/rest/server.php' && classifyRecorded(c) !== undefined)
    it(`gives every recorded error answer of ${line} a specific code, the same as on 4.5.6 where the errorcode is the same`, () => {
      assert.ok(cases.length >= 100, `only ${cases.length} error cases on ${line}`)
      for (const c of cases) {
        const error = classifyRecorded(c)!
        assert.ok(!generic.has(error.code), `${line} ${c.case} → generic ${error.code}`)
        const body45 = JSON.parse(recordedCase(c.case).response.body || 'null') as { errorcode?: string } | null
        const body = JSON.parse(c.response.body || 'null') as { errorcode?: string } | null
        if (body?.errorcode !== undefined && body.errorcode === body45?.errorcode && body.errorcode !== 'wsnoinstance') {
          assert.equal(error.code, classifyRecorded(recordedCase(c.case))!.code, `${line} ${c.case}`)
        }
      }
    })
  }

  it('reads 4.1 class names without the core\\exception\\ prefix the same way', () => {
    assert.equal(classifyOn('4.1', 'auth.invalid-token').code, 'MOODLE_INVALID_TOKEN')
    assert.equal(classifyOn('4.1', 'core_user_create_users.capability-missing').details.capability, 'moodle/user:create')
    assert.equal(classifyOn('4.1', 'check.capability-moodle-course-view.enrol_manual_enrol_users').code, 'MOODLE_REQUIRE_LOGIN')
  })

  it('recognises every spelling of "not found": 4.1 coding_exception and 5.0 invalidrecordunknown', () => {
    assert.equal(classifyOn('4.1', 'enrol_manual_enrol_users.nonexistent-user').code, 'MOODLE_INVALID_USER')
    assert.equal(classifyOn('4.1', 'enrol_manual_enrol_users.nonexistent-user.debuginfo').code, 'MOODLE_INVALID_USER')
    assert.equal(classifyOn('5.0', 'enrol_manual_unenrol_users.nonexistent-course').code, 'MOODLE_RECORD_MISSING')
    assert.equal(classifyOn('5.0', 'auth.unknown-function').code, 'MOODLE_RECORD_MISSING')
    assert.equal(classifyOn('5.0', 'enrol_manual_unenrol_users.nonexistent-course.debuginfo').code, 'MOODLE_COURSE_NOT_FOUND')
  })

  it('leaves 4.1\'s unfilled course placeholder out of the missing manual enrolment error', () => {
    const error = classifyOn('4.1', 'enrol_manual_enrol_users.course-without-manual-instance')
    assert.equal(error.code, 'MOODLE_NO_MANUAL_ENROL_INSTANCE')
    assert.equal(error.details.courseId, null)
  })

  it('classifies 5.0\'s PHP TypeError (no errorcode) without the server path in any detail', () => {
    const recorded = classifyOn('5.0', 'enrol_manual_enrol_users.nonexistent-user')
    assert.equal(recorded.code, 'MOODLE_PHP_ERROR')
    assert.equal(recorded.details.errorcode, null)
    // The live answer names the server's directory (the recording scrubbed it): it must not survive classification.
    const live = classifyMoodleException({
      exception: 'TypeError',
      message: 'core\\user::get_name_placeholders(): Argument #1 ($user) must be of type stdClass, bool given, called in /var/www/moodle50/lib/enrollib.php on line 3674',
    }, 'enrol_manual_enrol_users')
    assert.equal(live.code, 'MOODLE_PHP_ERROR')
    const text = JSON.stringify({ message: live.message, details: live.details })
    assert.doesNotMatch(text, /\/var\/www|enrollib\.php/)
    assert.match(String(live.details.moodleMessage), /get_name_placeholders\(\).*called in \[server path\] on line 3674/)
    const windows = classifyMoodleException({ exception: 'Error', message: 'x in C:\\xampp\\htdocs\\moodle\\lib\\dml\\moodle_database.php:1234' }, 'f')
    assert.doesNotMatch(JSON.stringify(windows.details), /xampp|moodle_database\.php/)
  })
})
