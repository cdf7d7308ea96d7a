// What happens with ILIAS when things go wrong: a wrong SOAP password, ILIAS down for a while, a cancel
// that overtakes its grant — through the real API, queue and database (TEST_DB) and the ILIAS simulator.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

const soap = { client: 'tms', username: 'soapadmin', password: 'Soap-Secret-1' }

async function setUp(opts: { runWorkers?: boolean; password?: string; workerConcurrency?: number; mapping?: Record<string, unknown> } = {}) {
  const sim = createIliasSimulator({ client: soap.client, adminUser: soap.username, adminPassword: soap.password })
  const url = await sim.start(0)
  const courseRef = sim.addCourse({ title: 'Safety basics (e-learning)' })
  const t = await startTestApp({ runWorkers: opts.runWorkers ?? true, workerConcurrency: opts.workerConcurrency ?? 2 })
  const c = await t.api('POST', '/api/v1/connections', {
    name: 'ilias', type: 'ilias', baseUrl: url, credentials: { ...soap, password: opts.password ?? soap.password }, mapping: opts.mapping,
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'IL101', name: 'IL101', connectionId: c.body.id, target: { type: 'ilias-course', refId: String(courseRef) },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  return { sim, t, courseRef, connectionId: c.body.id as string }
}

const person = (personId: string) => ({ personId, firstName: 'Kees', lastName: 'Kist', email1: `${personId.toLowerCase()}@example.com` })

const status = registrationReaches

const totalCalls = (sim: IliasSimulator) => Object.values(sim.calls).reduce((sum, n) => sum + n, 0)

describe(`ILIAS failures and races (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanups) await c()
  })
  const track = <S extends { sim: IliasSimulator; t: TestApp }>(s: S) => {
    cleanups.push(async () => {
      await s.t.stop()
      await s.sim.stop()
    })
    return s
  }

  it('leaves nothing in ILIAS when the cancel arrives before the grant was processed', async () => {
    const { sim, t, courseRef } = track(await setUp({ runWorkers: false }))
    const callsBefore = totalCalls(sim) // saving the course definition looked its ref id up
    const res = await t.api('POST', '/api/v1/registrations', { person: person('C1'), courseCode: 'IL101' })
    await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    const usersBefore = sim.users().length
    await t.app.startWorkers()
    const done = await status(t, res.body.id, 'cancelled')
    assert.equal(sim.users().length, usersBefore, 'no account created')
    assert.equal(sim.users().filter((u) => u.importId === 'tms_person_C1').length, 0)
    assert.deepEqual(sim.members(courseRef), [])
    assert.equal(totalCalls(sim), callsBefore, 'not a single SOAP call for the registration')
    assert.equal(done.observed.lmsUserId, null)
  })

  it('raises one ILIAS_LOGIN_FAILED with cause and fix for a wrong SOAP password, pauses, and resumes when it is fixed', async () => {
    const { sim, t, courseRef, connectionId } = track(await setUp({ password: 'wrong-password' }))
    // Saving the course definition tried one login (refused: the definition is saved not verified).
    const setupLogins = sim.calls.login ?? 0
    assert.equal(setupLogins, 1)
    const ids: string[] = []
    for (const p of ['T1', 'T2', 'T3']) {
      ids.push((await t.api('POST', '/api/v1/registrations', { person: person(p), courseCode: 'IL101' })).body.id)
    }
    for (const id of ids) {
      const r = await status(t, id, 'needs_admin')
      assert.equal(r.observed.statusCode, 'ILIAS_LOGIN_FAILED')
    }
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items
    const loginNotes = notes.filter((n: { code: string }) => n.code === 'ILIAS_LOGIN_FAILED')
    assert.equal(loginNotes.length, 1, JSON.stringify(notes))
    assert.equal(notes.length, 1, 'nothing else is raised')
    assert.match(loginNotes[0].cause, /password/)
    assert.match(loginNotes[0].fix, /password/)
    assert.equal(loginNotes[0].connectionId, connectionId)
    const connection = (await t.api('GET', `/api/v1/connections/${connectionId}`)).body
    assert.equal(connection.blockedCode, 'ILIAS_LOGIN_FAILED', 'the connection is paused')
    // A wrong password counts towards ILIAS's login-attempt lock: at most one login per registration.
    const logins = sim.calls.login ?? 0
    assert.ok(logins - setupLogins >= 1 && logins - setupLogins <= 3, `at most one login per registration before the pause, got ${logins - setupLogins}`)
    assert.equal(totalCalls(sim), logins, 'nothing but the refused logins')
    await new Promise((r) => setTimeout(r, 2_500))
    assert.equal(totalCalls(sim), logins, 'no retries while the connection waits for a fix')

    const patched = await t.api('PATCH', `/api/v1/connections/${connectionId}`, { credentials: { password: soap.password } })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    for (const id of ids) await status(t, id, 'active')
    assert.equal(sim.members(courseRef).length, 3)
    assert.equal((await t.api('GET', '/api/v1/notifications')).body.items.length, 0, 'the notification is resolved')
    assert.equal((await t.api('GET', `/api/v1/connections/${connectionId}`)).body.blockedCode, null)
  })

  it('completes with one account when ILIAS is down for a while, then up', async () => {
    const { sim, t, courseRef } = track(await setUp())
    await sim.setDown(true)
    const res = await t.api('POST', '/api/v1/registrations', { person: person('D1'), courseCode: 'IL101' })
    const retrying = await status(t, res.body.id, 'retrying')
    assert.equal(retrying.observed.statusCode, 'LMS_UNREACHABLE')
    await sim.setDown(false)
    const done = await status(t, res.body.id, 'active', 30_000)
    const accounts = sim.users().filter((u) => u.importId === 'tms_person_D1')
    assert.equal(accounts.length, 1)
    assert.deepEqual(sim.members(courseRef), [{ usrId: accounts[0]!.usrId, role: 'Member' }])
    assert.ok(done.steps.some((s: { errorCode: string }) => s.errorCode === 'LMS_UNREACHABLE'))
  })

  it('retries HTTP 503s from ILIAS and ends with one account', async () => {
    const { sim, t } = track(await setUp())
    sim.failNext(2, 503)
    const res = await t.api('POST', '/api/v1/registrations', { person: person('H1'), courseCode: 'IL101' })
    const done = await status(t, res.body.id, 'active', 30_000)
    assert.equal(sim.users().filter((u) => u.importId === 'tms_person_H1').length, 1)
    assert.ok(done.steps.some((s: { errorCode: string }) => s.errorCode === 'ILIAS_HTTP_ERROR'))
  })

  it('gives Jan Jansens registered moments apart (several workers, several batches) each a login, none refused as taken', async () => {
    const { sim, t, courseRef } = track(await setUp({ workerConcurrency: 4, mapping: { loginNameStrategy: 'initial-prefix-lastname' } }))
    sim.latencyMs = 40 // lets the batches overlap between the login lookup and the import
    const ids: string[] = []
    for (const p of ['J1', 'J2', 'J3', 'J4', 'J5']) {
      ids.push((await t.api('POST', '/api/v1/registrations', { person: { ...person(p), firstName: 'Jan', lastName: 'Jansen' }, courseCode: 'IL101' })).body.id)
      await new Promise((r) => setTimeout(r, 60))
    }
    const logins: string[] = []
    for (const id of ids) logins.push((await status(t, id, 'active', 30_000)).observed.loginName)
    assert.deepEqual([...logins].sort(), ['JJansen', 'JJansen2', 'JJansen3', 'JJansen4', 'JJansen5'])
    assert.equal(sim.members(courseRef).length, 5)
  })

  it('logs in again when ILIAS dropped the SOAP session between two registrations', async () => {
    const { sim, t } = track(await setUp())
    const first = await t.api('POST', '/api/v1/registrations', { person: person('S1'), courseCode: 'IL101' })
    await status(t, first.body.id, 'active')
    sim.expireSessions()
    const second = await t.api('POST', '/api/v1/registrations', { person: person('S2'), courseCode: 'IL101' })
    const done = await status(t, second.body.id, 'active')
    assert.equal(done.notifications.length, 0)
    assert.equal(sim.calls.login, 2)
  })
})
