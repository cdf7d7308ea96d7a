// Housekeeping every process with workers runs every MAINTENANCE_INTERVAL_SECONDS (the queue's own
// maintenance runs beside it): records kept only for a while are deleted once their time is up.
import type { AppContext } from '../services/context.ts'
import { enforceRetention } from './retention.ts'

export async function runMaintenance(ctx: Pick<AppContext, 'db' | 'log'>): Promise<void> {
  // Each tenant's retention settings (days): step logs, sent mails, delivered results, idempotency records.
  const done = await enforceRetention(ctx)
  if (Object.values(done).some((n) => n > 0)) ctx.log.info(done, 'maintenance: records past their retention removed')
}

/**
 * Runs maintenance now and then every intervalSeconds; the returned function stops it and waits for a run on
 * its way (the database closes next).
 */
export function scheduleMaintenance(ctx: Pick<AppContext, 'db' | 'log'>, intervalSeconds: number): () => Promise<void> {
  let running: Promise<void> = Promise.resolve()
  const run = () => {
    running = runMaintenance(ctx).catch((err: Error & { code?: string }) =>
      ctx.log.error({ code: 'INTERNAL_ERROR', err: { message: err.message, code: err.code } }, 'maintenance failed'))
  }
  run()
  const timer = setInterval(run, intervalSeconds * 1000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
