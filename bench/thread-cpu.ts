// CPU time of this process's threads by thread name, from /proc (Linux; clock ticks, so ±10 ms a thread;
// elsewhere an empty map). Node names its threads: MainThread (the event loop), V8Worker (V8's helpers:
// garbage collection, compilation), WorkerThread (a worker_threads thread: the mail render pool), libuv-worker.
import { readdirSync, readFileSync } from 'node:fs'

export function threadCpuMs(): Map<string, number> {
  const by = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ms = (Number(fields[11]) + Number(fields[12])) * 10
      by.set(name, (by.get(name) ?? 0) + ms)
    }
  } catch {
    // not Linux
  }
  return by
}

/** What each thread used between two readings (threads that ended meanwhile are not counted). */
export function threadCpuSince(before: Map<string, number>): Map<string, number> {
  return new Map([...threadCpuMs()].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]))
}
