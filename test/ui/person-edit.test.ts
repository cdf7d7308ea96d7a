// A person's every field through the browser alone (more than the register form's six: external id,
// initials, three e-mail addresses, five free fields, postcode, date of birth, phones, language), checked by
// the API's own schema: a refused value is marked at its field with everything typed kept; saved, the API
// answers the person as the form left it, and the change reaches the LMS account.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, sandboxCourse, startUiTest, type UiTestContext } from './ui-harness.ts'
import { eventually, registrationReaches } from '../helpers/test-app.ts'

describe('Service Center: a person\'s every field', () => {
  let c: UiTestContext
  before(async () => {
    c = await startUiTest()
    c.page.setDefaultTimeout(30_000)
    await sandboxCourse(c.t, 'PER-1', 'Person course')
    const reg = await c.t.api('POST', '/api/v1/registrations', {
      person: { personId: 'P-77', firstName: 'Noor', lastName: 'Visser', email1: 'noor@example.org' }, courseCode: 'PER-1',
    })
    assert.equal(reg.status, 202, JSON.stringify(reg.body))
    await registrationReaches(c.t, reg.body.id, 'active')
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('edits every field the API accepts; a refused value is marked at its field and what was typed stays', async () => {
    const { page, url, t } = c
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Persons' }).click()
    await page.getByRole('link', { name: 'P-77' }).click()
    await page.waitForURL(`${url}/ui/persons/P-77`)
    await page.getByRole('heading', { name: 'Noor Visser', level: 1 }).waitFor()
    assert.equal(await page.getByLabel('E-mail 1').inputValue(), 'noor@example.org')

    const typed: Record<string, string> = {
      'External id': 'EXT-77', 'Name prefix': 'de', 'Initials': 'N.', 'E-mail 2': 'noor.werk@example.org', 'E-mail 3': 'n@example.net',
      'Free field 1': 'Department North', 'Free field 3': 'Cost centre 4711', 'Free field 5': 'Shift B', 'Postcode': '1012 AB',
      'Phone (home)': '020 123 4567', 'Phone (mobile)': '06 1234 5678', 'Phone (office)': '030 765 4321',
    }
    for (const [label, value] of Object.entries(typed)) await page.getByLabel(label, { exact: true }).fill(value)
    await page.getByLabel('Date of birth').fill('1990-04-12')
    await page.getByLabel('Gender').selectOption('female')
    await page.getByLabel('Language of the mails').selectOption('nl')
    // One value the API's schema refuses: a postcode longer than 20 characters.
    await page.getByLabel('Postcode').fill('1012 AB Amsterdam Centrum')
    await page.getByRole('button', { name: 'Save person' }).click()

    const postcode = page.getByLabel('Postcode')
    assert.equal(await postcode.getAttribute('aria-invalid'), 'true')
    assert.match(await page.locator('#f-zipCode-error').innerText(), /20/)
    assert.equal(await page.getByLabel('Free field 3').inputValue(), 'Cost centre 4711', 'what was typed is kept')
    assert.equal(await postcode.inputValue(), '1012 AB Amsterdam Centrum')
    assert.equal(await page.getByLabel('Language of the mails').inputValue(), 'nl')
    assert.equal((await t.api('GET', '/api/v1/persons/P-77')).body.freeField3, undefined, 'nothing was saved')

    await postcode.fill('1012 AB')
    await page.getByLabel('E-mail 1').fill('noor.visser@example.org')
    await page.getByRole('button', { name: 'Save person' }).click()
    await page.getByText('Person saved.').waitFor()

    const person = (await t.api('GET', '/api/v1/persons/P-77')).body
    assert.deepEqual({ ...person, updatedAt: undefined }, {
      personId: 'P-77', externId: 'EXT-77', firstName: 'Noor', namePrefix: 'de', lastName: 'Visser', initials: 'N.', gender: 'female',
      email1: 'noor.visser@example.org', email2: 'noor.werk@example.org', email3: 'n@example.net',
      freeField1: 'Department North', freeField3: 'Cost centre 4711', freeField5: 'Shift B', zipCode: '1012 AB', birthDate: '1990-04-12',
      phoneHome: '020 123 4567', phoneMobile: '06 1234 5678', phoneOffice: '030 765 4321', language: 'nl', updatedAt: undefined,
    })
    // The change reaches the LMS: the registration reconciles again and the account takes the new address.
    const reg = (await t.api('GET', '/api/v1/registrations?personId=P-77')).body.items?.[0]
    if (reg) await registrationReaches(t, reg.id, 'active')

    // An emptied field is cleared, as a PUT without it clears it.
    await page.getByLabel('Free field 5').fill('')
    await page.getByRole('button', { name: 'Save person' }).click()
    await page.getByText('Person saved.').waitFor()
    await eventually(async () => !('freeField5' in (await t.api('GET', '/api/v1/persons/P-77')).body), 5_000, 'free field 5 cleared')
  })
})
