// Archive, restore, delete and "reset to the built-in version" through the Service Center alone: each asks first on a
// page that says what will happen, and "keep" changes nothing. The course form refuses a target the LMS does not know
// (a field error, what was typed kept) and validates with the API's schema. Effects checked through the API.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, startUiTest, type UiTestContext } from './ui-harness.ts'
import { getConnection } from '../../src/store/connections.ts'

describe('Service Center: archive, restore, delete, reset', () => {
  let c: UiTestContext
  let sandboxId: string
  let iliasId: string
  let usedCourse: string
  let unusedCourse: string
  let spareId: string
  let refId: number
  before(async () => {
    c = await startUiTest()
    c.page.setDefaultTimeout(30_000)
    const { t } = c
    const conn = await t.api('POST', '/api/v1/connections', { name: 'Sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    assert.equal(conn.status, 201, JSON.stringify(conn.body))
    sandboxId = conn.body.id
    const ilias = await t.api('POST', '/api/v1/connections', { name: 'ILIAS sandbox', type: 'sandbox', settings: { sandboxLms: 'ilias' } })
    iliasId = ilias.body.id
    refId = (await t.app.ctx.adapters.sandbox((await getConnection(t.app.ctx.db, t.app.ctx.box, 'default', iliasId))!)).ilias!.addCourse({ title: 'Real course' })
    const used = await t.api('POST', '/api/v1/course-definitions', {
      code: 'USED-1', name: 'Used course', connectionId: sandboxId, target: { type: 'moodle-course', by: 'id', value: '2' },
    })
    usedCourse = used.body.id
    const reg = await t.api('POST', '/api/v1/registrations', {
      person: { personId: 'U1', firstName: 'Uma', lastName: 'Used', email1: 'uma@example.org' }, courseCode: 'USED-1',
    })
    assert.equal(reg.status, 202, JSON.stringify(reg.body))
    const unused = await t.api('POST', '/api/v1/course-definitions', {
      code: 'UNUSED-1', name: 'Never used', connectionId: sandboxId, target: { type: 'moodle-course', by: 'id', value: '3' },
    })
    unusedCourse = unused.body.id
    spareId = (await t.api('POST', '/api/v1/connections', { name: 'Spare', type: 'sandbox', settings: { sandboxLms: 'moodle' } })).body.id
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('archives a course definition in use after asking ("keep" changes nothing); new registrations are refused, it can be restored', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/courses`)
    await page.getByRole('link', { name: 'USED-1', exact: true }).click()
    await page.getByText('Used by 1 registrations').waitFor()
    assert.equal(await page.getByRole('link', { name: 'Delete…' }).count(), 0, 'a course in use is not offered for deletion')
    await page.getByRole('link', { name: 'Archive…' }).click()
    await page.getByRole('heading', { name: 'Archive course definition USED-1?' }).waitFor()
    const consequences = await page.locator('[data-confirm]').innerText()
    assert.match(consequences, /New registrations for USED-1 are refused \(COURSE_DEFINITION_ARCHIVED\)/)
    assert.match(consequences, /Its 1 registrations keep their access, results and history/)
    await page.getByRole('link', { name: 'Keep it in use' }).click()
    await page.waitForURL(`${url}/ui/courses/${usedCourse}`)
    assert.equal((await t.api('GET', `/api/v1/course-definitions/${usedCourse}`)).body.archivedAt, null)

    await page.getByRole('link', { name: 'Archive…' }).click()
    await page.getByRole('button', { name: 'Archive course definition' }).click()
    await page.getByText('Course definition archived').waitFor()
    assert.ok((await t.api('GET', `/api/v1/course-definitions/${usedCourse}`)).body.archivedAt)
    const refused = await t.api('POST', '/api/v1/registrations', { personId: 'U1', courseCode: 'USED-1' })
    assert.equal(refused.body.error.code, 'COURSE_DEFINITION_ARCHIVED')
    assert.equal((await t.api('GET', '/api/v1/registrations?courseCode=USED-1')).body.items.length, 1, 'the registration is kept')

    // Gone from the list and the forms, there under "archived".
    await page.goto(`${url}/ui/courses`)
    assert.equal(await page.getByRole('link', { name: 'USED-1', exact: true }).count(), 0)
    await page.goto(`${url}/ui/registrations`)
    assert.equal(await page.locator('select[name="courseCode"] option', { hasText: /^USED-1 / }).count(), 0)
    assert.equal(await page.locator('select[name="courseCode"] option', { hasText: /^UNUSED-1 / }).count(), 1)
    await page.goto(`${url}/ui/courses`)
    await page.getByRole('link', { name: 'Show archived (1)' }).click()
    await page.getByRole('link', { name: 'USED-1', exact: true }).click()
    await page.getByRole('link', { name: 'Restore…' }).click()
    await page.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('Course definition restored').waitFor()
    assert.equal((await t.api('GET', `/api/v1/course-definitions/${usedCourse}`)).body.archivedAt, null)
  })

  it('deletes a course definition never used, after asking', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/courses/${unusedCourse}`)
    await page.getByText('No registration uses it').waitFor()
    await page.getByRole('link', { name: 'Delete…' }).click()
    await page.getByRole('heading', { name: 'Delete course definition UNUSED-1?' }).waitFor()
    assert.match(await page.locator('[data-confirm]').innerText(), /deleted for good\. No registration uses it/)
    await page.getByRole('button', { name: 'Delete course definition' }).click()
    await page.getByText('Course definition deleted').waitFor()
    assert.equal((await t.api('GET', `/api/v1/course-definitions/${unusedCourse}`)).status, 404)
  })

  it('deletes a connection never used; archives one in use (no longer offered in the course form) and restores it', async () => {
    const { page, url, t } = c
    await page.goto(`${url}/ui/connections/${spareId}`)
    await page.getByRole('link', { name: 'Delete…' }).click()
    await page.getByRole('heading', { name: 'Delete connection Spare?' }).waitFor()
    await page.getByRole('button', { name: 'Delete connection' }).click()
    await page.getByText('Connection deleted').waitFor()
    assert.equal((await t.api('GET', `/api/v1/connections/${spareId}`)).status, 404)

    await page.goto(`${url}/ui/connections/${sandboxId}`)
    await page.getByText('Used by 1 course definitions').waitFor()
    assert.equal(await page.getByRole('link', { name: 'Delete…' }).count(), 0)
    await page.getByRole('link', { name: 'Archive…' }).click()
    assert.match(await page.locator('[data-confirm]').innerText(), /Its 1 registrations and \d+ LMS accounts are kept and still looked after/)
    await page.getByRole('button', { name: 'Archive connection' }).click()
    await page.getByText('Connection archived').waitFor()
    assert.ok((await t.api('GET', `/api/v1/connections/${sandboxId}`)).body.archivedAt)
    assert.equal((await t.api('POST', '/api/v1/registrations', { personId: 'U1', courseCode: 'USED-1' })).body.error.code, 'CONNECTION_ARCHIVED')
    await page.goto(`${url}/ui/courses`)
    assert.equal(await page.locator('select[name="connectionId"] option', { hasText: /^Sandbox$/ }).count(), 0)
    await page.goto(`${url}/ui/registrations`)
    assert.equal(await page.locator('select[name="courseCode"] option', { hasText: /^USED-1 / }).count(), 0, 'its courses are not offered')

    await page.goto(`${url}/ui/connections?archived=1`)
    await page.getByRole('link', { name: 'Sandbox' }).click()
    await page.getByRole('link', { name: 'Restore…' }).click()
    await page.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('Connection restored').waitFor()
    assert.equal((await t.api('GET', `/api/v1/connections/${sandboxId}`)).body.archivedAt, null)
  })

  it('resets a customised template to the built-in version after asking', async () => {
    const { page, url, t } = c
    const builtIn = (await t.api('GET', '/api/v1/templates/course-access')).body
    const { key: _, ...body } = builtIn
    assert.equal((await t.api('PUT', '/api/v1/templates/course-access', { ...body, subject: 'Our own subject' })).status, 200)
    await page.goto(`${url}/ui/templates/course-access`)
    await page.getByRole('link', { name: 'Reset to the built-in version…' }).click()
    await page.getByRole('heading', { name: /Reset template .* to the built-in version\?/ }).waitFor()
    assert.match(await page.locator('[data-confirm]').innerText(), /Your version \(subject “Our own subject”\) is deleted/)
    await page.getByRole('link', { name: 'Keep my version' }).click()
    assert.equal((await t.api('GET', '/api/v1/templates/course-access')).body.subject, 'Our own subject')
    await page.getByRole('link', { name: 'Reset to the built-in version…' }).click()
    await page.getByRole('button', { name: 'Reset to the built-in version' }).click()
    await page.getByText('Template reset: the built-in version applies.').waitFor()
    assert.equal((await t.api('GET', '/api/v1/templates/course-access')).body.subject, builtIn.subject)
    assert.equal(await page.getByRole('link', { name: 'Reset to the built-in version…' }).count(), 0, 'nothing left to reset')
  })

  it('the course form refuses a target the LMS does not know, keeps what was typed, and checks fields by the API\'s rules', async () => {
    const { page, url, t } = c
    const fill = async (code: string, type: string, value: string) => {
      await page.goto(`${url}/ui/courses`)
      await page.getByLabel('Course code (as in the training administration)').fill(code)
      await page.getByLabel('Name', { exact: true }).fill('Typed name')
      await page.getByLabel('Connection').selectOption({ label: 'ILIAS sandbox' })
      await page.getByLabel('Target').selectOption(type)
      await page.getByLabel('Value (Moodle id, short name or idnumber; ILIAS ref id)').fill(value)
      await page.getByRole('button', { name: 'Add course definition' }).click()
    }
    const value = () => page.getByLabel('Value (Moodle id, short name or idnumber; ILIAS ref id)')
    await fill('BAD-UI', 'ilias-course', '987654')
    assert.equal(await value().getAttribute('aria-invalid'), 'true')
    await page.getByText(/The LMS does not know this target: /).first().waitFor()
    assert.equal(await page.getByLabel('Course code (as in the training administration)').inputValue(), 'BAD-UI', 'nothing typed is lost')
    assert.equal(await value().inputValue(), '987654')
    // The API's schema: a ref id is a number.
    await fill('BAD-UI', 'ilias-course', 'abc')
    assert.equal(await value().getAttribute('aria-invalid'), 'true')
    await page.getByText('a numeric ref id').first().waitFor()
    const codes = (await t.api('GET', '/api/v1/course-definitions?archived=include')).body.items.map((d: { code: string }) => d.code)
    assert.ok(!codes.includes('BAD-UI'), codes.join())

    await fill('GOOD-UI', 'ilias-course', String(refId))
    await page.getByText('Course definition added').waitFor()
    const good = (await t.api('GET', '/api/v1/course-definitions')).body.items.find((d: { code: string }) => d.code === 'GOOD-UI')
    assert.equal(good.resolvedTarget.label, 'Real course')
  })
})
