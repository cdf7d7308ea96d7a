// Refuses, before any LMS call, person data the LMS would accept but break on, or refuse with an opaque
// error. Each problem has a stable code (also the notification code), the field, and a message a
// training administrator can act on without knowing the LMS.
import type { LmsAdapter } from '../lms/lms-adapter.ts'
import { emailOf, externalKeyOf, toAccountData, type FieldMapping } from './field-mapping.ts'
import type { Person } from './person.ts'

export const personProblemCodes = [
  'PERSON_FIRST_NAME_MISSING',
  'PERSON_EMAIL_MISSING',
  'PERSON_EMAIL_INVALID',
  'PERSON_EXTERNAL_KEY_MISSING',
  'PERSON_LOGIN_NAME_EMPTY',
  'PERSON_NAME_HAS_TAGS',
  'PERSON_GENDER_MISSING',
  'PERSON_GENDER_NOT_STORABLE',
  'PERSON_REQUIRED_FIELD_MISSING',
  'PERSON_VALUE_TOO_LONG',
] as const
export type PersonProblemCode = (typeof personProblemCodes)[number]

export interface PersonProblem {
  code: PersonProblemCode
  /** The person field to fix (e.g. 'firstName', 'email2', 'externId'). */
  field: string
  message: string
}

/** The LMS the person is checked for: its name for messages and its login-name rules. */
export type ValidationTarget = Pick<LmsAdapter, 'lms' | 'loginNameRules'> & Partial<Pick<LmsAdapter, 'refusesTagsInNames' | 'columnSizes'>>

/** What PHP's strip_tags() takes for a tag: '<' then a letter, '/', '!' or '?'. */
const tagLike = /<\/?[a-zA-Z!?]/

const lmsNames = { moodle: 'Moodle', ilias: 'ILIAS' } as const

/** Every problem that stops this person from getting a working account; [] when there is none. */
export function validatePersonForLms(person: Person, mapping: FieldMapping, target: ValidationTarget): PersonProblem[] {
  const lms = lmsNames[target.lms]
  const who = `person ${person.personId}`
  const problems: PersonProblem[] = []

  // Moodle creates the account without a first name, and the participant then cannot use it;
  // ILIAS's user import refuses it ("Element Firstname must be specified"). Either way: stop before the LMS.
  if ((person.firstName ?? '') === '') {
    problems.push({
      code: 'PERSON_FIRST_NAME_MISSING',
      field: 'firstName',
      message: `First name is empty, and ${lms} needs it for an account the participant can use. ` +
        `Fill in the first name of ${who} in the training system.`,
    })
  }

  if (target.refusesTagsInNames) {
    for (const [field, label, value] of [
      ['firstName', 'First name', person.firstName ?? ''],
      ['lastName', 'Last name', person.lastName],
      ['namePrefix', 'Name prefix', person.namePrefix ?? ''],
    ] as const) {
      if (!tagLike.test(value)) continue
      problems.push({
        code: 'PERSON_NAME_HAS_TAGS',
        field,
        message: `${label} "${value}" contains something ${lms} reads as an HTML tag, and ${lms} refuses such names. ` +
          `Correct the ${label.toLowerCase()} of ${who} in the training system.`,
      })
    }
  }

  const email = emailOf(person, mapping)
  const emailField = mapping.emailSource
  if (email === '') {
    problems.push({
      code: 'PERSON_EMAIL_MISSING',
      field: emailField,
      message: `E-mail address (${emailField}) is empty. ${lms} needs it for the account and the participant ` +
        `needs it for the login details. Fill in ${emailField} of ${who} in the training system, or choose ` +
        'another e-mail field in the field mapping.',
    })
  } else if (!isValidEmailAddress(email)) {
    problems.push({
      code: 'PERSON_EMAIL_INVALID',
      field: emailField,
      message: `E-mail address "${email}" (${emailField}) is not a valid address, ${lms} refuses it. ` +
        `Correct ${emailField} of ${who} in the training system.`,
    })
  }

  if (externalKeyOf(person, mapping) === '') {
    problems.push({
      code: 'PERSON_EXTERNAL_KEY_MISSING',
      field: mapping.externalKey,
      message: `The ${mapping.externalKey === 'externId' ? 'ExternId' : 'PersonId'} is empty, and the field ` +
        `mapping uses it to recognise the person in ${lms}. Without it a second account could be created. ` +
        `Fill in the ExternId of ${who} in the training system, or map the PersonId as external key.`,
    })
  }

  const rules = target.loginNameRules
  const data = toAccountData(person, mapping, rules)
  // Checked as the LMS stores them, after the name prefix is joined to the last name: Moodle does not validate the
  // length and its database refuses the row as "Error writing to database" (round-3/core_user_create_users.lastname-107-chars).
  const sizes = target.columnSizes ?? {}
  for (const [key, label, value, field] of [
    ['firstName', 'First name', data.firstName, 'firstName'],
    ['lastName', 'Last name (with the name prefix joined)', data.lastName, person.namePrefix ? 'namePrefix' : 'lastName'],
    ['email', 'E-mail address', data.email, mapping.emailSource],
    ['externalKey', 'External key', data.externalKey, mapping.externalKey],
  ] as const) {
    const size = sizes[key]
    const length = [...value].length
    if (size === undefined || length <= size) continue
    problems.push({
      code: 'PERSON_VALUE_TOO_LONG',
      field,
      message: `${label} "${value.slice(0, 40)}…" has ${length} characters; ${lms} stores at most ${size}. ` +
        `Shorten it for ${who} in the training system${key === 'lastName' && person.namePrefix ? ' (the prefix counts too)' : ''}.`,
    })
  }
  const loginName = data.loginName
  if (loginName.length < Math.max(rules.minLength, 1)) {
    problems.push({
      code: 'PERSON_LOGIN_NAME_EMPTY',
      field: loginNameField(mapping),
      message: `No usable login name: the "${mapping.loginNameStrategy}" strategy gives ` +
        `"${loginName}" after removing the characters ${lms} does not allow, and ${lms} needs at least ` +
        `${Math.max(rules.minLength, 1)}. Fill in the ${loginNameField(mapping)} of ${who} in the training ` +
        'system, or choose another login-name strategy.',
    })
  }
  return problems
}

/**
 * What a new account lacks that the LMS requires (LmsAdapter.requiredPersonFields): never filled with a
 * made-up value. Only for persons that get a new account; an existing account is not held back.
 */
export function requiredFieldProblems(person: Person, required: readonly string[], target: Pick<LmsAdapter, 'lms'>): PersonProblem[] {
  const lms = lmsNames[target.lms]
  const who = `person ${person.personId}`
  const problems: PersonProblem[] = []
  for (const field of required) {
    if (field === 'gender') {
      if (person.gender === undefined) {
        problems.push({
          code: 'PERSON_GENDER_MISSING', field,
          message: `Gender is empty, and ${lms} requires it for a new account. Fill in the gender of ${who} in the training ` +
            `system (female or male), or untick "Required" for Gender in ${lms}'s Standard Fields.`,
        })
      } else if (person.gender === 'diverse') {
        problems.push({
          code: 'PERSON_GENDER_NOT_STORABLE', field,
          message: `Gender of ${who} is "diverse"; ${lms} stores only female and male and requires one for a new account. ` +
            `Untick "Required" for Gender in ${lms}'s Standard Fields, then retry the registration.`,
        })
      }
      continue
    }
    const value = (person as Record<string, unknown>)[field]
    if (value === undefined || value === '') {
      problems.push({
        code: 'PERSON_REQUIRED_FIELD_MISSING', field,
        message: `${lms} requires the field "${field}" for a new account, and ${who} has none. Fill it in in the training system, or make it optional in ${lms}.`,
      })
    }
  }
  return problems
}

function loginNameField(mapping: FieldMapping): string {
  switch (mapping.loginNameStrategy) {
    case 'email': return mapping.emailSource
    case 'external-id': return 'externId'
    default: return 'lastName'
  }
}

// Moodle's validate_email() (lib/weblib.php, Moodle 4.5) is
//   moodle_phpmailer::validateAddress($address) && !preg_match('/[<>]/', $address)
// and PHPMailer 6's default validator ('php') rejects CR/LF and then calls
// filter_var($address, FILTER_VALIDATE_EMAIL): PHP's regexp1 in ext/filter/logical_filters.c
// (php_filter_validate_email, no FILTER_FLAG_EMAIL_UNICODE) after a 320-octet length check.
// https://github.com/moodle/moodle/blob/main/lib/weblib.php
// https://github.com/php/php-src/blob/master/ext/filter/logical_filters.c
// The pattern below is PHP's regexp1 verbatim (flags iD; JavaScript's $ without m already means "end").
const phpFilterValidateEmail = new RegExp(
  '^(?!(?:(?:\\x22?\\x5C[\\x00-\\x7E]\\x22?)|(?:\\x22?[^\\x5C\\x22]\\x22?)){255,})' +
    '(?!(?:(?:\\x22?\\x5C[\\x00-\\x7E]\\x22?)|(?:\\x22?[^\\x5C\\x22]\\x22?)){65,}@)' +
    '(?:(?:[\\x21\\x23-\\x27\\x2A\\x2B\\x2D\\x2F-\\x39\\x3D\\x3F\\x5E-\\x7E]+)|' +
    '(?:\\x22(?:[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21\\x23-\\x5B\\x5D-\\x7F]|(?:\\x5C[\\x00-\\x7F]))*\\x22))' +
    '(?:\\.(?:(?:[\\x21\\x23-\\x27\\x2A\\x2B\\x2D\\x2F-\\x39\\x3D\\x3F\\x5E-\\x7E]+)|' +
    '(?:\\x22(?:[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21\\x23-\\x5B\\x5D-\\x7F]|(?:\\x5C[\\x00-\\x7F]))*\\x22)))*' +
    '@(?:(?:(?!.*[^.]{64,})(?:(?:(?:xn--)?[a-z0-9]+(?:-+[a-z0-9]+)*\\.){1,126}){1,}' +
    '(?:(?:[a-z][a-z0-9]*)|(?:(?:xn--)[a-z0-9]+))(?:-+[a-z0-9]+)*)|' +
    '(?:\\[(?:(?:IPv6:(?:(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){7})|' +
    '(?:(?!(?:.*[a-f0-9][:\\]]){7,})(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,5})?::(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,5})?)))|' +
    '(?:(?:IPv6:(?:(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){5}:)|' +
    '(?:(?!(?:.*[a-f0-9]:){5,})(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,3})?::(?:[a-f0-9]{1,4}(?::[a-f0-9]{1,4}){0,3}:)?)))?' +
    '(?:(?:25[0-5])|(?:2[0-4][0-9])|(?:1[0-9]{2})|(?:[1-9]?[0-9]))' +
    '(?:\\.(?:(?:25[0-5])|(?:2[0-4][0-9])|(?:1[0-9]{2})|(?:[1-9]?[0-9]))){3}))\\]))$',
  'i',
)

/** Moodle's validate_email(): what core_user_create_users accepts as an e-mail address. */
export function isValidEmailAddress(address: string): boolean {
  if (address === '' || /[\r\n<>]/.test(address)) return false
  if (new TextEncoder().encode(address).length > 320) return false
  return phpFilterValidateEmail.test(address)
}
