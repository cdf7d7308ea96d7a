// A tiny Moodle stand-in on 127.0.0.1 that answers recorded responses for recorded requests, in order.
// Each step names a recorded case; by default the request body must equal the recorded one byte for byte
// (token → TOKEN). `answerOnly` steps replay a recorded answer for a request we cannot send identically
// (the recording used other values) and check only the function name (or `asFunction`).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { recordedCase, recordedFunction } from './recorded-cases.ts'

export interface ReplayStep {
  case: string
  answerOnly?: boolean
  /** With answerOnly: the function expected instead of the recorded one (for answers Moodle gives any function). */
  asFunction?: string
}

export interface Replay {
  baseUrl: string
  token: string
  /** What went wrong on the server side (unexpected request, body mismatch), for the test to assert empty. */
  problems: string[]
  /** Bodies as received, token replaced. */
  bodies: string[]
  pending(): number
  close(): Promise<void>
}

export async function startReplay(steps: ReplayStep[]): Promise<Replay> {
  const token = 'a3f5c0ffee0123456789abcdef012345'
  const queue = [...steps]
  const problems: string[] = []
  const bodies: string[] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { raw += chunk })
    req.on('end', () => {
      const body = raw.replace(`wstoken=${token}`, 'wstoken=TOKEN')
      bodies.push(body)
      const step = queue.shift()
      if (!step) {
        problems.push(`unexpected request: ${body.slice(0, 200)}`)
        res.writeHead(599).end()
        return
      }
      const recorded = recordedCase(step.case)
      if (req.url !== recorded.request.path) problems.push(`${step.case}: path ${req.url}`)
      const fn = new URLSearchParams(body).get('wsfunction') ?? ''
      if (step.answerOnly ? fn !== (step.asFunction ?? recordedFunction(recorded)) : body !== recorded.request.body) {
        problems.push(`${step.case}: request differs\n  sent     ${body}\n  recorded ${recorded.request.body}`)
      }
      res.writeHead(recorded.response.status, { 'content-type': recorded.response.content_type })
      res.end(recorded.response.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    problems,
    bodies,
    pending: () => queue.length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
