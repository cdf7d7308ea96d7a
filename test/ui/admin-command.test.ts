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
import { ensureBuilt } from '../../scripts/build.mjs'

const cli = (dataDir: string, args: string[], input: string) => spawnSync(process.execPath, ['bin/coursebridge.js', ...args], {
  input, encoding: 'utf8', timeout: 60_000,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
})

describe('coursebridge admin create', () => {
  let dataDir: string
  before(() => {
    // Once, outside the commands' own time limit: a stale dist/ would make the first command build it.
    ensureBuilt({ log: () => {} })
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

  it('sets a new password (coursebridge admin password), disables and enables an administrator', async () => {
    const changed = cli(dataDir, ['admin', 'password', 'ops@example.org', '--password-stdin'], 'a changed long password\n')
    assert.equal(changed.status, 0, changed.stderr)
    assert.match(changed.stdout, /New password set for ops@example\.org/)
    const disabled = cli(dataDir, ['admin', 'disable', 'ops@example.org'], '')
    assert.equal(disabled.status, 0, disabled.stderr)
    const db = await openPgliteDatabase(join(dataDir, 'db'))
    try {
      const { rows } = await db.query<{ password_hash: string; disabled_at: Date | null }>('SELECT password_hash, disabled_at FROM admin_users')
      assert.equal(await verifyPassword('a changed long password', rows[0]!.password_hash), true)
      assert.ok(rows[0]!.disabled_at)
    } finally {
      await db.close()
    }
    assert.equal(cli(dataDir, ['admin', 'enable', 'ops@example.org'], '').status, 0)
    const unknown = cli(dataDir, ['admin', 'disable', 'nobody@example.org'], '')
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /there is no administrator nobody@example\.org/)
  })

  it('asks for --password-stdin when there is no terminal to ask on', () => {
    const r = cli(dataDir, ['admin', 'create', 'new@example.org'], '')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /--password-stdin/)
  })
})
