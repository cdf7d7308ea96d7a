// Batches of one connection running at once (four workers, small batches, a Moodle simulator whose calls take
// time per record and that serves more calls at once than the connection may make): they choose login names and
// create accounts at the same time, yet namesakes in different batches never get the same name, no person gets a
// second account, and coursebridge never has more calls in flight than the connection's maxConcurrentCalls.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { createIliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import type { CostModel } from '../../src/lms/simulator-cost.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

/** Creates cost per user, so that a create call is still running when the next batch chooses its names. */
const slowCreates: CostModel = {
  name: 'calibrated',
  workers: 64,
  functions: { core_user_create_users: { baseMs: 20, perRecordMs: 15 }, enrol_manual_enrol_users: { baseMs: 20, perRecordMs: 2 } },
  otherMs: 10,
}

describe(`overlapping batches (${testDb})`, () => {
  const running: { t: TestApp; sim: { stop(): Promise<void> } }[] = []
  after(async () => {
    for (const r of running) {
      await r.t.stop()
      await r.sim.stop()
    }
  })

  it('gives 60 namesakes in concurrent batches 60 different login names, one account each, within maxConcurrentCalls', async () => {
    const sim = createMoodleSimulator({ world: 'recorded-site', cost: slowCreates })
    const url = await sim.start(0)
    const t = await startTestApp({ runWorkers: false, reconcileBatchSize: 10, workerConcurrency: 4 })
    running.push({ t, sim })
    // Two of the names belong to other people already.
    sim.addUser({ username: 'janjansen', firstname: 'Jan', lastname: 'Jansen', email: 'other1@example.com', idnumber: 'OTHER-1' })
    sim.addUser({ username: 'janjansen3', firstname: 'Jan', lastname: 'Jansen', email: 'other3@example.com', idnumber: 'OTHER-3' })
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token },
      settings: { maxConcurrentCalls: 3 }, mapping: { loginNameStrategy: 'firstname-prefix-lastname' },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    await t.api('POST', '/api/v1/course-definitions', { code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
    const ids: string[] = []
    for (let n = 0; n < 60; n++) {
      const res = await t.api('POST', '/api/v1/registrations', {
        person: { personId: `NS${n}`, firstName: 'Jan', lastName: 'Jansen', email1: `ns${n}@example.com` }, courseCode: 'E101',
      })
      assert.equal(res.status, 202)
      ids.push(res.body.id)
    }
    await t.app.startWorkers()
    await eventually(async () => {
      const { rows } = await t.app.ctx.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM registrations GROUP BY status')
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n]))
      return by.active === 60 ? true : null
    }, 120_000, '60 active')

    const ours = sim.users().filter((u) => u.idnumber.startsWith('NS'))
    assert.equal(ours.length, 60, 'one account per person')
    assert.equal(new Set(ours.map((u) => u.idnumber)).size, 60)
    const names = ours.map((u) => u.username)
    assert.equal(new Set(names).size, 60, 'no two persons share a login name')
    assert.ok(!names.includes('janjansen') && !names.includes('janjansen3'), 'the names of the other people stay theirs')
    assert.equal(sim.enrolments(2).filter((e) => ours.some((u) => u.id === e.userId)).length, 60)
    // Several batches worked at once, but never more calls in flight than the connection allows.
    assert.ok(sim.calls.filter((call) => call.wsfunction === 'core_user_create_users').length >= 6)
    assert.ok(sim.workers.peak <= 3, `peak ${sim.workers.peak} calls at once`)
    const { rows: failed } = await t.app.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM registration_steps WHERE outcome = 'error'")
    assert.equal(failed[0]!.n, 0, 'no call was refused on the way')
  })

  it('imports the ILIAS accounts of one batch in chunks at once, each person once', async () => {
    const soap = { client: 'tms', adminUser: 'soapadmin', adminPassword: 'Soap-Secret-1' }
    const sim = createIliasSimulator({ ...soap, cost: { name: 'calibrated', workers: 64, functions: { importUsers: { baseMs: 20, perRecordMs: 3 } }, otherMs: 5 } })
    const url = await sim.start(0)
    const t = await startTestApp({ runWorkers: false, reconcileBatchSize: 150, workerConcurrency: 1 })
    running.push({ t, sim })
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'ilias', type: 'ilias', baseUrl: url, credentials: { client: soap.client, username: soap.adminUser, password: soap.adminPassword },
      settings: { maxConcurrentCalls: 3 },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const refId = sim.addCourse({ title: 'Overlap (e-learning)' })
    await t.api('POST', '/api/v1/course-definitions', { code: 'IL-OV', name: 'IL-OV', connectionId: c.body.id, target: { type: 'ilias-course', refId: String(refId) } })
    const batch = await t.api('POST', '/api/v1/registrations/batch', { registrations: Array.from({ length: 120 }, (_, n) => ({
      person: { personId: `IO${n}`, firstName: 'Ines', lastName: `Overlap ${n}`, email1: `io${n}@example.com`, gender: 'f' }, courseCode: 'IL-OV',
    })) })
    assert.ok(batch.status < 300, JSON.stringify(batch.body).slice(0, 300))
    const importsBefore = sim.calls.importUsers ?? 0
    await t.app.startWorkers()
    await eventually(async () => {
      const { rows } = await t.app.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM registrations WHERE status = 'active'")
      return rows[0]!.n === 120 ? true : null
    }, 120_000, '120 active')
    const ours = sim.users().filter((u) => u.lastname.startsWith('Overlap '))
    assert.equal(ours.length, 120, 'one account per person')
    assert.equal(new Set(ours.map((u) => u.login)).size, 120)
    assert.equal(sim.members(refId).length, 120)
    assert.ok((sim.calls.importUsers ?? 0) - importsBefore >= 3, 'imports of at most 50 (the queue may hand the 120 over in two batches)')
    assert.ok(sim.workers.peak >= 2 && sim.workers.peak <= 3, `peak ${sim.workers.peak} calls at once`)
  })
})
