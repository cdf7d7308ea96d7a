// Issue 7: several `coursebridge worker` processes on one PostgreSQL share the work with no duplicate
// account or enrolment, a worker killed with SIGKILL in the middle of a batch loses nothing, and a grant
// racing its cancel leaves no access. Real child processes, the Moodle simulator on loopback.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

describe(`worker processes on PostgreSQL (${testDb})`, { skip: testDb !== 'postgres' && 'several processes need a PostgreSQL server (runs in the TEST_DB=postgres pass)' }, () => {
  let t: TestApp
  let sim: Sim
  const secretKey = randomBytes(32)
  const workers: ChildProcess[] = []
  const output: string[] = []

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: postgresUrl, DATABASE_SCHEMA: t.schema, COURSEBRIDGE_SECRET_KEY: secretKey.toString('base64'),
        LOG_LEVEL: 'warn', RECONCILE_BATCH_SIZE: '20', WORKER_CONCURRENCY: '2', RETRY_DELAY_SECONDS: '1',
        JOB_EXPIRE_SECONDS: '8', MAINTENANCE_INTERVAL_SECONDS: '2', LMS_TIMEOUT_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d: Buffer) => output.push(String(d)))
    child.stderr!.on('data', (d: Buffer) => output.push(String(d)))
    workers.push(child)
    return child
  }

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site', latencyMs: 20 })
    const url = await sim.start(0)
    t = await startTestApp({ runWorkers: false }, { secretKey })
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token } })
    for (const [code, id] of [['E101', '2'], ['E102', '3']]) {
      await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: id } })
    }
  })
  after(async () => {
    // A child that exited or was killed has an exit code or a signal; only the running ones are stopped.
    const running = workers.filter((w) => w.exitCode === null && w.signalCode === null)
    for (const w of running) w.kill('SIGTERM')
    await Promise.all(running.map((w) => new Promise((r) => w.once('exit', r))))
    await t?.stop()
    await sim?.stop()
  })

  const register = async (personId: string, courseCode = 'E101') => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId, firstName: 'Wim', lastName: `Worker ${personId}`, email1: `${personId.toLowerCase()}@example.com` }, courseCode,
    })
    assert.equal(res.status, 202)
    return res.body.id as string
  }
  const count = async (status: string, prefix: string) => {
    const { rows } = await t.app.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registrations r JOIN persons p ON p.id = r.person_ref WHERE r.status = $1 AND p.person_id LIKE $2`,
      [status, `${prefix}%`],
    )
    return rows[0]!.n
  }
  const assertNoDuplicates = (prefix: string, expected: number, courseId: number) => {
    const keys = sim.users().map((u) => u.idnumber).filter((k) => k.startsWith(prefix))
    assert.equal(keys.length, expected, 'one account per person')
    assert.equal(new Set(keys).size, keys.length, 'no duplicate account')
    const ids = new Set(sim.users().filter((u) => u.idnumber.startsWith(prefix)).map((u) => u.id))
    const enrolled = sim.enrolments(courseId).filter((e) => ids.has(e.userId)).map((e) => e.userId)
    assert.equal(enrolled.length, expected, 'every one enrolled')
    assert.equal(new Set(enrolled).size, enrolled.length, 'no duplicate enrolment')
  }

  it('three worker processes share 300 registrations with no duplicate account or enrolment', async () => {
    for (let n = 0; n < 300; n++) await register(`S${n}`)
    for (let i = 0; i < 3; i++) startWorker()
    await eventually(async () => ((await count('active', 'S')) === 300 ? true : null), 120_000, '300 active')
    assertNoDuplicates('S', 300, 2)
    assert.ok(!output.join('').includes(sim.token), 'no token in the workers\' output')
  })

  it('loses nothing and duplicates nothing when a worker is killed with SIGKILL in the middle of a batch', async () => {
    for (let n = 0; n < 200; n++) await register(`K${n}`, 'E102')
    sim.latencyMs = 150 // slow enough that the kill lands inside a batch
    await eventually(async () => ((await count('active', 'K')) > 0 ? true : null), 60_000, 'work under way')
    const victim = workers.find((w) => w.exitCode === null && w.signalCode === null)!
    victim.kill('SIGKILL')
    await new Promise((r) => victim.once('exit', r))
    startWorker()
    sim.latencyMs = 20
    await eventually(async () => ((await count('active', 'K')) === 200 ? true : null), 150_000, '200 active after the kill')
    assertNoDuplicates('K', 200, 3)
  })

  it('leaves no access when grants and cancels race on the same registrations', async () => {
    const ids: string[] = []
    for (let n = 0; n < 30; n++) {
      const id = await register(`G${n}`)
      ids.push(id)
      // Some cancels come at once, some after a moment, some after the grant may have run.
      setTimeout(() => void t.api('POST', `/api/v1/registrations/${id}/cancel`), (n % 3) * 150)
    }
    await eventually(async () => ((await count('cancelled', 'G')) === 30 ? true : null), 90_000, '30 cancelled')
    const userIds = new Set(sim.users().filter((u) => u.idnumber.startsWith('G')).map((u) => u.id))
    assert.equal(sim.enrolments(2).filter((e) => userIds.has(e.userId)).length, 0, 'no access left after cancel')
    assert.equal(new Set(sim.users().filter((u) => u.idnumber.startsWith('G')).map((u) => u.idnumber)).size, userIds.size, 'no duplicate account')
  })
})
