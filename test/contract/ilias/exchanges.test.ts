// Replays every exchange of test/contracts/ilias/exchanges/ against the ILIAS simulator in its 'newest'
// profile: set the simulator up as the exchange needs, send the request, expect the same HTTP status and
// a semantically equal SOAP response (soap-compare.ts). One test per file, from the directory listing:
// a new exchange without a setup below fails loudly.
//
// These exchanges were synthesized from the ILIAS 10 source, not recorded. Where the live ILIAS 5.2
// recording (live-5.2.test.ts) answers differently, the live answer wins for 5.x. A synthesized case
// whose source stands for newer versions stays, named "newer ILIAS only"; one the recording showed to
// be wrong is skipped with the reason (its README, "Differences from the synthesized contract").
//
// With ILIAS_URL, ILIAS_CLIENT, ILIAS_USER and ILIAS_PASSWORD set, the read-only subset also runs
// against that ILIAS (nothing is created, changed or deleted there; a wrong-password login is left
// out because it counts towards ILIAS's login-attempt lock).
//
// Request normalisation (values that cannot be recorded): `{{SID}}` and the placeholder session
// `SOAPDISABLED` become the session id of a fresh login; `{{PASSWORD}}` becomes the SOAP account's
// password in login and a fixed password inside import XML; against a real ILIAS the client id
// `myclient` and the user `soapadmin` become the configured ones.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { createIliasSimulator, type IliasSimulator } from '../../../src/lms/ilias/simulator/index.ts'
import { buildRequestEnvelope, parseResponseEnvelope } from '../../../src/lms/ilias/ilias-soap-client.ts'
import { assertSameResponse, type Normalisation } from './soap-compare.ts'

const exchangesDir = new URL('../../contracts/ilias/exchanges/', import.meta.url)

const exchangeSchema = z.object({
  case: z.string(),
  ilias_version: z.string(),
  provenance: z.string(),
  request: z.object({ soap_action: z.string(), body: z.string() }),
  response: z.object({ status: z.number(), content_type: z.string(), body: z.string() }),
})
type Exchange = z.infer<typeof exchangeSchema>

/** Synthesized cases that stand for ILIAS ≥ 7 only (PHP 8 SoapServer, newest code path); 5.x answers as live-5.2 shows. */
const newerOnly: Record<string, string> = {
  fault_sid_without_client: 'ILIAS 5.2 answers HTTP 200 text/html "Fatal Error: … without CLIENT_ID." (live-5.2/fault_sid_without_client)',
  getProgressInfo_bad_ref_id: 'PHP 8 turns the integer fault code into "54"; ILIAS 5.2 on PHP 7 sends an empty fault (live-5.2/getProgressInfo_bad_ref_id)',
  getProgressInfo_course: 'ILIAS 5.2 pads every value and lists current members only (live-5.2/getProgressInfo_course)',
  getLearningProgressChanges: 'ILIAS 5.2 adds a comment and indentation (live-5.2/getLearningProgressChanges)',
}

/** Synthesized cases the live recording showed to be wrong: skipped, the live case covers them. */
const wrong: Record<string, string> = {
  importUsers_missing_global_role: 'wrong: a user without any <Role> gets "Element "Role" must be specified"; the global-role message needs local roles only (live-5.2/importUsers_missing_global_role, importUsers_only_local_role)',
  importUsers_malformed_xml: 'wrong: libxml names the bad end tag ("Login line 1 and Logn"), not the enclosing element (live-5.2/importUsers_malformed_xml)',
}

const files = readdirSync(exchangesDir).filter((f) => f.endsWith('.json')).sort()
const exchanges = files.map((file) => ({ file, exchange: exchangeSchema.parse(JSON.parse(readFileSync(new URL(file, exchangesDir), 'utf8'))) }))

const simClient = 'myclient'
const simAdmin = { user: 'soapadmin', password: 'contract-Password1!' }

/** The ILIAS the exchanges describe: course ref 85 (obj 284), Max (312, tms.p1001) and Erika (313, tms.p1002). */
function courseAndTwoPersons(sim: IliasSimulator, opts: { withErika?: boolean } = {}): void {
  sim.addCourse({ title: 'Erste Hilfe', refId: 85, objId: 284 })
  sim.addUser({ usrId: 312, login: 'tms.p1001', importId: 'tms_person_1001', firstname: 'Max', lastname: 'Mustermann', email: 'max@example.org', language: 'de' })
  if (opts.withErika !== false) {
    sim.addUser({ usrId: 313, login: 'tms.p1002', importId: 'tms_person_1002', firstname: 'Erika', lastname: 'Mustermann', email: 'erika@example.org', language: 'de' })
  }
}

type Setup = (sim: IliasSimulator) => void
const nothing: Setup = () => {}

const setups: Record<string, Setup> = {
  assignCourseMember_ok: (sim) => courseAndTwoPersons(sim),
  assignCourseMember_bad_ref_id: (sim) => courseAndTwoPersons(sim),
  assignCourseMember_invalid_type: (sim) => courseAndTwoPersons(sim),
  assignCourseMember_unknown_user: (sim) => courseAndTwoPersons(sim),
  // course_id 1 is the repository root: not a course.
  assignCourseMember_wrong_object_type: (sim) => courseAndTwoPersons(sim),
  excludeCourseMember_ok: (sim) => { courseAndTwoPersons(sim); sim.addMember(85, 313) },
  fault_bad_sid: nothing,
  fault_sid_without_client: nothing,
  // Login works while SOAP is disabled; the session check refuses everything after it.
  fault_soap_disabled: (sim) => sim.setSoapEnabled(false),
  getLearningProgressChanges: (sim) => {
    courseAndTwoPersons(sim)
    sim.addMember(85, 313)
    sim.setLearningProgress(313, 85, 'passed', new Date('2024-05-02T10:15:00Z'))
  },
  getObjIdByImportId_unknown: (sim) => courseAndTwoPersons(sim),
  getObjIdByImportId_user: (sim) => courseAndTwoPersons(sim),
  getProgressInfo_bad_ref_id: (sim) => courseAndTwoPersons(sim),
  getProgressInfo_course: (sim) => {
    courseAndTwoPersons(sim)
    sim.addMember(85, 313)
    sim.addMember(85, 312)
    sim.setLearningProgress(313, 85, 'passed', new Date('2024-05-02T10:15:00Z'))
  },
  getRefIdsByObjId: (sim) => courseAndTwoPersons(sim),
  getUserIdBySid_ok: nothing,
  importUsers_bad_folder: (sim) => courseAndTwoPersons(sim),
  importUsers_duplicate_fail_on_conflict: (sim) => courseAndTwoPersons(sim),
  importUsers_duplicate_ignore_on_conflict: (sim) => courseAndTwoPersons(sim),
  importUsers_duplicate_update_on_conflict: (sim) => courseAndTwoPersons(sim),
  // The new account gets the next object id: 313.
  importUsers_insert_new: (sim) => courseAndTwoPersons(sim, { withErika: false }),
  importUsers_malformed_xml: (sim) => courseAndTwoPersons(sim),
  importUsers_missing_global_role: (sim) => courseAndTwoPersons(sim),
  isAssignedToCourse_member: (sim) => { courseAndTwoPersons(sim); sim.addMember(85, 313) },
  isAssignedToCourse_not_assigned: (sim) => { courseAndTwoPersons(sim); sim.addMember(85, 313) },
  login_ok: nothing,
  login_wrong_password: nothing,
  logout: nothing,
  lookupUser_found: (sim) => courseAndTwoPersons(sim),
  lookupUser_unknown: (sim) => courseAndTwoPersons(sim),
}

/** Read-only cases that are safe on a real ILIAS, and the parts whose values are installation-specific there. */
const realSubset: Record<string, Normalisation['anyPositiveInt']> = {
  login_ok: [],
  logout: [],
  fault_bad_sid: [],
  fault_sid_without_client: [],
  lookupUser_unknown: [],
  getObjIdByImportId_unknown: [],
  getUserIdBySid_ok: ['usr_id'],
}

interface Target {
  url: string
  client: string
  user: string
  password: string
}

async function post(target: Target, soapAction: string, body: string): Promise<{ status: number; contentType: string; body: string }> {
  const res = await fetch(target.url, {
    method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapAction}"` }, body,
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }
}

async function login(target: Target): Promise<string> {
  const res = await post(target, 'urn:ilUserAdministration#login', buildRequestEnvelope('login', {
    client: { type: 'string', value: target.client }, username: { type: 'string', value: target.user },
    password: { type: 'string', value: target.password },
  }))
  const parsed = parseResponseEnvelope(res.body)
  assert.ok('result' in parsed && parsed.result.kind === 'scalar', `login for the replay failed: ${res.body}`)
  return parsed.result.text.split('::')[0] ?? ''
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

async function replay(exchange: Exchange, target: Target, normalise: Normalisation): Promise<void> {
  let body = exchange.request.body
  if (target.client !== simClient) body = body.replaceAll(`::${simClient}<`, `::${escapeXml(target.client)}<`).replace(`>${simClient}</client>`, `>${escapeXml(target.client)}</client>`)
  if (target.user !== simAdmin.user) body = body.replace(`>${simAdmin.user}</username>`, `>${escapeXml(target.user)}</username>`)
  if (body.includes('{{SID}}') || body.includes('>SOAPDISABLED::')) {
    const session = await login(target)
    body = body.replaceAll('{{SID}}', session).replace('>SOAPDISABLED::', `>${session}::`)
  }
  body = body.includes('</password>') ? body.replace('{{PASSWORD}}', escapeXml(target.password)) : body.replaceAll('{{PASSWORD}}', 'Initial-Password1')

  const res = await post(target, exchange.request.soap_action, body)
  assert.equal(res.status, exchange.response.status, `HTTP status; body: ${res.body}`)
  assert.equal(res.contentType.toLowerCase().replace(/\s/g, ''), exchange.response.content_type.toLowerCase().replace(/\s/g, ''))
  let expected = exchange.response.body
  if (target.client !== simClient) expected = expected.replaceAll(`::${simClient}<`, `::${escapeXml(target.client)}<`)
  assertSameResponse(res.body, expected, normalise)
}

describe('ILIAS exchanges replayed against the simulator', () => {
  it('has a setup for every exchange and an exchange for every setup', () => {
    const cases = exchanges.map((e) => e.exchange.case)
    assert.ok(cases.length > 0, `no exchanges found in ${exchangesDir.pathname}`)
    assert.deepEqual(Object.keys(setups).filter((k) => !cases.includes(k)), [], 'setups without an exchange file')
    for (const { file, exchange } of exchanges) assert.equal(`${exchange.case}.json`, file, 'case name matches the file name')
  })

  for (const { file, exchange } of exchanges) {
    const name = newerOnly[exchange.case] ? `${exchange.case} (${file}) — newer ILIAS only: ${newerOnly[exchange.case]}` : `${exchange.case} (${file})`
    it(name, { skip: wrong[exchange.case] ?? false }, async () => {
      const setup = setups[exchange.case]
      assert.ok(setup, `no simulator setup for exchange ${file}: add one to "setups" in test/contract/ilias/exchanges.test.ts`)
      const sim = createIliasSimulator({ client: simClient, adminUser: simAdmin.user, adminPassword: simAdmin.password })
      const url = await sim.start(0)
      try {
        setup(sim)
        await replay(exchange, { url, client: simClient, user: simAdmin.user, password: simAdmin.password }, { sid: true })
      } finally {
        await sim.stop()
      }
    })
  }
})

const env = { url: process.env['ILIAS_URL'], client: process.env['ILIAS_CLIENT'], user: process.env['ILIAS_USER'], password: process.env['ILIAS_PASSWORD'] }
const real: Target | null = env.url && env.client && env.user && env.password
  ? { url: env.url, client: env.client, user: env.user, password: env.password }
  : null

describe('ILIAS exchanges replayed against a real ILIAS (read-only subset)', () => {
  let target: Target | null = null
  before(() => { target = real })
  after(() => { target = null })
  for (const { exchange } of exchanges) {
    const anyPositiveInt = realSubset[exchange.case]
    const skip = !real
      ? 'set ILIAS_URL, ILIAS_CLIENT, ILIAS_USER and ILIAS_PASSWORD to run against a real ILIAS'
      : anyPositiveInt === undefined ? 'not in the read-only subset (it needs data or changes the installation)' : false
    it(exchange.case, { skip }, async () => {
      await replay(exchange, target!, { sid: true, anyPositiveInt })
    })
  }
})
