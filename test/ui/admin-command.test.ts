// `coursebridge admin create <email> --password-stdin` as an operator runs it: a real process on an
// embedded database in a temporary data directory.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { verifyPassword } from '../../src/ui/auth/password-hash.ts'

const cli = (dataDir: string, args: string[], input: string) => spawnSync(process.execPath, ['bin/coursebridge.js', ...args], {
  input, encoding: 'utf8', timeout: 60_000,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
})

describe('coursebridge admin create', () => {
  let dataDir: string
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cb-admin-'))
  })
  after(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates an administrator with the password from standard input, stored as a scrypt hash', async () => {
    const r = cli(dataDir, ['admin', 'create', 'Ops@Example.org', '--password-stdin'], 'a long enough password\n')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /Administrator ops@example\.org created/)
    const db = await openPgliteDatabase(join(dataDir, 'db'))
    try {
      const { rows } = await db.query<{ email: string; password_hash: string }>('SELECT email, password_hash FROM admin_users')
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.email, 'ops@example.org')
      assert.match(rows[0]!.password_hash, /^scrypt\$/)
      assert.equal(await verifyPassword('a long enough password', rows[0]!.password_hash), true)
    } finally {
      await db.close()
    }
  })

  it('refuses a second administrator with the same address, a short password, and a missing address', () => {
    const again = cli(dataDir, ['admin', 'create', 'ops@example.org', '--password-stdin'], 'another long password')
    assert.equal(again.status, 2)
    assert.match(again.stderr, /exists already/)
    const short = cli(dataDir, ['admin', 'create', 'new@example.org', '--password-stdin'], 'short')
    assert.equal(short.status, 2)
    assert.match(short.stderr, /at least 12 characters/)
    const none = cli(dataDir, ['admin', 'create', '--password-stdin'], 'a long enough password')
    assert.equal(none.status, 2)
    assert.match(none.stderr, /e-mail address/)
  })

  it('asks for --password-stdin when there is no terminal to ask on', () => {
    const r = cli(dataDir, ['admin', 'create', 'new@example.org'], '')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /--password-stdin/)
  })
})
