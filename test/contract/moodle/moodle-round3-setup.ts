// Set-ups of the third recording round (test/contracts/moodle/round-3/, `rec2-*` users): the same site
// recorded on a fresh install, so its own ids (2279…), theme revision and course timestamps.
import assert from 'node:assert/strict'
import type { MoodleSimulator } from '../../../src/lms/moodle/simulator/index.ts'
import type { CaseSetup } from './moodle-case-setup.ts'
import { addPlusCapabilities, addRecordedPeople } from './moodle-recorded-world.ts'

/** Theme revision, course-2 timemodified and time of delete_user() in the third round. */
const rev3 = 1796284559
const courseTime3 = 1796283893
export const deletedAt = 1796287033
/** Users enrolled in course 2 besides rec2-comp (enrolledusercount 2238 in the recording). */
const course2Others = 2237

type Setup = CaseSetup['setup']
const all = (...steps: Setup[]): Setup => (sim) => {
  for (const step of steps) step(sim)
}

/** The round-3 site: the earlier people, the third round's theme revision, the next user id. */
const world = (nextId: number): Setup => (sim) => {
  addRecordedPeople(sim)
  sim.setSetting('themerev', rev3)
  sim.setNextUserId(nextId)
}

const rec2 = (id: number, username: string, lastname: string, email: string, idnumber: string): Setup => (sim) => {
  sim.addUser({ id, username, password: 'Welkom#2025', firstname: 'Rec2', lastname, email, idnumber })
}
const deleted: Setup = all(rec2(2279, 'rec2-del', 'Deleted', 'rec2-del@example.com', 'REC2-DEL'), (sim) => {
  sim.setNow(deletedAt)
  sim.deleteUser(2279)
})
const mixedCase = rec2(2281, 'rec2-case', 'Case', 'Rec2.Case@Example.COM', 'REC2-CASE')

/** rec2-comp (2287) enrolled in course 2 among 2237 others, completed once (and reset, and completed again). */
const completion = (steps: 'first' | 'reset' | 'retake'): Setup => (sim) => {
  addPlusCapabilities(sim)
  const course = sim.state.courses.get(2)!
  course.timemodified = courseTime3
  rec2(2287, 'rec2-comp', 'Completion', 'rec2-comp@example.com', 'REC2-COMP')(sim)
  for (let i = 0; i < course2Others; i++) {
    const id = 100_000 + i
    sim.addUser({ id, username: `enrolled-${i}`, firstname: 'Enrolled', lastname: String(i), email: `enrolled-${i}@example.com` })
    sim.enrol(id, 2)
  }
  sim.setNextUserId(2288)
  sim.enrol(2287, 2)
  void sim.completeCourse(2287, 2, { timeCompleted: 1796287247 })
  if (steps === 'first') return
  sim.resetCompletion(2287, 2)
  if (steps === 'retake') void sim.completeCourse(2287, 2, { timeCompleted: 1796287267 })
}

const r3 = (name: string) => `round-3/${name}`
const created = (sim: MoodleSimulator, username: string) => sim.findUsers((u) => u.username === username && !u.deleted)

export const round3Setups: Record<string, CaseSetup> = {
  [r3('core_user_get_users_by_field.deleted-user.by-id')]: { setup: all(world(2279), deleted) },
  [r3('core_user_get_users_by_field.deleted-user.by-idnumber')]: { setup: all(world(2279), deleted) },
  [r3('core_user_get_users_by_field.deleted-user.by-email')]: { setup: all(world(2279), deleted) },
  [r3('core_user_get_users_by_field.deleted-user.by-username')]: { setup: all(world(2279), deleted) },
  [r3('core_user_create_users.reuse-deleted-identity')]: {
    setup: all(world(2279), deleted),
    after: (sim) => {
      assert.equal(sim.userById(2279)?.deleted, true, 'the deleted row stays')
      assert.equal(created(sim, 'rec2-del')[0]?.id, 2280)
    },
  },
  [r3('core_user_create_users.email-mixed-case')]: {
    setup: world(2281),
    after: (sim) => assert.equal(sim.userById(2281)?.email, 'Rec2.Case@Example.COM', 'stored as sent'),
  },
  [r3('core_user_get_users_by_field.email-case.lowercase')]: { setup: all(world(2282), mixedCase) },
  [r3('core_user_get_users_by_field.email-case.as-stored')]: { setup: all(world(2282), mixedCase) },
  [r3('core_user_get_users_by_field.email-case.uppercase')]: { setup: all(world(2282), mixedCase) },
  [r3('core_user_create_users.duplicate-email-stored-mixed-case')]: {
    setup: all(world(2282), mixedCase),
    after: (sim) => assert.equal(created(sim, 'rec2-case2').length, 0),
  },
  [r3('core_user_create_users.lastname-100-chars')]: { setup: world(2282) },
  [r3('core_user_create_users.lastname-107-chars')]: {
    setup: all(world(2283), (sim) => sim.setNow(1796287102)),
    after: (sim) => {
      assert.equal(created(sim, 'rec2-ln107').length, 0)
      assert.equal(sim.state.nextUserId, 2283, 'no id consumed')
    },
  },
  [r3('core_user_create_users.firstname-101-chars')]: {
    setup: all(world(2283), (sim) => sim.setNow(1796287102)),
    after: (sim) => assert.equal(created(sim, 'rec2-fn101').length, 0),
  },
  [r3('core_user_create_users.debug-on-debugging-message-not-in-body')]: { setup: world(2285) },
  [r3('core_user_create_users.debugsmtp-output-before-json')]: {
    setup: all(world(2286), (sim) => {
      sim.setSetting('debugsmtp', true)
      sim.setSetting('sitename', 'H1 Moodle 4.5')
      sim.setSetting('siteshortname', 'h1moodle')
      sim.setNow(1796287166)
    }),
  },
  [r3('core_user_get_users_by_field.unexpected-extra-param')]: { setup: world(2279), realSafe: true },
  [r3('core_completion_get_course_completion_status.polling-first-completion')]: { setup: all(world(2288), completion('first')) },
  [r3('core_completion_get_course_completion_status.polling-after-reset')]: { setup: all(world(2288), completion('reset')) },
  [r3('core_completion_get_course_completion_status.polling-retake')]: { setup: all(world(2288), completion('retake')) },
  [r3('core_enrol_get_users_courses.polling-first-completion')]: { setup: all(world(2288), completion('first')) },
  [r3('core_enrol_get_users_courses.polling-after-reset')]: { setup: all(world(2288), completion('reset')) },
  [r3('core_enrol_get_users_courses.polling-retake')]: { setup: all(world(2288), completion('retake')) },
}
