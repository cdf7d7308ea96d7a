// The Moodle plugin's observer and ad-hoc task, run by php-cli on a stub of the few Moodle APIs they call
// (test/fixtures/moodle-plugin/run-plugin.php), sending over HTTP to a real coursebridge: the task sends what the
// course_completed event saw even when the completion row was reset (before a retake) by the time it ran, and it waits
// for a gradebook still being recalculated (queues itself again with backoff) instead of failing or sending without
// the grade. php-cli is required, as for the other plugin tests (PHP_BINARY to use another php).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

const script = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'test/fixtures/moodle-plugin/run-plugin.php')
// Not spawnSync: the PHP script calls this very process over HTTP.
const run = promisify(execFile)

interface PluginRun { customdata: Record<string, unknown>; outcome: 'done' | 'failed'; error?: string; log: string[] }
interface PluginOutput { runs: PluginRun[]; queued: { customdata: Record<string, unknown>; runsIn: number | null }[] }

async function php(args: string[]): Promise<string> {
  const { stdout } = await run(process.env['PHP_BINARY'] ?? 'php', [script, ...args], { encoding: 'utf8', timeout: 30_000 })
  return stdout
}

describe(`the Moodle plugin's task (${testDb})`, () => {
  let t: TestApp
  let sim: MoodleSimulator
  let appUrl: string
  let connectionId: string
  let secret: string
  const site = { siteidentifier: 'abcdefghijklmnopqrstuvwxyz012345moodle.example.org', wwwroot: 'https://moodle.example.org' }
  const course = { id: 2, shortname: 'CV-E101', idnumber: 'CV-E101' }
  const gradeitem = { gradetype: 1, grademin: 0, grademax: 10, gradepass: 5.5 }

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    t = await startTestApp()
    appUrl = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })
    connectionId = c.body.id
    secret = (await t.api('POST', `/api/v1/connections/${connectionId}/webhook-secret`)).body.secret
    const d = await t.api('POST', '/api/v1/course-definitions', { code: 'E101', name: 'E101', connectionId, target: { type: 'moodle-course', by: 'id', value: '2' } })
    assert.equal(d.status, 201, JSON.stringify(d.body))
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  async function activeRegistration(personId: string) {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId, firstName: 'Pim', lastName: `Plugin ${personId}`, email1: `${personId.toLowerCase()}@example.com` }, courseCode: 'E101',
    })
    assert.equal(res.status, 202, JSON.stringify(res.body))
    const reg = await eventually(async () => {
      const r = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
      return r.observed.status === 'active' ? r as { id: string; observed: { lmsUserId: string } } : null
    }, 20_000, 'registration active')
    return { id: reg.id, userId: Number(reg.observed.lmsUserId), personId }
  }
  const scenario = (users: { id: number; idnumber: string }[], steps: Record<string, unknown>[]) => JSON.stringify({
    endpoint: `${appUrl}/webhooks/moodle/${connectionId}`, secret, ...site, users: users.map((u) => ({ ...u, deleted: 0 })),
    courses: [course], gradeitem, steps,
  })
  const resultsOf = async (id: string) => (await t.api('GET', `/api/v1/registrations/${id}`)).body.results as
    { completedAt: string; grade: Record<string, unknown> | null; source: string }[]

  it('sends the completion the event saw although it was reset before the task ran, and the retake too', async () => {
    const learner = await activeRegistration('PT-1')
    const first = 1796287247
    const retake = first + 20
    // As recorded on Moodle 4.5.6: completion row 8, reset (row deleted), retake row 9, then cron runs both tasks.
    const out = JSON.parse(await php([scenario([{ id: learner.userId, idnumber: learner.personId }], [
      { do: 'grade', userid: learner.userId, value: 8.5 },
      { do: 'complete', completionid: 8, userid: learner.userId, courseid: 2, timecompleted: first },
      { do: 'reset', userid: learner.userId, courseid: 2 },
      { do: 'complete', completionid: 9, userid: learner.userId, courseid: 2, timecompleted: retake },
      { do: 'run-tasks' },
    ])])) as PluginOutput
    assert.deepEqual(out.runs.map((r) => r.outcome), ['done', 'done'], JSON.stringify(out.runs))
    assert.match(out.runs[0]!.log.join('\n'), /sent moodle-[0-9a-f]{16}-8-1796287247 \(HTTP 200\)/)
    assert.match(out.runs[1]!.log.join('\n'), /sent moodle-[0-9a-f]{16}-9-1796287267 \(HTTP 200\)/)
    assert.deepEqual(out.queued, [])
    const results = await resultsOf(learner.id)
    assert.deepEqual(results.map((r) => r.completedAt), [new Date(first * 1000).toISOString(), new Date(retake * 1000).toISOString()],
      'the first completion and the retake, each with its own time')
    assert.deepEqual(results[0]!.grade, { type: 'value', final: 8.5, min: 0, max: 10, pass: 5.5, percentage: 85 })
    assert.equal(results[0]!.source, 'moodle-plugin')
  })

  it('waits for a gradebook still being recalculated, 1 then 2 minutes, and then sends the result with its grade', async () => {
    const learner = await activeRegistration('PT-2')
    const users = [{ id: learner.userId, idnumber: learner.personId }]
    const at = 1796290000
    // One PHP process per cron run; the stub keeps no state between them, so each run replays the earlier steps.
    const steps = [
      { do: 'grade', userid: learner.userId, value: 'not-ready' },
      { do: 'complete', completionid: 11, userid: learner.userId, courseid: 2, timecompleted: at },
      { do: 'run-tasks' },
      { do: 'run-tasks' },
    ]
    const waiting = JSON.parse(await php([scenario(users, steps)])) as PluginOutput
    assert.deepEqual(waiting.runs.map((r) => r.outcome), ['done', 'done'], 'no failed task while the gradebook recalculates')
    assert.match(waiting.runs[0]!.log.join('\n'), /still being recalculated; completion 11 is sent in 60 s/)
    assert.match(waiting.runs[1]!.log.join('\n'), /completion 11 is sent in 120 s/)
    assert.equal(waiting.queued.length, 1)
    assert.equal(waiting.queued[0]!.customdata['gradewaits'], 2)
    assert.ok(Math.abs(waiting.queued[0]!.runsIn! - 120) <= 2, `next run in ${waiting.queued[0]!.runsIn} s`)
    assert.deepEqual(await resultsOf(learner.id), [], 'nothing sent while waiting')

    const done = JSON.parse(await php([scenario(users, [...steps, { do: 'grade', userid: learner.userId, value: 7.25 }, { do: 'run-tasks' }])])) as PluginOutput
    assert.deepEqual(done.runs.map((r) => r.outcome), ['done', 'done', 'done'])
    assert.match(done.runs[2]!.log.join('\n'), /sent moodle-[0-9a-f]{16}-11-1796290000 \(HTTP 200\)/)
    const [result] = await resultsOf(learner.id)
    assert.deepEqual(result!.grade, { type: 'value', final: 7.25, min: 0, max: 10, pass: 5.5, percentage: 72.5 })
    assert.equal(result!.completedAt, new Date(at * 1000).toISOString())
  })

  it('waits 1, 2, 4 … minutes, at most an hour apart, ten times, then lets the task fail', async () => {
    assert.deepEqual(JSON.parse(await php(['delays'])), [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, null])
  })

  it('makes the connection check call the plugin installed (it fetched the managed courses, signed)', async () => {
    const res = await t.api('POST', `/api/v1/connections/${connectionId}/check`)
    const item = (res.body.items as { id: string; status: string; detail: string }[]).find((i) => i.id === 'results-plugin')!
    assert.equal(item.status, 'pass')
    assert.match(item.detail, /installed: it sent (a result|its request for the managed courses)/)
  })
})
