// The Moodle plugin sends only what coursebridge manages: it fetches the managed course ids with a signed
// GET (signed by the plugin's own PHP classes here) and skips users without an ID number and other courses;
// a completion coursebridge does not manage that still arrives is answered 2xx "ignored" (so the plugin
// does not retry it) and counted in /metrics.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signWebhook } from '../../src/webhooks/standard-webhooks.ts'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

const script = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'test/fixtures/webhooks/managed-courses.php')
const php = (args: string[]) => {
  const r = spawnSync(process.env['PHP_BINARY'] ?? 'php', [script, ...args], { encoding: 'utf8' })
  assert.equal(r.status, 0, `php ${args[0]} failed: ${r.stderr}${r.error ?? ''}`)
  return r.stdout.trim()
}

describe(`the Moodle plugin sends only what coursebridge manages (${testDb})`, () => {
  let t: TestApp
  let url: string
  let connectionId: string
  let secret: string
  before(async () => {
    t = await startTestApp()
    url = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: 'https://moodle.example.org', credentials: { token: 'a'.repeat(32) } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    connectionId = c.body.id
    secret = (await t.api('POST', `/api/v1/connections/${connectionId}/webhook-secret`)).body.secret
    const d = await t.api('POST', '/api/v1/course-definitions', { code: 'E7', name: 'E7', connectionId, target: { type: 'moodle-course', by: 'id', value: '7' } })
    assert.equal(d.status, 201, JSON.stringify(d.body))
  })
  after(async () => t?.stop())

  it('gives the plugin the managed course ids on its signed GET, and refuses an unsigned one', async () => {
    const headers = JSON.parse(php(['headers', secret])) as Record<string, string>
    const res = await fetch(`${url}/webhooks/moodle/${connectionId}/managed`, { headers })
    assert.equal(res.status, 200)
    const answer = await res.text()
    assert.deepEqual(JSON.parse(answer), { ok: true, courses: [7], requireIdnumber: true, maxAgeSeconds: 3600 })
    assert.equal(php(['decide', answer, 'P-1001', '7']), 'send')
    assert.equal(php(['decide', answer, 'P-1001', '8']), 'skip', 'a course without a course definition')
    assert.equal(php(['decide', answer, '', '7']), 'skip', 'a user without ID number')

    const unsigned = await fetch(`${url}/webhooks/moodle/${connectionId}/managed`)
    assert.equal(unsigned.status, 401)
    const wrong = JSON.parse(php(['headers', 'whsec_' + Buffer.alloc(32, 1).toString('base64')])) as Record<string, string>
    assert.equal((await fetch(`${url}/webhooks/moodle/${connectionId}/managed`, { headers: wrong })).status, 401)
  })

  it('answers a completion of an unmanaged user or course 2xx "ignored", and counts it', async () => {
    // The body as the plugin's result_payload builds it.
    const send = async (id: string, user: { id: number; idnumber: string | null }, course: number) => {
      const now = Math.floor(Date.now() / 1000)
      const body = JSON.stringify({
        type: 'course.completed', id, moodle: { site: 'https://moodle.example.org', plugin: 2025112300 },
        user, course: { id: course, shortname: `C${course}`, idnumber: null }, timecompleted: now, grade: null,
      })
      const res = await fetch(`${url}/webhooks/moodle/${connectionId}`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook({ id, timestamp: now, body, secret }) }, body,
      })
      return { status: res.status, body: await res.json() as { outcome?: string; code?: string } }
    }
    const unknownUser = await send('evt_unmanaged_1', { id: 41, idnumber: 'NOT-A-PERSON' }, 7)
    assert.equal(unknownUser.status, 200)
    assert.equal(unknownUser.body.outcome, 'ignored')
    assert.equal(unknownUser.body.code, 'RESULT_REGISTRATION_NOT_FOUND')
    const otherCourse = await send('evt_unmanaged_2', { id: 41, idnumber: 'NOT-A-PERSON' }, 99)
    assert.deepEqual([otherCourse.status, otherCourse.body.outcome], [200, 'ignored'])
    const noIdnumber = await send('evt_unmanaged_3', { id: 42, idnumber: null }, 7)
    assert.deepEqual([noIdnumber.status, noIdnumber.body.outcome, noIdnumber.body.code], [200, 'ignored', 'RESULT_USER_WITHOUT_IDNUMBER'])

    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${t.key}` } })).text()
    assert.match(metrics, /coursebridge_inbound_webhooks_total\{outcome="ignored",code="RESULT_REGISTRATION_NOT_FOUND"\} 2/)
    assert.match(metrics, /coursebridge_inbound_webhooks_total\{outcome="ignored",code="RESULT_USER_WITHOUT_IDNUMBER"\} 1/)
  })
})
