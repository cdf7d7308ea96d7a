// The pieces around the checks: what counts as passed, TLS and http judgements, the CLI checklist.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkPassed, isTlsErrorCode, transportNote, type CheckItem } from '../../src/check/check-item.ts'
import { checkMoodle } from '../../src/check/moodle-check.ts'
import { formatChecklist } from '../../src/cli/check-command.ts'

const items: CheckItem[] = [
  { id: 'site', title: 'Moodle site reachable', status: 'pass', detail: 'https', required: true },
  { id: 'capability:moodle/user:create', title: 'Capability moodle/user:create', status: 'fail', detail: 'nopermissions', required: true,
    fix: { text: 'Allow it', menuPath: 'Site administration > Users > Permissions > Define roles', adminUrl: 'https://m.example/admin/roles/manage.php' } },
  { id: 'results-plugin', title: 'Results plugin', status: 'unknown', detail: 'not visible', required: false },
]

describe('check report', () => {
  it('passes when no required item fails; unknown and optional failures do not count', () => {
    assert.equal(checkPassed(items), false)
    assert.equal(checkPassed(items.filter((i) => i.status !== 'fail')), true)
    assert.equal(checkPassed([{ ...items[1]!, required: false }]), true)
  })

  it('recognises certificate errors by their Node codes', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      assert.ok(isTlsErrorCode(code), code)
    }
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', null]) assert.ok(!isTlsErrorCode(code), String(code))
  })

  it('fails plain http for a live connection only', () => {
    assert.equal(transportNote('http://moodle.example', 'live').status, 'fail')
    assert.equal(transportNote('http://moodle.example', 'training').status, 'pass')
    assert.equal(transportNote('https://moodle.example', 'live').status, 'pass')
  })

  it('reports a certificate the site presents that is not accepted as such', async () => {
    const tlsFailure: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })
    }
    const result = await checkMoodle({ baseUrl: 'https://moodle.example', token: 'x', environment: 'live', fetch: tlsFailure })
    const site = result.find((i) => i.id === 'site')!
    assert.equal(site.status, 'fail')
    assert.match(site.detail, /TLS certificate is not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
    assert.match(site.fix!.text, /valid certificate/)
  })

  it('prints a checklist with ✔ ✖ ? and the fix of each failure', () => {
    const text = formatChecklist('moodle', { connectionId: 'c1', ok: false, checkedAt: '2025-01-01T00:00:00.000Z', items, unblocked: false })
    assert.match(text, /^✔ Moodle site reachable$/m)
    assert.match(text, /^✖ Capability moodle\/user:create$/m)
    assert.match(text, /^ {4}fix: {2}Allow it$/m)
    assert.match(text, /^ {4}page: https:\/\/m\.example\/admin\/roles\/manage\.php$/m)
    assert.match(text, /^\? Results plugin \(optional\)$/m)
    assert.match(text, /1 passed, 1 failed, 1 not provable — NOT OK/)
  })
})
