// The real-Moodle registration scenarios (moodle-real-scenarios.ts) proven without a real Moodle:
// `coursebridge simulator moodle` runs as its own process, its printed line is read into the variables the
// real-Moodle mode reads, and the scenarios run through exactly the code path they take against a real site
// (set-up and observation through the web service only).
import { after, before } from 'node:test'
import type { ChildProcess } from 'node:child_process'
import type { RealMoodle } from '../helpers/real-moodle.ts'
import { startStandalone, stopStandalone } from '../helpers/standalone-moodle.ts'
import { describeRealMoodleScenarios } from './moodle-real-scenarios.ts'

let child: ChildProcess | undefined
let site: RealMoodle | null = null

before(async () => {
  ({ child, site } = await startStandalone([]))
})

after(() => stopStandalone(child))

describeRealMoodleScenarios('registrations into `coursebridge simulator moodle` as a real Moodle', () => site, 'the standalone simulator did not start')
