// The Moodle connection check: every step of the web-service set-up asked of the live site, without side effects
// (no account, enrolment or cohort member is created or removed; see moodle-probes.ts for how).
// Items come in the order of the set-up: site, web services, REST, token, the seven functions, the optional
// ones, the thirteen capabilities, show user identity, site policy, profile fields, results plugin.
import type { ResolvedTarget, TargetSpec } from '../lms/lms-adapter.ts'
import { MoodleRestClient } from '../lms/moodle/moodle-rest-client.ts'
import { CheckList, isTlsErrorCode, transportNote, type CheckItem } from './check-item.ts'
import { say, type CheckText } from './check-text.ts'
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
  const rest = (reason: CheckText) => skipRemaining(list, reason, input)

  // One optional, read-only call first: it answers the site-wide questions and, when the function is in
  // the service, names the web-service user and its site-policy agreement.
  const siteInfo = await ask(client, 'core_webservice_get_site_info')
  const first = errorCode(siteInfo)
  if (first === 'LMS_UNREACHABLE' || first === 'LMS_TIMEOUT') {
    const error = (siteInfo as { error: { details: Record<string, unknown>; message: string } }).error
    const network = String(error.details['networkError'] ?? '')
    if (isTlsErrorCode(network)) list.fail('site', titles.site, say('check.tls', { code: network }), fixes.tls())
    else list.fail('site', titles.site, say('check.noAnswer', { lms: error.message }), fixes.site())
    rest(say('check.reason.siteSilent'))
    return list.items
  }
  if (first === 'MOODLE_ENDPOINT_NOT_FOUND' || first === 'LMS_BAD_ANSWER' || first === 'LMS_HTTP_ERROR') {
    const error = (siteInfo as { error: { message: string } }).error
    list.fail('site', titles.site, say('check.moodle.notRest', { lms: error.message }), fixes.site())
    rest(say('check.reason.notMoodle'))
    return list.items
  }
  const transport = transportNote(input.baseUrl, input.environment)
  if (transport.status === 'fail') list.fail('site', titles.site, transport.detail, fixes.http())
  else list.pass('site', titles.site, transport.detail)

  if (first === 'MOODLE_WEBSERVICES_DISABLED') {
    const ws = await webServicesSwitch(input.baseUrl, timeoutMs, fetchImpl)
    if (ws === 'off') {
      list.fail('webservices', titles.webServices, say('check.ws.offByToken'),
        fixes.webServices())
      list.unknown('rest-protocol', titles.rest, say('check.rest.cannotTell'), { fix: fixes.restProtocol() })
    } else if (ws === 'on') {
      list.pass('webservices', titles.webServices, say('check.ws.onByToken', { setting: 'Enable web services' }))
      list.fail('rest-protocol', titles.rest, say('check.rest.off'),
        fixes.restProtocol())
    } else {
      list.fail('webservices', titles.webServices, say('check.ws.either'),
        fixes.webServicesOrRest())
      list.unknown('rest-protocol', titles.rest, say('check.rest.either'), { fix: fixes.restProtocol() })
    }
    rest(say('check.reason.wsUnusable'))
    return list.items
  }
  list.pass('webservices', titles.webServices, say('check.rest.answers'))
  list.pass('rest-protocol', titles.rest, say('check.rest.answers'))
  if (first === 'MOODLE_INVALID_TOKEN') {
    list.fail('token', titles.token, say('check.token.unknown'), fixes.token())
    rest(say('check.reason.tokenInvalid'))
    return list.items
  }
  list.pass('token', titles.token, say('check.token.known'))

  const functions = new Map<string, Answer>()
  for (const fn of seedFunctions) functions.set(fn, await ask(client, fn))
  const completion = await ask(client, optionalFunctions[1])
  // Past the gate: any answer that is not an access refusal (an invalid-parameter answer included).
  const passedGate = [...functions.values(), siteInfo, completion].some((a) => !gateCodes.has(errorCode(a) ?? ''))
  if (!passedGate) {
    const hint = [...functions.values()].map(errorCode).find((c) => c === 'MOODLE_TOKEN_EXPIRED' || c === 'MOODLE_TOKEN_IP_RESTRICTED')
    list.fail('service-access', titles.access, hint
      ? say('check.access.reason', { reason: say(hint === 'MOODLE_TOKEN_EXPIRED' ? 'check.access.expired' : 'check.access.ip') })
      : say('check.access.refused', { lms: 'Access control exception' }),
      hint ? fixes.token() : fixes.serviceAccess())
    rest(say('check.reason.refusesAll'))
    return list.items
  }
  list.pass('service-access', titles.access, say('check.access.ok'))

  for (const fn of seedFunctions) functionItem(list, fn, functions.get(fn)!, fixes)
  optionalFunctionItem(list, optionalFunctions[0], siteInfo, fixes, say('check.why.siteInfo'))
  optionalFunctionItem(list, optionalFunctions[1], completion, fixes, say('check.why.completion'))

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
  if (code === 'MOODLE_INVALID_PARAMETER' || answer.ok) list.pass(`function:${fn}`, title, say('check.function.in'))
  else if (code && gateCodes.has(code)) list.fail(`function:${fn}`, title, say('check.function.refused', { lms: 'Access control exception' }), fixes.functionInService(fn))
  else if (code === 'MOODLE_UNKNOWN_FUNCTION') list.fail(`function:${fn}`, title, say('check.function.missing'), fixes.functionInService(fn))
  else list.unknown(`function:${fn}`, title, answer.ok ? say('check.unexpectedResult') : say('check.unexpected', { lms: answer.error.message }))
}

function optionalFunctionItem(list: CheckList, fn: string, answer: Answer, fixes: ReturnType<typeof moodleFixes>, why: CheckText) {
  const title = `Optional function ${fn}`
  const code = errorCode(answer)
  if (answer.ok || code === 'MOODLE_INVALID_PARAMETER') list.pass(`optional:${fn}`, title, say('check.optional.in', { why }), { required: false })
  // 'unknown' rather than 'fail': the service needs only the seven required functions, and coursebridge works without it.
  else if (code && gateCodes.has(code)) list.unknown(`optional:${fn}`, title, say('check.optional.out', { why }), { required: false, fix: fixes.functionInService(fn) })
  else list.unknown(`optional:${fn}`, title, say('check.optional.unexpected', { lms: answer.ok ? '' : answer.error.message }), { required: false })
}

const versionTitle = 'Moodle version supported (4.1 LTS, 4.5 LTS or 5.0)'

function versionItem(list: CheckList, version: VersionFinding | null, fixes: ReturnType<typeof moodleFixes>) {
  if (!version) {
    list.unknown('moodle-version', versionTitle, say('check.version.none'),
      { required: false })
  } else if (version.tooOld || !version.line) {
    list.fail('moodle-version', versionTitle, say('check.version.unsupported', { how: version.how }),
      fixes.upgrade())
  } else list.pass('moodle-version', versionTitle, say('check.version.found', { line: moodleVersionLabels[version.line], how: version.how }))
}

function fullnamesItem(list: CheckList, f: CapabilityFindings, version: VersionFinding | null, fixes: ReturnType<typeof moodleFixes>) {
  const [cap, name] = viewFullnames
  const id = `capability:${cap}`
  const title = `Capability ${cap} (${name}; needed on Moodle 4.1 and 5.0)`
  const line = version?.line ? moodleVersionLabels[version.line] : say('check.names.thisMoodle')
  if (f.namesShown === true) list.pass(id, title, say('check.names.shown'))
  else if (f.namesShown === false) {
    list.fail(id, title, say('check.names.hidden', { line, cap }), fixes.capability(cap, name))
  } else {
    list.unknown(id, title, say('check.names.notChecked'), {
      required: version?.line !== '4.5', fix: fixes.capability(cap, name),
    })
  }
}

function identityItem(list: CheckList, f: CapabilityFindings, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Show user identity includes ID number (persons are found by ID number)'
  const setting = say('check.identity.setting')
  if (f.idnumberLookup === 'found') list.pass('showuseridentity', title, say('check.identity.found', { setting }))
  else if (f.idnumberLookup === 'hidden') {
    list.fail('showuseridentity', title, say('check.identity.hidden', { setting }), fixes.showUserIdentity())
  } else list.unknown('showuseridentity', title, say('check.identity.unknown', { reason: f.idnumberReason ?? '', setting }), { fix: fixes.showUserIdentity() })
}

function sitePolicyItem(list: CheckList, f: CapabilityFindings, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Site policy agreed by the web-service user'
  if (f.policyBlocked) {
    list.fail('site-policy', title, say('check.policy.blocked', { auth: 'Web services authentication' }), fixes.sitePolicy())
  } else if (f.policyAgreed === false) {
    list.pass('site-policy', title, say('check.policy.notAccepted', { auth: 'Web services authentication' }), { fix: fixes.sitePolicy() })
  } else if (f.bodyReached) list.pass('site-policy', title, say(f.policyAgreed ? 'check.policy.agreed' : 'check.policy.noRefusal'))
  else list.unknown('site-policy', title, say('check.policy.unknown'), { fix: fixes.sitePolicy() })
}

function profileFieldItems(list: CheckList, f: CapabilityFindings, input: MoodleCheckInput, fixes: ReturnType<typeof moodleFixes>) {
  for (const shortname of input.profileFields ?? []) {
    const id = `profile-field:${shortname}`
    const title = `Custom profile field ${shortname} exists`
    const held = f.records.some((r) => r.fields.has(shortname))
    const sent = f.records.filter((r) => (r.expected[shortname] ?? '') !== '')
    if (held) list.pass(id, title, say('check.profile.held'))
    else if (sent.length > 0) {
      list.fail(id, title, say('check.profile.missing', { accounts: sent.map((r) => r.id).join(', ') }), fixes.profileField(shortname))
    } else {
      list.unknown(id, title, say('check.profile.unknown'), { fix: fixes.profileField(shortname) })
    }
  }
}

const pluginContactKinds = { 'test-event': say('check.plugin.testEvent'), result: say('check.plugin.result'), 'managed-courses': say('check.plugin.courses') }

function resultsPluginItem(list: CheckList, input: MoodleCheckInput, fixes: ReturnType<typeof moodleFixes>) {
  const title = 'Results plugin local_coursebridge installed and pointing at coursebridge'
  const contact = input.pluginContact
  if (contact) {
    // Signed with this connection's webhook secret: only the plugin set up for this connection can have sent it.
    list.pass('results-plugin', title, say('check.plugin.contact', { what: pluginContactKinds[contact.kind], at: `${contact.at.toISOString().replace('T', ' ').slice(0, 16)} UTC` }), { required: false })
    return
  }
  list.unknown('results-plugin', title,
    say('check.plugin.unknown', { button: 'Send test event' }), { required: false, fix: fixes.resultsPlugin() })
}

/** Every item after a site-wide stop, marked as not checked (so the list always has the same shape). */
function skipRemaining(list: CheckList, reason: CheckText, input: MoodleCheckInput) {
  const done = new Set(list.items.map((i) => i.id))
  const add = (id: string, title: string, required = true) => {
    if (!done.has(id)) list.unknown(id, title, say('check.notChecked', { reason }), { required })
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
