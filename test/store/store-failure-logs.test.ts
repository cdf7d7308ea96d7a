// No SQL parameter, password hash or personal data in a log line: every exported function of every store
// module is called with recognisable inputs against a database without tables, so its statements fail in
// the database itself; each failure is logged as the code logs errors ({ err }) and the captured log must
// not contain one of the inputs — only the statement's first words and the error code.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { Writable } from 'node:stream'
import pino from 'pino'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { DatabaseQueryError } from '../../src/store/database-error.ts'
import { createSecretBox } from '../../src/security/secret-box.ts'

const inputs = {
  email: 'anna.vanderberg@example.org',
  name: 'Zoë van der Berg',
  hash: 'scrypt$131072$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
  token: 'moodle-token-0f9e8d7c6b5a4f3e',
}
const marker = Object.values(inputs)

/** Arguments a store function may take, each made of the inputs: strings, lists and records. */
const record = { id: inputs.token, tenantId: inputs.token, email: inputs.email, email1: inputs.email, firstName: inputs.name, lastName: inputs.name,
  personId: inputs.token, passwordHash: inputs.hash, password: inputs.hash, name: inputs.name, key: inputs.token, data: { name: inputs.name } }
const argumentSets = [
  () => [inputs.token, inputs.email, inputs.hash, inputs.name, inputs.name],
  () => [inputs.token, [inputs.email, inputs.name], record, record],
  () => [[inputs.email, inputs.name], [record], inputs.hash],
  () => [record, record, record],
  () => [inputs.token, record, [record]],
]

describe('database failures in the log', () => {
  it('names the statement and the code only, for every store module', async () => {
    const lines: string[] = []
    const log = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } }))
    const db = await openPgliteDatabase()
    const box = createSecretBox(Buffer.alloc(32, 7))
    const failedIn = new Set<string>()
    try {
      // The query modules: not the database adapters themselves, the migrations (they would make the tables) or files.
      const infrastructure = new Set(['database.ts', 'database-error.ts', 'pglite-database.ts', 'pglite-init.ts', 'pglite-options.ts',
        'postgres-database.ts', 'private-files.ts', 'migrations.ts', 'leases.ts'])
      const modules = readdirSync('src/store').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !infrastructure.has(f))
      for (const file of modules) {
        const mod = await import(`../../src/store/${file}`) as Record<string, unknown>
        for (const [name, fn] of Object.entries(mod)) {
          if (typeof fn !== 'function' || /^(open|create|make)/.test(name) || fn.prototype?.constructor === fn && /^[A-Z]/.test(name)) continue
          for (const args of argumentSets) {
            for (const withBox of [false, true]) {
              try {
                await Promise.race([
                  (fn as (...a: unknown[]) => unknown)(db, ...(withBox ? [box] : []), ...args()),
                  new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000)),
                ])
              } catch (err) {
                if (err instanceof DatabaseQueryError) failedIn.add(file)
                log.error({ err, store: file, fn: name }, 'store call failed')
              }
            }
          }
        }
      }
    } finally {
      await db.close()
    }
    const everything = lines.join('')
    for (const value of marker) assert.ok(!everything.includes(value), `the log holds an input: ${value}`)
    assert.doesNotMatch(everything, /"params"|"parameters"|"detail"/)
    assert.match(everything, /database error 42P01 \(relation does not exist\) in/)
    // The database, not an argument check, refused most modules: the test reaches their statements.
    assert.ok(failedIn.size >= 10, `only ${failedIn.size} store modules reached the database: ${[...failedIn].join(', ')}`)
  })
})
