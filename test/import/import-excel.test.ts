// An import file as Dutch or German Excel saves "CSV UTF-8": ';' between fields, a byte order mark, CRLF.
// The dry run refuses exactly the rows the service would not take to the LMS (an e-mail address Moodle
// refuses, no first name, a name Moodle reads as HTML, one personId with two sets of data, a registration
// id of another registration), in plain words naming the column; the real run refuses the same rows and
// every row the dry run accepted reaches `active` in the sandbox.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { runImport } from '../../src/import/run-import.ts'

const rows = [
  'personId;firstName;namePrefix;lastName;email1;courseCode;registrationId',
  'X1;Anouk;van der;Berg;anouk@example.nl;DEMO-101;R-X1', // 2: good
  'X2;Jürgen;;Müller;not-an-email;DEMO-101;', // 3: Moodle refuses the address
  'X3;;;Jansen;jansen@example.nl;DEMO-101;', // 4: no first name
  'X4;<script>alert(1)</script>;;Evil;evil@example.nl;DEMO-101;', // 5: a tag in the name
  'X5;Sanne;de;Vries;sanne@example.nl;DEMO-101;R-X5', // 6: good
  'X6;Pieter;;Bakker;pieter@example.nl;DEMO-101;', // 7: X6 twice, with two first names
  'X6;Piet;;Bakker;pieter@example.nl;DEMO-101;', // 8
  'X7;Eva;;Smit;eva@example.nl;DEMO-101;R-TAKEN', // 9: the registration id of X0's registration
  'X8;Daan;;Visser;daan@example.nl;DEMO-101;', // 10: good
  '"X9";"Lotte; Marie";;Kok;lotte@example.nl;DEMO-101;', // 11: good, a ';' inside quotes
]
const refusedLines = [3, 4, 5, 7, 8, 9]
const goodPersons = ['X1', 'X5', 'X8', 'X9']

describe(`import of an Excel file (${testDb})`, () => {
  let t: TestApp
  let dir: string
  before(async () => {
    t = await startTestApp()
    await ensureSandbox(t.app.ctx)
    const taken = await t.api('POST', '/api/v1/registrations', {
      externalId: 'R-TAKEN', courseCode: 'DEMO-101',
      person: { personId: 'X0', firstName: 'Ina', lastName: 'Eerst', email1: 'ina@example.nl' },
    })
    assert.equal(taken.status, 202, JSON.stringify(taken.body))
    dir = await mkdtemp(join(tmpdir(), 'cb-import-excel-'))
  })
  after(async () => {
    await t?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const reportOf = async (path: string) => {
    const records = parse(await readFile(path, 'utf8'), { from_line: 2 }) as string[][]
    return records.map(([line, column, message]) => ({ line: Number(line), column: column!, message: message! }))
  }

  it('dry run and real run refuse exactly the bad rows, in plain words; the others reach active', async () => {
    const path = join(dir, 'deelnemers.csv')
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${rows.join('\r\n')}\r\n`)]))

    const dry = await runImport(t.app.ctx, { file: path, dryRun: true, reportPath: join(dir, 'dry.csv') })
    assert.deepEqual([dry.totalRows, dry.applied, dry.refused], [10, 4, 6])
    const dryReport = await reportOf(dry.reportPath)
    assert.deepEqual([...new Set(dryReport.map((r) => r.line))], refusedLines)
    const byLine = (line: number) => dryReport.filter((r) => r.line === line)
    assert.deepEqual(byLine(3).map((r) => r.column), ['email1'])
    assert.match(byLine(3)[0]!.message, /"not-an-email" \(email1\) is not a valid address/)
    assert.deepEqual(byLine(4).map((r) => r.column), ['firstName'])
    assert.match(byLine(4)[0]!.message, /First name is empty/)
    assert.deepEqual(byLine(5).map((r) => r.column), ['firstName'])
    assert.match(byLine(5)[0]!.message, /reads as an HTML tag/)
    for (const line of [7, 8]) {
      assert.deepEqual(byLine(line).map((r) => r.column), ['firstName'])
      assert.match(byLine(line)[0]!.message, /personId X6 is on lines 7 and 8 with different person data \(firstName differs\)/)
    }
    assert.deepEqual(byLine(9).map((r) => r.column), ['registrationId'])
    assert.match(byLine(9)[0]!.message, /registrationId already belongs to a registration of another person or course/)
    for (const r of dryReport) assert.doesNotMatch(r.message, /Too small|expected string|Invalid input/)
    assert.equal(new Set(dryReport.map((r) => `${r.line}/${r.column}`)).size, dryReport.length, 'each problem once')
    assert.equal((await t.api('GET', '/api/v1/registrations')).body.items.length, 1, 'a dry run writes nothing')

    const real = await runImport(t.app.ctx, { file: path, reportPath: join(dir, 'real.csv') })
    assert.deepEqual([real.applied, real.refused, real.complete], [4, 6, true])
    assert.deepEqual(await reportOf(real.reportPath), dryReport, 'the real run refuses what the dry run refused')
    assert.equal((await t.api('GET', '/api/v1/persons/X9')).body.firstName, 'Lotte; Marie')
    assert.equal((await t.api('GET', '/api/v1/persons/X1')).body.namePrefix, 'van der')

    for (const personId of goodPersons) {
      await eventually(async () => {
        const [r] = (await t.api('GET', `/api/v1/registrations?personId=${personId}`)).body.items
        return r?.observed.status === 'active'
      }, 30_000, `registration of ${personId} active`)
    }
    for (const personId of ['X2', 'X3', 'X4', 'X6', 'X7']) {
      assert.equal((await t.api('GET', `/api/v1/registrations?personId=${personId}`)).body.items.length, 0, `${personId} not registered`)
    }
  })
})
