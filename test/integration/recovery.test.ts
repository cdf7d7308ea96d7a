// Recovery in seconds: `coursebridge start` killed with SIGKILL in the middle of a bulk run, then started
// again on the same database. Its workers' jobs and leases died with it; the restart (and on PostgreSQL the
// worker registry) takes them back at once instead of after JOB_EXPIRE_SECONDS (left at its 300 s default
// here): every registration settles, the first progress comes within 30 s, no account twice, none lost.
// Real child processes; the Moodle simulator on loopback in this process; 400 registrations (bounded).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { testDb } from '../helpers/test-app.ts'
import { callApi, startService, type ServiceProcess } from '../helpers/service-process.ts'

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

describe(`recovery after kill -9 (${testDb})`, () => {
  let sim: ReturnType<typeof createMoodleSimulator>
  let dataDir: string
  const schema = `cb_test_${randomBytes(5).toString('hex')}`
  const running: ServiceProcess[] = []
  const env = () => ({
    DATA_DIR: dataDir,
    ...(testDb === 'postgres' ? { DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema } : {}),
    COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    RECONCILE_BATCH_SIZE: '25', WORKER_CONCURRENCY: '2', LMS_TIMEOUT_MS: '10000',
  })

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cb-recovery-'))
    sim = createMoodleSimulator({ world: 'recorded-site', latencyMs: 80 })
    await sim.start(0)
  })
  after(async () => {
    for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    await Promise.all(running.map((s) => s.exited))
    await sim?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    if (testDb === 'postgres') {
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      for (const s of [schema, `${schema}_jobs`]) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await client.end()
    }
  })

  it('takes over the dead process\'s work within seconds: all settle, no duplicate account, none lost', async () => {
    const first = await startService(env())
    running.push(first)
    const key = first.key
    assert.ok(key, 'the first start prints an API key')
    const api = (method: string, path: string, body?: unknown) => callApi(first.url, key, method, path, body)
    const c = await api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await api('POST', '/api/v1/course-definitions', { code: 'R101', name: 'R101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
    assert.equal(d.status, 201, JSON.stringify(d.body))

    const total = 400
    for (let start = 0; start < total; start += 100) {
      const registrations = Array.from({ length: 100 }, (_, n) => ({
        person: { personId: `R${start + n}`, firstName: 'Rita', lastName: `Restart ${start + n}`, email1: `r${start + n}@example.com` },
        courseCode: 'R101',
      }))
      const res = await api('POST', '/api/v1/registrations/batch', { registrations })
      assert.equal(res.status, 200)
      assert.equal(res.body.accepted, 100)
    }
    const activeCount = async (url: string) => {
      const r = await callApi(url, key, 'GET', '/api/v1/registrations?status=active&limit=500')
      return (r.body.items as unknown[]).length
    }
    // Kill it while accounts are being created: some registrations done, most not.
    const createdBefore = () => sim.users().filter((u) => u.idnumber.startsWith('R')).length
    for (const deadline = Date.now() + 60_000; createdBefore() < 30;) {
      assert.ok(Date.now() < deadline, 'work under way')
      await new Promise((r) => setTimeout(r, 50))
    }
    first.child.kill('SIGKILL')
    await first.exited
    const doneAtKill = await countActiveDirect()
    assert.ok(doneAtKill < total, `killed in the middle (${doneAtKill} of ${total} active)`)

    const restartedAt = Date.now()
    const second = await startService(env())
    running.push(second)
    const bootMs = Date.now() - restartedAt
    let firstProgressMs: number | null = null
    let settledMs: number | null = null
    for (const deadline = Date.now() + 150_000; ;) {
      const n = await activeCount(second.url)
      // From the moment the restarted service is up (its boot is not recovery: bootMs, reported below).
      if (firstProgressMs === null && n > doneAtKill) firstProgressMs = Date.now() - restartedAt - bootMs
      if (n === total) {
        settledMs = Date.now() - restartedAt
        break
      }
      if (Date.now() >= deadline) {
        // Say where the rest are, and what the restarted service logged at warn and above.
        const states: string[] = []
        for (const status of ['pending', 'retrying', 'waiting_for_data', 'needs_admin', 'failed']) {
          const r = await callApi(second.url, key, 'GET', `/api/v1/registrations?status=${status}&limit=500`)
          if ((r.body.items as unknown[]).length > 0) states.push(`${status} ${(r.body.items as unknown[]).length}`)
        }
        const warnings = second.output().split('\n').filter((l) => /"level":(4|5)0/.test(l)).slice(-10).join('\n')
        assert.fail(`only ${n} of ${total} active 150 s after the restart (${states.join(', ')}); warnings:\n${warnings}`)
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    process.stdout.write(`# ${testDb}: ${doneAtKill}/${total} active at the kill; restart up in ${bootMs} ms; first progress ${firstProgressMs} ms after it was up, all active ${settledMs} ms after the restart\n`)
    assert.ok(firstProgressMs! < 30_000, `first progress ${firstProgressMs} ms after the restarted service was up`)
    // Well under JOB_EXPIRE_SECONDS (300 s): nothing waited for a dead worker's job or lease to expire.
    assert.ok(settledMs! < 120_000, `all settled ${settledMs} ms after the restart`)

    const keys = sim.users().map((u) => u.idnumber).filter((k) => k.startsWith('R'))
    assert.equal(keys.length, total, 'one account per person, none lost')
    assert.equal(new Set(keys).size, total, 'no duplicate account')
    const ids = new Set(sim.users().filter((u) => u.idnumber.startsWith('R')).map((u) => u.id))
    const enrolled = sim.enrolments(2).filter((e) => ids.has(e.userId)).map((e) => e.userId)
    assert.equal(new Set(enrolled).size, total, 'every one enrolled')
    assert.equal(enrolled.length, total, 'no duplicate enrolment')

    async function countActiveDirect() {
      // The service is dead: count through the database (PostgreSQL) or, embedded, from what the LMS holds
      // enrolled (a registration turns active only after its enrolment).
      if (testDb !== 'postgres') return sim.enrolments(2).length
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      try {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.registrations WHERE status = 'active'`)
        return rows[0].n as number
      } finally {
        await client.end()
      }
    }
  })
})
