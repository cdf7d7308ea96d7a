// coursebridge import: persons and registrations from CSV, validated like the API, applied through the
// same services, refused rows reported by line and column, resumable after an interruption.
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { runImport, type ImportOptions } from '../../src/import/run-import.ts'
import { ImportFileError } from '../../src/import/import-file-error.ts'

const header = 'personId,externId,firstName,namePrefix,lastName,email1,birthDate,courseCode,registrationId,action'

describe(`bulk import (${testDb})`, () => {
  let t: TestApp
  let dir: string
  let n = 0
  before(async () => {
    t = await startTestApp({ runWorkers: false })
    await ensureSandbox(t.app.ctx)
    const connectionId = (await t.api('GET', '/api/v1/connections')).body.items[0].id
    const course = await t.api('POST', '/api/v1/course-definitions', {
      code: 'DEMO-102', name: 'Second course', connectionId, target: { type: 'moodle-course', by: 'id', value: '3' },
    })
    assert.equal(course.status, 201, JSON.stringify(course.body))
    dir = await mkdtemp(join(tmpdir(), 'cb-import-'))
  })
  after(async () => {
    await t?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    // Each test starts from an empty tenant (registrations first: they refer to persons).
    for (const table of ['registrations', 'persons', 'import_checkpoints']) await t.app.ctx.db.query(`DELETE FROM ${table}`)
  })

  const file = async (content: string | Buffer) => {
    const path = join(dir, `import-${++n}.csv`)
    await writeFile(path, content)
    return path
  }
  const run = (path: string, o: Partial<ImportOptions> = {}) => runImport(t.app.ctx, { file: path, ...o })
  const count = async (table: string) =>
    Number((await t.app.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)
  const report = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n')

  it('applies good rows like the API: persons upserted, registrations created with the TMS registration id', async () => {
    const path = await file([
      header,
      '1001,,Zoë,van der,Berg,zoe@example.com,1990-04-01,DEMO-101,R-1,',
      '1001,,Zoë,van der,Berg,zoe@example.com,1990-04-01,DEMO-102,R-2,register',
      '"1002",E-7,"Jan, Piet",,"O""Brien",jan@example.com,,DEMO-101,,',
    ].join('\n'))
    const s = await run(path)
    assert.deepEqual([s.totalRows, s.applied, s.refused, s.complete], [3, 3, 0, true])
    const zoe = (await t.api('GET', '/api/v1/persons/1001')).body
    assert.equal(zoe.namePrefix, 'van der')
    assert.equal(zoe.birthDate, '1990-04-01')
    assert.equal(zoe.externId, null)
    const jan = (await t.api('GET', '/api/v1/persons/1002')).body
    assert.deepEqual([jan.firstName, jan.lastName, jan.externId], ['Jan, Piet', 'O"Brien', 'E-7'])
    const regs = (await t.api('GET', '/api/v1/registrations')).body.items
    assert.equal(regs.length, 3)
    assert.deepEqual(regs.map((r: { externalId: string | null }) => r.externalId).sort(), ['R-1', 'R-2', null])
    assert.deepEqual(await report(s.reportPath), ['line,column,message'])

    // The same file again starts over (it was finished) and changes nothing: registrations are idempotent.
    const again = await run(path)
    assert.deepEqual([again.applied, again.refused], [3, 0])
    assert.equal(await count('registrations'), 3)
    assert.equal(await count('persons'), 2)
  })

  it('reports refused rows with line, column and message, applies the others and loses none', async () => {
    const path = await file([
      header,
      '2001,,Ann,,Smith,ann@example.com,,DEMO-101,,', // line 2: good
      '2002,,Bob,,,bob@example.com,,DEMO-101,,', // 3: no lastName
      '2003,,Cy,,Jones,cy@example.com,1990-02-30,DEMO-101,,', // 4: no such date
      '',
      '2004,,Di,,Lee,di@example.com,,NOPE-1,,', // 6: unknown course (refused by the service)
      '2005,,Ed,,"Multi', // 7-8: a quoted name over two lines, good
      'Line",ed@example.com,,DEMO-101,,',
      '2006,,Flo,,Ng,flo@example.com,,DEMO-101,,,extra', // 9: one field too many
      '2007,,Gus,,Ray,gus@example.com,,DEMO-101,,enrol', // 10: unknown action
      `2008,,${'x'.repeat(101)},,Roe,,,DEMO-101,,`, // 11: first name too long
      ',,,,,,,,,', // 12: blank record, skipped
      '2009,,Hal,,Poe,hal@example.com,,DEMO-101,R-9,', // 13: good
    ].join('\r\n'))
    const s = await run(path)
    assert.equal(s.totalRows, 9, 'the blank record is no row')
    assert.deepEqual([s.applied, s.refused, s.complete], [3, 6, true])
    assert.equal(s.applied + s.refused, s.totalRows, 'every row is either applied or reported')
    const lines = await report(s.reportPath)
    assert.equal(lines[0], 'line,column,message')
    const byLine = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]))
    assert.deepEqual([...byLine.keys()], [3, 4, 6, 9, 10, 11])
    assert.match(byLine.get(3)!, /^3,lastName,lastName is empty$/)
    assert.match(byLine.get(4)!, /^4,birthDate,birthDate: not a real calendar date/)
    assert.match(byLine.get(6)!, /^6,courseCode,"courseCode: no course definition with code ""NOPE-1"""$/)
    assert.match(byLine.get(9)!, /^9,\(row\),"the row has 11 fields, the header 10: a separator too many or too few"$/)
    assert.match(byLine.get(10)!, /^10,action,action must be register or cancel/)
    assert.match(byLine.get(11)!, /^11,firstName,firstName is longer than the 100 characters it may have$/)
    assert.equal(lines.length, 1 + 6, 'one report line per problem')
    const stored = (await t.api('GET', '/api/v1/persons')).body.items.map((p: { personId: string; lastName: string }) => p.personId)
    assert.deepEqual(stored, ['2001', '2005', '2009'])
    assert.equal((await t.api('GET', '/api/v1/persons/2005')).body.lastName, 'Multi\r\nLine')
  })

  it('cancels by registration id and by person and course', async () => {
    const register = await file([
      header,
      '3001,,Ann,,Smith,ann@example.com,,DEMO-101,R-31,',
      '3001,,Ann,,Smith,ann@example.com,,DEMO-102,,',
    ].join('\n'))
    assert.equal((await run(register)).applied, 2)
    const cancel = await file([
      'personId,courseCode,registrationId,action',
      ',,R-31,cancel',
      '3001,DEMO-102,,CANCEL',
      '3001,,,cancel', // neither the registration id nor the course
      ',,R-404,cancel',
    ].join('\n'))
    const s = await run(cancel)
    assert.deepEqual([s.applied, s.refused], [2, 2])
    const regs = (await t.api('GET', '/api/v1/registrations?personId=3001')).body.items
    assert.deepEqual(regs.map((r: { desired: string }) => r.desired), ['cancelled', 'cancelled'])
    const lines = await report(s.reportPath)
    assert.match(lines[1]!, /^4,registrationId,"registrationId: a cancel row needs the registrationId, or the personId and the courseCode"$/)
    assert.match(lines[2]!, /^5,registrationId,registrationId R-404: no such registration to cancel/)
  })

  it('continues after an interruption: every row applied exactly once, refusals of both runs in the report', async () => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      i === 3 || i === 15 ? `40${i},,P,,,,,DEMO-101,R-4${i},` : `40${i},,P,,Person ${i},p${i}@example.com,,DEMO-101,R-4${i},`)
    const path = await file([header, ...rows].join('\n'))
    const first = await run(path, { limit: 7 })
    assert.deepEqual([first.complete, first.applied, first.refused], [false, 6, 1])
    assert.equal(await count('registrations'), 6)

    const second = await run(path, { resume: true })
    assert.equal(second.resumedAfterLine, 8, 'after the seventh row (line 8)')
    assert.deepEqual([second.complete, second.applied, second.refused], [true, 12, 1], 'only the rows not done before')
    assert.deepEqual([second.appliedTotal, second.refusedTotal], [18, 2])
    assert.equal(await count('registrations'), 18)
    const lines = await report(second.reportPath)
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['5', '17'])

    const third = await run(path, { resume: true })
    assert.deepEqual([third.applied, third.refused, third.complete, third.refusedTotal], [0, 0, true, 2], 'nothing left to resume')
  })

  it('continues an interrupted file when it is simply run again', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `50${i},,P,,Person,p${i}@example.com,,DEMO-101,,`)
    const path = await file([header, ...rows].join('\n'))
    const abort = new AbortController()
    abort.abort()
    assert.equal((await run(path, { signal: abort.signal })).applied, 0, 'an abort stops before the next row')
    await run(path, { limit: 4 })
    const rest = await run(path)
    assert.equal(rest.resumedAfterLine, 5)
    assert.equal(rest.applied, 6)
    assert.equal(await count('registrations'), 10)
  })

  it('reads a UTF-8 file with a byte order mark', async () => {
    const path = await file(Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${header}\n6001,,Zoë,,Ærø,zoe@example.com,,DEMO-101,,\n`),
    ]))
    const s = await run(path)
    assert.deepEqual([s.applied, s.refused], [1, 0])
    assert.equal((await t.api('GET', '/api/v1/persons/6001')).body.lastName, 'Ærø')
  })

  it('refuses a file in another encoding, naming the line, before applying any row', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${header}\n7001,,Ann,,Smith,ann@example.com,,DEMO-101,,\n7002,,`),
      Buffer.from([0x4a, 0xfc, 0x72, 0x67]), // "Jürg" in ISO-8859-1
      Buffer.from(',,Meier,j@example.com,,DEMO-101,,\n'),
    ])
    await assert.rejects(run(await file(latin1)), (err: Error) =>
      err instanceof ImportFileError && /line 3: not valid UTF-8/.test(err.message))
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\n`, 'utf16le')])
    await assert.rejects(run(await file(utf16)), /UTF-16; save it as UTF-8/)
    assert.equal(await count('persons'), 0, 'a file error applies nothing')
  })

  it('refuses a file with broken quoting or an unknown column before applying any row', async () => {
    const unclosed = [header, '8001,,Ann,,Smith,a@example.com,,DEMO-101,,', '8002,,"Bo,,Lee,b@example.com,,DEMO-101,,'].join('\n')
    await assert.rejects(run(await file(unclosed)), /line 3: the CSV cannot be read: a quoted field is never closed/)
    await assert.rejects(run(await file('personId,lastName,shoeSize,courseCode\n1,A,44,DEMO-101\n')), /unknown column "shoeSize"/)
    await assert.rejects(run(await file('lastName,courseCode\n')), /no personId column/)
    await assert.rejects(run(await file('')), /is empty/)
    assert.equal(await count('persons'), 0)
  })

  it('checks without writing in a dry run', async () => {
    const path = await file([header, '9001,,Ann,,Smith,a@example.com,,DEMO-101,,', '9002,,Bo,,Lee,b@example.com,,NOPE,,'].join('\n'))
    const s = await run(path, { dryRun: true })
    assert.deepEqual([s.applied, s.refused, s.dryRun], [1, 1, true])
    assert.equal(await count('persons'), 0)
    assert.equal(await count('import_checkpoints'), 0)
    assert.match((await report(s.reportPath))[1]!, /^3,courseCode,/)
  })

  it('refers to persons stored before when the file has no person columns', async () => {
    await t.api('POST', '/api/v1/persons', { personId: '9101', firstName: 'Kim', lastName: 'Known', email1: 'k@example.com' })
    const path = await file('personId,courseCode\n9101,DEMO-101\n9102,DEMO-101\n')
    const s = await run(path)
    assert.deepEqual([s.applied, s.refused], [1, 1])
    assert.match((await report(s.reportPath))[1]!, /^3,personId,/)
  })

  it('finishes a 5 000-row file', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${10000 + i},,First,,Last ${i},p${i}@example.com,,${i % 2 ? 'DEMO-101' : 'DEMO-102'},B-${i},`)
    const path = await file([header, ...rows].join('\n'))
    const s = await run(path, { reportPath: join(dir, 'big-report.csv') })
    assert.deepEqual([s.totalRows, s.applied, s.refused, s.complete], [5000, 5000, 0, true])
    assert.equal(await count('registrations'), 5000)
    assert.equal(s.reportPath, join(dir, 'big-report.csv'))
  })
})
