// Where a cell's memory goes: process.memoryUsage() and the embedded database's WebAssembly memory, sampled
// through the run. The peak resident set alone does not say whether PGlite, the V8 heap or buffers outside it
// made it; the sample taken at the highest RSS does.
import { readFileSync } from 'node:fs'

export interface MemorySample {
  /** Milliseconds since the sampler started. */
  atMs: number
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  /** PGlite's WebAssembly memory (0 on PostgreSQL): reserved address space, resident as far as touched. */
  wasm: number
}

/** The resident set by kind of mapping (/proc/self/smaps, Linux): what RSS is made of, unlike memoryUsage(). */
export interface ResidentBreakdown {
  /** PGlite's WebAssembly memory: the part of it that has been touched. */
  wasm: number
  /** Files mapped into the process: the node binary and shared libraries. */
  files: number
  /** Every other anonymous mapping: the V8 heap, compiled code, malloc (Node's buffers, compiler zones). */
  otherAnonymous: number
  /** The largest of those by resident size (address space size, resident, permissions), for the trace. */
  largestAnonymous: { size: number; rss: number; perm: string }[]
}

export interface MemoryProfile {
  /** The sample with the highest RSS. */
  atPeak: MemorySample
  /** /proc/self/smaps when the sampled RSS was highest (null where there is no /proc). */
  residentAtPeak: ResidentBreakdown | null
  /** The highest value of each figure over the run (not necessarily at the same moment). */
  max: Omit<MemorySample, 'atMs'>
  /** One sample per `everyMs`, for a timeline (BENCH_MEMORY_TRACE prints it). */
  samples: MemorySample[]
}

export function startMemorySampler(wasmBytes: () => number, everyMs = 250) {
  const started = performance.now()
  const samples: MemorySample[] = []
  let residentAtPeak: ResidentBreakdown | null = null
  let highest = 0
  const take = () => {
    const m = process.memoryUsage()
    // smaps is read only when the RSS has grown past the highest so far, not every sample.
    if (m.rss > highest + 2 ** 21) {
      highest = m.rss
      residentAtPeak = residentBreakdown(wasmBytes())
    }
    samples.push({ atMs: Math.round(performance.now() - started), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, wasm: wasmBytes() })
  }
  take()
  const timer = setInterval(take, everyMs)
  timer.unref()
  return {
    stop(): MemoryProfile {
      clearInterval(timer)
      take()
      const atPeak = samples.reduce((a, b) => (b.rss > a.rss ? b : a))
      const keys = ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'wasm'] as const
      const max = Object.fromEntries(keys.map((k) => [k, Math.max(...samples.map((s) => s[k]))])) as MemoryProfile['max']
      return { atPeak, residentAtPeak, max, samples }
    },
  }
}

/** The process's peak resident set (VmHWM, Linux); elsewhere the current RSS as a lower bound. */
export function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1]) * 1024
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss
}

/** The resident set by mapping: the WebAssembly memory is the anonymous read-write mapping of its exact size. */
function residentBreakdown(wasmBytes: number): ResidentBreakdown | null {
  let text: string
  try {
    text = readFileSync('/proc/self/smaps', 'utf8')
  } catch {
    return null
  }
  const out: ResidentBreakdown = { wasm: 0, files: 0, otherAnonymous: 0, largestAnonymous: [] }
  const anonymous: ResidentBreakdown['largestAnonymous'] = []
  let kind: 'wasm' | 'files' | 'otherAnonymous' = 'otherAnonymous'
  let size = 0
  let perm = ''
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (head) {
      size = parseInt(head[2]!, 16) - parseInt(head[1]!, 16)
      perm = head[3]!
      kind = head[4]!.startsWith('/') ? 'files' : wasmBytes > 0 && size === wasmBytes && perm.startsWith('rw') ? 'wasm' : 'otherAnonymous'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (!rss) continue
    out[kind] += Number(rss[1]) * 1024
    if (kind === 'otherAnonymous') anonymous.push({ size, rss: Number(rss[1]) * 1024, perm })
  }
  out.largestAnonymous = anonymous.sort((a, b) => b.rss - a.rss).slice(0, 12)
  return out
}
