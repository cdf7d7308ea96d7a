// `coursebridge start` on the embedded database runs node for memory (scripts/embedded-database-node.mjs):
// bin/coursebridge.js replaces its process once with a node that has the V8 flags and glibc malloc settings.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embeddedDatabaseMallocEnv, embeddedDatabaseNodeFlags, embeddedDatabaseRestart } from '../../scripts/embedded-database-node.mjs'
import { ensureBuilt } from '../../scripts/build.mjs'
import { cliEnv } from '../helpers/service-process.ts'

const node = '/usr/bin/node'

describe('node for the embedded database', () => {
  it('restarts `start` without DATABASE_URL with the flags after node\'s own and the malloc settings', () => {
    const r = embeddedDatabaseRestart({ argv: [node, 'bin/coursebridge.js', 'start'], execArgv: ['--max-old-space-size=128'], env: { DATA_DIR: 'd' } })
    assert.deepEqual(r?.args, [node, '--max-old-space-size=128', ...embeddedDatabaseNodeFlags, 'bin/coursebridge.js', 'start'])
    assert.deepEqual(r?.env, { DATA_DIR: 'd', ...embeddedDatabaseMallocEnv })
  })

  it('leaves PostgreSQL, the other commands and a process that already has the settings as they are', () => {
    const argv = [node, 'bin/coursebridge.js', 'start']
    assert.equal(embeddedDatabaseRestart({ argv, execArgv: [], env: { DATABASE_URL: 'postgres://x@127.0.0.1/db' } }), null)
    assert.equal(embeddedDatabaseRestart({ argv: [node, 'bin/coursebridge.js', 'keys', 'list'], execArgv: [], env: {} }), null)
    assert.equal(embeddedDatabaseRestart({ argv, execArgv: embeddedDatabaseNodeFlags, env: { ...embeddedDatabaseMallocEnv } }), null)
  })

  it('keeps a malloc setting the operator gave', () => {
    const r = embeddedDatabaseRestart({ argv: [node, 'bin/coursebridge.js', 'start'], execArgv: [], env: { MALLOC_ARENA_MAX: '4' } })
    assert.equal(r?.env.MALLOC_ARENA_MAX, '4')
    assert.equal(r?.env.MALLOC_MMAP_THRESHOLD_, embeddedDatabaseMallocEnv.MALLOC_MMAP_THRESHOLD_)
  })

  it('runs the started service in the same process with them', { skip: (process.platform !== 'linux' || typeof (process as { execve?: unknown }).execve !== 'function') && 'reads /proc; needs process.execve' }, async () => {
    ensureBuilt({ log: () => {} })
    const dataDir = mkdtempSync(join(tmpdir(), 'cb-embedded-node-'))
    const child = spawn(process.execPath, ['bin/coursebridge.js', 'start'], {
      env: cliEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SEED_SANDBOX: 'false', COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += String(d) })
    child.stderr.on('data', (d: Buffer) => { out += String(d) })
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
    try {
      const started = performance.now()
      while (!out.includes('coursebridge is running')) {
        assert.ok(child.exitCode === null && performance.now() - started < 120_000, `not running: ${out}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0')
      for (const flag of embeddedDatabaseNodeFlags) assert.ok(cmdline.includes(flag), cmdline.join(' '))
      for (const [name, value] of Object.entries(embeddedDatabaseMallocEnv)) assert.ok(environ.includes(`${name}=${value}`), name)
      child.kill('SIGTERM')
      assert.equal(await exited, 0, out)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
