import type { Logger } from 'pino'

/** Stops cleanly on SIGINT/SIGTERM: running jobs finish, the database closes; each step is logged. */
export function onShutdown(stop: () => Promise<void>, log?: Logger) {
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log?.warn({ signal }, `${signal} again: exiting at once`)
      process.exit(1)
    }
    stopping = true
    log?.info({ signal }, `${signal} received: shutting down`)
    stop().then(() => process.exit(0), (err) => {
      log?.error({ err, code: 'SHUTDOWN_FAILED' }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}
