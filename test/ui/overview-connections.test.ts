// The Overview page tells the truth about the connections: one whose last check failed, one that is
// blocked (a wrong token) and one whose LMS does not answer are each listed as not working, with the reason;
// only the one that works is counted as working. Real simulators over loopback, the page over HTTP.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type AddressInfo } from 'node:net'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import { registrationReaches, startTestApp, type TestApp } from '../helpers/test-app.ts'
import { injectUi, logInOverHttp } from './ui-http.ts'

const password = 'a long enough password'

/** The page's text without tags, spaces collapsed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ')

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('Service Center overview: connections that do not work', () => {
  let t: TestApp
  let sim: MoodleSimulator
  let simOff: MoodleSimulator
  let cookie: string

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    await sim.start(0)
    simOff = createMoodleSimulator({ world: 'recorded-site' })
    await simOff.start(0)
    simOff.setSetting('enablewebservices', false)
    t = await startTestApp({ retryLimit: 1, retryDelaySeconds: 1 })
    await createAdminUser(t.app.ctx.db, 'default', 'ada@example.org', password)
    const { session } = await logInOverHttp(t, 'ada@example.org', password)
    assert.ok(session, 'logged in')
    cookie = session.cookie
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
    await simOff?.stop()
  })

  const overview = async () => {
    const res = await injectUi(t, { url: '/ui/', cookie })
    assert.equal(res.statusCode, 200)
    return textOf(res.body)
  }
  async function connection(name: string, baseUrl: string, token: string, course: string) {
    const c = await t.api('POST', '/api/v1/connections', { name, type: 'moodle', baseUrl, environment: 'training', credentials: { token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: course, name: course, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
    return c.body.id as string
  }
  const register = async (personId: string, courseCode: string) => (await t.api('POST', '/api/v1/registrations', {
    person: { personId, firstName: 'Olga', lastName: 'Overview', email1: `${personId.toLowerCase()}@example.org` }, courseCode,
  })).body.id as string

  it('says the one working connection works', async () => {
    await connection('Works', sim.url, sim.token, 'OV-OK')
    await registrationReaches(t, await register('OV1', 'OV-OK'), 'active', 60_000)
    assert.match(await overview(), /The connection works as far as coursebridge knows\./)
  })

  it('lists a blocked, a failed-check and an unreachable connection as not working, and counts only the working one', async () => {
    // Blocked: a wrong token.
    await connection('Wrong token', sim.url, 'wrong-token-0000000000000000000000', 'OV-TOKEN')
    await registrationReaches(t, await register('OV2', 'OV-TOKEN'), 'needs_admin', 60_000)
    // Its last check failed: web services switched off in that Moodle (nothing registered there).
    const checked = await connection('Check failed', simOff.url, simOff.token, 'OV-CHECK')
    const check = await t.api('POST', `/api/v1/connections/${checked}/check`)
    assert.equal(check.status, 200, JSON.stringify(check.body))
    assert.equal(check.body.ok, false)
    // Unreachable: nothing listens at its address.
    await connection('Unreachable', `http://127.0.0.1:${await closedPort()}`, sim.token, 'OV-DOWN')
    await registrationReaches(t, await register('OV3', 'OV-DOWN'), 'failed', 60_000)

    const text = await overview()
    assert.doesNotMatch(text, /All \d+ connections work/)
    assert.match(text, /Wrong token does not work: waits for a fix: /)
    assert.match(text, /Check failed does not work: its last connection check failed/)
    assert.match(text, /Unreachable does not work: the LMS did not answer lately/)
    assert.doesNotMatch(text, /Works does not work/)
    assert.match(text, /1 of 4 connections works as far as coursebridge knows\./)

    // A passing check clears the failed one.
    simOff.setSetting('enablewebservices', true)
    const again = await t.api('POST', `/api/v1/connections/${checked}/check`)
    assert.equal(again.status, 200)
    assert.equal(again.body.ok, true, JSON.stringify(again.body))
    const after = await overview()
    assert.doesNotMatch(after, /Check failed does not work/)
    assert.match(after, /2 of 4 connections work as far as coursebridge knows\./)
  })
})
