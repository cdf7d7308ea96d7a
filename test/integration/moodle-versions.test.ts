// The registration scenarios end to end against the Moodle simulator in each version profile (4.1 LTS, 4.5 LTS,
// 5.0): new, known, collision, diacritics, cancel, cancel before the grant, cohort, free fields, completion.
// On 4.1 and 5.0 the web-service role has no moodle/site:viewfullnames (the set-up of the recordings), so Moodle
// shows no names: none may ever be sent as changed, and a changed e-mail address is the only thing sent.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, moodleVersions, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

for (const version of moodleVersions) {
  describe(`registrations into Moodle ${version} (${testDb})`, () => {
    let t: TestApp
    let sim: MoodleSimulator
    const settled = (id: string, status = 'active') => registrationReaches(t, id, status)
    const person = (personId: string, extra: Record<string, unknown> = {}) => ({
      personId, firstName: 'Jan', lastName: 'Jansen', email1: `${personId.toLowerCase()}-${version}@example.com`, ...extra,
    })
    const register = async (p: Record<string, unknown>, courseCode = 'E101') => {
      const res = await t.api('POST', '/api/v1/registrations', { person: p, courseCode })
      assert.ok(res.status === 202 || res.status === 200, JSON.stringify(res.body))
      return res.body.id as string
    }
    const callsSince = (n: number) => sim.calls.slice(n)

    before(async () => {
      sim = createMoodleSimulator({ world: 'recorded-site', version })
      sim.recordParams = true
      sim.addCapability('report/completion:view')
      const url = await sim.start(0)
      // Workers start after the first test (cancel before grant).
      t = await startTestApp({ runWorkers: false })
      // The plus service: the seven functions and core_completion_get_course_completion_status for polling results.
      const c = await t.api('POST', '/api/v1/connections', {
        name: `moodle-${version}`, type: 'moodle', baseUrl: url, credentials: { token: sim.plusToken },
        mapping: { customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } },
      })
      assert.equal(c.status, 201, JSON.stringify(c.body))
      for (const [code, target] of [
        ['E101', { type: 'moodle-course', by: 'id', value: '2' }],
        ['COHORT-A', { type: 'moodle-cohort', by: 'id', value: '1' }],
      ] as const) {
        assert.equal((await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: c.body.id, target })).status, 201)
      }
    })
    after(async () => {
      await t?.stop()
      await sim?.stop()
    })

    it('leaves nothing in Moodle when the cancel arrives before the grant', async () => {
      const id = await register(person('V0'))
      await t.api('POST', `/api/v1/registrations/${id}/cancel`)
      await t.app.startWorkers()
      const done = await settled(id, 'cancelled')
      assert.equal(sim.findUsers((u) => u.idnumber === 'V0').length, 0)
      assert.equal(done.observed.lmsUserId, null)
    })

    it('creates a new person\'s account with login name, idnumber and free fields, enrolled as student', async () => {
      const done = await settled(await register(person('V1', { namePrefix: 'van der', lastName: 'Berg', freeField1: 'Team Noord' })))
      const user = sim.userById(Number(done.observed.lmsUserId))!
      assert.equal(user.username, `v1-${version}@example.com`)
      assert.equal(user.idnumber, 'V1')
      assert.equal(user.lastname, 'van der Berg')
      assert.equal(user.customfields.get('freefield1'), 'Team Noord')
      assert.equal(sim.enrolments(2).find((e) => e.userId === user.id)?.roleId, 5)
    })

    it('reuses a known account without sending its names again, and enrols it', async () => {
      const existing = sim.addUser({ username: `known-${version}`, firstname: 'Anna', lastname: 'Aalders', email: `v2-${version}@example.com`, idnumber: 'V2' })
      const before = sim.users().length
      const from = sim.calls.length
      const done = await settled(await register(person('V2', { firstName: 'Anna', lastName: 'Aalders' })))
      assert.equal(done.observed.lmsUserId, String(existing))
      assert.equal(sim.users().length, before, 'no second account')
      assert.ok(!callsSince(from).some((c) => c.wsfunction === 'core_user_update_users'), 'nothing to update: no update_users call')
      assert.ok(sim.enrolments(2).some((e) => e.userId === existing))
    })

    it('sends only the e-mail address after an e-mail change, and no enrol call', async () => {
      const id = await register(person('V3'))
      const done = await settled(id)
      const userId = Number(done.observed.lmsUserId)
      const from = sim.calls.length
      const changed = await t.api('PUT', '/api/v1/persons/V3', person('V3', { email1: `v3-new-${version}@example.com` }))
      assert.equal(changed.status, 200)
      await eventually(async () => sim.userById(userId)!.email === `v3-new-${version}@example.com`, 20_000, 'e-mail changed in Moodle')
      await settled(id)
      const calls = callsSince(from)
      const updates = calls.filter((c) => c.wsfunction === 'core_user_update_users')
      assert.equal(updates.length, 1, JSON.stringify(calls.map((c) => c.wsfunction)))
      assert.deepEqual(updates[0]!.paramNames?.filter((n) => n.startsWith('users[')).sort(), ['users[0][email]', 'users[0][id]'])
      assert.ok(!calls.some((c) => c.wsfunction === 'enrol_manual_enrol_users'), 'no enrol call: the enrolment is unchanged')
    })

    it('keeps a suspension made in Moodle when the registration is reconciled again', async () => {
      const id = await register(person('V4'))
      const userId = Number((await settled(id)).observed.lmsUserId)
      sim.enrol(userId, 2, { suspended: true })
      await t.api('PUT', '/api/v1/persons/V4', person('V4', { freeField2: 'changed' }))
      await eventually(async () => sim.userById(userId)!.customfields.get('freefield2') === 'changed', 20_000, 'free field changed')
      await settled(id)
      assert.equal(sim.enrolments(2).find((e) => e.userId === userId)?.suspended, true)
    })

    it('gives a login name taken by another person the next free numeric suffix', async () => {
      sim.addUser({ username: `shared-${version}@example.com`, firstname: 'Other', lastname: 'Person', email: `other-${version}@example.com`, idnumber: `ELSE-${version}` })
      const done = await settled(await register(person('V5', { email1: `shared-${version}@example.com` })))
      assert.equal(done.observed.loginName, `shared-${version}2@example.com`)
    })

    it('transliterates diacritics in the login name and keeps them in the name', async () => {
      const c = await t.api('POST', '/api/v1/connections', {
        name: `moodle-${version}-names`, type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token },
        mapping: { loginNameStrategy: 'firstname-prefix-lastname', externalKey: 'personId' },
      })
      await t.api('POST', '/api/v1/course-definitions', {
        code: 'NAMES', name: 'names', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '3' },
      })
      const done = await settled(await register(person('V6', { firstName: 'José', namePrefix: 'van der', lastName: 'Ñúñez-Ørsted' }), 'NAMES'))
      assert.equal(done.observed.loginName, 'josevandernunez-orsted')
      assert.equal(sim.userById(Number(done.observed.lmsUserId))!.lastname, 'van der Ñúñez-Ørsted')
    })

    it('unenrols on cancel and keeps the account', async () => {
      const id = await register(person('V7'))
      const userId = Number((await settled(id)).observed.lmsUserId)
      await t.api('POST', `/api/v1/registrations/${id}/cancel`)
      await settled(id, 'cancelled')
      assert.ok(!sim.enrolments(2).some((e) => e.userId === userId))
      assert.equal(sim.userById(userId)?.suspended, false)
    })

    it('adds to a cohort and removes from it on cancel', async () => {
      const id = await register(person('V8'), 'COHORT-A')
      const userId = Number((await settled(id)).observed.lmsUserId)
      assert.ok(sim.cohortMembers(1).includes(userId))
      await t.api('POST', `/api/v1/registrations/${id}/cancel`)
      await settled(id, 'cancelled')
      assert.ok(!sim.cohortMembers(1).includes(userId))
    })

    it('finds a completion by polling', async () => {
      const reg = await settled(await register(person('V9')))
      await sim.completeCourse(Number(reg.observed.lmsUserId), 2)
      const connectionId = (await t.api('GET', '/api/v1/connections')).body.items.find((c: { name: string }) => c.name === `moodle-${version}`).id
      assert.equal((await t.api('POST', `/api/v1/connections/${connectionId}/poll-results`)).status, 202)
      const results = await eventually(async () => {
        const r = (await t.api('GET', `/api/v1/registrations/${reg.id}`)).body.results as { attended: boolean; source: string }[]
        return r.length > 0 ? r : null
      }, 20_000, 'polled result')
      assert.equal(results[0]!.attended, true)
      assert.equal(results[0]!.source, 'moodle-poll')
    })
  })
}
