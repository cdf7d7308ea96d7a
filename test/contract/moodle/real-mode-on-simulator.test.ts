// The real-Moodle mode of the contract tests, proven without a real Moodle: `coursebridge simulator moodle`
// runs as its own process (as an integrator would start it), and every recorded case goes through the same
// code path as with MOODLE_URL/MOODLE_TOKEN set (moodle-real-mode.ts): set-up accounts created through the web
// service under a unique prefix, the recorded request rewritten to them, the whole answer normalised and
// compared. A second process with --debug runs the debug cases the same way. The tally at the end keeps the
// mode from passing vacuously: the cases whose whole answer was compared must stay the ones the set-ups allow.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { type RealMoodle } from '../../helpers/real-moodle.ts'
import { startStandalone, stopStandalone } from '../../helpers/standalone-moodle.ts'
import { caseNames } from './moodle-contract-harness.ts'
import { describeRealMode, normaliseAnswer, Placeholders, planCase, type RealModeTally } from './moodle-real-mode.ts'

const names = caseNames('4.5')
const debugNames = names.filter((n) => planCase(n, '4.5').needs === 'debug')
const count = (t: RealModeTally) => [...t.skipped.values()].reduce((n, l) => n + l.length, 0)

describe('real-Moodle mode: the normalisation takes out only what differs per site', () => {
  const recorded = { status: 200, contentType: 'application/json', body: '[{"id":4,"username":"jan.jansen","email":"jan.jansen@example.com","firstaccess":0,"timecreated":1795418800,"profileimageurl":"http:\\/\\/127.0.0.1:8080\\/theme\\/image.php\\/boost\\/core\\/1795418657\\/u\\/f1"}]' }
  const want = normaliseAnswer(recorded, { wwwroot: 'http://127.0.0.1:8080', ids: new Placeholders([['user', 4, '<user:4>']]) })
  const real = (id: number, username: string, firstaccess: number) => normaliseAnswer({
    status: 200, contentType: 'application/json; charset=utf-8',
    body: JSON.stringify([{ id, username: `cbt-abc123-1-${username}`, email: `CBT-ABC123-1-jan.jansen@example.com`.toLowerCase(), firstaccess, timecreated: 1800000000, profileimageurl: 'https://moodle.example.org/theme/image.php/boost/core/1800000001/u/f1' }]),
  }, { wwwroot: 'https://moodle.example.org', prefix: 'cbt-abc123-1-', ids: new Placeholders([['user', 4, '<user:4>'], ['user', 6, '<user:6>']].map(([k, v, l]) => [k as string, v === 4 ? 2001 : 2003, l as string])) })

  it('equal: the set-up account under its real id, prefix, site address, times and theme revision', () => {
    assert.equal(real(2001, 'jan.jansen', 0).body, want.body)
  })
  it('different: another set-up account, another username, a first access where the recording has none', () => {
    assert.notEqual(real(2003, 'jan.jansen', 0).body, want.body)
    assert.notEqual(real(2001, 'jan.jansen2', 0).body, want.body)
    assert.notEqual(real(2001, 'jan.jansen', 1800000005).body, want.body)
  })
})

describe('real-Moodle mode of the contract tests, against `coursebridge simulator moodle` as the real site', () => {
  let production: { child: ChildProcess; site: RealMoodle } | undefined
  let debug: { child: ChildProcess; site: RealMoodle } | undefined
  before(async () => {
    production = await startStandalone([])
    debug = await startStandalone(['--debug'])
  })
  after(async () => {
    await stopStandalone(production?.child)
    await stopStandalone(debug?.child)
  })

  const onProduction = describeRealMode('a site without debugging', names, '4.5', () => production?.site ?? null, 'simulator did not start')
  const onDebug = describeRealMode('a site showing debugging information (--debug)', debugNames, '4.5', () => debug?.site ?? null, 'simulator did not start')

  it('compared whole answers where the set-up allows it, and skipped the rest with a reason', (t) => {
    const lines = [`production site: ${onProduction.compared.length} compared whole, ${count(onProduction)} skipped`]
    for (const [reason, cases] of onProduction.skipped) lines.push(`  ${cases.length} × ${reason}`)
    lines.push(`debug site: ${onDebug.compared.length} compared whole, ${count(onDebug)} skipped`)
    for (const [reason, cases] of onDebug.skipped) lines.push(`  ${cases.length} × ${reason}`)
    for (const line of lines) t.diagnostic(line)
    assert.equal(onProduction.compared.length + count(onProduction), names.length, 'every case either compared or skipped with a reason')
    // Debug cases are skipped on the production site, production ones on the debug site — none passes vacuously.
    assert.deepEqual(onProduction.skipped.get('shows what a site with debugging on answers; this site does not show debugging information')?.length,
      debugNames.length - debugNames.filter((n) => planCase(n, '4.5').skip).length)
    assert.ok(onProduction.compared.length >= 100, `only ${onProduction.compared.length} cases compared whole`)
    assert.ok(onDebug.compared.length >= 20, `only ${onDebug.compared.length} debug cases compared whole`)
  })
})
