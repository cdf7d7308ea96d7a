// Erasure and retention: a person's personal data leaves every table (dumped and searched), anonymous
// counts stay and the LMS account is left as it is; a registration without access can be removed; the
// maintenance job enforces each tenant's retention settings.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { eventually, registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { runMaintenance } from '../../src/jobs/maintenance.ts'
import { addMail } from '../../src/store/mails.ts'

type Sim = ReturnType<typeof createMoodleSimulator>

/** Every row of every table coursebridge and its queue keep, as text, prefixed with its table. */
async function dumpAllTables(t: TestApp): Promise<string[]> {
  const db = t.app.ctx.db
  const { rows: tables } = await db.query<{ s: string; n: string }>(
    `SELECT table_schema AS s, table_name AS n FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       AND ($1::text IS NULL OR table_schema IN ($1, $1 || '_jobs'))`,
    [testDb === 'postgres' ? t.schema : null])
  assert.ok(tables.length >= 15, `only ${tables.length} tables found`)
  const lines: string[] = []
  for (const { s, n } of tables) {
    const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${s}"."${n}" t`)
    for (const r of rows) lines.push(`${s}.${n}: ${r.row}`)
  }
  return lines
}

describe(`erasure and retention (${testDb})`, () => {
  let t: TestApp
  let sim: Sim
  let simUrl: string
  let connectionId: string

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    simUrl = await sim.start(0)
    t = await startTestApp()
    const c = await t.api('POST', '/api/v1/connections', { name: 'moodle', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.token } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    connectionId = c.body.id
    for (const [code, id] of [['ER1', '2'], ['ER2', '3']]) {
      const d = await t.api('POST', '/api/v1/course-definitions', {
        code, name: `Course ${code}`, connectionId, target: { type: 'moodle-course', by: 'id', value: id },
      })
      assert.equal(d.status, 201)
    }
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  it('erases a person: none of their name or e-mail in any table, counts kept, the LMS account left as it is', async () => {
    const zebulon = {
      personId: 'P-ERASE-1', firstName: 'Zebulon', namePrefix: 'van', lastName: 'Quaxworth', email1: 'zebulon.quaxworth@example.org',
      phoneMobile: '+31 6 9876 5432',
    }
    const keeper = { personId: 'P-KEEP-1', firstName: 'Kerstin', lastName: 'Keepsake', email1: 'kerstin.keepsake@example.org' }
    // Through an Idempotency-Key, so that a stored answer holds the person too.
    const a = await t.api('POST', '/api/v1/registrations', { person: zebulon, courseCode: 'ER1' }, { 'idempotency-key': 'erase-test-1' })
    assert.equal(a.status, 202, JSON.stringify(a.body))
    const b = await t.api('POST', '/api/v1/registrations', { personId: zebulon.personId, courseCode: 'ER2' })
    const k = await t.api('POST', '/api/v1/registrations', { person: keeper, courseCode: 'ER1' })
    for (const id of [a.body.id, b.body.id, k.body.id]) await registrationReaches(t, id, 'active', 60_000)
    await eventually(async () => (await t.api('GET', `/api/v1/mails?registrationId=${a.body.id}`)).body.items[0]?.status === 'outbox', 30_000, 'mail kept')
    // A notification that names the person.
    await t.app.ctx.db.query(
      `INSERT INTO notifications (id, tenant_id, code, kind, message, registration_id, person_ref, dedupe_key)
       SELECT gen_random_uuid()::text, 'default', 'MOODLE_EMAIL_TAKEN', 'permanent',
              'Another Moodle account already has zebulon.quaxworth@example.org (Zebulon van Quaxworth)', r.id, r.person_ref, 'test:' || r.id
       FROM registrations r WHERE r.id = $1`, [a.body.id])
    const needles = [/zebulon/i, /quaxworth/i, /9876 5432/]
    const before = await dumpAllTables(t)
    assert.ok(before.some((l) => /quaxworth/i.test(l)), 'the dump finds the person before the erasure')
    const registrationsBefore = (await t.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations')).rows[0]!.n

    const erased = await t.api('DELETE', `/api/v1/persons/${zebulon.personId}`)
    assert.equal(erased.status, 200, JSON.stringify(erased.body))
    assert.equal(erased.body.registrations, 2)
    assert.equal(erased.body.lmsAccount, 'left as it is')

    const found = (await dumpAllTables(t)).filter((l) => needles.some((n) => n.test(l)))
    assert.deepEqual(found, [], 'personal data of the erased person left in these rows')
    assert.ok((await dumpAllTables(t)).some((l) => /keepsake/i.test(l)), 'the other person is untouched')
    const registrationsAfter = (await t.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations')).rows[0]!.n
    assert.equal(registrationsAfter, registrationsBefore, 'anonymous counts stay')
    assert.equal((await t.api('GET', `/api/v1/persons/${zebulon.personId}`)).status, 404)
    assert.equal((await t.api('DELETE', `/api/v1/persons/${zebulon.personId}`)).status, 404, 'erased once')
    assert.equal(sim.findUsers((u) => u.idnumber === zebulon.personId).length, 1, 'the LMS account is left as it is')
    // A retry of the erased person's registration calls nothing.
    const calls = sim.calls.length
    await t.api('POST', `/api/v1/registrations/${a.body.id}/retry`)
    await new Promise((r) => setTimeout(r, 2_000))
    assert.equal(sim.calls.length, calls)
  })

  it('removes a registration only when it holds no access in the LMS', async () => {
    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId: 'P-RM-1', firstName: 'Remy', lastName: 'Mover', email1: 'remy.mover@example.org' }, courseCode: 'ER1',
    })
    await registrationReaches(t, res.body.id, 'active', 60_000)
    const refused = await t.api('DELETE', `/api/v1/registrations/${res.body.id}`)
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error.code, 'REGISTRATION_HAS_ACCESS')
    await t.api('POST', `/api/v1/registrations/${res.body.id}/cancel`)
    await registrationReaches(t, res.body.id, 'cancelled', 60_000)
    const removed = await t.api('DELETE', `/api/v1/registrations/${res.body.id}`)
    assert.equal(removed.status, 200, JSON.stringify(removed.body))
    assert.equal((await t.api('GET', `/api/v1/registrations/${res.body.id}`)).status, 404)
    const { rows } = await t.app.ctx.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM registration_steps WHERE registration_id = $1) + (SELECT count(*) FROM mails WHERE registration_id = $1)
         + (SELECT count(*) FROM notifications WHERE registration_id = $1) AS n`, [res.body.id])
    assert.equal(Number(rows[0]!.n), 0)
  })

  it('keeps step logs, sent mails, delivered results and idempotency records only as long as the settings say', async () => {
    const settings = (await t.api('GET', '/api/v1/settings')).body
    assert.deepEqual(settings.retention, { stepLogDays: 365, sentMailDays: 90, deliveredResultDays: 365, idempotencyRecordDays: 1 })
    const saved = await t.api('PUT', '/api/v1/settings', { ...settings, retention: { stepLogDays: 2, sentMailDays: 3, deliveredResultDays: 4, idempotencyRecordDays: 2 } })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
    const kept = await t.api('PUT', '/api/v1/settings', { institute: settings.institute })
    assert.equal(kept.body.retention.stepLogDays, 2, 'a PUT without retention keeps it')

    const res = await t.api('POST', '/api/v1/registrations', {
      person: { personId: 'P-RET-1', firstName: 'Rita', lastName: 'Tention', email1: 'rita.tention@example.org' }, courseCode: 'ER1',
    }, { 'idempotency-key': 'retention-1' })
    await registrationReaches(t, res.body.id, 'active', 60_000)
    await eventually(async () => (await t.api('GET', `/api/v1/mails?registrationId=${res.body.id}`)).body.items[0]?.status === 'outbox', 30_000, 'mail')
    const db = t.app.ctx.db
    // Age the records: the step log 3 days (over 2), the mail 2 days (under 3), the idempotency record 3 days (over 2).
    await db.query(`UPDATE registration_steps SET at = now() - interval '3 days' WHERE registration_id = $1`, [res.body.id])
    await db.query(`UPDATE mails SET sent_at = now() - interval '2 days' WHERE registration_id = $1`, [res.body.id])
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '3 days' WHERE key = 'retention-1'`)
    await runMaintenance(t.app.ctx)
    const count = async (sql: string) => Number((await db.query<{ n: number }>(sql, [res.body.id])).rows[0]!.n)
    assert.equal(await count('SELECT count(*) AS n FROM registration_steps WHERE registration_id = $1'), 0, 'old steps deleted')
    assert.equal(await count(`SELECT count(*) AS n FROM mails WHERE registration_id = $1 AND to_address <> ''`), 1, 'the 2-day-old mail stays whole')
    assert.equal(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE key = 'retention-1' AND $1::text IS NOT NULL`), 0)

    await db.query(`UPDATE mails SET sent_at = now() - interval '4 days' WHERE registration_id = $1`, [res.body.id])
    await runMaintenance(t.app.ctx)
    const { rows: [mail] } = await db.query<{ to_address: string; subject: string | null; text: string | null; status: string }>(
      'SELECT to_address, subject, text, status FROM mails WHERE registration_id = $1', [res.body.id])
    assert.deepEqual(mail, { to_address: '', subject: null, text: null, status: 'outbox' }, 'the row stays (no second mail), emptied')

    // A mail discarded in the outbox (never sent) is emptied as long after its discarding.
    const other = await addMail(db, { tenantId: 'default', registrationId: res.body.id, purpose: 'access-ended', templateKey: 'access-ended', to: 'rita.tention@example.org', status: 'failed' })
    assert.equal((await t.api('POST', `/api/v1/mails/${other!.id}/discard`)).status, 200)
    await runMaintenance(t.app.ctx)
    assert.equal(await count(`SELECT count(*) AS n FROM mails WHERE registration_id = $1 AND status = 'discarded' AND to_address <> ''`), 1, 'a fresh discard stays whole')
    await db.query(`UPDATE mails SET discarded_at = now() - interval '4 days' WHERE id = $1`, [other!.id])
    await runMaintenance(t.app.ctx)
    assert.equal(await count(`SELECT count(*) AS n FROM mails WHERE registration_id = $1 AND status = 'discarded' AND to_address = ''`), 1, 'an old discard emptied')
  })
})
