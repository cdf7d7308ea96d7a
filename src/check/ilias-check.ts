// The ILIAS connection check: the SOAP script answers SOAP, the SOAP account logs in, "Administration
// via SOAP" is on, the user folder takes an import, which user fields ILIAS requires for new accounts,
// and every course definition points at a course. Nothing is created: the import probe
// (ilias-required-fields.ts) carries one record every ILIAS refuses, and importUsers imports nothing of
// a call with a refused record (live 5.2 recording importUsers_batch_3_second_bad), yet lists what the
// other record lacks ("Gender", required by default in ILIAS 5.x).
import { LmsError, type TargetSpec } from '../lms/lms-adapter.ts'
import { IliasAdapter } from '../lms/ilias/ilias-adapter.ts'
import { IliasSoapClient } from '../lms/ilias/ilias-soap-client.ts'
import { parseImportResult } from '../lms/ilias/ilias-user-xml.ts'
import { requiredFieldsFrom, requiredFieldsProbe } from '../lms/ilias/ilias-required-fields.ts'
import { standardGlobalRoles } from '../lms/ilias/ilias-types.ts'
import { CheckList, checkFix, isTlsErrorCode, transportNote, type CheckFix, type CheckItem } from './check-item.ts'
import { say, type CheckText } from './check-text.ts'

export interface IliasCheckInput {
  baseUrl: string
  client: string
  username: string
  password: string
  environment: 'live' | 'training' | 'sandbox'
  /** importUsers folder of the connection (-1 = System User Folder). */
  userFolderRefId?: number | string
  globalRole?: string
  timeoutMs?: number
  /** The course definitions of this connection. */
  courses?: { code: string; target: TargetSpec }[]
}

const titles = {
  site: 'ILIAS server reachable (https, valid certificate)',
  soap: 'SOAP endpoint answers SOAP',
  login: 'SOAP login works (client, user, password)',
  admin: '"Administration via SOAP" enabled',
  folder: 'User folder accepts imports',
  role: 'Global role for new accounts usable',
  required: 'User fields ILIAS requires for new accounts',
}

function iliasFixes(baseUrl: string) {
  const root = baseUrl.replace(/(\/webservice)?\/soap\/server\.php.*$/, '').replace(/\/+$/, '')
  const admin = `${root}/ilias.php?baseClass=ilAdministrationGUI`
  return {
    site: (): CheckFix => checkFix(say('check.fix.iliasSite'), say('check.menu.baseUrl'), `${root}/`),
    tls: (): CheckFix => checkFix(say('check.fix.iliasTls'), say('check.menu.webServer', { lmsName: 'ILIAS' }), `${root}/`),
    http: (): CheckFix => checkFix(say('check.fix.iliasHttp'), say('check.menu.webServerThenConnection'), `${root}/`),
    soap: (): CheckFix => checkFix(say('check.fix.iliasSoap'), say('check.menu.baseUrl'), `${root}/`),
    login: (): CheckFix => checkFix(say('check.fix.iliasLogin'), 'Administration > Users and Roles > User Management', admin),
    admin: (): CheckFix => checkFix(say('check.fix.tick', { setting: 'Administration via SOAP' }), 'Administration > System Settings and Maintenance > Server > tab "SOAP"', admin),
    folder: (): CheckFix => checkFix(say('check.fix.iliasFolder'), 'Administration > Users and Roles > Roles (permissions of the SOAP account\'s role)', admin),
    role: (): CheckFix => checkFix(say('check.fix.iliasRole'), 'Administration > Users and Roles > Roles', admin),
    required: (): CheckFix => checkFix(say('check.fix.iliasRequired', { setting: 'Required' }),
      'Administration > Users and Roles > User Management > Settings > Standard Fields (column "Required")', admin),
    course: (): CheckFix => checkFix(say('check.fix.iliasCourse'), say('check.menu.courseDefinition'), `${root}/`),
  }
}

export async function checkIlias(input: IliasCheckInput): Promise<CheckItem[]> {
  const list = new CheckList()
  const fixes = iliasFixes(input.baseUrl)
  const courses = (input.courses ?? []).filter((c) => c.target.type === 'ilias-course')
  const skip = (reason: CheckText) => {
    const done = new Set(list.items.map((i) => i.id))
    for (const [id, title] of [['soap-endpoint', titles.soap], ['login', titles.login], ['soap-administration', titles.admin],
      ['user-folder', titles.folder], ['required-fields', titles.required], ['global-role', titles.role]] as const) {
      if (!done.has(id)) list.unknown(id, title, say('check.notChecked', { reason }))
    }
    for (const c of courses) list.unknown(`course:${c.code}`, courseTitle(c.code), say('check.notChecked', { reason }))
  }
  const soap = new IliasSoapClient({
    baseUrl: input.baseUrl, client: input.client, username: input.username, password: input.password, timeoutMs: input.timeoutMs ?? 15_000,
  })
  try {
    // lookupUser of the SOAP account's own login: needs a login and passes the "SOAP enabled" check, needs no permission.
    const own = await attempt(() => soap.call('lookupUser', { user_name: { type: 'string', value: input.username } }))
    const code = own.ok ? null : own.error.code
    if (code === 'LMS_UNREACHABLE' || code === 'LMS_TIMEOUT') {
      const errno = own.ok ? '' : String(own.error.details['errno'] ?? '')
      if (isTlsErrorCode(errno)) list.fail('site', titles.site, say('check.tls', { code: errno }), fixes.tls())
      else list.fail('site', titles.site, say('check.noAnswer', { lms: own.ok ? '' : own.error.message }), fixes.site())
      skip(say('check.reason.serverSilent'))
      return list.items
    }
    const transport = transportNote(input.baseUrl, input.environment)
    if (transport.status === 'fail') list.fail('site', titles.site, transport.detail, fixes.http())
    else list.pass('site', titles.site, transport.detail)
    if (code === 'ILIAS_NOT_SOAP_ENDPOINT' || code === 'ILIAS_HTTP_ERROR') {
      list.fail('soap-endpoint', titles.soap, say('check.ilias.notSoap', { lms: own.ok ? '' : own.error.message }), fixes.soap())
      skip(say('check.reason.notIliasSoap'))
      return list.items
    }
    list.pass('soap-endpoint', titles.soap, say('check.ilias.soap'))
    if (code === 'ILIAS_LOGIN_FAILED' || code === 'ILIAS_SESSION_INVALID') {
      list.fail('login', titles.login, say('check.ilias.loginRefused', { lms: own.ok ? '' : String(own.error.details['faultstring'] ?? own.error.message) }), fixes.login())
      skip(say('check.reason.loginFailed'))
      return list.items
    }
    list.pass('login', titles.login, say('check.ilias.loggedIn', { client: input.client, user: input.username }))
    if (code === 'ILIAS_SOAP_DISABLED') {
      list.fail('soap-administration', titles.admin, say('check.ilias.soapDisabled', { lms: 'SOAP is not enabled in ILIAS administration for this client' }), fixes.admin())
      skip(say('check.reason.soapOff', { setting: 'Administration via SOAP' }))
      return list.items
    }
    if (!own.ok) list.unknown('soap-administration', titles.admin, say('check.unexpected', { lms: own.error.message }), { fix: fixes.admin() })
    else list.pass('soap-administration', titles.admin, say('check.ilias.callAnswered'))

    await folderItem(list, soap, input, fixes)
    list.unknown('global-role', titles.role, say('check.ilias.role', { role: input.globalRole ?? 'User' }), { fix: fixes.role() })
    await courseItems(list, input, courses, fixes)
    return list.items
  } finally {
    await soap.logout().catch(() => undefined)
  }
}

async function folderItem(list: CheckList, soap: IliasSoapClient, input: IliasCheckInput, fixes: ReturnType<typeof iliasFixes>) {
  const folder = input.userFolderRefId === undefined || input.userFolderRefId === '' ? -1 : Number(input.userFolderRefId)
  const name = folder === -1 ? say('check.ilias.systemFolder') : say('check.ilias.folderRef', { ref: folder })
  const roleTitle = input.globalRole || 'User'
  const probe = requiredFieldsProbe({ id: standardGlobalRoles[roleTitle] ?? 4, title: roleTitle }, 'en')
  const answer = await attempt(() => soap.call('importUsers', {
    folder_id: { type: 'int', value: folder }, usr_xml: { type: 'string', value: probe.xml },
    conflict_rule: { type: 'int', value: 1 }, send_account_mail: { type: 'int', value: 0 },
  }, 2))
  if (!answer.ok) {
    list.unknown('required-fields', titles.required, say('check.ilias.folderProbeRefused'), { required: false })
    const { code } = answer.error
    if (code === 'ILIAS_IMPORT_FOLDER_INVALID' || code === 'ILIAS_PERMISSION_DENIED') {
      list.fail('user-folder', titles.folder, say('check.ilias.folderRefused', { folder: name, lms: String(answer.error.details['faultstring'] ?? answer.error.message) }), fixes.folder())
    } else list.unknown('user-folder', titles.folder, say('check.unexpected', { lms: answer.error.message }), { fix: fixes.folder() })
    return
  }
  const rows = answer.value.kind === 'scalar' ? safeRows(answer.value.text) : null
  if (rows && rows.length > 0 && rows.every((r) => r.action === '')) {
    list.pass('user-folder', titles.folder, say('check.ilias.folderOk', { folder: name }))
  } else {
    list.unknown('user-folder', titles.folder, say('check.ilias.folderOdd'), { fix: fixes.folder() })
    list.unknown('required-fields', titles.required, say('check.ilias.requiredOdd'), { required: false })
    return
  }
  let fields: string[]
  try {
    fields = requiredFieldsFrom(rows, probe)
  } catch (error) {
    list.unknown('required-fields', titles.required, error instanceof LmsError ? say('check.lms', { lms: String(error.details['issue'] ?? error.message) }) : say('check.ilias.unreadable'), { required: false })
    return
  }
  // Not required for the connection: persons that have the fields get accounts; the others wait for data.
  if (fields.length === 0) list.pass('required-fields', titles.required, say('check.ilias.requiredNone'), { required: false })
  else list.fail('required-fields', titles.required, say(fields.length > 1 ? 'check.ilias.requiredMany' : 'check.ilias.requiredOne', { fields: fields.join(', ') }), fixes.required(), { required: false })
}

async function courseItems(list: CheckList, input: IliasCheckInput, courses: { code: string; target: TargetSpec }[], fixes: ReturnType<typeof iliasFixes>) {
  if (courses.length === 0) return
  // Only resolveTarget is used: the role id merely satisfies the constructor for any role title.
  const adapter = new IliasAdapter({
    baseUrl: input.baseUrl, client: input.client, username: input.username, password: input.password,
    timeoutMs: input.timeoutMs ?? 15_000, globalRoleId: 4,
  })
  try {
    for (const course of courses) {
      const result = await attempt(() => adapter.resolveTarget(course.target))
      const ref = course.target.type === 'ilias-course' ? course.target.refId : ''
      if (result.ok) list.pass(`course:${course.code}`, courseTitle(course.code), say('check.ilias.courseOk', { ref, lms: result.value.label }))
      else if (['ILIAS_WRONG_OBJECT_TYPE', 'ILIAS_OBJECT_NOT_FOUND', 'ILIAS_PERMISSION_DENIED'].includes(result.error.code)) {
        const type = result.error.details['type']
        list.fail(`course:${course.code}`, courseTitle(course.code), type ? say('check.ilias.courseRefType', { ref, lms: result.error.message, type: String(type) }) : say('check.ilias.courseRef', { ref, lms: result.error.message }), fixes.course())
      } else list.unknown(`course:${course.code}`, courseTitle(course.code), say('check.ilias.courseRef', { ref, lms: result.error.message }), { fix: fixes.course() })
    }
  } finally {
    await adapter.close().catch(() => undefined)
  }
}

const courseTitle = (code: string) => `Course definition ${code} points at an ILIAS course`

function safeRows(text: string) {
  try {
    return parseImportResult(text)
  } catch {
    return null
  }
}

async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: LmsError }> {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    if (error instanceof LmsError) return { ok: false, error }
    throw error
  }
}
