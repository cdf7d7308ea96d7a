// `coursebridge keys list | create | revoke` as an operator runs them: a real process on an embedded
// database in a temporary data directory.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { ensureBuilt } from '../../scripts/build.mjs'

const cli = (dataDir: string, args: string[]) => spawnSync(process.execPath, ['bin/coursebridge.js', ...args], {
  encoding: 'utf8', timeout: 60_000,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
})

describe('coursebridge keys', () => {
  let dataDir: string
  before(() => {
    // Once, outside the commands' own time limit: a stale dist/ would make the first command build it.
    ensureBuilt({ log: () => {} })
    dataDir = mkdtempSync(join(tmpdir(), 'cb-keys-'))
  })
  after(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates a key with a scope (printed once), lists it without the key, and revokes it', async () => {
    const created = cli(dataDir, ['keys', 'create', '--name', 'training system', '--scope', 'registrations'])
    assert.equal(created.status, 0, created.stderr)
    const key = created.stdout.trim()
    assert.match(key, /^cb_[\w-]{43}$/)
    const id = /API key (\S+) \(registrations\) created/.exec(created.stderr)?.[1]
    assert.ok(id, created.stderr)

    const listed = cli(dataDir, ['keys', 'list'])
    assert.equal(listed.status, 0, listed.stderr)
    assert.match(listed.stdout, /^id +name +scope +starts with +created +last used +revoked$/m)
    const line = listed.stdout.split('\n').find((l) => l.startsWith(id!))!
    assert.match(line, /training system +registrations +cb_\S{4}… +\d{4}-\d\d-\d\dT\S+Z +— +—$/)
    assert.ok(!listed.stdout.includes(key) && !listed.stdout.includes(key.slice(8)), 'the list shows no key')

    const revoked = cli(dataDir, ['keys', 'revoke', id!])
    assert.equal(revoked.status, 0, revoked.stderr)
    assert.match(revoked.stdout, /revoked/)
    assert.match(cli(dataDir, ['keys', 'list']).stdout.split('\n').find((l) => l.startsWith(id!))!, /\d{4}-\d\d-\d\dT\S+Z$/)

    const db = await openPgliteDatabase(join(dataDir, 'db'))
    try {
      const { rows } = await db.query<{ scope: string; revoked_at: Date | null; key_hash: string }>('SELECT scope, revoked_at, key_hash FROM api_keys WHERE id = $1', [id])
      assert.equal(rows[0]!.scope, 'registrations')
      assert.ok(rows[0]!.revoked_at)
      assert.notEqual(rows[0]!.key_hash, key, 'stored hashed')
    } finally {
      await db.close()
    }
  })

  it('makes an admin key when no scope is given, as before scopes existed', () => {
    const created = cli(dataDir, ['keys', 'create'])
    assert.equal(created.status, 0, created.stderr)
    assert.match(created.stderr, /\(admin\) created/)
  })

  it('refuses an unknown scope and an unknown id with exit code 2 and one sentence', () => {
    const scope = cli(dataDir, ['keys', 'create', '--scope', 'root'])
    assert.equal(scope.status, 2)
    assert.equal(scope.stderr.trim(), '--scope must be one of registrations, metrics, admin')
    const unknown = cli(dataDir, ['keys', 'revoke', 'no-such-id'])
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /^no API key with the id no-such-id/)
  })
})
