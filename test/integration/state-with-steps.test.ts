// A registration's observed state and its step log become visible together: a reader polling while the
// workers run never sees a registration active without the account creation and grant that made it so.
// (Before the fix this failed within a few reads on PostgreSQL; PGlite runs one statement at a time, so there
// a read rarely lands inside the short window between the two writes.)
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

describe(`observed state and step log in one transaction (${testDb})`, () => {
  let t: TestApp
  let sim: ReturnType<typeof createMoodleSimulator>

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site', latencyMs: 10 })
    const url = await sim.start(0)
    // Small batches, two at a time: many batches settle while the reader reads.
    t = await startTestApp({ reconcileBatchSize: 15, workerConcurrency: 2 })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  it('never shows a registration active without its core_user_create_users and grant steps, read under load', async () => {
    const total = 300
    for (let start = 0; start < total; start += 100) {
      const registrations = Array.from({ length: 100 }, (_, n) => ({
        person: { personId: `L${start + n}`, firstName: 'Lotte', lastName: `Last ${start + n}`, email1: `l${start + n}@example.com` },
        courseCode: 'E101',
      }))
      const res = await t.api('POST', '/api/v1/registrations/batch', { registrations })
      assert.equal(res.status, 200)
      assert.equal(res.body.accepted, 100)
    }
    let reads = 0
    let seenMidway = 0
    const deadline = Date.now() + 120_000
    // Reads back to back (no pause), so a read lands between any two writes of a batch that are not atomic.
    for (;;) {
      // One statement: one snapshot of the state and the steps.
      const { rows } = await t.app.ctx.db.query<{ active: number; bare: string[] }>(
        `SELECT count(*)::int AS active,
                coalesce(array_agg(r.id) FILTER (WHERE
                  NOT EXISTS (SELECT 1 FROM registration_steps s WHERE s.registration_id = r.id AND s.function = 'core_user_create_users')
                  OR NOT EXISTS (SELECT 1 FROM registration_steps s WHERE s.registration_id = r.id AND s.step = 'grant-access')), '{}') AS bare
         FROM registrations r JOIN persons p ON p.id = r.person_ref
         WHERE r.status = 'active' AND p.person_id LIKE 'L%'`,
      )
      reads++
      const { active, bare } = rows[0]!
      assert.deepEqual(bare, [], `active without their steps (read ${reads})`)
      if (active > 0 && active < total) seenMidway++
      if (active === total) break
      assert.ok(Date.now() < deadline, `timed out with ${active} of ${total} active`)
      await new Promise((r) => setImmediate(r))
    }
    // An honest test: the reader saw the run in progress, not only its end.
    assert.ok(seenMidway >= 3, `the reader caught the run in progress (${seenMidway} of ${reads} reads)`)
  })
})
