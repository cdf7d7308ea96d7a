import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { ensureFirstApiKey, ensureSandbox } from '../services/bootstrap.ts'
import { onShutdown } from './shutdown.ts'
import { startControlSocket } from './control-socket.ts'
import { adminSetupHint } from '../ui/auth/admin-setup-hint.ts'
import { checkDataDirWritable } from './startup-errors.ts'

export async function runStart(config: Config) {
  // The embedded database and a generated secret key live in DATA_DIR: a read-only or full one is said
  // in one sentence before anything else starts.
  if (!config.databaseUrl || !config.secretKey) checkDataDirWritable(config)
  const app = await createApp(config)
  const key = await ensureFirstApiKey(app.ctx)
  const seededSandbox = process.env.SEED_SANDBOX !== 'false' && (await ensureSandbox(app.ctx))
  const { url } = await app.start({ listen: true })
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.dataDir}`
  app.ctx.log.info({ url, database: where }, 'coursebridge is running')
  if (key) {
    // Shown once, on the terminal only (not in the structured log); only its hash is stored.
    process.stdout.write(`\nFirst API key (shown once, store it now):\n\n  ${key}\n\n`)
  }
  const hint = await adminSetupHint(app.ctx.db, `${url}/ui/`)
  if (hint) process.stdout.write(hint)
  if (seededSandbox) {
    process.stdout.write('A sandbox connection (simulated Moodle) with course DEMO-101 was added for trying things out.\n\n')
  }
  // Embedded database: import, admin create, keys and check reach the database through the service.
  const control = config.databaseUrl ? null : await startControlSocket(app.ctx, config.dataDir, app.ctx.log)
  onShutdown(async () => {
    await control?.close()
    await app.stop()
  }, app.ctx.log)
}
