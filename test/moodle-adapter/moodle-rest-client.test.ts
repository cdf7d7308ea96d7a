import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encodeMoodleBody, flattenMoodleParams, MoodleRestClient, type MoodleParams } from '../../src/lms/moodle/moodle-rest-client.ts'
import type { CallRecord } from '../../src/lms/lms-adapter.ts'
import { allRecordedCases } from './recorded-cases.ts'
import { expectLmsError } from './expect-lms-error.ts'

/** Rebuilds the nested parameters from the recorded flat keys (users[0][customfields][1][type]). */
function nest(pairs: [string, string][]): MoodleParams {
  const root: Record<string, unknown> = {}
  for (const [key, value] of pairs) {
    const path = key.replace(/\]/g, '').split('[')
    // Arrays are indexed by the same string keys, so one record type serves both levels.
    let node: Record<string, unknown> = root
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value
      else node = (node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Record<string, unknown>
    })
  }
  return root as MoodleParams
}

describe('Moodle request encoding', () => {
  const cases = allRecordedCases().filter((c) =>
    c.request.method === 'POST' && /^wstoken=TOKEN&wsfunction=\w+&moodlewsrestformat=json(&|$)/.test(c.request.body))

  it('has recorded POST bodies to compare with', () => {
    assert.ok(cases.length > 150, `${cases.length}`)
  })

  for (const c of cases) {
    it(`encodes ${c.case} byte for byte as recorded`, () => {
      const [, [, fn] = ['', ''], , ...params] = c.request.params_decoded
      assert.equal(encodeMoodleBody('TOKEN', fn, nest(params)), c.request.body)
    })
  }

  it('flattens lists and structures the way PHP reads them back, skipping undefined', () => {
    assert.deepEqual(flattenMoodleParams({ a: [{ b: 1, c: undefined, d: [true, false] }] }), [
      ['a[0][b]', '1'],
      ['a[0][d][0]', '1'],
      ['a[0][d][1]', '0'],
    ])
  })
})

async function serve(handler: (body: string) => { status: number; body: string; type?: string } | 'hang') {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      const answer = handler(body)
      if (answer === 'hang') return
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }) }
}


describe('Moodle REST client', () => {
  const token = 'secret0123456789secret0123456789'

  it('reports each call to the observer without the token', async () => {
    const server = await serve(() => ({ status: 200, body: '[]' }))
    const calls: CallRecord[] = []
    const client = new MoodleRestClient({ baseUrl: `${server.url}/`, token, observer: (c) => calls.push(c) })
    assert.deepEqual(await client.call('core_user_get_users_by_field', { field: 'idnumber', values: ['a', 'b'] }, 2), [])
    await server.close()
    assert.equal(calls.length, 1)
    assert.equal(calls[0]?.function, 'core_user_get_users_by_field')
    assert.equal(calls[0]?.outcome, 'ok')
    assert.equal(calls[0]?.items, 2)
    assert.ok(!JSON.stringify(calls).includes(token))
  })

  it('turns a timeout into a retryable LMS_TIMEOUT', async () => {
    const server = await serve(() => 'hang')
    const calls: CallRecord[] = []
    const client = new MoodleRestClient({ baseUrl: server.url, token, timeoutMs: 100, observer: (c) => calls.push(c) })
    const error = await expectLmsError(client.call('core_user_get_users_by_field', {}))
    await server.close()
    assert.equal(error.code, 'LMS_TIMEOUT')
    assert.equal(error.kind, 'retryable')
    assert.deepEqual(calls.map((c) => [c.outcome, c.errorCode]), [['error', 'LMS_TIMEOUT']])
  })

  it('turns a refused connection into a retryable LMS_UNREACHABLE', async () => {
    const server = await serve(() => ({ status: 200, body: '[]' }))
    await server.close()
    const error = await expectLmsError(new MoodleRestClient({ baseUrl: server.url, token }).call('f', {}))
    assert.equal(error.code, 'LMS_UNREACHABLE')
    assert.equal(error.kind, 'retryable')
    assert.ok(!JSON.stringify(error).includes(token) && !error.message.includes(token))
  })

  it('treats HTTP 5xx as retryable', async () => {
    const server = await serve(() => ({ status: 503, body: '<h1>busy</h1>', type: 'text/html' }))
    const error = await expectLmsError(new MoodleRestClient({ baseUrl: server.url, token }).call('f', {}))
    await server.close()
    assert.equal(error.code, 'LMS_HTTP_ERROR')
    assert.equal(error.kind, 'retryable')
  })

  it('classifies an HTML page with status 200 as a bad answer, keeping its start', async () => {
    const server = await serve(() => ({ status: 200, body: '<!DOCTYPE html><title>Login</title>', type: 'text/html' }))
    const error = await expectLmsError(new MoodleRestClient({ baseUrl: server.url, token }).call('f', {}))
    await server.close()
    assert.equal(error.code, 'LMS_BAD_ANSWER')
    assert.equal(error.details.contentType, 'text/html')
    assert.match(String(error.details.answerStart), /^<!DOCTYPE html>/)
  })
})
