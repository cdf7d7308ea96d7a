// ILIAS makes one SOAP request per person for lookups and course membership (getObjIdByImportId, lookupUser,
// assignCourseMember): each such request goes into the step log of the registration it served only, so a batch
// of n persons writes n of them, not n² (before, every request was in the log of every registration of its
// batch: ~300 rows a registration in a batch of 100). A request that carries many persons (an importUsers chunk,
// a getUserXML of the persons found) stays in the log of each registration it carried. The LMS call log, built
// from the step logs, names for each request the registration it served.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { activeInCourse, eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

const soap = { client: 'tms', adminUser: 'soapadmin', adminPassword: 'Soap-Secret-1' }
const size = 40

describe(`ILIAS step logs: each per-person request in its own registration's log (${testDb})`, () => {
  let t: TestApp
  let ilias: IliasSimulator
  let connectionId: string

  before(async () => {
    ilias = createIliasSimulator(soap)
    const url = await ilias.start(0)
    // One worker, batches of 50: the 40 registrations posted before the workers start go through as one batch.
    t = await startTestApp({ runWorkers: false, reconcileBatchSize: 50, workerConcurrency: 1, lmsTimeoutMs: 10_000 })
    const c = await t.api('POST', '/api/v1/connections', {
      name: 'ilias', type: 'ilias', baseUrl: url, credentials: { client: soap.client, username: soap.adminUser, password: soap.adminPassword },
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    connectionId = c.body.id
    for (const code of ['IL-A', 'IL-B']) {
      const refId = ilias.addCourse({ title: `Step logs ${code}` })
      const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId, target: { type: 'ilias-course', refId: String(refId) } })
      assert.equal(d.status, 201, JSON.stringify(d.body))
    }
  })
  after(async () => {
    await t?.stop()
    await ilias?.stop()
  })

  // Persons 0–37 have names of their own; 38 and 39 share an e-mail address, so both want the same login name
  // (the default strategy takes the address).
  const person = (k: number) => ({
    personId: `SL${k}`, firstName: k >= 38 ? 'Jan' : `Ann${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}`,
    lastName: k >= 38 ? 'Jansen' : 'Steps', email1: k >= 38 ? 'jan.jansen@example.com' : `sl${k}@example.com`, gender: 'f',
  })
  const post = async (courseCode: string) => {
    const res = await t.api('POST', '/api/v1/registrations/batch', {
      registrations: Array.from({ length: size }, (_, k) => ({ person: person(k), courseCode })),
    })
    assert.ok(res.status < 300, JSON.stringify(res.body).slice(0, 300))
  }
  /** Per registration of the course (by person id): its step rows, and its LMS-call rows per function. */
  const logs = async (courseCode: string) => {
    const { rows } = await t.app.ctx.db.query<{ registration_id: string; person_id: string; step: string; function: string | null; items: number | null }>(
      `SELECT s.registration_id, p.person_id, s.step, s.function, s.items FROM registration_steps s
       JOIN registrations r ON r.id = s.registration_id JOIN persons p ON p.id = r.person_ref
       JOIN course_definitions d ON d.id = r.course_definition_id WHERE d.code = $1`, [courseCode])
    const by = new Map<string, { registrationId: string; rows: number; calls: Record<string, number>; items: Record<string, number[]> }>()
    for (const r of rows) {
      const entry = by.get(r.person_id) ?? { registrationId: r.registration_id, rows: 0, calls: {}, items: {} }
      by.set(r.person_id, entry)
      entry.rows++
      if (r.step !== 'lms-call') continue
      entry.calls[r.function!] = (entry.calls[r.function!] ?? 0) + 1
      ;(entry.items[r.function!] ??= []).push(r.items!)
    }
    return { total: rows.length, by }
  }
  /** The connector's own count of its SOAP requests, per function (its metrics counter). */
  const requests = async (): Promise<Record<string, number>> => {
    const metric = t.app.ctx.metrics.registry.getSingleMetric('coursebridge_lms_http_requests_total')
    const by: Record<string, number> = {}
    for (const v of (await metric?.get())?.values ?? []) by[String(v.labels.function)] = (by[String(v.labels.function)] ?? 0) + v.value
    return by
  }
  const sum = (m: Map<string, { calls: Record<string, number> }>, fn: string) => [...m.values()].reduce((n, e) => n + (e.calls[fn] ?? 0), 0)

  it('logs each lookup and membership request of a batch of 40 new persons on its own registration only', async () => {
    const before = await requests()
    await post('IL-A')
    await t.app.startWorkers()
    await eventually(async () => (await activeInCourse(t, 'IL-A')) === size, 60_000, `${size} active in ILIAS`)
    const made = await requests()
    const { total, by } = await logs('IL-A')
    assert.equal(by.size, size)

    for (const [personId, entry] of by) {
      // One request of each per-person kind for this person, and nobody else's.
      assert.equal(entry.calls.getObjIdByImportId, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      assert.equal(entry.calls.assignCourseMember, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      if (!personId.match(/^SL3[89]$/)) assert.equal(entry.calls.lookupUser, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      // The import carries a chunk of the batch: it stays in the log of each person it carried, with its size.
      assert.ok((entry.calls.importUsers ?? 0) >= 1, `${personId}: imported`)
      assert.ok(entry.items.importUsers!.some((n) => n > 1), `${personId}: an import of several persons`)
    }
    // The namesakes asked for the same names (Jansen's plain name, then its suffixes): each such request is in both logs.
    const [a, b] = [by.get('SL38')!, by.get('SL39')!]
    assert.ok(a.calls.lookupUser! > 1, `namesakes looked up their suffixes: ${a.calls.lookupUser}`)
    assert.equal(a.calls.lookupUser, b.calls.lookupUser)

    // Every per-person request the connector made is in the step logs once (the namesakes' shared ones twice).
    const madeNow = (fn: string) => (made[fn] ?? 0) - (before[fn] ?? 0)
    assert.equal(sum(by, 'getObjIdByImportId'), madeNow('getObjIdByImportId'))
    assert.equal(sum(by, 'assignCourseMember'), madeNow('assignCourseMember'))
    assert.equal(sum(by, 'lookupUser'), madeNow('lookupUser') + a.calls.lookupUser!)
    assert.equal(madeNow('getObjIdByImportId'), size)
    // Linear in the batch: a handful of rows a registration (before, ~3 × 40 requests in each log).
    const most = Math.max(...[...by.values()].map((e) => e.rows))
    assert.ok(most <= 25, `at most ${most} step rows in one registration's log`)
    assert.ok(total <= size * 15, `${total} step rows for ${size} registrations`)
  })

  it('logs the reading of found accounts on the persons it read, and the LMS call log names each request\'s registration', async () => {
    // The same 40 persons in a second course: all found by key (getObjIdByImportId each, then getUserXML of the found).
    await post('IL-B')
    await eventually(async () => (await activeInCourse(t, 'IL-B')) === size, 60_000, `${size} active in the second course`)
    const { by } = await logs('IL-B')
    let read = 0
    for (const [personId, entry] of by) {
      assert.equal(entry.calls.getObjIdByImportId, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      assert.equal(entry.calls.assignCourseMember, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      assert.equal(entry.calls.importUsers, undefined, `${personId}: no account created`)
      assert.equal(entry.calls.lookupUser, undefined, `${personId}: no login name looked up`)
      // Read once, in a request that carried part of the batch (the limiter's parts run at once).
      assert.equal(entry.calls.getUserXML, 1, `${personId}: ${JSON.stringify(entry.calls)}`)
      read += 1 / entry.items.getUserXML![0]!
    }
    // Each getUserXML is in the logs of exactly as many registrations as it carried persons.
    assert.ok(Math.abs(read - Math.round(read)) < 1e-9 && Math.round(read) >= 1, `${read} getUserXML requests`)

    // The LMS call log: one row per request and registration it served, each naming that registration.
    const calls = await t.api('GET', '/api/v1/logs/lms-calls?q=assignCourseMember&limit=200')
    assert.equal(calls.status, 200)
    type Row = { function: string; items: number; registration: { id: string; personId: string; courseCode: string } }
    const rows = calls.body.items as Row[]
    assert.equal(calls.body.total, 2 * size)
    assert.equal(new Set(rows.map((r) => r.registration.id)).size, 2 * size, 'each membership request names its own registration')
    for (const r of rows) assert.equal(r.registration.id, (await logs(r.registration.courseCode)).by.get(r.registration.personId)!.registrationId)
    // One person's calls in the log: only that person's requests and the chunks that carried them.
    const own = (await t.api('GET', '/api/v1/logs/lms-calls?q=SL7&limit=200')).body.items as Row[]
    assert.ok(own.length > 0 && own.every((r) => r.registration.personId === 'SL7'))
    const perPerson = own.filter((r) => ['getObjIdByImportId', 'lookupUser', 'assignCourseMember'].includes(r.function))
    assert.equal(perPerson.length, 5, `SL7: ${perPerson.map((r) => r.function).join(', ')}`)
    assert.ok(perPerson.every((r) => r.items === 1))
  })
})
