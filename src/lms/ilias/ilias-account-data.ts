// Person data on its way into ILIAS and accounts on their way out, in the port's terms.
import type { LmsAccount } from '../lms-adapter.ts'
import { iliasError } from './ilias-errors.ts'
import { isIliasLogin } from './ilias-login-rules.ts'
import type { IliasUserRecord } from './ilias-types.ts'
import { iliasExtraFields, usrIdOf, type IliasExtraField } from './ilias-user-xml.ts'
import { hasIllegalXmlChar } from './ilias-xml.ts'

export function accountOf(r: IliasUserRecord): LmsAccount {
  const fields: Record<string, string> = {}
  const extras: Record<IliasExtraField, string> = {
    zipcode: r.postalCode, birthday: r.birthday, phoneHome: r.phoneHome, phoneMobile: r.phoneMobile, phoneOffice: r.phoneOffice,
  }
  for (const [k, v] of Object.entries(extras)) if (v !== '') fields[k] = v
  // getUserXML always carries the address; '' means the account has none. null would tell the domain
  // "not shown, leave it alone" (Moodle without the identity capability), and it would never be filled in.
  return {
    lmsUserId: usrIdOf(r), loginName: r.login, externalKey: null, firstName: r.firstname, lastName: r.lastname,
    email: r.email, suspended: r.active === 'false', fields,
  }
}

export function extrasOf(fields: Record<string, string>): Partial<Record<IliasExtraField, string>> {
  const extras: Partial<Record<IliasExtraField, string>> = {}
  for (const [k, v] of Object.entries(fields)) extras[k as IliasExtraField] = v
  return extras
}

/** Refuses, before any call, what ILIAS would refuse or what XML cannot carry. */
export function checkAccountData(login: string, values: (string | undefined)[], fields: Record<string, string>): void {
  if (!isIliasLogin(login)) throw iliasError('ILIAS_FIELD_INVALID', { field: 'loginName', loginName: login })
  for (const [name, value] of Object.entries(fields)) {
    if (!(name in iliasExtraFields)) throw iliasError('ILIAS_FIELD_INVALID', { field: name, loginName: login }, `ILIAS has no field "${name}"`)
    if (name === 'birthday' && value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw iliasError('ILIAS_FIELD_INVALID', { field: 'birthday', loginName: login }, 'birthday must be YYYY-MM-DD')
    }
  }
  if ([...values, ...Object.values(fields)].some((v) => v !== undefined && hasIllegalXmlChar(v))) {
    throw iliasError('ILIAS_FIELD_INVALID', { field: 'character', loginName: login }, 'a value holds a control character')
  }
}
