// SOAP 1.1 rpc/encoded over node:http, written the way PHP's ext/soap SoapServer writes it
// (the engine ILIAS ≥ 7 uses): faults with HTTP 500, "SOAP-ENV:" prefix only on Client/Server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { asArray, attrOf, createXmlParser, el, renderXml, textOf } from '../ilias-xml.ts'
import type { Answer, Params } from './operations.ts'
import { callCostMs, wait, type CostModel, type WorkerPool } from '../../simulator-cost.ts'

const envelopeOpen = '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:ilUserAdministration" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">'

export function responseEnvelope(operation: string, answer: Answer): { status: number; body: string; contentType: string } {
  if ('raw' in answer) return answer.raw
  if ('fault' in answer) {
    const code = answer.fault.code === 'Client' || answer.fault.code === 'Server' ? `SOAP-ENV:${answer.fault.code}` : answer.fault.code
    const fault = el('SOAP-ENV:Fault', {}, el('faultcode', {}, code), el('faultstring', {}, answer.fault.message))
    return {
      status: 500, contentType: 'text/xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>${renderXml(fault)}</SOAP-ENV:Body></SOAP-ENV:Envelope>\n`,
    }
  }
  const part = answer.type === 'ns1:intArray'
    ? el(answer.part, { 'SOAP-ENC:arrayType': `xsd:int[${answer.value.length}]`, 'xsi:type': 'ns1:intArray' },
      ...answer.value.map((v) => el('item', { 'xsi:type': 'xsd:int' }, String(v))))
    : el(answer.part, { 'xsi:type': answer.type }, String(answer.value))
  return {
    status: 200, contentType: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${envelopeOpen}<SOAP-ENV:Body>${renderXml(el(`ns1:${operation}Response`, {}, part))}</SOAP-ENV:Body></SOAP-ENV:Envelope>\n`,
  }
}

const parser = createXmlParser(['item'])

/** The operation name and its parameters (scalars as text, arrays as item texts). */
export function parseRequest(body: string): { operation: string; params: Params } | null {
  try {
    const doc = parser.parse(body) as Record<string, unknown>
    const soapBody = (doc['Envelope'] as Record<string, unknown> | undefined)?.['Body'] as Record<string, unknown> | undefined
    const operation = soapBody && Object.keys(soapBody).find((k) => !k.startsWith('@_') && k !== '#text')
    if (!soapBody || !operation) return null
    const call = soapBody[operation]
    const params: Params = {}
    if (call && typeof call === 'object') {
      for (const [name, node] of Object.entries(call as Record<string, unknown>)) {
        if (name.startsWith('@_') || name === '#text') continue
        const isArray = node !== null && typeof node === 'object' && ('item' in node || /Array$/.test(attrOf(node, 'type') ?? ''))
        params[name] = isArray ? asArray((node as Record<string, unknown>)['item']).map(textOf) : textOf(node)
      }
    }
    return { operation, params }
  } catch {
    return null
  }
}

export interface HttpBehaviour {
  path: string
  latencyMs: number
  /** Answers the next n requests with this status and an HTML body (a PHP error page). */
  failures: { remaining: number; status: number }
  handle(operation: string, params: Params): Answer
  /** Extra time the last answer costs (importUsers charges per user). */
  cost(): number
  /** Records the last call carried (users of an importUsers), for the cost model. */
  records(): number
  /** The cost model's time per call and record, and its pool of PHP workers (null: answered at once). */
  costModel: CostModel | null
  workers: WorkerPool
  count(operation: string): void
  /** Runs after a call, before its answer is sent (the sandbox stores what the call changed). */
  afterCall?(): Promise<void>
}

export function createSoapHttpServer(behaviour: HttpBehaviour): Server {
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const respond = () => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        if (url.pathname !== behaviour.path) return send(res, 404, 'text/html', '<html><body><h1>Not Found</h1></body></html>')
        if (behaviour.failures.remaining > 0) {
          behaviour.failures.remaining--
          return send(res, behaviour.failures.status, 'text/html', '<html><body>Internal Server Error</body></html>')
        }
        if (req.method !== 'POST') return send(res, 200, 'text/html', '<html><body>ILIAS SOAP simulator (urn:ilUserAdministration)</body></html>')
        const request = parseRequest(Buffer.concat(chunks).toString('utf8'))
        const operation = request?.operation ?? 'unknown'
        behaviour.count(operation)
        const run = () => {
          const answer: Answer = request ? behaviour.handle(request.operation, request.params) : { fault: { code: 'Client', message: 'Bad Request' } }
          return { ...responseEnvelope(operation, answer), cost: behaviour.cost(), records: behaviour.records() }
        }
        const notStored = (err: Error) => send(res, 500, 'text/html', `<html><body>simulator state not stored: ${err.message}</body></html>`)
        const model = behaviour.costModel
        if (model) {
          // A PHP worker takes the request and answers after the call's time (the change is made at once:
          // ILIAS imports record by record, and the records counted are those the call carried).
          void behaviour.workers.run(async () => {
            const { status, body, contentType, cost, records } = run()
            try {
              await behaviour.afterCall?.()
            } catch (err) {
              return notStored(err as Error)
            }
            await wait(cost + callCostMs(model, operation, records))
            send(res, status, contentType, body)
          })
          return
        }
        const { status, body, contentType, cost } = run()
        const reply = () => {
          if (cost > 0) setTimeout(() => send(res, status, contentType, body), cost)
          else send(res, status, contentType, body)
        }
        if (!behaviour.afterCall) return reply()
        behaviour.afterCall().then(reply, notStored)
      }
      if (behaviour.latencyMs > 0) setTimeout(respond, behaviour.latencyMs)
      else respond()
    })
  })
}
