// Replays recorded Moodle exchanges (test/contracts/moodle/*.json) against the simulator, and compares the
// answers; with MOODLE_URL and MOODLE_TOKEN set, also against a real Moodle (moodle-real-mode.ts, its own
// normalisation of ids, times and the site address).
//
// Normalisation (the only differences tolerated, because they cannot be reproduced):
// - the site URL: the simulator listens on a random port, the recording on 127.0.0.1:8080, so
//   "127.0.0.1:<port>" in the answer is read as "127.0.0.1:8080";
// - a token that login/token.php generates: any 32-hex "token" value compares equal to any other;
// - in the 4.1 and 5.0 replays only (their README's own comparison did the same): Unix times of the
//   recording session (theme revision, preference times), which the replay's clock set, not the request.
// Everything else must be identical, including member order (compared as re-serialised JSON text).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { createMoodleSimulator, moodleVersions, type MoodleVersion } from '../../../src/lms/moodle/simulator/index.ts'
import { contractAreas, type ContractArea } from './moodle-contract-areas.ts'
import { setupFor } from './moodle-version-case-setup.ts'
import { recordingNow } from './moodle-recorded-world.ts'
import { describeRealMode } from './moodle-real-mode.ts'
import { realMoodleFromEnv, realMoodleMissingReason } from '../../helpers/real-moodle.ts'

export const contractDir = new URL('../../contracts/moodle/', import.meta.url)

/**
 * The Moodle lines with recordings: 4.5 (4.5.6, the files in contracts/moodle/) and the replays of the same
 * requests on 4.1.11 and 5.0 (contracts/moodle/versions/<line>/). Each is replayed against the simulator
 * started with the same version profile.
 */
export type ContractVersion = MoodleVersion
export const contractVersions: readonly ContractVersion[] = moodleVersions

export function contractDirOf(version: ContractVersion): URL {
  return version === '4.5' ? contractDir : new URL(`versions/${version}/`, contractDir)
}

/** Extra probes of a replay ("extra-4.1.X", "extra.X") belong to the area of X. */
export function areaName(caseName: string): string {
  return caseName.replace(/^extra(-[0-9.]+)?\./, '')
}

export interface RecordedCase {
  case: string
  request: { method: string; path: string; body: string; content_type: string | null; service: string }
  response: { status: number; content_type: string; headers: Record<string, string>; body: string }
  notes?: string
}

/** Folders of later recording rounds beside the first 244 cases; their cases are named `<folder>/<case>`. */
export const roundFolders = ['round-3']

/**
 * Every HTTP case of a Moodle line (event.* files are not HTTP exchanges); for 4.5 also the cases of its
 * round folders (the 4.1 and 5.0 replays have none).
 */
export function caseNames(version: ContractVersion = '4.5'): string[] {
  const http = (f: string) => f.endsWith('.json') && !f.startsWith('event.')
  const dir = contractDirOf(version)
  const top = readdirSync(dir).filter(http).map((f) => f.slice(0, -5))
  const rounds = version !== '4.5' ? [] : roundFolders.flatMap((d) => readdirSync(new URL(`${d}/`, dir)).filter(http).map((f) => `${d}/${f.slice(0, -5)}`))
  return [...top, ...rounds].sort()
}

export function loadCase(name: string, version: ContractVersion = '4.5'): RecordedCase {
  return JSON.parse(readFileSync(new URL(`${name}.json`, contractDirOf(version)), 'utf8')) as RecordedCase
}

const hex32 = /^[0-9a-f]{32}$/

/** The recorded site named its two services like this; the simulator takes the names as an option. */
const recordedServices = { main: 'ws_coachview', plus: 'ws_coachview_plus' }

function normaliseJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseJson)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = k === 'token' && typeof v === 'string' && hex32.test(v) ? '<32 hex>' : normaliseJson(v)
    return out
  }
  return value
}

/**
 * Text PHP echoed in front of the JSON (debugsmtp: `<pre>` + SMTP transcript + `</pre>`) and the JSON itself.
 * The transcript's generated password and Message-ID are random: compared as placeholders.
 */
export function splitEchoed(body: string): { echoed: string; json: string } {
  const end = body.startsWith('<pre>') ? body.lastIndexOf('</pre>') : -1
  if (end === -1) return { echoed: '', json: body }
  const echoed = body.slice(0, end + '</pre>'.length)
    .replace(/(CLIENT -> SERVER: password: ).*/g, '$1<generated>')
    .replace(/(CLIENT -> SERVER: Message-ID: <)[^@>]*/g, '$1<random>')
  return { echoed, json: body.slice(end + '</pre>'.length) }
}

export function assertSameAnswer(expected: RecordedCase['response'], actual: { status: number; contentType: string; body: string }): void {
  assert.equal(actual.status, expected.status, 'HTTP status')
  assert.equal(actual.contentType, expected.content_type, 'content-type')
  const want = splitEchoed(expected.body)
  if (want.echoed !== '') {
    const got = splitEchoed(actual.body)
    assert.equal(got.echoed, want.echoed, 'text echoed before the JSON')
    assertSameAnswer({ ...expected, body: want.json }, { ...actual, body: got.json })
    return
  }
  if (expected.content_type.startsWith('application/json')) {
    const want = normaliseJson(JSON.parse(expected.body))
    const got = normaliseJson(JSON.parse(actual.body))
    assert.deepStrictEqual(got, want)
    assert.equal(JSON.stringify(got), JSON.stringify(want), 'member order')
    // PHP's json_encode escaping ("\/", \uXXXX) too, wherever no generated token is involved.
    if (JSON.stringify(want) === JSON.stringify(JSON.parse(expected.body))) assert.equal(actual.body, expected.body, 'bytes')
  } else {
    assert.equal(actual.body, expected.body)
  }
}

async function send(baseUrl: string, c: RecordedCase, token: string | undefined) {
  const fill = (s: string) => (token === undefined ? s : s.replace(/(^|[?&])wstoken=TOKEN(?=&|$)/, `$1wstoken=${token}`))
  const headers: Record<string, string> = {}
  if (c.request.content_type) headers['content-type'] = c.request.content_type
  const res = await fetch(baseUrl + fill(c.request.path), {
    method: c.request.method,
    headers,
    body: c.request.method === 'GET' ? undefined : fill(c.request.body),
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text(), headers: res.headers }
}

/** Where each recording's Moodle listened (the simulator's address is read as this one). */
const recordedHost: Record<ContractVersion, string> = { '4.1': '127.0.0.1:8082', '4.5': '127.0.0.1:8080', '5.0': '127.0.0.1:8081' }
const sessionTime = /(?<![0-9])1[78][0-9]{8}(?![0-9])/g

export async function runCaseOnSimulator(name: string, version: ContractVersion = '4.5'): Promise<void> {
  const setup = setupFor(name, version)
  if (!setup) throw new Error(`no simulator set-up for recorded case ${name} (${version}): add it to moodle-case-setup.ts`)
  const c = loadCase(name, version)
  const sim = createMoodleSimulator({ world: 'recorded-site', debug: name.endsWith('.debuginfo'), serviceNames: recordedServices, version })
  sim.setNow(recordingNow)
  const override = setup.setup(sim) ?? {}
  const service = c.request.service
  const token = override.token ?? (service === 'ws_coachview' ? sim.token : service === 'ws_coachview_plus' ? sim.plusToken : undefined)
  const url = await sim.start(0)
  try {
    const answer = await send(url, c, token)
    const port = new URL(url).port
    answer.body = answer.body.split(`127.0.0.1:${port}`).join(recordedHost[version])
    if (version === '4.5') assertSameAnswer(c.response, answer)
    else {
      const untimed = (s: string) => s.replace(sessionTime, '1700000000')
      assertSameAnswer({ ...c.response, body: untimed(c.response.body) }, { ...answer, body: untimed(answer.body) })
    }
    if (c.response.status === 200 && c.request.path.startsWith('/webservice/')) {
      for (const h of ['cache-control', 'expires', 'pragma', 'accept-ranges', 'access-control-allow-origin']) {
        assert.equal(answer.headers.get(h), c.response.headers[h], `header ${h}`)
      }
    }
    setup.after?.(sim, { token })
  } finally {
    await sim.stop()
  }
}

/**
 * Declares one test per recorded case of a version whose name starts with one of the area's prefixes.
 * The real-Moodle mode runs the cases of the version MOODLE_VERSION names (4.5 when unset).
 */
export function describeContractArea(area: ContractArea, version: ContractVersion = '4.5'): void {
  const { title, prefixes } = contractAreas[area]
  const names = caseNames(version).filter((n) => prefixes.some((p) => areaName(n).startsWith(p)))
  const recorded = version === '4.5' ? 'Moodle 4.5.6' : `the Moodle ${version} replay`
  describe(`${title}: simulator (profile ${version}) replays the recorded answers of ${recorded}`, () => {
    it('has recorded cases in this area', () => assert.ok(names.length > 0))
    for (const name of names) it(name, () => runCaseOnSimulator(name, version))
  })
  // The real-Moodle mode (moodle-real-mode.ts): the same cases against MOODLE_URL, whole answers compared.
  const site = realMoodleFromEnv()
  const realVersion = site?.version ?? '4.5'
  const realTitle = `${title}: a real Moodle ${version} (MOODLE_URL, MOODLE_TOKEN, MOODLE_PLUS_TOKEN) answers like the recording`
  if (!site) describe(realTitle, () => { it('real-Moodle mode', { skip: realMoodleMissingReason }, () => {}) })
  else if (realVersion !== version) describe(realTitle, () => { it('real-Moodle mode', { skip: `MOODLE_VERSION is ${realVersion}: the ${version} recordings are not compared` }, () => {}) })
  else describeRealMode(realTitle, names, version, () => site, realMoodleMissingReason)
}
