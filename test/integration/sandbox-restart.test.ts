// The sandbox keeps what its simulated LMS holds in coursebridge's database: after a restart on the same
// database the accounts it created are still there (no LMS_KNOWN_ACCOUNT_NOT_FOUND), for a Moodle and an
// ILIAS sandbox; each call's change is stored before its answer leaves (so a kill -9 loses nothing the
// sandbox answered for).
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { getConnection } from '../../src/store/connections.ts'

describe(`sandbox state across a restart (${testDb})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {})
  })

  it('still knows the accounts, enrolments and courses of its Moodle and ILIAS after a restart', async () => {
    const shared = testDb === 'pglite' ? await openPgliteDatabase() : undefined
    if (shared) cleanups.push(() => shared.close())
    const schema = `cb_test_${randomBytes(5).toString('hex')}`
    const secretKey = randomBytes(32)
    const start = () => startTestApp({ databaseSchema: schema }, { db: shared, secretKey, keepDatabase: true })

    const first = await start()
    let firstStopped = false
    cleanups.push(async () => { if (!firstStopped) await first.stop() })
    await ensureSandbox(first.app.ctx)
    const moodleId = (await first.api('GET', '/api/v1/connections')).body.items[0].id
    const ilias = await first.api('POST', '/api/v1/connections', { name: 'ilias-sandbox', type: 'sandbox', environment: 'training', settings: { sandboxLms: 'ilias' } })
    assert.equal(ilias.status, 201, JSON.stringify(ilias.body))
    const iliasConnection = (await getConnection(first.app.ctx.db, first.app.ctx.box, 'default', ilias.body.id))!
    const refId = (await first.app.ctx.adapters.sandbox(iliasConnection)).ilias!.addCourse({ title: 'Kept course' })
    const course = await first.api('POST', '/api/v1/course-definitions', {
      code: 'IL-KEEP', name: 'Kept course', connectionId: ilias.body.id, target: { type: 'ilias-course', refId: String(refId) },
    })
    assert.equal(course.status, 201, JSON.stringify(course.body))

    const person = (personId: string) => ({ personId, firstName: 'Bewaar', lastName: `Me ${personId}`, email1: `${personId.toLowerCase()}@example.org`, gender: 'f' })
    const registered: Record<string, { id: string; lmsUserId: string }> = {}
    for (const [personId, courseCode] of [['SK1', 'DEMO-101'], ['SK2', 'IL-KEEP']] as const) {
      const r = await first.api('POST', '/api/v1/registrations', { person: person(personId), courseCode })
      assert.equal(r.status, 202, JSON.stringify(r.body))
      const active = await registrationReaches(first, r.body.id, 'active', 60_000)
      registered[personId] = { id: r.body.id, lmsUserId: active.observed.lmsUserId }
    }
    // Stored before the answers left: the rows are there while the first app still runs.
    const { rows } = await first.app.ctx.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM sandbox_records WHERE connection_id = $1 AND name LIKE 'users/%' AND data LIKE '%SK1%'", [moodleId])
    assert.equal(Number(rows[0]!.n), 1, 'the Moodle account is stored')
    await first.stop()
    firstStopped = true

    const second = await start()
    cleanups.push(() => second.stop())
    const moodle = (await second.app.ctx.adapters.sandbox((await getConnection(second.app.ctx.db, second.app.ctx.box, 'default', moodleId))!)).moodle!
    const account = moodle.userById(Number(registered.SK1!.lmsUserId))
    assert.equal(account?.idnumber, 'SK1', 'the Moodle account is still there')
    assert.ok(moodle.enrolments(2).some((e) => e.userId === account!.id), 'and its enrolment')
    const iliasSim = (await second.app.ctx.adapters.sandbox((await getConnection(second.app.ctx.db, second.app.ctx.box, 'default', ilias.body.id))!)).ilias!
    assert.ok(iliasSim.members(refId).some((m) => String(m.usrId) === registered.SK2!.lmsUserId), 'the ILIAS member is still there')

    // A changed person goes to the accounts coursebridge knows: found, updated, active again; no second account.
    for (const [personId, courseCode] of [['SK1', 'DEMO-101'], ['SK2', 'IL-KEEP']] as const) {
      const r = await second.api('POST', '/api/v1/registrations', { person: { ...person(personId), lastName: 'Renamed' }, courseCode })
      assert.equal(r.body.id, registered[personId]!.id)
      const active = await registrationReaches(second, r.body.id, 'active', 60_000)
      assert.equal(active.observed.lmsUserId, registered[personId]!.lmsUserId, `${personId}: the same account`)
      const notes = (await second.api('GET', `/api/v1/notifications?registrationId=${r.body.id}&state=all`)).body.items
      assert.deepEqual(notes.map((n: { code: string }) => n.code).filter((c: string) => c === 'LMS_KNOWN_ACCOUNT_NOT_FOUND'), [])
    }
    assert.equal(moodle.userById(Number(registered.SK1!.lmsUserId))?.lastname, 'Renamed')
    assert.equal(moodle.findUsers((u) => u.idnumber === 'SK1').length, 1)
  })
})
