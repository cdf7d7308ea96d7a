// 1 000 hostile requests through the real API, generated from a seed (HOSTILE_SEED) so a failure is
// reproducible: very long strings, invalid UTF-8, control characters, SQL/HTML/Liquid injection text,
// bad e-mails, wrong types, unknown fields, huge arrays, deep nesting, wrong content types, empty bodies,
// duplicate keys. Every answer is a 4xx in the API's error shape or a 2xx whose data reads back exactly
// as sent (trimmed, as the schemas document); a refused request stores nothing; no secret reaches the log.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { connect } from 'node:net'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'

const seed = Number(process.env.HOSTILE_SEED ?? 20_260_707)

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(s: number) {
  let a = s >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
type Rng = () => number
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!
const between = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))

const injections = [
  "Robert'); DROP TABLE persons;--", "' OR '1'='1", "1; SELECT pg_sleep(5)", "$1 $2 \\x00", "E'\\\\x41'",
  '<script>alert("x")</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', '</textarea><b>',
  '{{ person.password }}', '{% for x in (1..99999999) %}{{ x }}{% endfor %}', '{{ "a" | append: "b" }}', '{{', '}}{%',
  '\u202Egnp.exe', 'line1\r\nline2', 'cr\ronly', 'tab\there', '\u001b[31mred\u001b[0m', '\u0007bell', '\u2028\u2029',
  'Zoë Ærø Łódź 日本 👩‍🎓', '\uFEFFbom', '  padded  ', '../../etc/passwd', '${jndi:ldap://example.invalid/a}', '%00%0d%0a',
  'null', 'undefined', '[object Object]', '__proto__', 'constructor',
] as const
/** Valid JSON text that PostgreSQL cannot store. */
const unstorable = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy'] as const
const badEmails = ['not-an-email', 'a@', '@b', 'a@@b.c', 'a b@c.d', '<a@b.c>', 'a@b.c\r\nBcc: x@y.z', `${'a'.repeat(90)}@b.c`] as const
const wrongTypes = [42, -1.5, 1e308, true, false, null, [], ['x'], {}, { $gt: '' }, [{ a: 1 }]] as const
const unknownKeys = ['isAdmin', 'password', 'tenantId', 'id', 'status', 'shoeSize', 'PersonId', ''] as const
const nonObjects = ['null', '42', '"text"', '[]', 'true', '[{"personId":"x"}]'] as const
const malformed = ['{"personId": ', "{'personId': 'x'}", '{"a":1,}', '{"a" 1}', 'undefined', '{"a":"\\x41"}', '\u0000'] as const
const contentTypes = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded',
  'application/octet-stream', 'application/json-patch+json'] as const

/** What a case sends and what the API must do with it. */
interface Case {
  what: string
  method: 'POST' | 'PUT'
  url: string
  /** An object is sent as JSON; a string or Buffer as raw bytes with contentType. */
  body?: unknown
  raw?: string | Buffer
  contentType?: string
  expect: 'refuse' | 'accept' | 'either'
  /** For an accepted request: fields that must read back as sent (trimmed, as the schemas do). */
  readBack?: { kind: 'person' | 'registration' | 'connection' | 'course'; fields: Record<string, string> }
  secret?: string
}

const storable = (v: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v)
/** Whether a string fits a field that trims and has this maximum (and minimum 1 when required). */
const fits = (v: string, max: number, required: boolean) => storable(v) && v.trim().length <= max && (!required || v.trim().length > 0)

const personFields: Record<string, { max: number; required: boolean }> = {
  personId: { max: 64, required: true }, lastName: { max: 100, required: true }, firstName: { max: 100, required: false },
  namePrefix: { max: 30, required: false }, initials: { max: 20, required: false }, email1: { max: 100, required: false },
  freeField1: { max: 255, required: false }, zipCode: { max: 20, required: false }, phoneMobile: { max: 40, required: false },
  externId: { max: 100, required: false },
}

/** Shared mutations of a JSON object body: each returns the body (or raw bytes) and the expectation. */
function mutate(r: Rng, base: Record<string, unknown>, textFields: Record<string, { max: number; required: boolean }>,
  at: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b):
  Pick<Case, 'what' | 'body' | 'raw' | 'contentType' | 'expect'> & { field?: string; value?: string } {
  const body = structuredClone(base)
  const field = pick(r, Object.keys(textFields))
  const spec = textFields[field]!
  const kind = pick(r, ['text', 'text', 'text', 'unstorable', 'long', 'wrongType', 'unknownField', 'hugeArray', 'deep',
    'contentType', 'empty', 'invalidUtf8', 'nonObject', 'malformed', 'email'] as const)
  switch (kind) {
    case 'text': {
      const value = pick(r, injections)
      at(body)[field] = value
      return { what: `${field} = ${JSON.stringify(value)}`, body, expect: fits(value, spec.max, spec.required) ? 'accept' : 'refuse', field, value }
    }
    case 'email': {
      const value = pick(r, badEmails)
      if (!('email1' in textFields)) return mutate(r, base, textFields, at)
      at(body).email1 = value
      // E-mail addresses are checked by the worker before any LMS call (waiting_for_data), not by the API.
      return { what: `email1 = ${JSON.stringify(value)}`, body, expect: 'accept', field: 'email1', value }
    }
    case 'unstorable': {
      const value = pick(r, unstorable)
      at(body)[field] = value
      return { what: `${field} = ${JSON.stringify(value)}`, body, expect: 'refuse' }
    }
    case 'long': {
      const size = pick(r, [between(r, 10_000, 100_000), between(r, 100_000, 1_100_000)])
      at(body)[field] = 'x'.repeat(size)
      return { what: `${field} of ${size} characters`, body, expect: 'refuse' }
    }
    case 'wrongType': {
      const value = pick(r, wrongTypes)
      if (value === null && field === 'externId') return { what: 'externId null', body: { ...body }, expect: 'either' }
      at(body)[field] = value
      return { what: `${field} = ${JSON.stringify(value)}`, body, expect: 'refuse' }
    }
    case 'unknownField': {
      const key = pick(r, unknownKeys)
      at(body)[key] = pick(r, ['x', 1, true, null, { nested: 'x' }])
      return { what: `unknown field ${JSON.stringify(key)}`, body, expect: 'refuse' }
    }
    case 'hugeArray': {
      const n = between(r, 1_000, 100_000)
      at(body)[field] = Array.from({ length: n }, (_, i) => (i % 2 ? 'x' : 1))
      return { what: `${field} an array of ${n}`, body, expect: 'refuse' }
    }
    case 'deep': {
      const depth = between(r, 1_000, 200_000)
      const open = pick(r, ['{"a":', '['])
      const close = open === '[' ? ']' : '}'
      return { what: `nested ${depth} deep`, raw: `${open.repeat(depth)}1${close.repeat(depth)}`, contentType: 'application/json', expect: 'refuse' }
    }
    case 'contentType': {
      const contentType = pick(r, contentTypes)
      return { what: `content type ${contentType}`, raw: JSON.stringify(body), contentType, expect: 'refuse' }
    }
    case 'empty':
      return pick(r, [
        { what: 'empty JSON body', raw: '', contentType: 'application/json', expect: 'refuse' as const },
        { what: 'no body at all', expect: 'refuse' as const },
      ])
    case 'invalidUtf8': {
      const json = JSON.stringify(body)
      const cut = json.indexOf('"', json.indexOf(':') + 2)
      const bad = pick(r, [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]])
      return {
        what: `invalid UTF-8 bytes ${bad.map((b) => b.toString(16)).join(' ')}`,
        raw: Buffer.concat([Buffer.from(json.slice(0, cut)), Buffer.from(bad), Buffer.from(json.slice(cut))]),
        contentType: 'application/json', expect: 'refuse',
      }
    }
    case 'nonObject': {
      const raw = pick(r, nonObjects)
      return { what: `body ${raw}`, raw, contentType: 'application/json', expect: 'refuse' }
    }
    case 'malformed': {
      const raw = pick(r, malformed)
      return { what: `malformed JSON ${JSON.stringify(raw)}`, raw, contentType: 'application/json', expect: 'refuse' }
    }
  }
}

const personCase = (r: Rng, i: number): Case => {
  const base = { personId: `hp-${i}`, lastName: 'Base', firstName: 'First', email1: `p${i}@example.com` }
  if (r() < 0.05) {
    // Duplicate keys: JSON.parse keeps the last, so the stored person is the last one named.
    return {
      what: 'duplicate keys', method: 'POST', url: '/api/v1/persons', contentType: 'application/json',
      raw: `{"personId":"hp-${i}-first","lastName":"A","personId":"hp-${i}","lastName":"B"}`,
      expect: 'accept', readBack: { kind: 'person', fields: { personId: `hp-${i}`, lastName: 'B' } },
    }
  }
  const m = mutate(r, base, personFields)
  const fields: Record<string, string> = { ...base }
  if (m.field && m.value !== undefined) fields[m.field] = m.value
  return { ...m, method: 'POST', url: '/api/v1/persons', readBack: { kind: 'person', fields } }
}

const putPersonCase = (r: Rng, i: number): Case => {
  if (r() < 0.3) {
    // A hostile person id in the URL, the same in the body.
    const id = `${pick(r, injections)}-${i}`
    return {
      what: `PUT /persons/${JSON.stringify(id)}`, method: 'PUT', url: `/api/v1/persons/${encodeURIComponent(id)}`,
      body: { personId: id, lastName: 'Put' },
      expect: fits(id, 64, true) && id.trim() === id ? 'accept' : 'refuse',
      readBack: { kind: 'person', fields: { personId: id, lastName: 'Put' } },
    }
  }
  const base = { personId: `hu-${i}`, lastName: 'Base', email1: `u${i}@example.com` }
  const m = mutate(r, base, personFields)
  const fields: Record<string, string> = { ...base }
  if (m.field && m.value !== undefined) fields[m.field] = m.value
  // A personId changed by the mutation no longer matches the URL: refused.
  const expect = m.field === 'personId' && m.value !== base.personId ? 'refuse' : m.expect
  return { ...m, expect, method: 'PUT', url: `/api/v1/persons/${base.personId}`, readBack: { kind: 'person', fields } }
}

const registrationCase = (r: Rng, i: number): Case => {
  const base = { externalId: `hr-${i}`, person: { personId: `hrp-${i}`, lastName: 'Reg', email1: `r${i}@example.com` }, courseCode: 'DEMO-101' }
  const where = r() < 0.6 ? 'person' : 'top'
  const m = where === 'person'
    ? mutate(r, base, personFields, (b) => b.person as Record<string, unknown>)
    : mutate(r, base, { externalId: { max: 100, required: true }, courseCode: { max: 100, required: true } })
  // A course code other than DEMO-101 is unknown: 422, nothing stored.
  // A registration id used before by another person is a 409 (registration ids are unique per tenant).
  const expect = m.field === 'courseCode' && m.value?.trim() !== 'DEMO-101' ? 'refuse'
    : m.field === 'externalId' && m.expect === 'accept' ? 'either' : m.expect
  const fields: Record<string, string> = { externalId: base.externalId, courseCode: base.courseCode, personId: base.person.personId }
  if (m.field && m.value !== undefined) fields[m.field] = m.value
  return { ...m, expect, method: 'POST', url: '/api/v1/registrations', readBack: { kind: 'registration', fields } }
}

const connectionCase = (r: Rng, i: number): Case => {
  const secret = `pw-${i}-${Math.floor(r() * 1e9)}-never-logged`
  const base = pick(r, [
    { name: `hc-${i}`, type: 'sandbox' },
    { name: `hc-${i}`, type: 'ilias', baseUrl: 'https://ilias.example.org', credentials: { client: 'c', username: 'u', password: secret } },
  ]) as Record<string, unknown>
  const m = pick(r, [0, 1, 2]) === 0
    ? { what: 'bad baseUrl', body: { ...base, baseUrl: pick(r, ['javascript:alert(1)', 'ftp://x', 'http://', `https://${'a'.repeat(600)}.org`, 'not a url']) }, expect: 'refuse' as const }
    : mutate(r, base, { name: { max: 100, required: true } })
  const fields: Record<string, string> = { name: String(base.name) }
  if ('field' in m && m.field && m.value !== undefined) fields[m.field] = m.value
  // Names are unique per tenant: an injection text used before is a 409, which is a refusal too.
  const expect = 'field' in m && m.field === 'name' && m.expect === 'accept' ? 'either' : m.expect
  return { ...m, expect, method: 'POST', url: '/api/v1/connections', readBack: { kind: 'connection', fields }, secret }
}

const courseCase = (connectionId: string) => (r: Rng, i: number): Case => {
  const base = { code: `hd-${i}`, name: 'Course', connectionId, target: { type: 'moodle-course', by: 'id', value: '2' } }
  if (r() < 0.25) {
    const [key, value] = pick(r, [
      ['enrolStart', -8.64e15], ['enrolStart', 8.64e15], ['enrolEnd', '0000-01-01'], ['enrolStart', 'yesterday'],
      ['enrolStart', []], ['connectionId', 'not-a-uuid'], ['connectionId', '00000000-0000-4000-8000-000000000000'],
      ['target', { type: 'moodle-course', by: 'id', value: '1 OR 1=1' }], ['target', { type: 'ilias-course', refId: '<b>1</b>' }],
      ['target', 'moodle'], ['role', 'x'.repeat(51)],
    ] as const)
    return { what: `${key} = ${JSON.stringify(value)}`, method: 'POST', url: '/api/v1/course-definitions', body: { ...base, [key]: value }, expect: 'refuse' }
  }
  const m = mutate(r, base, { code: { max: 100, required: true }, name: { max: 255, required: true } })
  const fields: Record<string, string> = { code: base.code, name: base.name }
  if (m.field && m.value !== undefined) fields[m.field] = m.value
  // Codes are unique: an injection text used before is a 409, which is a refusal too.
  return { ...m, expect: m.field === 'code' && m.expect === 'accept' ? 'either' : m.expect, method: 'POST', url: '/api/v1/course-definitions', readBack: { kind: 'course', fields } }
}

describe(`hostile inputs (${testDb}, HOSTILE_SEED=${seed})`, () => {
  let t: TestApp
  let connectionId: string
  const logLines: string[] = []
  const secrets: string[] = []
  const knownIssues: string[] = []
  before(async () => {
    const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } })
    t = await startTestApp({ runWorkers: false }, { logStream })
    await ensureSandbox(t.app.ctx)
    connectionId = (await t.api('GET', '/api/v1/connections')).body.items[0].id
    secrets.push(t.key)
  })
  after(async () => t?.stop())

  const tables = ['persons', 'registrations', 'connections', 'course_definitions'] as const
  const counts = async () => {
    const out: Record<string, number> = {}
    for (const table of tables) out[table] = Number((await t.app.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)
    return out
  }

  async function send(c: Case) {
    const headers: Record<string, string> = { authorization: `Bearer ${t.key}` }
    let payload: string | Buffer | undefined
    if (c.raw !== undefined) {
      payload = c.raw
      if (c.contentType) headers['content-type'] = c.contentType
    } else if (c.body !== undefined) {
      payload = JSON.stringify(c.body)
      headers['content-type'] = 'application/json'
    }
    return t.app.http.inject({ method: c.method, url: c.url, headers, ...(payload === undefined ? {} : { payload }) })
  }

  async function readBack(c: Case, answer: any): Promise<string | null> {
    const rb = c.readBack!
    const expectText = (got: unknown, sent: string, name: string) =>
      got === sent.trim() ? null : `${name} read back as ${JSON.stringify(got)?.slice(0, 80)}, sent ${JSON.stringify(sent).slice(0, 80)}`
    if (rb.kind === 'person' || rb.kind === 'registration') {
      const personId = rb.fields.personId!.trim()
      const res = await t.api('GET', `/api/v1/persons/${encodeURIComponent(personId)}`)
      if (res.status !== 200) return `the person ${JSON.stringify(personId)} is not readable: ${res.status}`
      for (const [name, sent] of Object.entries(rb.fields)) {
        if (name === 'externalId' || name === 'courseCode') continue
        const problem = expectText(res.body[name], sent, name)
        if (problem) return problem
      }
      if (rb.kind === 'registration') {
        const reg = await t.api('GET', `/api/v1/registrations/${answer.id}`)
        return expectText(reg.body.externalId, rb.fields.externalId!, 'externalId') ?? expectText(reg.body.courseCode, rb.fields.courseCode!, 'courseCode')
      }
      return null
    }
    const path = rb.kind === 'connection' ? 'connections' : 'course-definitions'
    const res = await t.api('GET', `/api/v1/${path}/${answer.id}`)
    for (const [name, sent] of Object.entries(rb.fields)) {
      const problem = expectText(res.body[name], sent, name)
      if (problem) return problem
    }
    return null
  }

  /** Runs the cases; returns one line per failure, each naming the case to replay. */
  async function runCases(label: string, make: (r: Rng, i: number) => Case, n: number, offset: number) {
    const r = prng(seed + offset)
    const failures: string[] = []
    for (let i = 0; i < n; i++) {
      const c = make(r, offset + i)
      if (c.secret) secrets.push(c.secret)
      const before = await counts()
      const res = await send(c)
      const after = await counts()
      const fail = (why: string) => failures.push(`${label} #${i} (${c.what}): ${why}`)
      if (c.secret && res.body.includes(c.secret)) fail('the answer contains the password')
      if (res.statusCode >= 500) {
        fail(`answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
        continue
      }
      if (!/^application\/json/.test(String(res.headers['content-type']))) fail(`content type ${res.headers['content-type']}`)
      let body: any
      try {
        body = JSON.parse(res.body)
      } catch {
        fail(`not JSON: ${res.body.slice(0, 100)}`)
        continue
      }
      if (res.statusCode >= 400) {
        if (c.expect === 'accept') fail(`refused with ${res.statusCode} ${res.body.slice(0, 200)}`)
        if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') fail(`error shape: ${res.body.slice(0, 200)}`)
        if (body?.error?.code === 'INVALID_INPUT' && !(Array.isArray(body.error.details) && body.error.details.length > 0 &&
          body.error.details.every((d: { path: unknown }) => typeof d.path === 'string' && d.path.length > 0))) {
          fail(`INVALID_INPUT without field paths: ${res.body.slice(0, 200)}`)
        }
        const conflictAfterPersonSaved = body?.error?.code === 'REGISTRATION_ID_CONFLICT' &&
          JSON.stringify(before) !== JSON.stringify(after)
        if (conflictAfterPersonSaved) knownIssues.push(`${label} #${i} (${c.what})`)
        if (JSON.stringify(before) !== JSON.stringify(after)) fail(`refused but stored: ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
      } else {
        if (c.expect === 'refuse') fail(`accepted with ${res.statusCode}: ${res.body.slice(0, 200)}`)
        else if (c.readBack) {
          const problem = await readBack(c, body)
          if (problem) fail(problem)
        }
      }
    }
    return failures
  }

  const cases = [
    ['POST /persons', personCase, 250],
    ['PUT /persons/{id}', putPersonCase, 150],
    ['POST /registrations', registrationCase, 250],
    ['POST /connections', connectionCase, 150],
  ] as const
  let offset = 0
  for (const [label, make, n] of cases) {
    const start = offset
    offset += n
    it(`${label}: ${n} hostile requests, each a 4xx in the error shape or stored exactly`, async () => {
      const failures = await runCases(label, make, n, start)
      assert.deepEqual(failures, [])
    })
  }
  it('POST /course-definitions: 200 hostile requests, each a 4xx in the error shape or stored exactly', async () => {
    const failures = await runCases('POST /course-definitions', courseCase(connectionId), 200, offset)
    assert.deepEqual(failures, [])
  })

  it('stores nothing for a registration refused because its registration id belongs to another person', async () => {
    await t.api('POST', '/api/v1/registrations', { externalId: 'taken-1', person: { personId: 'owner-1', lastName: 'Owner' }, courseCode: 'DEMO-101' })
    const res = await t.api('POST', '/api/v1/registrations', { externalId: 'taken-1', person: { personId: 'other-1', lastName: 'Other' }, courseCode: 'DEMO-101' })
    assert.equal(res.status, 409)
    assert.equal((await t.api('GET', '/api/v1/persons/other-1')).status, 404)
    assert.deepEqual(knownIssues, [], 'nor in the generated cases')
  })

  it('refuses raw bytes over a real socket: invalid UTF-8, a wrong length, a bad header', async () => {
    const address = await t.app.http.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(address)
    const raw = (head: string, body: Buffer = Buffer.alloc(0)) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1')
      const chunks: Buffer[] = []
      socket.on('data', (d) => chunks.push(d))
      socket.on('error', reject)
      socket.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1')
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) })
      })
      // Written, not ended: a client that half-closes its side before the answer makes Node's HTTP server abort the
      // request (httpAllowHalfOpen is false), which a real client never does. Connection: close ends the exchange.
      socket.write(Buffer.concat([Buffer.from(head.replaceAll('\n', '\r\n')), body]))
    })
    const auth = `Authorization: Bearer ${t.key}\nConnection: close\n`
    const before = await counts()
    const bytes = Buffer.concat([Buffer.from('{"personId":"sock-1","lastName":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])
    const invalid = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}Content-Type: application/json\nContent-Length: ${bytes.length}\n\n`, bytes)
    assert.equal(invalid.status, 400)
    assert.equal(JSON.parse(invalid.body).error.message, 'the request body is not valid UTF-8')

    const latin1 = Buffer.from('{"personId":"sock-2","lastName":"M\xfcller"}', 'latin1')
    const charset = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}Content-Type: application/json; charset=iso-8859-1\nContent-Length: ${latin1.length}\n\n`, latin1)
    assert.equal(charset.status, 400, 'a body in another encoding is refused, whatever charset it names')

    const chunked = Buffer.concat([Buffer.from('5\r\n{"per\r\n'), Buffer.from('4\r\n'), Buffer.from([0x22, 0xff, 0x22, 0x3a]), Buffer.from('\r\n0\r\n\r\n')])
    const chunkedAnswer = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}Content-Type: application/json\nTransfer-Encoding: chunked\n\n`, chunked)
    assert.equal(chunkedAnswer.status, 400)

    const short = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}Content-Type: application/json\nContent-Length: 5\n\n`, Buffer.from('{"personId":"sock-3","lastName":"x"}'))
    assert.ok(short.status >= 400 && short.status < 500, `a body longer than its Content-Length: ${short.status}`)

    const badHeader = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}X-Evil: a\u0000b\nContent-Length: 2\n\n{}`)
    assert.equal(badHeader.status, 400, "Node's HTTP parser refuses a NUL in a header")

    const huge = Buffer.from(JSON.stringify({ personId: 'sock-4', lastName: 'x'.repeat(2 * 1024 * 1024) }))
    const tooLarge = await raw(`POST /api/v1/persons HTTP/1.1\nHost: x\n${auth}Content-Type: application/json\nContent-Length: ${huge.length}\n\n`, huge)
    assert.equal(tooLarge.status, 413)
    assert.equal(JSON.parse(tooLarge.body).error.code, 'BODY_TOO_LARGE')
    assert.deepEqual(await counts(), before, 'nothing stored')
  })

  it('writes no API key and no password to the log', () => {
    assert.ok(logLines.length > 0, 'the log was captured')
    const log = logLines.join('')
    const leaked = secrets.filter((s) => log.includes(s))
    assert.deepEqual(leaked, [])
  })
})
