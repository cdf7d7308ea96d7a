// One test per exchange recorded from the live ILIAS 5.2.7 (test/contracts/ilias/live-5.2): the simulator,
// in its '5.2' profile with 5.2's defaults, is set up as the installation was at that moment
// (live-installation.ts), gets the recorded request and must give the recorded answer: the same HTTP
// status and content type, the same text where ILIAS answered with no SOAP at all, otherwise the same
// SOAP answer compared as a tree (live-compare.ts). A new recording without a state fails loudly.
//
// With ILIAS_URL, ILIAS_CLIENT, ILIAS_USER and ILIAS_PASSWORD set, the cases that neither change an
// installation nor depend on the recorded data run against that ILIAS too (the rest are skipped with
// the reason).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator } from '../../../src/lms/ilias/simulator/index.ts'
import { buildRequestEnvelope, parseResponseEnvelope } from '../../../src/lms/ilias/ilias-soap-client.ts'
import { buildInstallation, liveAdmin, liveClient, loadLiveCases, type LiveCase } from './live-installation.ts'
import { assertSameLiveAnswer } from './live-compare.ts'

const cases = loadLiveCases()

interface Target {
  url: string
  client: string
  user: string
  password: string
}

async function post(url: string, soapAction: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapAction}"` }, body })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }
}

async function login(target: Target): Promise<string> {
  const res = await post(target.url, 'urn:ilUserAdministration#login', buildRequestEnvelope('login', {
    client: { type: 'string', value: target.client }, username: { type: 'string', value: target.user }, password: { type: 'string', value: target.password },
  }))
  const parsed = parseResponseEnvelope(res.body)
  assert.ok('result' in parsed && parsed.result.kind === 'scalar', `login for the replay failed: ${res.body}`)
  return parsed.result.text.split('::')[0] ?? ''
}

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Cases recorded after a logout: the sid they send is one that was logged out. */
const afterLogout = new Set(['session_call_after_logout', 'getUserIdBySid_after_logout'])

async function replay(exchange: LiveCase, target: Target, anyValue: string[] = []): Promise<void> {
  let body = exchange.request.body
  if (target.client !== liveClient) body = body.replaceAll(`::${liveClient}<`, `::${escapeXml(target.client)}<`).replace(`>${liveClient}</client>`, `>${escapeXml(target.client)}</client>`)
  if (target.user !== liveAdmin.user) body = body.replace(`>${liveAdmin.user}</username>`, `>${escapeXml(target.user)}</username>`)
  if (body.includes('{{SID}}')) {
    const session = await login(target)
    if (afterLogout.has(exchange.case) || exchange.case === 'logout') {
      if (afterLogout.has(exchange.case)) {
        await post(target.url, 'urn:ilUserAdministration#logout', buildRequestEnvelope('logout', { sid: { type: 'string', value: `${session}::${target.client}` } }))
      }
    }
    body = body.replaceAll('{{SID}}', session)
  }
  body = body.includes('</password>') ? body.replace('{{PASSWORD}}', escapeXml(target.password)) : body.replaceAll('{{PASSWORD}}', 'Replay-Password1')
  const res = await post(target.url, exchange.request.soap_action, body)
  assertSameLiveAnswer(res, exchange.response, { client: target.client, anyValue })
}

describe('ILIAS 5.2 live recording replayed against the simulator (profile 5.2)', () => {
  it('finds the recording in the project', () => {
    assert.ok(cases.length >= 120, `expected the 120 recorded exchanges, found ${cases.length}`)
    for (const { file, exchange } of cases) assert.equal(`${exchange.case}.json`, file, 'case name matches the file name')
  })

  for (const { file, exchange } of cases) {
    it(`${exchange.case} (${file})`, async () => {
      const sim = createIliasSimulator({ client: liveClient, adminUser: liveAdmin.user, adminPassword: liveAdmin.password, adminUsrId: liveAdmin.usrId, profile: '5.2' })
      const url = await sim.start(0)
      try {
        await buildInstallation(sim, url, exchange.case)
        await replay(exchange, { url, client: liveClient, user: liveAdmin.user, password: liveAdmin.password })
      } finally {
        await sim.stop()
      }
    })
  }
})

/**
 * Cases safe on any ILIAS 5.2 (nothing created or changed, no recorded data needed), with the answer
 * parts whose value is the installation's own. A wrong-password login is left out: it counts towards
 * ILIAS's login-attempt lock.
 */
const realSubset: Record<string, string[]> = {
  login_ok: [], logout: [], fault_bad_sid: [], fault_empty_session_id: [], fault_sid_without_client: [],
  lookupUser_unknown: [], getObjIdByImportId_unknown: [], getUserXML_unknown_id: [], searchUser_none: [],
  searchUser_short_value: [], getUserIdByLogin_not_in_5_2: [], getUserIdBySid_ok: ['usr_id'],
  getProgressInfo_bad_ref_id: [], session_call_after_logout: [], getUserIdBySid_after_logout: [],
}

const env = { url: process.env['ILIAS_URL'], client: process.env['ILIAS_CLIENT'], user: process.env['ILIAS_USER'], password: process.env['ILIAS_PASSWORD'] }
const real: Target | null = env.url && env.client && env.user && env.password ? { url: env.url, client: env.client, user: env.user, password: env.password } : null

describe('ILIAS 5.2 live recording replayed against a real ILIAS (cases safe on any installation)', () => {
  for (const { exchange } of cases) {
    const anyValue = realSubset[exchange.case]
    const skip = !real
      ? 'set ILIAS_URL, ILIAS_CLIENT, ILIAS_USER and ILIAS_PASSWORD to run against a real ILIAS'
      : anyValue === undefined ? 'changes the installation or needs the recorded data' : false
    it(exchange.case, { skip }, async () => {
      await replay(exchange, real!, anyValue)
    })
  }
})
