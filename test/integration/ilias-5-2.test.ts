// ILIAS as it really is: registrations through the API, queue and database against the simulator in its
// '5.2' profile (the live ILIAS 5.2.7 with its defaults: Gender required, m/f only, nothing exported).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { eventually, startTestApp, testDb, type TestApp, registrationReaches } from '../helpers/test-app.ts'

const soap = { client: 'cbilias', username: 'soapadmin', password: 'Soap-Secret-1' }

const person = (personId: string, extra: Record<string, unknown> = {}) => ({
  personId, firstName: 'Jan', lastName: 'Jansen', email1: `${personId.toLowerCase()}@example.com`, ...extra,
})

describe(`registrations into a default ILIAS 5.2 (${testDb})`, () => {
  let t: TestApp
  let sim: IliasSimulator
  let courseRef: number
  let connectionId: string

  before(async () => {
    sim = createIliasSimulator({ client: soap.client, adminUser: soap.username, adminPassword: soap.password, profile: '5.2' })
    const url = await sim.start(0)
    t = await startTestApp()
    courseRef = sim.addCourse({ title: 'Safety basics (e-learning)' })
    const c = await t.api('POST', '/api/v1/connections', { name: 'ilias 5.2', type: 'ilias', baseUrl: url, credentials: soap, mapping: {} })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    connectionId = c.body.id
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'IL52', name: 'Course IL52', connectionId, target: { type: 'ilias-course', refId: String(courseRef) },
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  it('the connection check shows gender required as ✖ and creates nothing', async () => {
    const before = sim.users().length
    const res = await t.api('POST', `/api/v1/connections/${connectionId}/check`)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const item = res.body.items.find((i: { id: string }) => i.id === 'required-fields')
    assert.equal(item?.status, 'fail', JSON.stringify(res.body.items))
    assert.match(item.detail, /^gender required/)
    assert.equal(item.required, false, 'persons with a gender still get accounts')
    assert.match(item.fix.menuPath, /Standard Fields/)
    assert.equal(sim.users().length, before, 'the check created no account')
  })

  it('a person without gender waits for data with a notification naming the field; with gender the account is created', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('G1'), courseCode: 'IL52' })
    assert.equal(res.status, 202, JSON.stringify(res.body))
    const waiting = await registrationReaches(t, res.body.id, 'waiting_for_data')
    assert.equal(waiting.observed.statusCode, 'PERSON_GENDER_MISSING')
    assert.ok(!sim.users().some((u) => u.login === 'g1@example.com'), 'no account made up without gender')
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items.filter((n: { code: string }) => n.code === 'PERSON_GENDER_MISSING')
    assert.equal(notes.length, 1, JSON.stringify(notes))
    assert.match(notes[0].message, /Gender is empty/)
    assert.equal(notes[0].details.field, 'gender')

    // The training system sends the gender in its own spelling: the registration continues by itself.
    const put = await t.api('PUT', '/api/v1/persons/G1', person('G1', { gender: 'M' }))
    assert.ok(put.status === 200 || put.status === 201, JSON.stringify(put.body))
    const done = await registrationReaches(t, res.body.id, 'active')
    const user = sim.users().find((u) => String(u.usrId) === done.observed.lmsUserId)
    assert.equal(user?.gender, 'm')
    assert.equal(user?.login, 'g1@example.com')
  })

  it('refuses an unknown gender spelling at the API with the accepted ones', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('G2', { gender: 'unknown' }), courseCode: 'IL52' })
    assert.equal(res.status, 400, JSON.stringify(res.body))
    assert.match(JSON.stringify(res.body), /female \(f, w, v\), male \(m\) or diverse/)
  })

  it('a batch with one refused row is bisected: the others get accounts, the refused one waits for data', async () => {
    // A connection whose adapter probed while Gender was not required; the administrator ticks "Required" afterwards,
    // so ILIAS itself refuses the row of the person without gender, and the whole importUsers call with it.
    sim.setRequireGender(false)
    const url = `http://127.0.0.1:${new URL((await t.api('GET', `/api/v1/connections/${connectionId}`)).body.baseUrl).port}/webservice/soap/server.php`
    const c = await t.api('POST', '/api/v1/connections', { name: 'ilias 5.2 later required', type: 'ilias', baseUrl: url, credentials: soap, mapping: {} })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'IL52B', name: 'Course IL52B', connectionId: c.body.id, target: { type: 'ilias-course', refId: String(courseRef) },
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
    const first = await t.api('POST', '/api/v1/registrations', { person: person('B0', { gender: 'f' }), courseCode: 'IL52B' })
    await registrationReaches(t, first.body.id, 'active')
    sim.setRequireGender(true)
    const batch = await t.api('POST', '/api/v1/registrations/batch', {
      registrations: [
        { person: person('B1', { gender: 'female' }), courseCode: 'IL52B' },
        { person: person('B2', { gender: 'male' }), courseCode: 'IL52B' },
        { person: person('B3'), courseCode: 'IL52B' },
        { person: person('B4', { gender: 'w' }), courseCode: 'IL52B' },
      ],
    })
    assert.equal(batch.status, 200, JSON.stringify(batch.body))
    const ids: string[] = batch.body.results.map((r: { registration: { id: string } }) => r.registration.id)
    for (const id of [ids[0]!, ids[1]!, ids[3]!]) await registrationReaches(t, id, 'active')
    const refused = await registrationReaches(t, ids[2]!, 'waiting_for_data')
    assert.equal(refused.observed.statusCode, 'PERSON_GENDER_MISSING')
    for (const p of ['b1', 'b2', 'b4']) assert.ok(sim.users().some((u) => u.login === `${p}@example.com`), p)
    assert.ok(!sim.users().some((u) => u.login === 'b3@example.com'), 'nothing made up for B3')
    await eventually(async () => sim.members(courseRef).length >= 5)
  })

  it('reports a second account with the same import id as a conflict naming both, instead of taking the newer one', async () => {
    const first = await t.api('POST', '/api/v1/registrations', { person: person('D1', { gender: 'f' }), courseCode: 'IL52' })
    const done = await registrationReaches(t, first.body.id, 'active')
    // Someone imports another account with this person's import id (ILIAS accepts it; the lookup now shows only the newer one).
    const other = sim.addUser({ login: 'd1.copy', importId: 'tms_person_D1', firstname: 'Jan', lastname: 'Jansen', gender: 'm' })
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'IL52D', name: 'Course IL52D', connectionId, target: { type: 'ilias-course', refId: String(sim.addCourse({ title: 'Second course' })) },
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
    const second = await t.api('POST', '/api/v1/registrations', { person: person('D1', { gender: 'f' }), courseCode: 'IL52D' })
    const failed = await registrationReaches(t, second.body.id, 'failed')
    assert.equal(failed.observed.statusCode, 'LMS_DUPLICATE_EXTERNAL_KEY')
    const note = (await t.api('GET', '/api/v1/notifications')).body.items.find((n: { code: string }) => n.code === 'LMS_DUPLICATE_EXTERNAL_KEY')
    assert.ok(note, 'a conflict notification')
    assert.match(String(note.message), new RegExp(`${done.observed.lmsUserId}.*${other}|${other}.*${done.observed.lmsUserId}`))
  })
})
