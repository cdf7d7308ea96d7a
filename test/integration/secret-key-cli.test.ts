// The commands and the secret key: a key-check value stored with the data stops every command started with
// another key, with one sentence and a non-zero exit; a worker never makes a key of its own; DATA_DIR and
// everything in it are readable by the service's user only.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { testDb } from '../helpers/test-app.ts'

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const mismatch = /^The secret key \(COURSEBRIDGE_SECRET_KEY or DATA_DIR\/secret\.key\) is not the one the stored credentials were encrypted with: restore the key this data was written with, or, if it is lost, run `coursebridge secrets reset` with the new key and enter the LMS credentials and webhook secrets again\.\n$/

describe(`the secret key and DATA_DIR, through the commands (${testDb})`, () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'cb-key-')), 'data')
  const schema = `cb_keycli_${randomBytes(4).toString('hex')}`
  const keyA = randomBytes(32).toString('base64')
  const keyB = randomBytes(32).toString('base64')

  function cli(args: string[], env: Record<string, string | undefined> = {}) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SEED_SANDBOX: 'false', COURSEBRIDGE_SECRET_KEY: undefined,
        ...(testDb === 'postgres' ? { DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema } : { DATABASE_URL: undefined }),
        ...env,
      },
    })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  before(() => {
    const first = cli(['keys', 'create', '--name', 'first'], { COURSEBRIDGE_SECRET_KEY: keyA })
    assert.equal(first.status, 0, first.stderr)
  })
  after(async () => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true })
    if (testDb === 'postgres') {
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      for (const s of [schema, `${schema}_jobs`]) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await client.end()
    }
  })

  it('works with the key the data was written with', () => {
    const r = cli(['keys', 'list'], { COURSEBRIDGE_SECRET_KEY: keyA })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /first/)
  })

  for (const args of [['start'], ['keys', 'list'], ['check', 'sandbox']]) {
    it(`stops \`${args.join(' ')}\` started with another key: one sentence, exit 1`, () => {
      const r = cli(args, { COURSEBRIDGE_SECRET_KEY: keyB })
      assert.equal(r.status, 1)
      assert.match(r.stderr, mismatch)
      assert.doesNotMatch(r.stderr, /\bat \w|Unsupported state/)
    })
  }

  if (testDb === 'postgres') {
    it('stops a worker with another key, and one without any key before it makes its own', () => {
      const wrong = cli(['worker'], { COURSEBRIDGE_SECRET_KEY: keyB })
      assert.equal(wrong.status, 1)
      assert.match(wrong.stderr, mismatch)
      const workerDir = join(dataDir, '..', 'worker-data')
      const none = cli(['worker'], { DATA_DIR: workerDir })
      assert.equal(none.status, 1)
      assert.match(none.stderr, /^coursebridge worker needs the server's secret key and never makes one of its own: set COURSEBRIDGE_SECRET_KEY to the key of the server \(the contents of DATA_DIR\/secret\.key where `coursebridge start` runs\)\.\n$/)
      assert.throws(() => statSync(join(workerDir, 'secret.key')), 'the worker wrote a key')
    })
  } else {
    it('leaves nothing in DATA_DIR readable or writable by group or others after a first start', () => {
      const open: string[] = []
      const visit = (path: string) => {
        const st = statSync(path)
        if ((st.mode & 0o077) !== 0) open.push(`${path} ${(st.mode & 0o777).toString(8)}`)
        if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
      }
      visit(dataDir)
      assert.ok(readdirSync(join(dataDir, 'db')).length > 5, 'the embedded database is there')
      assert.deepEqual(open, [])
    })
  }

  it('`secrets reset` makes the new key the data\'s key; the commands then run with it', () => {
    const reset = cli(['secrets', 'reset'], { COURSEBRIDGE_SECRET_KEY: keyB })
    assert.equal(reset.status, 0, reset.stderr)
    const r = cli(['keys', 'list'], { COURSEBRIDGE_SECRET_KEY: keyB })
    assert.equal(r.status, 0, r.stderr)
    const old = cli(['keys', 'list'], { COURSEBRIDGE_SECRET_KEY: keyA })
    assert.equal(old.status, 1)
    assert.match(old.stderr, mismatch)
  })
})
