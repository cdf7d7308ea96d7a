// Where the embedded database's process gets its resident memory, stage by stage: plain node, the app's modules
// imported, PGlite opened, migrated, the workers started, the first mail rendered, a bulk of registrations.
// At each stage: the resident set (and its high-water mark, VmHWM) by kind of mapping from /proc/self/smaps,
// the V8 heap, the threads. Linux only (/proc). Run compiled, with the flags and malloc settings `coursebridge
// start` runs the embedded database with (package.json, scripts/embedded-database-node.mjs):
//
//   npm run build && MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 \
//     node --max-old-space-size=128 --max-semi-space-size=8 --no-wasm-tier-up --no-wasm-dynamic-tiering \
//     --optimize-for-size --no-opt --no-maglev dist/bench/memory-stages.js [--size 2000] [--mappings] [--spaces]
//
// --mappings lists the largest anonymous mappings at the end of the bulk, --spaces V8's heap spaces (and after a
// full collection with --expose-gc). Compare variants back to back: figures move ±5 MB from run to run.
// The bulk goes to the Moodle simulator (flat 30 ms per call) through POST /registrations/batch, 100 per POST,
// as the bench's batched PGlite cell does.
import { readFileSync, readdirSync } from 'node:fs'

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0).padStart(4)

interface Resident {
  rss: number
  hwm: number
  wasm: number
  files: number
  /** Anonymous mappings of 64 MB address space, or their read-write head: glibc's per-thread malloc arenas. */
  arenas: number
  arenaCount: number
  /** The main malloc heap ([heap], brk). */
  brk: number
  otherAnonymous: number
  threads: string[]
}

/** The resident set by kind of mapping. wasmBytes: the size of PGlite's WebAssembly memory (its mapping). */
function resident(wasmBytes: number): Resident {
  const out: Resident = { rss: 0, hwm: 0, wasm: 0, files: 0, arenas: 0, arenaCount: 0, brk: 0, otherAnonymous: 0, threads: [] }
  const status = readFileSync('/proc/self/status', 'utf8')
  out.rss = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024
  out.hwm = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) * 1024
  // glibc reserves each arena as a 64 MB-aligned block of 64 MB address space (HEAP_MAX_SIZE): a read-write
  // part and an inaccessible rest, adjacent. Summing a region's two mappings tells an arena from other mappings.
  type Mapping = { start: number; end: number; perm: string; name: string; rss: number }
  const maps: Mapping[] = []
  let current: Mapping | null = null
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (head) {
      current = { start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), perm: head[3]!, name: head[4]!, rss: 0 }
      maps.push(current)
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && current) current.rss = Number(rss[1]) * 1024
  }
  const arenaSize = 64 * 2 ** 20
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!
    if (m.name.startsWith('/')) out.files += m.rss
    else if (m.name === '[heap]') out.brk += m.rss
    else if (wasmBytes > 0 && m.end - m.start === wasmBytes && m.perm.startsWith('rw')) out.wasm += m.rss
    else if (m.start % arenaSize === 0 && m.perm.startsWith('rw') && m.name === '') {
      const next = maps[i + 1]
      const span = next && next.start === m.end && next.perm.startsWith('---') ? next.end - m.start : m.end - m.start
      if (span === arenaSize) {
        out.arenas += m.rss
        out.arenaCount++
      } else out.otherAnonymous += m.rss
    } else out.otherAnonymous += m.rss
  }
  const names = new Map<string, number>()
  for (const task of readdirSync('/proc/self/task')) {
    const comm = readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim()
    names.set(comm, (names.get(comm) ?? 0) + 1)
  }
  out.threads = [...names].map(([n, c]) => (c > 1 ? `${n}×${c}` : n))
  return out
}

/** The largest anonymous mappings by resident size, with their neighbourhood's permissions (--mappings). */
function largestMappings() {
  const rows: string[] = []
  const bySize = new Map<string, { n: number; rss: number }>()
  let head = ''
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) head = line
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && Number(rss[1]) > 1024 && !/ \//.test(head)) rows.push(`${mb(Number(rss[1]) * 1024)} MB  ${head}`)
    if (rss && !/ \//.test(head)) {
      const [a, b] = head.split(' ')[0]!.split('-').map((x) => parseInt(x, 16))
      const key = `${((b! - a!) / 1024).toFixed(0)} kB ${head.split(' ')[1]}`
      const g = bySize.get(key) ?? { n: 0, rss: 0 }
      g.n++
      g.rss += Number(rss[1]) * 1024
      bySize.set(key, g)
    }
  }
  console.log(rows.sort().reverse().join('\n'))
  console.log([...bySize].sort((x, y) => y[1].rss - x[1].rss).slice(0, 15).map(([k, g]) => `${mb(g.rss)} MB in ${g.n} × ${k}`).join('\n'))
}

/** V8's heap by space, committed / used (--spaces); after a full collection too where --expose-gc allows it. */
async function heapSpaces() {
  const { getHeapSpaceStatistics } = await import('node:v8')
  const line = () => getHeapSpaceStatistics().map((s) => `${s.space_name.replace('_space', '')} ${mb(s.physical_space_size).trim()}/${mb(s.space_used_size).trim()}`).join(', ')
  console.log(`heap spaces (committed/used MB): ${line()}`)
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    console.log(`after a full GC:                 ${line()}`)
  }
}

let wasmBytes = () => 0
let lastCpu = process.cpuUsage()
function report(stage: string) {
  const r = resident(wasmBytes())
  const m = process.memoryUsage()
  const cpu = process.cpuUsage(lastCpu)
  lastCpu = process.cpuUsage()
  console.log(`${stage.padEnd(26)} rss ${mb(r.rss)} hwm ${mb(r.hwm)} | wasm ${mb(r.wasm)} files ${mb(r.files)} brk ${mb(r.brk)} `
    + `arenas ${mb(r.arenas)} (${r.arenaCount}) other ${mb(r.otherAnonymous)} | heap ${mb(m.heapTotal)}/${mb(m.heapUsed)} `
    + `ab ${mb(m.arrayBuffers)} | cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms | ${r.threads.length} kinds: ${r.threads.join(' ')}`)
}

const sizeArg = process.argv.indexOf('--size')
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 2000

report('plain node')
const { randomBytes } = await import('node:crypto')
const { mkdtempSync, rmSync } = await import('node:fs')
const { tmpdir } = await import('node:os')
const { join } = await import('node:path')
const { default: pino } = await import('pino')
const { createApp } = await import('../src/app.ts')
const { loadConfig } = await import('../src/config.ts')
const { createApiKey } = await import('../src/security/api-keys.ts')
const { openPgliteDatabase } = await import('../src/store/pglite-database.ts')
const { startSimulatorProcess } = await import('./simulator-client.ts')
report('app modules imported')

const sim = await startSimulatorProcess('30')
const dataDir = mkdtempSync(join(tmpdir(), 'cb-stages-'))
const db = await openPgliteDatabase(dataDir)
wasmBytes = () => db.wasmMemoryBytes!()
report('PGlite open')
const config = { ...loadConfig({ LOG_LEVEL: 'silent', MAIL_MODE: 'outbox' }), resultsPollIntervalSeconds: 0 }
const app = await createApp(config, { db, secretKey: randomBytes(32), logger: pino({ level: 'silent' }) })
report('migrated (createApp)')
await app.start()
report('workers started')

const { key } = await createApiKey(app.ctx.db, 'default', 'stages')
const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await app.http.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`)
  return JSON.parse(res.body) as { id: string }
}
const connection = await api('POST', '/api/v1/connections', { name: 'stages', type: 'moodle', baseUrl: sim.url, credentials: { token: sim.token } })
await api('POST', '/api/v1/course-definitions', { code: 'STAGES', name: 'Stages', connectionId: connection.id, target: { type: 'moodle-course', by: 'id', value: '2' } })
const registration = (personId: string) => ({
  person: { personId, firstName: 'Stage', lastName: `User ${personId}`, email1: `${personId.toLowerCase()}@example.org` },
  courseCode: 'STAGES',
})
const mails = async () => (await app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mails')).rows[0]!.n
async function waitFor(what: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 200))
  }
}
const active = async () => (await app.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM registrations WHERE status = 'active'")).rows[0]!.n
await api('POST', '/api/v1/registrations', registration('S0'))
await waitFor(async () => (await active()) >= 1 && (await mails()) >= 1, 60_000)
report('first registration + mail')

let next = 0
const poster = async () => {
  while (next < size) {
    const from = next
    next = Math.min(size, next + 100)
    await api('POST', '/api/v1/registrations/batch', { registrations: Array.from({ length: next - from }, (_, k) => registration(`B${from + k}`)) })
  }
}
let reported = 0
const timer = setInterval(() => {
  if (++reported % 40 === 0) report(`bulk, ${next} posted`)
}, 250)
await Promise.all(Array.from({ length: 4 }, poster))
await waitFor(async () => (await active()) >= size + 1, 120_000 + size * 400)
clearInterval(timer)
report(`bulk of ${size} done`)
await app.stop()
if (process.argv.includes('--mappings')) largestMappings()
if (process.argv.includes('--spaces')) await heapSpaces()
await db.close()
wasmBytes = () => 0
rmSync(dataDir, { recursive: true, force: true })
await sim.stop()
report('closed')
