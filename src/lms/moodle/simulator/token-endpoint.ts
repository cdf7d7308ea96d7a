// login/token.php: username + password + service → a token. The password is checked first, so even the
// error answers prove whether a password opens an account (recorded login.token.* cases). Errors here are
// shaped {"error","errorcode","stacktrace","debuginfo","reproductionlink"}, HTTP 200.
import { randomBytes } from 'node:crypto'
import { cleanParam } from './param-validation.ts'
import type { HttpAnswer } from './rest-server.ts'
import type { PhpArray } from './php-form.ts'
import { phpJsonEncode } from './php-encoding.ts'
import type { SimState } from './state.ts'
import { passwordMatches } from './user-records.ts'

const messages: Record<string, string> = {
  invalidlogin: 'Invalid login, please try again',
  servicenotavailable: "Web service is not available. (It doesn't exist or might be disabled.)",
  usernotallowed: "The user is not allowed for this service. First you need to allow this user on the {$a}'s allowed users administration page.",
  enablewsdescription: 'Web services must be enabled in Advanced features.',
  cannotcreatetoken: 'No permission to create web service token for the service {$a}.',
  missingparam: 'A required parameter ({$a}) was missing',
}

function error(code: string, a = ''): HttpAnswer {
  const body = { error: (messages[code] ?? code).replace('{$a}', a), errorcode: code, stacktrace: null, debuginfo: null, reproductionlink: null }
  return { status: 200, contentType: 'application/json; charset=utf-8', body: phpJsonEncode(body) }
}

// Auth plugins whose user_login() can succeed with a stored password.
const passwordAuths = new Set(['manual', 'email'])

export function handleTokenRequest(state: SimState, params: PhpArray): HttpAnswer {
  for (const name of ['username', 'password', 'service']) {
    if (typeof params.get(name) !== 'string') return error('missingparam', name)
  }
  const username = String(cleanParam(params.get('username') as string, 'username'))
  const password = params.get('password') as string
  const serviceName = String(cleanParam(params.get('service') as string, 'alphanumext'))
  if (!state.settings.enablewebservices) return error('enablewsdescription')
  const userId = state.usernames.get(username)
  const user = userId === undefined ? undefined : state.users.get(userId)
  if (!user || user.deleted || user.suspended || !passwordAuths.has(user.auth) || !passwordMatches(user, password)) {
    return error('invalidlogin')
  }
  const service = [...state.services.values()].find((s) => s.shortname === serviceName && s.enabled)
  if (!service) return error('servicenotavailable')
  if (service.restrictedUsers && !service.authorisedUsers.has(user.id)) return error('usernotallowed', service.shortname)
  const existing = [...state.tokens.values()].find((t) => t.userId === user.id && t.serviceId === service.id)
  if (existing) return { status: 200, contentType: 'application/json; charset=utf-8', body: phpJsonEncode({ token: existing.token, privatetoken: null }) }
  if (service.shortname !== 'moodle_mobile_app' && !state.adminIds.has(user.id)) return error('cannotcreatetoken', service.shortname)
  const token = randomBytes(16).toString('hex')
  state.tokens.set(token, { token, userId: user.id, serviceId: service.id, validUntil: 0, ipRestriction: '' })
  // privatetoken is only sent over https; the simulator speaks http.
  return { status: 200, contentType: 'application/json; charset=utf-8', body: phpJsonEncode({ token, privatetoken: null }) }
}
