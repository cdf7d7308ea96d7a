// Issue 4's "done when": results back from Moodle by the plugin's push and by polling, verified and
// recorded once, and delivered to the training system's webhook exactly once per delivery id.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { createIliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { signWebhook, verifyWebhook } from '../../src/webhooks/standard-webhooks.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

interface Delivery {
  id: string
  body: { id: string; result: { attended: boolean; passed: boolean; grade: { final: number } | null }; registration: { id: string } }
}

/** The training system's webhook receiver: verifies the signature; answers 503 while `down`. */
async function startReceiver(secret: string) {
  const received: Delivery[] = []
  const state = { down: false, refused: 0 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (state.down) {
        state.refused++
        res.writeHead(503).end()
        return
      }
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
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/coursebridge-results`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe(`results back (${testDb})`, () => {
  let t: TestApp
  let sim: Sim
  let appUrl: string
  let connectionId: string
  let webhookSecret: string
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  const tmsSecret = 'tms-shared-secret-0123456789'

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    sim.addCapability('report/completion:view')
    t = await startTestApp()
    appUrl = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    receiver = await startReceiver(tmsSecret)
    const settings = (await t.api('GET', '/api/v1/settings')).body
    const saved = await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: receiver.url, secret: tmsSecret } })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
    // The plus service has core_completion_get_course_completion_status for the polling fallback.
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.plusToken } })
    connectionId = c.body.id
    const s = await t.api('POST', `/api/v1/connections/${connectionId}/webhook-secret`)
    assert.equal(s.status, 201)
    assert.match(s.body.secret, /^whsec_/)
    webhookSecret = s.body.secret
    await t.api('POST', '/api/v1/course-definitions', {
      code: 'E101', name: 'E101', connectionId, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
    await receiver?.close()
  })

  async function activeRegistration(personId: string) {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId, firstName: 'Lotte', lastName: 'Leer', email1: `${personId.toLowerCase()}@example.com` }, courseCode: 'E101',
    })
    return eventually(async () => {
      const r = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
      return r.observed.status === 'active' ? r : null
    }, 20_000, 'active registration')
  }
  const resultsOf = async (id: string) => (await t.api('GET', `/api/v1/registrations/${id}`)).body.results as {
    attended: boolean; passed: boolean; grade: { final: number } | null; source: string; completedAt: string
  }[]

  it('records a completion pushed by the plugin, and delivers it to the training system', async () => {
    const reg = await activeRegistration('R1')
    sim.setResultsPlugin({ url: `${appUrl}/webhooks/moodle/${connectionId}`, secret: webhookSecret })
    await sim.completeCourse(Number(reg.observed.lmsUserId), 2, { grade: 80 })
    assert.equal(sim.pluginDeliveries.at(-1)?.status, 200)
    const [result] = await resultsOf(reg.id)
    assert.ok(result, 'a result')
    assert.equal(result.attended, true)
    assert.equal(result.passed, true)
    assert.equal(result.grade?.final, 80)
    assert.equal(result.source, 'moodle-plugin')
    const delivered = await eventually(async () => receiver.received.find((d) => d.body.registration.id === reg.id), 15_000, 'delivery')
    assert.equal(delivered.body.result.passed, true)
    sim.setResultsPlugin(null)
  })

  it('finds a completion by polling when the plugin is off, and push plus poll give one result', async () => {
    const reg = await activeRegistration('R2')
    await sim.completeCourse(Number(reg.observed.lmsUserId), 2)
    assert.equal((await t.api('POST', `/api/v1/connections/${connectionId}/poll-results`)).status, 202)
    const polled = await eventually(async () => ((await resultsOf(reg.id)).length === 1 ? await resultsOf(reg.id) : null), 15_000, 'polled result')
    assert.equal(polled[0]!.source, 'moodle-poll')
    // The plugin's (late) push of the same completion enriches that result instead of adding one.
    sim.setResultsPlugin({ url: `${appUrl}/webhooks/moodle/${connectionId}`, secret: webhookSecret })
    const userId = Number(reg.observed.lmsUserId)
    const row = sim.state.completions.get(`2:${userId}`)!
    const { completionBody } = await import('../../src/lms/moodle/simulator/results-plugin.ts')
    const event = sim.events.filter((e) => (e.data as { relateduserid: string }).relateduserid === String(userId)).at(-1)!
    const message = completionBody(sim.state, sim.url, event)!
    const headers = signWebhook({ id: message.id, timestamp: Math.floor(Date.now() / 1000), body: message.body, secret: webhookSecret })
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${appUrl}/webhooks/moodle/${connectionId}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: message.body })
      assert.equal(res.status, 200)
    }
    const results = await resultsOf(reg.id)
    assert.equal(results.length, 1, 'one result from both paths and a repeated push')
    assert.equal(results[0]!.source, 'moodle-plugin')
    assert.equal(new Date(results[0]!.completedAt).getTime(), row.timeCompleted! * 1000)
    // A second poll does not ask about a registration that has its result.
    const before = sim.calls.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status').length
    await t.api('POST', `/api/v1/connections/${connectionId}/poll-results`)
    await new Promise((r) => setTimeout(r, 1500))
    const after = sim.calls.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status').length
    assert.equal(after, before)
    sim.setResultsPlugin(null)
  })

  it('refuses a bad signature or an old timestamp with 401, answers an unknown user or course 2xx ignored, and records nothing', async () => {
    const reg = await activeRegistration('R3')
    const userId = Number(reg.observed.lmsUserId)
    const body = (over: Record<string, unknown> = {}) => JSON.stringify({
      type: 'course.completed', id: 'moodle-0123456789abcdef-77-1735000000', moodle: { site: 'https://m.example.org', plugin: 2025112300 },
      user: { id: userId, idnumber: 'R3' }, course: { id: 2, shortname: 'CV-E101', idnumber: 'CV-E101' }, timecompleted: 1735000000, grade: null, ...over,
    })
    const post = async (payload: string, opts: { secret?: string; timestamp?: number; id?: string } = {}) => {
      const id = opts.id ?? (JSON.parse(payload) as { id: string }).id
      const headers = signWebhook({ id, timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000), body: payload, secret: opts.secret ?? webhookSecret })
      return fetch(`${appUrl}/webhooks/moodle/${connectionId}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: payload })
    }
    const badSignature = await post(body(), { secret: 'whsec_' + Buffer.alloc(32, 7).toString('base64') })
    assert.equal(badSignature.status, 401)
    assert.equal(((await badSignature.json()) as { code: string }).code, 'WEBHOOK_SIGNATURE_INVALID')
    const old = await post(body(), { timestamp: Math.floor(Date.now() / 1000) - 3600 })
    assert.equal(old.status, 401)
    assert.equal(((await old.json()) as { code: string }).code, 'WEBHOOK_TIMESTAMP_TOO_OLD')
    const unknownUser = await post(body({ id: 'moodle-0123456789abcdef-78-1735000000', user: { id: 999, idnumber: 'NOBODY' } }))
    // Not ours to record, and nobody's error: 2xx with the outcome 'ignored', so the plugin does not retry it.
    assert.equal(unknownUser.status, 200)
    assert.equal(((await unknownUser.json()) as { outcome: string }).outcome, 'ignored')
    const unknownCourse = await post(body({ id: 'moodle-0123456789abcdef-79-1735000000', course: { id: 77, shortname: 'X', idnumber: null } }))
    assert.equal(unknownCourse.status, 200)
    assert.equal(((await unknownCourse.json()) as { outcome: string }).outcome, 'ignored')
    const tampered = body().replace('"grade":null', '"grade":null ')
    const headers = signWebhook({ id: 'moodle-0123456789abcdef-77-1735000000', timestamp: Math.floor(Date.now() / 1000), body: body(), secret: webhookSecret })
    const res = await fetch(`${appUrl}/webhooks/moodle/${connectionId}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: tampered })
    assert.equal(res.status, 401)
    assert.deepEqual(await resultsOf(reg.id), [], 'nothing recorded')
  })

  it('delivers later, exactly once per delivery id, when the receiver was down for a while', async () => {
    receiver.state.down = true
    const reg = await activeRegistration('R4')
    sim.setResultsPlugin({ url: `${appUrl}/webhooks/moodle/${connectionId}`, secret: webhookSecret })
    await sim.completeCourse(Number(reg.observed.lmsUserId), 2)
    await eventually(async () => receiver.state.refused >= 2, 20_000, 'refused attempts')
    // Each refused attempt is counted for the operator.
    const metrics = (await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.key}` } })).body
    const failures = Number(/^coursebridge_result_delivery_failures_total (\d+)$/m.exec(metrics)?.[1] ?? 0)
    assert.ok(failures >= 2, `coursebridge_result_delivery_failures_total ${failures} after ${receiver.state.refused} refusals`)
    receiver.state.down = false
    const delivered = await eventually(async () => {
      const mine = receiver.received.filter((d) => d.body.registration.id === reg.id)
      return mine.length > 0 ? mine : null
    }, 30_000, 'the delivery after the receiver came back')
    await new Promise((r) => setTimeout(r, 2000))
    const mine = receiver.received.filter((d) => d.body.registration.id === reg.id)
    assert.equal(mine.length, 1, 'delivered once')
    assert.equal(new Set(mine.map((d) => d.id)).size, 1)
    assert.equal(delivered[0]!.id, delivered[0]!.body.id, 'webhook-id is the delivery id')
    const all = (await t.api('GET', `/api/v1/results?from=${new Date(Date.now() - 3_600_000).toISOString()}`)).body.items
    assert.ok(all.some((r: { registrationId: string }) => r.registrationId === reg.id), 'also in the results list')
    sim.setResultsPlugin(null)
  })

  it('records a retake as a new result and keeps the history', async () => {
    const reg = await activeRegistration('R5')
    sim.setResultsPlugin({ url: `${appUrl}/webhooks/moodle/${connectionId}`, secret: webhookSecret })
    const userId = Number(reg.observed.lmsUserId)
    await sim.completeCourse(userId, 2, { grade: 40, timeCompleted: 1_790_000_000 })
    await sim.completeCourse(userId, 2, { grade: 90, timeCompleted: 1_790_100_000 })
    const results = await resultsOf(reg.id)
    assert.deepEqual(results.map((r) => r.grade?.final), [40, 90])
    sim.setResultsPlugin(null)
  })

  it('turns an ILIAS learning-progress change to passed into a recorded, delivered result', async () => {
    const ilias = createIliasSimulator({ client: 'academy', adminUser: 'soapadmin', adminPassword: 'Soap-Secret-1' })
    const url = await ilias.start(0)
    try {
      const refId = ilias.addCourse({ title: 'ILIAS course' })
      const c = await t.api('POST', '/api/v1/connections', {
        name: 'ilias', type: 'ilias', baseUrl: url, credentials: { client: 'academy', username: 'soapadmin', password: 'Soap-Secret-1' },
      })
      assert.equal(c.status, 201, JSON.stringify(c.body))
      await t.api('POST', '/api/v1/course-definitions', { code: 'IL-1', name: 'IL-1', connectionId: c.body.id, target: { type: 'ilias-course', refId: String(refId) } })
      const res = await t.api('POST', '/api/v1/registrations', {
        person: { personId: 'R6', firstName: 'Ida', lastName: 'Ilias', email1: 'ida@example.com' }, courseCode: 'IL-1',
      })
      const reg = await eventually(async () => {
        const r = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
        return r.observed.status === 'active' ? r : null
      }, 20_000, 'active ILIAS registration')
      ilias.setLearningProgress(Number(reg.observed.lmsUserId), refId, 'passed')
      await t.api('POST', `/api/v1/connections/${c.body.id}/poll-results`)
      const [result] = await eventually(async () => ((await resultsOf(reg.id)).length > 0 ? await resultsOf(reg.id) : null), 15_000, 'ILIAS result')
      assert.equal(result!.attended, true)
      assert.equal(result!.passed, true)
      assert.equal(result!.source, 'ilias-poll')
      await eventually(async () => receiver.received.some((d) => d.body.registration.id === reg.id), 15_000, 'ILIAS result delivered')
    } finally {
      await ilias.stop()
    }
  })
})
