// webservice/rest/server.php: protocol gate, token authentication, function lookup, service check,
// parameter validation, execution, and the JSON / XML rendering - in Moodle's order
// (webservice/lib.php webservice_base_server::run and webservice_server::authenticate_user).
import type { CallContext, WsFunction } from './call-context.ts'
import {
  exceptionToJson, functionNotAllowedText, invalidParameter, missingRecord, moodleException, MoodleException,
  webserviceAccess, type ErrorContext,
} from './moodle-exceptions.ts'
import { validateParameters } from './param-validation.ts'
import { exceptionToXml, phpJsonEncode, resultToXml } from './php-encoding.ts'
import type { PhpArray } from './php-form.ts'
import type { SimState, SimToken } from './state.ts'

export interface HttpAnswer {
  status: number
  contentType: string
  body: string
}

/** Headers of every REST answer as recorded (minus PHP's x-powered-by). */
export const restHeaders: Record<string, string> = {
  'cache-control': 'private, must-revalidate, pre-check=0, post-check=0, max-age=0',
  expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  pragma: 'no-cache',
  'accept-ranges': 'none',
  'access-control-allow-origin': '*',
}

export interface RestRequest {
  params: PhpArray
  remoteIp: string
  now: number
  siteUrl: string
}

// Request keys the REST server consumes itself; everything else is a function parameter.
const serverKeys = ['wstoken', 'wsfunction', 'moodlewsrestformat', 'moodlewssettingfilter', 'moodlewssettingfileurl', 'moodlewssettinglang', 'moodlewssettingtimezone']

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** address_in_subnet() for the forms a token restriction uses: exact IPs, "a.b.c." prefixes, CIDR. */
function addressAllowed(ip: string, restriction: string): boolean {
  return restriction.split(',').map((s) => s.trim()).filter(Boolean).some((rule) => {
    if (rule.includes('/')) {
      const [net, bitsText] = rule.split('/') as [string, string]
      const toInt = (a: string) => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0
      const bits = Number(bitsText)
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
      return (toInt(ip) & mask) === (toInt(net) & mask)
    }
    return rule.endsWith('.') ? ip.startsWith(rule) : ip === rule
  })
}

function authenticate(state: SimState, ec: ErrorContext, req: RestRequest): SimToken {
  const token = state.tokens.get(str(req.params.get('wstoken')))
  if (!token) throw moodleException(ec, 'invalidtoken', 'webservice')
  if (token.validUntil && token.validUntil < req.now) {
    // Moodle deletes an expired token on first use (recorded: auth.token-expired notes).
    state.tokens.delete(token.token)
    throw webserviceAccess(ec, 'Invalid token - token expired - check validuntil time for the token')
  }
  if (token.ipRestriction && !addressAllowed(req.remoteIp, token.ipRestriction)) {
    throw webserviceAccess(ec, `Invalid service - IP:${req.remoteIp} is not supported - check this allowed user`)
  }
  const user = state.users.get(token.userId)
  if (!user || user.deleted) throw moodleException(ec, 'wsaccessuserdeleted', 'webservice', user?.username ?? '')
  if (user.suspended) throw moodleException(ec, 'wsaccessusersuspended', 'webservice', user.username)
  if (!state.adminIds.has(user.id) && !state.capabilities.has('webservice/rest:use')) {
    throw webserviceAccess(ec, 'You are not allowed to use the {$a} protocol (missing capability: webservice/rest:use)')
  }
  return token
}

export function handleRest(state: SimState, registry: Map<string, WsFunction>, req: RestRequest): HttpAnswer {
  const { settings } = state
  if (!settings.enablewebservices || !settings.webserviceprotocols.includes('rest')) {
    return { status: 403, contentType: 'text/html; charset=utf-8', body: '' }
  }
  const json = str(req.params.get('moodlewsrestformat')) === 'json'
  const ec: ErrorContext = { debug: settings.debug, profile: state.profile }
  try {
    const token = authenticate(state, ec, req)
    const functionName = str(req.params.get('wsfunction'))
    if (functionName === '') throw invalidParameter(ec, 'Missing function name')
    const fn = registry.get(functionName)
    if (!fn) throw missingRecord(ec, 'external_functions', 'SELECT * FROM {external_functions} WHERE name = ?', [functionName])
    const service = state.services.get(token.serviceId)
    const allowed = service && service.enabled && service.functions.includes(functionName) &&
      (!service.restrictedUsers || service.authorisedUsers.has(token.userId))
    if (!allowed) throw webserviceAccess(ec, functionNotAllowedText(functionName))
    const args: PhpArray = new Map(req.params)
    for (const key of serverKeys) args.delete(key)
    const ctx: CallContext = {
      debug: ec.debug, profile: state.profile, state, user: state.users.get(token.userId)!, serviceId: token.serviceId, now: req.now, siteUrl: req.siteUrl,
      echoed: [],
    }
    const params = validateParameters(ctx, fn.params, args) as Record<string, unknown>
    const result = fn.run(ctx, params)
    const echoed = ctx.echoed?.join('') ?? ''
    return json
      ? { status: 200, contentType: 'application/json', body: echoed + phpJsonEncode(result) }
      : { status: 200, contentType: 'application/xml; charset=utf-8', body: resultToXml(result) }
  } catch (e) {
    if (!(e instanceof MoodleException)) throw e
    return json
      ? { status: 200, contentType: 'application/json', body: phpJsonEncode(exceptionToJson(e, ec.debug)) }
      : { status: 200, contentType: 'application/xml; charset=utf-8', body: exceptionToXml(e, ec.debug) }
  }
}
