// The TMS person as coursebridge stores it and the API accepts it. Parsed once at the edge (HTTP body,
// CSV row); inside, the type is trusted. Lengths follow what the LMSs store: Moodle's user table has
// firstname/lastname/email varchar(100) and idnumber varchar(255) (lib/db/install.xml), so a longer
// value would be refused there as an opaque invalidparameter.
import { z } from 'zod'
import { genderSchema } from './gender.ts'
import { languageSchema } from './language.ts'

const text = (max: number) => z.string().trim().max(max)
const optionalText = (max: number) => text(max).optional()

/** A calendar date as YYYY-MM-DD that really exists (no 2025-02-30). */
const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((value) => {
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}, 'not a real calendar date')

export const personSchema = z.strictObject({
  personId: text(64).min(1),
  externId: text(100).nullable().default(null),
  firstName: optionalText(100),
  /** Dutch/German name prefix ("van der", "de", "von"), kept apart from the surname as the TMS does. */
  namePrefix: optionalText(30),
  lastName: text(100).min(1),
  initials: optionalText(20),
  /** female | male | diverse; the TMS's spellings (m, f, w, M, F, …) are read as one of these (gender.ts). */
  gender: genderSchema.optional(),
  email1: optionalText(100),
  email2: optionalText(100),
  email3: optionalText(100),
  freeField1: optionalText(255),
  freeField2: optionalText(255),
  freeField3: optionalText(255),
  freeField4: optionalText(255),
  freeField5: optionalText(255),
  zipCode: optionalText(20),
  birthDate: isoDate.optional(),
  phoneHome: optionalText(40),
  phoneMobile: optionalText(40),
  phoneOffice: optionalText(40),
  /** en | nl | de: the language of the participant's mails; left out, the tenant's default language. */
  language: languageSchema.optional(),
})

export type Person = z.infer<typeof personSchema>
/** What a caller may send: externId may be left out (it defaults to null). */
export type PersonInput = z.input<typeof personSchema>

export const freeFieldNames = ['freeField1', 'freeField2', 'freeField3', 'freeField4', 'freeField5'] as const
export type FreeFieldName = (typeof freeFieldNames)[number]
