// POST /api/v1/registrations/batch: many registrations in one request (a course start, a migration),
// each entry answered on its own; a refused entry stores nothing of its own and stops none of the others.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

describe(`registrations in batches (${testDb})`, () => {
  let t: TestApp
  let sim: ReturnType<typeof createMoodleSimulator>

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const url = await sim.start(0)
    t = await startTestApp()
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token } })
    for (const [code, id] of [['E101', '2'], ['E102', '3']]) {
      const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: id } })
      assert.equal(d.status, 201)
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  const person = (personId: string) => ({ personId, firstName: 'Batch', lastName: `Learner ${personId}`, email1: `${personId.toLowerCase()}@example.com` })

  it('answers each entry as a single POST would, and refused entries store nothing of their own', async () => {
    const taken = await t.api('POST', '/api/v1/registrations', { externalId: 'REG-X', person: person('Q0'), courseCode: 'E101' })
    assert.equal(taken.status, 202)
    const res = await t.api('POST', '/api/v1/registrations/batch', {
      registrations: [
        { person: person('Q1'), courseCode: 'E101' },
        { person: person('Q2'), courseCode: 'E101' },
        { person: person('Q2'), courseCode: 'E102' },
        { person: person('Q3'), courseCode: 'NOPE' },
        { personId: 'Q-UNKNOWN', courseCode: 'E101' },
        { person: { ...person('Q4'), lastName: 42 }, courseCode: 'E101' },
        { externalId: 'REG-X', person: person('Q5'), courseCode: 'E101' },
        { personId: 'Q1', courseCode: 'E102' },
        'not an object',
      ],
    })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const { results } = res.body
    assert.deepEqual(results.map((r: { index: number; status: number }) => [r.index, r.status]),
      [[0, 202], [1, 202], [2, 202], [3, 422], [4, 422], [5, 400], [6, 409], [7, 202], [8, 400]])
    assert.deepEqual([res.body.accepted, res.body.unchanged, res.body.refused], [4, 0, 5])
    assert.equal(results[3].error.code, 'COURSE_DEFINITION_NOT_FOUND')
    assert.equal(results[4].error.code, 'PERSON_NOT_FOUND')
    assert.equal(results[5].error.code, 'INVALID_INPUT')
    assert.ok(results[5].error.details.some((d: { path: string }) => d.path === 'person.lastName'))
    assert.equal(results[6].error.code, 'REGISTRATION_ID_CONFLICT')
    assert.equal(results[0].registration.personId, 'Q1')
    assert.equal(results[2].registration.courseCode, 'E102')
    // Nothing stored for the refused entries: neither the person of the unknown course nor of the conflict.
    for (const id of ['Q3', 'Q4', 'Q5']) assert.equal((await t.api('GET', `/api/v1/persons/${id}`)).status, 404, id)

    const done = await Promise.all([0, 1, 2, 7].map((n) => registrationReaches(t, results[n].registration.id, 'active')))
    // One account per person, however many of the person's registrations came in the batch.
    assert.equal(done[1].observed.lmsUserId, done[2].observed.lmsUserId)
    assert.equal(done[0].observed.lmsUserId, done[3].observed.lmsUserId)
    for (const id of ['Q1', 'Q2']) assert.equal(sim.findUsers((u) => u.idnumber === id).length, 1)
    const q2 = Number(done[1].observed.lmsUserId)
    assert.ok(sim.enrolments(2).some((e) => e.userId === q2) && sim.enrolments(3).some((e) => e.userId === q2))
  })

  it('takes the same batch again as unchanged: 200 for each entry, no second account or enrolment', async () => {
    const body = { registrations: [{ person: person('R1'), courseCode: 'E101' }, { externalId: 'REG-R2', person: person('R2'), courseCode: 'E101' }] }
    const first = await t.api('POST', '/api/v1/registrations/batch', body)
    assert.deepEqual(first.body.results.map((r: { status: number }) => r.status), [202, 202])
    await Promise.all(first.body.results.map((r: { registration: { id: string } }) => registrationReaches(t, r.registration.id, 'active')))
    const again = await t.api('POST', '/api/v1/registrations/batch', body)
    assert.deepEqual(again.body.results.map((r: { status: number }) => r.status), [200, 200])
    assert.deepEqual(again.body.results.map((r: { registration: { id: string } }) => r.registration.id),
      first.body.results.map((r: { registration: { id: string } }) => r.registration.id))
    assert.equal(again.body.results[0].registration.observed.status, 'active', 'nothing queued again')
    for (const id of ['R1', 'R2']) {
      const users = sim.findUsers((u) => u.idnumber === id)
      assert.equal(users.length, 1)
      assert.equal(sim.enrolments(2).filter((e) => e.userId === users[0]!.id).length, 1)
    }
  })

  it('refuses a batch that is not one with 400 and stores nothing', async () => {
    for (const body of [{}, { registrations: [] }, { registrations: 'x' }, { registrations: Array.from({ length: 501 }, (_, n) => ({ person: person(`Z${n}`), courseCode: 'E101' })) },
      { registrations: [{ person: person('Z1'), courseCode: 'E101' }], extra: true }]) {
      const res = await t.api('POST', '/api/v1/registrations/batch', body)
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80))
      assert.equal(res.body.error.code, 'INVALID_INPUT')
    }
    assert.equal((await t.api('GET', '/api/v1/persons/Z1')).status, 404)
    assert.equal((await t.api('GET', '/api/v1/persons/Z0')).status, 404)
  })

  it('replays the answer for a repeated Idempotency-Key', async () => {
    const body = { registrations: [{ person: person('S1'), courseCode: 'E101' }] }
    const first = await t.api('POST', '/api/v1/registrations/batch', body, { 'idempotency-key': 'batch-s1' })
    const again = await t.api('POST', '/api/v1/registrations/batch', body, { 'idempotency-key': 'batch-s1' })
    assert.equal(first.body.results[0].status, 202)
    assert.deepEqual(again.body, first.body)
  })

  it('answers single POSTs that come at once each as if it came alone, and stores them together', async () => {
    const taken = await t.api('POST', '/api/v1/registrations', { externalId: 'REG-G', person: person('G40'), courseCode: 'E101' })
    assert.equal(taken.status, 202)
    const fresh = Array.from({ length: 24 }, (_, n) => ({ person: person(`G${n}`), courseCode: 'E101' }))
    const bodies = [
      ...fresh,
      { person: person('G0'), courseCode: 'E101' }, // the same registration as the first, at the same moment
      { person: person('G30'), courseCode: 'NOPE' },
      { personId: 'G-UNKNOWN', courseCode: 'E101' },
      { externalId: 'REG-G', person: person('G41'), courseCode: 'E101' },
      { person: { ...person('G42'), lastName: 42 }, courseCode: 'E101' },
    ]
    const answers = await Promise.all(bodies.map((b) => t.api('POST', '/api/v1/registrations', b)))
    for (const [n, a] of answers.slice(0, 24).entries()) {
      assert.equal(a.status, 202, JSON.stringify(a.body))
      assert.equal(a.body.personId, `G${n}`)
      assert.equal(a.body.courseCode, 'E101')
    }
    // One of the two for G0 created it, the other found it: one registration, answered 202 and 200.
    assert.deepEqual([answers[0]!.status, answers[24]!.status].sort(), [200, 202])
    assert.equal(answers[24]!.body.id, answers[0]!.body.id)
    assert.deepEqual(answers.slice(25).map((a) => [a.status, a.body.error.code]), [
      [422, 'COURSE_DEFINITION_NOT_FOUND'], [422, 'PERSON_NOT_FOUND'], [409, 'REGISTRATION_ID_CONFLICT'], [400, 'INVALID_INPUT'],
    ])
    for (const id of ['G30', 'G41', 'G42']) assert.equal((await t.api('GET', `/api/v1/persons/${id}`)).status, 404, id)
    // Stored together: rows written by one statement share its transaction's time. (The embedded database
    // answers in this process without waiting on a socket, so there a request seldom finds another's running.)
    const ids = answers.slice(0, 24).map((a) => a.body.id as string)
    if (testDb === 'postgres') {
      const { rows } = await t.app.ctx.db.query<{ n: number }>('SELECT count(DISTINCT created_at)::int AS n FROM registrations WHERE id = ANY($1)', [ids])
      assert.ok(rows[0]!.n <= 4, `${rows[0]!.n} statements for 24 registrations`)
    }
    await Promise.all(ids.map((id) => registrationReaches(t, id, 'active')))
    for (let n = 0; n < 24; n++) assert.equal(sim.findUsers((u) => u.idnumber === `G${n}`).length, 1)
  })
})
