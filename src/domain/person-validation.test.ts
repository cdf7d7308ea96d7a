import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fieldMappingSchema, defaultFieldMapping } from './field-mapping.ts'
import { personSchema } from './person.ts'
import { isValidEmailAddress, validatePersonForLms } from './person-validation.ts'
import { moodleLoginNameRules } from '../lms/moodle/moodle-adapter.ts'
import { LoginNameRules as iliasLoginNameRules } from '../lms/ilias/ilias-login-rules.ts'

const moodle = { lms: 'moodle', loginNameRules: moodleLoginNameRules } as const
const ilias = { lms: 'ilias', loginNameRules: iliasLoginNameRules } as const
const valid = personSchema.parse({ personId: '1234', firstName: 'Jan', lastName: 'Jansen', email1: 'jan@example.com' })

describe('person validation before any LMS call', () => {
  it('finds nothing wrong with a complete person', () => {
    assert.deepEqual(validatePersonForLms(valid, defaultFieldMapping, moodle), [])
  })

  it('refuses a last name that is over Moodle\'s 100 characters once the prefix is joined (Moodle says only "Error writing to database")', () => {
    const withSizes = { ...moodle, columnSizes: { firstName: 100, lastName: 100, email: 100, externalKey: 255 } }
    // 96 + "van " = 100: fits exactly (round-3/core_user_create_users.lastname-100-chars).
    assert.deepEqual(validatePersonForLms({ ...valid, namePrefix: 'van', lastName: 'A'.repeat(96) }, defaultFieldMapping, withSizes), [])
    // 100 + "van der " = 108: refused before any call, the prefix named as the field to fix.
    const problems = validatePersonForLms({ ...valid, namePrefix: 'van der', lastName: 'A'.repeat(100) }, defaultFieldMapping, withSizes)
    assert.deepEqual(problems.map((p) => [p.code, p.field]), [['PERSON_VALUE_TOO_LONG', 'namePrefix']])
    assert.match(problems[0]!.message, /has 108 characters; Moodle stores at most 100.*the prefix counts too/)
  })

  it('refuses an empty first name: Moodle accepts it but the participant cannot log in, ILIAS refuses it', () => {
    const problems = validatePersonForLms({ ...valid, firstName: undefined }, defaultFieldMapping, moodle)
    assert.deepEqual(problems.map((p) => [p.code, p.field]), [['PERSON_FIRST_NAME_MISSING', 'firstName']])
    assert.equal(
      problems[0]?.message,
      'First name is empty, and Moodle needs it for an account the participant can use. ' +
        'Fill in the first name of person 1234 in the training system.',
    )
    const forIlias = validatePersonForLms({ ...valid, firstName: '' }, defaultFieldMapping, ilias)
    assert.deepEqual(forIlias.map((p) => p.code), ['PERSON_FIRST_NAME_MISSING'])
    assert.match(forIlias[0]!.message, /^First name is empty, and ILIAS needs it/)
  })

  it('refuses a missing e-mail address in the mapped field, and with it the e-mail login name', () => {
    const mapping = fieldMappingSchema.parse({ emailSource: 'email2' })
    const problems = validatePersonForLms(valid, mapping, moodle)
    assert.deepEqual(problems.map((p) => [p.code, p.field]), [
      ['PERSON_EMAIL_MISSING', 'email2'],
      ['PERSON_LOGIN_NAME_EMPTY', 'email2'],
    ])
  })

  it('refuses an e-mail address Moodle would call invalid', () => {
    const problems = validatePersonForLms({ ...valid, email1: 'not-an-email' }, defaultFieldMapping, moodle)
    assert.equal(problems[0]?.code, 'PERSON_EMAIL_INVALID')
    assert.match(problems[0]?.message ?? '', /"not-an-email"/)
  })

  it('refuses a person without the external key the mapping uses', () => {
    const mapping = fieldMappingSchema.parse({ externalKey: 'externId' })
    const problems = validatePersonForLms(valid, mapping, moodle)
    assert.deepEqual(problems.map((p) => [p.code, p.field]), [['PERSON_EXTERNAL_KEY_MISSING', 'externId']])
  })

  it('refuses a login name shorter than ILIAS allows', () => {
    const mapping = fieldMappingSchema.parse({ loginNameStrategy: 'external-id' })
    const problems = validatePersonForLms({ ...valid, externId: 'É7' }, mapping, ilias)
    assert.deepEqual(problems.map((p) => p.code), ['PERSON_LOGIN_NAME_EMPTY'])
    assert.match(problems[0]?.message ?? '', /ILIAS needs at least 3/)
  })
})

describe("Moodle's e-mail rule (validate_email → PHP FILTER_VALIDATE_EMAIL)", () => {
  for (const address of ['jan.jansen@example.com', 'k.o_d-9@x.nl', "o'neil+tag@sub.example.org", 'a@b.co', 'x@[127.0.0.1]']) {
    it(`accepts ${address}`, () => assert.equal(isValidEmailAddress(address), true))
  }
  for (const address of [
    '', 'not-an-email', 'broken', 'jan@localhost', 'jan@@example.com', 'jan.@example.com', '.jan@example.com',
    'jan..jansen@example.com', 'jan jansen@example.com', 'josé@example.com', 'jan@exämple.com', '<jan@example.com>',
    'jan@example.com\n', 'jan@-example.com', `${'a'.repeat(65)}@example.com`,
  ]) {
    it(`refuses ${JSON.stringify(address)}`, () => assert.equal(isValidEmailAddress(address), false))
  }
})
