// Which person field goes where in the LMS, per connection (the Service Center's "field mapping"), and
// the translation of a person into the AccountData the LMS port takes.
import { z } from 'zod'
import type { AccountData, AccountUpdate, LmsAccount, LoginNameRules } from '../lms/lms-adapter.ts'
import { buildLoginName, loginNameStrategies } from './login-name.ts'
import { freeFieldNames, type Person } from './person.ts'

// Moodle profile-field shortnames are letters, digits and '_' (user/profile/definelib.php refuses others).
const profileFieldShortname = z.string().trim().regex(/^[A-Za-z0-9_]{1,100}$/, 'letters, digits and _ only')

export const fieldMappingSchema = z
  .strictObject({
    /** Which TMS id goes into the LMS's external key (Moodle idnumber): the ExternId or the PersonId. */
    externalKey: z.enum(['externId', 'personId']).default('personId'),
    loginNameStrategy: z.enum(loginNameStrategies).default('email'),
    emailSource: z.enum(['email1', 'email2', 'email3']).default('email1'),
    /** join: "van der" + "Berg" → lastName "van der Berg" (Moodle); omit: lastName "Berg" (ILIAS default). */
    namePrefix: z.enum(['join', 'omit']).default('join'),
    /** Free field → LMS custom profile field shortname; an unmapped free field is not sent. */
    customFields: z
      .strictObject({
        freeField1: profileFieldShortname.optional(),
        freeField2: profileFieldShortname.optional(),
        freeField3: profileFieldShortname.optional(),
        freeField4: profileFieldShortname.optional(),
        freeField5: profileFieldShortname.optional(),
      })
      .default({}),
    /** ILIAS only: zip code, birthday and phones go to the fields of the same meaning. */
    iliasExtras: z.boolean().default(false),
  })
  .superRefine((mapping, ctx) => {
    // Two free fields writing one profile field would overwrite each other on every update.
    const seen = new Map<string, string>()
    for (const [freeField, shortname] of Object.entries(mapping.customFields)) {
      if (shortname === undefined) continue
      const other = seen.get(shortname)
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: ['customFields', freeField],
          message: `profile field ${shortname} is already mapped from ${other}`,
        })
      }
      seen.set(shortname, freeField)
    }
  })

export type FieldMapping = z.infer<typeof fieldMappingSchema>
export const defaultFieldMapping: Readonly<FieldMapping> = Object.freeze(fieldMappingSchema.parse({}))

/** The field names ILIAS extras are written to (the ILIAS adapter maps them to its XML elements). */
export const iliasExtraFields = ['zipcode', 'birthday', 'phoneHome', 'phoneMobile', 'phoneOffice'] as const

/** The external key the mapping chooses for a person; '' when the person has none (validation refuses that). */
export function externalKeyOf(person: Person, mapping: FieldMapping): string {
  return (mapping.externalKey === 'externId' ? person.externId : person.personId) ?? ''
}

/** The e-mail address the mapping chooses; '' when that field is empty. */
export function emailOf(person: Person, mapping: FieldMapping): string {
  return person[mapping.emailSource] ?? ''
}

/** The surname as the LMS shows it: "van der Berg" when the prefix is joined, "Berg" when it is omitted. */
export function lastNameOf(person: Person, mapping: FieldMapping): string {
  const prefix = person.namePrefix ?? ''
  return mapping.namePrefix === 'join' && prefix !== '' ? `${prefix} ${person.lastName}` : person.lastName
}

/**
 * What the account of this person should hold. `loginName` is the strategy's candidate before the
 * collision check (chooseLoginName decides the final name). Mapped fields are always present, '' when
 * the person's value is empty, so an update can clear them.
 */
export function toAccountData(person: Person, mapping: FieldMapping, rules: LoginNameRules): AccountData {
  // The login name keeps the name prefix even when the surname omits it: the strategy names it.
  const loginName = buildLoginName(
    {
      firstName: person.firstName,
      initials: person.initials,
      namePrefix: person.namePrefix,
      lastName: person.lastName,
      email: emailOf(person, mapping),
      externId: person.externId,
    },
    mapping.loginNameStrategy,
    rules,
  )
  return {
    externalKey: externalKeyOf(person, mapping),
    loginName,
    firstName: person.firstName ?? '',
    lastName: lastNameOf(person, mapping),
    email: emailOf(person, mapping),
    ...(person.gender ? { gender: person.gender } : {}),
    fields: fieldsOf(person, mapping),
  }
}

function fieldsOf(person: Person, mapping: FieldMapping): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const freeField of freeFieldNames) {
    const shortname = mapping.customFields[freeField]
    if (shortname !== undefined) fields[shortname] = person[freeField] ?? ''
  }
  if (mapping.iliasExtras) {
    fields.zipcode = person.zipCode ?? ''
    fields.birthday = person.birthDate ?? ''
    fields.phoneHome = person.phoneHome ?? ''
    fields.phoneMobile = person.phoneMobile ?? ''
    fields.phoneOffice = person.phoneOffice ?? ''
  }
  return fields
}

/**
 * The update that makes an existing account hold the wanted data, or null when nothing differs.
 * Only changed values are sent (update_users writes and logs every value it gets). The login name is
 * never changed: the participant logs in with it, and a new strategy applies to new accounts only. An
 * empty wanted custom field clears a filled one; an empty one that the LMS does not hold is no change.
 */
export function diffAccount(existing: LmsAccount, wanted: AccountData): AccountUpdate | null {
  const changes: AccountUpdate['changes'] = {}
  if ((existing.externalKey ?? '') !== wanted.externalKey) changes.externalKey = wanted.externalKey
  // null = the LMS did not show the name (Moodle 4.1/5.0 without moodle/site:viewfullnames): unknown, not a change.
  if (existing.firstName !== null && existing.firstName !== wanted.firstName) changes.firstName = wanted.firstName
  if (existing.lastName !== null && existing.lastName !== wanted.lastName) changes.lastName = wanted.lastName
  // null = the LMS did not show the address (Moodle without moodle/site:viewuseridentity): unknown, not empty.
  if (existing.email !== null && existing.email !== wanted.email) changes.email = wanted.email
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(wanted.fields)) {
    if ((existing.fields[name] ?? '') !== value) fields[name] = value
  }
  if (Object.keys(fields).length > 0) changes.fields = fields
  return Object.keys(changes).length > 0 ? { lmsUserId: existing.lmsUserId, changes } : null
}
