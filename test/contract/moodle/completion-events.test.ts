// event.core_event_course_completed.json holds two real \core\event\course_completed events. The
// simulator's completion paths (direct mark_complete, criterion tick + completion cron) must fire the same
// event data, since the coursebridge Moodle plugin and its tests rely on it.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { createMoodleSimulator } from '../../../src/lms/moodle/simulator/index.ts'
import { contractDir, contractDirOf } from './moodle-contract-harness.ts'

interface Sample { data: Record<string, unknown> }
const recorded = JSON.parse(readFileSync(new URL('event.core_event_course_completed.json', contractDir), 'utf8')) as { samples: Sample[] }

describe('course_completed events of the simulator match the recorded ones', () => {
  it('fires (a) on a direct completion and (b) when the cron aggregates a ticked criterion', () => {
    const sim = createMoodleSimulator()
    sim.addUser({ id: 4, username: 'jan.jansen', email: 'jan.jansen@example.com' })
    sim.addUser({ id: 6, username: 'anna.a', email: 'anna@example.com' })
    sim.enrol(4, 2)
    sim.enrol(6, 2)
    sim.setNow(1795418871)
    sim.completeCourse(4, 2)
    sim.tickCompletionCriterion(6, 2, 1795418872)
    sim.setNow(1795418872)
    sim.runCompletionCron() // same second as the tick: Moodle does not aggregate yet
    sim.setNow(1795418877)
    sim.runCompletionCron()
    const fired = sim.events.filter((e) => e.eventname === '\\core\\event\\course_completed').map((e) => e.data)
    assert.deepStrictEqual(fired, recorded.samples.map((s) => s.data))
  })

  it('fires once per completion, again for a retake', () => {
    const sim = createMoodleSimulator()
    sim.addUser({ id: 4, username: 'jan.jansen' })
    sim.enrol(4, 2)
    sim.completeCourse(4, 2, { grade: 6 })
    sim.runCompletionCron()
    sim.completeCourse(4, 2, { grade: 8 })
    assert.equal(sim.events.filter((e) => e.eventname === '\\core\\event\\course_completed').length, 2)
  })
})

describe('course_completed events on Moodle 4.1 (versions/4.1/, read back from the log store)', () => {
  // The log store keeps ids as integers and the replay ran at its own time: compare values, not types or times.
  const loose = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).map(([k, v]) =>
    [k, k === 'timecreated' ? 0 : typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v]))
  const recorded41 = JSON.parse(readFileSync(new URL('event.core_event_course_completed.json', contractDirOf('4.1')), 'utf8')) as { samples: Sample[] }

  it('fires the same event data in profile 4.1', () => {
    const sim = createMoodleSimulator({ version: '4.1' })
    sim.addUser({ id: 4, username: 'jan.jansen', email: 'jan.jansen@example.com' })
    sim.addUser({ id: 6, username: 'anna.a', email: 'anna@example.com' })
    sim.enrol(4, 2)
    sim.enrol(6, 2)
    sim.setNow(1795418871)
    void sim.completeCourse(4, 2)
    sim.tickCompletionCriterion(6, 2, 1795418872)
    sim.setNow(1795418877)
    void sim.runCompletionCron()
    const fired = sim.events.filter((e) => e.eventname === '\\core\\event\\course_completed').map((e) => loose(e.data))
    assert.deepStrictEqual(fired, recorded41.samples.map((s) => loose(s.data)))
  })
})
