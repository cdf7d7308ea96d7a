// `coursebridge simulator moodle|ilias [--port N] [--latency MS|calibrated] [--workers N] [--debug] [--version V]`: the simulated
// LMS that the tests and the sandbox use, as a standalone server for integrators and test set-ups. `--latency MS`
// answers every call after MS (any number at once); `--latency calibrated` charges each call what it costs a real
// site per call and per record, served by --workers PHP workers (4) at once (src/lms/simulator-cost.ts). Prints one line with
// what a client needs (shell-style NAME=value, for `eval` or an env file) and serves until Ctrl-C/SIGTERM.
// The Moodle is the recorded site (test/contracts/moodle/README.md), its role with the optional capabilities
// too, so MOODLE_PLUS_TOKEN's service works; --debug answers as a site with debugging shown (debuginfo); --version
// 4.1|4.5|5.0 the Moodle line it plays (4.5 unless given: site info, error shapes and functions of that line).
// It listens on 127.0.0.1 only. Its data lives in memory: a restart starts from the same fresh site.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { CommandUsageError } from './command-io.ts'
import { moodleVersions, type MoodleVersion } from '../lms/moodle/moodle-versions.ts'

const usage = 'usage: coursebridge simulator moodle|ilias [--port N] [--latency MS|calibrated] [--workers N] [--debug] [--version 4.1|4.5|5.0 (moodle)]'

function intOption(name: string, value: string | undefined, max: number): number {
  if (value === undefined) return 0
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max) throw new CommandUsageError(`--${name} must be a whole number from 0 to ${max}\n${usage}`)
  return n
}

export async function runSimulator(args: string[]): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' }, latency: { type: 'string' }, workers: { type: 'string' }, debug: { type: 'boolean' }, version: { type: 'string' } } })
  } catch (err) {
    throw new CommandUsageError(`${(err as Error).message}\n${usage}`)
  }
  const { values, positionals } = parsed
  const lms = positionals[0]
  if ((lms !== 'moodle' && lms !== 'ilias') || positionals.length !== 1) throw new CommandUsageError(usage)
  const port = intOption('port', values.port, 65535)
  const calibrated = values.latency === 'calibrated'
  const latencyMs = calibrated ? 0 : intOption('latency', values.latency, 60_000)
  if (values.workers !== undefined && !calibrated) throw new CommandUsageError(`--workers goes with --latency calibrated\n${usage}`)
  const workers = values.workers === undefined ? 4 : intOption('workers', values.workers, 1000)
  if (workers < 1) throw new CommandUsageError(`--workers must be a whole number from 1 to 1000\n${usage}`)
  const version = values.version
  if (version !== undefined && (lms !== 'moodle' || !(moodleVersions as readonly string[]).includes(version))) {
    throw new CommandUsageError(`--version is one of ${moodleVersions.join(', ')}, for moodle only\n${usage}`)
  }
  const { calibratedIlias, calibratedMoodle } = await import('../lms/simulator-cost.ts')

  let stop: () => Promise<void>
  if (lms === 'moodle') {
    const { createMoodleSimulator, plusCapabilities } = await import('../lms/moodle/simulator/index.ts')
    const sim = createMoodleSimulator({ world: 'recorded-site', latencyMs, debug: values.debug === true, version: version as MoodleVersion | undefined, cost: calibrated ? calibratedMoodle(workers) : null })
    for (const cap of plusCapabilities) sim.addCapability(cap)
    const url = await sim.start(port)
    process.stdout.write(`MOODLE_URL=${url} MOODLE_TOKEN=${sim.token} MOODLE_PLUS_TOKEN=${sim.plusToken}\n`)
    stop = () => sim.stop()
  } else {
    const { createIliasSimulator } = await import('../lms/ilias/simulator/index.ts')
    const credentials = { client: 'default', adminUser: 'soapadmin', adminPassword: `Sim-${randomBytes(9).toString('base64url')}` }
    const sim = createIliasSimulator({ ...credentials, latencyMs, cost: calibrated ? calibratedIlias(workers) : null })
    const url = await sim.start(port)
    // A course to try things with, as the sandbox has; its ref id for the benchmark's ILIAS mode.
    const refId = sim.addCourse({ title: 'Demo e-learning (simulator)' })
    process.stdout.write(`ILIAS_URL=${url} ILIAS_CLIENT=${credentials.client} ILIAS_USER=${credentials.adminUser} ILIAS_PASSWORD=${credentials.adminPassword} ILIAS_REF_ID=${refId}\n`)
    stop = () => sim.stop()
  }
  const onSignal = () => {
    stop().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
}
