// Adoption of accounts that exist in Moodle without coursebridge's key, on the simulator (which compares e-mails
// as the recorded Moodle does: by_field exactly, create_users and core_user_get_users ignoring case).
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, registrationReaches as reaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

async function registrationReaches(t: TestApp, id: string, status: string, timeoutMs = 60_000) {
  try {
    return await reaches(t, id, status, timeoutMs)
  } catch (err) {
    const r = await t.api('GET', `/api/v1/registrations/${id}`)
    throw new Error(`${(err as Error).message}; now ${JSON.stringify(r.body.observed)} steps ${JSON.stringify(r.body.steps?.slice(-4))}`)
  }
}

async function setUp(accountMatching: 'key-only' | 'adopt' | 'review', o: { anyCaseLookup?: boolean } = {}) {
  const sim = createMoodleSimulator({ world: 'recorded-site' })
  const url = await sim.start(0)
  // The case-insensitive lookup by e-mail needs core_user_get_users in the service (README "Adopting existing accounts").
  if (o.anyCaseLookup ?? true) sim.addFunctionToService('coursebridge', 'core_user_get_users')
  const t = await startTestApp()
  const c = await t.api('POST', '/api/v1/connections', {
    name: 'moodle', type: 'moodle', baseUrl: url, credentials: { token: sim.token }, settings: { accountMatching },
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code: 'E101', name: 'E101', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  return { sim, t, connectionId: c.body.id as string }
}

const person = (personId: string, email: string) => ({ personId, firstName: 'Kees', lastName: 'Kist', email1: email })
const withEmail = (sim: Sim, email: string) => sim.findUsers((u) => !u.deleted && u.email.toLowerCase() === email.toLowerCase())
const mailPurposes = async (t: TestApp, registrationId: string) =>
  ((await t.api('GET', `/api/v1/mails?registrationId=${registrationId}`)).body.items as { purpose: string }[]).map((m) => m.purpose)

describe(`adoption of existing Moodle accounts (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
  })
  const track = async <S extends { sim: Sim; t: TestApp }>(s: Promise<S>): Promise<S> => {
    const set = await s
    cleanups.push(async () => {
      await set.t.stop()
      await set.sim.stop()
    })
    return set
  }

  it('adopts an account with the person\'s e-mail in another case and no key: one account, key written, no credentials mail', async () => {
    const { sim, t } = await track(setUp('adopt'))
    const id = sim.addUser({ username: 'kkist', firstname: 'Kees', lastname: 'Kist', email: 'Kees.Kist@Example.COM', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('A1', 'kees.kist@example.com'), courseCode: 'E101' })
    const done = await registrationReaches(t, res.body.id, 'active')
    assert.equal(done.observed.lmsUserId, String(id))
    assert.equal(done.observed.loginName, 'kkist', 'the login the person already has')
    assert.equal(done.observed.accountCreated, false)
    assert.equal(withEmail(sim, 'kees.kist@example.com').length, 1, 'exactly one account')
    assert.equal(sim.userById(id)!.idnumber, 'A1', 'the key written into the account')
    assert.equal(sim.calls.filter((c) => c.wsfunction === 'core_user_create_users').length, 0, 'nothing created')
    assert.ok(sim.enrolments(2).some((e) => e.userId === id), 'enrolled')
    assert.ok(done.steps.some((s: { step: string }) => s.step === 'adopt-account'), JSON.stringify(done.steps))
    const purposes = await eventually(async () => { const p = await mailPurposes(t, res.body.id); return p.length > 0 ? p : null })
    assert.deepEqual(purposes, ['course-access'], 'the "new course available" mail, never login details')
    const notes = (await t.api('GET', '/api/v1/notifications')).body.items as { code: string }[]
    assert.ok(notes.some((n) => n.code === 'LMS_ACCOUNT_ADOPTED'), JSON.stringify(notes))
    // The next registration finds the account by key.
    const again = await t.api('POST', '/api/v1/registrations', { person: person('A1', 'kees.kist@example.com'), courseCode: 'E101' })
    assert.equal((await registrationReaches(t, again.body.id, 'active')).observed.lmsUserId, String(id))
  })

  it('finds an address stored in lower case for a person who wrote it in capitals, in the batched lookup alone', async () => {
    const { sim, t } = await track(setUp('adopt', { anyCaseLookup: false }))
    const id = sim.addUser({ username: 'mmeijer', firstname: 'Kees', lastname: 'Kist', email: 'm.meijer@example.com', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('A2', 'M.Meijer@Example.com'), courseCode: 'E101' })
    const done = await registrationReaches(t, res.body.id, 'active')
    assert.equal(done.observed.lmsUserId, String(id))
    assert.equal(sim.userById(id)!.idnumber, 'A2')
    assert.equal(sim.calls.filter((c) => c.wsfunction === 'core_user_get_users').length, 0)
  })

  it('puts such an account on the review list under "review" (nothing created); link it adopts it', async () => {
    const { sim, t } = await track(setUp('review'))
    const id = sim.addUser({ username: 'rreview', firstname: 'Kees', lastname: 'Kist', email: 'R.Review@Example.com', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('R1', 'r.review@example.com'), courseCode: 'E101' })
    const waiting = await registrationReaches(t, res.body.id, 'needs_admin')
    assert.equal(waiting.observed.statusCode, 'LMS_ACCOUNT_REVIEW')
    assert.equal(sim.calls.filter((c) => c.wsfunction === 'core_user_create_users').length, 0, 'nothing created')
    assert.equal(withEmail(sim, 'r.review@example.com').length, 1)
    assert.equal(sim.userById(id)!.idnumber, '', 'the account is left as it is')
    const list = await t.api('GET', '/api/v1/account-reviews')
    assert.equal(list.status, 200)
    assert.equal(list.body.items.length, 1)
    const review = list.body.items[0]
    assert.equal(review.reason, 'email-no-key')
    assert.equal(review.personId, 'R1')
    assert.deepEqual(review.candidates.map((c: { lmsUserId: string; loginName: string; email: string }) => [c.lmsUserId, c.loginName, c.email]),
      [[String(id), 'rreview', 'R.Review@Example.com']])
    const linked = await t.api('POST', `/api/v1/account-reviews/${review.id}/link`, {})
    assert.equal(linked.status, 202, JSON.stringify(linked.body))
    assert.equal(linked.body.registrationsQueued, 1)
    const done = await registrationReaches(t, res.body.id, 'active')
    assert.equal(done.observed.lmsUserId, String(id))
    assert.equal(sim.userById(id)!.idnumber, 'R1')
    assert.equal(withEmail(sim, 'r.review@example.com').length, 1)
    assert.deepEqual(await eventually(async () => { const p = await mailPurposes(t, res.body.id); return p.length > 0 ? p : null }), ['course-access'])
    assert.equal((await t.api('GET', '/api/v1/account-reviews')).body.items.length, 0, 'done: off the list')
    assert.equal((await t.api('POST', `/api/v1/account-reviews/${review.id}/link`, {})).status, 409)
  })

  for (const policy of ['adopt', 'review'] as const) {
    it(`sends an account with the e-mail and another key to review under "${policy}", never adopting it`, async () => {
      const { sim, t } = await track(setUp(policy))
      const id = sim.addUser({ username: 'other', firstname: 'Kees', lastname: 'Kist', email: 'shared@example.com', idnumber: 'SOMEONE-ELSE' })
      const res = await t.api('POST', '/api/v1/registrations', { person: person('C1', 'Shared@Example.com'), courseCode: 'E101' })
      const waiting = await registrationReaches(t, res.body.id, 'needs_admin')
      assert.equal(waiting.observed.statusCode, 'LMS_ACCOUNT_REVIEW')
      assert.equal(sim.userById(id)!.idnumber, 'SOMEONE-ELSE')
      assert.equal(withEmail(sim, 'shared@example.com').length, 1, 'no second account')
      const [review] = (await t.api('GET', '/api/v1/account-reviews')).body.items
      assert.equal(review.reason, 'email-other-key')
      assert.equal(review.candidates[0].externalKey, 'SOMEONE-ELSE')
    })
  }

  it('keeps key-only as before: no lookup by e-mail, no review list', async () => {
    const { sim, t } = await track(setUp('key-only'))
    sim.addUser({ username: 'kold', firstname: 'Kees', lastname: 'Kist', email: 'K.Old@Example.com', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('K1', 'k.old@example.com'), courseCode: 'E101' })
    const failed = await registrationReaches(t, res.body.id, 'failed')
    assert.match(failed.observed.statusCode, /^MOODLE_EMAIL_TAKEN/)
    assert.equal(sim.calls.filter((c) => c.wsfunction === 'core_user_get_users').length, 0)
    assert.equal((await t.api('GET', '/api/v1/account-reviews')).body.items.length, 0)
    assert.equal(withEmail(sim, 'k.old@example.com').length, 1)
  })

  it('"create a new account" says so when Moodle refuses a second account with the e-mail, and creates one where it allows it', async () => {
    const { sim, t } = await track(setUp('review'))
    const id = sim.addUser({ username: 'nnew', firstname: 'Kees', lastname: 'Kist', email: 'n.new@example.com', idnumber: '' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('N1', 'n.new@example.com'), courseCode: 'E101' })
    await registrationReaches(t, res.body.id, 'needs_admin')
    const [review] = (await t.api('GET', '/api/v1/account-reviews')).body.items
    assert.equal((await t.api('POST', `/api/v1/account-reviews/${review.id}/new-account`)).status, 202)
    const refused = await eventually(async () => {
      const r = (await t.api('GET', `/api/v1/registrations/${res.body.id}`)).body
      return r.observed.statusCode === 'LMS_ACCOUNT_SAME_EMAIL_REFUSED' ? r : null
    }, 60_000, 'refused')
    assert.equal(refused.observed.status, 'needs_admin')
    const [back] = (await t.api('GET', '/api/v1/account-reviews')).body.items
    assert.equal(back.status, 'open')
    assert.match(back.note, /refused a second account/)
    sim.setSetting('allowaccountssameemail', true)
    assert.equal((await t.api('POST', `/api/v1/account-reviews/${review.id}/new-account`)).status, 202)
    const done = await registrationReaches(t, res.body.id, 'active')
    assert.notEqual(done.observed.lmsUserId, String(id))
    assert.equal(withEmail(sim, 'n.new@example.com').length, 2)
    assert.equal(sim.userById(id)!.idnumber, '', 'the other account is left as it is')
  })

  it('adoption report over the API: matched by key, adoptable, conflicts, not found, in batched lookups', async () => {
    const { sim, t, connectionId } = await track(setUp('key-only'))
    sim.addUser({ username: 'bykey', firstname: 'A', lastname: 'A', email: 'bykey@example.com', idnumber: 'P1' })
    sim.addUser({ username: 'adoptable', firstname: 'B', lastname: 'B', email: 'Adoptable@Example.com', idnumber: '' })
    sim.addUser({ username: 'conflict', firstname: 'C', lastname: 'C', email: 'conflict@example.com', idnumber: 'X-9' })
    for (const [id, email] of [['P1', 'bykey@example.com'], ['P2', 'adoptable@example.com'], ['P3', 'conflict@example.com'], ['P4', 'nobody@example.com'], ['P5', 'nobody2@example.com']]) {
      assert.equal((await t.api('PUT', `/api/v1/persons/${id}`, person(id!, email!))).status < 300, true)
    }
    const callsBefore = sim.calls.length
    const r = await t.api('GET', `/api/v1/connections/${connectionId}/adoption-report`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.deepEqual(r.body.counts, { persons: 5, matchedByKey: 1, adoptable: 1, conflicts: 1, notFound: 2, notFoundUnsure: 0 })
    assert.deepEqual(r.body.adoptable.map((e: { personId: string }) => e.personId), ['P2'])
    assert.equal(r.body.conflicts[0].accounts[0].externalKey, 'X-9')
    assert.equal(r.body.emailLookup, 'any-case')
    const calls = sim.calls.slice(callsBefore)
    // One call by key for all five, one by e-mail (as given and in lower case) for the four others, then one any-case
    // call per address still not found: P2 (stored as Adoptable@Example.com), P4, P5.
    assert.deepEqual(calls.map((c) => c.wsfunction), ['core_user_get_users_by_field', 'core_user_get_users_by_field', 'core_user_get_users',
      'core_user_get_users', 'core_user_get_users'])
    assert.equal(calls[0]!.items, 5)
    assert.equal(r.body.lmsCalls, calls.length)
    assert.equal(sim.calls.filter((c) => ['core_user_create_users', 'core_user_update_users'].includes(c.wsfunction)).length, 0, 'read-only')
  })
})
