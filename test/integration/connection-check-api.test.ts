// POST /api/v1/connections/{id}/check on PGlite and PostgreSQL: a Moodle connection checked with the
// account coursebridge linked, a blocked connection unblocked by a passing check, and sandboxes.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { setConnectionBlocked } from '../../src/store/connections.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Item = { id: string; status: string; detail: string; required: boolean; fix?: { adminUrl: string } }
const item = (items: Item[], id: string) => items.find((i) => i.id === id)!
const failures = (items: Item[]) => items.filter((i) => i.status === 'fail').map((i) => i.id)

describe(`connection check API (${testDb})`, () => {
  let t: TestApp
  let sim: MoodleSimulator
  let moodleId: string
  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const url = await sim.start(0)
    t = await startTestApp()
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'moodle', type: 'moodle', baseUrl: url, environment: 'training', credentials: { token: sim.token },
      mapping: { customFields: { freeField1: 'freefield1' } },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    moodleId = c.body.id
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'E101', name: 'E101', connectionId: moodleId, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    assert.equal(d.status, 201)
    const r = await t.api('POST', '/api/v1/registrations', {
      person: { personId: 'P-1', firstName: 'Kees', lastName: 'Kist', email1: 'kees@example.com', freeField1: 'Team A' }, courseCode: 'E101',
    })
    assert.equal(r.status, 202, JSON.stringify(r.body))
    await eventually(async () => (await t.api('GET', `/api/v1/registrations/${r.body.id}`)).body.observed.status === 'active', 20_000, 'registration active')
  })
  after(async () => {
    await t.stop()
    await sim.stop()
  })

  it('checks a correct Moodle connection with the account coursebridge linked, and changes nothing', async () => {
    const users = sim.users().length
    const enrolled = sim.enrolments(2).length
    const res = await t.api('POST', `/api/v1/connections/${moodleId}/check`)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.connectionId, moodleId)
    assert.equal(res.body.ok, true)
    assert.ok(!Number.isNaN(Date.parse(res.body.checkedAt)))
    assert.deepEqual(failures(res.body.items), [])
    assert.match(item(res.body.items, 'capability:moodle/user:viewdetails').detail, /linked by coursebridge/)
    assert.equal(item(res.body.items, 'profile-field:freefield1').status, 'pass')
    assert.equal(item(res.body.items, 'showuseridentity').status, 'pass')
    assert.equal(sim.users().length, users)
    assert.equal(sim.enrolments(2).length, enrolled)
  })

  it('keeps a blocked connection blocked while a step fails, and unblocks it once the check passes', async () => {
    await setConnectionBlocked(t.app.ctx.db, moodleId, 'MOODLE_CAPABILITY_MISSING')
    sim.removeCapability('moodle/user:create')
    try {
      const failing = await t.api('POST', `/api/v1/connections/${moodleId}/check`)
      assert.equal(failing.body.ok, false)
      assert.deepEqual(failures(failing.body.items), ['capability:moodle/user:create'])
      assert.match(item(failing.body.items, 'capability:moodle/user:create').fix!.adminUrl, /\/admin\/roles\/manage\.php$/)
      assert.equal((await t.api('GET', `/api/v1/connections/${moodleId}`)).body.blockedCode, 'MOODLE_CAPABILITY_MISSING')
    } finally {
      sim.addCapability('moodle/user:create')
    }
    const passing = await t.api('POST', `/api/v1/connections/${moodleId}/check`)
    assert.equal(passing.body.ok, true)
    assert.equal(passing.body.unblocked, true)
    assert.equal((await t.api('GET', `/api/v1/connections/${moodleId}`)).body.blockedCode, null)
  })

  it('checks a Moodle sandbox against its simulator: all green', async () => {
    const c = await t.api('POST', '/api/v1/connections', { name: 'sandbox-moodle', type: 'sandbox', environment: 'training', settings: { sandboxLms: 'moodle' } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'DEMO-101', name: 'Demo', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    const res = await t.api('POST', `/api/v1/connections/${c.body.id}/check`)
    assert.equal(res.body.ok, true)
    assert.deepEqual(failures(res.body.items), [])
    assert.equal(item(res.body.items, 'site').status, 'pass')
    assert.equal(item(res.body.items, 'capability:enrol/manual:enrol').status, 'pass')
  })

  it('plays the Moodle version a sandbox names: 5.0 without moodle/site:viewfullnames fails that item only', async () => {
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'sandbox-moodle-50', type: 'sandbox', environment: 'training', settings: { sandboxLms: 'moodle', sandboxMoodleVersion: '5.0' },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'DEMO-50', name: 'Demo', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    const res = await t.api('POST', `/api/v1/connections/${c.body.id}/check`)
    assert.deepEqual(failures(res.body.items), ['capability:moodle/site:viewfullnames'])
    assert.match(item(res.body.items, 'moodle-version').detail, /^Moodle 5\.0/)
    const refused = await t.api('POST', '/api/v1/connections', {
      name: 'sandbox-moodle-39', type: 'sandbox', settings: { sandboxLms: 'moodle', sandboxMoodleVersion: '3.9' },
    })
    assert.equal(refused.status, 400)
  })

  it('checks an ILIAS sandbox against its simulator: all green', async () => {
    const c = await t.api('POST', '/api/v1/connections', { name: 'sandbox-ilias', type: 'sandbox', environment: 'training', settings: { sandboxLms: 'ilias' } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const res = await t.api('POST', `/api/v1/connections/${c.body.id}/check`)
    assert.equal(res.body.ok, true, JSON.stringify(res.body.items))
    assert.deepEqual(failures(res.body.items), [])
    assert.equal(item(res.body.items, 'login').status, 'pass')
  })

  it('answers 404 for an unknown connection', async () => {
    const res = await t.api('POST', '/api/v1/connections/00000000-0000-0000-0000-000000000000/check')
    assert.equal(res.status, 404)
    assert.equal(res.body.error.code, 'CONNECTION_NOT_FOUND')
  })
})
