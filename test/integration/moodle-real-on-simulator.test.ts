// The real-Moodle registration scenarios (moodle-real-scenarios.ts) proven without a real Moodle:
// `coursebridge simulator moodle` runs as its own process, its printed line is read into the variables the
// real-Moodle mode reads, and the scenarios run through exactly the code path they take against a real site
// (set-up and observation through the web service only).
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { cliEnv } from '../helpers/service-process.ts'
import { realMoodleFromEnv, type RealMoodle } from '../helpers/real-moodle.ts'
import { describeRealMoodleScenarios } from './moodle-real-scenarios.ts'

let child: ChildProcess | undefined
let site: RealMoodle | null = null

before(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', 'moodle'], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => { out += String(d) })
  child.stderr!.on('data', (d: Buffer) => { err += String(d) })
  for (const deadline = Date.now() + 60_000; !out.includes('\n');) {
    if (child.exitCode !== null) throw new Error(`simulator exited: ${err}`)
    assert.ok(Date.now() < deadline, `no line printed: ${err}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const env = Object.fromEntries(out.split('\n')[0]!.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  site = realMoodleFromEnv(env)
})

after(async () => {
  if (!child || child.exitCode !== null) return
  const exited = new Promise((resolve) => child!.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
})

describeRealMoodleScenarios('registrations into `coursebridge simulator moodle` as a real Moodle', () => site, 'the standalone simulator did not start')
