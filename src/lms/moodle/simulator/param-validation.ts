// external_api::validate_parameters() and clean_param() of Moodle 4.5
// (lib/external/classes/external_api.php, lib/moodlelib.php validate_param / clean_param).
// The REST server validates the whole request against the function's description BEFORE the function
// runs (webservice/lib.php webservice_base_server::execute), so parameter errors win over capability
// errors. The nesting of the error texts is PHP's: a single structure wraps an inner error as
// "key => <inner getMessage()>: <inner debuginfo>", a multiple structure passes it through unchanged.
import { invalidParameter, type ErrorContext } from './moodle-exceptions.ts'
import type { PhpArray, PhpValue } from './php-form.ts'

export type ParamType =
  | 'int' | 'bool' | 'float' | 'username' | 'raw' | 'raw_trimmed' | 'notags' | 'text' | 'alpha' | 'alphanumext'
  | 'plugin' | 'auth' | 'lang' | 'theme' | 'safedir' | 'timezone'

type Presence = { required: 'required' } | { required: 'optional' } | { required: 'default'; default: unknown }

export type Description =
  | ({ kind: 'value'; type: ParamType } & Presence)
  | ({ kind: 'single'; keys: Array<[string, Description]> } & Presence)
  | ({ kind: 'multiple'; content: Description } & Presence)

export const value = (type: ParamType, presence: Presence = { required: 'required' }): Description => ({ kind: 'value', type, ...presence })
export const single = (keys: Record<string, Description>, presence: Presence = { required: 'required' }): Description =>
  ({ kind: 'single', keys: Object.entries(keys), ...presence })
export const multiple = (content: Description, presence: Presence = { required: 'required' }): Description =>
  ({ kind: 'multiple', content, ...presence })
export const optional: Presence = { required: 'optional' }
export const withDefault = (d: unknown): Presence => ({ required: 'default', default: d })

/** Auth plugins present in a standard 4.5 code base (PARAM_AUTH accepts any installed one). */
export const installedAuths = new Set(['cas', 'db', 'email', 'ldap', 'lti', 'manual', 'mnet', 'nologin', 'none', 'oauth2', 'shibboleth', 'webservice'])
const installedLangs = new Set(['en'])
const installedThemes = new Set(['boost', 'classic'])

function stripTags(s: string): string {
  return s.replace(/<\/?[a-zA-Z!?][^>]*>?/g, '')
}

function cleanPlugin(s: string): string {
  // PARAM_PLUGIN = PARAM_COMPONENT rules for a plugin name: lower-case letters, digits, single underscores.
  return /^[a-z][a-z0-9_]*[a-z0-9]$/.test(s) && !s.includes('__') ? s : ''
}

const timezonePattern = /^(([+-]?(0?[0-9](\.[5|0])?|1[0-3](\.0)?|1[0-2]\.5))|(99)|[A-Za-z0-9]+(\/?[A-Za-z_-])+)$/

/** clean_param() for the types the simulated functions use. */
export function cleanParam(param: string, type: ParamType): string | number | boolean {
  switch (type) {
    case 'int': {
      const m = /^\s*([+-]?\d+)/.exec(param)
      return m ? Number(m[1]) : 0
    }
    case 'float': {
      const n = Number.parseFloat(param)
      return Number.isNaN(n) ? 0 : n
    }
    case 'bool': {
      const lower = param.toLowerCase()
      if (['on', 'yes', 'true'].includes(lower)) return 1
      if (['off', 'no', 'false'].includes(lower)) return 0
      return cleanParam(param, 'int') ? 1 : 0
    }
    case 'username': {
      // extendedusernamechars off: lower-case, no spaces, only [-.@_a-z0-9] (bytes, like preg without /u).
      const lower = param.trim().toLowerCase().replace(/ /g, '')
      return Buffer.from(lower, 'utf8').toString('latin1').replace(/[^-.@_a-z0-9]/g, '')
    }
    case 'raw': return param
    case 'raw_trimmed': return param.trim()
    case 'notags':
    case 'text': return stripTags(param)
    case 'alpha': return param.replace(/[^a-zA-Z]/g, '')
    case 'alphanumext': return param.replace(/[^a-zA-Z0-9_-]/g, '')
    case 'safedir': return param.replace(/[^a-zA-Z0-9_-]/g, '')
    case 'plugin': return cleanPlugin(param)
    case 'auth': {
      const p = cleanPlugin(param)
      return p !== '' && installedAuths.has(p) ? p : ''
    }
    case 'lang': return installedLangs.has(param) ? param : ''
    case 'theme': return installedThemes.has(param) ? param : ''
    case 'timezone': return timezonePattern.test(param) ? param : ''
  }
}

/** PHP's print_r of a request value, for "Only arrays accepted" texts. */
function printR(v: PhpValue): string {
  return typeof v === 'string' ? v : 'Array'
}

function validateValue(ctx: ErrorContext, type: ParamType, param: PhpValue): unknown {
  if (typeof param !== 'string') throw invalidParameter(ctx, 'Scalar type expected, array or object received.')
  if (type === 'bool' && (param === '0' || param === '1')) return param === '1'
  const debuginfo = `Invalid external api parameter: the value is "${param}", the server was expecting "${type}" type`
  const cleaned = cleanParam(param, type)
  if (type === 'float') {
    if (!/^[+-]?[0-9]*\.?[0-9]*(e[-+]?[0-9]+)?$/i.test(param) || param === '') throw invalidParameter(ctx, debuginfo)
    return cleaned
  }
  if (String(cleaned) !== param) throw invalidParameter(ctx, debuginfo)
  return type === 'bool' ? cleaned === 1 : cleaned
}

function defaultToPhp(d: unknown): PhpValue {
  if (Array.isArray(d)) return new Map(d.map((v, i) => [String(i), defaultToPhp(v)]))
  if (typeof d === 'boolean') return d ? '1' : '0'
  return String(d)
}

export function validateParameters(ctx: ErrorContext, desc: Description, params: PhpValue): unknown {
  if (desc.kind === 'value') return validateValue(ctx, desc.type, params)
  if (typeof params === 'string') {
    throw invalidParameter(ctx, `Only arrays accepted. The bad value is: '${printR(params)}'`)
  }
  if (desc.kind === 'multiple') {
    const out: unknown[] = []
    for (const item of params.values()) out.push(validateParameters(ctx, desc.content, item))
    return out
  }
  const rest: PhpArray = new Map(params)
  const out: Record<string, unknown> = {}
  for (const [key, sub] of desc.keys) {
    const given = rest.get(key)
    if (given === undefined) {
      if (sub.required === 'required') throw invalidParameter(ctx, `Missing required key in single structure: ${key}`)
      if (sub.required === 'default') out[key] = wrap(ctx, key, () => validateParameters(ctx, sub, defaultToPhp(sub.default)))
    } else {
      out[key] = wrap(ctx, key, () => validateParameters(ctx, sub, given))
    }
    rest.delete(key)
  }
  if (rest.size > 0) throw invalidParameter(ctx, `Unexpected keys (${[...rest.keys()].join(', ')}) detected in parameter array.`)
  return out
}

function wrap(ctx: ErrorContext, key: string, fn: () => unknown): unknown {
  try {
    return fn()
  } catch (e) {
    if (e instanceof Error && 'errorcode' in e && (e as { errorcode?: string }).errorcode === 'invalidparameter') {
      const inner = e as Error & { debuginfo?: string }
      throw invalidParameter(ctx, `${key} => ${inner.message}: ${inner.debuginfo ?? ''}`)
    }
    throw e
  }
}
