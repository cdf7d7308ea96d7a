// Start-up failures an operator can fix come as one sentence, not a stack trace; the log is readable on a
// terminal (LOG_FORMAT=pretty) and JSON otherwise.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { PassThrough } from 'node:stream'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { describeStartupError } from '../../src/cli/startup-errors.ts'
import { createLogger } from '../../src/logging/logger.ts'

const config = { port: 3999, host: '127.0.0.1', dataDir: '/srv/coursebridge/data' }
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Runs `coursebridge start` from the sources until it exits (or kills it after timeoutMs). */
function start(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
      env: { ...process.env, LOG_LEVEL: 'warn', SEED_SANDBOX: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, stdout })
    })
  })
}

describe('start-up errors', () => {
  it('turns a port in use, a read-only and a full data directory into one sentence each', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3999'), { code: 'EADDRINUSE', syscall: 'listen' })
    assert.match(describeStartupError(inUse, config)!.message, /^port 3999 on 127\.0\.0\.1 is already in use/)
    // PGlite's file system throws Emscripten errors: errno 69 is EROFS there, 51 ENOSPC.
    const emscripten = (errno: number) => Object.assign(new Error('[object Object]'), { name: 'ErrnoError', errno })
    assert.match(describeStartupError(emscripten(69), config)!.message, /data directory \/srv\/coursebridge\/data is not writable \(EROFS\)/)
    assert.match(describeStartupError(emscripten(51), config)!.message, /disk of the data directory .* is full/)
    assert.equal(describeStartupError(Object.assign(new Error('x'), { code: 'ENOSPC' }), config)!.code, 'DATA_DIR_FULL')
    assert.equal(describeStartupError(new TypeError('a bug'), config), null, 'other errors keep their stack')
  })

  it('says in one line that the data directory is not writable, and exits 1', async () => {
    // /sys refuses new folders even to root: a real file-system refusal.
    const r = await start({ DATA_DIR: '/sys/coursebridge-test-data', PORT: '0' })
    assert.equal(r.code, 1, r.stderr)
    const lines = r.stderr.trim().split('\n')
    assert.equal(lines.length, 1, r.stderr)
    assert.match(lines[0]!, /^coursebridge: the data directory \/sys\/coursebridge-test-data is not writable \(E[A-Z]+\)/)
  })

  it('says in one line that the port is in use, and exits 1', { skip: process.env.SKIP_POSTGRES === '1' && 'needs PostgreSQL' }, async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as AddressInfo).port
    const schema = `cb_test_${randomBytes(5).toString('hex')}`
    try {
      const r = await start({
        PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema,
        COURSEBRIDGE_SECRET_KEY: randomBytes(32).toString('base64'), LOG_FORMAT: 'json',
      })
      assert.equal(r.code, 1, r.stderr)
      const lines = r.stderr.trim().split('\n')
      assert.equal(lines.length, 1, r.stderr)
      assert.equal(lines[0], `coursebridge: port ${port} on 127.0.0.1 is already in use by another program: stop that program or start coursebridge with another PORT`)
    } finally {
      blocker.close()
      const pg = await import('pg')
      const client = new pg.default.Client({ connectionString: postgresUrl })
      await client.connect()
      for (const s of [schema, `${schema}_jobs`]) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await client.end()
    }
  })
})

describe('log format', () => {
  const capture = (format: 'pretty' | 'json') => {
    const stream = new PassThrough()
    let out = ''
    stream.on('data', (c: Buffer) => { out += c.toString() })
    const log = createLogger({ logLevel: 'info', logFormat: format }, stream)
    log.warn({ code: 'MOODLE_INVALID_TOKEN', connection: 'Campus', credentials: { token: 'tok-secret' } }, 'connection "Campus" blocked')
    return () => out
  }

  it('writes one readable line per event with LOG_FORMAT=pretty', async () => {
    const out = capture('pretty')
    await new Promise((r) => setImmediate(r))
    const lines = out().trim().split('\n')
    assert.equal(lines.length, 1, out())
    assert.match(lines[0]!, /WARN.*connection "Campus" blocked.*MOODLE_INVALID_TOKEN/)
    assert.throws(() => JSON.parse(lines[0]!))
    assert.doesNotMatch(out(), /tok-secret/)
  })

  it('writes JSON lines with LOG_FORMAT=json', async () => {
    const out = capture('json')
    await new Promise((r) => setImmediate(r))
    const line = JSON.parse(out().trim())
    assert.equal(line.level, 40)
    assert.equal(line.code, 'MOODLE_INVALID_TOKEN')
    assert.equal(line.credentials.token, '[Redacted]')
  })
})
