// Unit tests of the Service Center's own security helpers: form bodies, password hashes,
// session tokens, and the HTML escaping every page relies on.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseFormBody } from '../../src/ui/auth/form-body.ts'
import { hashPassword, needsRehash, passwordProblem, scryptParams, verifyPassword } from '../../src/ui/auth/password-hash.ts'
import { hashSessionId, newToken, tokensMatch } from '../../src/ui/auth/sessions.ts'
import { html, safeHref } from '../../src/ui/html.ts'
import { safeNext } from '../../src/ui/pages/login-page.ts'

describe('form bodies', () => {
  it('decodes urlencoded fields into strings, + as space, the last of repeated names', () => {
    assert.deepEqual({ ...parseFormBody('name=Zo%C3%AB+van+der+Berg&a=1&a=2&empty=') }, { name: 'Zoë van der Berg', a: '2', empty: '' })
  })

  it('keeps dotted names flat (the page maps them to nested input itself)', () => {
    const form = parseFormBody('credentials.token=t&__proto__=x')
    assert.equal(form['credentials.token'], 't')
    assert.ok(Object.hasOwn(form, '__proto__'), 'a field named __proto__ is a plain field')
    assert.equal(Object.getPrototypeOf(form), null)
  })
})

describe('password hashes', () => {
  it('hashes at OWASP\'s current scrypt parameters (N = 2^17, r = 8, p = 1), stored with the hash', async () => {
    assert.deepEqual(scryptParams, { N: 131072, r: 8, p: 1 })
    const stored = await hashPassword('correct horse battery staple')
    assert.match(stored, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    assert.equal(needsRehash(stored), false)
  })

  it('asks for a new hash when the stored one is weaker than today\'s parameters, never when it is stronger', async () => {
    assert.equal(needsRehash(await hashPassword('old password 123', { N: 2 ** 15, r: 8, p: 1 })), true)
    assert.equal(needsRehash('scrypt$262144$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA'), false)
    assert.equal(needsRehash('plain'), true)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', { N: 1024, r: 8, p: 1 })
    assert.equal(await verifyPassword('correct horse battery staple', stored), true)
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false)
  })

  it('salts every hash: the same password twice gives two different hashes', async () => {
    assert.notEqual(await hashPassword('same password 123'), await hashPassword('same password 123'))
  })

  it('reads the cost parameters from the stored hash, so they can be raised later', async () => {
    const cheap = await hashPassword('another password', { N: 1024, r: 8, p: 1 })
    assert.match(cheap, /^scrypt\$1024\$/)
    assert.equal(await verifyPassword('another password', cheap), true)
  })

  it('treats an unreadable stored hash as a wrong password', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$c2FsdA$aGFzaA', 'bcrypt$1$2$3$4$5', 'scrypt$1024$8$1$c2FsdA$', 'scrypt$4194304$8$1$c2FsdA$aGFzaA']) {
      assert.equal(await verifyPassword('anything', stored), false, stored)
    }
  })

  it('asks for at least 12 characters', () => {
    assert.equal(passwordProblem('short'), 'at least 12 characters')
    assert.equal(passwordProblem('twelve chars'), null)
    assert.equal(passwordProblem('x'.repeat(201)), 'at most 200 characters')
  })
})

describe('session and CSRF tokens', () => {
  it('makes 32 random bytes per token, stored as a SHA-256 hash', () => {
    const token = newToken()
    assert.equal(Buffer.from(token, 'base64url').length, 32)
    assert.notEqual(newToken(), token)
    assert.match(hashSessionId(token), /^[0-9a-f]{64}$/)
    assert.notEqual(hashSessionId(token), token)
  })

  it('compares tokens exactly and refuses missing or other-length ones', () => {
    const token = newToken()
    assert.equal(tokensMatch(token, token), true)
    assert.equal(tokensMatch(token, `${token}x`), false)
    assert.equal(tokensMatch(token, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), false)
    assert.equal(tokensMatch(token, undefined), false)
    assert.equal(tokensMatch(token, ''), false)
    assert.equal(tokensMatch('', ''), false)
  })
})

describe('HTML and redirects', () => {
  it('escapes every interpolated value, but not HTML made by the tag', () => {
    const name = '<script>alert("x")</script> & \'co\''
    assert.equal(html`<p title="${name}">${name}</p>${html`<b>ok</b>`}`.value,
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p><b>ok</b>')
    assert.equal(html`${[1, null, undefined, false, 'a']}`.value, '1a')
  })

  it('links only to http(s) addresses', () => {
    assert.equal(safeHref('https://moodle.example.org/admin/settings.php?section=webservicesoverview'), 'https://moodle.example.org/admin/settings.php?section=webservicesoverview')
    assert.equal(safeHref('javascript:alert(1)'), null)
    assert.equal(safeHref('not a url'), null)
  })

  it('returns after log-in only to a page of the Service Center', () => {
    assert.equal(safeNext('/ui/registrations?status=failed'), '/ui/registrations?status=failed')
    for (const next of ['https://evil.example', '//evil.example/ui/', '/ui\\..\\x', '/api/v1/persons', undefined]) assert.equal(safeNext(next), '/ui/')
  })
})
