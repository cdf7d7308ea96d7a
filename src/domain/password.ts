// Initial passwords for new LMS accounts. They travel once, in the credentials mail, and the
// participant is asked to change them, so they must (1) pass the LMS's password policy on the first
// try, (2) survive being read off a screen or copied out of a mail client, and (3) come from a CSPRNG.
import { randomInt } from 'node:crypto'

/**
 * A password policy as a plain object, so presets (Moodle, ILIAS, a customer's own) are data.
 * The defaults mirror Moodle's: admin/settings/security.php sets minpasswordlength 8 and
 * minpassworddigits / minpasswordlower / minpasswordupper / minpasswordnonalphanum 1, and
 * lib/moodlelib.php check_password_policy() counts the classes with `[[:digit:]]`, `[[:lower:]]`,
 * `[[:upper:]]` and `[^[:upper:][:lower:][:digit:]]` under /u (Unicode-aware, code points).
 * https://github.com/moodle/moodle/blob/main/lib/moodlelib.php (check_password_policy)
 */
export interface PasswordPolicy {
  minLength: number
  minDigits: number
  minLower: number
  minUpper: number
  /** Moodle's definition: any character that is not an upper-case letter, lower-case letter or digit. */
  minNonAlphanumeric: number
  /** Longest allowed password; absent = no limit. A policy whose minimums exceed it cannot be met. */
  maxLength?: number
  /** Moodle's maxconsecutiveidentchars: longest run of one repeated character; absent or 0 = off. */
  maxConsecutiveIdentical?: number
}

export const moodleDefaultPolicy: Readonly<PasswordPolicy> = Object.freeze({
  minLength: 8,
  minDigits: 1,
  minLower: 1,
  minUpper: 1,
  minNonAlphanumeric: 1,
})

export const defaultPasswordLength = 12

// Character classes without look-alikes (0/O/o, 1/l/I) and without characters that break in mail
// or copy-paste (quotes, backslash, <, >, &, space, and . , ; : that read as sentence punctuation).
// The symbols are the intersection of Moodle's generator set (PASSWORD_NONALPHANUM '.,;:!?_-+/*@#&$')
// plus %, and ILIAS's allowed password characters ('A-Z a-z 0-9 _.+?#-*@!$%~/:;', ilSecuritySettingsChecker::
// getPasswordValidChars; ILIAS 5.1's ilUtil::isPassword refuses anything else), so one alphabet serves both.
export const passwordAlphabet = Object.freeze({
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digits: '23456789',
  symbols: '!#$%*+-?@',
})

const fullAlphabet = passwordAlphabet.lower + passwordAlphabet.upper + passwordAlphabet.digits + passwordAlphabet.symbols

export class PasswordPolicyError extends Error {
  override readonly name = 'PasswordPolicyError'
  readonly code = 'PASSWORD_POLICY_UNSATISFIABLE'
}

export interface GeneratePasswordOptions {
  policy?: PasswordPolicy
  /** Wanted length; raised to the policy's minLength and to the sum of its class minimums. */
  length?: number
}

/**
 * The length a password for this policy gets. A policy whose class minimums add up to more than
 * minLength (say minLength 3 with four classes of 1) is satisfiable, just not at minLength, so the
 * length grows to the sum instead of failing. Only maxLength below that sum is impossible: it throws.
 */
export function passwordLengthFor(policy: PasswordPolicy, wanted = defaultPasswordLength): number {
  for (const [name, value] of Object.entries(policy)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new PasswordPolicyError(`password policy ${name} must be a whole number ≥ 0, got ${String(value)}`)
    }
  }
  const classMinimums = policy.minDigits + policy.minLower + policy.minUpper + policy.minNonAlphanumeric
  let length = Math.max(wanted, policy.minLength, classMinimums, 1)
  if (policy.maxLength !== undefined) {
    if (classMinimums > policy.maxLength || policy.minLength > policy.maxLength) {
      throw new PasswordPolicyError(
        `password policy cannot be met: it needs at least ${Math.max(classMinimums, policy.minLength)} characters ` +
          `but allows at most ${policy.maxLength}`,
      )
    }
    length = Math.min(length, policy.maxLength)
  }
  return length
}

/** One character of `chars`, chosen uniformly by the CSPRNG. */
function pick(chars: string): string {
  return chars[randomInt(chars.length)]!
}

/**
 * A random password that satisfies `policy` (Moodle's defaults when absent), default length 12.
 * Each class minimum is drawn from its class, the rest from the whole alphabet, then a Fisher-Yates
 * shuffle (randomInt, so no modulo bias) spreads the required characters over all positions.
 */
export function generatePassword(options: GeneratePasswordOptions = {}): string {
  const policy = options.policy ?? moodleDefaultPolicy
  const length = passwordLengthFor(policy, options.length)
  // A run limit is met by drawing again: with 65 symbols a run of two is rare, so this ends quickly,
  // and redrawing (rather than patching) keeps every accepted password equally likely.
  for (;;) {
    const chars: string[] = []
    for (let i = 0; i < policy.minLower; i++) chars.push(pick(passwordAlphabet.lower))
    for (let i = 0; i < policy.minUpper; i++) chars.push(pick(passwordAlphabet.upper))
    for (let i = 0; i < policy.minDigits; i++) chars.push(pick(passwordAlphabet.digits))
    for (let i = 0; i < policy.minNonAlphanumeric; i++) chars.push(pick(passwordAlphabet.symbols))
    while (chars.length < length) chars.push(pick(fullAlphabet))
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1)
      const swap = chars[i]!
      chars[i] = chars[j]!
      chars[j] = swap
    }
    const password = chars.join('')
    if (longestRun(password) <= (policy.maxConsecutiveIdentical || Infinity)) return password
  }
}

export interface PolicyViolation {
  rule: 'minLength' | 'maxLength' | 'minDigits' | 'minLower' | 'minUpper' | 'minNonAlphanumeric' | 'maxConsecutiveIdentical'
  required: number
  actual: number
}

/** What `password` lacks under `policy`, counted the way Moodle counts (see PasswordPolicy); [] = acceptable. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy = moodleDefaultPolicy): PolicyViolation[] {
  const codePoints = [...password]
  const count = (re: RegExp) => codePoints.filter((c) => re.test(c)).length
  const actual = {
    length: codePoints.length,
    digits: count(/\p{Nd}/u),
    lower: count(/\p{Ll}/u),
    upper: count(/\p{Lu}/u),
    nonAlphanumeric: count(/[^\p{Lu}\p{Ll}\p{Nd}]/u),
  }
  const violations: PolicyViolation[] = []
  const atLeast = (rule: PolicyViolation['rule'], required: number, have: number) => {
    if (have < required) violations.push({ rule, required, actual: have })
  }
  atLeast('minLength', policy.minLength, actual.length)
  atLeast('minDigits', policy.minDigits, actual.digits)
  atLeast('minLower', policy.minLower, actual.lower)
  atLeast('minUpper', policy.minUpper, actual.upper)
  atLeast('minNonAlphanumeric', policy.minNonAlphanumeric, actual.nonAlphanumeric)
  if (policy.maxLength !== undefined && actual.length > policy.maxLength) {
    violations.push({ rule: 'maxLength', required: policy.maxLength, actual: actual.length })
  }
  const run = longestRun(password)
  if (policy.maxConsecutiveIdentical && run > policy.maxConsecutiveIdentical) {
    violations.push({ rule: 'maxConsecutiveIdentical', required: policy.maxConsecutiveIdentical, actual: run })
  }
  return violations
}

function longestRun(password: string): number {
  let longest = 0
  let run = 0
  let previous: string | undefined
  for (const c of password) {
    run = c === previous ? run + 1 : 1
    previous = c
    if (run > longest) longest = run
  }
  return longest
}
