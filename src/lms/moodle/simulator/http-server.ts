// The loopback HTTP front of the simulator (node:http): routing, body collection, PHP input parsing,
// and the failure knobs (down = connection refused on the same port, failNext, latency).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { parsePhpForm, type PhpArray } from './php-form.ts'
import { restHeaders, type HttpAnswer } from './rest-server.ts'

export interface HttpHandlers {
  maxInputVars(): number
  latencyMs(): number
  /** Returns a status to answer instead of running the request (failNext), or null. */
  takeFailure(): number | null
  /** May take the site's time (the cost model: a free PHP worker, then the call's cost). */
  rest(params: PhpArray, remoteIp: string, siteUrl: string): HttpAnswer | Promise<HttpAnswer>
  token(params: PhpArray): HttpAnswer
  /** Runs after a call, before its answer is sent (the sandbox stores what the call changed). */
  afterCall?(): Promise<void>
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export class SimulatorHttpServer {
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private port = 0
  private host = '127.0.0.1'

  constructor(private readonly handlers: HttpHandlers) {}

  get baseUrl(): string {
    return `http://${this.host}:${this.port}`
  }

  get listening(): boolean {
    return this.server !== null
  }

  async listen(port: number, host: string): Promise<string> {
    this.host = host
    const server = createServer((req, res) => void this.handle(req, res))
    // Keep-alive sockets would survive close(); track them so "down" really refuses connections.
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    const address = server.address()
    this.port = typeof address === 'object' && address ? address.port : port
    this.server = server
    return this.baseUrl
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    await closed
  }

  /** Reopens on the port the server had before (setDown(false)). */
  reopen(): Promise<string> {
    return this.listen(this.port, this.host)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const body = req.method === 'POST' ? await readBody(req) : ''
      const latency = this.handlers.latencyMs()
      if (latency > 0) await delay(latency)
      const isRest = url.pathname === '/webservice/rest/server.php'
      if (!isRest && url.pathname !== '/login/token.php') {
        return this.send(res, { status: 404, contentType: 'text/html; charset=utf-8', body: 'Not found' }, false)
      }
      if (isRest) {
        const failure = this.handlers.takeFailure()
        if (failure !== null) {
          return this.send(res, { status: failure, contentType: 'text/html; charset=utf-8', body: `Simulated HTTP ${failure}` }, false)
        }
      }
      // $_GET then $_POST, merged like array_merge($_GET, $_POST) in the REST server.
      const max = this.handlers.maxInputVars()
      const params = parsePhpForm(url.search.slice(1), max, 'get').values
      const post = parsePhpForm(body, max, 'post').values
      for (const [k, v] of post) params.set(k, v)
      const remoteIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
      const answer = isRest ? await this.handlers.rest(params, remoteIp, this.baseUrl) : this.handlers.token(params)
      await this.handlers.afterCall?.()
      this.send(res, answer, isRest)
    } catch (e) {
      // A simulator bug, not a Moodle behaviour: make it loud.
      this.send(res, { status: 500, contentType: 'text/plain; charset=utf-8', body: `simulator error: ${(e as Error).stack ?? e}` }, false)
    }
  }

  private send(res: ServerResponse, answer: HttpAnswer, restHeadersWanted: boolean): void {
    const headers: Record<string, string | number> = { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) }
    if (restHeadersWanted || answer.contentType.startsWith('application/json')) Object.assign(headers, restHeaders)
    res.writeHead(answer.status, headers)
    res.end(answer.body)
  }
}
