// Where a command that needs the database runs. On the embedded database while `coursebridge start` runs,
// only the service may open it: the command goes through its control socket and runs inside it. Otherwise
// (no service, or PostgreSQL, where any number of processes share the server) the command opens the
// database itself — on the embedded database taking DATA_DIR's lock, so a `start` meanwhile refuses.
import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import type { AppContext } from '../services/context.ts'
import { DataDirBusyError, dataDirHolder } from '../store/data-dir-lock.ts'
import { terminalIo, type CommandIo } from './command-io.ts'
import { controlSocketPath, runThroughService, type ControlRequest } from './control-socket.ts'

type Remote = ControlRequest extends infer R ? R extends unknown ? Omit<R, 'cwd' | 'tty'> : never : never

/** The exit code of the command run by the service, or null when no service holds DATA_DIR. */
export async function throughRunningService(config: Config, request: Remote): Promise<number | null> {
  if (config.databaseUrl) return null
  const holder = dataDirHolder(config.dataDir)
  if (holder === null) return null
  const code = await runThroughService(controlSocketPath(config.dataDir),
    { ...request, cwd: process.cwd(), tty: process.stderr.isTTY === true } as ControlRequest,
    { stdout: process.stdout, stderr: process.stderr })
  // A process holds the lock but does not answer: an import or another command, or a service still starting.
  if (code === null) throw new DataDirBusyError(config.dataDir, holder)
  return code
}

/**
 * Runs fn in the running service, or on a database this process opens (with o.queue the queue runs, without
 * workers: what the command queues waits for the workers).
 */
export async function withDatabase(
  config: Config,
  request: Remote,
  fn: (ctx: AppContext, io: CommandIo) => Promise<number>,
  o: { queue?: boolean } = {},
): Promise<number> {
  const remote = await throughRunningService(config, request)
  if (remote !== null) return remote
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  const abort = new AbortController()
  const onSigint = () => {
    process.stderr.write('\nstopping …\n')
    abort.abort()
  }
  process.once('SIGINT', onSigint)
  try {
    if (o.queue) await app.start()
    return await fn(app.ctx, terminalIo(abort.signal))
  } finally {
    process.off('SIGINT', onSigint)
    await app.stop()
  }
}
