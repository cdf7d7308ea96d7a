// Cross-language check: the Moodle plugin's plain PHP classes (result_payload, webhook_signer) sign the
// cases of test/fixtures/webhooks/moodle-result.json through sign-fixture.php; our TypeScript verifier
// must accept exactly that and refuse it once anything is changed. Also lints every PHP file of the plugin.
//
// php-cli is REQUIRED: without it these tests fail (CI installs php-cli). Set PHP_BINARY to use another php.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signWebhook, verifyWebhook, type WebhookHeaders, type WebhookVerification } from '../../src/webhooks/standard-webhooks.ts'
import { moodleWebhookBodySchema, parseMoodleWebhookBody } from '../../src/webhooks/moodle-result-payload.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const fixtureDir = join(root, 'test/fixtures/webhooks')
const pluginDir = join(root, 'moodle-plugin/local_coursebridge')
const php = process.env['PHP_BINARY'] ?? 'php'

interface Fixture {
  referenceVector: { secret: string; id: string; timestamp: number; body: string; signature: string }
  site: { siteidentifier: string; wwwroot: string; plugin: number }
  completions: {
    name: string
    secret: string
    timestamp: number
    completion: { id: number; timecompleted: number }
    user: { id: number; idnumber: string }
    course: { id: number; shortname: string; idnumber: string }
    grade: { type: string; final: number; min: number; max: number; pass: number } | null
    expectedPercentage?: number
  }[]
  test: { secret: string; timestamp: number; nonce: string }
}
interface Signed { headers: WebhookHeaders; body: string }
interface PhpOutput { reference: { signature: string }; completions: (Signed & { name: string })[]; test: Signed }

const fixture = JSON.parse(readFileSync(join(fixtureDir, 'moodle-result.json'), 'utf8')) as Fixture

function runPhp(args: string[]) {
  const result = spawnSync(php, args, { encoding: 'utf8' })
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(
      `php-cli is required for the Moodle plugin tests but "${php}" was not found. ` +
        'Install it (Debian/Ubuntu: apt-get install -y php-cli) or point PHP_BINARY at a php binary. ' +
        'These tests fail rather than skip so that CI cannot pass without them.',
    )
  }
  if (result.error) throw result.error
  return result
}

let cached: PhpOutput | undefined
function phpSigned(): PhpOutput {
  if (cached) return cached
  const result = runPhp([join(fixtureDir, 'sign-fixture.php'), join(fixtureDir, 'moodle-result.json')])
  assert.equal(result.status, 0, `sign-fixture.php failed:\n${result.stderr}${result.stdout}`)
  cached = JSON.parse(result.stdout) as PhpOutput
  return cached
}

const codeOf = (r: WebhookVerification) => (r.ok ? 'ok' : r.code)

describe('Moodle plugin signature (PHP) verified by coursebridge (TypeScript)', () => {
  it('PHP and TypeScript both reproduce the published Standard Webhooks test vector', () => {
    const ref = fixture.referenceVector
    assert.equal(phpSigned().reference.signature, ref.signature)
    assert.equal(signWebhook({ id: ref.id, timestamp: ref.timestamp, body: ref.body, secret: ref.secret })['webhook-signature'], ref.signature)
  })

  for (const [index, input] of fixture.completions.entries()) {
    describe(input.name, () => {
      const signed = () => phpSigned().completions[index]!
      const verify = (headers: Record<string, string>, body: string, now = input.timestamp) =>
        codeOf(verifyWebhook({ headers, body, secret: input.secret, now }))

      it('is accepted exactly as PHP produced it', () => {
        const { headers, body } = signed()
        assert.equal(verify({ ...headers }, body), 'ok')
        assert.equal(headers['webhook-timestamp'], String(input.timestamp))
      })

      it('carries a signature TypeScript computes identically', () => {
        const { headers, body } = signed()
        const ours = signWebhook({ id: headers['webhook-id'], timestamp: input.timestamp, body, secret: input.secret })
        assert.deepEqual(ours, headers)
      })

      it('is refused when the body, id, timestamp or signature is tampered with', () => {
        const { headers, body } = signed()
        assert.equal(verify({ ...headers }, body.replace('"timecompleted":', '"timecompleted":1')), 'WEBHOOK_SIGNATURE_INVALID')
        assert.equal(verify({ ...headers }, body.replace(`"id":${input.user.id},`, `"id":${input.user.id + 1},`)), 'WEBHOOK_SIGNATURE_INVALID')
        assert.equal(verify({ ...headers, 'webhook-id': headers['webhook-id'].replace(/-(\d+)$/, (_m, t: string) => `-${Number(t) + 1}`) }, body), 'WEBHOOK_SIGNATURE_INVALID')
        assert.equal(verify({ ...headers, 'webhook-timestamp': String(input.timestamp - 1) }, body), 'WEBHOOK_SIGNATURE_INVALID')
        const sig = headers['webhook-signature']
        const tampered = sig.slice(0, 20) + (sig[20] === 'x' ? 'y' : 'x') + sig.slice(21)
        assert.equal(verify({ ...headers, 'webhook-signature': tampered }, body), 'WEBHOOK_SIGNATURE_INVALID')
        assert.equal(codeOf(verifyWebhook({ headers: { ...headers }, body, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now: input.timestamp })), 'WEBHOOK_SIGNATURE_INVALID')
      })

      it('is refused as a replay once the tolerance has passed', () => {
        const { headers, body } = signed()
        assert.equal(verify({ ...headers }, body, input.timestamp + 301), 'WEBHOOK_TIMESTAMP_TOO_OLD')
      })

      it('has a body that our zod schema accepts, with the documented values', () => {
        const { headers, body } = signed()
        const parsed = parseMoodleWebhookBody(body, headers['webhook-id'])
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.message)
        const siteKey = createHash('sha256').update(fixture.site.siteidentifier).digest('hex').slice(0, 16)
        const expectedId = `moodle-${siteKey}-${input.completion.id}-${input.completion.timecompleted}`
        assert.equal(headers['webhook-id'], expectedId)
        assert.deepEqual(parsed.body, {
          type: 'course.completed',
          id: expectedId,
          moodle: { site: fixture.site.wwwroot, plugin: fixture.site.plugin },
          user: { id: input.user.id, idnumber: input.user.idnumber === '' ? null : input.user.idnumber },
          course: { id: input.course.id, shortname: input.course.shortname, idnumber: input.course.idnumber === '' ? null : input.course.idnumber },
          timecompleted: input.completion.timecompleted,
          grade: input.grade === null ? null : {
            type: input.grade.type,
            final: input.grade.final,
            min: input.grade.min,
            max: input.grade.max,
            pass: input.grade.pass > 0 ? input.grade.pass : null,
            percentage: input.expectedPercentage,
          },
        })
      })

      it('writes the keys in the documented order', () => {
        const parsed = JSON.parse(signed().body) as Record<string, unknown>
        assert.deepEqual(Object.keys(parsed), ['type', 'id', 'moodle', 'user', 'course', 'timecompleted', 'grade'])
        if (parsed['grade'] !== null) {
          assert.deepEqual(Object.keys(parsed['grade'] as object), ['type', 'final', 'min', 'max', 'pass', 'percentage'])
        }
      })
    })
  }

  it('signs a test event that verifies and matches the test-event schema', () => {
    const { headers, body } = phpSigned().test
    const t = fixture.test
    assert.equal(codeOf(verifyWebhook({ headers: { ...headers }, body, secret: t.secret, now: t.timestamp })), 'ok')
    const parsed = moodleWebhookBodySchema.parse(JSON.parse(body))
    assert.equal(parsed.type, 'webhook.test')
    assert.equal(parsed.id, headers['webhook-id'])
    assert.match(parsed.id, new RegExp(`^moodle-[0-9a-f]{16}-test-${t.timestamp}-${t.nonce}$`))
  })
})

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return phpFiles(path)
    return name.endsWith('.php') ? [path] : []
  })
}

describe('Moodle plugin PHP files', () => {
  const files = phpFiles(pluginDir)

  it('has the files a Moodle local plugin needs', () => {
    const names = files.map((f) => relative(pluginDir, f)).sort()
    for (const required of [
      'version.php', 'settings.php', 'lang/en/local_coursebridge.php', 'db/events.php', 'classes/observer.php',
      'classes/task/send_result.php', 'classes/privacy/provider.php', 'classes/local/result_payload.php',
      'classes/local/webhook_signer.php',
    ]) assert.ok(names.includes(required), `missing ${required}`)
  })

  it('every PHP file passes php -l', () => {
    const failures: string[] = []
    for (const file of files) {
      const result = runPhp(['-l', file])
      if (result.status !== 0) failures.push(`${relative(root, file)}:\n${result.stdout}${result.stderr}`)
    }
    assert.deepEqual(failures, [])
  })

  // php -l here runs on a newer PHP than Moodle 4.1's minimum (7.4); catch the PHP 8 syntax and functions
  // most likely to slip in. A heuristic, not a full 7.4 lint.
  it('uses no PHP 8-only syntax or functions (Moodle 4.1 runs on PHP 7.4)', () => {
    const php8 = [
      /\bmatch\s*\(/, /\?->/, /\bstr_(?:contains|starts_with|ends_with)\s*\(/, /\breadonly\s/, /^\s*enum\s/m,
      /function\s+\w+\s*\([^)]*\b(?:public|private|protected)\s+[\w?\\]+\s+\$/, // constructor promotion
      /\)\s*:\s*(?:mixed|never|static)\b/, /[(,]\s*[\w\\]+\|[\w\\|]+\s+\$/, // mixed/never/static return, union params
      /\b\w+\(\s*\w+:\s*[$'"\w]/, // named arguments
    ]
    const hits: string[] = []
    for (const file of files) {
      const source = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')
      for (const pattern of php8) if (pattern.test(source)) hits.push(`${relative(root, file)}: ${pattern}`)
    }
    assert.deepEqual(hits, [])
  })
})
