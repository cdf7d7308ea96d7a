// The set-up of a recorded case on each Moodle line: the 4.1 and 5.0 replays recreated the 4.5.6
// preconditions (their READMEs), so a case uses its 4.5.6 set-up unless an entry here says otherwise
// (a replay moment that differed, or an extra probe that only that line has).
import assert from 'node:assert/strict'
import type { MoodleSimulator, MoodleVersion } from '../../../src/lms/moodle/simulator/index.ts'
import { setupFor as setupFor45, type CaseSetup } from './moodle-case-setup.ts'

/** The 4.5.6 set-up of a case, then more steps. */
const like = (caseName: string, ...more: Array<(sim: MoodleSimulator) => void>): CaseSetup['setup'] => {
  const base = setupFor45(caseName)
  assert.ok(base, `no set-up for ${caseName}`)
  return (sim) => {
    const out = base.setup(sim)
    for (const step of more) step(sim)
    return out
  }
}
const cap = (name: string) => (sim: MoodleSimulator) => sim.addCapability(name)
/** The ws user's private access key on that site (core_webservice_get_site_info). */
const accessKey = (key: string) => (sim: MoodleSimulator) => { sim.state.users.get(3)!.privateAccessKey = key }

export const versionCaseSetups: Record<Exclude<MoodleVersion, '4.5'>, Record<string, CaseSetup>> = {
  '4.1': {
    // 4.1 picks SVG or non-SVG ("_s") theme images by the client's user agent; this probe's client got SVG.
    'extra-4.1.core_user_get_users_by_field.by-id.with-site-viewfullnames': {
      setup: like('core_user_get_users_by_field.by-id', cap('moodle/site:viewfullnames'), (sim) => sim.setSetting('svgicons', true)),
    },
    'auth.site-policy-not-agreed.site-info': { setup: like('auth.site-policy-not-agreed.site-info', accessKey('02dd5982c0c92b1e7732ab505a905fcd')) },
    'core_webservice_get_site_info.happy': { setup: like('core_webservice_get_site_info.happy', accessKey('02dd5982c0c92b1e7732ab505a905fcd')) },
  },
  '5.0': {
    'auth.site-policy-not-agreed.site-info': { setup: like('auth.site-policy-not-agreed.site-info', accessKey('b15bd612f82ac8e99011a68d728a9987')) },
    'core_webservice_get_site_info.happy': { setup: like('core_webservice_get_site_info.happy', accessKey('b15bd612f82ac8e99011a68d728a9987')) },
    // The replay sent now + 30 days instead of the 4.5.6 value.
    'enrol_manual_enrol_users.timestart-future': {
      setup: like('enrol_manual_enrol_users.timestart-future'),
      after: (sim) => assert.equal(sim.enrolments(5).find((e) => e.userId === 1420)?.timeStart, 1798880317),
    },
    'extra.core_enrol_get_users_courses.suspended-user.with-future-enrolment-present': {
      setup: like('core_enrol_get_users_courses.suspended-user', (sim) => sim.enrol(1420, 5, { timeStart: 1798880317 })),
    },
    // The recording replaced the server's absolute path by [dirroot].
    'enrol_manual_enrol_users.nonexistent-user': { setup: like('enrol_manual_enrol_users.nonexistent-user', (sim) => sim.setSetting('dirroot', '[dirroot]')) },
    'extra.core_user_get_users_by_field.by-id.with-viewfullnames': { setup: like('core_user_get_users_by_field.by-id', cap('moodle/site:viewfullnames')) },
    // Taken while user 4 was also in course 5 (his enrolledcourses has both).
    'extra.core_enrol_get_enrolled_users.happy.with-viewfullnames': {
      setup: like('core_enrol_get_enrolled_users.happy', cap('moodle/site:viewfullnames'), (sim) => sim.enrol(4, 5)),
    },
  },
}

/** The set-up of a case on a line: its own entry for that line, else the 4.5.6 one. */
export function setupFor(caseName: string, version: MoodleVersion = '4.5'): CaseSetup | undefined {
  if (version !== '4.5') {
    const own = versionCaseSetups[version][caseName] ?? (caseName.endsWith('.debuginfo') ? versionCaseSetups[version][caseName.slice(0, -'.debuginfo'.length)] : undefined)
    if (own) return own
  }
  return setupFor45(caseName)
}
