// The embedded database in a data folder: created on first open (in a process of its own, so that the
// service does not keep initdb's WebAssembly memory), kept across restarts.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'

describe('PGlite data folder', () => {
  it('creates the database in a new folder and finds its data again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-pglite-'))
    try {
      const path = join(dir, 'db')
      const first = await openPgliteDatabase(path)
      assert.ok(existsSync(join(path, 'PG_VERSION')))
      await first.exec('CREATE TABLE kept (v text)')
      await first.query('INSERT INTO kept VALUES ($1)', ['still here'])
      await first.close()
      const again = await openPgliteDatabase(path)
      assert.deepEqual((await again.query('SELECT v FROM kept')).rows, [{ v: 'still here' }])
      // The settings of pglite-options.ts hold for a folder opened again, not only for a new one.
      assert.deepEqual((await again.query('SHOW shared_buffers')).rows, [{ shared_buffers: '4MB' }])
      assert.deepEqual((await again.query('SHOW max_connections')).rows, [{ max_connections: '5' }])
      assert.deepEqual((await again.query('SHOW wal_init_zero')).rows, [{ wal_init_zero: 'off' }])
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a data folder it cannot create with an error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-pglite-'))
    try {
      writeFileSync(join(dir, 'file'), 'not a folder')
      await assert.rejects(openPgliteDatabase(join(dir, 'file', 'db')), /file/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
