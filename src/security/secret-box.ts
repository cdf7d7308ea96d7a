// Encryption at rest for LMS credentials and pending passwords: AES-256-GCM, a fresh IV per value.
// The key comes from COURSEBRIDGE_SECRET_KEY or is generated once into <dataDir>/secret.key (mode 600).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface SecretBox {
  seal(plain: string): string
  open(sealed: string): string
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes (base64 of 32 random bytes)')
  return {
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.')
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')
    },
  }
}

/** No usable secret key: the message is the one sentence to print. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError'
}

/**
 * The key from the environment, or the one in the data dir, generated on first start — unless `generate`
 * is false: a worker must use the server's key, and one of its own would encrypt what nobody else can open.
 */
export function loadSecretKey(fromEnv: string | undefined, dataDir: string, o: { generate?: boolean } = {}): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64')
    if (key.length !== 32) throw new SecretKeyError('COURSEBRIDGE_SECRET_KEY must be base64 of exactly 32 bytes.')
    return key
  }
  const path = join(dataDir, 'secret.key')
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new SecretKeyError(`${path} does not hold a secret key (base64 of 32 bytes): restore the file, or set COURSEBRIDGE_SECRET_KEY.`)
    return key
  }
  if (o.generate === false) {
    throw new SecretKeyError('coursebridge worker needs the server\'s secret key and never makes one of its own: set '
      + 'COURSEBRIDGE_SECRET_KEY to the key of the server (the contents of DATA_DIR/secret.key where `coursebridge start` runs).')
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600 })
  return key
}
