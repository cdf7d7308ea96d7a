// `coursebridge adopt --report` as an operator runs it: a real process on an embedded database in a temporary data
// directory (no service running), against the Moodle simulator; and its --help, which needs no configuration.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { ensureBuilt } from '../../scripts/build.mjs'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { startTestApp } from '../helpers/test-app.ts'

const secretKey = Buffer.alloc(32, 7)
const env = (dataDir: string) => ({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COURSEBRIDGE_SECRET_KEY: secretKey.toString('base64') })

/** Asynchronous: the simulator answers from this process while the command runs. */
function cli(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/coursebridge.js', ...args], { env: env(dataDir) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += String(d) })
    child.stderr.on('data', (d) => { stderr += String(d) })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

describe('coursebridge adopt --report', () => {
  let dataDir: string
  let sim: ReturnType<typeof createMoodleSimulator>
  before(async () => {
    ensureBuilt({ log: () => {} })
    dataDir = mkdtempSync(join(tmpdir(), 'cb-adopt-'))
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    sim.addFunctionToService('coursebridge', 'core_user_get_users')
    sim.addUser({ username: 'bykey', firstname: 'A', lastname: 'A', email: 'bykey@example.com', idnumber: 'P1' })
    sim.addUser({ username: 'adoptme', firstname: 'B', lastname: 'B', email: 'Adopt.Me@Example.com', idnumber: '' })
    sim.addUser({ username: 'taken', firstname: 'C', lastname: 'C', email: 'taken@example.com', idnumber: 'OTHER-7' })
    // The data the command reads, written by an app on the same embedded database (then closed again).
    const db = await openPgliteDatabase(join(dataDir, 'db'))
    const t = await startTestApp({ runWorkers: false }, { db, secretKey })
    try {
      assert.equal((await t.api('POST', '/api/v1/connections', { name: 'moodle live', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })).status, 201)
      for (const [id, email] of [['P1', 'bykey@example.com'], ['P2', 'adopt.me@example.com'], ['P3', 'taken@example.com'], ['P4', 'new@example.com']]) {
        assert.equal((await t.api('PUT', `/api/v1/persons/${id}`, { personId: id, firstName: 'X', lastName: 'Y', email1: email })).status, 200)
      }
    } finally {
      await t.stop()
      await db.close()
    }
  })
  after(async () => {
    await sim?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers --help without configuration', () => {
    const r = spawnSync(process.execPath, ['bin/coursebridge.js', 'adopt', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /usage: coursebridge adopt --report \[--connection NAME\]/)
    assert.match(r.stdout, /read-only/)
  })

  it('counts matched by key, adoptable, conflicts and not found, and writes nothing', async () => {
    const callsBefore = sim.calls.length
    const r = await cli(dataDir, ['adopt', '--report', '--connection', 'moodle live'])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /Adoption report of "moodle live" \(account matching: key-only\)/)
    assert.match(r.stdout, /^\s+4 {2}persons$/m)
    assert.match(r.stdout, /^\s+1 {2}matched by key$/m)
    assert.match(r.stdout, /^\s+1 {2}adoptable/m)
    assert.match(r.stdout, /^\s+1 {2}conflicts/m)
    assert.match(r.stdout, /^\s+1 {2}not found/m)
    assert.match(r.stdout, /P2 {2}adopt\.me@example\.com → account \d+ \(adoptme\)/)
    assert.match(r.stdout, /P3 {2}taken@example\.com → account \d+ \(taken, key OTHER-7\)/)
    const calls = sim.calls.slice(callsBefore).map((c) => c.wsfunction)
    assert.ok(calls.every((f) => f === 'core_user_get_users_by_field' || f === 'core_user_get_users'), calls.join())
    const json = await cli(dataDir, ['adopt', '--report', '--connection', 'moodle live', '--json'])
    assert.equal(json.status, 0, json.stderr)
    assert.deepEqual(JSON.parse(json.stdout).counts, { persons: 4, matchedByKey: 1, adoptable: 1, conflicts: 1, notFound: 1, notFoundUnsure: 0 })
  })

  it('refuses without --report and names an unknown connection', async () => {
    const bare = await cli(dataDir, ['adopt'])
    assert.equal(bare.status, 2)
    assert.match(bare.stderr, /adopt needs --report/)
    const unknown = await cli(dataDir, ['adopt', '--report', '--connection', 'nope'])
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /no connection "nope"/)
  })
})
