import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { createApiKey } from '../security/api-keys.ts'
import { defaultTenant } from '../services/bootstrap.ts'

export async function runKeysCreate(config: Config, name: string) {
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  try {
    const { key } = await createApiKey(app.ctx.db, defaultTenant, name)
    process.stdout.write(`${key}\n`)
  } finally {
    await app.stop()
  }
}
