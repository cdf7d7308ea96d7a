// Guards the contract suite itself: a new recording must land in an area and have a simulator set-up,
// otherwise it would be replayed nowhere (or fail without saying why). Checked for every Moodle line.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contractAreas } from './moodle-contract-areas.ts'
import { areaName, caseNames, contractVersions } from './moodle-contract-harness.ts'
import { caseSetups } from './moodle-case-setup.ts'
import { setupFor, versionCaseSetups } from './moodle-version-case-setup.ts'

for (const version of contractVersions) {
  describe(`Moodle contract suite coverage (${version})`, () => {
    const names = caseNames(version)
    it('finds the recorded cases next to the repository', () => assert.ok(names.length >= 200, `only ${names.length} cases`))

    it('puts every recorded case in exactly one area', () => {
      const areas = Object.values(contractAreas)
      const orphans = names.filter((n) => areas.filter((a) => a.prefixes.some((p) => areaName(n).startsWith(p))).length !== 1)
      assert.deepEqual(orphans, [])
    })

    it('has a simulator set-up for every recorded case', () => {
      assert.deepEqual(names.filter((n) => !setupFor(n, version)), [])
    })

    it('has no set-up for a case that does not exist', () => {
      const own = version === '4.5' ? caseSetups : versionCaseSetups[version]
      assert.deepEqual(Object.keys(own).filter((n) => !names.includes(n)), [])
    })
  })
}

describe('Moodle version replays', () => {
  it('replay the same requests as the 4.5.6 recording (extra probes aside)', () => {
    const base = new Set(caseNames('4.5').filter((n) => !n.includes('/')))
    for (const version of ['4.1', '5.0'] as const) {
      const replayed = caseNames(version).filter((n) => !n.startsWith('extra'))
      assert.deepEqual(replayed.filter((n) => !base.has(n)), [], `${version} cases without a 4.5.6 original`)
      assert.deepEqual([...base].filter((n) => !replayed.includes(n)), [], `4.5.6 cases not replayed on ${version}`)
    }
  })
})
