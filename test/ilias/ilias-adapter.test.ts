// The ILIAS adapter against the ILIAS simulator, over real loopback HTTP.
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { IliasAdapter, type IliasAdapterOptions } from '../../src/lms/ilias/ilias-adapter.ts'
import { createIliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { LmsError, type CallRecord, type NewAccount, type ResolvedTarget } from '../../src/lms/lms-adapter.ts'

const admin = { client: 'default', username: 'soapadmin', password: 'Soap-Admin-Password1' }

async function ilias(t: TestContext, options: Partial<IliasAdapterOptions> = {}) {
  const sim = createIliasSimulator({ client: admin.client, adminUser: admin.username, adminPassword: admin.password })
  const url = await sim.start(0)
  const calls: CallRecord[] = []
  const adapter = new IliasAdapter({ baseUrl: url, ...admin, observer: (c) => calls.push(c), ...options })
  t.after(() => sim.stop())
  return { sim, url, adapter, calls }
}

function person(id: number, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    externalKey: String(id), loginName: `tms.p${id}`, firstName: 'Erika', lastName: 'Mustermann',
    email: `erika.${id}@example.org`, password: 'Initial-Password1!', fields: {}, ...overrides,
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string, kind?: LmsError['kind']): Promise<LmsError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof LmsError, `expected an LmsError, got ${String(error)}`)
    assert.equal(error.code, code)
    if (kind) assert.equal(error.kind, kind)
    return error
  }
  assert.fail(`expected ${code}`)
}

const course = (refId: number): ResolvedTarget => ({ type: 'course', id: String(refId), label: 'Erste Hilfe' })

describe('ILIAS adapter: accounts', () => {
  it('creates a person with the import id tms_person_<id> and finds them again by external key', async (t) => {
    const { sim, adapter } = await ilias(t)
    const [created] = await adapter.createAccounts([person(1002, { fields: { zipcode: '1234 AB', birthday: '1990-04-01', phoneMobile: '+31 6 1234' } })])
    assert.ok(created)
    assert.equal(created.loginName, 'tms.p1002')
    const stored = sim.users().find((u) => u.login === 'tms.p1002')
    assert.equal(stored?.importId, 'tms_person_1002')
    assert.deepEqual(stored?.globalRoles, [4])
    assert.equal(stored?.fields.postalCode, '1234 AB')
    assert.ok(sim.checkPassword('tms.p1002', 'Initial-Password1!'))

    const found = await adapter.findByExternalKeys(['1002', '9999'])
    assert.deepEqual([...found.keys()], ['1002'])
    const [account] = found.get('1002') ?? []
    assert.equal(account?.lmsUserId, created.lmsUserId)
    assert.equal(account?.externalKey, '1002')
    assert.equal(account?.email, 'erika.1002@example.org')
    assert.deepEqual(account?.fields, { zipcode: '1234 AB', birthday: '1990-04-01', phoneMobile: '+31 6 1234' })
  })

  it('reads an account without e-mail as "" (ILIAS shows it; null would mean "hidden, leave alone")', async (t) => {
    const { sim, adapter } = await ilias(t)
    sim.addUser({ login: 'no.mail', firstname: 'No', lastname: 'Mail', email: '', importId: 'tms_person_3003' })
    const [account] = (await adapter.findByExternalKeys(['3003'])).get('3003') ?? []
    assert.equal(account?.email, '')
  })

  it('does not create a second account for a person ILIAS already has (conflict rule 1 = fail)', async (t) => {
    const { sim, adapter } = await ilias(t)
    await adapter.createAccounts([person(1002)])
    const error = await rejectsWith(adapter.createAccounts([person(1002, { loginName: 'TMS.P1002' })]), 'ILIAS_LOGIN_TAKEN', 'permanent')
    assert.equal(error.details['login'], 'TMS.P1002')
    assert.equal(sim.users().filter((u) => u.importId === 'tms_person_1002').length, 1)
  })

  it('imports nothing of a batch when one record is refused, so the caller can split it', async (t) => {
    const { sim, adapter } = await ilias(t)
    await adapter.createAccounts([person(1)])
    await rejectsWith(adapter.createAccounts([person(2), person(1), person(3)]), 'ILIAS_LOGIN_TAKEN')
    assert.deepEqual(sim.users().map((u) => u.login).sort(), ['soapadmin', 'tms.p1'])
    const ids = await adapter.createAccounts([person(2), person(3)])
    assert.deepEqual(ids.map((i) => i.loginName), ['tms.p2', 'tms.p3'])
  })

  it('shows a login-name collision with another person through findByLoginNames, case-insensitively', async (t) => {
    const { sim, adapter } = await ilias(t)
    const other = sim.addUser({ login: 'e.mustermann', firstname: 'Erik', lastname: 'Mustermann', email: 'erik@example.org' })
    const found = await adapter.findByLoginNames(['E.Mustermann', 'free.name'])
    assert.deepEqual([...found.keys()], ['E.Mustermann'])
    assert.equal(found.get('E.Mustermann')?.lmsUserId, String(other))
    assert.equal(found.get('E.Mustermann')?.loginName, 'e.mustermann')
    assert.equal(found.get('E.Mustermann')?.externalKey, null) // ILIAS's SOAP reads do not expose the import id
  })

  it('keeps XML-special characters in person data intact', async (t) => {
    const { sim, adapter } = await ilias(t)
    await adapter.createAccounts([person(7, { firstName: 'Zoë <"&">', lastName: "O'Brien & Söhne" })])
    const stored = sim.users().find((u) => u.login === 'tms.p7')
    assert.equal(stored?.firstname, 'Zoë <"&">')
    assert.equal(stored?.lastname, "O'Brien & Söhne")
  })

  it('refuses what ILIAS would refuse before any call', async (t) => {
    const { adapter, calls } = await ilias(t)
    await rejectsWith(adapter.createAccounts([person(1, { loginName: 'e mustermann' })]), 'ILIAS_FIELD_INVALID', 'permanent')
    await rejectsWith(adapter.createAccounts([person(1, { loginName: 'ab' })]), 'ILIAS_FIELD_INVALID')
    await rejectsWith(adapter.createAccounts([person(1, { fields: { birthday: '01-04-1990' } })]), 'ILIAS_FIELD_INVALID')
    await rejectsWith(adapter.createAccounts([person(1, { fields: { shoeSize: '44' } })]), 'ILIAS_FIELD_INVALID')
    await rejectsWith(adapter.createAccounts([person(1, { lastName: 'Muster\u0007mann' })]), 'ILIAS_FIELD_INVALID')
    await rejectsWith(adapter.createAccounts([person(1, { firstName: ' ' })]), 'ILIAS_FIELD_INVALID')
    assert.equal(calls.length, 0)
  })

  it('updates changed values and the password, and reports an account ILIAS no longer has per item', async (t) => {
    const { sim, adapter } = await ilias(t)
    const [created] = await adapter.createAccounts([person(5, { fields: { phoneHome: '010 123' } })])
    const outcomes = await adapter.updateAccounts([
      { lmsUserId: created!.lmsUserId, changes: { email: 'new@example.org', password: 'Changed-Password2', fields: { phoneHome: '' } } },
      { lmsUserId: '99999', changes: { email: 'x@example.org' } },
      { lmsUserId: created!.lmsUserId, changes: { externalKey: '6' } },
    ])
    assert.deepEqual(outcomes[0], { ok: true })
    assert.equal(outcomes[1]?.ok === false && outcomes[1].error.code, 'ILIAS_USER_NOT_FOUND')
    assert.equal(outcomes[2]?.ok === false && outcomes[2].error.code, 'ILIAS_EXTERNAL_KEY_IMMUTABLE')
    const stored = sim.users().find((u) => u.login === 'tms.p5')
    assert.equal(stored?.email, 'new@example.org')
    assert.equal(stored?.fields.phoneHome, '')
    assert.equal(stored?.importId, 'tms_person_5')
    assert.ok(sim.checkPassword('tms.p5', 'Changed-Password2'))
    await adapter.setPassword(created!.lmsUserId, 'Third-Password3')
    assert.ok(sim.checkPassword('tms.p5', 'Third-Password3'))
  })

  it('isolates the refused item of an update batch and still updates the others', async (t) => {
    const { sim, adapter } = await ilias(t)
    const [a, b] = await adapter.createAccounts([person(1), person(2)])
    const outcomes = await adapter.updateAccounts([
      { lmsUserId: a!.lmsUserId, changes: { loginName: 'tms.p2' } }, // taken by b
      { lmsUserId: b!.lmsUserId, changes: { lastName: 'Musterfrau' } },
    ])
    assert.equal(outcomes[0]?.ok === false && outcomes[0].error.code, 'ILIAS_LOGIN_TAKEN')
    assert.deepEqual(outcomes[1], { ok: true })
    assert.equal(sim.users().find((u) => u.login === 'tms.p2')?.lastname, 'Musterfrau')
  })

  it('needs the administrator when the global role for new accounts does not exist', async (t) => {
    const { sim, adapter } = await ilias(t)
    sim.removeGlobalRole(4)
    await rejectsWith(adapter.createAccounts([person(1)]), 'ILIAS_GLOBAL_ROLE_MISSING', 'needs-admin')
  })
})

describe('ILIAS adapter: course access', () => {
  it('resolves a course ref id and refuses a category or a missing object', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    const category = sim.addCategory({ title: 'Trainings' })
    assert.deepEqual(await adapter.resolveTarget({ type: 'ilias-course', refId: String(refId) }), { type: 'course', id: String(refId), label: 'Erste Hilfe' })
    const wrong = await rejectsWith(adapter.resolveTarget({ type: 'ilias-course', refId: String(category) }), 'ILIAS_WRONG_OBJECT_TYPE', 'needs-admin')
    assert.equal(wrong.scope, 'target')
    await rejectsWith(adapter.resolveTarget({ type: 'ilias-course', refId: '99999' }), 'ILIAS_OBJECT_NOT_FOUND', 'needs-admin')
    sim.trash(refId)
    await rejectsWith(adapter.resolveTarget({ type: 'ilias-course', refId: String(refId) }), 'ILIAS_OBJECT_NOT_FOUND')
  })

  it('makes the person a course member, reports it, and on cancel removes the membership but keeps the account', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    const [p] = await adapter.createAccounts([person(1002)])
    const grant = { lmsUserId: p!.lmsUserId, target: course(refId), role: adapter.defaultRole }
    await adapter.grantAccess([grant])
    await adapter.grantAccess([grant]) // idempotent: ILIAS answers true and changes nothing
    assert.deepEqual(sim.members(refId), [{ usrId: Number(p!.lmsUserId), role: 'Member' }])
    assert.equal(await adapter.isAssigned(p!.lmsUserId, String(refId)), 'Member')

    await adapter.revokeAccess([{ lmsUserId: p!.lmsUserId, target: course(refId) }])
    await adapter.revokeAccess([{ lmsUserId: p!.lmsUserId, target: course(refId) }]) // excluding a non-member is fine
    assert.deepEqual(sim.members(refId), [])
    assert.equal(await adapter.isAssigned(p!.lmsUserId, String(refId)), null)
    assert.ok(sim.users().some((u) => u.login === 'tms.p1002' && u.active))
  })

  it('never demotes a tutor by granting again as member', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    const [p] = await adapter.createAccounts([person(1)])
    await adapter.grantAccess([{ lmsUserId: p!.lmsUserId, target: course(refId), role: 'Tutor' }])
    await adapter.grantAccess([{ lmsUserId: p!.lmsUserId, target: course(refId), role: 'Member' }])
    assert.equal(await adapter.isAssigned(p!.lmsUserId, String(refId)), 'Tutor')
  })

  it('refuses a course role ILIAS does not know, and reports an unknown account', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    await rejectsWith(adapter.grantAccess([{ lmsUserId: '6', target: course(refId), role: 'student' }]), 'ILIAS_INVALID_MEMBER_ROLE', 'needs-admin')
    await rejectsWith(adapter.grantAccess([{ lmsUserId: '99999', target: course(refId), role: 'Member' }]), 'ILIAS_USER_NOT_FOUND', 'permanent')
    await rejectsWith(adapter.grantAccess([{ lmsUserId: '6', target: course(99999), role: 'Member' }]), 'ILIAS_OBJECT_NOT_FOUND')
  })

  it('keeps the last course administrator (ILIAS refuses to remove them)', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    sim.addMember(refId, 6, 'Admin')
    await rejectsWith(adapter.revokeAccess([{ lmsUserId: '6', target: course(refId) }]), 'ILIAS_LAST_COURSE_ADMIN', 'permanent')
  })
})

describe('ILIAS adapter: results', () => {
  it('reports a passed course through learningProgressChanges, and everyone through progressInfo', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    const [erika, max] = await adapter.createAccounts([person(1), person(2, { firstName: 'Max' })])
    await adapter.grantAccess([erika!, max!].map((p) => ({ lmsUserId: p.lmsUserId, target: course(refId), role: 'Member' })))
    const before = new Date(Date.now() - 2000)
    sim.setLearningProgress(Number(erika!.lmsUserId), refId, 'passed', new Date(Date.now() - 1000))
    sim.setLearningProgress(Number(max!.lmsUserId), refId, 'in_progress', new Date(before.getTime() - 60_000)) // before the window

    const changes = await adapter.learningProgressChanges(before)
    assert.equal(changes.length, 1)
    assert.equal(changes[0]?.lmsUserId, erika!.lmsUserId)
    assert.equal(changes[0]?.courseRefId, String(refId))
    assert.equal(changes[0]?.status, 'passed')
    assert.ok(changes[0]?.changedAt instanceof Date && changes[0].changedAt.getTime() <= Date.now())

    const info = await adapter.progressInfo(String(refId))
    assert.deepEqual(info.map((r) => [r.lmsUserId, r.status]).sort(), [[erika!.lmsUserId, 'passed'], [max!.lmsUserId, 'in_progress']].sort())
  })

  it('reports failed and not attempted, and refuses progress of a non-course', async (t) => {
    const { sim, adapter } = await ilias(t)
    const refId = sim.addCourse({ title: 'Erste Hilfe' })
    const [a, b] = await adapter.createAccounts([person(1), person(2)])
    sim.addMember(refId, Number(a!.lmsUserId))
    sim.addMember(refId, Number(b!.lmsUserId))
    sim.setLearningProgress(Number(a!.lmsUserId), refId, 'failed')
    const info = await adapter.progressInfo(String(refId))
    assert.deepEqual(info.map((r) => r.status), ['failed', 'not_attempted'])
    await rejectsWith(adapter.progressInfo('99999'), 'ILIAS_OBJECT_NOT_FOUND')
    await rejectsWith(adapter.progressInfo(String(sim.addCategory({ title: 'Trainings' }))), 'ILIAS_LEARNING_PROGRESS_UNAVAILABLE')
  })
})

describe('ILIAS adapter: connection failures', () => {
  it('needs the administrator when the password is wrong', async (t) => {
    const { adapter } = await ilias(t, { password: 'wrong' })
    const error = await rejectsWith(adapter.findByLoginNames(['tms.p1']), 'ILIAS_LOGIN_FAILED', 'needs-admin')
    assert.equal(error.scope, 'connection')
    assert.equal(error.details['faultstring'], 'err_wrong_login')
  })

  it('needs the administrator when SOAP administration is off', async (t) => {
    const { sim, adapter } = await ilias(t)
    sim.setSoapEnabled(false)
    await rejectsWith(adapter.findByExternalKeys(['1']), 'ILIAS_SOAP_DISABLED', 'needs-admin')
  })

  it('logs in again by itself when ILIAS drops the session', async (t) => {
    const { sim, adapter } = await ilias(t)
    await adapter.findByLoginNames(['soapadmin'])
    assert.equal(sim.calls['login'], 1)
    sim.expireSessions()
    const found = await adapter.findByLoginNames(['soapadmin'])
    assert.equal(found.get('soapadmin')?.lmsUserId, '6')
    assert.equal(sim.calls['login'], 2)
  })

  it('is retryable when ILIAS is down, and works again when it is back', async (t) => {
    const { sim, adapter } = await ilias(t)
    await sim.setDown(true)
    const error = await rejectsWith(adapter.findByLoginNames(['soapadmin']), 'LMS_UNREACHABLE', 'retryable')
    assert.equal(error.scope, 'connection')
    await sim.setDown(false)
    assert.equal((await adapter.findByLoginNames(['soapadmin'])).size, 1)
  })

  it('is retryable on an HTTP 5xx without a SOAP fault, and on a timeout', async (t) => {
    const { sim, adapter } = await ilias(t, { timeoutMs: 200 })
    sim.failNext(1, 503)
    await rejectsWith(adapter.findByLoginNames(['soapadmin']), 'ILIAS_HTTP_ERROR', 'retryable')
    sim.latencyMs = 500
    await rejectsWith(adapter.findByLoginNames(['soapadmin']), 'LMS_TIMEOUT', 'retryable')
  })

  it('needs the administrator when the URL is not the SOAP script', async (t) => {
    const { url } = await ilias(t)
    const adapter = new IliasAdapter({ baseUrl: url.replace('/webservice/soap/server.php', '/index.php'), ...admin })
    await rejectsWith(adapter.findByLoginNames(['soapadmin']), 'ILIAS_NOT_SOAP_ENDPOINT', 'needs-admin')
  })

  it('records every call for the step log, without password or session id', async (t) => {
    const { adapter, calls } = await ilias(t)
    await adapter.createAccounts([person(1), person(2)])
    assert.deepEqual(calls.map((c) => [c.function, c.outcome, c.items]), [['login', 'ok', 0], ['importUsers', 'ok', 2]])
    const logged = JSON.stringify(calls)
    assert.ok(!logged.includes(admin.password) && !logged.includes('Initial-Password1!') && !logged.includes('::'))
  })

  it('derives the login page for the credentials mail from the SOAP address', async (t) => {
    const { adapter, url } = await ilias(t)
    assert.equal(adapter.loginUrl, url.replace('/webservice/soap/server.php', '/login.php?client_id=default'))
    assert.equal(new IliasAdapter({ baseUrl: 'https://lms.example.org/soap/server.php', ...admin }).loginUrl, 'https://lms.example.org/login.php?client_id=default')
  })
})
