// A runaway template costs a render worker, never the service: over a real socket, /healthz keeps answering
// (median under 100 ms) while the worst templates render, and each comes back as TEMPLATE_TOO_EXPENSIVE.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { courseAccessTemplate } from '../../src/mail/default-templates.ts'
import { loopBomb, sortBomb } from '../mail/template-bombs.ts'

describe(`template containment (${testDb})`, () => {
  let t: TestApp
  let url: string
  before(async () => {
    t = await startTestApp()
    url = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
  })
  after(async () => t?.stop())

  const post = (path: string, body: unknown) => fetch(`${url}${path}`, {
    method: path.endsWith('preview') ? 'POST' : 'PUT',
    headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const withText = (text: string) => ({ ...courseAccessTemplate, text: `${courseAccessTemplate.text}${text}` })

  async function healthzWhile(work: Promise<Response>) {
    let done = false
    const finished = work.finally(() => { done = true })
    const times: number[] = []
    // Let the render start, then ask /healthz over and over until the render is over.
    await new Promise((r) => setTimeout(r, 50))
    while (!done) {
      const started = performance.now()
      const res = await fetch(`${url}/healthz`)
      await res.arrayBuffer()
      times.push(performance.now() - started)
      assert.equal(res.status, 200)
      await new Promise((r) => setTimeout(r, 20))
    }
    return { res: await finished, times }
  }

  for (const [name, bomb] of [['the sort of a 2 000 000 range', sortBomb], ['nested 10 000 × 10 000 loops', loopBomb]] as const) {
    it(`answers /healthz in < 100 ms while a preview renders ${name}, which ends as TEMPLATE_TOO_EXPENSIVE`, async () => {
      const { res, times } = await healthzWhile(post('/api/v1/templates/course-access/preview', { template: withText(bomb) }))
      const body = await res.json() as { error: { code: string } }
      assert.equal(res.status, 422)
      assert.equal(body.error.code, 'TEMPLATE_TOO_EXPENSIVE')
      // Before, every /healthz sent during such a render waited for all of it (seconds). The median, not the
      // slowest: on a loaded shared machine single requests stall now and then even with nothing rendering.
      const sorted = [...times].sort((a, b) => a - b)
      const median = sorted[Math.floor(sorted.length / 2)]!
      const shown = `${times.map((x) => x.toFixed(0)).join(', ')} ms`
      assert.ok(times.length >= 3, `only ${times.length} health checks answered during the render: ${shown}`)
      assert.ok(median < 100, `median /healthz ${median.toFixed(1)} ms during the render: ${shown}`)
    })
  }

  it('refuses to save ranges and loops that are too large as written, and still previews a normal template', async () => {
    for (const text of ['{% assign a = (1..2000000) %}{{ a | sort | size }}', '{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}']) {
      const res = await post('/api/v1/templates/course-access', withText(text))
      assert.equal(res.status, 422)
      assert.equal((await res.json() as { error: { code: string } }).error.code, 'TEMPLATE_TOO_EXPENSIVE')
    }
    const ok = await post('/api/v1/templates/course-access/preview', {})
    assert.equal(ok.status, 200)
    assert.match((await ok.json() as { text: string }).text, /van der Berg/)
  })

  it('limits how long a request and a connection may take (no limit is 0)', () => {
    const server = t.app.http.server
    assert.equal(server.requestTimeout, 60_000)
    assert.equal(server.headersTimeout, 15_000)
    assert.equal(server.keepAliveTimeout, 5_000)
    assert.equal(server.timeout, 120_000)
  })
})
