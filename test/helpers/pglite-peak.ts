// Opens the embedded database in a new folder, applies every migration and prints the process's peak
// resident set and PGlite's WebAssembly memory as JSON. Run as a child process with the node flags under test
// (test/store/pglite-memory.test.ts), so that the peak is this work's alone.
import { readFileSync } from 'node:fs'
import { openPgliteDatabase } from '../../src/store/pglite-database.ts'
import { migrate } from '../../src/store/migrations.ts'

const dataPath = process.argv[2]
if (!dataPath) throw new Error('usage: pglite-peak <new data folder>')
const db = await openPgliteDatabase(dataPath)
await migrate(db)
const wasmBytes = db.wasmMemoryBytes?.() ?? 0
await db.close()
const hwmKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
process.stdout.write(JSON.stringify({ peakRssBytes: hwmKb * 1024, wasmBytes }))
