// `coursebridge simulator moodle|ilias` as an integrator runs it: a child process, its one printed line
// parsed, and the adapters of coursebridge used against what it serves.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'
import { IliasAdapter } from '../../src/lms/ilias/ilias-adapter.ts'
import { cliEnv } from '../helpers/service-process.ts'

async function startSimulator(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', ...args], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => { out += String(d) })
  child.stderr!.on('data', (d: Buffer) => { err += String(d) })
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  for (const deadline = Date.now() + 60_000; !out.includes('\n');) {
    if (child.exitCode !== null) throw new Error(`simulator exited: ${err}`)
    assert.ok(Date.now() < deadline, `no line printed: ${err}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const line = out.split('\n')[0]!
  const values = Object.fromEntries(line.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  return { child, line, values, exited, output: () => out }
}

describe('coursebridge simulator', () => {
  it('serves a Moodle on the port given and prints MOODLE_URL, MOODLE_TOKEN and MOODLE_PLUS_TOKEN on one line', async () => {
    const sim = await startSimulator(['moodle', '--latency', '5'])
    try {
      assert.match(sim.line, /^MOODLE_URL=http:\/\/127\.0\.0\.1:\d+ MOODLE_TOKEN=\S+ MOODLE_PLUS_TOKEN=\S+$/)
      const adapter = new MoodleAdapter({ baseUrl: sim.values.MOODLE_URL!, token: sim.values.MOODLE_TOKEN!, timeoutMs: 5_000 })
      const [created] = await adapter.createAccounts([{
        externalKey: 'SIM1', loginName: 'sim1', password: 'Sim-Password-1!', firstName: 'Sim', lastName: 'User', email: 'sim1@example.com', fields: {},
      }])
      assert.ok(created?.lmsUserId)
      const found = await adapter.findByExternalKeys(['SIM1'])
      assert.equal(found.get('SIM1')?.[0]?.lmsUserId, created.lmsUserId)
    } finally {
      sim.child.kill('SIGTERM')
      assert.equal(await sim.exited, 0)
    }
  })

  it('serves an ILIAS and prints ILIAS_URL, ILIAS_CLIENT, ILIAS_USER, ILIAS_PASSWORD and the demo course ILIAS_REF_ID on one line (calibrated cost, 2 workers)', async () => {
    const sim = await startSimulator(['ilias', '--latency', 'calibrated', '--workers', '2'])
    try {
      assert.match(sim.line, /^ILIAS_URL=http:\/\/127\.0\.0\.1:\d+\/\S+ ILIAS_CLIENT=\S+ ILIAS_USER=\S+ ILIAS_PASSWORD=\S+ ILIAS_REF_ID=\d+$/)
      const adapter = new IliasAdapter({
        baseUrl: sim.values.ILIAS_URL!, client: sim.values.ILIAS_CLIENT!, username: sim.values.ILIAS_USER!,
        password: sim.values.ILIAS_PASSWORD!, timeoutMs: 5_000,
      })
      const found = await adapter.findByExternalKeys(['nobody-yet'])
      assert.deepEqual(found.get('nobody-yet') ?? [], [])
    } finally {
      sim.child.kill('SIGTERM')
      assert.equal(await sim.exited, 0)
    }
  })

  it('plays the Moodle line --version names (site info of 4.1), and refuses an unknown one', async () => {
    const sim = await startSimulator(['moodle', '--version', '4.1'])
    try {
      const res = await fetch(`${sim.values.MOODLE_URL}/webservice/rest/server.php?moodlewsrestformat=json`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ wstoken: sim.values.MOODLE_PLUS_TOKEN!, wsfunction: 'core_webservice_get_site_info' }).toString(),
      })
      assert.match((await res.json() as { release: string }).release, /^4\.1\./)
    } finally {
      sim.child.kill('SIGTERM')
      assert.equal(await sim.exited, 0)
    }
    const bad = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', 'moodle', '--version', '3.9'], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    bad.stderr!.on('data', (d: Buffer) => { err += String(d) })
    assert.equal(await new Promise((resolve) => bad.once('exit', resolve)), 2)
    assert.match(err, /--version is one of 4\.1, 4\.5, 5\.0/)
  })

  it('refuses --workers without --latency calibrated', async () => {
    const sim = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', 'moodle', '--workers', '2'], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    sim.stderr!.on('data', (d: Buffer) => { err += String(d) })
    assert.equal(await new Promise((resolve) => sim.once('exit', resolve)), 2)
    assert.match(err, /--workers goes with --latency calibrated/)
  })

  it('refuses an unknown LMS with its usage and exit code 2', async () => {
    const sim = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', 'blackboard'], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    sim.stderr!.on('data', (d: Buffer) => { err += String(d) })
    const code = await new Promise((resolve) => sim.once('exit', resolve))
    assert.equal(code, 2)
    assert.match(err, /usage: coursebridge simulator moodle\|ilias/)
  })
})
