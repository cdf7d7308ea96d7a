// The Moodle connection check: every step of the web-service set-up asked of the live site, without side effects
// (no account, enrolment or cohort member is created or removed; see moodle-probes.ts for how).
// Items come in the order of the set-up: site, web services, REST, token, the seven functions, the optional
// ones, the thirteen capabilities, show user identity, site policy, profile fields, results plugin.
import type { ResolvedTarget, TargetSpec } from '../lms/lms-adapter.ts'
import { MoodleRestClient } from '../lms/moodle/moodle-rest-client.ts'
import { CheckList, isTlsErrorCode, transportNote, type CheckItem } from './check-item.ts'
import { moodleFixes } from './moodle-fixes.ts'
import { ask, errorCode, gateCodes, optionalFunctions, seedCapabilities, seedFunctions, viewFullnames, webServicesSwitch, type Answer } from './moodle-probes.ts'
import { probeCapabilities, type CapabilityFindings } from './moodle-capabilities.ts'
import { versionFromAnswers, versionFromSiteInfo, type VersionFinding } from './moodle-version.ts'
import { moodleVersionLabels } from '../lms/moodle/moodle-versions.ts'

export interface MoodleCheckInput {
  baseUrl: string
  token: string
  environment: 'live' | 'training' | 'sandbox'
  timeoutMs?: number
  fetch?: typeof fetch
  /** Accounts coursebridge linked on this connection, with the external key and profile-field values it sends for them. */
  knownAccounts?: { lmsUserId: string; externalKey: string; fields: Record<string, string> }[]
  /** The course definitions of this connection (their targets are where enrol and cohort capabilities are probed). */
  targets?: { code: string; target: TargetSpec; resolved: ResolvedTarget | null; role: string | null }[]
  /** Custom profile-field shortnames the connection's field mapping writes. */
  profileFields?: string[]
  /** The last request the results plugin signed with this connection's webhook secret (none: never heard from). */
  pluginContact?: { at: Date; kind: 'test-event' | 'result' | 'managed-courses' } | null
}

const titles = {
  site: 'Moodle site reachable (https, valid certificate)',
  webServices: 'Web services enabled',
  rest: 'REST protocol enabled',
  token: 'Token valid',
  access: 'Token\'s service usable (enabled, user authorised, token not expired or IP-restricted)',
}

export async function checkMoodle(input: MoodleCheckInput): Promise<CheckItem[]> {
  const fetchImpl = input.fetch ?? globalThis.fetch
  const timeoutMs = input.timeoutMs ?? 15_000
  const fixes = moodleFixes(input.baseUrl)
  const client = new MoodleRestClient({ baseUrl: input.baseUrl, token: input.token, timeoutMs, fetch: fetchImpl })
  const list = new CheckList()
  const rest = (reason: string) => skipRemaining(list, reason, input)

  // One optional, read-only call first: it answers the site-wide questions and, when the function is in
  // the service, names the web-service user and its site-policy agreement.
  const siteInfo = await ask(client, 'core_webservice_get_site_info')
  const first = errorCode(siteInfo)
  if (first === 'LMS_UNREACHABLE' || first === 'LMS_TIMEOUT') {
    const error = (siteInfo as { error: { details: Record<string, unknown>; message: string } }).error
    const network = String(error.details['networkError'] ?? '')
    if (isTlsErrorCode(network)) list.fail('site', titles.site, `the TLS certificate is not accepted (${network})`, fixes.tls())
    else list.fail('site', titles.site, `no answer: ${error.message}`, fixes.site())
    rest('the site did not answer')
    return list.items
  }
  if (first === 'MOODLE_ENDPOINT_NOT_FOUND' || first === 'LMS_BAD_ANSWER' || first === 'LMS_HTTP_ERROR') {
    const error = (siteInfo as { error: { message: string } }).error
    list.fail('site', titles.site, `the server answered, but not as Moodle's REST web service: ${error.message}`, fixes.site())
    rest('the address does not answer as Moodle web services')
    return list.items
  }
  const transport = transportNote(input.baseUrl, input.environment)
  if (transport.status === 'fail') list.fail('site', titles.site, transport.detail, fixes.http())
  else list.pass('site', titles.site, transport.detail)

  if (first === 'MOODLE_WEBSERVICES_DISABLED') {
    const ws = await webServicesSwitch(input.baseUrl, timeoutMs, fetchImpl)
    if (ws === 'off') {
      list.fail('webservices', titles.webServices, 'Moodle answers HTTP 403 with an empty page and login/token.php says web services are disabled',
        fixes.webServices())
      list.unknown('rest-protocol', titles.rest, 'not checked: Moodle cannot tell while web services are off', { fix: fixes.restProtocol() })
    } else if (ws === 'on') {
      list.pass('webservices', titles.webServices, 'login/token.php answers, so "Enable web services" is on')
      list.fail('rest-protocol', titles.rest, 'Moodle answers HTTP 403 with an empty page although web services are on: the REST protocol is off',
        fixes.restProtocol())
    } else {
      list.fail('webservices', titles.webServices, 'web services or REST off: Moodle answers HTTP 403 with an empty page, which it does for both',
        fixes.webServicesOrRest())
      list.unknown('rest-protocol', titles.rest, 'cannot be told apart from web services being off (see the item before)', { fix: fixes.restProtocol() })
    }
    rest('web services are not usable')
    return list.items
  }
  list.pass('webservices', titles.webServices, 'the REST server answers')
  list.pass('rest-protocol', titles.rest, 'the REST server answers')
  if (first === 'MOODLE_INVALID_TOKEN') {
    list.fail('token', titles.token, 'Moodle does not know the token (mistyped, deleted, or expired and removed by Moodle)', fixes.token())
    rest('the token is not valid')
    return list.items
  }
  list.pass('token', titles.token, 'Moodle knows the token')

  const functions = new Map<string, Answer>()
  for (const fn of seedFunctions) functions.set(fn, await ask(client, fn))
  const completion = await ask(client, optionalFunctions[1])
  // Past the gate: any answer that is not an access refusal (an invalid-parameter answer included).
  const passedGate = [...functions.values(), siteInfo, completion].some((a) => !gateCodes.has(errorCode(a) ?? ''))
  if (!passedGate) {
    const hint = [...functions.values()].map(errorCode).find((c) => c === 'MOODLE_TOKEN_EXPIRED' || c === 'MOODLE_TOKEN_IP_RESTRICTED')
    list.fail('service-access', titles.access, hint
      ? `Moodle names the reason (debugging is on): ${hint === 'MOODLE_TOKEN_EXPIRED' ? 'the token has expired' : 'the token is restricted to other IP addresses'}`
      : 'Moodle refuses every function with "Access control exception": the service is disabled, the user is not authorised, the token ' +
        'expired or is IP-restricted, or the role lacks webservice/rest:use — production Moodle does not say which',
      hint ? fixes.token() : fixes.serviceAccess())
    rest('Moodle refuses every function (see "Token\'s service usable")')
    return list.items
  }
  list.pass('service-access', titles.access, 'Moodle lets the token call functions of its service')

  for (const fn of seedFunctions) functionItem(list, fn, functions.get(fn)!, fixes)
  optionalFunctionItem(list, optionalFunctions[0], siteInfo, fixes, 'coursebridge uses it to name the web-service user and read its site-policy agreement')
  optionalFunctionItem(list, optionalFunctions[1], completion, fixes, 'needed only to read course completion by polling (also needs report/completion:view)')

  const findings = await probeCapabilities(client, input, functions, siteInfo, fixes)
  const version = versionFromSiteInfo(siteInfo) ?? versionFromAnswers([...findings.answers, ...functions.values()])
  versionItem(list, version, fixes)
  for (const item of findings.items) list.items.push(item)
  fullnamesItem(list, findings, version, fixes)
  identityItem(list, findings, fixes)
  sitePolicyItem(list, findings, fixes)
  profileFieldItems(list, findings, input, fixes)
  resultsPluginItem(list, input, fixes)
  return list.items
}

function functionItem(list: CheckList, fn: string, answer: Answer, fixes: ReturnType<typeof moodleFixes>) {
  const title = `Function ${fn} in the service`
  const code = errorCode(answer)
  if (code === 'MOODLE_INVALID_PARAMETER' || answer.ok) list.pass(`function:${fn}`, title, 'in the service (probed without parameters, Moodle checked them: nothing ran)')
  else if (code && gateCodes.has(code)) list.fail(`function:${fn}`, title, 'Moodle refuses it with "Access control exception" while other functions pass: it is not in the token\'s service', fixes.functionInService(fn))
  else if (code === 'MOODLE_UNKNOWN_FUNCTION') list.fail(`function:${fn}`, title, 'this Moodle does not have the function (an older version?)', fixes.functionInService(fn))
  else list.unknown(`function:${fn}`, title, `unexpected answer: ${answer.ok ? 'a result' : answer.error.message}`)
}

function optionalFunctionItem(list: CheckList, fn: string, answer: Answer, fixes: ReturnType<typeof moodleFixes>, why: string) {
  const title = `Optional function ${fn}`
  const code = errorCode(answer)
  if (answer.ok || code === 'MOODLE_INVALID_PARAMETER') list.pass(`optional:${fn}`, title, `optional, in the service: ${why}`, { required: false })
  // 'unknown' rather than 'fail': the service needs only the seven required functions, and coursebridge works without it.
  else if (code && gateCodes.has(code)) list.unknown(`optional:${fn}`, title, `optional, not in the service: ${why}`, { required: false, fix: fixes.functionInService(fn) })
  else list.unknown(`optional:${fn}`, title, `optional; unexpected answer: ${answer.ok ? '' : answer.error.message}`, { required: false })
}

const versionTitle = 'Moodle version supported (4.1 LTS, 4.5 LTS or 5.0)'

function versionItem(list: CheckList, version: VersionFinding | null, fixes: ReturnType<typeof moodleFixes>) {
  if (!version) {
    list.unknown('moodle-version', versionTitle, 'no answer showed the version; with core_webservice_get_site_info in the service the check reads it',
      { required: false })
  } else if (version.tooOld || !version.line) {
    list.fail('moodle-version', versionTitle, `${version.how}; coursebridge supports Moodle 4.1 LTS, 4.5 LTS and 5.0`,
      fixes.upgrade())
  } else list.pass('moodle-version', versionTitle, `${moodleVersionLabels[version.line]}: ${version.how}`)
}

function fullnamesItem(list: CheckList, f: CapabilityFindings, version: VersionFinding | null, fixes: ReturnType<typeof moodleFixes>) {
  const [cap, name] = viewFullnames
  const id = `capability:${cap}`
  const title = `Capability ${cap} (${name}; needed on Moodle 4.1 and 5.0)`
  const line = version?.line ? moodleVersionLabels[version.line] : 'This Moodle'
  if (f.namesShown === true) list.pass(id, title, 'looked-up accounts come back with first and last name')
  else if (f.namesShown === false) {
    list.fail(id, title, `${line} leaves first and last name out of user records without ${cap}: coursebridge then cannot see ` +
      'the names in Moodle (it never sends them as changed, so a corrected name does not reach Moodle)', fixes.capability(cap, name))
  } else {
    list.unknown(id, title, 'not checked: no account was looked up (see the capabilities above)', {
      required: version?.line !== '4.5', fix: fixes.capability(cap, name),
    })
  }
}

function identityItem(list: CheckList, f: CapabilityFindings, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Show user identity includes ID number (persons are found by ID number)'
  const setting = 'The setting itself cannot be read through web services; with moodle/user:viewalldetails Moodle shows ' +
    'ID numbers to the web-service user whatever it says (recorded with showuseridentity=email).'
  if (f.idnumberLookup === 'found') list.pass('showuseridentity', title, `an account coursebridge linked is found by its ID number. ${setting}`)
  else if (f.idnumberLookup === 'hidden') {
    list.fail('showuseridentity', title, 'an account coursebridge linked is visible by id but not found by its ID number: the ID number is ' +
      `hidden from the web-service user. ${setting}`, fixes.showUserIdentity())
  } else list.unknown('showuseridentity', title, `${f.idnumberReason} ${setting}`, { fix: fixes.showUserIdentity() })
}

function sitePolicyItem(list: CheckList, f: CapabilityFindings, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Site policy agreed by the web-service user'
  if (f.policyBlocked) {
    list.fail('site-policy', title, 'Moodle refuses calls with "sitepolicynotagreed": a compulsory site policy is active and the web-service ' +
      'user (whose authentication is not "Web services authentication") has not accepted it', fixes.sitePolicy())
  } else if (f.policyAgreed === false) {
    list.pass('site-policy', title, 'the web-service user has not accepted the site policy, but Moodle 4.5 does not ask users with ' +
      '"Web services authentication" (calls succeed). Accept it on the user\'s behalf anyway if its authentication may change.', { fix: fixes.sitePolicy() })
  } else if (f.bodyReached) list.pass('site-policy', title, f.policyAgreed ? 'agreed (site info says so)' : 'no call was refused for the site policy')
  else list.unknown('site-policy', title, 'no probe reached the site-policy check', { fix: fixes.sitePolicy() })
}

function profileFieldItems(list: CheckList, f: CapabilityFindings, input: MoodleCheckInput, fixes: ReturnType<typeof moodleFixes>) {
  for (const shortname of input.profileFields ?? []) {
    const id = `profile-field:${shortname}`
    const title = `Custom profile field ${shortname} exists`
    const held = f.records.some((r) => r.fields.has(shortname))
    const sent = f.records.filter((r) => (r.expected[shortname] ?? '') !== '')
    if (held) list.pass(id, title, 'an account coursebridge linked holds a value in it')
    else if (sent.length > 0) {
      list.fail(id, title, `coursebridge sent a value for it to account ${sent.map((r) => r.id).join(', ')}, but Moodle holds none: Moodle ` +
        'silently ignores values for profile fields that do not exist (or the value was cleared in Moodle)', fixes.profileField(shortname))
    } else {
      list.unknown(id, title, 'Moodle returns only profile fields that hold a value, and no linked account has one for this field, so a ' +
        'missing field cannot be told from an empty one', { fix: fixes.profileField(shortname) })
    }
  }
}

const pluginContactKinds = { 'test-event': 'its test event', result: 'a result', 'managed-courses': 'its request for the managed courses' }

function resultsPluginItem(list: CheckList, input: MoodleCheckInput, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Results plugin local_coursebridge installed and pointing at coursebridge'
  const contact = input.pluginContact
  if (contact) {
    // Signed with this connection's webhook secret: only the plugin set up for this connection can have sent it.
    list.pass('results-plugin', title, `installed: it sent ${pluginContactKinds[contact.kind]}, signed with this connection's webhook ` +
      `secret, on ${contact.at.toISOString().replace('T', ' ').slice(0, 16)} UTC`, { required: false })
    return
  }
  list.unknown('results-plugin', title,
    'not heard from yet: the plugin is not visible through the web services; it counts as installed once it has sent a signed ' +
    'test event ("Send test event" in its settings) or a result for this connection', { required: false, fix: fixes.resultsPlugin() })
}

/** Every item after a site-wide stop, marked as not checked (so the list always has the same shape). */
function skipRemaining(list: CheckList, reason: string, input: MoodleCheckInput) {
  const done = new Set(list.items.map((i) => i.id))
  const add = (id: string, title: string, required = true) => {
    if (!done.has(id)) list.unknown(id, title, `not checked: ${reason}`, { required })
  }
  add('webservices', titles.webServices)
  add('rest-protocol', titles.rest)
  add('token', titles.token)
  add('service-access', titles.access)
  for (const fn of seedFunctions) add(`function:${fn}`, `Function ${fn} in the service`)
  for (const fn of optionalFunctions) add(`optional:${fn}`, `Optional function ${fn}`, false)
  add('moodle-version', versionTitle, false)
  for (const [cap, name] of capabilityTitles()) add(`capability:${cap}`, name)
  add(`capability:${viewFullnames[0]}`, `Capability ${viewFullnames[0]} (${viewFullnames[1]}; needed on Moodle 4.1 and 5.0)`)
  add('showuseridentity', 'Show user identity includes ID number (persons are found by ID number)')
  add('site-policy', 'Site policy agreed by the web-service user')
  for (const shortname of input.profileFields ?? []) add(`profile-field:${shortname}`, `Custom profile field ${shortname} exists`)
  add('results-plugin', 'Results plugin local_coursebridge installed and pointing at coursebridge', false)
}

function capabilityTitles(): [string, string][] {
  return seedCapabilities.map(([cap, name]) => [cap, `Capability ${cap} (${name})`])
}
