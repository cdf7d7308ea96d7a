// What an operator sees: one warn/error line per failure with its code (and no personal data), probe
// scrapes only at debug, /readyz and /healthz that fail with the database, and /metrics through
// prom-client counting every HTTP request to the LMS per connection name.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { randomUUID } from 'node:crypto'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import type { Config } from '../../src/config.ts'

type Sim = ReturnType<typeof createMoodleSimulator>
interface Line { level: number; msg: string; code?: string; registrationId?: string; connectionId?: string; [k: string]: unknown }

const warnOrWorse = (l: Line) => l.level >= 40

/** An app whose log lines (debug and up) are kept as parsed objects. */
async function appWithLog(overrides: Partial<Config> = {}) {
  const lines: Line[] = []
  const raw: string[] = []
  const stream = new PassThrough()
  let buffer = ''
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      raw.push(line)
      lines.push(JSON.parse(line) as Line)
    }
  })
  const t = await startTestApp(overrides, { logStream: stream })
  return { t, lines, raw }
}

async function moodleConnection(t: TestApp, sim: Sim, url: string, opts: { token?: string; name?: string } = {}) {
  const c = await t.api('POST', '/api/v1/connections', {
    name: opts.name ?? 'Moodle live', type: 'moodle', baseUrl: url, credentials: { token: opts.token ?? sim.token },
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'OPS1', name: 'Operations', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  return c.body.id as string
}

const person = (personId: string) => ({
  personId, firstName: 'Griet', namePrefix: 'van', lastName: 'Opslag', email1: `${personId.toLowerCase()}.opslag@example.com`,
})

/** No name or e-mail address of a test person in any log line. */
function assertNoPersonalData(raw: string[]) {
  for (const line of raw) {
    assert.doesNotMatch(line, /Opslag|Griet|opslag@example/i, `personal data in a log line: ${line}`)
  }
}

describe(`operator logs, health and metrics (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  // Each test's apps stop when it ends: PGlite apps left running would slow the next tests down.
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {})
  })
  async function simulator(world: 'recorded-site' = 'recorded-site') {
    const sim = createMoodleSimulator({ world })
    const url = await sim.start(0)
    cleanups.push(() => sim.stop())
    return { sim, url }
  }

  it('logs a registration that fails for good exactly once at warn, with its code and ids, without personal data', async () => {
    const { sim, url } = await simulator()
    const { t, lines, raw } = await appWithLog({ retryLimit: 1, retryDelaySeconds: 1 })
    cleanups.push(() => t.stop())
    const connectionId = await moodleConnection(t, sim, url)
    await sim.setDown(true)
    const res = await t.api('POST', '/api/v1/registrations', { person: person('OPS-F1'), courseCode: 'OPS1' })
    await registrationReaches(t, res.body.id, 'failed', 60_000)
    const failures = lines.filter((l) => warnOrWorse(l) && l.registrationId === res.body.id)
    assert.equal(failures.length, 1, JSON.stringify(failures))
    assert.equal(failures[0]!.code, 'LMS_UNREACHABLE')
    assert.equal(failures[0]!.connectionId, connectionId)
    assert.equal(failures[0]!.connection, 'Moodle live')
    // The first attempt that will be retried is not a failure yet: info.
    assert.ok(lines.some((l) => l.level === 30 && l.registrationId === res.body.id && l.code === 'LMS_UNREACHABLE'))
    assertNoPersonalData(raw)
  })

  it('logs a blocked connection once at warn and its resume at info', async () => {
    const { sim, url } = await simulator()
    const { t, lines, raw } = await appWithLog()
    cleanups.push(() => t.stop())
    const connectionId = await moodleConnection(t, sim, url, { token: 'wrong-token-0000000000000000000000' })
    const ids: string[] = []
    for (const p of ['OPS-B1', 'OPS-B2', 'OPS-B3']) {
      ids.push((await t.api('POST', '/api/v1/registrations', { person: person(p), courseCode: 'OPS1' })).body.id)
    }
    for (const id of ids) await registrationReaches(t, id, 'needs_admin', 60_000)
    const blocked = lines.filter((l) => warnOrWorse(l) && l.code === 'MOODLE_INVALID_TOKEN')
    assert.equal(blocked.length, 1, JSON.stringify(blocked))
    assert.equal(blocked[0]!.connectionId, connectionId)
    assert.match(blocked[0]!.msg, /blocked/)
    assert.equal(lines.filter(warnOrWorse).length, 1, JSON.stringify(lines.filter(warnOrWorse)))
    const blockedGauge = async () => /^coursebridge_connection_blocked\{connection="Moodle live"\} (\d+)$/m.exec(
      (await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.key}` } })).body)?.[1]
    assert.equal(await blockedGauge(), '1', 'the blocked connection shows as 1 in the gauge')

    const fixed = await t.api('PATCH', `/api/v1/connections/${connectionId}`, { credentials: { token: sim.token } })
    assert.equal(fixed.status, 200)
    for (const id of ids) await registrationReaches(t, id, 'active', 60_000)
    const resumed = lines.filter((l) => l.connectionId === connectionId && /" resumed \(/.test(l.msg))
    assert.equal(resumed.length, 1, JSON.stringify(resumed))
    assert.equal(resumed[0]!.level, 30)
    assert.equal(await blockedGauge(), '0', 'and as 0 once resumed')
    assertNoPersonalData(raw)
  })

  it('logs each refused webhook (401, 404, 422) once at warn with its code, and counts the outcomes', async () => {
    const { sim, url } = await simulator()
    const { t, lines } = await appWithLog()
    cleanups.push(() => t.stop())
    const connectionId = await moodleConnection(t, sim, url)
    const secret = (await t.api('POST', `/api/v1/connections/${connectionId}/webhook-secret`)).body.secret as string
    const post = (path: string, headers: Record<string, string>, payload: string) =>
      t.app.http.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload })

    const now = Math.floor(Date.now() / 1000)
    const unsigned = await post(`/webhooks/moodle/${connectionId}`,
      { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': 'v1,AAAA' }, '{}')
    assert.equal(unsigned.statusCode, 401)
    const unknown = await post(`/webhooks/moodle/${randomUUID()}`, {}, '{}')
    assert.equal(unknown.statusCode, 404)
    const { signWebhook } = await import('../../src/webhooks/standard-webhooks.ts')
    const body = JSON.stringify({
      id: 'evt_1', type: 'course.completed', timecompleted: now, user: { id: 9, idnumber: '' }, course: { id: 2 },
    })
    const noIdnumber = await post(`/webhooks/moodle/${connectionId}`, signWebhook({ id: 'evt_1', timestamp: now, body, secret }), body)

    const refused = lines.filter((l) => warnOrWorse(l) && /webhook refused/.test(l.msg))
    assert.deepEqual(refused.map((l) => l.status), [401, 404, noIdnumber.statusCode])
    assert.equal(refused[0]!.code, 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal(refused[1]!.code, 'CONNECTION_NOT_FOUND')
    if (noIdnumber.statusCode === 422) assert.equal(refused[2]!.code, 'RESULT_USER_WITHOUT_IDNUMBER')
    assert.equal(lines.filter(warnOrWorse).length, 3)
    const metrics = (await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.key}` } })).body
    assert.match(metrics, /coursebridge_inbound_webhooks_total\{outcome="refused",code="WEBHOOK_SIGNATURE_INVALID"\} 1/)
    assert.match(metrics, /coursebridge_inbound_webhooks_total\{outcome="refused",code="CONNECTION_NOT_FOUND"\} 1/)
  })

  it('logs scrapes of /healthz, /livez, /readyz and /metrics at debug only', async () => {
    const { t, lines } = await appWithLog()
    cleanups.push(() => t.stop())
    const before = lines.length
    for (const url of ['/healthz', '/livez', '/readyz', '/metrics', '/healthz?x=1']) {
      const res = await t.app.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.key}` } })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
    }
    const during = lines.slice(before)
    assert.ok(during.some((l) => l.level === 20 && l.msg === 'request completed'), 'the scrapes are there at debug')
    assert.deepEqual(during.filter((l) => l.level >= 30), [], 'nothing at info or above')
    // An ordinary API request still logs at info.
    await t.api('GET', '/api/v1/connections')
    assert.ok(lines.slice(before).some((l) => l.level === 30 && l.msg === 'request completed'))
  })

  it('answers /readyz and /healthz with 503 and the reason when the database takes no write', async () => {
    const { t, lines } = await appWithLog()
    const live = await t.app.http.inject({ method: 'GET', url: '/readyz' })
    assert.equal(live.statusCode, 200, live.body)
    assert.deepEqual({ ...JSON.parse(live.body) }, { status: 'ready', ready: true, database: 'writable', queue: 'running' })
    await t.app.ctx.db.close()
    const ready = await t.app.http.inject({ method: 'GET', url: '/readyz' })
    assert.equal(ready.statusCode, 503)
    const body = JSON.parse(ready.body)
    assert.equal(body.database, 'not writable')
    assert.match(body.reason, /database does not take a write/)
    const health = await t.app.http.inject({ method: 'GET', url: '/healthz' })
    assert.equal(health.statusCode, 503)
    assert.equal(JSON.parse(health.body).status, 'unavailable')
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/livez' })).statusCode, 200, 'the process itself is alive')
    assert.ok(lines.some((l) => l.level === 40 && l.code === 'NOT_READY'))
    await t.stop().catch(() => {})
  })

  it('answers /readyz with 503 and the reason when the job queue does not run', async () => {
    const { t, lines } = await appWithLog()
    assert.equal((await t.app.http.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
    await t.app.ctx.queue.stop()
    const ready = await t.app.http.inject({ method: 'GET', url: '/readyz' })
    assert.equal(ready.statusCode, 503)
    const body = JSON.parse(ready.body)
    assert.equal(body.database, 'writable')
    assert.equal(body.queue, 'stopped')
    assert.match(body.reason, /job queue is not running/)
    assert.ok(lines.some((l) => l.level === 40 && l.code === 'NOT_READY' && l.queue === 'stopped'))
    await t.stop().catch(() => {})
  })

  it('counts every HTTP request to the LMS per connection name and function: a poll of 3 registrations counts 3', async () => {
    const { sim, url } = await simulator()
    sim.addCapability('report/completion:view')
    const { t } = await appWithLog()
    cleanups.push(() => t.stop())
    const connectionId = await moodleConnection(t, sim, url, { token: sim.plusToken, name: 'Campus Moodle' })
    for (const p of ['OPS-M1', 'OPS-M2', 'OPS-M3']) {
      const res = await t.api('POST', '/api/v1/registrations', { person: person(p), courseCode: 'OPS1' })
      await registrationReaches(t, res.body.id, 'active', 60_000)
    }
    const scrape = async () => (await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.key}` } })).body
    const sample = (text: string, re: RegExp) => Number(re.exec(text)?.[1] ?? 0)
    const polls = /coursebridge_lms_http_requests_total\{connection="Campus Moodle",function="core_completion_get_course_completion_status",outcome="ok"\} (\d+)/
    assert.equal(sample(await scrape(), polls), 0)
    assert.equal((await t.api('POST', `/api/v1/connections/${connectionId}/poll-results`)).status, 202)
    await eventually(async () => (await t.app.ctx.queue.pendingCount('poll-results')) === 0 && sample(await scrape(), polls) > 0, 60_000, 'poll done')
    const text = await scrape()
    assert.equal(sample(text, polls), 3, 'one HTTP request per registration polled')
    assert.match(text, /coursebridge_lms_http_request_duration_seconds_count\{connection="Campus Moodle",function="core_completion_get_course_completion_status"\} 3/)
    assert.doesNotMatch(text, new RegExp(connectionId), 'connections are labelled by name, not id')
    // Today's names stay; prom-client's process metrics come along; the connection state is a gauge.
    for (const name of ['coursebridge_registrations', 'coursebridge_jobs_pending', 'coursebridge_lms_calls_total', 'coursebridge_mails',
      'coursebridge_notifications_open', 'coursebridge_lms_call_limit', 'process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name)
    }
    assert.match(text, /coursebridge_registrations\{status="active"\} 3/)
    assert.match(text, /coursebridge_connection_blocked\{connection="Campus Moodle"\} 0/)
  })

  it('keeps the metrics of two apps in one process apart', async () => {
    const a = await startTestApp()
    const b = await startTestApp()
    cleanups.push(() => a.stop(), () => b.stop())
    a.app.ctx.metrics.mailFailure('MAIL_SMTP_REJECTED')
    const scrape = async (x: TestApp) => (await x.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${x.key}` } })).body
    assert.match(await scrape(a), /coursebridge_mail_failures_total\{code="MAIL_SMTP_REJECTED"\} 1/)
    assert.doesNotMatch(await scrape(b), /MAIL_SMTP_REJECTED/)
  })
})
