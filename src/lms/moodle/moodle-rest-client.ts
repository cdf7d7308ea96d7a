// One Moodle REST call: POST form-encoded to <base>/webservice/rest/server.php, JSON back. Turns every
// failure into a classified LmsError and reports every call to the observer. The token goes into the
// body only; it is never logged, returned or put into an error.
import type { CallObserver } from '../lms-adapter.ts'
import { badAnswer, classifyHttpStatus, classifyMoodleException, classifyTransportFailure } from './moodle-errors.ts'
import { moodleExceptionSchema } from './moodle-types.ts'
import { LmsError } from '../lms-adapter.ts'

/** A parameter value as Moodle's external API reads it: scalars, lists (index keys) and structures (name keys). */
export type MoodleParam = string | number | boolean | readonly MoodleParam[] | { readonly [key: string]: MoodleParam | undefined }
export type MoodleParams = { readonly [key: string]: MoodleParam | undefined }

/**
 * Flattens nested parameters the way PHP parses them back: users[0][customfields][1][type]=...
 * Keys keep their order (Moodle does not care, but the recorded bodies are compared byte for byte).
 * undefined values are left out; booleans become 1/0 as PHP's PARAM_BOOL reads them.
 */
export function flattenMoodleParams(params: MoodleParams, prefix = ''): [string, string][] {
  const pairs: [string, string][] = []
  const add = (key: string, value: MoodleParam | undefined) => {
    if (value === undefined) return
    if (Array.isArray(value)) value.forEach((item, index) => add(`${key}[${index}]`, item))
    else if (typeof value === 'object') pairs.push(...flattenMoodleParams(value as MoodleParams, key))
    else pairs.push([key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)])
  }
  for (const [name, value] of Object.entries(params)) add(prefix ? `${prefix}[${name}]` : name, value)
  return pairs
}

/** The request body: wstoken, wsfunction, moodlewsrestformat=json, then the parameters (URLSearchParams encoding, as recorded). */
export function encodeMoodleBody(token: string, wsfunction: string, params: MoodleParams): string {
  const body = new URLSearchParams([['wstoken', token], ['wsfunction', wsfunction], ['moodlewsrestformat', 'json']])
  for (const [key, value] of flattenMoodleParams(params)) body.append(key, value)
  return body.toString()
}

export interface MoodleRestClientOptions {
  baseUrl: string
  token: string
  /** Per call; a 100-user create took ~1.3 s and a 400-user one 5.3 s on the recording machine. Default 30 s. */
  timeoutMs?: number
  observer?: CallObserver
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch
}

export const defaultTimeoutMs = 30_000

/** Web-service functions that only read (core_user_get_users_by_field, core_cohort_search_cohorts, …). */
const readOnly = /^[a-z]+_[a-z]+_(get|search)_/

export class MoodleRestClient {
  readonly endpoint: string
  readonly #token: string
  readonly #timeoutMs: number
  readonly #observer: CallObserver | undefined
  readonly #fetch: typeof fetch

  constructor(options: MoodleRestClientOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/webservice/rest/server.php`
    this.#token = options.token
    this.#timeoutMs = options.timeoutMs ?? defaultTimeoutMs
    this.#observer = options.observer
    this.#fetch = options.fetch ?? globalThis.fetch
  }

  /**
   * Calls a web-service function and returns its parsed JSON answer (null, array or object), or throws
   * an LmsError. `items` is how many records the call carries, for the step log.
   */
  async call(wsfunction: string, params: MoodleParams, items = 1): Promise<unknown> {
    const started = performance.now()
    try {
      const { parsed, notice } = await this.#send(wsfunction, params)
      this.#report(wsfunction, started, items, undefined, notice)
      return parsed
    } catch (error) {
      this.#report(wsfunction, started, items, error instanceof LmsError ? error.code : 'UNCLASSIFIED')
      throw error
    }
  }

  async #send(wsfunction: string, params: MoodleParams, attempt = 1): Promise<{ parsed: unknown; notice?: string }> {
    let response: Response
    let text: string
    try {
      response = await this.#fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: encodeMoodleBody(this.#token, wsfunction, params),
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const failure = classifyTransportFailure(error, wsfunction, this.#timeoutMs)
      // A kept-alive connection the web server closed meanwhile (Apache's KeepAliveTimeout is 5 s) fails the
      // next request at once. A read-only function is safe to send again right away; a writing one is left
      // to the reconcile's own retry, which looks up before it creates.
      if (failure.code === 'LMS_UNREACHABLE' && attempt === 1 && readOnly.test(wsfunction)) {
        return this.#send(wsfunction, params, attempt + 1)
      }
      throw failure
    }
    if (response.status !== 200) throw classifyHttpStatus(response.status, text, wsfunction)

    let parsed: unknown
    let notice: string | undefined
    try {
      parsed = JSON.parse(text)
    } catch {
      // With debugsmtp on, Moodle echoes the SMTP conversation of the mails it sent during the call, generated
      // passwords included, in front of the JSON (round-3/core_user_create_users.debugsmtp-output-before-json).
      // The answer after it is read; the output is neither kept nor logged nor put into an error.
      const json = jsonAfterDebugOutput(text)
      if (json === undefined) throw badAnswer(wsfunction, 'not JSON', response.headers.get('content-type'), safeStart(text))
      parsed = json
      notice = 'MOODLE_DEBUG_OUTPUT'
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'exception' in parsed) {
      const exception = moodleExceptionSchema.safeParse(parsed)
      if (!exception.success) throw badAnswer(wsfunction, 'malformed exception', response.headers.get('content-type'), text)
      throw classifyMoodleException(exception.data, wsfunction)
    }
    return { parsed, notice }
  }

  #report(wsfunction: string, started: number, items: number, errorCode?: string, notice?: string) {
    if (!this.#observer) return
    const durationMs = Math.round(performance.now() - started)
    const record = errorCode === undefined
      ? { function: wsfunction, durationMs, outcome: 'ok' as const, items, ...(notice ? { notice } : {}) }
      : { function: wsfunction, durationMs, outcome: 'error' as const, errorCode, items }
    // An observer that throws must not turn a successful call into a failed one.
    try {
      this.#observer(record)
    } catch {
      // ignored on purpose: the step log is not worth losing the call's result for
    }
  }
}

/**
 * The JSON answer behind text PHP printed first: `<pre>…</pre>` (PHPMailer's debug output) or any text, when
 * what follows the last `</pre>` (else the first `[` or `{` that starts valid JSON) parses. undefined otherwise.
 */
export function jsonAfterDebugOutput(text: string): unknown {
  const end = text.lastIndexOf('</pre>')
  const starts = end >= 0 ? [end + '</pre>'.length] : []
  for (let i = 0; i < text.length && starts.length < 20; i++) if (text[i] === '[' || text[i] === '{') starts.push(i)
  for (const start of starts) {
    try {
      return JSON.parse(text.slice(start))
    } catch {
      // try the next candidate
    }
  }
  return undefined
}

/** The start of an unreadable answer for the error details; debug output (which may hold passwords) is left out. */
function safeStart(text: string): string {
  return /<pre>|SERVER -> CLIENT|CLIENT -> SERVER/.test(text) ? '(debug output withheld)' : text
}
