// Accounts on a real-looking Moodle: a lookup that cannot see is never taken for "not found", and the clear
// answers for the recorded traps (e-mail in another case, deleted accounts, long names, namesakes, debug output).
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, registrationReaches as reaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

/** Generous: the suite runs beside others on a shared machine. On a timeout, says where the registration stands. */
async function registrationReaches(t: TestApp, id: string, status: string, timeoutMs = 90_000) {
  try {
    return await reaches(t, id, status, timeoutMs)
  } catch (err) {
    const r = await t.api('GET', `/api/v1/registrations/${id}`)
    throw new Error(`${(err as Error).message}; now ${JSON.stringify(r.body.observed)} steps ${JSON.stringify(r.body.steps?.slice(-4))}`)
  }
}

type Sim = ReturnType<typeof createMoodleSimulator>

export async function setUpMoodle(opts: { runWorkers?: boolean; settings?: Record<string, unknown>; mapping?: Record<string, unknown> } = {}) {
  const sim = createMoodleSimulator({ world: 'recorded-site' })
  const url = await sim.start(0)
  const t = await startTestApp({ runWorkers: opts.runWorkers ?? true })
  const c = await t.api('POST', '/api/v1/connections', {
    name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token },
    ...(opts.settings ? { settings: opts.settings } : {}), ...(opts.mapping ? { mapping: opts.mapping } : {}),
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  return { sim, t, connectionId: c.body.id as string }
}

const person = (personId: string, extra: Record<string, unknown> = {}) =>
  ({ personId, firstName: 'Kees', lastName: 'Kist', email1: `${personId.toLowerCase()}@example.com`, ...extra })

describe(`Moodle accounts (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  // Each test's app and simulator stop right after it: idle apps would keep polling the queue beside the next test.
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
  })
  const track = async <S extends { sim: Sim; t: TestApp }>(s: Promise<S>): Promise<S> => {
    const set = await s
    cleanups.push(async () => {
      await set.t.stop()
      await set.sim.stop()
    })
    return set
  }

  it('creates no second account when the web-service role lacks moodle/user:viewdetails, and says so', async () => {
    const { sim, t, connectionId } = await track(setUpMoodle())
    sim.addUser({ username: 'vera.visible', firstname: 'Vera', lastname: 'Visible', email: 'v1@example.com', idnumber: 'V1' })
    sim.removeCapability('moodle/user:viewdetails')
    const res = await t.api('POST', '/api/v1/registrations', { person: person('V1'), courseCode: 'E101' })
    const failed = await registrationReaches(t, res.body.id, 'needs_admin')
    assert.equal(failed.observed.statusCode, 'MOODLE_USER_LOOKUP_BLIND')
    assert.equal(sim.findUsers((u) => u.idnumber === 'V1').length, 1, 'no second account')
    assert.equal(sim.calls.filter((c) => c.wsfunction === 'core_user_create_users').length, 0, 'nothing created')
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items
    const blind = notes.find((n: { code: string }) => n.code === 'MOODLE_USER_LOOKUP_BLIND')
    assert.ok(blind, JSON.stringify(notes))
    assert.match(blind.title + blind.fix, /moodle\/user:viewdetails/)
    // Once the capability is back, the person gets the account that was there all along.
    sim.addCapability('moodle/user:viewdetails')
    await t.api('POST', `/api/v1/connections/${connectionId}/resume`)
    const done = await registrationReaches(t, res.body.id, 'active')
    assert.equal(done.observed.lmsUserId, String(sim.findUsers((u) => u.idnumber === 'V1')[0]!.id))
    assert.equal(sim.findUsers((u) => u.idnumber === 'V1').length, 1)
  })

  it('proves the lookup with a linked account in the same call once one exists (no extra call)', async () => {
    const { sim, t } = await track(setUpMoodle())
    const first = await t.api('POST', '/api/v1/registrations', { person: person('P1'), courseCode: 'E101' })
    await registrationReaches(t, first.body.id, 'active')
    const lookupsBefore = sim.calls.filter((c) => c.wsfunction === 'core_user_get_users_by_field').length
    const second = await t.api('POST', '/api/v1/registrations', { person: person('P2'), courseCode: 'E101' })
    await registrationReaches(t, second.body.id, 'active')
    const lookups = sim.calls.filter((c) => c.wsfunction === 'core_user_get_users_by_field').slice(lookupsBefore)
    // By idnumber with P1's key as the canary beside P2's, by username for the login name: nothing by id.
    assert.deepEqual(lookups.filter((c) => c.field === 'id'), [], JSON.stringify(lookups))
    assert.equal(lookups.find((c) => c.field === 'idnumber')?.items, 2, JSON.stringify(lookups))
    assert.equal(sim.findUsers((u) => u.idnumber === 'P2').length, 1)
  })

  it('gives namesakes numbered login names without a small limit, first come first served', async () => {
    const { sim, t } = await track(setUpMoodle({ runWorkers: false, mapping: { loginNameStrategy: 'firstname-prefix-lastname' } }))
    // janjansen and janjansen2..janjansen11 belong to other people already.
    for (let n = 1; n <= 11; n++) {
      sim.addUser({ username: n === 1 ? 'janjansen' : `janjansen${n}`, firstname: 'Jan', lastname: 'Jansen', email: `other${n}@example.com`, idnumber: `OTHER-${n}` })
    }
    const first = await t.api('POST', '/api/v1/registrations', { person: person('J1', { firstName: 'Jan', lastName: 'Jansen' }), courseCode: 'E101' })
    const second = await t.api('POST', '/api/v1/registrations', { person: person('J2', { firstName: 'Jan', lastName: 'Jansen' }), courseCode: 'E101' })
    await t.app.startWorkers()
    const a = await registrationReaches(t, first.body.id, 'active', 60_000)
    const b = await registrationReaches(t, second.body.id, 'active', 60_000)
    assert.equal(a.observed.loginName, 'janjansen12', 'the first registered gets the first free name')
    assert.equal(b.observed.loginName, 'janjansen13')
  })

  it('gives of two namesakes posted one after the other the plain name to the first', async () => {
    const { t } = await track(setUpMoodle({ runWorkers: false, mapping: { loginNameStrategy: 'firstname-prefix-lastname' } }))
    const first = await t.api('POST', '/api/v1/registrations', { person: person('N1', { firstName: 'Jan', lastName: 'Jansen' }), courseCode: 'E101' })
    const second = await t.api('POST', '/api/v1/registrations', { person: person('N2', { firstName: 'Jan', lastName: 'Jansen' }), courseCode: 'E101' })
    await t.app.startWorkers()
    assert.equal((await registrationReaches(t, first.body.id, 'active', 60_000)).observed.loginName, 'janjansen')
    assert.equal((await registrationReaches(t, second.body.id, 'active', 60_000)).observed.loginName, 'janjansen2')
  })

  it('replaces an account deleted in Moodle (proven by the shape Moodle returns by id) and says so', async () => {
    const { sim, t, connectionId } = await track(setUpMoodle())
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'E102', name: 'E102', connectionId, target: { type: 'moodle-course', by: 'id', value: '3' },
    })
    const first = await t.api('POST', '/api/v1/registrations', { person: person('D1'), courseCode: 'E101' })
    const old = Number((await registrationReaches(t, first.body.id, 'active')).observed.lmsUserId)
    sim.deleteUser(old)
    const second = await t.api('POST', '/api/v1/registrations', { person: person('D1'), courseCode: 'E102' })
    const done = await registrationReaches(t, second.body.id, 'active')
    const live = sim.findUsers((u) => u.idnumber === 'D1' && !u.deleted)
    assert.equal(live.length, 1)
    assert.notEqual(live[0]!.id, old)
    assert.equal(done.observed.lmsUserId, String(live[0]!.id))
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items
    assert.ok(notes.some((n: { code: string; message: string }) => n.code === 'LMS_ACCOUNT_DELETED_RECREATED' && n.message.includes(String(old))),
      JSON.stringify(notes))
  })

  it('does not replace an account whose ID number was only changed in Moodle', async () => {
    const { sim, t, connectionId } = await track(setUpMoodle())
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'E102', name: 'E102', connectionId, target: { type: 'moodle-course', by: 'id', value: '3' },
    })
    const first = await t.api('POST', '/api/v1/registrations', { person: person('K1'), courseCode: 'E101' })
    const id = Number((await registrationReaches(t, first.body.id, 'active')).observed.lmsUserId)
    sim.state.users.get(id)!.idnumber = 'CHANGED'
    sim.state.idnumbers.get('K1')?.delete(id)
    const second = await t.api('POST', '/api/v1/registrations', { person: person('K1'), courseCode: 'E102' })
    const failed = await registrationReaches(t, second.body.id, 'needs_admin')
    assert.equal(failed.observed.statusCode, 'LMS_KNOWN_ACCOUNT_NOT_FOUND')
    assert.equal(sim.findUsers((u) => u.email === 'k1@example.com').length, 1, 'no second account')
  })

  it('sends a changed enrolment period to the registrations already granted', async () => {
    const { sim, t } = await track(setUpMoodle())
    // A new period is sent only when the enrolment's suspension can be read (kept as the LMS has it).
    sim.addFunctionToService(sim.state.services.get(2)!.shortname, 'core_enrol_get_enrolled_users')
    for (const cap of ['moodle/course:viewparticipants', 'moodle/course:enrolreview']) sim.addCapability(cap)
    const defs = (await t.api('GET', '/api/v1/course-definitions')).body.items
    const res = await t.api('POST', '/api/v1/registrations', { person: person('R1'), courseCode: 'E101' })
    const userId = Number((await registrationReaches(t, res.body.id, 'active')).observed.lmsUserId)
    assert.equal(sim.enrolments(2).find((e) => e.userId === userId)?.timeEnd, 0)
    const patched = await t.api('PATCH', `/api/v1/course-definitions/${defs[0].id}`, { enrolEnd: '2027-06-30T00:00:00.000Z' })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    const end = Date.parse('2027-06-30T00:00:00.000Z') / 1000
    try {
      await eventually(async () => sim.enrolments(2).find((e) => e.userId === userId)?.timeEnd === end, 60_000, 'new period in Moodle')
    } catch (err) {
      const r = await t.api('GET', `/api/v1/registrations/${res.body.id}`)
      throw new Error(`${(err as Error).message}; ${JSON.stringify(r.body.observed)} ${JSON.stringify(r.body.steps?.slice(-6))}`)
    }
  })

  it('clears accessRevokedAt when access is granted again', async () => {
    const { t } = await track(setUpMoodle())
    const res = await t.api('POST', '/api/v1/registrations', { person: person('A1'), courseCode: 'E101' })
    await registrationReaches(t, res.body.id, 'active')
    await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    assert.ok((await registrationReaches(t, res.body.id, 'cancelled')).observed.accessRevokedAt)
    const again = await t.api('POST', '/api/v1/registrations', { id: res.body.externalId ?? undefined, person: person('A1'), courseCode: 'E101' })
    const active = await registrationReaches(t, again.body.id, 'active')
    assert.equal(active.observed.accessRevokedAt, null)
  })
})
