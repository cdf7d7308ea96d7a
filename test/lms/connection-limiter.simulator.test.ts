// The limiter as the adapter factory wires it, against the Moodle simulator with latency: 50 registrations
// at once (look up, pick a login name, create, enrol) never have more requests in flight at Moodle than
// the connection's maxConcurrentCalls. A tiny loopback proxy in front of the simulator counts them.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMoodleSimulator, type MoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { createAdapterFactory, type AdapterFactory } from '../../src/lms/adapter-factory.ts'
import type { Connection } from '../../src/store/connections.ts'

interface CountingProxy {
  url: string
  inFlight: number
  peak: number
  requests: number
  close(): Promise<void>
}

async function startCountingProxy(target: string): Promise<CountingProxy> {
  const server: Server = createServer(async (req, res) => {
    proxy.inFlight++
    proxy.requests++
    proxy.peak = Math.max(proxy.peak, proxy.inFlight)
    try {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const answer = await fetch(target + req.url, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      })
      const body = Buffer.from(await answer.arrayBuffer())
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' })
      res.end(body)
    } finally {
      proxy.inFlight--
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxy: CountingProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: 0,
    peak: 0,
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return proxy
}

function moodleConnection(id: string, baseUrl: string, token: string, settings: Record<string, unknown>): Connection {
  return {
    id, tenantId: 'default', name: id, type: 'moodle', baseUrl, environment: 'training', active: true,
    credentials: { token }, mapping: {}, settings, blockedCode: null, archivedAt: null, createdAt: new Date(), updatedAt: new Date(),
  }
}

describe('connection limiter against the Moodle simulator', () => {
  let sim: MoodleSimulator
  let proxy: CountingProxy
  let factory: AdapterFactory

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site', latencyMs: 20 })
    proxy = await startCountingProxy(await sim.start(0))
    factory = createAdapterFactory({ timeoutMs: 10_000 })
  })
  after(async () => {
    await factory?.stop()
    await proxy?.close()
    await sim?.stop()
  })

  it('keeps 50 parallel registrations within the connection\'s maxConcurrentCalls', async () => {
    const connection = moodleConnection('c-limited', proxy.url, sim.token, { maxConcurrentCalls: 3 })
    const adapter = await factory.get(connection)
    const course = { type: 'course' as const, id: '2', label: 'course 2' }

    const register = async (n: number) => {
      const key = `LIM-${n}`
      const found = await adapter.findByExternalKeys([key])
      assert.equal(found.size, 0)
      const loginName = `limit.user${n}`
      assert.equal((await adapter.findByLoginNames([loginName])).size, 0)
      const [created] = await adapter.createAccounts([{
        externalKey: key, loginName, password: 'Welkom#2025', firstName: `Lim${n}`, lastName: 'User',
        email: `limit.user${n}@example.com`, fields: {},
      }])
      await adapter.grantAccess([{ lmsUserId: created!.lmsUserId, target: course, role: adapter.defaultRole }])
      return created!.lmsUserId
    }
    const sampled: number[] = []
    const sampler = setInterval(() => sampled.push(factory.limits().get('c-limited')?.queued ?? 0), 10)
    const ids = await Promise.all(Array.from({ length: 50 }, (_, n) => register(n)))
    clearInterval(sampler)

    assert.equal(new Set(ids).size, 50)
    assert.equal(proxy.requests, 200)
    assert.equal(proxy.peak, 3, 'the cap is used and never exceeded')
    const enrolled = new Set(sim.enrolments(2).map((e) => String(e.userId)))
    assert.ok(ids.every((id) => enrolled.has(id)))
    assert.ok(Math.max(...sampled) > 0, 'calls waited in the limiter, not at Moodle')
    const state = factory.limits().get('c-limited')!
    assert.deepEqual({ max: state.maxConcurrentCalls, limit: state.limit, inFlight: state.inFlight, queued: state.queued, calls: state.calls },
      { max: 3, limit: 3, inFlight: 0, queued: 0, calls: 200 })
    assert.ok(state.p50Ms !== null && state.p50Ms >= 20)
  })

  it('gives a second connection its own slots while the first one is busy (default cap 4)', async () => {
    const busy = await factory.get(moodleConnection('c-busy', proxy.url, sim.token, {}))
    const quiet = await factory.get(moodleConnection('c-quiet', proxy.url, sim.token, {}))
    sim.latencyMs = 100
    proxy.peak = 0
    const burst = Promise.all(Array.from({ length: 40 }, (_, n) => busy.findByExternalKeys([`BUSY-${n}`])))
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(factory.limits().get('c-busy')!.queued, 36)
    const started = Date.now()
    await quiet.findByExternalKeys(['QUIET-1'])
    // One call's latency, not the ten rounds the busy connection's queue needs.
    assert.ok(Date.now() - started < 400, `quiet connection waited ${Date.now() - started} ms`)
    await burst
    assert.equal(proxy.peak, 5, 'four of the busy connection plus the quiet one')
    sim.latencyMs = 20
  })
})
