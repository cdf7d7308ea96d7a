// Administrator passwords as scrypt hashes (node:crypto, no dependency). The parameters travel in the
// stored string, so they can be raised later without invalidating existing hashes:
// scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'

// OWASP's current scrypt parameters (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1, which is
// 128 MiB of memory per hash (128 * N * r bytes); measured on this project's 2-core machine under a load
// average of 17: 2.0 s per hash (N = 2^15: 0.4 s). Node refuses a scrypt above its `maxmem` (32 MiB by default), so it is
// set per call from the parameters. The memory is outside the JavaScript heap, one block per running hash:
// at most `maxParallel` hashes run at once (the others wait their turn), so a burst of log-in attempts
// costs 2 x 128 MiB at most instead of one block per libuv thread (4) and more in the queue.
export const scryptParams = { N: 2 ** 17, r: 8, p: 1 } as const
export type ScryptParams = { N: number; r: number; p: number }
const keyLength = 32
const maxParallel = 2
/** The largest N a stored hash may ask for (1 GiB of memory at r = 8); a larger one is unreadable. */
const maxN = 2 ** 20

let running = 0
const waiting: (() => void)[] = []

async function scrypt(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  if (running >= maxParallel) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCallback(password, salt, length, { N, r, p, maxmem: 2 * 128 * N * r * p }, (err, key) => (err ? reject(err) : resolve(key))))
  } finally {
    running--
    waiting.shift()?.()
  }
}

export const passwordRules = { minLength: 12, maxLength: 200 } as const

/** Why a new password is refused, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < passwordRules.minLength) return `at least ${passwordRules.minLength} characters`
  if (password.length > passwordRules.maxLength) return `at most ${passwordRules.maxLength} characters`
  return null
}

export async function hashPassword(password: string, params: ScryptParams = scryptParams): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, keyLength, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/** The parts of a stored hash, or null when it is not one of ours. */
function parseStored(stored: string): { params: ScryptParams; salt: Buffer; expected: Buffer } | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > maxN || r > 32 || p > 16) return null
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (expected.length === 0) return null
  return { params: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64url'), expected }
}

/** True when the password matches the stored hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored)
  if (!parsed) return false
  const actual = await scrypt(password, parsed.salt, parsed.expected.length, parsed.params)
  return timingSafeEqual(actual, parsed.expected)
}

/**
 * True when a stored hash was made with weaker parameters than today's: it is hashed again at the next
 * successful log-in (the only moment the password is known). Stronger stored parameters are kept.
 */
export function needsRehash(stored: string, params: ScryptParams = scryptParams): boolean {
  const parsed = parseStored(stored)
  if (!parsed) return true
  const { N, r, p } = parsed.params
  return N < params.N || r < params.r || p < params.p || parsed.salt.length < 16
}

/**
 * A hash to verify against when the e-mail address is unknown, so that "no such administrator" takes
 * as long as "wrong password" and the answer time does not reveal which addresses exist.
 */
export function createDummyHash(): Promise<string> {
  return hashPassword(randomBytes(16).toString('base64url'))
}
