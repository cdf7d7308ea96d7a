// The logs administrators know from their LMS plugins (LMS calls, mails, result deliveries), the list of
// registrations needing attention with retry one by one and in bulk, and long lists that page, filter,
// sort and export exactly the filtered rows as CSV: in a real Chromium against a real app with a sandbox
// Moodle, a webhook receiver for the training system, and 2 000 registrations.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parse } from 'csv-parse/sync'
import { logIn, screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'
import { eventually, registrationReaches } from '../helpers/test-app.ts'
import { setConnectionBlocked } from '../../src/store/connections.ts'
import { upsertPersons } from '../../src/store/persons.ts'
import { insertNewRegistrations, updateObservedMany, type ObservedPatch } from '../../src/store/registrations.ts'
import type { RegistrationStatus } from '../../src/domain/registration-state.ts'

/** The training system's webhook: accepts every result except those of person L-3 (HTTP 500). */
async function startReceiver() {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { registration: { personId: string } }
      res.writeHead(body.registration.personId === 'L-3' ? 500 : 204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/results`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

type Row = Record<string, string>
const rowsOf = (csv: string): Row[] => parse(csv, { bom: true, columns: true }) as Row[]

describe('Service Center: logs, the attention list and long lists', () => {
  let c: UiTestContext
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  const reg: Record<string, string> = {}

  /** The CSV behind the page's export link (fetched with the browser's session). */
  async function exportCsv(): Promise<string> {
    const href = await c.page.getByRole('link', { name: /as CSV$/ }).getAttribute('href')
    const res = await c.page.request.get(new URL(href!, c.url).href)
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'] ?? '', /^text\/csv/)
    assert.match(res.headers()['content-disposition'] ?? '', /^attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.csv"$/)
    return res.text()
  }
  const total = async () => Number(await c.page.locator('[data-list-total]').getAttribute('data-list-total'))
  const tableRows = () => c.page.locator('table[data-list] tbody tr')
  /** The filter form of the list (the registrations page has a register form below it). */
  const filters = () => c.page.getByRole('search', { name: 'Filter' })

  before(async () => {
    c = await startUiTest()
    receiver = await startReceiver()
    const { t } = c
    const settings = (await t.api('GET', '/api/v1/settings')).body
    assert.equal((await t.api('PUT', '/api/v1/settings', { ...settings, resultWebhook: { url: receiver.url, secret: 'tms-secret-0123456789abcdef' } })).status, 200)
    const conn = await t.api('POST', '/api/v1/connections', { name: 'Sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    assert.equal(conn.status, 201, JSON.stringify(conn.body))
    assert.equal((await t.api('POST', '/api/v1/course-definitions', {
      code: 'LOG-1', name: 'Logged course', connectionId: conn.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
    })).status, 201)
    const persons = [
      { personId: 'L-1', firstName: 'Zoë', namePrefix: 'van der', lastName: 'Berg', email1: 'zoe@example.com' },
      { personId: 'L-2', firstName: '=SUM(1,2)', lastName: 'de "Vries"', email1: 'formula@example.org' },
      { personId: 'L-3', firstName: 'Jan', lastName: 'Jansen', email1: 'jan@example.org' },
    ]
    for (const person of persons) {
      const r = await t.api('POST', '/api/v1/registrations', { person, courseCode: 'LOG-1' })
      assert.equal(r.status, 202, JSON.stringify(r.body))
      reg[person.personId] = r.body.id
    }
    for (const id of Object.values(reg)) await registrationReaches(t, id, 'active', 30_000)
    for (const p of ['L-1', 'L-3']) assert.equal((await t.api('POST', `/api/v1/registrations/${reg[p]}/sandbox-complete`, { grade: 80 })).status, 202)
    // L-1's result is delivered at once; L-3's is refused until the retries are used up.
    await eventually(async () => {
      const d = (await t.api('GET', '/api/v1/logs/result-deliveries')).body
      return d.total === 2 && d.items.some((x: { status: string }) => x.status === 'delivered') && d.items.some((x: { status: string }) => x.status === 'failed')
    }, 60_000, 'one delivery delivered, one failed')
    await logIn(c)
  })
  after(async () => {
    await c?.close()
    await receiver?.close()
  })

  it('shows the LMS calls of the run with connection, function, outcome, duration and registration; filters and exports them', async () => {
    const { page, url, t } = c
    const api = (await t.api('GET', '/api/v1/logs/lms-calls?limit=200')).body
    assert.ok(api.total >= 6, `calls for three registrations: ${api.total}`)
    const functions = new Set(api.items.map((x: { function: string }) => x.function))
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    assert.equal((await t.api('GET', `/api/v1/logs/lms-calls?from=${day(-1)}&to=${day(1)}`)).body.total, api.total, 'the date range holds the run')
    assert.equal((await t.api('GET', `/api/v1/logs/lms-calls?from=${day(2)}`)).body.total, 0)
    assert.equal((await t.api('GET', '/api/v1/logs/lms-calls?limit=7')).status, 400, 'page sizes are 25, 50, 100, 200')
    await page.goto(`${url}/ui/logs/lms-calls`)
    await page.getByRole('heading', { name: 'LMS calls', level: 1 }).waitFor()
    assert.equal(await total(), api.total)
    const text = await page.locator('table[data-list="lms-calls"]').innerText()
    for (const fn of functions) assert.ok(text.includes(fn as string), `${fn} is listed`)
    assert.match(text, /Sandbox/)
    assert.match(text, /\d+ ms/)
    await screenshot(page, 'logs-lms-calls')

    await filters().getByLabel('Person, function or error code').fill('Jansen')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/q=Jansen/)
    const own = (await t.api('GET', '/api/v1/logs/lms-calls?q=Jansen')).body
    assert.ok(own.total >= 2 && own.total < api.total)
    assert.equal(await total(), own.total)
    for (const row of await tableRows().all()) assert.match(await row.innerText(), /Jan Jansen/)
    await page.getByRole('link', { name: 'Jan Jansen' }).first().click()
    await page.waitForURL(`${url}/ui/registrations/${reg['L-3']}`)
    await page.goBack()

    const csv = rowsOf(await exportCsv())
    assert.equal(csv.length, own.total)
    for (const r of csv) {
      assert.equal(r.registration, reg['L-3'])
      assert.equal(r.name, 'Jan Jansen')
      assert.equal(r.connection, 'Sandbox')
      assert.ok(functions.has(r.function))
      assert.ok(r.outcome === 'ok' || r.outcome === 'error')
      assert.match(r['duration ms']!, /^\d+$/)
    }
  })

  it('shows every mail with its kind in words, the address masked and the status; filters and exports them', async () => {
    const { page, url, t } = c
    const api = (await t.api('GET', '/api/v1/logs/mails')).body
    assert.equal(api.total, 3, 'one credentials mail per registration')
    const status = api.items[0].status as string
    await page.goto(`${url}/ui/logs/mails`)
    const table = page.locator('table[data-list="mails"]')
    assert.equal(await tableRows().count(), 3)
    const text = await table.innerText()
    assert.match(text, /Credentials \(new account\)/)
    assert.match(text, /z•••@example\.com/)
    assert.doesNotMatch(text, /zoe@example\.com/, 'the address is not shown in full')
    assert.match(text, /Zoë van der Berg/)

    await filters().getByLabel('State').selectOption(status)
    await filters().getByLabel('Person (id, name or e-mail)').fill('formula@example.org')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/status=/)
    assert.equal(await tableRows().count(), 1)
    await screenshot(page, 'logs-mails')
    const raw = await exportCsv()
    // The name starts with "=": a spreadsheet gets it as text, quoted because of its comma and quotes.
    assert.ok(raw.includes('"\'=SUM(1,2) de ""Vries"""'), raw)
    const [row, ...rest] = rowsOf(raw)
    assert.equal(rest.length, 0)
    assert.equal(row!.name, '\'=SUM(1,2) de "Vries"')
    assert.equal(row!.to, 'f•••@example.org')
    assert.equal(row!.kind, 'Credentials (new account)')
    assert.equal(row!.registration, reg['L-2'])
    assert.ok(!raw.includes('formula@example.org'))
  })

  it('shows the deliveries of results to the training system with status, attempts and last error; filters and exports them', async () => {
    const { page, url } = c
    await page.goto(`${url}/ui/logs/deliveries`)
    assert.equal(await tableRows().count(), 2)
    await filters().getByLabel('State').selectOption('failed')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/status=failed/)
    assert.equal(await tableRows().count(), 1)
    const failed = await tableRows().first().innerText()
    assert.match(failed, /Jan Jansen/)
    assert.match(failed, /HTTP 500/)
    await screenshot(page, 'logs-deliveries')
    const [row, ...rest] = rowsOf(await exportCsv())
    assert.equal(rest.length, 0)
    assert.equal(row!.status, 'failed')
    assert.equal(row!['HTTP status'], '500')
    assert.equal(row!['last error'], 'HTTP 500')
    assert.ok(Number(row!.attempts) >= 2)
    assert.equal(row!.registration, reg['L-3'])

    await filters().getByLabel('State').selectOption('delivered')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/status=delivered/)
    assert.equal(await tableRows().count(), 1)
    assert.match(await tableRows().first().innerText(), /Zoë van der Berg[\s\S]*LOG-1/)
  })

  it('pages 2 000 registrations, filters them by course and state, sorts, and exports exactly the filtered rows', async () => {
    const { page, url, t } = c
    const db = t.app.ctx.db
    // A second connection, paused: nothing is sent to an LMS for these.
    const conn = await t.api('POST', '/api/v1/connections', { name: 'Bulk', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    await setConnectionBlocked(db, conn.body.id, 'TEST_PAUSED')
    const courses: Record<string, string> = {}
    for (const code of ['BULK-A', 'BULK-B']) {
      const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: conn.body.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
      courses[code] = d.body.id
    }
    const states: RegistrationStatus[] = ['active', 'failed', 'pending', 'cancelled', 'active']
    const people = Array.from({ length: 2000 }, (_, i) => ({
      personId: `P-${String(i).padStart(4, '0')}`, firstName: `First${i}`, lastName: `Last${String(1999 - i).padStart(4, '0')}`, email1: `p${i}@example.org`,
    }))
    const stored = await upsertPersons(db, 'default', people)
    const inserted = await insertNewRegistrations(db, people.map((p, i) => ({
      tenantId: 'default', externalId: `EXT-${i}`, personRef: stored.get(p.personId)!.row.id, courseDefinitionId: i % 2 === 0 ? courses['BULK-A']! : courses['BULK-B']!,
    })))
    assert.equal(inserted.size, 2000)
    await updateObservedMany(db, [...inserted].map(([i, r]) => [r.id, { status: states[i % 5]!, statusCode: states[i % 5] === 'failed' ? 'LMS_TIMEOUT' : null } as ObservedPatch]))
    const expected = new Set([...inserted].filter(([i]) => i % 2 === 0 && states[i % 5] === 'active').map(([, r]) => r.id))
    assert.equal(expected.size, 400)

    await page.goto(`${url}/ui/registrations`)
    assert.equal(await total(), 2003)
    assert.equal(await tableRows().count(), 50)
    assert.match(await page.locator('.pager').innerText(), /Rows 1–50 of 2,003/)

    await filters().getByLabel('Course').selectOption('BULK-A')
    await filters().getByLabel('State').selectOption('active')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/course=BULK-A/)
    assert.equal(await total(), 400)
    const pageOne = await tableRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-registration')))
    assert.equal(pageOne.length, 50)
    for (const id of pageOne) assert.ok(expected.has(id!), 'only BULK-A, active')
    await page.getByRole('link', { name: 'Next page' }).click()
    await page.waitForURL(/offset=50/)
    assert.match(await page.locator('.pager').innerText(), /Rows 51–100 of 400/)
    const pageTwo = await tableRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-registration')))
    assert.equal(pageTwo.length, 50)
    assert.equal(pageTwo.filter((id) => pageOne.includes(id)).length, 0, 'the second page has other rows')
    for (const id of pageTwo) assert.ok(expected.has(id!))

    await filters().getByLabel('Rows per page').selectOption('200')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/limit=200/)
    assert.equal(await tableRows().count(), 200)
    await page.getByRole('columnheader', { name: 'Person' }).getByRole('link').click()
    await page.waitForURL(/sort=person/)
    assert.equal(await page.getByRole('columnheader', { name: /Person/ }).getAttribute('aria-sort'), 'ascending')
    const names = await tableRows().evaluateAll((rows) => rows.map((r) => r.querySelector('td a')!.textContent!))
    assert.deepEqual(names, [...names].sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!)), 'by last name')
    assert.equal(await total(), 400, 'sorting keeps the filter')
    await screenshot(page, 'registrations-2000-filtered')

    const exported = rowsOf(await exportCsv())
    assert.equal(exported.length, 400, 'every filtered row, not the page')
    assert.deepEqual(new Set(exported.map((r) => r.registration)), expected)
    for (const r of exported) {
      assert.equal(r.course, 'BULK-A')
      assert.equal(r.state, 'active')
    }
    assert.deepEqual(exported.map((r) => r.name).slice(0, 200), names, 'in the page\'s order')
    // The same export through the API (an admin key).
    const res = await t.app.http.inject({ method: 'GET', url: '/api/v1/registrations.csv?course=BULK-A&status=active', headers: { authorization: `Bearer ${t.key}` } })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^text\/csv/)
    assert.deepEqual(new Set(rowsOf(res.body).map((r) => r.registration)), expected)
  })

  it('lists the registrations needing attention with code and meaning, and retries the selected ones, then all the filter shows', async () => {
    const { page, url, t } = c
    await updateObservedMany(t.app.ctx.db, ['L-1', 'L-2', 'L-3'].map((p) => [reg[p]!, { status: 'failed', statusCode: 'LMS_TIMEOUT' }]))
    const api = (await t.api('GET', '/api/v1/registrations/needing-attention?course=LOG-1')).body
    assert.equal(api.total, 3)
    assert.ok(api.items.every((x: { code: string; title: string }) => x.code === 'LMS_TIMEOUT' && x.title && x.title !== x.code))

    await page.goto(`${url}/ui/attention`)
    await filters().getByLabel('Course').selectOption('LOG-1')
    await filters().getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/course=LOG-1/)
    assert.equal(await tableRows().count(), 3)
    assert.match(await tableRows().first().innerText(), /LMS_TIMEOUT/)
    await page.getByLabel('Select L-1 LOG-1').check()
    await page.getByLabel('Select L-3 LOG-1').check()
    await screenshot(page, 'attention-selected')
    await page.getByRole('button', { name: 'Retry selected' }).click()
    await page.getByText('The registrations are queued again').waitFor()
    await registrationReaches(t, reg['L-1']!, 'active', 30_000)
    await registrationReaches(t, reg['L-3']!, 'active', 30_000)
    assert.equal((await t.api('GET', `/api/v1/registrations/${reg['L-2']}`)).body.observed.status, 'failed', 'not selected: left alone')

    await page.goto(`${url}/ui/attention?course=LOG-1`)
    assert.equal(await tableRows().count(), 1)
    await page.getByRole('button', { name: 'Retry all 1 shown by the filter' }).click()
    await page.getByText('The registrations are queued again').waitFor()
    await registrationReaches(t, reg['L-2']!, 'active', 30_000)
    assert.equal((await t.api('GET', '/api/v1/registrations/needing-attention?course=LOG-1')).body.total, 0)

    // Through the API: an active registration is not retried.
    const r = await t.api('POST', '/api/v1/registrations/retry', { ids: [reg['L-1']] })
    assert.equal(r.status, 202)
    assert.deepEqual(r.body, { retried: [], skipped: [reg['L-1']] })
  })
})
