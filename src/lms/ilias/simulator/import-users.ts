// importUsers as ilSoapUserAdministration::importUsers + ilUserImportParser do it (README §3):
// (1) well-formedness → Client fault, (2) folder → Server fault, (3) VERIFY pass — any warning or
// failure returns the protocol and imports nothing, (4) role check → Server fault, (5) IMPORT pass
// returning the user mapping. Conflict rules: 1 fail, 2 update, 3 ignore (any other value = 1).
import { asArray, attrOf, createXmlParser, el, renderXml, elOpen, textOf } from '../ilias-xml.ts'
import { checkWellFormed } from './xml-check.ts'
import type { IliasWorld, SimUser } from './world.ts'

export interface Fault {
  code: string
  message: string
}

interface Row {
  userid: number
  login: string
  action: string
  message: string
}

const parser = createXmlParser(['User', 'Role'])

/** The XMLResultSet ILIAS answers with (ilXMLResultSetWriter). */
export function resultSetXml(rows: Row[], httpPath: string): string {
  const colspecs = el('colspecs', {}, ...['userid', 'login', 'action', 'message'].map((name, idx) => el('colspec', { idx, name })))
  const body = rows.map((r) => elOpen('row', {}, ...[String(r.userid), r.login, r.action, r.message].map((v) => elOpen('column', {}, v))))
  return `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE result PUBLIC "-//ILIAS//DTD XMLResultSet//EN" "${httpPath}/xml/ilias_xml_resultset_3_7.dtd">` +
    renderXml(el('result', {}, colspecs, elOpen('rows', {}, ...body)))
}

/** `il_<inst>_<type>_<id>` or a plain number → the id (the simulator's installation id is 0). */
function internalId(value: string, type: string): number | null {
  if (/^\d+$/.test(value)) return Number(value)
  const m = new RegExp(`^il_0_${type}_(\\d+)$`).exec(value)
  return m ? Number(m[1]) : null
}

interface Record_ {
  node: Record<string, unknown>
  id: string
  action: string
  login: string
  has: (element: string) => boolean
  text: (element: string) => string
}

export function importUsers(world: IliasWorld, folderId: number, xml: string, conflictRule: number, httpPath: string): { fault: Fault } | { protocol: string } {
  const malformed = checkWellFormed(xml)
  if (malformed) return { fault: { code: 'Client', message: malformed } }

  if (folderId !== -1 && folderId !== 0) {
    const ref = world.refs.get(folderId)
    if (!ref || ref.deleted) return { fault: { code: 'Server', message: 'Wrong reference id.' } }
    const type = world.typeOfRef(folderId)
    if (type !== 'usrf' && type !== 'cat') return { fault: { code: 'Server', message: 'Folder must be a usr folder or a category.' } }
  }
  const rule = conflictRule === 2 || conflictRule === 3 ? conflictRule : 1

  const doc = parser.parse(xml) as Record<string, unknown>
  const usersNode = doc['Users']
  const records: Record_[] = asArray(usersNode && typeof usersNode === 'object' ? (usersNode as Record<string, unknown>)['User'] : undefined)
    .map((u) => {
      const node = u as Record<string, unknown>
      return {
        node, id: attrOf(node, 'Id') ?? '', action: attrOf(node, 'Action') ?? 'Insert', login: textOf(node['Login']),
        has: (element: string) => element in node, text: (element: string) => textOf(node[element]),
      }
    })

  const target = (r: Record_): SimUser | undefined => {
    const id = internalId(r.id, 'usr')
    return id !== null ? world.users.get(id) : world.userByLogin(r.login)
  }

  // VERIFY
  const problems: Row[] = []
  const problem = (login: string, message: string) => problems.push({ userid: 0, login: login || '---', action: '', message })
  const loginsInFile = new Set<string>()
  for (const r of records) {
    const roles = asArray(r.node['Role'])
    if (r.action === 'Insert') {
      for (const element of ['Login', 'Firstname', 'Lastname']) {
        if (r.text(element) === '') problem(r.login, `Element "${element}" must be specified for "Insert" action.`)
      }
      if (!roles.some((role) => attrOf(role, 'Type') === 'Global')) problem(r.login, 'At least one global role must be specified for "Insert" action.')
      if (r.login !== '' && world.userByLogin(r.login) && rule === 1) problem(r.login, 'Can\'t perform ‘Insert’ action. User is already in database.')
    } else if (r.action === 'Update' || r.action === 'Delete') {
      const user = target(r)
      if (!user) problem(r.login, `Can't perform ‘${r.action}’ action. No such user in database.`)
      const owner = r.login !== '' ? world.userByLogin(r.login) : undefined
      if (user && owner && owner.usrId !== user.usrId) problem(r.login, 'Login is not unique.')
    }
    if (r.login !== '') {
      if (loginsInFile.has(r.login.toLowerCase())) problem(r.login, 'Login is not unique.')
      loginsInFile.add(r.login.toLowerCase())
    }
    const passwordType = attrOf(r.node['Password'], 'Type')
    if (r.has('Password') && passwordType !== 'PLAIN' && passwordType !== 'BCRYPT') {
      problem(r.login, `Value "${passwordType ?? ''}" of attribute "Type" in element "Password" is illegal.`)
    }
    const gender = r.text('Gender')
    if (r.has('Gender') && !['m', 'f', 'n'].includes(gender)) problem(r.login, `Content "${gender}" of element "Gender" is illegal.`)
  }
  if (problems.length > 0) return { protocol: resultSetXml(problems, httpPath) }

  // ROLES
  for (const r of records) {
    for (const role of asArray(r.node['Role'])) {
      const id = internalId(attrOf(role, 'Id') ?? '', 'role')
      if (attrOf(role, 'Type') === 'Global' && (id === null || !world.globalRoles.has(id))) {
        return {
          fault: {
            code: 'Server',
            message: `Could not find role ${textOf(role)}. Either you use an invalid/deleted role or you try to assign a local role into the non-standard user folder and this role is not in its subtree.`,
          },
        }
      }
    }
  }

  // IMPORT
  const mapping: Row[] = []
  for (const r of records) {
    if (r.action === 'Insert') {
      const existing = world.userByLogin(r.login)
      if (existing && rule === 3) continue // ignored: no row, the caller looks the user up
      if (existing) {
        apply(world, existing, r)
        mapping.push({ userid: existing.usrId, login: existing.login, action: 'Update', message: 'successful' })
        continue
      }
      const usrId = world.addUser({ login: r.login, importId: r.id, language: attrOf(r.node, 'Language') ?? 'en', globalRoles: [] })
      const user = world.users.get(usrId)!
      apply(world, user, r)
      mapping.push({ userid: usrId, login: user.login, action: 'Insert', message: 'successful' })
    } else if (r.action === 'Update') {
      const user = target(r)!
      apply(world, user, r)
      mapping.push({ userid: user.usrId, login: user.login, action: 'Update', message: 'successful' })
    } else if (r.action === 'Delete') {
      const user = target(r)!
      world.deleteUser(user.usrId)
      mapping.push({ userid: user.usrId, login: user.login, action: 'Delete', message: 'successful' })
    }
  }
  return { protocol: resultSetXml(mapping, httpPath) }
}

const fieldElements: [keyof SimUser, string][] = [
  ['firstname', 'Firstname'], ['lastname', 'Lastname'], ['email', 'Email'], ['gender', 'Gender'], ['birthday', 'Birthday'],
  ['postalCode', 'PostalCode'], ['phoneOffice', 'PhoneOffice'], ['phoneHome', 'PhoneHome'], ['phoneMobile', 'PhoneMobile'],
  ['matriculation', 'Matriculation'],
]

/** Copies the elements present in the record onto the user (absent elements keep their value). */
function apply(world: IliasWorld, user: SimUser, r: Record_): void {
  const values = user as unknown as Record<string, unknown>
  for (const [field, element] of fieldElements) if (r.has(element)) values[field] = r.text(element)
  if (r.login !== '') user.login = r.login
  if (r.has('Password')) user.password = r.text('Password')
  if (r.has('Active')) user.active = r.text('Active') === 'true'
  if (r.has('AuthMode')) user.authMode = attrOf(r.node['AuthMode'], 'type') ?? user.authMode
  for (const role of asArray(r.node['Role'])) {
    const id = internalId(attrOf(role, 'Id') ?? '', 'role')
    if (id === null || attrOf(role, 'Type') !== 'Global') continue
    if (attrOf(role, 'Action') === 'Detach') user.globalRoles.delete(id)
    else user.globalRoles.add(id)
  }
  const object = world.objects.get(user.usrId)
  if (object) object.title = `${user.firstname} ${user.lastname}`.trim()
}
