// Behaviour of the Moodle simulator that no recording covers but integration tests and benchmarks rely on.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createMoodleSimulator, type MoodleSimulator } from '../../../src/lms/moodle/simulator/index.ts'

async function call(sim: MoodleSimulator, fn: string, params: Record<string, string>, token = sim.token): Promise<{ status: number; json: unknown }> {
  const body = new URLSearchParams({ wstoken: token, wsfunction: fn, moodlewsrestformat: 'json', ...params })
  const res = await fetch(`${sim.url}/webservice/rest/server.php`, { method: 'POST', body })
  const text = await res.text()
  return { status: res.status, json: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text }
}

const newUser = (i: number, extra: Record<string, string> = {}): Record<string, string> => ({
  'users[0][username]': `p${i}`, 'users[0][password]': 'Welkom#2025', 'users[0][firstname]': 'P',
  'users[0][lastname]': `N${i}`, 'users[0][email]': `p${i}@example.com`, ...extra,
})

async function withSim(fn: (sim: MoodleSimulator) => Promise<void>, opts: Parameters<typeof createMoodleSimulator>[0] = {}): Promise<void> {
  const sim = createMoodleSimulator(opts)
  await sim.start(0)
  try {
    await fn(sim)
  } finally {
    await sim.stop()
  }
}

describe('Moodle simulator behaviour', () => {
  it('refuses connections while down and answers again on the same port when up', () => withSim(async (sim) => {
    const url = sim.url
    await sim.setDown(true)
    await assert.rejects(fetch(`${url}/webservice/rest/server.php`, { method: 'POST', body: '' }))
    await sim.setDown(false)
    assert.equal(sim.url, url)
    const answer = await call(sim, 'core_user_get_users_by_field', { field: 'id', 'values[0]': '2' })
    assert.equal((answer.json as Array<{ username: string }>)[0]?.username, 'admin')
  }))

  it('answers the next n REST requests with the given HTTP status (failNext)', () => withSim(async (sim) => {
    sim.failNext(2, 502)
    assert.equal((await call(sim, 'core_user_get_users_by_field', { field: 'id', 'values[0]': '2' })).status, 502)
    assert.equal((await call(sim, 'core_user_get_users_by_field', { field: 'id', 'values[0]': '2' })).status, 502)
    assert.equal((await call(sim, 'core_user_get_users_by_field', { field: 'id', 'values[0]': '2' })).status, 200)
  }))

  it('delays answers by latencyMs', () => withSim(async (sim) => {
    sim.latencyMs = 60
    const start = performance.now()
    await call(sim, 'core_user_get_users_by_field', { field: 'id', 'values[0]': '2' })
    assert.ok(performance.now() - start >= 55)
  }))

  it('gives 50 parallel create calls 50 distinct ids', () => withSim(async (sim) => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(sim, 'core_user_create_users', newUser(i))))
    const ids = answers.map((a) => (a.json as Array<{ id: number }>)[0]?.id)
    assert.equal(new Set(ids).size, 50)
    assert.ok(ids.every((id) => typeof id === 'number'))
  }))

  it('keeps the password of a created user so token.php and checkPassword can prove it', () => withSim(async (sim) => {
    await call(sim, 'core_user_create_users', newUser(1))
    assert.equal(sim.checkPassword('p1', 'Welkom#2025'), true)
    assert.equal(sim.checkPassword('p1', 'wrong'), false)
    sim.setSetting('enablemobilewebservice', true)
    const res = await fetch(`${sim.url}/login/token.php`, { method: 'POST', body: new URLSearchParams({ username: 'p1', password: 'Welkom#2025', service: 'moodle_mobile_app' }) })
    const json = await res.json() as { token: string }
    assert.match(json.token, /^[0-9a-f]{32}$/)
  }))

  it('reports a completed course after completeCourse and records the course_completed event', () => withSim(async (sim) => {
    sim.addCapability('report/completion:view')
    const id = sim.addUser({ username: 'learner', firstname: 'L', lastname: 'N', email: 'l@example.com' })
    await call(sim, 'enrol_manual_enrol_users', { 'enrolments[0][roleid]': '5', 'enrolments[0][userid]': String(id), 'enrolments[0][courseid]': '2' })
    sim.completeCourse(id, 2, { timeCompleted: 1795000000, grade: 8.5 })
    const status = await call(sim, 'core_completion_get_course_completion_status', { courseid: '2', userid: String(id) }, sim.plusToken)
    assert.equal((status.json as { completionstatus: { completed: boolean } }).completionstatus.completed, true)
    const event = sim.events.find((e) => e.eventname === '\\core\\event\\course_completed')
    assert.equal(event?.data['relateduserid'], String(id))
  }))

  it('adds courses and cohorts that the functions then see', () => withSim(async (sim) => {
    const courseId = sim.addCourse({ shortname: 'NEW-1', idnumber: 'NEW-1', fullname: 'New course' })
    const cohortId = sim.addCohort({ idnumber: 'NEW-COHORT', name: 'New cohort' })
    const userId = sim.addUser({ username: 'u1', firstname: 'U', lastname: 'One', email: 'u1@example.com' })
    assert.equal((await call(sim, 'enrol_manual_enrol_users', { 'enrolments[0][roleid]': '5', 'enrolments[0][userid]': String(userId), 'enrolments[0][courseid]': String(courseId) })).json, null)
    assert.deepEqual(sim.enrolments(courseId), [{ userId, roleId: 5, timeStart: 0, timeEnd: 0, suspended: false }])
    const added = await call(sim, 'core_cohort_add_cohort_members', {
      'members[0][cohorttype][type]': 'idnumber', 'members[0][cohorttype][value]': 'NEW-COHORT',
      'members[0][usertype][type]': 'id', 'members[0][usertype][value]': String(userId),
    })
    assert.deepEqual(added.json, { warnings: [] })
    assert.deepEqual(sim.cohortMembers(cohortId), [userId])
  }))

  it('counts REST calls with their function and number of records', () => withSim(async (sim) => {
    await call(sim, 'core_user_get_users_by_field', { field: 'username', 'values[0]': 'a', 'values[1]': 'b' })
    await call(sim, 'core_user_create_users', newUser(7))
    assert.deepEqual(sim.calls.map((c) => [c.wsfunction, c.items]), [['core_user_get_users_by_field', 2], ['core_user_create_users', 1]])
  }))

  it('drops input variables beyond max_input_vars silently, like PHP', () => withSim(async (sim) => {
    const params: Record<string, string> = {}
    for (let i = 0; i < 3; i++) Object.assign(params, Object.fromEntries(Object.entries(newUser(100 + i)).map(([k, v]) => [k.replace('[0]', `[${i}]`), v])))
    // 3 server variables + 15 user fields; a limit of 12 keeps 13 (POST) = the first two users only.
    const answer = await call(sim, 'core_user_create_users', params)
    assert.deepEqual((answer.json as unknown[]).length, 2)
  }, { maxInputVars: 12 }))

  it('creates 2 000 users quickly', () => withSim(async (sim) => {
    const start = performance.now()
    for (let batch = 0; batch < 20; batch++) {
      const params: Record<string, string> = {}
      for (let i = 0; i < 100; i++) {
        const n = batch * 100 + i
        for (const [k, v] of Object.entries(newUser(1000 + n))) params[k.replace('[0]', `[${i}]`)] = v
      }
      assert.equal(((await call(sim, 'core_user_create_users', params)).json as unknown[]).length, 100)
    }
    assert.ok(performance.now() - start < 5000, `took ${performance.now() - start} ms`)
  }))

  it('runs several simulators side by side without shared state', async () => {
    const a = createMoodleSimulator()
    const b = createMoodleSimulator({ world: 'empty' })
    a.addUser({ username: 'only.in.a' })
    assert.equal(b.findUsers((u) => u.username === 'only.in.a').length, 0)
    assert.notEqual(a.token, b.token)
  })
})
