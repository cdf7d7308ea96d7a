// The OpenAPI document is the API's contract: generated from the routes' schemas, every route in it with an
// operationId and a success schema, valid by Redocly's linter, listing exactly the error codes the code base
// answers (each described in the catalogue), and good enough for a generated, typed client to run the
// README's quick start (register, poll until active) over a real socket.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import createClient from 'openapi-fetch'
import type { paths } from './generated/coursebridge-api.ts'
import { clientTypesPath, generateClientTypes, storedClientTypes } from './client-types.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { routeTable } from '../../src/http/access.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { catalogue } from '../../src/notifications/catalogue.ts'
import { webhookFailureCodes } from '../../src/webhooks/standard-webhooks.ts'
import { templateProblemCodes } from '../../src/mail/template-analysis.ts'

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const
type Doc = Record<string, any>

/** Every (status, code) pair the document lists, from the error schemas' code enums. */
function documentedCodes(doc: Doc): Map<string, Set<number>> {
  const codes = new Map<string, Set<number>>()
  const note = (code: string, status: number) => codes.set(code, new Set([...(codes.get(code) ?? []), status]))
  const collect = (schema: Doc | undefined, status: number) => {
    if (!schema) return
    for (const alt of schema.anyOf ?? schema.oneOf ?? []) collect(alt, status)
    for (const code of schema.properties?.error?.properties?.code?.enum ?? schema.properties?.code?.enum ?? []) note(code, status)
  }
  for (const ops of Object.values<Doc>(doc.paths)) {
    for (const m of methods) {
      for (const [status, answer] of Object.entries<Doc>(ops[m]?.responses ?? {})) {
        if (Number(status) >= 400) collect(answer.content?.['application/json']?.schema, Number(status))
      }
    }
  }
  for (const [, code] of String(doc.info.description).matchAll(/`([A-Z][A-Z0-9_]+)`/g)) note(code!, 404)
  return codes
}

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return ['simulator', 'ui'].includes(name) ? [] : productFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

/**
 * Every (status, code) the API can answer, read from the code base: the literal refusals
 * (new ServiceError(status, 'CODE'), sendError(reply, status, 'CODE'), the webhook's refuse(status, 'CODE')),
 * Fastify's own refusals as errorHandler names them, and the codes answered from a list: the webhook
 * verification (401), the plugin's body (400), a template's problems (422).
 */
function answeredCodes(): Map<string, Set<number>> {
  const codes = new Map<string, Set<number>>()
  const note = (code: string, status: number) => codes.set(code, new Set([...(codes.get(code) ?? []), status]))
  for (const file of productFiles('src')) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:ServiceError\(|sendError\(reply, |refuse\()(\d{3}), '([A-Z][A-Z0-9_]+)'/g)) note(m[2]!, Number(m[1]))
  }
  const handler = readFileSync('src/http/api-error.ts', 'utf8')
  const fastifyRefusals = handler.slice(handler.indexOf('export function errorHandler'))
  for (const m of fastifyRefusals.matchAll(/[?:] '([A-Z][A-Z0-9_]+)'/g)) note(m[1]!, 400) // status as Fastify sets it (400/413/415)
  for (const code of webhookFailureCodes) note(code, 401)
  for (const m of readFileSync('src/webhooks/moodle-result-payload.ts', 'utf8').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)) note(m[1]!, 400)
  for (const code of templateProblemCodes) note(code, 422)
  return codes
}

describe('the OpenAPI document', () => {
  let doc: Doc
  let t: TestApp
  before(async () => {
    t = await startTestApp({ runWorkers: false })
    doc = JSON.parse((await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body)
  })
  after(async () => {
    await t?.stop()
  })

  it('is OpenAPI 3.1 with a server, the API key scheme and the answers\' schemas in components', () => {
    assert.equal(doc.openapi, '3.1.0')
    assert.ok(doc.servers.length > 0)
    assert.deepEqual(doc.components.securitySchemes.apiKey, { type: 'http', scheme: 'bearer', description: 'An API key: npx coursebridge keys create' })
    for (const name of ['Person', 'Connection', 'CourseDefinition', 'Registration', 'RegistrationDetail', 'Notification', 'CodeDescription']) {
      assert.ok(doc.components.schemas[name], `components.schemas.${name}`)
    }
  })

  it('holds every route the app registered (the Service Center and this page aside), each with an operationId', () => {
    const inDoc = new Set(Object.entries<Doc>(doc.paths).flatMap(([path, ops]) => methods.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${path}`)))
    const missing: string[] = []
    for (const route of routeTable(t.app.http)) {
      if (route.method === 'HEAD' || route.url === '/' || route.url.startsWith('/ui') || route.url.startsWith('/api/docs')) continue
      if (!inDoc.has(`${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)) missing.push(`${route.method} ${route.url}`)
    }
    assert.deepEqual(missing, [], 'routes without an operationId in the document: give them schema: operation({...}) (src/http/api-docs.ts)')
    assert.ok(inDoc.size >= 40, `only ${inDoc.size} operations`)
  })

  it('gives every operation a unique operationId, a summary, security and a success answer with a schema', () => {
    const ids = new Set<string>()
    for (const [path, ops] of Object.entries<Doc>(doc.paths)) {
      for (const m of methods) {
        const op = ops[m]
        if (!op) continue
        const where = `${m.toUpperCase()} ${path}`
        assert.ok(op.operationId && !ids.has(op.operationId), `${where}: operationId`)
        ids.add(op.operationId)
        assert.ok(op.summary, `${where}: summary`)
        assert.ok(Array.isArray(op.security), `${where}: security`)
        const ok = Object.entries<Doc>(op.responses).filter(([s]) => s.startsWith('2'))
        assert.ok(ok.length > 0 && ok.every(([, a]) => Object.values<Doc>(a.content ?? {}).every((c) => c.schema)), `${where}: success schema`)
        for (const p of (path.match(/\{\w+\}/g) ?? []).map((s) => s.slice(1, -1))) {
          assert.ok(op.parameters?.some((x: Doc) => x.in === 'path' && x.name === p && x.required), `${where}: path parameter ${p}`)
        }
      }
    }
  })

  it('declares the security the access check applies, Idempotency-Key on every POST that takes an API key, and no API key on the plugin webhook', () => {
    for (const route of routeTable(t.app.http)) {
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]
      if (!op) continue
      const access = route.access()
      assert.deepEqual(op.security, access.kind === 'public' ? [] : [{ apiKey: [] }], `${route.method} ${route.url}`)
      if (access.kind === 'key') assert.match(op.responses['403'].description, new RegExp(`scope "${access.scope}"`))
    }
    for (const [path, ops] of Object.entries<Doc>(doc.paths)) {
      const post = ops.post
      if (!post) continue
      const takesKey = post.security.length > 0
      assert.equal(post.parameters?.some((p: Doc) => p.in === 'header' && p.name === 'Idempotency-Key') ?? false, takesKey, `POST ${path}`)
    }
    const webhook = doc.paths['/webhooks/moodle/{connectionId}'].post
    assert.deepEqual(webhook.security, [])
    assert.deepEqual(webhook.parameters.filter((p: Doc) => p.in === 'header').map((p: Doc) => p.name).sort(), ['webhook-id', 'webhook-signature', 'webhook-timestamp'])
    const unauthenticated = JSON.stringify(webhook.responses['401'])
    assert.ok(unauthenticated.includes('WEBHOOK_SIGNATURE_INVALID') && !unauthenticated.includes('UNAUTHENTICATED'))
  })

  it('lists exactly the error codes the code base answers, each under the status it is answered with, each in the catalogue', () => {
    const documented = documentedCodes(doc)
    const answered = answeredCodes()
    assert.ok(answered.size > 25, `only ${answered.size} answered codes found: the scan is broken`)
    assert.deepEqual([...answered.keys()].filter((c) => !documented.has(c)).sort(), [], 'answered but not in the document')
    assert.deepEqual([...documented.keys()].filter((c) => !answered.has(c)).sort(), [], 'in the document but answered nowhere')
    for (const [code, statuses] of answered) {
      // Fastify sets the status of its own refusals (scanned as 400): any 4xx in the document will do.
      const expected = [...statuses].filter((s) => !(s === 400 && [...documented.get(code)!].some((d) => d >= 400 && d < 500)))
      for (const status of expected) assert.ok(documented.get(code)!.has(status), `${code} is answered with ${status}, documented with ${[...documented.get(code)!]}`)
    }
    const entries = catalogue()
    assert.deepEqual([...documented.keys()].filter((c) => !entries[c]).sort(), [], 'documented codes without a catalogue entry')
  })

  it('has 0 errors and 0 warnings by the Redocly CLI linter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-openapi-'))
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc))
      const r = spawnSync(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', join(dir, 'openapi.json'), '--format=json'],
        { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } })
      const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')))
      const problems = report.problems.map((p: Doc) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`)
      assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, problems.join('\n'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is what the typed client was generated from (regenerate: node --import tsx test/http/client-types.ts --write)', async () => {
    assert.equal(storedClientTypes(), await generateClientTypes(doc), `${clientTypesPath.pathname} is out of date`)
  })
})

describe('the README quick start through a generated, typed client over a real socket', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
    await ensureSandbox(t.app.ctx)
  })
  after(async () => {
    await t?.stop()
  })

  it('registers a person for the sandbox course and polls until the registration is active', async () => {
    const baseUrl = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${t.key}` } })
    const created = await client.POST('/api/v1/registrations', {
      body: {
        person: { personId: '1001', firstName: 'Zoë', namePrefix: 'van der', lastName: 'Berg', email1: 'zoe@example.com' },
        courseCode: 'DEMO-101',
      },
      headers: { 'Idempotency-Key': 'quick-start-1001' },
    })
    assert.equal(created.response.status, 202, JSON.stringify(created.error))
    const id = created.data!.id
    assert.equal(created.data!.desired, 'active')

    let detail: Awaited<ReturnType<typeof getDetail>>['data']
    const getDetail = () => client.GET('/api/v1/registrations/{id}', { params: { path: { id } } })
    const deadline = Date.now() + 20_000
    for (;;) {
      detail = (await getDetail()).data
      if (detail?.observed.status === 'active' || Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 200))
    }
    assert.equal(detail?.observed.status, 'active')
    assert.ok(detail.observed.lmsUserId && detail.observed.loginName)
    assert.ok(detail.steps.length > 0)

    const missing = await client.GET('/api/v1/registrations/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } })
    assert.equal(missing.response.status, 404)
    assert.equal(missing.error?.error.code, 'REGISTRATION_NOT_FOUND')
    const refused = await client.POST('/api/v1/registrations', { body: { personId: 'nobody', courseCode: 'NO-SUCH-COURSE' } })
    assert.equal(refused.response.status, 422)
    assert.equal(refused.error?.error.code, 'COURSE_DEFINITION_NOT_FOUND')
  })
})
