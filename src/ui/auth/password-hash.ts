// Administrator passwords as scrypt hashes (node:crypto, no dependency). The parameters travel in the
// stored string, so they can be raised later without invalidating existing hashes:
// scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))))

// N = 2^15, r = 8: ~32 MiB and some 50-100 ms per hash (OWASP's scrypt minimum is N = 2^17 at r = 8,
// p = 1 for 128 MiB; 2^15 keeps several parallel log-ins within node's default maxmem budget).
const defaults = { N: 2 ** 15, r: 8, p: 1 }
const keyLength = 32
const maxmem = 64 * 1024 * 1024

export const passwordRules = { minLength: 12, maxLength: 200 } as const

/** Why a new password is refused, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < passwordRules.minLength) return `at least ${passwordRules.minLength} characters`
  if (password.length > passwordRules.maxLength) return `at most ${passwordRules.maxLength} characters`
  return null
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = defaults): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, keyLength, { ...params, maxmem })
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/** True when the password matches the stored hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (expected.length === 0) return false
  const actual = await scrypt(password, salt, expected.length, { N, r, p, maxmem })
  return timingSafeEqual(actual, expected)
}

/**
 * A hash to verify against when the e-mail address is unknown, so that "no such administrator" takes
 * as long as "wrong password" and the answer time does not reveal which addresses exist.
 */
export function createDummyHash(): Promise<string> {
  return hashPassword(randomBytes(16).toString('base64url'))
}
