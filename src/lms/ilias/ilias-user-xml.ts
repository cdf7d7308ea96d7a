// The user-import document (DTD ilias_user_5_1, contracts/ilias/dtd/) and the two XML answers
// about users: the importUsers result listing and getUserXML's user records.
import { z } from 'zod'
import { asArray, attrOf, createXmlParser, el, renderXml, textOf, type XmlElement } from './ilias-xml.ts'
import { importResultRow, iliasUserRecord, type ImportResultRow, type IliasUserRecord } from './ilias-types.ts'

/** ILIAS profile fields the field mapping may fill, by the port's field name → DTD element. */
export const iliasExtraFields = {
  zipcode: 'PostalCode',
  birthday: 'Birthday',
  phoneHome: 'PhoneHome',
  phoneMobile: 'PhoneMobile',
  phoneOffice: 'PhoneOffice',
} as const
export type IliasExtraField = keyof typeof iliasExtraFields

export interface ImportUser {
  /** User@Id: the import id on Insert (non-numeric!), the ILIAS usr_id on Update. */
  id: string
  language: string
  action: 'Insert' | 'Update'
  login: string
  /** Insert needs at least one global role; Role@Id is the role's obj id. */
  globalRole?: { id: number; title: string }
  password?: string
  firstname?: string
  lastname?: string
  /** Only lowercase m or f: ILIAS 5.x refuses anything else ("Content "M" of element "Gender" is illegal"). */
  gender?: 'm' | 'f'
  email?: string
  extras?: Partial<Record<IliasExtraField, string>>
}

// Element order of the DTD's User content model, for the elements we send.
const elementOrder = ['Password', 'Firstname', 'Lastname', 'Gender', 'Email', 'Birthday', 'PostalCode', 'PhoneOffice', 'PhoneHome', 'PhoneMobile'] as const

function userElement(user: ImportUser): XmlElement {
  const values: Partial<Record<(typeof elementOrder)[number], string>> = {
    Firstname: user.firstname,
    Lastname: user.lastname,
    Gender: user.gender,
    Email: user.email,
  }
  for (const [field, element] of Object.entries(iliasExtraFields) as [IliasExtraField, (typeof elementOrder)[number]][]) {
    const value = user.extras?.[field]
    if (value !== undefined) values[element] = value
  }
  const children: (XmlElement | undefined)[] = [
    el('Login', {}, user.login),
    user.globalRole ? el('Role', { Id: user.globalRole.id, Type: 'Global', Action: 'Assign' }, user.globalRole.title) : undefined,
    user.password !== undefined ? el('Password', { Type: 'PLAIN' }, user.password) : undefined,
  ]
  for (const name of elementOrder) {
    if (name === 'Password') continue
    const value = values[name]
    if (value !== undefined) children.push(el(name, {}, value))
  }
  if (user.action === 'Insert') {
    children.push(el('Active', {}, 'true'), el('TimeLimitUnlimited', {}, '1'), el('AuthMode', { type: 'default' }))
  }
  return el('User', { Id: user.id, Language: user.language, Action: user.action }, ...children)
}

/** The usr_xml argument of importUsers. Every value is escaped by the writer. */
export function buildUserImportXml(users: ImportUser[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${renderXml(el('Users', {}, ...users.map(userElement)))}`
}

const resultParser = createXmlParser(['colspec', 'row', 'column'])

/**
 * Reads an XMLResultSet (ilias_xml_resultset_3_7.dtd). importUsers answers with one: either the
 * user mapping (userid, login, action Insert|Update|Delete, message "successful") or the protocol
 * of problems (userid 0, empty action, message) — a listing, not a fault.
 */
export function parseImportResult(xml: string): ImportResultRow[] {
  const doc = resultParser.parse(xml) as Record<string, unknown>
  const result = z.object({
    colspecs: z.object({ colspec: z.array(z.unknown()) }),
    rows: z.union([z.literal(''), z.object({ row: z.array(z.unknown()).optional() })]),
  }).parse(doc['result'])
  const names = result.colspecs.colspec.map((c) => ({ idx: Number(attrOf(c, 'idx')), name: attrOf(c, 'name') ?? '' }))
  const rows = typeof result.rows === 'string' ? [] : (result.rows.row ?? [])
  return rows.map((row) => {
    // ILIAS pads values in some answers (live 5.2, trap 12): every value is trimmed where it is read.
    const columns = asArray((row as Record<string, unknown>)['column']).map((c) => textOf(c).trim())
    const record: Record<string, string> = {}
    for (const { idx, name } of names) record[name] = columns[idx] ?? ''
    return importResultRow.parse(record)
  })
}

const usersParser = createXmlParser(['User'])

/** Reads getUserXML's `<Users>`; records that are not users (or are malformed) fail validation loudly. */
export function parseUserXml(xml: string): IliasUserRecord[] {
  const doc = usersParser.parse(xml) as Record<string, unknown>
  const users = doc['Users']
  if (users === undefined || users === '' ) return []
  return asArray((users as Record<string, unknown>)['User']).map((u) => {
    const node = u as Record<string, unknown>
    return iliasUserRecord.parse({
      id: attrOf(node, 'Id') ?? '',
      language: attrOf(node, 'Language') ?? '',
      login: textOf(node['Login']).trim(),
      firstname: textOf(node['Firstname']).trim(),
      lastname: textOf(node['Lastname']).trim(),
      email: textOf(node['Email']).trim(),
      active: textOf(node['Active']).trim(),
      postalCode: textOf(node['PostalCode']).trim(),
      birthday: textOf(node['Birthday']).trim(),
      phoneHome: textOf(node['PhoneHome']).trim(),
      phoneMobile: textOf(node['PhoneMobile']).trim(),
      phoneOffice: textOf(node['PhoneOffice']).trim(),
    })
  })
}

/** The usr_id inside `il_<inst_id>_usr_<usr_id>`. */
export function usrIdOf(record: IliasUserRecord): string {
  return record.id.replace(/^il_\d+_usr_/, '')
}
