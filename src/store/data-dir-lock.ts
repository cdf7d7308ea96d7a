// One writer on the embedded database: the process that opens DATA_DIR's database holds
// DATA_DIR/coursebridge.pid (its PID and start time) until it closes it. Another process that finds the
// file checks whether that process still runs: if so it refuses (or, for the CLI commands, goes through the
// running service's control socket); if not — killed, machine rebooted — it takes the stale lock over.
// PGlite itself has no such guard: two processes on one data folder each believe they own it, and one
// side's writes are lost.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError'
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`the embedded database in ${dataDir} is in use by coursebridge process ${pid}: stop that process first (or use DATABASE_URL for several processes)`)
  }
}

export interface DataDirLock {
  readonly path: string
  release(): void
}

export const lockFileName = 'coursebridge.pid'

/** The start time of a process in clock ticks since boot (Linux), so a reused PID is not taken for ours. */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22; the command name (field 2) may hold spaces and parentheses, so count after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''
  } catch {
    return ''
  }
}

function isRunning(pid: number, startTime: string): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
    // EPERM: it runs, under another user.
  }
  const now = startTimeOf(pid)
  return !(startTime && now && now !== startTime)
}

function readLock(path: string): { pid: number; startTime: string } | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  const [pid, startTime = ''] = text.trim().split('\n')
  const n = Number(pid)
  return Number.isInteger(n) && n > 0 ? { pid: n, startTime } : { pid: 0, startTime: '' }
}

/** The PID of the live process holding DATA_DIR, or null when none does. */
export function dataDirHolder(dataDir: string): number | null {
  const held = readLock(join(dataDir, lockFileName))
  return held && held.pid > 0 && held.pid !== process.pid && isRunning(held.pid, held.startTime) ? held.pid : null
}

/** Takes DATA_DIR for this process, taking over the lock of a process that no longer runs. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, lockFileName)
  const content = `${process.pid}\n${startTimeOf(process.pid)}\n`
  const temp = `${path}.${process.pid}.tmp`
  for (let attempt = 0; attempt < 20; attempt++) {
    // Written whole under another name, then linked: nobody ever reads a half-written lock file.
    writeFileSync(temp, content, { mode: 0o600 })
    try {
      linkSync(temp, path)
      return {
        path,
        release() {
          try {
            if (readFileSync(path, 'utf8') === content) unlinkSync(path)
          } catch {
            /* already gone */
          }
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      try { unlinkSync(temp) } catch { /* gone */ }
    }
    const held = readLock(path)
    if (!held) continue
    if (held.pid === process.pid) throw new Error(`${path} is already held by this process`)
    if (held.pid > 0 && isRunning(held.pid, held.startTime)) throw new DataDirBusyError(dataDir, held.pid)
    // Stale: move it aside (atomic; of two processes taking over only one moves this file) and check that
    // what was moved is the stale lock read above, not a fresh one another process just created.
    const aside = `${path}.stale-${process.pid}`
    try {
      renameSync(path, aside)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw err
    }
    const moved = readLock(aside)
    if (moved && (moved.pid !== held.pid || moved.startTime !== held.startTime)) {
      try { linkSync(aside, path) } catch { /* a third process holds it now */ }
    }
    try { unlinkSync(aside) } catch { /* gone */ }
  }
  throw new Error(`could not take ${path}: other processes keep changing it`)
}
