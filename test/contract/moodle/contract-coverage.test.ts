// Guards the contract suite itself: a new recording must land in an area and have a simulator set-up,
// otherwise it would be replayed nowhere (or fail without saying why).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contractAreas } from './moodle-contract-areas.ts'
import { caseNames } from './moodle-contract-harness.ts'
import { caseSetups, setupFor } from './moodle-case-setup.ts'

describe('Moodle contract suite coverage', () => {
  const names = caseNames()
  it('finds the recorded cases next to the repository', () => assert.ok(names.length >= 200, `only ${names.length} cases`))

  it('puts every recorded case in exactly one area', () => {
    const areas = Object.values(contractAreas)
    const orphans = names.filter((n) => areas.filter((a) => a.prefixes.some((p) => n.startsWith(p))).length !== 1)
    assert.deepEqual(orphans, [])
  })

  it('has a simulator set-up for every recorded case', () => {
    assert.deepEqual(names.filter((n) => !setupFor(n)), [])
  })

  it('has no set-up for a case that does not exist', () => {
    assert.deepEqual(Object.keys(caseSetups).filter((n) => !names.includes(n)), [])
  })
})
