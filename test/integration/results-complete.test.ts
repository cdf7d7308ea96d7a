// Results complete: the grade reaches the training system as the plugin sent it (type, final, min, max, percentage,
// pass); a polled completion without a time carries the time it was first seen, flagged; the poll asks a bounded
// number of registrations per run, the longest-unasked first, and steps aside while the plugin delivers; the
// connection check calls the plugin installed once it has sent a signed request, and judges a profile field by any
// linked account whose person has a value in it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { signWebhook, verifyWebhook } from '../../src/webhooks/standard-webhooks.ts'
import { pollConnectionResults } from '../../src/jobs/poll-results.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import { injectUi, logInOverHttp } from '../ui/ui-http.ts'

interface DeliveredResult {
  completedAt: string
  completedAtObserved: boolean
  completionTimeSource: string
  grade: Record<string, unknown> | null
}
interface Delivery { id: string; body: { result: DeliveredResult; registration: { id: string } } }

/** The training system's webhook receiver, over real HTTP, verifying each signature. */
async function startReceiver(secret: string) {
  const received: Delivery[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const verified = verifyWebhook({ headers: req.headers, body: raw, secret })
      if (!verified.ok) {
        res.writeHead(401).end()
        return
      }
      received.push({ id: verified.id, body: JSON.parse(raw) })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/results`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

const budget = 3
const completionCalls = (sim: MoodleSimulator) => sim.calls.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status').length

describe(`results complete (${testDb})`, () => {
  let t: TestApp
  let sim: MoodleSimulator
  let appUrl: string
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  /** The plugin pushes here. */
  let pushId: string
  let pushSecret: string
  /** No plugin: results come by polling. */
  let pollId: string
  const tmsSecret = 'tms-shared-secret-results-complete'

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    sim.addCapability('report/completion:view')
    t = await startTestApp({ resultsPollBudget: budget })
    appUrl = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    receiver = await startReceiver(tmsSecret)
    const settings = (await t.api('GET', '/api/v1/settings')).body
    assert.equal((await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: receiver.url, secret: tmsSecret } })).status, 200)
    const push = await t.api('POST', '/api/v1/connections', { name: 'push', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.plusToken } })
    pushId = push.body.id
    pushSecret = (await t.api('POST', `/api/v1/connections/${pushId}/webhook-secret`)).body.secret
    const poll = await t.api('POST', '/api/v1/connections', {
      name: 'poll', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.plusToken },
      mapping: { customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } },
    })
    assert.equal(poll.status, 201, JSON.stringify(poll.body))
    pollId = poll.body.id
    for (const [code, connectionId] of [['PUSH', pushId], ['POLL', pollId]] as const) {
      const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId, target: { type: 'moodle-course', by: 'id', value: '2' } })
      assert.equal(d.status, 201, JSON.stringify(d.body))
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
    await receiver?.close()
  })

  async function activeRegistration(personId: string, courseCode: string, extra: Record<string, string> = {}) {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId, firstName: 'Romy', lastName: `Resultaat ${personId}`, email1: `${personId.toLowerCase()}@example.com`, ...extra }, courseCode,
    })
    assert.equal(res.status, 202, JSON.stringify(res.body))
    return eventually(async () => {
      const r = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
      return r.observed.status === 'active' ? r as { id: string; observed: { lmsUserId: string } } : null
    }, 20_000, `registration of ${personId} active`)
  }
  const resultsOf = async (id: string) => (await t.api('GET', `/api/v1/registrations/${id}`)).body.results as (DeliveredResult & { source: string })[]
  const deliveryFor = (registrationId: string) =>
    eventually(async () => receiver.received.find((d) => d.body.registration.id === registrationId), 15_000, 'delivery to the training system')
  const check = async (connectionId: string) => {
    const res = await t.api('POST', `/api/v1/connections/${connectionId}/check`)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    return (id: string) => (res.body.items as { id: string; status: string; detail: string }[]).find((i) => i.id === id)!
  }
  /** A request as the plugin signs it, posted over HTTP. */
  async function pluginPost(body: Record<string, unknown>) {
    const raw = JSON.stringify(body)
    const now = Math.floor(Date.now() / 1000)
    const res = await fetch(`${appUrl}/webhooks/moodle/${pushId}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook({ id: body.id as string, timestamp: now, body: raw, secret: pushSecret }) }, body: raw,
    })
    return { status: res.status, body: await res.json() as { outcome?: string } }
  }
  const completion = (id: string, userId: number, idnumber: string, timecompleted: number, grade: Record<string, unknown> | null) => ({
    type: 'course.completed', id, moodle: { site: sim.url, plugin: 2025112300 },
    user: { id: userId, idnumber }, course: { id: 2, shortname: 'CV-E101', idnumber: 'CV-E101' }, timecompleted, grade,
  })

  it('judges a profile field by the one linked account among many whose person has a value in it', async () => {
    // The oldest person holds free field 2; six newer ones hold only free field 1.
    await activeRegistration('F-OLD', 'POLL', { freeField2: 'Utrecht' })
    for (let i = 1; i <= 6; i++) await activeRegistration(`F-NEW-${i}`, 'POLL', { freeField1: `Team ${i}` })
    const item = await check(pollId)
    assert.equal(item('profile-field:freefield2').status, 'pass', item('profile-field:freefield2').detail)
    assert.equal(item('profile-field:freefield1').status, 'pass')
    assert.equal(item('capability:moodle/user:viewdetails').status, 'pass')
  })

  it('records a polled completion without a time at the moment it was first seen, flagged, and delivers the flag', async () => {
    const reg = await activeRegistration('P-OBS', 'POLL')
    await sim.completeCourse(Number(reg.observed.lmsUserId), 2)
    const from = Date.now()
    // Several runs: each asks at most the budget, so the new registration is reached within a few.
    for (let run = 0; run < 4 && (await resultsOf(reg.id)).length === 0; run++) await pollConnectionResults(t.app.ctx, { connectionId: pollId })
    const to = Date.now()
    const [result] = await resultsOf(reg.id)
    assert.ok(result, 'a polled result')
    assert.equal(result.source, 'moodle-poll')
    assert.equal(result.completedAtObserved, true)
    assert.equal(result.completionTimeSource, 'observed')
    const at = Date.parse(result.completedAt)
    assert.ok(at >= from - 1000 && at <= to + 1000, `completedAt ${result.completedAt} is when the poll saw it`)
    const delivered = await deliveryFor(reg.id)
    assert.equal(delivered.body.result.completedAtObserved, true)
    assert.equal(delivered.body.result.completionTimeSource, 'observed')
  })

  it('asks at most its budget per run, the registrations asked longest ago first, and reaches every one in turn', async () => {
    const { rows: open } = await t.app.ctx.db.query<{ id: string }>(
      `SELECT r.id FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
       WHERE c.connection_id = $1 AND NOT EXISTS (SELECT 1 FROM results x WHERE x.registration_id = r.id)`, [pollId])
    assert.equal(open.length, 7, 'the seven registrations of the free-field test, without a result')
    await t.app.ctx.db.query('DELETE FROM result_polls')
    const asked: string[][] = []
    for (let run = 0; run < 3; run++) {
      const before = completionCalls(sim)
      const startedAt = new Date()
      const outcome = await pollConnectionResults(t.app.ctx, { connectionId: pollId })
      assert.equal(outcome.asked, Math.min(budget, outcome.asked))
      assert.equal(completionCalls(sim) - before, outcome.asked, 'one call per registration asked, no more')
      const { rows } = await t.app.ctx.db.query<{ registration_id: string }>('SELECT registration_id FROM result_polls WHERE polled_at >= $1', [startedAt])
      asked.push(rows.map((r) => r.registration_id).sort())
    }
    assert.deepEqual(asked.map((a) => a.length), [3, 3, 3])
    // Runs 1 and 2 ask six different registrations; run 3 asks the seventh and then those asked longest ago.
    assert.equal(new Set([...asked[0]!, ...asked[1]!]).size, 6)
    const seventh = open.map((r) => r.id).find((id) => !asked[0]!.includes(id) && !asked[1]!.includes(id))!
    assert.ok(asked[2]!.includes(seventh), 'the registration never asked comes first in run 3')
    assert.equal(asked[2]!.filter((id) => asked[0]!.includes(id)).length, 2, 'then the ones asked in the first run')
  })

  it('splits a run into groups of ten calls, each taking one of the connection\'s call slots in turn', async () => {
    const simUrl = sim.url
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'groups', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.plusToken }, settings: { maxConcurrentCalls: 1 },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', { code: 'GROUPS', name: 'GROUPS', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
    assert.equal(d.status, 201)
    const ids: string[] = []
    for (let i = 1; i <= 12; i++) {
      const res = await t.api('POST', '/api/v1/registrations', {
        person: { personId: `GR-${i}`, firstName: 'Gert', lastName: `Groep ${i}`, email1: `gr-${i}@example.com` }, courseCode: 'GROUPS',
      })
      ids.push(res.body.id)
    }
    await eventually(async () => {
      for (const id of ids) if ((await t.api('GET', `/api/v1/registrations/${id}`)).body.observed.status !== 'active') return false
      return true
    }, 30_000, 'twelve registrations active')
    const config = t.app.ctx.config as { resultsPollBudget?: number }
    config.resultsPollBudget = 60
    try {
      const slotsBefore = t.app.ctx.adapters.limits().get(c.body.id)!.calls
      const callsBefore = completionCalls(sim)
      const outcome = await pollConnectionResults(t.app.ctx, { connectionId: c.body.id })
      assert.equal(outcome.asked, 12)
      assert.equal(completionCalls(sim) - callsBefore, 12)
      const limits = t.app.ctx.adapters.limits().get(c.body.id)!
      assert.equal(limits.calls - slotsBefore, 2, 'two turns of the one call slot (ten calls, then two), not one turn of twelve')
      assert.equal(limits.maxConcurrentCalls, 1)
    } finally {
      config.resultsPollBudget = budget
    }
  })

  it('says the plugin is not heard from before its first signed request, and installed after its test event', async () => {
    const before = await check(pushId)
    assert.equal(before('results-plugin').status, 'unknown')
    assert.match(before('results-plugin').detail, /not heard from yet/)
    const now = Math.floor(Date.now() / 1000)
    const test = await pluginPost({ type: 'webhook.test', id: `moodle-0123456789abcdef-test-${now}-ab12`, moodle: { site: sim.url, plugin: 2025112300 }, timecreated: now })
    assert.deepEqual([test.status, test.body.outcome], [200, 'test'])
    const after = await check(pushId)
    assert.equal(after('results-plugin').status, 'pass')
    assert.match(after('results-plugin').detail, /installed: it sent its test event, signed with this connection's webhook secret/)
    // The other connection has heard nothing from a plugin.
    assert.equal((await check(pollId))('results-plugin').status, 'unknown')
    // A test event proves the plugin installed, not that it sends: it stops no poll.
    const probe = await activeRegistration('T-1', 'PUSH')
    const polled = await pollConnectionResults(t.app.ctx, { connectionId: pushId })
    assert.equal(polled.asked, 1)
    await t.api('POST', `/api/v1/registrations/${probe.id}/cancel`)
  })

  it('delivers the grade as the plugin sent it: type, final, min, max, percentage and pass', async () => {
    const reg = await activeRegistration('G-1', 'PUSH')
    const userId = Number(reg.observed.lmsUserId)
    const grade = { type: 'value', final: 8.5, min: 0, max: 10, pass: 5.5, percentage: 85 }
    const sent = await pluginPost(completion('moodle-0123456789abcdef-9001-1796287247', userId, 'G-1', 1796287247, grade))
    assert.deepEqual([sent.status, sent.body.outcome], [200, 'created'])
    const [stored] = await resultsOf(reg.id)
    assert.deepEqual(stored!.grade, grade, 'stored and shown by the API as sent')
    assert.equal(stored!.completedAt, new Date(1796287247 * 1000).toISOString())
    assert.deepEqual([stored!.completedAtObserved, stored!.completionTimeSource], [false, 'lms'])
    const delivered = await deliveryFor(reg.id)
    assert.deepEqual(delivered.body.result.grade, grade, 'delivered to the training system as sent')
    assert.equal(delivered.body.result.completedAtObserved, false)

    // A scale: positions 1..4, so the minimum is 1 and the percentage counts from it.
    const scaleReg = await activeRegistration('G-2', 'PUSH')
    const scale = { type: 'scale', final: 3, min: 1, max: 4, pass: null, percentage: 66.67 }
    await pluginPost(completion('moodle-0123456789abcdef-9002-1796287300', Number(scaleReg.observed.lmsUserId), 'G-2', 1796287300, scale))
    assert.deepEqual((await deliveryFor(scaleReg.id)).body.result.grade, scale)
  })

  it('does not poll a course the plugin delivers for, unless an administrator asks', async () => {
    // The plugin delivered results for course PUSH (the grade test): its registrations are not polled by the schedule.
    const reg = await activeRegistration('S-1', 'PUSH')
    await sim.completeCourse(Number(reg.observed.lmsUserId), 2)
    const before = completionCalls(sim)
    const scheduled = await pollConnectionResults(t.app.ctx, { connectionId: pushId })
    assert.deepEqual(scheduled, { asked: 0, recorded: 0 })
    assert.equal(completionCalls(sim), before, 'no call to Moodle')
    const asked = await pollConnectionResults(t.app.ctx, { connectionId: pushId, force: true })
    assert.deepEqual(asked, { asked: 1, recorded: 1 })
    assert.equal((await resultsOf(reg.id)).length, 1)
    // The API's "poll now" is such a request.
    assert.equal((await t.api('POST', `/api/v1/connections/${pushId}/poll-results`)).status, 202)
  })

  it('shows on the Service Center results page that retakes and exact times need the plugin, a first-seen time, and min and scale', async () => {
    await createAdminUser(t.app.ctx.db, 'default', 'ria@example.org', 'results-page-password-1')
    const { session } = await logInOverHttp(t, 'ria@example.org', 'results-page-password-1')
    assert.ok(session, 'logged in')
    const page = await injectUi(t, { url: '/ui/results', cookie: session.cookie })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Retakes and exact completion times need the plugin/)
    assert.match(page.body, />first seen</, 'the polled result without a time is marked')
    assert.match(page.body, /<td>8\.5 \/ 10<\/td>/)
    assert.match(page.body, /<td>3 \/ 1–4 \(scale\)<\/td>/)
    const dutch = await injectUi(t, { url: '/ui/results', cookie: `${session.cookie}; cb_lang=nl` })
    assert.match(dutch.body, /Herkansingen en exacte tijdstippen vragen de plug-in/)
  })
})
