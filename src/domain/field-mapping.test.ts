import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { defaultFieldMapping, diffAccount, fieldMappingSchema, toAccountData } from './field-mapping.ts'
import { personSchema } from './person.ts'
import type { LmsAccount } from '../lms/lms-adapter.ts'
import { moodleLoginNameRules } from '../lms/moodle/moodle-adapter.ts'

const person = personSchema.parse({
  personId: '1234',
  externId: 'EXT-77',
  firstName: ' José ',
  namePrefix: 'van der',
  lastName: 'Berg',
  email1: 'jose@example.com',
  email2: 'jose.work@example.com',
  freeField1: 'Afdeling Noord',
  zipCode: '1234 AB',
  birthDate: '1980-02-29',
  phoneMobile: '+31 6 1234 5678',
})

describe('field mapping configuration', () => {
  it('defaults to PersonId as key, e-mail login, email1 and the prefix joined to the surname', () => {
    assert.deepEqual(defaultFieldMapping, {
      externalKey: 'personId',
      loginNameStrategy: 'email',
      emailSource: 'email1',
      namePrefix: 'join',
      customFields: {},
      iliasExtras: false,
    })
  })

  it('refuses two free fields mapped to one profile field', () => {
    const result = fieldMappingSchema.safeParse({ customFields: { freeField1: 'dept', freeField2: 'dept' } })
    assert.equal(result.success, false)
  })

  it('refuses a profile-field shortname Moodle would not have', () => {
    assert.equal(fieldMappingSchema.safeParse({ customFields: { freeField1: 'free field' } }).success, false)
  })
})

describe('person to account data', () => {
  it('joins the name prefix in front of the surname', () => {
    const data = toAccountData(person, defaultFieldMapping, moodleLoginNameRules)
    assert.equal(data.lastName, 'van der Berg')
    assert.equal(data.firstName, 'José')
  })

  it('leaves the name prefix out when the mapping omits it', () => {
    const mapping = fieldMappingSchema.parse({ namePrefix: 'omit' })
    assert.equal(toAccountData(person, mapping, moodleLoginNameRules).lastName, 'Berg')
  })

  it('uses the PersonId or the ExternId as external key, as mapped', () => {
    assert.equal(toAccountData(person, defaultFieldMapping, moodleLoginNameRules).externalKey, '1234')
    const byExtern = fieldMappingSchema.parse({ externalKey: 'externId' })
    assert.equal(toAccountData(person, byExtern, moodleLoginNameRules).externalKey, 'EXT-77')
  })

  it('takes the e-mail address from the mapped field, and builds the login name from it', () => {
    const mapping = fieldMappingSchema.parse({ emailSource: 'email2' })
    const data = toAccountData(person, mapping, moodleLoginNameRules)
    assert.equal(data.email, 'jose.work@example.com')
    assert.equal(data.loginName, 'jose.work@example.com')
  })

  it('sends mapped free fields by profile-field shortname, empty ones as "" so they can be cleared', () => {
    const mapping = fieldMappingSchema.parse({ customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } })
    assert.deepEqual(toAccountData(person, mapping, moodleLoginNameRules).fields, {
      freefield1: 'Afdeling Noord',
      freefield2: '',
    })
  })

  it('adds zip code, birthday and phones for ILIAS when asked', () => {
    const mapping = fieldMappingSchema.parse({ iliasExtras: true })
    assert.deepEqual(toAccountData(person, mapping, moodleLoginNameRules).fields, {
      zipcode: '1234 AB',
      birthday: '1980-02-29',
      phoneHome: '',
      phoneMobile: '+31 6 1234 5678',
      phoneOffice: '',
    })
  })
})

describe('account differences', () => {
  const mapping = fieldMappingSchema.parse({ customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } })
  const wanted = toAccountData(person, mapping, moodleLoginNameRules)
  const existing: LmsAccount = {
    lmsUserId: '6',
    loginName: 'jose@example.com',
    externalKey: '1234',
    firstName: 'José',
    lastName: 'van der Berg',
    email: 'jose@example.com',
    suspended: false,
    fields: { freefield1: 'Afdeling Noord' },
  }

  it('sends nothing when the account already holds the wanted data', () => {
    assert.equal(diffAccount(existing, wanted), null)
  })

  it('sends only the values that changed', () => {
    const update = diffAccount({ ...existing, lastName: 'Berg', fields: { freefield1: 'Afdeling Zuid' } }, wanted)
    assert.deepEqual(update, { lmsUserId: '6', changes: { lastName: 'van der Berg', fields: { freefield1: 'Afdeling Noord' } } })
  })

  it('clears a custom field the person no longer has', () => {
    const update = diffAccount({ ...existing, fields: { freefield1: 'Afdeling Noord', freefield2: 'Relatie 42' } }, wanted)
    assert.deepEqual(update?.changes, { fields: { freefield2: '' } })
  })

  it('never renames the login of an existing account', () => {
    assert.equal(diffAccount({ ...existing, loginName: 'jvanderberg' }, wanted), null)
  })

  it('does not send an e-mail address the LMS did not show', () => {
    assert.equal(diffAccount({ ...existing, email: null }, wanted), null)
  })

  it('sets the external key on an account that has none', () => {
    assert.deepEqual(diffAccount({ ...existing, externalKey: null }, wanted)?.changes, { externalKey: '1234' })
  })
})
