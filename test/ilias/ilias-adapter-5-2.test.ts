// The ILIAS adapter against the simulator's '5.2' profile: the live ILIAS 5.2.7 with its defaults
// (Gender required, m/f only, nothing flagged for export, <Login> needed on Update).
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { IliasAdapter, overlapMs, type IliasAdapterOptions } from '../../src/lms/ilias/ilias-adapter.ts'
import { IliasSoapClient } from '../../src/lms/ilias/ilias-soap-client.ts'
import { createIliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { LmsError, type CallRecord, type NewAccount } from '../../src/lms/lms-adapter.ts'

const admin = { client: 'cbilias', username: 'soapadmin', password: 'Soap-Admin-Password1' }

async function ilias52(t: TestContext, options: Partial<IliasAdapterOptions> = {}) {
  const sim = createIliasSimulator({ client: admin.client, adminUser: admin.username, adminPassword: admin.password, profile: '5.2' })
  const url = await sim.start(0)
  const calls: CallRecord[] = []
  const adapter = new IliasAdapter({ baseUrl: url, ...admin, observer: (c) => calls.push(c), ...options })
  t.after(async () => { await adapter.close().catch(() => undefined); await sim.stop() })
  return { sim, url, adapter, calls }
}

function person(id: number, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    externalKey: String(id), loginName: `tms.p${id}`, firstName: 'Erika', lastName: 'Mustermann', gender: 'female',
    email: `erika.${id}@example.org`, password: 'Initial-Password1!', fields: {}, ...overrides,
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<LmsError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof LmsError, `expected an LmsError, got ${String(error)}`)
    assert.equal(error.code, code, error.message)
    return error
  }
  assert.fail(`expected ${code}`)
}

describe('ILIAS 5.2: required fields', () => {
  it('finds gender required without creating anything, and nothing once "Required" is unticked', async (t) => {
    const { sim, adapter } = await ilias52(t)
    const before = sim.users().length
    assert.deepEqual(await adapter.requiredPersonFields(), ['gender'])
    assert.equal(sim.users().length, before, 'the probe created no account')
    sim.setRequireGender(false)
    const fresh = new IliasAdapter({ baseUrl: (await ilias52(t)).url, ...admin })
    t.after(() => fresh.close().catch(() => undefined))
    assert.deepEqual(await fresh.requiredPersonFields(), ['gender'], 'another site with the default')
    const { sim: relaxed, url } = await ilias52(t)
    relaxed.setRequireGender(false)
    const third = new IliasAdapter({ baseUrl: url, ...admin })
    t.after(() => third.close().catch(() => undefined))
    assert.deepEqual(await third.requiredPersonFields(), [])
  })

  it('sends gender as lowercase m / f; a diverse person without gender', async (t) => {
    const { sim, adapter } = await ilias52(t)
    sim.setRequireGender(false)
    await adapter.createAccounts([person(1), person(2, { gender: 'male' }), person(3, { gender: 'diverse' })])
    const genderOf = (login: string) => sim.users().find((u) => u.login === login)?.gender
    assert.equal(genderOf('tms.p1'), 'f')
    assert.equal(genderOf('tms.p2'), 'm')
    assert.equal(genderOf('tms.p3'), '')
  })

  it('reports an import refused for a missing gender as the person lacking it (the registration waits for data)', async (t) => {
    const { sim, adapter } = await ilias52(t)
    const error = await rejectsWith(adapter.createAccounts([person(5, { gender: undefined })]), 'PERSON_GENDER_MISSING')
    assert.equal(error.kind, 'permanent')
    assert.equal(error.scope, 'record')
    assert.equal(error.details['field'], 'gender')
    assert.ok(!sim.users().some((u) => u.login === 'tms.p5'))
  })
})

describe('ILIAS 5.2: the traps of the live recording', () => {
  it('updates an account with <Login> though getUserXML shows no names (nothing flagged for export)', async (t) => {
    const { sim, adapter } = await ilias52(t)
    const [created] = await adapter.createAccounts([person(10)])
    const [found] = (await adapter.findByExternalKeys(['10'])).get('10') ?? []
    assert.equal(found?.loginName, 'tms.p10', 'the login is always exported')
    const [outcome] = await adapter.updateAccounts([{ lmsUserId: created!.lmsUserId, changes: { firstName: 'Erika-Maria', email: 'new@example.org' } }])
    assert.deepEqual(outcome, { ok: true })
    const stored = sim.users().find((u) => u.login === 'tms.p10')
    assert.equal(stored?.firstname, 'Erika-Maria')
    assert.equal(stored?.email, 'new@example.org')
  })

  it('refuses a login ILIAS would take but its own GUI refuses (2 characters, space, diacritics) before any call', async (t) => {
    const { adapter, calls } = await ilias52(t)
    for (const loginName of ['z2', 'tms p2108', 'jösé.ñ2107']) {
      await rejectsWith(adapter.createAccounts([person(20, { loginName })]), 'ILIAS_FIELD_INVALID')
    }
    assert.equal(calls.filter((c) => c.function === 'importUsers').length, 0)
  })

  it('classifies the non-SOAP and empty answers of 5.2 with their own codes', async (t) => {
    const { sim, url, adapter } = await ilias52(t)
    const ref = sim.addCourse({ title: 'Kurs' })
    await rejectsWith(adapter.progressInfo('99999'), 'ILIAS_EMPTY_FAULT')
    await rejectsWith(adapter.progressInfo('1'), 'ILIAS_LEARNING_PROGRESS_UNAVAILABLE')
    assert.deepEqual(await adapter.progressInfo(String(ref)), [])
    const wrongClient = new IliasAdapter({ baseUrl: url, ...admin, client: 'nosuchclient' })
    await rejectsWith(wrongClient.findByLoginNames(['tms.p1']), 'ILIAS_CLIENT_UNKNOWN')
  })

  it('reads padded progress values and reports each (user, course, status) once, polling with an overlap', async (t) => {
    const { sim, adapter } = await ilias52(t, { timeZone: 'Europe/Berlin' })
    const ref = sim.addCourse({ title: 'Kurs' })
    const [a] = await adapter.createAccounts([person(30)])
    sim.addMember(ref, Number(a!.lmsUserId))
    const lastPoll = new Date(Date.now() - 10 * 60_000)
    // Passed five minutes after the last poll, but written by the database clock (UTC) while the server's
    // zone is Berlin: its timestamp reads an hour earlier, before the last poll.
    sim.setLearningProgress(Number(a!.lmsUserId), ref, 'passed', new Date(lastPoll.getTime() + 5 * 60_000))
    assert.deepEqual(await adapter.learningProgressChanges(lastPoll), [], 'asked from the last poll alone, ILIAS misses it')
    const results = await adapter.pollResults({ since: lastPoll, enrolments: [{ lmsUserId: a!.lmsUserId, targetId: String(ref) }] })
    assert.equal(results.length, 1)
    assert.equal(results[0]?.status, 'passed')
    assert.ok(overlapMs(lastPoll, 'Europe/Berlin') >= 60 * 60_000)
    const info = await adapter.progressInfo(String(ref))
    assert.deepEqual(info.map((r) => [r.lmsUserId, r.status]), [[a!.lmsUserId, 'passed']])
  })

  it('gives an import of 100 users the time they take (0.3 s each on a real 5.2), not one fixed timeout', async (t) => {
    const { sim, adapter } = await ilias52(t, { timeoutMs: 500, importTimeoutPerUserMs: 60 })
    sim.importCostMs = 20 // 100 users: 2 s, four times the base timeout
    const many = Array.from({ length: 100 }, (_, i) => person(1000 + i))
    const created = await adapter.createAccounts(many)
    assert.equal(created.length, 100)
    assert.equal(sim.users().filter((u) => u.login.startsWith('tms.p1')).length, 100)
    // The same import under one fixed timeout is cut off in the middle.
    const fixed = new IliasSoapClient({ baseUrl: (await ilias52(t)).url, ...admin, timeoutMs: 500, importTimeoutPerUserMs: 0 })
    assert.equal(fixed.timeoutFor('importUsers', 100), 500)
    const other = await ilias52(t, { timeoutMs: 500, importTimeoutPerUserMs: 0 })
    other.sim.importCostMs = 20
    await rejectsWith(other.adapter.createAccounts(many), 'LMS_TIMEOUT')
  })

  it('never overwrites an account whose login is taken: conflict rule 1 refuses the import', async (t) => {
    const { sim, adapter } = await ilias52(t)
    // Already there (an earlier run that timed out after ILIAS imported it): the next run finds it by import id first.
    sim.addUser({ login: 'tms.p40', importId: 'tms_person_40', firstname: 'Erika', lastname: 'Mustermann', gender: 'f' })
    const error = await rejectsWith(adapter.createAccounts([person(40)]), 'ILIAS_LOGIN_TAKEN')
    assert.equal(error.kind, 'permanent')
  })
})
