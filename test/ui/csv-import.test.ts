// CSV import through the browser alone (the format of `coursebridge import`): a file chosen in the page,
// a dry run that lists the rows accepted and refused with their line numbers and reasons and saves nothing,
// then "apply", which imports exactly those rows; checked through the API. A file the import cannot read
// and one over the size limit are refused at the field, with what was pasted kept.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, sandboxCourse, startUiTest, type UiTestContext } from './ui-harness.ts'
import { registrationReaches } from '../helpers/test-app.ts'
import { lineRanges } from '../../src/ui/pages/import-page.ts'

const file = [
  'personId;firstName;lastName;email1;language;freeField2;courseCode;registrationId',
  'I-1;Anna;Smit;anna@example.org;nl;Team A;IMP-1;ext-1',
  'I-2;Bram;de Wit;bram@example.org;de;;IMP-1;ext-2',
  'I-3;Cor;;cor@example.org;;;IMP-1;ext-3',
  'I-4;Dirk;Maas;dirk@example.org;;;NO-SUCH;ext-4',
  'I-5;Eva;Bos;eva@example.org;en;;IMP-1;ext-5',
  '',
].join('\n')

describe('Service Center: CSV import', () => {
  let c: UiTestContext
  before(async () => {
    c = await startUiTest()
    c.page.setDefaultTimeout(30_000)
    await sandboxCourse(c.t, 'IMP-1', 'Import course')
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('names line ranges compactly', () => {
    assert.equal(lineRanges([2, 3, 4, 6, 8, 9]), '2–4, 6, 8–9')
    assert.equal(lineRanges([]), '')
  })

  it('refuses a file it cannot read at the field, keeping what was pasted', async () => {
    const { page } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
    await page.getByRole('heading', { name: 'Import persons and registrations', level: 1 }).waitFor()
    const broken = 'personId,lastName,courseCode\n1,"Smith,IMP-1\n'
    await page.getByLabel('CSV content').fill(broken)
    await page.getByRole('button', { name: 'Check (dry run)' }).click()
    const field = page.getByLabel('CSV content')
    assert.equal(await field.getAttribute('aria-invalid'), 'true')
    assert.match(await page.locator('#f-csv-error').innerText(), /line 2: the CSV cannot be read: a quoted field is never closed/)
    assert.equal((await field.inputValue()).replace(/\r\n/g, '\n'), broken)

    const big = `personId,lastName,courseCode\n${'1,Smith,IMP-1\n'.repeat(90_000)}`
    await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) })
    await page.waitForFunction(() => (document.getElementById('f-csv') as HTMLTextAreaElement).value.length > 1_000_000)
    await page.getByRole('button', { name: 'Check (dry run)' }).click()
    assert.match(await page.locator('#f-csv-error').innerText(), /up to 1 MB/)
    assert.equal((await c.t.api('GET', '/api/v1/persons?limit=10')).body.items.length, 0, 'nothing was imported')
  })

  it('shows a dry run row by row and saves nothing; "apply" imports exactly the accepted rows', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/import`)
    await page.getByLabel('CSV file').setInputFiles({ name: 'june.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
    // The page reads the chosen file asynchronously (FileReader) into the textarea.
    await page.waitForFunction(() => (document.getElementById('f-csv') as HTMLTextAreaElement).value !== '')
    assert.match(await page.getByLabel('CSV content').inputValue(), /^personId;firstName/)
    await page.getByRole('button', { name: 'Check (dry run)' }).click()
    await page.getByRole('heading', { name: 'Dry run of june.csv' }).waitFor()
    assert.match(await page.locator('[data-import=summary]').innerText(), /^3 rows would be imported, 2 refused, of 5\./)
    assert.match(await page.locator('[data-import=accepted]').innerText(), /2–3, 6$/)
    const refused = page.locator('table[data-import=refused] tbody tr')
    assert.equal(await refused.count(), 2)
    assert.match(await refused.nth(0).innerText(), /^4\s+lastName\s+lastName is empty/)
    assert.match(await refused.nth(1).innerText(), /^5\s+courseCode\s+.*NO-SUCH/)
    assert.equal((await t.api('GET', '/api/v1/persons?limit=10')).body.items.length, 0, 'a dry run saves nothing')

    await page.getByRole('button', { name: 'Import the 3 accepted rows' }).click()
    await page.getByRole('heading', { name: 'Imported: june.csv' }).waitFor()
    assert.match(await page.locator('[data-import=summary]').innerText(), /^3 rows imported, 2 refused, of 5\./)

    const persons = (await t.api('GET', '/api/v1/persons?limit=10')).body.items as { personId: string; language?: string; freeField2?: string }[]
    assert.deepEqual(persons.map((p) => p.personId).sort(), ['I-1', 'I-2', 'I-5'])
    assert.equal(persons.find((p) => p.personId === 'I-1')!.freeField2, 'Team A')
    assert.equal(persons.find((p) => p.personId === 'I-2')!.language, 'de')
    const regs = (await t.api('GET', '/api/v1/registrations?limit=10')).body.items as { id: string; externalId: string }[]
    assert.deepEqual(regs.map((r) => r.externalId).sort(), ['ext-1', 'ext-2', 'ext-5'])
    for (const r of regs) await registrationReaches(t, r.id, 'active')
  })

  it('applies only the file its dry run checked', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/import`)
    await page.getByLabel('CSV content').fill('personId,firstName,lastName,email1,courseCode\nI-9,Iris,Vos,vos@example.org,IMP-1\n')
    await page.getByRole('button', { name: 'Check (dry run)' }).click()
    await page.getByRole('heading', { name: 'Dry run of import.csv' }).waitFor()
    // The file swapped between the dry run and "apply" (as a tampered form would): refused, nothing imported.
    await page.locator('input[name=csv64]').evaluate((el, v) => { (el as HTMLInputElement).value = v },
      Buffer.from('personId,firstName,lastName,email1,courseCode\nI-10,Iris,Vos,vos@example.org,IMP-1\n').toString('base64'))
    await page.getByRole('button', { name: 'Import the accepted row' }).click()
    await page.getByText('The file is not the one its dry run checked').waitFor()
    assert.equal((await t.api('GET', '/api/v1/persons/I-10')).status, 404)
  })
})
