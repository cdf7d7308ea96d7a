// Issue 5's first "done when", end to end: the registration scenarios of the Moodle suite, now through
// the real API, queue and database (TEST_DB) and the ILIAS adapter over SOAP against the ILIAS simulator.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { eventually, startTestApp, testDb, type TestApp, registrationReaches } from '../helpers/test-app.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.ts'
import { parseMime, type MimePart } from '../mail/raw-mime.ts'

const soap = { client: 'tms', username: 'soapadmin', password: 'Soap-Secret-1' }
/** ILIAS's standard global role "User" (obj id 4). */
const userRole = 4

const person = (personId: string, extra: Record<string, unknown> = {}) => ({
  personId, firstName: 'Jan', lastName: 'Jansen', email1: `${personId.toLowerCase()}@example.com`, ...extra,
})

async function addIliasConnection(t: TestApp, url: string, name: string, mapping: Record<string, unknown>) {
  const c = await t.api('POST', '/api/v1/connections', { name, type: 'ilias', baseUrl: url, credentials: soap, mapping })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  return c.body.id as string
}

async function addCourse(t: TestApp, connectionId: string, code: string, refId: number) {
  const d = await t.api('POST', '/api/v1/course-definitions', {
    code, name: `Course ${code}`, connectionId, target: { type: 'ilias-course', refId: String(refId) },
  })
  assert.equal(d.status, 201, JSON.stringify(d.body))
}

const settledIn = (t: TestApp) => (id: string, status = 'active') => registrationReaches(t, id, status)

describe(`registrations reconciled into ILIAS (${testDb})`, () => {
  let t: TestApp
  let sim: IliasSimulator
  let url: string
  let courseRef: number
  let otherCourseRef: number
  let settled: ReturnType<typeof settledIn>

  before(async () => {
    sim = createIliasSimulator({ client: soap.client, adminUser: soap.username, adminPassword: soap.password })
    url = await sim.start(0)
    t = await startTestApp()
    settled = settledIn(t)
    courseRef = sim.addCourse({ title: 'Safety basics (e-learning)' })
    otherCourseRef = sim.addCourse({ title: 'First aid (e-learning)' })
    const withExtras = await addIliasConnection(t, url, 'ilias', { iliasExtras: true })
    await addCourse(t, withExtras, 'IL101', courseRef)
    await addCourse(t, withExtras, 'IL102', otherCourseRef)
    // Seed 000: ILIAS has no field for the name prefix, so the surname leaves it out.
    const omitPrefix = await addIliasConnection(t, url, 'ilias-omit-prefix', { namePrefix: 'omit', externalKey: 'externId' })
    await addCourse(t, omitPrefix, 'IL-OMIT', sim.addCourse({ title: 'Prefix omitted' }))
    for (const strategy of ['email', 'firstname-prefix-lastname', 'initial-prefix-lastname', 'external-id'] as const) {
      const id = await addIliasConnection(t, url, `ilias-${strategy}`, { loginNameStrategy: strategy, externalKey: 'externId' })
      await addCourse(t, id, `IL-${strategy}`, sim.addCourse({ title: `Strategy ${strategy}` }))
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  const userOf = (registration: { observed: { lmsUserId: string } }) => {
    const user = sim.users().find((u) => String(u.usrId) === registration.observed.lmsUserId)
    assert.ok(user, `ILIAS user ${registration.observed.lmsUserId}`)
    return user
  }
  const byImportId = (importId: string) => sim.users().filter((u) => u.importId === importId)

  it('creates the account of a new person with login, import id, names, e-mail and extras, global role User, course Member', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P100', {
        namePrefix: 'van der', lastName: 'Berg', zipCode: '3511 AB', birthDate: '1985-04-23',
        phoneHome: '030-1234567', phoneMobile: '06-12345678', phoneOffice: '030-7654321',
      }),
      courseCode: 'IL101',
    })
    assert.equal(res.status, 202)
    const done = await settled(res.body.id)
    const user = userOf(done)
    assert.equal(user.login, 'p100@example.com')
    assert.equal(done.observed.loginName, 'p100@example.com')
    assert.equal(user.importId, 'tms_person_P100')
    assert.equal(user.firstname, 'Jan')
    assert.equal(user.lastname, 'van der Berg', 'namePrefix "join" (the default) keeps the prefix in the surname')
    assert.equal(user.email, 'p100@example.com')
    assert.deepEqual(user.fields, {
      postalCode: '3511 AB', birthday: '1985-04-23', phoneHome: '030-1234567', phoneMobile: '06-12345678', phoneOffice: '030-7654321',
    })
    assert.deepEqual(user.globalRoles, [userRole])
    assert.equal(user.active, true)
    assert.deepEqual(sim.members(courseRef).filter((m) => m.usrId === user.usrId), [{ usrId: user.usrId, role: 'Member' }])
    const functions = done.steps.map((s: { function: string | null }) => s.function)
    assert.ok(functions.includes('importUsers') && functions.includes('assignCourseMember'), JSON.stringify(functions))
  })

  it('leaves the name prefix out of the surname when the mapping says omit (seed 000)', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P150', { externId: 'X150', namePrefix: 'van der', lastName: 'Berg' }), courseCode: 'IL-OMIT',
    })
    const done = await settled(res.body.id)
    const user = userOf(done)
    assert.equal(user.lastname, 'Berg')
    assert.equal(user.importId, 'tms_person_X150', 'the external key is the ExternId when the mapping says so')
  })

  it('reuses the account ILIAS already knows by import id, updates its changed data, and keeps its login', async () => {
    const existing = sim.addUser({
      login: 'anna.old', firstname: 'Anna', lastname: 'Oud', email: 'anna.old@example.com', importId: 'tms_person_P200',
    })
    const before = sim.users().length
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P200', { firstName: 'Anna', lastName: 'Nieuw', email1: 'anna.new@example.com', zipCode: '1011 AA' }),
      courseCode: 'IL101',
    })
    const done = await settled(res.body.id)
    assert.equal(done.observed.lmsUserId, String(existing))
    assert.equal(sim.users().length, before, 'no second account')
    const user = userOf(done)
    assert.equal(user.lastname, 'Nieuw')
    assert.equal(user.email, 'anna.new@example.com')
    assert.equal(user.fields.postalCode, '1011 AA')
    assert.equal(user.login, 'anna.old', 'the login name of an existing account is kept')
    assert.equal(done.observed.loginName, 'anna.old')
    assert.ok(sim.members(courseRef).some((m) => m.usrId === existing && m.role === 'Member'))
    assert.ok(done.steps.some((s: { step: string }) => s.step === 'update-account'))
  })

  it('fills in the e-mail of a known account that has none, and clears an extra the person no longer has', async () => {
    const existing = sim.addUser({
      login: 'bert.leeg', firstname: 'Bert', lastname: 'Leeg', email: '', importId: 'tms_person_P250', postalCode: '9999 ZZ',
    })
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('P250', { firstName: 'Bert', lastName: 'Leeg' }), courseCode: 'IL101',
    })
    const done = await settled(res.body.id)
    assert.equal(done.observed.lmsUserId, String(existing))
    const user = userOf(done)
    assert.equal(user.email, 'p250@example.com', 'ILIAS shows an empty address as empty: it is set, not left alone')
    assert.equal(user.fields.postalCode, '', 'an extra the person does not have is cleared')
  })

  it('gives a login taken by another person the next free numeric suffix (ILIAS compares case-insensitively)', async () => {
    sim.addUser({ login: 'Shared@Example.com', firstname: 'Other', lastname: 'Person', email: 'other@example.com', importId: 'someone_else' })
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P300', { email1: 'shared@example.com' }), courseCode: 'IL101' })
    const done = await settled(res.body.id)
    assert.equal(done.observed.loginName, 'shared2@example.com')
    assert.equal(userOf(done).login, 'shared2@example.com')
  })

  describe('a name with diacritics and a prefix gives each strategy its ILIAS login (case kept)', () => {
    const jose = (personId: string) => person(personId, {
      externId: `Ext-${personId}`, firstName: 'José', namePrefix: 'van der', lastName: 'Ñúñez-Ørsted', email1: `Jose.Nunez.${personId}@Example.org`,
    })
    for (const [strategy, personId, expected] of [
      ['email', 'D1', 'Jose.Nunez.D1@Example.org'],
      ['firstname-prefix-lastname', 'D2', 'JosevanderNunez-Orsted'],
      ['initial-prefix-lastname', 'D3', 'JvanderNunez-Orsted'],
      ['external-id', 'D4', 'Ext-D4'],
    ] as const) {
      it(`${strategy} → ${expected}`, async () => {
        const res = await t.api('POST', '/api/v1/registrations', { person: jose(personId), courseCode: `IL-${strategy}` })
        const done = await settled(res.body.id)
        const user = userOf(done)
        assert.equal(user.login, expected)
        assert.equal(done.observed.loginName, expected)
        assert.equal(user.firstname, 'José', 'names keep their diacritics')
        assert.equal(user.lastname, 'van der Ñúñez-Ørsted')
      })
    }
  })

  it('excludes the person from the course on cancel; the account stays, active', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P500'), courseCode: 'IL102' })
    const done = await settled(res.body.id)
    const usrId = Number(done.observed.lmsUserId)
    assert.ok(sim.members(otherCourseRef).some((m) => m.usrId === usrId))
    const cancel = await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    assert.equal(cancel.status, 202)
    const cancelled = await settled(res.body.id, 'cancelled')
    assert.ok(!sim.members(otherCourseRef).some((m) => m.usrId === usrId), 'no longer a member')
    const user = sim.users().find((u) => u.usrId === usrId)
    assert.ok(user, 'the account is still there')
    assert.equal(user.active, true, 'and still active')
    assert.ok(cancelled.observed.accessRevokedAt)
    assert.ok(cancelled.steps.some((s: { function: string | null }) => s.function === 'excludeCourseMember'))
  })

  it('posting the same registration twice, or with the same Idempotency-Key, gives one membership and one account', async () => {
    const body = { externalId: 'REG-600', person: person('P600'), courseCode: 'IL101' }
    const first = await t.api('POST', '/api/v1/registrations', body, { 'idempotency-key': 'k-600' })
    const again = await t.api('POST', '/api/v1/registrations', body, { 'idempotency-key': 'k-600' })
    const third = await t.api('POST', '/api/v1/registrations', body)
    assert.deepEqual(again.body, first.body)
    assert.equal(third.body.id, first.body.id)
    const done = await settled(first.body.id)
    const usrId = Number(done.observed.lmsUserId)
    assert.equal(sim.members(courseRef).filter((m) => m.usrId === usrId).length, 1)
    assert.equal(byImportId('tms_person_P600').length, 1)
  })

  it('waits with a notification when the first name is empty, makes no SOAP call, and completes after the fix', async () => {
    const callsBefore = { ...sim.calls }
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P700', { firstName: '' }), courseCode: 'IL101' })
    const waiting = await settled(res.body.id, 'waiting_for_data')
    assert.equal(waiting.observed.statusCode, 'PERSON_FIRST_NAME_MISSING')
    assert.equal(waiting.notifications.length, 1)
    assert.match(waiting.notifications[0].message, /ILIAS/)
    assert.match(waiting.notifications[0].fix, /first name/i)
    assert.deepEqual(sim.calls, callsBefore, 'no SOAP call')
    assert.equal(byImportId('tms_person_P700').length, 0)
    const fixed = await t.api('PUT', '/api/v1/persons/P700', person('P700', { firstName: 'Piet' }))
    assert.equal(fixed.status, 200)
    const done = await settled(res.body.id)
    assert.equal(userOf(done).firstname, 'Piet')
    assert.equal(done.notifications.length, 0, 'the notification is resolved')
  })

  it('puts the credentials mail in the outbox with the ILIAS login name and login page, password masked', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: person('P800'), courseCode: 'IL101' })
    await settled(res.body.id)
    const mail = await eventually(async () => {
      const r = await t.api('GET', `/api/v1/mails?registrationId=${res.body.id}`)
      return r.body.items.find((m: { purpose: string; status: string }) => m.purpose === 'credentials' && m.status === 'outbox')
    }, 15_000, 'credentials mail in the outbox')
    const loginUrl = `${new URL(url).origin}/login.php?client_id=${soap.client}`
    assert.equal(mail.to, 'p800@example.com')
    assert.match(mail.subject, /ILIAS/)
    assert.ok(mail.text.includes('p800@example.com'), mail.text)
    assert.ok(mail.text.includes(loginUrl), mail.text)
    assert.ok(mail.html.includes(loginUrl), 'the HTML mail links to the login page')
    assert.ok(mail.text.includes('••••••••'), 'the outbox keeps the password masked')
    assert.doesNotMatch(mail.text, /Moodle/)
  })
})

/** The text part of a mail as it arrived over SMTP. */
function textPart(part: MimePart): string {
  if (part.type === 'text/plain') return part.body
  for (const p of part.parts) {
    const text = textPart(p)
    if (text) return text
  }
  return ''
}

describe(`the credentials mail for ILIAS over SMTP (${testDb})`, () => {
  let t: TestApp
  let sim: IliasSimulator
  let smtp: TestSmtpServer

  before(async () => {
    sim = createIliasSimulator({ client: soap.client, adminUser: soap.username, adminPassword: soap.password })
    const url = await sim.start(0)
    smtp = await startTestSmtpServer()
    t = await startTestApp({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'x@example.org' } })
    const connectionId = await addIliasConnection(t, url, 'ilias', { loginNameStrategy: 'initial-prefix-lastname' })
    await addCourse(t, connectionId, 'IL101', sim.addCourse({ title: 'Safety basics' }))
  })
  after(async () => {
    await t?.stop()
    await smtp?.close()
    await sim?.stop()
  })

  it('mails a password that logs in to ILIAS with the login name of the mail', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: person('M1', { firstName: 'Élise', namePrefix: 'de', lastName: 'Vries' }), courseCode: 'IL101',
    })
    await settledIn(t)(res.body.id)
    const received = await eventually(async () => smtp.received.find((m) => m.to.includes('m1@example.com')), 15_000, 'mail over SMTP')
    const text = textPart(parseMime(received.raw))
    const login = /Login name:\s*(\S+)/.exec(text)?.[1]
    const password = /Password:\s*(\S+)/.exec(text)?.[1]
    assert.equal(login, 'EdeVries')
    assert.ok(password && password !== '••••••••', text)
    assert.ok(sim.checkPassword(login, password), 'the mailed password logs in to ILIAS')
    // The SMTP server has the mail a moment before the outbox records it as sent.
    const kept = await eventually(async () => {
      const outbox = (await t.api('GET', `/api/v1/mails?registrationId=${res.body.id}`)).body.items
      const mail = outbox.find((m: { purpose: string }) => m.purpose === 'credentials')
      return mail?.status === 'sent' ? mail : null
    }, 15_000, 'the credentials mail recorded as sent')
    assert.equal(kept.status, 'sent')
    assert.ok(!kept.text.includes(password), 'the stored copy does not hold the password')

    // "Resend credentials" sets a new password in ILIAS and mails it; the old one stops working.
    const resend = await t.api('POST', `/api/v1/registrations/${res.body.id}/resend-credentials`)
    assert.equal(resend.status, 202)
    const second = await eventually(async () => smtp.received.filter((m) => m.to.includes('m1@example.com'))[1], 15_000, 'second mail')
    const secondText = textPart(parseMime(second.raw))
    const newPassword = /Password:\s*(\S+)/.exec(secondText)?.[1]
    assert.equal(/Login name:\s*(\S+)/.exec(secondText)?.[1], 'EdeVries')
    assert.ok(newPassword && newPassword !== password)
    assert.ok(sim.checkPassword('EdeVries', newPassword), 'the new password logs in')
    assert.equal(sim.checkPassword('EdeVries', password), false, 'the old one no longer does')
  })
})
