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
import { CheckList, isTlsErrorCode, transportNote, type CheckFix, type CheckItem } from './check-item.ts'

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
    site: (): CheckFix => ({ text: 'Check the SOAP URL of the connection and that the ILIAS server is up.', menuPath: 'coursebridge > Connections > edit > Base URL', adminUrl: `${root}/` }),
    tls: (): CheckFix => ({ text: 'Install a valid certificate for the ILIAS server (trusted issuer, this host name, not expired).', menuPath: 'Web server of the ILIAS site (outside ILIAS)', adminUrl: `${root}/` }),
    http: (): CheckFix => ({ text: 'Serve ILIAS over https and change the URL of the connection to https://.', menuPath: 'Web server of the ILIAS site; then coursebridge > Connections > edit', adminUrl: `${root}/` }),
    soap: (): CheckFix => ({
      text: 'Set the URL to https://<host>/<ilias>/webservice/soap/server.php (ILIAS ≤ 9) or https://<host>/soap/server.php (ILIAS 10).',
      menuPath: 'coursebridge > Connections > edit > Base URL', adminUrl: `${root}/`,
    }),
    login: (): CheckFix => ({
      text: 'Check client id, user name and password of the connection; in ILIAS the SOAP account must be active, use local authentication and have accepted the user agreement.',
      menuPath: 'Administration > Users and Roles > User Management', adminUrl: admin,
    }),
    admin: (): CheckFix => ({ text: 'Tick "Administration via SOAP" and save.', menuPath: 'Administration > System Settings and Maintenance > Server > tab "SOAP"', adminUrl: admin }),
    folder: (): CheckFix => ({
      text: 'Set the user folder of the connection to -1 (System User Folder) or to a category with local user administration, and give the SOAP account "create_usr" there.',
      menuPath: 'Administration > Users and Roles > Roles (permissions of the SOAP account\'s role)', adminUrl: admin,
    }),
    role: (): CheckFix => ({
      text: 'Check that the global role of the connection exists (normally "User", id 4) and may be assigned by the SOAP account.',
      menuPath: 'Administration > Users and Roles > Roles', adminUrl: admin,
    }),
    required: (): CheckFix => ({
      text: 'Persons without these fields wait for data (a notification names the field): send them from the training system ' +
        '(gender: female or male; ILIAS stores no other value), or untick "Required" for the field in ILIAS.',
      menuPath: 'Administration > Users and Roles > User Management > Settings > Standard Fields (column "Required")', adminUrl: admin,
    }),
    course: (): CheckFix => ({
      text: 'Open the course itself in ILIAS (not its category) and put the number after "ref_id=" into the course definition.',
      menuPath: 'coursebridge > Course definitions > edit', adminUrl: `${root}/`,
    }),
  }
}

export async function checkIlias(input: IliasCheckInput): Promise<CheckItem[]> {
  const list = new CheckList()
  const fixes = iliasFixes(input.baseUrl)
  const courses = (input.courses ?? []).filter((c) => c.target.type === 'ilias-course')
  const skip = (reason: string) => {
    const done = new Set(list.items.map((i) => i.id))
    for (const [id, title] of [['soap-endpoint', titles.soap], ['login', titles.login], ['soap-administration', titles.admin],
      ['user-folder', titles.folder], ['required-fields', titles.required], ['global-role', titles.role]] as const) {
      if (!done.has(id)) list.unknown(id, title, `not checked: ${reason}`)
    }
    for (const c of courses) list.unknown(`course:${c.code}`, courseTitle(c.code), `not checked: ${reason}`)
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
      if (isTlsErrorCode(errno)) list.fail('site', titles.site, `the TLS certificate is not accepted (${errno})`, fixes.tls())
      else list.fail('site', titles.site, `no answer: ${own.ok ? '' : own.error.message}`, fixes.site())
      skip('the server did not answer')
      return list.items
    }
    const transport = transportNote(input.baseUrl, input.environment)
    if (transport.status === 'fail') list.fail('site', titles.site, transport.detail, fixes.http())
    else list.pass('site', titles.site, transport.detail)
    if (code === 'ILIAS_NOT_SOAP_ENDPOINT' || code === 'ILIAS_HTTP_ERROR') {
      list.fail('soap-endpoint', titles.soap, `the address answers, but not with a SOAP envelope (${own.ok ? '' : own.error.message})`, fixes.soap())
      skip('the address is not ILIAS\'s SOAP server')
      return list.items
    }
    list.pass('soap-endpoint', titles.soap, 'the address answers SOAP')
    if (code === 'ILIAS_LOGIN_FAILED' || code === 'ILIAS_SESSION_INVALID') {
      list.fail('login', titles.login, `ILIAS refused the login: ${own.ok ? '' : String(own.error.details['faultstring'] ?? own.error.message)}`, fixes.login())
      skip('the login failed')
      return list.items
    }
    list.pass('login', titles.login, `logged in to client ${input.client} as ${input.username}`)
    if (code === 'ILIAS_SOAP_DISABLED') {
      list.fail('soap-administration', titles.admin, 'ILIAS accepts the login but refuses every other call: "SOAP is not enabled in ILIAS administration for this client"', fixes.admin())
      skip('"Administration via SOAP" is off')
      return list.items
    }
    if (!own.ok) list.unknown('soap-administration', titles.admin, `unexpected answer: ${own.error.message}`, { fix: fixes.admin() })
    else list.pass('soap-administration', titles.admin, 'a call after the login was answered')

    await folderItem(list, soap, input, fixes)
    list.unknown('global-role', titles.role, `ILIAS checks the role ("${input.globalRole ?? 'User'}") only in the import stage, after validation, when ` +
      'the account is really created; coursebridge does not create a test account. The first account created proves it ' +
      '(else notification ILIAS_GLOBAL_ROLE_MISSING or ILIAS_ROLE_NOT_PERMITTED).', { fix: fixes.role() })
    await courseItems(list, input, courses, fixes)
    return list.items
  } finally {
    await soap.logout().catch(() => undefined)
  }
}

async function folderItem(list: CheckList, soap: IliasSoapClient, input: IliasCheckInput, fixes: ReturnType<typeof iliasFixes>) {
  const folder = input.userFolderRefId === undefined || input.userFolderRefId === '' ? -1 : Number(input.userFolderRefId)
  const name = folder === -1 ? 'the System User Folder' : `folder ref ${folder}`
  const roleTitle = input.globalRole || 'User'
  const probe = requiredFieldsProbe({ id: standardGlobalRoles[roleTitle] ?? 4, title: roleTitle }, 'en')
  const answer = await attempt(() => soap.call('importUsers', {
    folder_id: { type: 'int', value: folder }, usr_xml: { type: 'string', value: probe.xml },
    conflict_rule: { type: 'int', value: 1 }, send_account_mail: { type: 'int', value: 0 },
  }, 2))
  if (!answer.ok) {
    list.unknown('required-fields', titles.required, 'not checked: the user folder refused the probe', { required: false })
    const { code } = answer.error
    if (code === 'ILIAS_IMPORT_FOLDER_INVALID' || code === 'ILIAS_PERMISSION_DENIED') {
      list.fail('user-folder', titles.folder, `ILIAS refused an import into ${name}: ${String(answer.error.details['faultstring'] ?? answer.error.message)}`, fixes.folder())
    } else list.unknown('user-folder', titles.folder, `unexpected answer: ${answer.error.message}`, { fix: fixes.folder() })
    return
  }
  const rows = answer.value.kind === 'scalar' ? safeRows(answer.value.text) : null
  if (rows && rows.length > 0 && rows.every((r) => r.action === '')) {
    list.pass('user-folder', titles.folder, `ILIAS accepted ${name} and validated the probe records (refused, as intended: nothing imported)`)
  } else {
    list.unknown('user-folder', titles.folder, 'ILIAS answered the validation probe in an unexpected way', { fix: fixes.folder() })
    list.unknown('required-fields', titles.required, 'not checked: the probe was answered in an unexpected way', { required: false })
    return
  }
  let fields: string[]
  try {
    fields = requiredFieldsFrom(rows, probe)
  } catch (error) {
    list.unknown('required-fields', titles.required, error instanceof LmsError ? String(error.details['issue'] ?? error.message) : 'unreadable answer', { required: false })
    return
  }
  // Not required for the connection: persons that have the fields get accounts; the others wait for data.
  if (fields.length === 0) list.pass('required-fields', titles.required, 'none beyond login name, names, e-mail and role', { required: false })
  else list.fail('required-fields', titles.required, `${fields.join(', ')} required: ILIAS refuses a new account without ${fields.length > 1 ? 'them' : 'it'}`, fixes.required(), { required: false })
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
      if (result.ok) list.pass(`course:${course.code}`, courseTitle(course.code), `ref ${ref} is the course "${result.value.label}"`)
      else if (['ILIAS_WRONG_OBJECT_TYPE', 'ILIAS_OBJECT_NOT_FOUND', 'ILIAS_PERMISSION_DENIED'].includes(result.error.code)) {
        const type = result.error.details['type']
        list.fail(`course:${course.code}`, courseTitle(course.code), `ref ${ref}: ${result.error.message}${type ? ` (type ${String(type)})` : ''}`, fixes.course())
      } else list.unknown(`course:${course.code}`, courseTitle(course.code), `ref ${ref}: ${result.error.message}`, { fix: fixes.course() })
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
