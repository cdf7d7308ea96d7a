// Issue 2's "done when", end to end: the real API, the real queue and database (TEST_DB), the Moodle
// adapter over HTTP against the Moodle simulator on loopback.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

const student = '5'

describe(`registrations reconciled into Moodle (${testDb})`, () => {
  let t: TestApp
  let sim: Sim
  let connectionId: string

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const url = await sim.start(0)
    t = await startTestApp()
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token },
      mapping: { customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    connectionId = c.body.id
    for (const [code, target] of [
      ['E101', { type: 'moodle-course', by: 'id', value: '2' }],
      ['E102', { type: 'moodle-course', by: 'id', value: '3' }],
      ['COHORT-A', { type: 'moodle-cohort', by: 'id', value: '1' }],
    ] as const) {
      const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId, target })
      assert.equal(d.status, 201, JSON.stringify(d.body))
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  const settled = (id: string, status = 'active') => registrationReaches(t, id, status)

  const person = (personId: string, extra: Record<string, unknown> = {}) => ({
    personId, firstName: 'Jan', lastName: 'Jansen', email1: `${personId.toLowerCase()}@example.com`, ...extra,
  })

  it('creates the account of a new person with login name, idnumber and profile fields, enrolled as student', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P100', { namePrefix: 'van der', lastName: 'Berg', freeField1: 'Team Noord' }), courseCode: 'E101',
    })
    assert.equal(res.status, 202)
    const done = await settled(res.body.id)
    const user = sim.userById(Number(done.observed.lmsUserId))!
    assert.equal(user.username, 'p100@example.com')
    assert.equal(user.idnumber, 'P100')
    assert.equal(user.lastname, 'van der Berg')
    assert.equal(user.customfields.get('freefield1'), 'Team Noord')
    const enrolment = sim.enrolments(2).find((e) => e.userId === user.id)
    assert.equal(String(enrolment?.roleId), student)
    assert.ok(done.steps.some((s: { function: string }) => s.function === 'core_user_create_users'))
  })

  it('reuses the account of a person Moodle already knows by idnumber, and updates its changed data', async () => {
    const existing = sim.addUser({ username: 'anna.old', firstname: 'Anna', lastname: 'Oud', email: 'anna.old@example.com', idnumber: 'P200' })
    const before = sim.users().length
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P200', { firstName: 'Anna', lastName: 'Nieuw', email1: 'anna.old@example.com' }), courseCode: 'E101',
    })
    const done = await settled(res.body.id)
    assert.equal(done.observed.lmsUserId, String(existing))
    assert.equal(sim.users().length, before, 'no second account')
    assert.equal(sim.userById(existing)!.lastname, 'Nieuw')
    assert.equal(sim.userById(existing)!.username, 'anna.old', 'the login name of an existing account is kept')
    assert.ok(sim.enrolments(2).some((e) => e.userId === existing))
  })

  it('gives a login name taken by another person the next free numeric suffix', async () => {
    sim.addUser({ username: 'shared@example.com', firstname: 'Other', lastname: 'Person', email: 'other@example.com', idnumber: 'SOMEONE-ELSE' })
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P300', { email1: 'shared@example.com' }), courseCode: 'E101',
    })
    const done = await settled(res.body.id)
    assert.equal(done.observed.loginName, 'shared2@example.com')
  })

  it('adds the person to a cohort, and on cancel removes them from it and keeps the account', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P400'), courseCode: 'COHORT-A' })
    const done = await settled(res.body.id)
    const userId = Number(done.observed.lmsUserId)
    assert.ok(sim.cohortMembers(1).includes(userId))
    const cancel = await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    assert.equal(cancel.status, 202)
    const cancelled = await settled(res.body.id, 'cancelled')
    assert.ok(!sim.cohortMembers(1).includes(userId))
    assert.ok(sim.userById(userId), 'the account is still there')
    assert.equal(sim.userById(userId)!.suspended, false, 'and not suspended')
    assert.ok(cancelled.observed.accessRevokedAt)
  })

  it('unenrols on cancel and never deletes the account', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P500'), courseCode: 'E102' })
    const done = await settled(res.body.id)
    const userId = Number(done.observed.lmsUserId)
    assert.ok(sim.enrolments(3).some((e) => e.userId === userId))
    await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    await settled(res.body.id, 'cancelled')
    assert.ok(!sim.enrolments(3).some((e) => e.userId === userId))
    assert.ok(sim.userById(userId))
  })

  it('posting the same registration twice, or with the same Idempotency-Key, gives one enrolment', async () => {
    const body = { externalId: 'REG-600', person: person('P600'), courseCode: 'E101' }
    const first = await t.api('POST', '/api/v1/registrations', body, { 'idempotency-key': 'k-600' })
    const again = await t.api('POST', '/api/v1/registrations', body, { 'idempotency-key': 'k-600' })
    const third = await t.api('POST', '/api/v1/registrations', body)
    assert.deepEqual(again.body, first.body)
    assert.equal(third.body.id, first.body.id)
    const done = await settled(first.body.id)
    const userId = Number(done.observed.lmsUserId)
    assert.equal(sim.enrolments(2).filter((e) => e.userId === userId).length, 1)
    assert.equal(sim.findUsers((u) => u.idnumber === 'P600').length, 1)
    const reused = await t.api('POST', '/api/v1/registrations', { ...body, courseCode: 'E102' }, { 'idempotency-key': 'k-600' })
    assert.equal(reused.status, 422)
    assert.equal(reused.body.error.code, 'IDEMPOTENCY_KEY_REUSED')
  })

  it('takes a person sent again unchanged (its fields in another order) as unchanged: nothing to carry to Moodle', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P650', { namePrefix: 'de' }), courseCode: 'E101' })
    await settled(res.body.id)
    const callsBefore = sim.calls.length
    const reordered = Object.fromEntries(Object.entries(person('P650', { namePrefix: 'de' })).reverse())
    assert.equal((await t.api('PUT', '/api/v1/persons/P650', reordered)).status, 200)
    const again = await t.api('POST', '/api/v1/registrations', { person: reordered, courseCode: 'E101' })
    assert.equal(again.status, 200, 'already active')
    assert.equal(again.body.observed.status, 'active', 'not queued for another reconcile')
    assert.equal((await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body.observed.status, 'active')
    const changed = await t.api('PUT', '/api/v1/persons/P650', { ...reordered, lastName: 'Jansen-Smit' })
    assert.equal(changed.status, 200)
    assert.equal((await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body.observed.status, 'pending', 'a real change is carried over')
    const done = await settled(res.body.id)
    assert.equal(sim.userById(Number(done.observed.lmsUserId))!.lastname, 'de Jansen-Smit')
    assert.ok(sim.calls.length > callsBefore)
  })

  it('waits with a notification when the first name is empty, makes no LMS call, and completes after the fix', async () => {
    const callsBefore = sim.calls.length
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P700', { firstName: '' }), courseCode: 'E101' })
    const waiting = await settled(res.body.id, 'waiting_for_data')
    assert.equal(waiting.observed.statusCode, 'PERSON_FIRST_NAME_MISSING')
    assert.equal(waiting.notifications.length, 1)
    assert.match(waiting.notifications[0].fix, /first name/i)
    assert.equal(sim.calls.length, callsBefore, 'no LMS call')
    assert.equal(sim.findUsers((u) => u.idnumber === 'P700').length, 0)
    const fixed = await t.api('PUT', '/api/v1/persons/P700', person('P700', { firstName: 'Piet' }))
    assert.equal(fixed.status, 200)
    const done = await settled(res.body.id)
    assert.equal(sim.userById(Number(done.observed.lmsUserId))!.firstname, 'Piet')
    assert.equal(done.notifications.length, 0, 'the notification is resolved')
  })

  it('gives "José Ñúñez-Ørsted", prefix "van der", the expected Moodle login name under each strategy', async () => {
    const expected = {
      'email': 'jose.nunez@example.com',
      'firstname-prefix-lastname': 'josevandernunez-orsted',
      'initial-prefix-lastname': 'jvandernunez-orsted',
      'external-id': 'ext-77',
    } as const
    for (const [strategy, loginName] of Object.entries(expected)) {
      const c = await t.api('POST', '/api/v1/connections', {
        name: `moodle-${strategy}`, type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token },
        mapping: { loginNameStrategy: strategy, externalKey: 'personId' },
      })
      assert.equal(c.status, 201, JSON.stringify(c.body))
      await t.api('POST', '/api/v1/course-definitions', {
        code: `S-${strategy}`, name: strategy, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '3' },
      })
      const res = await t.api('POST', '/api/v1/registrations', {
        person: {
          personId: `JOSE-${strategy}`, externId: 'EXT-77', firstName: 'José', namePrefix: 'van der', lastName: 'Ñúñez-Ørsted',
          // Moodle keeps e-mail addresses unique: each strategy's person gets its own.
          email1: strategy === 'email' ? 'Jose.Nunez@example.com' : `jose-${strategy}@example.com`,
        },
        courseCode: `S-${strategy}`,
      })
      const done = await settled(res.body.id)
      assert.equal(done.observed.loginName, loginName, strategy)
      const user = sim.userById(Number(done.observed.lmsUserId))!
      assert.equal(user.username, loginName)
      assert.equal(user.lastname, 'van der Ñúñez-Ørsted', 'the name itself keeps its diacritics')
    }
  })
})
