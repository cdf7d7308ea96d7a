// The Moodle adapter against the Moodle simulator (src/lms/moodle/simulator): whole journeys through the
// port, from a TMS person to an account with access and back, and the set-up failures of seed 002.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, plusCapabilities, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { moodleErrorCatalogue } from '../../src/lms/moodle/moodle-errors.ts'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'
import type { NewAccount } from '../../src/lms/lms-adapter.ts'
import { personSchema } from '../../src/domain/person.ts'
import { diffAccount, fieldMappingSchema, toAccountData } from '../../src/domain/field-mapping.ts'
import { chooseLoginName, loginNameCandidates, takenNames } from '../../src/domain/login-name.ts'
import { validatePersonForLms } from '../../src/domain/person-validation.ts'
import { expectLmsError } from './expect-lms-error.ts'


const mapping = fieldMappingSchema.parse({
  loginNameStrategy: 'firstname-prefix-lastname',
  customFields: { freeField1: 'freefield1', freeField2: 'freefield2' },
})

function account(n: number, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    loginName: `sim.user${n}`, password: 'Welkom#2025', firstName: `Sim${n}`, lastName: 'User',
    email: `sim.user${n}@example.com`, externalKey: `SIM-${n}`, fields: {}, ...overrides,
  }
}

describe('Moodle adapter against the simulator', () => {
  let sim: MoodleSimulator
  let url: string
  let moodle: MoodleAdapter

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    url = await sim.start(0)
    moodle = new MoodleAdapter({ baseUrl: url, token: sim.token })
  })
  after(async () => {
    await sim.stop()
  })

  it('creates the account of a new person, finds it by idnumber, updates only what changed', async () => {
    const person = personSchema.parse({
      personId: '5001', firstName: 'José', namePrefix: 'van der', lastName: 'Ñúñez-Ørsted',
      email1: 'jose.nunez@example.com', freeField1: 'Afdeling Noord', freeField2: 'Relatie 42',
    })
    assert.deepEqual(validatePersonForLms(person, mapping, moodle), [])
    const wanted = toAccountData(person, mapping, moodle.loginNameRules)

    assert.equal((await moodle.findByExternalKeys([wanted.externalKey])).size, 0)
    const candidates = loginNameCandidates(wanted.loginName, moodle.loginNameRules)
    const taken = takenNames([...(await moodle.findByLoginNames(candidates))].map(([name, a]) => [name, a.externalKey] as const))
    const loginName = chooseLoginName(wanted.loginName, taken, wanted.externalKey, moodle.loginNameRules)
    assert.equal(loginName, 'josevandernunez-orsted')

    const [created] = await moodle.createAccounts([{ ...wanted, loginName: loginName!, password: 'Welkom#2025' }])
    assert.equal(created?.loginName, 'josevandernunez-orsted')
    assert.ok(sim.checkPassword('josevandernunez-orsted', 'Welkom#2025'))

    const [found] = (await moodle.findByExternalKeys(['5001'])).get('5001') ?? []
    assert.equal(found?.lmsUserId, created?.lmsUserId)
    assert.equal(found?.lastName, 'van der Ñúñez-Ørsted')
    assert.deepEqual(found?.fields, { freefield1: 'Afdeling Noord', freefield2: 'Relatie 42' })
    assert.equal(diffAccount(found!, wanted), null)

    const moved = toAccountData({ ...person, email1: 'jose.new@example.com', freeField2: undefined }, mapping, moodle.loginNameRules)
    const update = diffAccount(found!, moved)
    assert.deepEqual(update?.changes, { email: 'jose.new@example.com', fields: { freefield2: '' } })
    assert.deepEqual(await moodle.updateAccounts([update!]), [{ ok: true }])
    const [after] = (await moodle.findByExternalKeys(['5001'])).get('5001') ?? []
    assert.equal(after?.email, 'jose.new@example.com')
    assert.equal(after?.fields.freefield2 ?? '', '')
  })

  it('gives the second person with the same name a numbered login name', async () => {
    const wanted = toAccountData(personSchema.parse({
      personId: '5002', firstName: 'Jose', namePrefix: 'van der', lastName: 'Nunez-Orsted', email1: 'other.jose@example.com',
    }), mapping, moodle.loginNameRules)
    const candidates = loginNameCandidates(wanted.loginName, moodle.loginNameRules)
    const taken = takenNames([...(await moodle.findByLoginNames(candidates))].map(([name, a]) => [name, a.externalKey] as const))
    assert.equal(chooseLoginName(wanted.loginName, taken, wanted.externalKey, moodle.loginNameRules), 'josevandernunez-orsted2')
  })

  it('enrols with a period, enrols again idempotently, and unenrols', async () => {
    const [user] = await moodle.createAccounts([account(1)])
    const id = Number(user!.lmsUserId)
    const course = await moodle.resolveTarget({ type: 'moodle-course', by: 'id', value: '2' })
    await moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: course, role: moodle.defaultRole, timeStart: 1767225600, timeEnd: 1798761600 }])
    assert.deepEqual(sim.enrolments(2).filter((e) => e.userId === id), [{ userId: id, roleId: 5, timeStart: 1767225600, timeEnd: 1798761600, suspended: false }])
    await moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: course, role: '5', timeStart: 1767225600, timeEnd: 1798761600 }])
    assert.equal(sim.enrolments(2).filter((e) => e.userId === id).length, 1)
    await moodle.revokeAccess([{ lmsUserId: user!.lmsUserId, target: course }])
    await moodle.revokeAccess([{ lmsUserId: user!.lmsUserId, target: course }])
    assert.deepEqual(sim.enrolments(2).filter((e) => e.userId === id), [])
  })

  it('adds to a cohort, takes a second add as success, and removes', async () => {
    const [user] = await moodle.createAccounts([account(2)])
    const cohort = { type: 'cohort', id: '1', label: 'CV-COHORT-A' } as const
    await moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: cohort, role: '5' }])
    await moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: cohort, role: '5' }])
    assert.ok(sim.cohortMembers(1).includes(Number(user!.lmsUserId)))
    await moodle.revokeAccess([{ lmsUserId: user!.lmsUserId, target: cohort }])
    assert.ok(!sim.cohortMembers(1).includes(Number(user!.lmsUserId)))
  })

  it('names the taken login name after Moodle’s opaque refusal', async () => {
    const error = await expectLmsError(moodle.createAccounts([account(1, { externalKey: 'SIM-OTHER', email: 'someone.else@example.com' })]))
    assert.equal(error.code, 'MOODLE_USERNAME_TAKEN')
    assert.equal(error.details.loginName, 'sim.user1')
  })

  it('names the taken e-mail address, also in other letter case', async () => {
    const error = await expectLmsError(moodle.createAccounts([account(3, { email: 'SIM.USER1@example.com' })]))
    assert.equal(error.code, 'MOODLE_EMAIL_TAKEN')
    assert.match(error.message, /account \d+ \(sim\.user1, ID number SIM-1\)/)
  })

  it('says Moodle compares e-mail addresses ignoring case when no spelling tried finds the holder', async () => {
    // Stored as Rec2.Case@Example.COM: neither the lower- nor the upper-case spelling finds it (round-3 email-case.*).
    sim.addUser({ username: 'mixed.case', firstname: 'Mixed', lastname: 'Case', email: 'Mixed.Case@Example.COM', idnumber: 'MIXED-1' })
    const error = await expectLmsError(moodle.createAccounts([account(30, { email: 'mixed.case@example.com' })]))
    assert.equal(error.code, 'MOODLE_EMAIL_TAKEN_OTHER_CASE')
    assert.match(moodleErrorCatalogue.MOODLE_EMAIL_TAKEN_OTHER_CASE.cause, /any mix of upper and lower case/)
  })

  it('creates nothing of a batch with one bad record (all or nothing)', async () => {
    await expectLmsError(moodle.createAccounts([account(10), account(1, { externalKey: 'SIM-X', email: 'x@example.com' })]))
    assert.equal((await moodle.findByLoginNames(['sim.user10'])).size, 0)
  })

  it('resolves a course short name and a cohort ID number with the plus service and its capabilities', async () => {
    const plus = new MoodleAdapter({ baseUrl: url, token: sim.plusToken })
    const error = await expectLmsError(plus.resolveTarget({ type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-B' }))
    assert.equal(error.details.capability, 'moodle/cohort:view')
    assert.match(error.message, /or enter the numeric cohort id/)
    plusCapabilities.forEach((cap) => sim.addCapability(cap))
    assert.deepEqual(await plus.resolveTarget({ type: 'moodle-course', by: 'shortname', value: 'CV-E102' }), { type: 'course', id: '3', label: 'CV-E102' })
    assert.deepEqual(await plus.resolveTarget({ type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-B' }), { type: 'cohort', id: '2', label: 'CV-COHORT-B' })
  })

  it('says to add core_course_get_courses_by_field or enter the course id with the seed service', async () => {
    const error = await expectLmsError(moodle.resolveTarget({ type: 'moodle-course', by: 'shortname', value: 'CV-E102' }))
    assert.equal(error.code, 'MOODLE_FUNCTION_NOT_IN_SERVICE')
    assert.equal(error.details.function, 'core_course_get_courses_by_field')
  })

  it('reports a missing capability with its name', async () => {
    sim.removeCapability('moodle/user:create')
    try {
      const error = await expectLmsError(moodle.createAccounts([account(20)]))
      assert.equal(error.code, 'MOODLE_CAPABILITY_MISSING')
      assert.equal(error.details.capability, 'moodle/user:create')
      assert.equal(error.kind, 'needs-admin')
    } finally {
      sim.addCapability('moodle/user:create')
    }
  })

  it('reports a course without manual enrolment for that target only', async () => {
    const [user] = await moodle.createAccounts([account(21)])
    const error = await expectLmsError(moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: { type: 'course', id: '4', label: 'CV-NOMANUAL' }, role: '5' }]))
    assert.equal(error.code, 'MOODLE_NO_MANUAL_ENROL_INSTANCE')
    assert.equal(error.scope, 'target')
  })

  it('reports web services switched off as needs-admin', async () => {
    sim.setSetting('enablewebservices', false)
    try {
      const error = await expectLmsError(moodle.findByExternalKeys(['SIM-1']))
      assert.equal(error.code, 'MOODLE_WEBSERVICES_DISABLED')
    } finally {
      sim.setSetting('enablewebservices', true)
    }
  })

  it('reports a wrong token', async () => {
    const wrong = new MoodleAdapter({ baseUrl: url, token: 'ffffffffffffffffffffffffffffffff' })
    assert.equal((await expectLmsError(wrong.findByExternalKeys(['SIM-1']))).code, 'MOODLE_INVALID_TOKEN')
  })

  it('says LMS_UNREACHABLE, retryable, while Moodle is down, and works again after', async () => {
    await sim.setDown(true)
    try {
      const error = await expectLmsError(moodle.findByExternalKeys(['SIM-1']))
      assert.equal(error.code, 'LMS_UNREACHABLE')
      assert.equal(error.kind, 'retryable')
    } finally {
      await sim.setDown(false)
    }
    assert.equal((await moodle.findByExternalKeys(['SIM-1'])).size, 1)
  })

  it('treats a 503 from the web server as retryable', async () => {
    sim.failNext(1, 503)
    const error = await expectLmsError(moodle.findByExternalKeys(['SIM-1']))
    assert.equal(error.code, 'LMS_HTTP_ERROR')
    assert.equal(error.kind, 'retryable')
  })

  it('notices when PHP max_input_vars cut the batch short', async () => {
    // 3 + 40 users x 11 fields: PHP keeps exactly 40 whole users (a cut inside a user gives invalidparameter instead).
    sim.setMaxInputVars(440)
    try {
      const accounts = Array.from({ length: 60 }, (_, i) => account(100 + i, { fields: { freefield1: 'a', freefield2: 'b' } }))
      const error = await expectLmsError(moodle.createAccounts(accounts))
      assert.equal(error.code, 'LMS_INCOMPLETE_ANSWER')
      assert.equal(error.details.sent, 60)
      assert.equal(error.details.answered, 40)
    } finally {
      sim.setMaxInputVars(5000)
    }
  })

  it('sets a new password for resending credentials', async () => {
    const [user] = await moodle.createAccounts([account(30)])
    await moodle.setPassword(user!.lmsUserId, 'Nieuw#2026x')
    assert.ok(sim.checkPassword('sim.user30', 'Nieuw#2026x'))
  })

  it('reads course completion with the plus service (capabilities added above)', async () => {
    const plus = new MoodleAdapter({ baseUrl: url, token: sim.plusToken })
    const [user] = await moodle.createAccounts([account(31)])
    await moodle.grantAccess([{ lmsUserId: user!.lmsUserId, target: { type: 'course', id: '2', label: 'CV-E101' }, role: '5' }])
    assert.equal((await plus.completionStatus(user!.lmsUserId, '2')).completed, false)
    sim.completeCourse(Number(user!.lmsUserId), 2)
    assert.equal((await plus.completionStatus(user!.lmsUserId, '2')).completed, true)
    assert.equal((await expectLmsError(moodle.completionStatus(user!.lmsUserId, '2'))).code, 'MOODLE_ACCESS_EXCEPTION')
  })
})

describe('Moodle adapter: a period change keeps a suspension made in Moodle', () => {
  let sim: MoodleSimulator
  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    await sim.start(0)
  })
  after(async () => {
    await sim.stop()
  })
  const course = { type: 'course' as const, id: '2', label: 'CV-E101' }
  const now = () => Math.floor(Date.now() / 1000)

  it('reads the suspension with core_enrol_get_enrolled_users and sends it with the new period', async () => {
    const plus = new MoodleAdapter({ baseUrl: sim.url, token: sim.plusToken })
    for (const cap of ['moodle/course:viewparticipants', 'moodle/course:enrolreview']) sim.addCapability(cap)
    const suspended = sim.addUser({ username: 'period.suspended', firstname: 'S', lastname: 'S', email: 'ps@example.com' })
    const active = sim.addUser({ username: 'period.active', firstname: 'A', lastname: 'A', email: 'pa@example.com' })
    const old = { timeStart: now() - 3600, timeEnd: now() + 86_400 }
    sim.enrol(suspended, 2, { ...old, suspended: true })
    sim.enrol(active, 2, old)
    const newEnd = now() + 2 * 86_400
    await plus.grantAccess([suspended, active].map((id) => ({ lmsUserId: String(id), target: course, role: '5', timeStart: old.timeStart, timeEnd: newEnd, periodOf: old })))
    const enrolment = (id: number) => sim.enrolments(2).find((e) => e.userId === id)
    assert.deepEqual([enrolment(suspended)?.timeEnd, enrolment(suspended)?.suspended], [newEnd, true])
    assert.deepEqual([enrolment(active)?.timeEnd, enrolment(active)?.suspended], [newEnd, false])
  })

  it('sends nothing and says MOODLE_ENROLMENT_STATUS_UNREADABLE when the suspension cannot be read', async () => {
    const moodle = new MoodleAdapter({ baseUrl: sim.url, token: sim.token })
    const id = sim.addUser({ username: 'period.blind', firstname: 'B', lastname: 'B', email: 'pb@example.com' })
    const old = { timeStart: now() - 3600, timeEnd: now() + 86_400 }
    sim.enrol(id, 2, { ...old, suspended: true })
    const error = await expectLmsError(moodle.grantAccess([{ lmsUserId: String(id), target: course, role: '5', timeStart: old.timeStart, timeEnd: now() + 9_999, periodOf: old }]))
    assert.equal(error.code, 'MOODLE_ENROLMENT_STATUS_UNREADABLE')
    assert.equal(error.kind, 'needs-admin')
    assert.equal(error.scope, 'record')
    const enrolment = sim.enrolments(2).find((e) => e.userId === id)
    assert.deepEqual([enrolment?.timeEnd, enrolment?.suspended], [old.timeEnd, true], 'unchanged in Moodle')
  })
})
