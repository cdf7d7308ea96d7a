// Looking accounts up by e-mail ignoring case, as Moodle allows it: the simulator's core_user_get_users after
// user/externallib.php get_users (4.5.6: email compared with $DB->sql_like(..., false), % and _ wildcards, deleted
// accounts left out, each key once) and the adapter's findByEmails (one batched exact lookup, then one any-case call
// per address still missing, or "unsure" where the service lacks the function).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'

async function rest(url: string, token: string, fn: string, params: Record<string, string>) {
  const body = new URLSearchParams({ wstoken: token, wsfunction: fn, moodlewsrestformat: 'json', ...params })
  const res = await fetch(`${url}/webservice/rest/server.php`, { method: 'POST', body })
  return res.json() as Promise<any>
}

describe('e-mail lookup ignoring case', () => {
  let sim: MoodleSimulator
  let url: string
  let ids: Record<string, number>
  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    url = await sim.start(0)
    ids = {
      mixed: sim.addUser({ username: 'rec2-case', firstname: 'Rec2', lastname: 'Case', email: 'Rec2.Case@Example.COM', idnumber: 'REC2-CASE' }),
      underscore: sim.addUser({ username: 'a-b', firstname: 'A', lastname: 'B', email: 'axb@example.com' }),
      gone: sim.addUser({ username: 'gone', firstname: 'G', lastname: 'One', email: 'gone@example.com' }),
    }
    sim.deleteUser(ids.gone!)
  })
  after(async () => {
    await sim.stop()
  })

  it('by_field stays case-sensitive, as recorded (round-3 email-case.*)', async () => {
    assert.deepEqual(await rest(url, sim.token, 'core_user_get_users_by_field', { field: 'email', 'values[0]': 'rec2.case@example.com' }), [])
  })

  it('core_user_get_users finds the account in any case, leaves deleted ones out, and treats _ as a wildcard', async () => {
    sim.addFunctionToService('coursebridge', 'core_user_get_users')
    const found = await rest(url, sim.token, 'core_user_get_users', { 'criteria[0][key]': 'email', 'criteria[0][value]': 'REC2.CASE@example.com' })
    assert.deepEqual(found.users.map((u: { id: number; email: string }) => [u.id, u.email]), [[ids.mixed, 'Rec2.Case@Example.COM']])
    assert.deepEqual(found.warnings, [])
    assert.deepEqual((await rest(url, sim.token, 'core_user_get_users', { 'criteria[0][key]': 'email', 'criteria[0][value]': 'gone@example.com' })).users, [])
    const wildcard = await rest(url, sim.token, 'core_user_get_users', { 'criteria[0][key]': 'email', 'criteria[0][value]': 'a_b@example.com' })
    assert.deepEqual(wildcard.users.map((u: { id: number }) => u.id), [ids.underscore])
    const twice = await rest(url, sim.token, 'core_user_get_users', {
      'criteria[0][key]': 'email', 'criteria[0][value]': 'x@example.com', 'criteria[1][key]': 'email', 'criteria[1][value]': 'y@example.com',
    })
    assert.equal(twice.errorcode, 'keyalreadyset')
    const unknown = await rest(url, sim.token, 'core_user_get_users', { 'criteria[0][key]': 'city', 'criteria[0][value]': 'Utrecht' })
    assert.equal(unknown.warnings[0].warningcode, 'invalidfieldparameter')
    sim.removeFunctionFromService('coursebridge', 'core_user_get_users')
  })

  it('findByEmails: one batched exact lookup, then any case per address; a wildcard never makes a match', async () => {
    sim.addFunctionToService('coursebridge', 'core_user_get_users')
    const moodle = new MoodleAdapter({ baseUrl: url, token: sim.token })
    const before = sim.calls.length
    const { found, unsure } = await moodle.findByEmails(['rec2.case@example.com', 'a_b@example.com', 'AXB@example.com', 'nobody@example.com'])
    assert.deepEqual([...found.keys()].sort(), ['axb@example.com', 'rec2.case@example.com'])
    assert.equal(found.get('rec2.case@example.com')![0]!.externalKey, 'REC2-CASE')
    assert.deepEqual(unsure, [])
    const calls = sim.calls.slice(before)
    assert.equal(calls[0]!.wsfunction, 'core_user_get_users_by_field')
    assert.equal(calls.filter((c) => c.wsfunction === 'core_user_get_users_by_field').length, 1, 'one batched exact lookup')
    // rec2.case, a_b and nobody are missing after the exact lookup: one any-case call each.
    assert.equal(calls.filter((c) => c.wsfunction === 'core_user_get_users').length, 3)
    sim.removeFunctionFromService('coursebridge', 'core_user_get_users')
  })

  it('findByEmails without core_user_get_users in the service: the missing addresses are unsure, asked once', async () => {
    const moodle = new MoodleAdapter({ baseUrl: url, token: sim.token })
    const first = await moodle.findByEmails(['rec2.case@example.com', 'new@example.com'])
    assert.equal(first.found.size, 0)
    assert.deepEqual(first.unsure.sort(), ['new@example.com', 'rec2.case@example.com'])
    const before = sim.calls.length
    await moodle.findByEmails(['rec2.case@example.com'])
    assert.equal(sim.calls.slice(before).filter((c) => c.wsfunction === 'core_user_get_users').length, 0, 'not asked again')
    const limited = await new MoodleAdapter({ baseUrl: url, token: sim.token }).findByEmails(['Rec2.Case@Example.COM'], { anyCaseLimit: 0 })
    assert.equal(limited.found.get('rec2.case@example.com')![0]!.lmsUserId, String(ids.mixed), 'the exact spelling needs no any-case call')
  })
})
