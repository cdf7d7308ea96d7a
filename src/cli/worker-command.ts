import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { onShutdown } from './shutdown.ts'

/** Extra workers: they share the queue of a PostgreSQL server with `start` and with each other. */
export async function runWorker(config: Config) {
  if (!config.databaseUrl) {
    throw new Error('coursebridge worker needs DATABASE_URL (a PostgreSQL server): the embedded database belongs to one process')
  }
  const app = await createApp({ ...config, runWorkers: true }, { generateKey: false })
  await app.start({ listen: false })
  app.ctx.log.info({ concurrency: config.workerConcurrency }, 'worker running')
  onShutdown(() => app.stop(), app.ctx.log)
}
