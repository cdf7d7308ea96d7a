// `coursebridge simulator moodle` as its own process (as an integrator would start it), for the tests that
// prove the real-Moodle modes without a real Moodle: its printed line is read the way a shell `eval` would,
// into the variables the real-Moodle mode reads.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { cliEnv } from './service-process.ts'
import { realMoodleFromEnv, type RealMoodle } from './real-moodle.ts'

export async function startStandalone(args: string[]): Promise<{ child: ChildProcess; site: RealMoodle }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulator', 'moodle', ...args], { env: cliEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
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
  const site = realMoodleFromEnv(env)
  assert.ok(site?.plusToken, `line without MOODLE_URL/MOODLE_TOKEN/MOODLE_PLUS_TOKEN: ${out}`)
  return { child, site }
}

export async function stopStandalone(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
