// The key check: a known text sealed with the secret key is stored with the data, so a process started
// with another COURSEBRIDGE_SECRET_KEY (or another DATA_DIR/secret.key) stops at once with one sentence,
// instead of failing later on every credential it opens ("Unsupported state or unable to authenticate
// data") or leaving registrations pending without a word.
import type { Queryable } from '../store/database.ts'
import type { SecretBox } from './secret-box.ts'

const checkText = 'coursebridge secret key check'

/** The secret key does not open the data: the message is the one sentence to print. */
export class SecretKeyMismatchError extends Error {
  override readonly name = 'SecretKeyMismatchError'
  constructor() {
    super('The secret key (COURSEBRIDGE_SECRET_KEY or DATA_DIR/secret.key) is not the one the stored credentials were '
      + 'encrypted with: restore the key this data was written with, or, if it is lost, run `coursebridge secrets reset` '
      + 'with the new key and enter the LMS credentials and webhook secrets again.')
  }
}

const opens = (box: SecretBox, sealed: string) => {
  try {
    box.open(sealed)
    return true
  } catch {
    return false
  }
}

/**
 * Throws SecretKeyMismatchError when the key does not open the stored check. Data from before the check
 * existed is proven by a sealed credential instead (when there is one); then the check is stored.
 */
export async function verifySecretKey(db: Queryable, box: SecretBox): Promise<void> {
  const { rows } = await db.query<{ sealed: string }>('SELECT sealed FROM secret_key_check WHERE id = 1')
  if (rows[0]) {
    if (!opens(box, rows[0].sealed) || box.open(rows[0].sealed) !== checkText) throw new SecretKeyMismatchError()
    return
  }
  const { rows: sample } = await db.query<{ credentials_enc: string }>('SELECT credentials_enc FROM connections LIMIT 1')
  if (sample[0] && !opens(box, sample[0].credentials_enc)) throw new SecretKeyMismatchError()
  await db.query('INSERT INTO secret_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [box.seal(checkText)])
  // Another process may have stored its check first: it must be ours too.
  const { rows: stored } = await db.query<{ sealed: string }>('SELECT sealed FROM secret_key_check WHERE id = 1')
  if (!opens(box, stored[0]!.sealed)) throw new SecretKeyMismatchError()
}

/**
 * For a lost key: forgets every value sealed with the old one (LMS credentials, passwords of unsent mails,
 * result-webhook secrets) and stores the check for the current key. Answers what it cleared.
 */
export async function resetSecrets(db: Queryable, box: SecretBox): Promise<{ connections: number; mails: number; webhooks: number }> {
  const connections = await db.query('UPDATE connections SET credentials_enc = $1, active = false', [box.seal('{}')])
  const mails = await db.query('UPDATE mails SET password_enc = NULL WHERE password_enc IS NOT NULL')
  const webhooks = await db.query("UPDATE tenants SET settings = settings - 'resultWebhook' WHERE settings ? 'resultWebhook' AND settings->'resultWebhook' <> 'null'::jsonb")
  await db.query('DELETE FROM secret_key_check')
  await db.query('INSERT INTO secret_key_check (id, sealed) VALUES (1, $1)', [box.seal(checkText)])
  return { connections: connections.affectedRows, mails: mails.affectedRows, webhooks: webhooks.affectedRows }
}
