// Which user fields an ILIAS requires for a new account, found out without creating one. importUsers
// checks every record before it imports any, and imports nothing when one record is refused (live
// recording importUsers_batch_3_second_bad: the valid first record was not created, see its __check_first
// lookup). So the probe sends two records: one with everything coursebridge always sends but no optional
// field, and one without a first name, which every ILIAS refuses. The answer lists what the first record
// lacks ('Element "Gender" must be specified …' when Standard Fields → Gender is "Required", the 5.x
// default) and nothing is created. The element name is quoted in every language ILIAS translates into.
import { randomBytes } from 'node:crypto'
import { iliasError } from './ilias-errors.ts'
import { buildUserImportXml, type ImportUser } from './ilias-user-xml.ts'
import type { ImportResultRow } from './ilias-types.ts'

/** User-XML element → the person field coursebridge fills it from. */
const personFieldOf: Record<string, string> = {
  Gender: 'gender', Birthday: 'birthDate', PostalCode: 'zipCode', PhoneOffice: 'phoneOffice', PhoneHome: 'phoneHome',
  PhoneMobile: 'phoneMobile', Matriculation: 'matriculation', Institution: 'institution', Street: 'street', City: 'city', Country: 'country',
}

export interface ProbeRecords {
  xml: string
  complete: string
  invalid: string
}

export function requiredFieldsProbe(role: { id: number; title: string }, language: string): ProbeRecords {
  const tag = randomBytes(6).toString('hex')
  const complete = `coursebridge.check.${tag}`
  const invalid = `coursebridge.check.${tag}.x`
  const base = { language, action: 'Insert' as const, globalRole: role, lastname: 'check', email: 'coursebridge-check@example.invalid' }
  const users: ImportUser[] = [
    { ...base, id: `coursebridge_check_${tag}`, login: complete, firstname: 'coursebridge' },
    { ...base, id: `coursebridge_check_${tag}_x`, login: invalid }, // no first name: refused by every ILIAS
  ]
  return { xml: buildUserImportXml(users), complete, invalid }
}

/** Reads the probe's answer: the person fields the complete record was refused for. */
export function requiredFieldsFrom(rows: ImportResultRow[], probe: ProbeRecords): string[] {
  const imported = rows.find((r) => r.action !== '' || r.userid > 0)
  if (imported) {
    throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: 'importUsers', issue: `the check's probe was imported as account ${imported.userid} (${imported.login}); delete it in ILIAS` })
  }
  if (!rows.some((r) => r.login.toLowerCase() === probe.invalid)) {
    throw iliasError('ILIAS_UNEXPECTED_ANSWER', { function: 'importUsers', issue: 'the probe record without a first name was not refused' })
  }
  const fields = new Set<string>()
  for (const row of rows) {
    if (row.login.toLowerCase() !== probe.complete) continue
    const element = /"([A-Za-z]+)"/.exec(row.message)?.[1]
    if (element && element !== 'Insert') fields.add(personFieldOf[element] ?? element.toLowerCase())
  }
  return [...fields].sort()
}
