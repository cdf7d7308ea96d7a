// Building blocks that put a simulator into the state the live Moodle had while a case was recorded
// (contracts/moodle/README.md "Users created during recording", the notes of each case file).
import type { MoodleSimulator } from '../../../src/lms/moodle/simulator/index.ts'
import { plusCapabilities } from '../../../src/lms/moodle/simulator/index.ts'

/** Clock of the recording session; fixed so enrolment windows and timestamps are reproducible. */
export const recordingNow = 1795418800
/** Theme revision in profile image URLs: the first recording round, and after a cache purge later on. */
export const earlyRev = 1795418657
export const lateRev = 1795418850

/**
 * Phase of the users whose records the recordings changed:
 * 'A' as created; 'B' after the update_users cases (anna.a renamed, new e-mail, freefield1 "Afdeling Zuid";
 * bert.b firstname "" and idnumber CV-1003-B).
 */
export type Phase = 'A' | 'B'

export interface PeopleOptions {
  phase?: Phase
  /** Only users with an id below this one exist and the next user gets this id (create_users cases). */
  nextId?: number
  /** Also the second recording round: login.probe (1017) and mivb100-0..2 (1418-1420). */
  round2?: boolean
  /** mivb100-1 (1419) suspended (after core_user_update_users.suspend-before-enrol). */
  suspended1419?: boolean
}

const pw = 'Welkom#2025'

export function addRecordedPeople(sim: MoodleSimulator, opts: PeopleOptions = {}): void {
  const phase = opts.phase ?? 'B'
  const limit = opts.nextId ?? Number.POSITIVE_INFINITY
  const add = (u: Parameters<MoodleSimulator['addUser']>[0] & { id: number }) => {
    if (u.id < limit) sim.addUser(u)
  }
  add({ id: 4, username: 'jan.jansen', password: pw, firstname: 'Jan', lastname: 'Jansen', email: 'jan.jansen@example.com', idnumber: 'CV-1001', customfields: { freefield1: 'Afdeling Noord', freefield2: 'Relatie 42' } })
  add({ id: 5, username: 'piet.pieters', firstname: 'Piet', lastname: 'Pieters', email: 'piet@example.com' })
  add(phase === 'A'
    ? { id: 6, username: 'anna.a', password: pw, firstname: 'Anna', lastname: 'Aalders', email: 'anna@example.com', idnumber: 'CV-1002' }
    : { id: 6, username: 'anna.a', password: pw, firstname: 'Anna-Maria', lastname: 'Aalders-de Wit', email: 'anna.new@example.com', idnumber: 'CV-1002', customfields: { freefield1: 'Afdeling Zuid' } })
  add(phase === 'A'
    ? { id: 7, username: 'bert.b', password: pw, firstname: 'Bert', lastname: 'Bakker', email: 'bert@example.com', idnumber: 'CV-1003' }
    : { id: 7, username: 'bert.b', password: pw, firstname: '', lastname: 'Bakker', email: 'bert@example.com', idnumber: 'CV-1003-B' })
  add({ id: 8, username: 'k.o_d-9@x.nl', password: pw, firstname: 'Jan', lastname: 'Jansen', email: 'kod@example.com', idnumber: 'CV-1004' })
  add({ id: 9, username: 'dupidnumber', password: pw, firstname: 'Jan', lastname: 'Jansen', email: 'dupid@example.com', idnumber: 'CV-1001' })
  add({ id: 10, username: 'unknowncf', password: pw, firstname: 'Jan', lastname: 'Jansen', email: 'unknowncf@example.com', idnumber: 'CV-1005' })
  add({ id: 12, username: 'chloe.vd', password: pw, firstname: 'Chloé Anne', lastname: 'van der Berg-Öszt\u00fcrk', email: 'chloe@example.com', idnumber: 'CV-1006' })
  add({ id: 13, username: 'nologin.user', firstname: 'Jan', lastname: 'Jansen', email: 'nologin@example.com', auth: 'nologin', idnumber: 'CV-1007' })
  if (opts.round2) {
    add({ id: 1017, username: 'login.probe', password: pw, firstname: 'Login', lastname: 'Probe', email: 'login.probe@example.com' })
    for (let i = 0; i < 3; i++) {
      add({
        id: 1418 + i, username: `mivb100-${i}`, password: pw, firstname: `Big${i}`, lastname: 'Batch100',
        email: `mivb100-${i}@example.com`, idnumber: `MIVB100-${i}`, customfields: { freefield1: `a${i}`, freefield2: `b${i}` },
        suspended: i === 1 && opts.suspended1419 === true,
      })
    }
  }
  if (opts.nextId !== undefined) sim.setNextUserId(opts.nextId)
}

export function addPlusCapabilities(sim: MoodleSimulator): void {
  for (const cap of plusCapabilities) sim.addCapability(cap)
}

/** The course-5 participants of the second round: 4 active, 1419 suspended account, 1420 starting in 30 days. */
export function addCourse5Participants(sim: MoodleSimulator): void {
  sim.enrol(4, 5)
  sim.enrol(1419, 5)
  sim.enrol(1420, 5, { timeStart: 1798013829 })
}
