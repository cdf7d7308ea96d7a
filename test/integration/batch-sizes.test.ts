// Records per call chosen from measured costs, end to end against the calibrated simulators (what each call costs
// a real Moodle 4.5.6 and ILIAS 5.2, per call and per record, 4 PHP workers): the ILIAS import (169 ms + 131 ms
// per user) starts at 50 users a call and, once its calls have been measured, goes down to what keeps a call near
// the 5 s budget, while Moodle's cheap lookup (45 ms + 0.02 ms per value) keeps the most a call may carry (100).
// Every person gets exactly one account and one membership or enrolment: nothing lost, nothing twice.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { calibratedIlias, calibratedMoodle } from '../../src/lms/simulator-cost.ts'
import { defaultBatchSizePolicy } from '../../src/lms/batch-size-policy.ts'
import { activeInCourse, eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

const soap = { client: 'tms', adminUser: 'soapadmin', adminPassword: 'Soap-Secret-1' }

describe(`records per call from measured costs, calibrated simulators (${testDb})`, () => {
  let t: TestApp
  let ilias: IliasSimulator
  let moodle: MoodleSimulator
  let iliasConnection: string
  let moodleConnection: string
  let refId: number

  before(async () => {
    ilias = createIliasSimulator({ ...soap, cost: calibratedIlias(4) })
    moodle = createMoodleSimulator({ world: 'recorded-site', cost: calibratedMoodle(4) })
    const [iliasUrl, moodleUrl] = [await ilias.start(0), await moodle.start(0)]
    // A calibrated create of 100 takes ~2 s: the test app's 2 s timeout would cut it.
    t = await startTestApp({ runWorkers: false, reconcileBatchSize: 100, workerConcurrency: 2, lmsTimeoutMs: 30_000 })
    const i = await t.api('POST', '/api/v1/connections', {
      name: 'ilias', type: 'ilias', baseUrl: iliasUrl, credentials: { client: soap.client, username: soap.adminUser, password: soap.adminPassword },
    })
    assert.equal(i.status, 201, JSON.stringify(i.body))
    iliasConnection = i.body.id
    refId = ilias.addCourse({ title: 'Batch sizes (e-learning)' })
    await t.api('POST', '/api/v1/course-definitions', { code: 'IL-BS', name: 'IL-BS', connectionId: iliasConnection, target: { type: 'ilias-course', refId: String(refId) } })
    const m = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: moodleUrl, credentials: { token: moodle.token } })
    assert.equal(m.status, 201, JSON.stringify(m.body))
    moodleConnection = m.body.id
    await t.api('POST', '/api/v1/course-definitions', { code: 'MO-BS', name: 'MO-BS', connectionId: moodleConnection, target: { type: 'moodle-course', by: 'id', value: '2' } })
    await t.app.startWorkers()
  })
  after(async () => {
    await t?.stop()
    await ilias?.stop()
    await moodle?.stop()
  })

  const post = async (prefix: string, from: number, count: number, courseCode: string) => {
    const res = await t.api('POST', '/api/v1/registrations/batch', { registrations: Array.from({ length: count }, (_, k) => ({
      person: { personId: `${prefix}${from + k}`, firstName: 'Bea', lastName: `Size ${prefix}${from + k}`, email1: `${prefix.toLowerCase()}${from + k}@example.com`, gender: 'f' },
      courseCode,
    })) })
    assert.ok(res.status < 300, JSON.stringify(res.body).slice(0, 300))
  }
  /** Records per call of `fn`, as the registrations' step logs hold them (each call once per registration it served). */
  const itemsOf = async (fn: string, personPrefix: string) => {
    const { rows } = await t.app.ctx.db.query<{ items: number }>(
      `SELECT s.items FROM registration_steps s JOIN registrations r ON r.id = s.registration_id
       WHERE s.function = $1 AND r.person_ref IN (SELECT id FROM persons WHERE person_id LIKE $2)`, [fn, `${personPrefix}%`])
    return rows.map((r) => r.items)
  }

  it('imports ILIAS users in calls of 50 until measured, then in calls that stay near the budget; each person once', async () => {
    await post('IA', 0, 60, 'IL-BS')
    await eventually(async () => (await activeInCourse(t, 'IL-BS')) === 60, 120_000, '60 active in ILIAS')
    // Before any measurement: the default, split evenly (60 → 30 + 30); the required-fields probe carries 2.
    assert.deepEqual([...new Set(await itemsOf('importUsers', 'IA'))].sort((a, b) => a - b), [2, 30])
    const learned = t.app.ctx.adapters.callCosts(iliasConnection)!.estimate('importUsers')!
    assert.ok(learned.perRecordMs > 100 && learned.perRecordMs < 170, `per user ${learned.perRecordMs} ms (model: 131)`)
    const chosen = t.app.ctx.adapters.callCosts(iliasConnection)!.choose('importUsers', { defaultSize: 50, min: 1, max: 100 })
    assert.equal(chosen.reason, 'budget')
    assert.ok(chosen.size >= 25 && chosen.size <= 37, `chosen ${chosen.size} users a call`)

    await post('IB', 0, 100, 'IL-BS')
    await eventually(async () => (await activeInCourse(t, 'IL-BS')) === 160, 120_000, '160 active in ILIAS')
    // The 100 of the second batch went in calls of at most the chosen size (the required fields are known by now).
    const sizes = await itemsOf('importUsers', 'IB')
    assert.ok(sizes.length === 100 && sizes.every((n) => n <= chosen.size + 1), `second batch: ${[...new Set(sizes)]}`)
    for (const n of new Set(sizes)) assert.ok(169 + 131 * n <= defaultBatchSizePolicy.budgetMs, `${n} users fit the budget`)

    const ours = ilias.users().filter((u) => u.lastname.startsWith('Size I'))
    assert.equal(ours.length, 160, 'one account per person')
    assert.equal(new Set(ours.map((u) => u.importId)).size, 160, 'no import id twice')
    assert.equal(new Set(ours.map((u) => u.login)).size, 160)
    assert.equal(new Set(ilias.members(refId).map((m) => m.usrId)).size, 160)
    assert.ok(ilias.workers.peak <= 4, `peak ${ilias.workers.peak} calls at once`)
  })

  it("keeps Moodle's cheap lookup at the most a call may carry (100), more than the slow ILIAS import gets", async () => {
    await post('MB', 0, 250, 'MO-BS')
    await eventually(async () => (await activeInCourse(t, 'MO-BS')) === 250, 120_000, '250 active in Moodle')
    const costs = t.app.ctx.adapters.callCosts(moodleConnection)!
    const lookup = costs.choose('core_user_get_users_by_field', { defaultSize: 100, min: 1, max: 100 })
    assert.deepEqual(lookup, { size: 100, reason: 'max' })
    assert.ok(Math.max(...await itemsOf('core_user_get_users_by_field', 'MB')) >= 100)
    const imports = t.app.ctx.adapters.callCosts(iliasConnection)!.choose('importUsers', { defaultSize: 50, min: 1, max: 100 })
    assert.ok(imports.size < lookup.size, `importUsers ${imports.size} < lookup ${lookup.size}`)
    // Creates (56 ms + 19.3 ms per user) fit 100 in the budget too: one create call per 100, as before.
    assert.equal(costs.choose('core_user_create_users', { defaultSize: 100, min: 1, max: 100 }).size, 100)

    const ours = moodle.users().filter((u) => u.idnumber.startsWith('MB'))
    assert.equal(ours.length, 250, 'one account per person')
    assert.equal(new Set(ours.map((u) => u.idnumber)).size, 250)
    assert.equal(moodle.enrolments(2).filter((e) => ours.some((u) => u.id === e.userId)).length, 250)
  })
})
