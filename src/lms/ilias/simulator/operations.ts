// The SOAP operations the connector uses, with ILIAS's checks in ILIAS's order and its exact
// fault strings (contracts/ilias/README.md §2–3; newest code path, PHP SoapServer).
import { randomBytes } from 'node:crypto'
import { el, renderXml, elOpen } from '../ilias-xml.ts'
import { importUsers, type Fault } from './import-users.ts'
import { passwordMatches, type IliasProfile, type IliasWorld, type MemberRole, type SimUser } from './world.ts'

export type Params = Record<string, string | string[]>

export type Answer =
  | { fault: Fault }
  /** Not SOAP at all: what ILIAS 5.2 prints for session/client errors and some LP errors. */
  | { raw: { status: number; contentType: string; body: string } }
  | { part: string; type: 'xsd:string' | 'xsd:int' | 'xsd:boolean'; value: string | number | boolean }
  | { part: string; type: 'ns1:intArray'; value: number[] }

export interface SimContext {
  world: IliasWorld
  client: string
  adminUser: string
  /** session id (the part before "::") → usr_id */
  sessions: Map<string, number>
  soapEnabled: boolean
  /** ILIAS_HTTP_PATH, used in DOCTYPE system ids. */
  httpPath: string
  profile: IliasProfile
  /** Extra time the current answer costs (importUsers: per record), read by the HTTP layer. */
  costMs?: number
  /** Records the last call carried (the users of an importUsers). */
  records?: number
}

const html = (body: string): Answer => ({ raw: { status: 200, contentType: 'text/html; charset=UTF-8', body } })
/** PHP 7.4's ext/soap refuses ILIAS's integer fault codes and sends an empty fault (live getProgressInfo_bad_ref_id). */
const emptyFault: Answer = {
  raw: {
    status: 500, contentType: 'text/xml; charset=utf-8',
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault/></SOAP-ENV:Body></SOAP-ENV:Envelope>\n',
  },
}

const str = (p: Params, name: string) => (typeof p[name] === 'string' ? (p[name] as string) : '')
// PHP's SoapServer turns a non-numeric xsd:int into 0.
const int = (p: Params, name: string) => (/^\s*-?\d+\s*$/.test(str(p, name)) ? Number(str(p, name)) : 0)
const ints = (p: Params, name: string) => (Array.isArray(p[name]) ? (p[name] as string[]).map(Number) : [])
const strings = (p: Params, name: string) => (Array.isArray(p[name]) ? (p[name] as string[]) : [])
const fault = (code: string, message: string): Answer => ({ fault: { code, message } })

/** ilSoapAdministration::checkSession. Returns the usr_id or a fault. */
function checkSession(ctx: SimContext, p: Params): number | Answer {
  const [session = '', client] = str(p, 'sid').split('::')
  // 5.2 reads the client from the sid before any SOAP code runs, and dies in its initialisation.
  if (ctx.profile.version === '5.2' && client === undefined) return html('Fatal Error: ilInitialisation::initClientIniFile called without CLIENT_ID.')
  if (session === '') return { fault: { code: 'Client', message: 'No session id given' } }
  if (!client) return { fault: { code: 'Client', message: 'No client given' } }
  const usrId = client === ctx.client ? ctx.sessions.get(session) : undefined
  if (usrId === undefined) return { fault: { code: 'Client', message: 'Session invalid' } }
  if (!ctx.soapEnabled) return { fault: { code: 'Server', message: 'SOAP is not enabled in ILIAS administration for this client' } }
  return usrId
}

type Handler = (ctx: SimContext, p: Params, usrId: number) => Answer

/** Resolves assignCourseMember's course_id: a course ref id, else the last reference of the obj id. */
function courseOf(ctx: SimContext, id: number): { objId: number } | { fault: Fault } {
  if (ctx.world.typeOfRef(id) === 'crs' && !ctx.world.refs.get(id)?.deleted) return { objId: ctx.world.refs.get(id)!.objId }
  const last = ctx.world.refsOf(id).at(-1)
  if (last !== undefined && ctx.world.typeOfRef(last) === 'crs') return { objId: ctx.world.refs.get(last)!.objId }
  return { fault: { code: 'Client', message: `Invalid course id. Object with id "${last ?? ''}" is not of type "course"` } }
}

function memberCheck(ctx: SimContext, p: Params): { objId: number; userId: number } | { fault: Fault } {
  const course = courseOf(ctx, int(p, 'course_id'))
  if ('fault' in course) return course
  const userId = int(p, 'user_id')
  if (!ctx.world.users.has(userId)) return { fault: { code: 'Client', message: `Invalid user id. User with id "${userId} does not exist` } }
  return { objId: course.objId, userId }
}

const lpOrder = [2, 1, 3, 4] as const
const infoStatusOfMark = (status: number | undefined) => (status === 1 || status === 2 || status === 3 ? status : 4)

function timestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19)
}

const sessionFree: Record<string, (ctx: SimContext, p: Params) => Answer> = {
  login(ctx, p) {
    if (str(p, 'client') !== ctx.client) {
      if (ctx.profile.version === '5.2') return html(`Client does not exist.<br /><a href="index.php?client_id=${ctx.client}">Please click to continue.</a>`)
      return fault('Server', `Client ${str(p, 'client')} does not exist`)
    }
    const user = ctx.world.userByLogin(str(p, 'username'))
    if (!user || !passwordMatches(user.password, str(p, 'password')) || !user.active) return fault('Server', 'err_wrong_login')
    const session = randomBytes(13).toString('hex')
    ctx.sessions.set(session, user.usrId)
    return { part: 'sid', type: 'xsd:string', value: `${session}::${ctx.client}` }
  },
  // Looks the sid up without the session check; an unknown sid builds a fault it never returns (README §2).
  getUserIdBySid(ctx, p) {
    if (ctx.profile.version === '5.2') {
      const usrId = checkSession(ctx, p)
      return typeof usrId === 'number' ? { part: 'usr_id', type: 'xsd:int', value: usrId } : usrId
    }
    const [session = '', client] = str(p, 'sid').split('::')
    const usrId = client === ctx.client ? ctx.sessions.get(session) : undefined
    return { part: 'usr_id', type: 'xsd:int', value: usrId ?? 0 }
  },
}

const withSession: Record<string, Handler> = {
  logout(ctx, p) {
    ctx.sessions.delete(str(p, 'sid').split('::')[0] ?? '')
    return { part: 'success', type: 'xsd:boolean', value: true }
  },
  lookupUser(ctx, p) {
    const name = str(p, 'user_name')
    if (name === '') return fault('Client', 'No username given. Aborting')
    return { part: 'usr_id', type: 'xsd:int', value: ctx.world.userByLogin(name)?.usrId ?? 0 }
  },
  importUsers(ctx, p) {
    const result = importUsers(ctx.world, ctx.profile, int(p, 'folder_id'), str(p, 'usr_xml'), int(p, 'conflict_rule'), ctx.httpPath)
    if ('fault' in result) return result
    ctx.costMs = ctx.profile.importCostMs * result.records
    ctx.records = result.records
    return { part: 'protocol', type: 'xsd:string', value: result.protocol }
  },
  searchUser(ctx, p) {
    const fields = strings(p, 'key_fields')
    const values = strings(p, 'key_values')
    const and = str(p, 'query_operator').toLowerCase() !== 'or'
    const column: Record<string, (u: SimUser) => string> = {
      login: (u) => u.login, email: (u) => u.email, firstname: (u) => u.firstname, lastname: (u) => u.lastname,
      ext_account: (u) => u.extAccount, matriculation: (u) => u.matriculation,
    }
    // ilUserSearch: LIKE %value%, values under 3 characters are left out (nothing to search: no user).
    const tests = fields.map((f, i) => ({ read: column[f], value: (values[i] ?? '').toLowerCase() }))
      .filter((t) => t.read !== undefined && t.value.length >= 3)
    const active = int(p, 'active')
    const users = tests.length === 0 ? [] : [...ctx.world.users.values()].filter((u) => {
      if (active === 0 && u.active) return false
      if (active === 1 && !u.active) return false
      const hits = tests.map((t) => t.read!(u).toLowerCase().includes(t.value))
      return and ? hits.every(Boolean) : hits.some(Boolean)
    })
    // 5.2's search writes every user with Language "en" (recorded; getUserXML has the real one).
    return { part: 'user_xml', type: 'xsd:string', value: usersXml(ctx, users, int(p, 'attach_roles') === 1, ctx.profile.version === '5.2' ? 'en' : undefined) }
  },
  getUserXML(ctx, p) {
    if (ctx.profile.version === '5.2') {
      const users = ints(p, 'user_ids').map((id) => ctx.world.users.get(id)).filter((u) => u !== undefined)
      return { part: 'xml', type: 'xsd:string', value: usersXml(ctx, users, int(p, 'attach_roles') === 1) }
    }
    const users = ints(p, 'user_ids').map((id) => ctx.world.users.get(id)).filter((u) => u !== undefined)
    const optional = (name: string, value: string) => (value !== '' ? el(name, {}, value) : undefined)
    const records = users.map((u) => el('User', { Id: `il_0_usr_${u.usrId}`, Language: u.language, Action: 'Update' },
      el('Login', {}, u.login), optional('Firstname', u.firstname), optional('Lastname', u.lastname), optional('Gender', u.gender),
      optional('Email', u.email), optional('Birthday', u.birthday), optional('PostalCode', u.postalCode),
      optional('PhoneOffice', u.phoneOffice), optional('PhoneHome', u.phoneHome), optional('PhoneMobile', u.phoneMobile),
      optional('Matriculation', u.matriculation), el('Active', {}, u.active ? 'true' : 'false'), el('AuthMode', { type: u.authMode })))
    const xml = `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE Users PUBLIC "-//ILIAS//DTD UserImport//EN" "${ctx.httpPath}/xml/ilias_user_5_1.dtd">` +
      `<!--User of ilias system-->${renderXml(elOpen('Users', {}, ...records))}`
    return { part: 'xml', type: 'xsd:string', value: xml }
  },
  getObjIdByImportId(ctx, p) {
    const importId = str(p, 'import_id')
    if (importId === '') return fault('Client', 'No import id given.')
    const newest = [...ctx.world.objects.values()].filter((o) => o.importId === importId).sort((a, b) => b.created - a.created)[0]
    return { part: 'obj_id', type: 'xsd:int', value: newest?.objId ?? 0 }
  },
  getRefIdsByObjId(ctx, p) {
    if (str(p, 'obj_id') === '') return fault('Client', 'No object id given.')
    return { part: 'ref_ids', type: 'ns1:intArray', value: ctx.world.refsOf(int(p, 'obj_id')) }
  },
  getObjectByReference(ctx, p) {
    const refId = int(p, 'reference_id')
    const ref = ctx.world.refs.get(refId)
    const object = ref ? ctx.world.objects.get(ref.objId) : undefined
    if (!ref || !object) return fault('Server', 'Cannot create object instance!')
    if (ref.deleted) return fault('Client', `Object with ID ${refId} has been deleted.`)
    const xml = '<?xml version="1.0" encoding="utf-8"?>' + renderXml(el('Objects', {}, el('Object', { type: object.type, obj_id: object.objId },
      el('Title', {}, object.title), el('Description'), el('Owner', {}, '6'), el('ImportId', {}, object.importId),
      el('References', { ref_id: refId, parent_id: ref.parentRefId, accessInfo: 'granted' }))))
    return { part: 'object_xml', type: 'xsd:string', value: xml }
  },
  assignCourseMember(ctx, p) {
    const check = memberCheck(ctx, p)
    if ('fault' in check) return check
    const type = str(p, 'type')
    if (type !== 'Admin' && type !== 'Tutor' && type !== 'Member') {
      return fault('Client', 'Invalid type given. Parameter "type" must be "Admin", "Tutor" or "Member"')
    }
    // ilParticipants::add returns false for anyone already assigned; the SOAP method ignores it.
    const members = ctx.world.courseMembers(check.objId)
    if (!members.has(check.userId)) members.set(check.userId, new Set<MemberRole>([type]))
    return { part: 'success', type: 'xsd:boolean', value: true }
  },
  excludeCourseMember(ctx, p) {
    const check = memberCheck(ctx, p)
    if ('fault' in check) return check
    const members = ctx.world.courseMembers(check.objId)
    const admins = [...members.values()].filter((roles) => roles.has('Admin')).length
    if (members.get(check.userId)?.has('Admin') && admins === 1) return fault('Server', 'Cannot deassign last administrator from course')
    members.delete(check.userId) // the course roles only; the account stays
    return { part: 'success', type: 'xsd:boolean', value: true }
  },
  isAssignedToCourse(ctx, p) {
    const check = memberCheck(ctx, p)
    if ('fault' in check) return check
    const roles = ctx.world.courseMembers(check.objId).get(check.userId)
    const value = roles?.has('Admin') ? 1 : roles?.has('Tutor') ? 3 : roles?.has('Member') ? 2 : 0
    return { part: 'role', type: 'xsd:int', value }
  },
  getLearningProgressChanges(ctx, p) {
    const since = str(p, 'timestamp')
    const types = strings(p, 'type_filter')
    const withRefs = str(p, 'include_ref_ids') === 'true' || str(p, 'include_ref_ids') === '1'
    // 5.2 compares the text as given: a value that is not a timestamp ("yesterday") matches every row.
    const wellFormed = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(since)
    const changes = [...ctx.world.lpMarks.values()]
      .filter((m) => (ctx.profile.version === '5.2' && !wellFormed) || timestamp(m.changedAt) >= since)
      .filter((m) => types.length === 0 || types.includes(ctx.world.objects.get(m.objId)?.type ?? ''))
      .sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || a.usrId - b.usrId)
      .map((m) => el('LPChange', {
        UserId: m.usrId, ObjId: m.objId, RefIds: withRefs ? ctx.world.refsOf(m.objId).join(',') : '',
        Timestamp: timestamp(m.changedAt), LPStatus: m.status,
      }))
    if (ctx.profile.version === '5.2') {
      const lines = changes.map((c) => `  ${renderXml(c)}\n`).join('')
      return { part: 'lp_data', type: 'xsd:string', value: `<?xml version="1.0" encoding="utf-8"?>\n<!--Generated by ILIAS XmlWriter-->\n<LPData>\n${lines}</LPData>` }
    }
    return { part: 'lp_data', type: 'xsd:string', value: `<?xml version="1.0" encoding="utf-8"?>${renderXml(elOpen('LPData', {}, ...changes))}` }
  },
  getProgressInfo(ctx, p) {
    if (ctx.profile.version === '5.2') return progressInfoLive(ctx, p)
    const refId = int(p, 'ref_id')
    const ref = ctx.world.refs.get(refId)
    const object = ref && !ref.deleted ? ctx.world.objects.get(ref.objId) : undefined
    if (!ref || !object) return fault('54', `Error 54: Invalid reference id ${refId} given`)
    const filter = ints(p, 'progress_filter')
    if (filter.some((f) => !(f >= 0 && f <= 4))) return fault('52', 'Error 52: Invalid filter type given')
    if (object.type !== 'crs') return fault('56', `Error 56: Learning progress not available for objects of type ${object.type}`)
    const wanted = filter.length === 0 || filter.includes(0) ? [...lpOrder] : lpOrder.filter((s) => filter.includes(s))
    const learners = new Set<number>()
    for (const [usrId, roles] of ctx.world.courseMembers(object.objId)) if (roles.has('Member')) learners.add(usrId)
    for (const mark of ctx.world.lpMarks.values()) if (mark.objId === object.objId) learners.add(mark.usrId)
    const statusOf = (usrId: number) => infoStatusOfMark(ctx.world.lpMarks.get(`${usrId}:${object.objId}`)?.status)
    const sorted = [...learners].filter((u) => ctx.world.users.has(u)).sort((a, b) => a - b)
    const summary = wanted.map((s) => el('Status', { type: s, num: sorted.filter((u) => statusOf(u) === s).length }))
    const users = wanted.flatMap((s) => sorted.filter((u) => statusOf(u) === s).map((usrId) => {
      const user = ctx.world.users.get(usrId)!
      return el('User', { id: usrId, status: s }, el('Login', {}, user.login), el('Firstname', {}, user.firstname), el('Lastname', {}, user.lastname))
    }))
    const xml = '<?xml version="1.0" encoding="utf-8"?>' + renderXml(elOpen('LearningProgressInfo', { ref_id: refId, type: object.type },
      el('LearningProgressSummary', {}, ...summary), el('UserProgress', {}, ...users)))
    return { part: 'user_results', type: 'xsd:string', value: xml }
  },
}

/** getProgressInfo as the live 5.2 answers it: current members only, values padded, errors not SOAP. */
function progressInfoLive(ctx: SimContext, p: Params): Answer {
  const refId = int(p, 'ref_id')
  const ref = ctx.world.refs.get(refId)
  const object = ref && !ref.deleted ? ctx.world.objects.get(ref.objId) : undefined
  const filter = ints(p, 'progress_filter')
  if (!ref || !object || filter.some((f) => !(f >= 0 && f <= 4))) return emptyFault
  if (object.type !== 'crs') return html('ilLPStatusFactory: unknown type 13')
  const wanted = filter.length === 0 || filter.includes(0) ? [...lpOrder] : lpOrder.filter((s) => filter.includes(s))
  const statusOf = (usrId: number) => infoStatusOfMark(ctx.world.lpMarks.get(`${usrId}:${object.objId}`)?.status)
  const members = [...ctx.world.courseMembers(object.objId)].filter(([usrId, roles]) => roles.has('Member') && ctx.world.users.has(usrId))
    .map(([usrId]) => usrId).sort((a, b) => a - b)
  const listed = wanted.flatMap((s) => members.filter((u) => statusOf(u) === s).map((usrId) => ({ usrId, status: s })))
  const open = `\n<LearningProgressInfo ref_id="${refId}" type="${object.type}">\n`
  const pad = (indent: string, name: string, value: string) => `${indent}<${name}>\n${indent}  ${escape(value)}\n${indent}</${name}>\n`
  const summary = wanted.map((s) => `    <Status type="${s}" num="${members.filter((u) => statusOf(u) === s).length}"/>\n`).join('')
  const users = listed.map(({ usrId, status }) => {
    const u = ctx.world.users.get(usrId)!
    return `    <User id="${usrId}" status="${status}">\n${pad('      ', 'Login', u.login)}${pad('      ', 'Firstname', u.firstname)}${pad('      ', 'Lastname', u.lastname)}    </User>\n`
  }).join('')
  return {
    part: 'user_results', type: 'xsd:string',
    value: `${open}  <LearningProgressSummary>\n${summary}  </LearningProgressSummary>\n  <UserProgress>\n${users}  </UserProgress>\n</LearningProgressInfo>`,
  }
}

function escape(value: string): string {
  return renderXml(value)
}

/** getUserXML / searchUser as ilUserXMLWriter writes them: only fields flagged for export (5.2: none by default). */
function usersXml(ctx: SimContext, users: SimUser[], attachRoles: boolean, language?: string): string {
  const exported = ctx.profile.exportFields
  const field = (flag: string, name: string, value: string) => (exported.has(flag) && value !== '' ? el(name, {}, value) : undefined)
  const records = users.map((u) => {
    const roles = attachRoles ? [
      ...[...u.globalRoles].sort((a, b) => a - b).map((id) => el('Role', { Id: `il_0_role_${id}`, Type: 'Global' }, ctx.world.globalRoles.get(id) ?? '')),
      ...[...ctx.world.members].flatMap(([objId, members]) => [...(members.get(u.usrId) ?? [])].map((role) => {
        const refId = ctx.world.refsOf(objId)[0] ?? 0
        const local = ctx.world.localRoles(objId)
        return el('Role', { Id: `il_0_role_${local[role]}`, Type: 'Local' }, `il_crs_${role.toLowerCase()}_${refId}`)
      })),
    ] : []
    return el('User', { Id: `il_0_usr_${u.usrId}`, Language: language ?? u.language, Action: 'Update' },
      el('Login', {}, u.login), ...roles,
      field('firstname', 'Firstname', u.firstname), field('lastname', 'Lastname', u.lastname), field('gender', 'Gender', u.gender),
      field('email', 'Email', u.email), field('birthday', 'Birthday', u.birthday), field('zipcode', 'PostalCode', u.postalCode),
      field('phone_office', 'PhoneOffice', u.phoneOffice), field('phone_home', 'PhoneHome', u.phoneHome),
      field('phone_mobile', 'PhoneMobile', u.phoneMobile), field('matriculation', 'Matriculation', u.matriculation),
      el('Active', {}, u.active ? 'true' : 'false'), el('TimeLimitOwner', {}, '7'), el('TimeLimitUnlimited', {}, '1'),
      el('TimeLimitMessage', {}, '0'), el('ApproveDate', {}, u.approveDate), el('AuthMode', { type: u.authMode }),
      // ExternalAccount is written whatever the export flags say (recorded: searchUser_by_ext_account).
      u.extAccount !== '' ? el('ExternalAccount', {}, u.extAccount) : undefined, el('LastUpdate', {}, u.lastUpdate))
  })
  return `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE Users PUBLIC "-//ILIAS//DTD UserImport//EN" "${ctx.httpPath}/xml/ilias_user_5_1.dtd">` +
    `<!--User of ilias system-->${renderXml(elOpen('Users', {}, elOpen('UDFDefinitions'), ...records))}`
}

/** Runs one operation; unknown names get PHP SoapServer's own fault. */
export function runOperation(ctx: SimContext, name: string, params: Params): Answer {
  ctx.costMs = 0
  ctx.records = 1
  const free = sessionFree[name]
  if (free) return free(ctx, params)
  const handler = withSession[name]
  if (!handler) return fault('Server', `Procedure '${name}' not present`)
  const usrId = checkSession(ctx, params)
  if (typeof usrId !== 'number') return usrId
  return handler(ctx, params, usrId)
}

export const supportedOperations = [...Object.keys(sessionFree), ...Object.keys(withSession)]
