// Issue 7's batching: many registrations coalesced per connection into few LMS calls, and a batch that
// Moodle refuses as a whole split until the one bad record is alone.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

describe(`batched reconcile (${testDb})`, () => {
  const running: { t: TestApp; sim: Sim }[] = []
  after(async () => {
    for (const r of running) {
      await r.t.stop()
      await r.sim.stop()
    }
  })

  /** An app whose workers start only when the test says so, so that the queue holds a full batch. */
  async function setUp() {
    const sim = createMoodleSimulator({ world: 'recorded-site' })
    const url = await sim.start(0)
    const t = await startTestApp({ runWorkers: false, reconcileBatchSize: 100, workerConcurrency: 1 })
    running.push({ t, sim })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token } })
    for (const [code, id] of [['E101', '2'], ['E102', '3']]) {
      await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: id } })
    }
    const counts = async () => {
      const { rows } = await t.app.ctx.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM registrations GROUP BY status')
      return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>
    }
    const register = async (n: number, email = `b${n}@example.com`, courseCode = 'E101') => {
      const res = await t.api('POST', '/api/v1/registrations', {
        person: { personId: `B${n}`, firstName: 'Bulk', lastName: `Learner ${n}`, email1: email }, courseCode,
      })
      assert.equal(res.status, 202)
      return res.body.id as string
    }
    return { sim, t, counts, register }
  }

  it('needs at most 0.05 LMS calls per registration for a bulk of 200 new registrations', async () => {
    const { sim, t, counts, register } = await setUp()
    for (let n = 0; n < 200; n++) await register(n)
    await t.app.startWorkers()
    await eventually(async () => ((await counts()).active === 200 ? true : null), 60_000, '200 active')
    const perRegistration = sim.calls.length / 200
    assert.ok(perRegistration <= 0.05, `${sim.calls.length} calls for 200 registrations`)
    assert.equal(sim.enrolments(2).length, 200)
    assert.equal(new Set(sim.users().map((u) => u.idnumber).filter((k) => k.startsWith('B'))).size, 200)
  })

  it('isolates the one record Moodle refuses, lets the others through, and notifies for that one only', async () => {
    const { sim, t, counts, register } = await setUp()
    // Someone else's account already holds this e-mail: Moodle refuses our create with it, as a whole batch.
    sim.addUser({ username: 'other.person', firstname: 'Other', lastname: 'Person', email: 'b-taken@example.com', idnumber: 'OTHER-1' })
    for (let n = 0; n < 60; n++) await register(n, n === 37 ? 'b-taken@example.com' : undefined)
    await t.app.startWorkers()
    await eventually(async () => {
      const c = await counts()
      return (c.active ?? 0) + (c.failed ?? 0) === 60 ? c : null
    }, 60_000, 'all settled')
    const c = await counts()
    assert.equal(c.active, 59)
    assert.equal(c.failed, 1)
    const bad = (await t.api('GET', '/api/v1/registrations?status=failed')).body.items
    assert.equal(bad[0].personId, 'B37')
    assert.equal(bad[0].observed.statusCode, 'MOODLE_EMAIL_TAKEN')
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items
    assert.equal(notes.length, 1, 'one notification, for that record only')
    assert.equal(notes[0].registrationId, bad[0].id)
    assert.equal(sim.enrolments(2).length, 59)
    assert.equal(sim.findUsers((u) => u.idnumber === 'B37').length, 0)
  })

  it('gives two registrations of one person in one batch one account, and skips a cancelled one', async () => {
    const { sim, t, counts, register } = await setUp()
    await register(1, undefined, 'E101')
    await register(1, undefined, 'E102')
    await register(2, undefined, 'E101')
    const cancelled = await register(3, undefined, 'E101')
    await t.api('POST', `/api/v1/registrations/${cancelled}/cancel`)
    await t.app.startWorkers()
    await eventually(async () => {
      const c = await counts()
      return c.active === 3 && c.cancelled === 1 ? c : null
    }, 30_000, 'three active, one cancelled')
    const person1 = sim.findUsers((u) => u.idnumber === 'B1')
    assert.equal(person1.length, 1, 'one account for the person with two registrations')
    assert.ok(sim.enrolments(2).some((e) => e.userId === person1[0]!.id))
    assert.ok(sim.enrolments(3).some((e) => e.userId === person1[0]!.id))
    assert.equal(sim.findUsers((u) => u.idnumber === 'B3').length, 0, 'nothing for the registration cancelled before its grant')
  })
})
