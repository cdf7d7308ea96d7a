// `coursebridge secrets reset`: for a lost secret key. Everything sealed with the old key (LMS credentials,
// passwords of mails not yet sent, result-webhook secrets) is forgotten and the current key becomes the
// data's key; the connections are switched off until their credentials are entered again.
import type { Config } from '../config.ts'
import { openDatabase } from '../app.ts'
import { migrate } from '../store/migrations.ts'
import { createSecretBox, loadSecretKey } from '../security/secret-box.ts'
import { resetSecrets } from '../security/key-check.ts'
import { dataDirHolder } from '../store/data-dir-lock.ts'

/** secrets reset while the service runs on the embedded database: one sentence naming its PID, exit 1. */
export class SecretsResetRefused extends Error {
  constructor(readonly pid: number) {
    super(`secrets reset changes what the running coursebridge (process ${pid}) has in use: stop that process first, then run it again`)
  }
}

export async function runSecretsReset(config: Config): Promise<void> {
  // Not through the running service: it holds what was decrypted with the key and keeps using it. Refused.
  const holder = config.databaseUrl ? null : dataDirHolder(config.dataDir)
  if (holder !== null) throw new SecretsResetRefused(holder)
  const box = createSecretBox(loadSecretKey(config.secretKey, config.dataDir))
  const db = await openDatabase(config)
  try {
    await migrate(db)
    const cleared = await resetSecrets(db, box)
    process.stdout.write(`The current secret key is now the data's key. Cleared: the credentials of ${cleared.connections} connection(s) `
      + `(switched off: enter their credentials again and switch them on), the passwords of ${cleared.mails} unsent mail(s) `
      + `(use "resend credentials"), ${cleared.webhooks} result-webhook secret(s) (set them again in the settings).\n`)
  } finally {
    await db.close()
  }
}
