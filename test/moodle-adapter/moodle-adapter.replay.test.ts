// The Moodle adapter over real HTTP against recorded Moodle 4.5.6 answers: the request bodies must be the
// recorded ones byte for byte, and the answers must be read as Moodle meant them.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'
import type { CallRecord, NewAccount } from '../../src/lms/lms-adapter.ts'
import { recordedCase } from './recorded-cases.ts'
import { startReplay, type ReplayStep } from './replay-server.ts'
import { expectLmsError } from './expect-lms-error.ts'

/** Runs `work` against a replay of `steps` and checks every step was used with the recorded request. */
async function replay<T>(steps: (string | ReplayStep)[], work: (adapter: MoodleAdapter, calls: CallRecord[]) => Promise<T>, maxRecordsPerCall?: number): Promise<T> {
  const server = await startReplay(steps.map((s) => (typeof s === 'string' ? { case: s } : s)))
  const calls: CallRecord[] = []
  const adapter = new MoodleAdapter({ baseUrl: server.baseUrl, token: server.token, maxRecordsPerCall, observer: (c) => calls.push(c) })
  try {
    const result = await work(adapter, calls)
    assert.deepEqual(server.problems, [])
    assert.equal(server.pending(), 0, 'not every recorded step was requested')
    return result
  } finally {
    await server.close()
  }
}


const jan: NewAccount = {
  loginName: 'jan.jansen',
  password: 'Welkom#2025',
  firstName: 'Jan',
  lastName: 'Jansen',
  email: 'jan.jansen@example.com',
  externalKey: 'CV-1001',
  fields: { freefield1: 'Afdeling Noord', freefield2: 'Relatie 42' },
}

describe('Moodle adapter against recorded answers: accounts', () => {
  it('creates an account with password, manual auth, idnumber and custom fields in one call', async () => {
    const created = await replay(['core_user_create_users.happy'], (moodle) => moodle.createAccounts([jan]))
    assert.deepEqual(created, [{ lmsUserId: '4', loginName: 'jan.jansen' }])
  })

  it('creates two accounts in one call and returns their ids in order', async () => {
    const created = await replay(['core_user_create_users.happy-two-users'], (moodle) => moodle.createAccounts([
      { loginName: 'anna.a', password: 'Welkom#2025', firstName: 'Anna', lastName: 'Aalders', email: 'anna@example.com', externalKey: 'CV-1002', fields: {} },
      { loginName: 'bert.b', password: 'Welkom#2025', firstName: 'Bert', lastName: 'Bakker', email: 'bert@example.com', externalKey: 'CV-1003', fields: {} },
    ]))
    assert.deepEqual(created, [{ lmsUserId: '6', loginName: 'anna.a' }, { lmsUserId: '7', loginName: 'bert.b' }])
  })

  it('returns both accounts that share an idnumber, for the domain to raise the conflict', async () => {
    const found = await replay(['core_user_get_users_by_field.by-idnumber-duplicate'], (moodle) => moodle.findByExternalKeys(['CV-1001']))
    assert.deepEqual(found.get('CV-1001')?.map((a) => [a.lmsUserId, a.loginName]), [['4', 'jan.jansen'], ['9', 'dupidnumber']])
  })

  it('reads the account with its custom fields in neutral terms', async () => {
    const found = await replay(['core_user_get_users_by_field.by-idnumber-duplicate'], (moodle) => moodle.findByExternalKeys(['CV-1001']))
    assert.deepEqual(found.get('CV-1001')?.[0], {
      lmsUserId: '4',
      loginName: 'jan.jansen',
      externalKey: 'CV-1001',
      firstName: 'Jan',
      lastName: 'Jansen',
      email: 'jan.jansen@example.com',
      suspended: false,
      fields: { freefield1: 'Afdeling Noord', freefield2: 'Relatie 42' },
    })
  })

  it('leaves an unknown external key out of the result', async () => {
    const found = await replay(['core_user_get_users_by_field.not-found'], (moodle) => moodle.findByExternalKeys(['CV-DOES-NOT-EXIST']))
    assert.equal(found.size, 0)
  })

  it('looks several login names up in one call; unknown names are absent', async () => {
    const found = await replay(['core_user_get_users_by_field.multiple-values'], (moodle) =>
      moodle.findByLoginNames(['anna.a', 'bert.b', 'nobody.here']))
    assert.deepEqual([...found.keys()], ['anna.a', 'bert.b'])
    assert.equal(found.get('bert.b')?.lmsUserId, '7')
  })

  it('refuses an unclean login name before calling, since Moodle would fail the whole lookup', async () => {
    const error = await replay([], (moodle) => expectLmsError(moodle.findByLoginNames(['Jan.Jansen'])))
    assert.equal(error.code, 'MOODLE_LOGIN_NAME_UNCLEAN')
  })

  it('sends only changed names and e-mail address', async () => {
    const outcomes = await replay(['core_user_update_users.change-email-and-names'], (moodle) => moodle.updateAccounts([
      { lmsUserId: '6', changes: { email: 'anna.new@example.com', firstName: 'Anna-Maria', lastName: 'Aalders-de Wit' } },
    ]))
    assert.deepEqual(outcomes, [{ ok: true }])
  })

  it('changes and clears custom fields', async () => {
    const outcomes = await replay(['core_user_update_users.change-customfields'], (moodle) => moodle.updateAccounts([
      { lmsUserId: '6', changes: { fields: { freefield1: 'Afdeling Zuid', freefield2: '' } } },
    ]))
    assert.deepEqual(outcomes, [{ ok: true }])
  })

  it('reports the warning of one account and carries on with the others', async () => {
    const outcomes = await replay(['core_user_update_users.mixed-valid-and-nonexistent'], (moodle) => moodle.updateAccounts([
      { lmsUserId: '7', changes: { firstName: 'Bertus' } },
      { lmsUserId: '99998', changes: { firstName: 'Ghost' } },
    ]))
    assert.deepEqual(outcomes[0], { ok: true })
    assert.equal(outcomes[1]?.ok, false)
    assert.equal(!outcomes[1]!.ok && outcomes[1]!.error.code, 'MOODLE_INVALID_USER')
  })

  it('reports a taken e-mail address on update as MOODLE_EMAIL_TAKEN', async () => {
    const outcomes = await replay(['core_user_update_users.duplicate-email'], (moodle) =>
      moodle.updateAccounts([{ lmsUserId: '7', changes: { email: 'jan.jansen@example.com' } }]))
    assert.equal(!outcomes[0]!.ok && outcomes[0]!.error.code, 'MOODLE_EMAIL_TAKEN')
  })

  it('makes no call for an update without changes', async () => {
    const outcomes = await replay([], (moodle) => moodle.updateAccounts([{ lmsUserId: '7', changes: { fields: {} } }]))
    assert.deepEqual(outcomes, [{ ok: true }])
  })
})

describe('Moodle adapter against recorded answers: failed creates', () => {
  it('probes after an opaque invalidparameter and names the taken login name', async () => {
    const error = await replay(['core_user_create_users.duplicate-username', 'core_user_get_users_by_field.by-username'], (moodle) =>
      expectLmsError(moodle.createAccounts([{ ...jan, email: 'other1@example.com', externalKey: 'CV-9001', fields: {} }])))
    assert.equal(error.code, 'MOODLE_USERNAME_TAKEN')
    assert.equal(error.details.loginName, 'jan.jansen')
    assert.equal(error.kind, 'permanent')
  })

  it('probes the e-mail address when the login name is free and names the taken address', async () => {
    const error = await replay([
      'core_user_create_users.duplicate-email',
      { case: 'core_user_get_users_by_field.not-found', answerOnly: true },
      { case: 'core_user_get_users_by_field.by-username', answerOnly: true },
    ], (moodle) => expectLmsError(moodle.createAccounts([{ ...jan, loginName: 'dupmail', externalKey: 'CV-9010', fields: {} }])))
    assert.equal(error.code, 'MOODLE_EMAIL_TAKEN')
    assert.equal(error.details.email, 'jan.jansen@example.com')
  })

  it('keeps the opaque error when the probes find nothing', async () => {
    const error = await replay([
      'core_user_create_users.empty-firstname',
      { case: 'core_user_get_users_by_field.not-found', answerOnly: true },
      { case: 'core_user_get_users_by_field.not-found', answerOnly: true },
    ], (moodle) => expectLmsError(moodle.createAccounts([{
      loginName: 'emptyfirst', password: 'Welkom#2025', firstName: '', lastName: 'Jansen', email: 'emptyfirst@example.com', externalKey: 'CV-9006', fields: {},
    }])))
    assert.equal(error.code, 'MOODLE_INVALID_PARAMETER')
  })

  it('throws LMS_INCOMPLETE_ANSWER when PHP dropped users past max_input_vars (520 sent, 500 answered)', async () => {
    const recorded = recordedCase('core_user_create_users.batch-520-users').request.params_decoded
    const accounts: NewAccount[] = Array.from({ length: 520 }, (_, i) => ({
      loginName: `mivb520-${i}`, password: 'Welkom#2025', firstName: `Big${i}`, lastName: 'Batch520',
      email: `mivb520-${i}@example.com`, externalKey: `MIVB520-${i}`, fields: { freefield1: `a${i}`, freefield2: `b${i}` },
    }))
    assert.equal(recorded.length, 5203)
    const error = await replay([{ case: 'core_user_create_users.batch-520-users', answerOnly: true }], (moodle) =>
      expectLmsError(moodle.createAccounts(accounts)), 600)
    assert.equal(error.code, 'LMS_INCOMPLETE_ANSWER')
    assert.deepEqual([error.details.sent, error.details.answered, error.details.firstMissing], [520, 500, 'mivb520-500'])
  })

  it('reports a missing capability with the capability it needs', async () => {
    const error = await replay([{ case: 'core_user_create_users.capability-missing', answerOnly: true }], (moodle) => expectLmsError(moodle.createAccounts([jan])))
    assert.equal(error.code, 'MOODLE_CAPABILITY_MISSING')
    assert.equal(error.details.capability, 'moodle/user:create')
    assert.equal(error.kind, 'needs-admin')
  })
})

describe('Moodle adapter against recorded answers: access', () => {
  const course2 = { type: 'course', id: '2', label: 'CV-E101' } as const

  it('enrols with role, start and end; the answer null is success', async () => {
    await replay(['enrol_manual_enrol_users.with-timestart-timeend'], (moodle) =>
      moodle.grantAccess([{ lmsUserId: '6', target: course2, role: '5', timeStart: 1767225600, timeEnd: 1798761600 }]))
  })

  it('enrols several users in one call', async () => {
    await replay(['enrol_manual_enrol_users.multiple'], (moodle) => moodle.grantAccess([
      { lmsUserId: '5', target: course2, role: '5' },
      { lmsUserId: '5', target: { type: 'course', id: '3', label: 'CV-E102' }, role: '5' },
    ]))
  })

  it('tells the course without manual enrolment apart, scoped to that target', async () => {
    const error = await replay(['enrol_manual_enrol_users.course-without-manual-instance'], (moodle) =>
      expectLmsError(moodle.grantAccess([{ lmsUserId: '4', target: { type: 'course', id: '4', label: 'CV-NOMANUAL' }, role: '5' }])))
    assert.equal(error.code, 'MOODLE_NO_MANUAL_ENROL_INSTANCE')
    assert.equal(error.scope, 'target')
  })

  it('adds a cohort member by cohort id and user id', async () => {
    await replay(['core_cohort_add_cohort_members.happy-by-cohort-id'], (moodle) =>
      moodle.grantAccess([{ lmsUserId: '6', target: { type: 'cohort', id: '1', label: 'CV-COHORT-A' }, role: '5' }]))
  })

  it('takes "already a member" (warning 3) as success', async () => {
    await replay([{ case: 'core_cohort_add_cohort_members.duplicate-member', answerOnly: true }], (moodle) =>
      moodle.grantAccess([{ lmsUserId: '4', target: { type: 'cohort', id: '1', label: 'CV-COHORT-A' }, role: '5' }]))
  })

  it('throws for the other cohort warnings', async () => {
    const error = await replay([{ case: 'core_cohort_add_cohort_members.mixed-batch', answerOnly: true }], (moodle) =>
      expectLmsError(moodle.grantAccess([{ lmsUserId: '5', target: { type: 'cohort', id: '2', label: 'CV-COHORT-B' }, role: '5' }])))
    assert.equal(error.code, 'MOODLE_COHORT_NOT_FOUND')
  })

  it('unenrols and removes cohort members by numeric ids', async () => {
    await replay(['enrol_manual_unenrol_users.happy', 'core_cohort_delete_cohort_members.happy'], (moodle) => moodle.revokeAccess([
      { lmsUserId: '5', target: { type: 'course', id: '3', label: 'CV-E102' } },
      { lmsUserId: '7', target: { type: 'cohort', id: '1', label: 'CV-COHORT-A' } },
    ]))
  })

  it('takes unenrolling a user who was never enrolled as success', async () => {
    await replay([{ case: 'enrol_manual_unenrol_users.never-enrolled', answerOnly: true }], (moodle) =>
      moodle.revokeAccess([{ lmsUserId: '5', target: course2 }]))
  })

  it('refuses a non-numeric user id before calling', async () => {
    const error = await replay([], (moodle) => expectLmsError(moodle.revokeAccess([{ lmsUserId: 'jan', target: course2 }])))
    assert.equal(error.code, 'MOODLE_INVALID_PARAMETER')
  })
})

describe('Moodle adapter against recorded answers: targets and completion', () => {
  it('takes a course id as it is, without a call', async () => {
    assert.deepEqual(await replay([], (moodle) => moodle.resolveTarget({ type: 'moodle-course', by: 'id', value: '2' })),
      { type: 'course', id: '2', label: '2' })
  })

  it('resolves a course short name to its id', async () => {
    const target = await replay(['core_course_get_courses_by_field.by-shortname'], (moodle) =>
      moodle.resolveTarget({ type: 'moodle-course', by: 'shortname', value: 'CV-E102' }))
    assert.deepEqual(target, { type: 'course', id: '3', label: 'CV-E102' })
  })

  it('says which function to add (or to enter the course id) when get_courses_by_field is not in the service', async () => {
    const fn = 'core_course_get_courses_by_field'
    const error = await replay([{ case: 'auth.function-not-in-service', answerOnly: true, asFunction: fn }], (moodle) =>
      expectLmsError(moodle.resolveTarget({ type: 'moodle-course', by: 'idnumber', value: 'CV-E101' })))
    assert.equal(error.code, 'MOODLE_FUNCTION_NOT_IN_SERVICE')
    assert.match(error.message, /add core_course_get_courses_by_field to the service, or enter the numeric course id/)
    assert.equal(error.kind, 'needs-admin')
  })

  it('resolves a cohort ID number by searching the cohorts', async () => {
    const target = await replay([{ case: 'core_cohort_search_cohorts.happy', answerOnly: true }], (moodle) =>
      moodle.resolveTarget({ type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-B' }))
    assert.deepEqual(target, { type: 'cohort', id: '2', label: 'CV-COHORT-B' })
  })

  it('says to allow moodle/cohort:view or enter the cohort id when the search is not allowed', async () => {
    const error = await replay([{ case: 'core_cohort_search_cohorts.seed-caps-no-cohort-view', answerOnly: true }], (moodle) =>
      expectLmsError(moodle.resolveTarget({ type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-A' })))
    assert.equal(error.code, 'MOODLE_CAPABILITY_MISSING')
    assert.equal(error.details.capability, 'moodle/cohort:view')
    assert.match(error.message, /enter the numeric cohort id/)
  })

  it('reads course completion', async () => {
    const status = await replay(['core_completion_get_course_completion_status.before-completion'], (moodle) => moodle.completionStatus('4', '2'))
    assert.equal(status.completed, false)
    assert.deepEqual(status.criteria.map((c) => [c.title, c.complete]), [['Manager', false]])
  })

  it('reports a user who is not enrolled when completion is asked', async () => {
    const error = await replay(['core_completion_get_course_completion_status.user-not-enrolled'], (moodle) =>
      expectLmsError(moodle.completionStatus('12', '2')))
    assert.equal(error.code, 'MOODLE_USER_NOT_ENROLLED')
  })
})

describe('Moodle adapter against recorded answers: set-up problems', () => {
  it('reads HTTP 403 with an empty body as web services or REST switched off', async () => {
    const error = await replay([{ case: 'auth.webservices-disabled', answerOnly: true }], (moodle) =>
      expectLmsError(moodle.findByExternalKeys(['CV-1001'])))
    assert.equal(error.code, 'MOODLE_WEBSERVICES_DISABLED')
    assert.equal(error.kind, 'needs-admin')
    assert.equal(error.scope, 'connection')
  })

  it('reports an unknown token as MOODLE_INVALID_TOKEN and logs the call without the token', async () => {
    const [error, calls] = await replay([{ case: 'auth.invalid-token', answerOnly: true }], async (moodle, calls) =>
      [await expectLmsError(moodle.findByExternalKeys(['CV-1001'])), calls] as const)
    assert.equal(error.code, 'MOODLE_INVALID_TOKEN')
    assert.deepEqual(calls.map((c) => [c.function, c.outcome, c.errorCode, c.items]), [['core_user_get_users_by_field', 'error', 'MOODLE_INVALID_TOKEN', 1]])
  })
})

describe('Moodle adapter batching', () => {
  /** A fake create_users that answers every user it was sent, counting calls and users per call. */
  async function countingMoodle() {
    const perCall: number[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => { body += chunk })
      req.on('end', () => {
        const params = new URLSearchParams(body)
        const names = [...params.entries()].filter(([k]) => /^users\[\d+\]\[username\]$/.test(k)).map(([, v]) => v)
        perCall.push(names.length)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(names.map((username, i) => ({ id: 100 + i, username }))))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, perCall, close: () => new Promise<void>((r) => server.close(() => r())) }
  }

  it('splits 250 accounts into calls of at most 100 (max_input_vars) and returns all ids in order', async () => {
    const fake = await countingMoodle()
    const moodle = new MoodleAdapter({ baseUrl: fake.url, token: 't' })
    const accounts = Array.from({ length: 250 }, (_, i) => ({ ...jan, loginName: `user${i}`, externalKey: `K${i}` }))
    const created = await moodle.createAccounts(accounts)
    await fake.close()
    assert.deepEqual(fake.perCall, [100, 100, 50])
    assert.equal(created.length, 250)
    assert.equal(created[249]?.loginName, 'user249')
  })

  it('honours a smaller maxRecordsPerCall', async () => {
    const fake = await countingMoodle()
    const moodle = new MoodleAdapter({ baseUrl: fake.url, token: 't', maxRecordsPerCall: 2 })
    await moodle.createAccounts(Array.from({ length: 5 }, (_, i) => ({ ...jan, loginName: `user${i}` })))
    await fake.close()
    assert.deepEqual(fake.perCall, [2, 2, 1])
  })
})
