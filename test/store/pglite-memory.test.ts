// The embedded database's memory with the node flags `npm start` runs coursebridge with. V8 compiles
// PGlite's WebAssembly with Liftoff and then recompiles hot functions with TurboFan; PostgreSQL's largest
// functions take hundreds of MB of compiler memory each, so a fresh database's migrations alone peaked at
// ~750 MB resident. --no-wasm-tier-up --no-wasm-dynamic-tiering keep the Liftoff code: ~165 MB.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embeddedDatabaseMallocEnv, embeddedDatabaseNodeFlags } from '../../scripts/embedded-database-node.mjs'

// npm start's flags and what `coursebridge start` adds on the embedded database (bin/coursebridge.js).
const startFlags = [...(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string)
  .split(/\s+/).filter((word) => word.startsWith('--')), ...embeddedDatabaseNodeFlags]

describe('the embedded database under npm start\'s node flags', { skip: process.platform !== 'linux' && 'peak RSS is read from /proc' }, () => {
  it('opens a new database and applies every migration within 300 MB peak RSS (tsx loader included)', async () => {
    assert.ok(startFlags.includes('--no-wasm-tier-up') && startFlags.includes('--no-wasm-dynamic-tiering'), `npm start's flags: ${startFlags.join(' ')}`)
    const dir = mkdtempSync(join(tmpdir(), 'cb-pglite-mem-'))
    try {
      const child = spawn(process.execPath, [...startFlags, '--import', 'tsx', 'test/helpers/pglite-peak.ts', join(dir, 'db')], { env: { ...process.env, ...embeddedDatabaseMallocEnv }, stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => { out += chunk })
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      assert.equal(code, 0)
      const { peakRssBytes, wasmBytes } = JSON.parse(out) as { peakRssBytes: number; wasmBytes: number }
      assert.ok(wasmBytes >= 64 * 2 ** 20, `WebAssembly memory ${wasmBytes} bytes`)
      assert.ok(peakRssBytes < 300 * 2 ** 20, `peak RSS ${Math.round(peakRssBytes / 2 ** 20)} MB`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
