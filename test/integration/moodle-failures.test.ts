// What happens when things go wrong: a wrong set-up, an LMS that is down, a cancel that overtakes its grant.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

async function setUp(opts: { runWorkers?: boolean; token?: string } = {}) {
  const sim = createMoodleSimulator({ world: 'recorded-site' })
  const url = await sim.start(0)
  const t = await startTestApp({ runWorkers: opts.runWorkers ?? true })
  const c = await t.api('POST', '/api/v1/connections', {
    name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: opts.token ?? sim.token },
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(d.status, 201)
  return { sim, t, connectionId: c.body.id as string }
}

const person = (personId: string) => ({ personId, firstName: 'Kees', lastName: 'Kist', email1: `${personId.toLowerCase()}@example.com` })

const status = registrationReaches

describe(`failures and races (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanups) await c()
  })
  const track = <S extends { sim: Sim; t: TestApp }>(s: S): S => {
    cleanups.push(async () => {
      await s.t.stop()
      await s.sim.stop()
    })
    return s
  }

  it('leaves nothing in Moodle when the cancel arrives before the grant was processed', async () => {
    const { sim, t } = track(await setUp({ runWorkers: false }))
    const res = await t.api('POST', '/api/v1/registrations', { person: person('C1'), courseCode: 'E101' })
    await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    const usersBefore = sim.users().length
    await t.app.startWorkers()
    const done = await status(t, res.body.id, 'cancelled')
    assert.equal(sim.users().length, usersBefore, 'no account created')
    assert.equal(sim.findUsers((u) => u.idnumber === 'C1').length, 0)
    assert.equal(done.observed.lmsUserId, null)
  })

  it('raises one notification with cause and fix for an invalid token, and does not retry storm', async () => {
    const { sim, t, connectionId } = track(await setUp({ token: 'wrong-token-0000000000000000000000' }))
    const ids: string[] = []
    for (const p of ['T1', 'T2', 'T3']) {
      ids.push((await t.api('POST', '/api/v1/registrations', { person: person(p), courseCode: 'E101' })).body.id)
    }
    for (const id of ids) await status(t, id, 'needs_admin')
    const notes = await t.api('GET', '/api/v1/notifications')
    const tokenNotes = notes.body.items.filter((n: { code: string }) => n.code === 'MOODLE_INVALID_TOKEN')
    assert.equal(tokenNotes.length, 1, JSON.stringify(notes.body.items))
    assert.ok(tokenNotes[0].fix.length > 20)
    assert.match(tokenNotes[0].fix, /token/i)
    // The first failure pauses the connection: the others make no further LMS calls.
    const callsAfterSettling = sim.calls.length
    assert.ok(callsAfterSettling <= 3, `at most one call per registration before the pause, got ${callsAfterSettling}`)
    await new Promise((r) => setTimeout(r, 2_500))
    assert.equal(sim.calls.length, callsAfterSettling, 'no retries while the connection waits for a fix')
    // Fixing the token resumes the waiting registrations.
    const patched = await t.api('PATCH', `/api/v1/connections/${connectionId}`, { credentials: { token: sim.token } })
    assert.equal(patched.status, 200)
    for (const id of ids) await status(t, id, 'active')
  })

  it('raises one notification naming the capability when the web-service role lacks it', async () => {
    const { sim, t } = track(await setUp())
    sim.removeCapability('moodle/user:create')
    const a = await t.api('POST', '/api/v1/registrations', { person: person('K1'), courseCode: 'E101' })
    const b = await t.api('POST', '/api/v1/registrations', { person: person('K2'), courseCode: 'E101' })
    await status(t, a.body.id, 'needs_admin')
    await status(t, b.body.id, 'needs_admin')
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items
    assert.equal(notes.length, 1, JSON.stringify(notes))
    assert.equal(notes[0].code, 'MOODLE_CAPABILITY_MISSING')
    assert.match(notes[0].message + notes[0].fix, /user:create|Create users/)
  })

  it('completes without a second account when the LMS is down for a while, then up', async () => {
    const { sim, t } = track(await setUp())
    await sim.setDown(true)
    const res = await t.api('POST', '/api/v1/registrations', { person: person('D1'), courseCode: 'E101' })
    await status(t, res.body.id, 'retrying')
    await sim.setDown(false)
    const done = await status(t, res.body.id, 'active', 30_000)
    assert.equal(sim.findUsers((u) => u.idnumber === 'D1').length, 1)
    assert.ok(done.steps.some((s: { errorCode: string }) => s.errorCode === 'LMS_UNREACHABLE'))
  })

  it('retries an HTTP 502 from a proxy in front of Moodle and ends with one account', async () => {
    const { sim, t } = track(await setUp())
    sim.failNext(2, 502)
    const res = await t.api('POST', '/api/v1/registrations', { person: person('L1'), courseCode: 'E101' })
    await status(t, res.body.id, 'active', 30_000)
    assert.equal(sim.findUsers((u) => u.idnumber === 'L1').length, 1)
  })
})
