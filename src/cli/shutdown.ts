/** Stops cleanly on SIGINT/SIGTERM: running jobs finish, the database closes. */
export function onShutdown(stop: () => Promise<void>) {
  let stopping = false
  const handler = () => {
    if (stopping) process.exit(1)
    stopping = true
    stop().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}
