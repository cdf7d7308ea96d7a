// Start-up failures an operator can fix, in one sentence each instead of a stack trace: a port in use, a
// data directory that is read-only or full. Anything else is not translated (its stack helps more).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.ts'

/** A start-up failure with a sentence for the operator; main prints the message only. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

// PGlite's file system reports errors as Emscripten ErrnoErrors, with Emscripten's own numbers.
const emscriptenErrno: Record<number, string> = { 2: 'EACCES', 63: 'EPERM', 69: 'EROFS', 51: 'ENOSPC', 29: 'EIO' }

/** The errno name of a Node or Emscripten file-system error, if it is one. */
function errnoOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; name?: unknown } | null
  if (!e || typeof e !== 'object') return undefined
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code
  if (e.name === 'ErrnoError' && typeof e.errno === 'number') return emscriptenErrno[e.errno]
  return undefined
}

/** The one-line sentence for a start-up failure an operator can fix, or null to show the error as it is. */
export function describeStartupError(err: unknown, config: Pick<Config, 'port' | 'host' | 'dataDir'>): StartupError | null {
  if (err instanceof StartupError) return err
  const errno = errnoOf(err)
  switch (errno) {
    case 'EADDRINUSE':
      return new StartupError('PORT_IN_USE', `port ${config.port} on ${config.host} is already in use by another program: stop that program or start coursebridge with another PORT`)
    case 'EADDRNOTAVAIL':
      return new StartupError('HOST_NOT_AVAILABLE', `HOST ${config.host} is not an address of this machine: set HOST to one of its addresses (or 0.0.0.0)`)
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if ((err as { syscall?: string }).syscall === 'listen') {
        return new StartupError('PORT_NOT_PERMITTED', `not allowed to listen on port ${config.port}: use a port above 1023 or run with the right to bind it`)
      }
      return new StartupError('DATA_DIR_NOT_WRITABLE', `the data directory ${config.dataDir} is not writable (${errno}): make it writable for this user, or set DATA_DIR to a writable folder`)
    case 'ENOSPC':
    case 'EDQUOT':
      return new StartupError('DATA_DIR_FULL', `the disk of the data directory ${config.dataDir} is full (${errno}): free space, or set DATA_DIR to a folder on another disk`)
    default:
      return null
  }
}

/** Fails early, with its sentence, when the data directory cannot be created or written. */
export function checkDataDirWritable(config: Pick<Config, 'port' | 'host' | 'dataDir'>) {
  const probe = join(config.dataDir, `.write-test-${process.pid}`)
  try {
    mkdirSync(config.dataDir, { recursive: true })
    writeFileSync(probe, 'coursebridge\n')
    rmSync(probe, { force: true })
  } catch (err) {
    throw describeStartupError(err, config) ?? err
  }
}
