// ILIAS SOAP 1.1 rpc/encoded client (namespace urn:ilUserAdministration, contracts/ilias/wsdl/).
// One session per client object: it logs in on first use, keeps the sid, and logs in again once
// when ILIAS refuses the session (expired, idled, server restarted). Every HTTP call is reported
// to the observer without password, sid or body.
import type { CallObserver } from '../lms-adapter.ts'
import { LmsError } from '../lms-adapter.ts'
import {
  classifyFault, classifyHttpStatus, classifyNetworkError, classifyNotSoap, iliasError, isSessionRefused, type SoapFault,
} from './ilias-errors.ts'
import { asArray, attrOf, createXmlParser, el, renderXml, textOf, type XmlElement } from './ilias-xml.ts'

export const soapNamespace = 'urn:ilUserAdministration'
const envelopeNs = {
  'xmlns:SOAP-ENV': 'http://schemas.xmlsoap.org/soap/envelope/',
  'xmlns:ns1': soapNamespace,
  'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  'xmlns:SOAP-ENC': 'http://schemas.xmlsoap.org/soap/encoding/',
  'SOAP-ENV:encodingStyle': 'http://schemas.xmlsoap.org/soap/encoding/',
}

/** A typed rpc/encoded parameter, in WSDL part order. */
export type SoapParam =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'intArray'; value: number[] }
  | { type: 'stringArray'; value: string[] }

/** The return part of a response: scalar text, or the items of an array. */
export type SoapReturn = { kind: 'scalar'; text: string } | { kind: 'array'; items: string[] }

// WSDL registrations whose soapAction differs from the operation name (README §1).
const soapActionOf: Record<string, string> = {
  getObjIdByImportId: 'getCourseIdByImportId',
  getUserXML: 'resolveUsers',
  getUserRoles: 'getLocalRoles',
  searchUser: 'searchUsers',
}

export interface IliasSoapClientOptions {
  /** SOAP endpoint, e.g. https://host/ilias/webservice/soap/server.php */
  baseUrl: string
  client: string
  username: string
  password: string
  timeoutMs?: number
  /**
   * Added to the timeout of an importUsers call per user record: ILIAS takes ~0.13–0.3 s per imported user
   * (live 5.2: 13.3 s for 100), so a fixed timeout would cut a large import off in the middle, leaving ILIAS
   * to finish it unseen. Default 1 s per user.
   */
  importTimeoutPerUserMs?: number
  observer?: CallObserver
}

export function encodeParam(name: string, param: SoapParam): XmlElement {
  switch (param.type) {
    case 'string': return el(name, { 'xsi:type': 'xsd:string' }, param.value)
    case 'int': return el(name, { 'xsi:type': 'xsd:int' }, String(Math.trunc(param.value)))
    case 'boolean': return el(name, { 'xsi:type': 'xsd:boolean' }, param.value ? 'true' : 'false')
    case 'intArray':
      return el(name, { 'xsi:type': 'SOAP-ENC:Array', 'SOAP-ENC:arrayType': `xsd:int[${param.value.length}]` },
        ...param.value.map((v) => el('item', { 'xsi:type': 'xsd:int' }, String(Math.trunc(v)))))
    case 'stringArray':
      return el(name, { 'xsi:type': 'SOAP-ENC:Array', 'SOAP-ENC:arrayType': `xsd:string[${param.value.length}]` },
        ...param.value.map((v) => el('item', { 'xsi:type': 'xsd:string' }, v)))
  }
}

/** The request envelope, as PHP's SoapClient writes it for this WSDL. */
export function buildRequestEnvelope(operation: string, params: Record<string, SoapParam>): string {
  const call = el(`ns1:${operation}`, {}, ...Object.entries(params).map(([name, p]) => encodeParam(name, p)))
  const envelope = el('SOAP-ENV:Envelope', envelopeNs, el('SOAP-ENV:Body', {}, call))
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(envelope)}`
}

const parser = createXmlParser(['item'])

export type ParsedResponse = { fault: SoapFault } | { result: SoapReturn } | { notSoap: true }

/** Reads a response envelope: the fault, the single return part, or "this is not SOAP". */
export function parseResponseEnvelope(body: string): ParsedResponse {
  let doc: Record<string, unknown>
  try {
    doc = parser.parse(body) as Record<string, unknown>
  } catch {
    return { notSoap: true }
  }
  const envelope = doc['Envelope'] as Record<string, unknown> | undefined
  const soapBody = envelope?.['Body'] as Record<string, unknown> | undefined
  if (!soapBody || typeof soapBody !== 'object') return { notSoap: true }
  // ILIAS 5.x on PHP 7 can send an empty <SOAP-ENV:Fault/> (live getProgressInfo_bad_ref_id): still a fault.
  const fault = 'Fault' in soapBody ? (soapBody['Fault'] as Record<string, unknown> | string) : undefined
  if (fault !== undefined) {
    if (typeof fault !== 'object' || fault === null) return { fault: { code: '', message: '' } }
    // PHP SoapServer writes "SOAP-ENV:Client", nusoap "Client", custom codes ("54") come bare.
    const code = textOf(fault['faultcode']).replace(/^[^:]*:/, '')
    return { fault: { code, message: textOf(fault['faultstring']) } }
  }
  const responseName = Object.keys(soapBody).find((k) => !k.startsWith('@_'))
  const response = responseName ? soapBody[responseName] : undefined
  if (!responseName || response === undefined) return { notSoap: true }
  if (typeof response !== 'object' || response === null) return { result: { kind: 'scalar', text: '' } }
  const partName = Object.keys(response).find((k) => !k.startsWith('@_') && k !== '#text')
  const part = partName ? (response as Record<string, unknown>)[partName] : undefined
  if (part !== null && typeof part === 'object' && ('item' in part || /Array$/.test(attrOf(part, 'type') ?? ''))) {
    return { result: { kind: 'array', items: asArray((part as Record<string, unknown>)['item']).map(textOf) } }
  }
  return { result: { kind: 'scalar', text: textOf(part) } }
}

export class IliasSoapClient {
  readonly #options: Required<Omit<IliasSoapClientOptions, 'observer'>> & Pick<IliasSoapClientOptions, 'observer'>
  #sid: string | null = null
  #loggingIn: Promise<string> | null = null

  constructor(options: IliasSoapClientOptions) {
    this.#options = { timeoutMs: 30_000, importTimeoutPerUserMs: 1_000, ...options }
  }

  /**
   * Calls an operation that takes a session; `items` is the number of records it carries (for the step log),
   * `subjects` the port call's records it serves when not all of them (CallRecord.subjects).
   */
  async call(operation: string, params: Record<string, SoapParam>, items = 1, subjects?: readonly string[]): Promise<SoapReturn> {
    const sid = await this.#session()
    try {
      return await this.#post(operation, { sid: { type: 'string', value: sid }, ...params }, items, subjects)
    } catch (error) {
      if (!(error instanceof RefusedSession)) throw error
      // The session expired or ILIAS restarted: log in again once, then let a second refusal through.
      if (this.#sid === sid) this.#sid = null
      const fresh = await this.#session()
      try {
        return await this.#post(operation, { sid: { type: 'string', value: fresh }, ...params }, items, subjects)
      } catch (again) {
        if (again instanceof RefusedSession) throw classifyFault(operation, again.fault)
        throw again
      }
    }
  }

  /** Ends the session (ILIAS keeps sessions until they expire otherwise). */
  async logout(): Promise<void> {
    const sid = this.#sid
    if (!sid) return
    this.#sid = null
    try {
      await this.#post('logout', { sid: { type: 'string', value: sid } }, 0)
    } catch (error) {
      if (!(error instanceof RefusedSession)) throw error
    }
  }

  /** Drops the session without telling ILIAS (tests use it to simulate an expired one). */
  forgetSession(): void {
    this.#sid = null
  }

  async #session(): Promise<string> {
    if (this.#sid) return this.#sid
    // Concurrent callers share one login.
    this.#loggingIn ??= this.#login().finally(() => { this.#loggingIn = null })
    return this.#loggingIn
  }

  async #login(): Promise<string> {
    const { client, username, password } = this.#options
    let result: SoapReturn
    try {
      result = await this.#post('login', {
        client: { type: 'string', value: client },
        username: { type: 'string', value: username },
        password: { type: 'string', value: password },
      }, 0)
    } catch (error) {
      if (error instanceof RefusedSession) throw classifyFault('login', error.fault)
      throw error
    }
    const sid = result.kind === 'scalar' ? result.text : ''
    if (!sid.includes('::')) throw iliasError('ILIAS_LOGIN_FAILED', { function: 'login', reason: 'answer is not a session id' })
    this.#sid = sid
    return sid
  }

  async #post(operation: string, params: Record<string, SoapParam>, items: number, subjects?: readonly string[]): Promise<SoapReturn> {
    const started = performance.now()
    const report = (errorCode?: string) => this.#options.observer?.({
      function: operation,
      durationMs: Math.round(performance.now() - started),
      outcome: errorCode ? 'error' : 'ok',
      ...(errorCode ? { errorCode } : {}),
      items,
      ...(subjects ? { subjects } : {}),
    })
    try {
      const result = await this.#exchange(operation, params, items)
      report()
      return result
    } catch (error) {
      report(error instanceof RefusedSession ? 'ILIAS_SESSION_INVALID' : error instanceof LmsError ? error.code : 'UNKNOWN')
      throw error
    }
  }

  /** The time one call may take: importUsers gets more per user record it carries. */
  timeoutFor(operation: string, items: number): number {
    const perUser = operation === 'importUsers' ? this.#options.importTimeoutPerUserMs * Math.max(items, 0) : 0
    return this.#options.timeoutMs + perUser
  }

  async #exchange(operation: string, params: Record<string, SoapParam>, items: number): Promise<SoapReturn> {
    let response: Response
    let body: string
    try {
      response = await fetch(this.#options.baseUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: `"${soapNamespace}#${soapActionOf[operation] ?? operation}"`,
        },
        body: buildRequestEnvelope(operation, params),
        signal: AbortSignal.timeout(this.timeoutFor(operation, items)),
      })
      body = await response.text()
    } catch (error) {
      throw classifyNetworkError(operation, error)
    }
    const parsed = parseResponseEnvelope(body)
    if ('fault' in parsed) {
      if (isSessionRefused(parsed.fault) && operation !== 'login') throw new RefusedSession(parsed.fault)
      throw classifyFault(operation, parsed.fault)
    }
    if ('notSoap' in parsed) throw classifyNotSoap(operation, response.status, response.headers.get('content-type') ?? '', body)
    if (!response.ok) throw classifyHttpStatus(operation, response.status)
    return parsed.result
  }
}

/** Internal: ILIAS refused the session; the client decides whether to log in again. */
class RefusedSession extends Error {
  constructor(readonly fault: SoapFault) {
    super(fault.message)
  }
}
