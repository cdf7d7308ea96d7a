import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  checkPasswordPolicy,
  generatePassword,
  moodleDefaultPolicy,
  passwordAlphabet,
  PasswordPolicyError,
  type PasswordPolicy,
} from './password.ts'

const alphabet = passwordAlphabet.lower + passwordAlphabet.upper + passwordAlphabet.digits + passwordAlphabet.symbols

describe('password generator', () => {
  const passwords = Array.from({ length: 10_000 }, () => generatePassword())

  it('makes 10 000 passwords that all pass Moodle’s default policy', () => {
    for (const password of passwords) assert.deepEqual(checkPasswordPolicy(password, moodleDefaultPolicy), [], password)
  })

  it('is 12 characters long by default', () => {
    for (const password of passwords) assert.equal(password.length, 12)
  })

  it('never uses look-alike or mail-unsafe characters', () => {
    for (const password of passwords) assert.doesNotMatch(password, /[0Oo1lI'"`\\<>& \t.,;:]/, password)
    for (const password of passwords) for (const c of password) assert.ok(alphabet.includes(c), c)
  })

  it('uses only characters ILIAS accepts in a password', () => {
    // ilSecuritySettingsChecker::getPasswordValidChars(): 'A-Z a-z 0-9 _.+?#-*@!$%~/:;'
    for (const password of passwords) assert.match(password, /^[A-Za-z0-9_.+?#\-*@!$%~/:;]+$/)
  })

  it('spreads characters evenly over the alphabet (chi-square with a bound that cannot flake)', () => {
    // Each password takes one forced character per class, the remaining 8 from the whole alphabet, so
    // the expected count per character differs by class; compare every character with its own expectation.
    const counts = new Map<string, number>()
    for (const password of passwords) for (const c of password) counts.set(c, (counts.get(c) ?? 0) + 1)
    const free = 12 - 4
    let chiSquare = 0
    for (const set of Object.values(passwordAlphabet)) {
      for (const c of set) {
        const expected = passwords.length * (1 / set.length + free / alphabet.length)
        const observed = counts.get(c) ?? 0
        chiSquare += (observed - expected) ** 2 / expected
      }
    }
    // 64 degrees of freedom: mean 64, sd ≈ 11. Even 250 (≈ 16 sd) is reached by chance with
    // negligible probability, while a missing or biased character class lands in the thousands.
    assert.ok(chiSquare < 250, `chi-square ${chiSquare.toFixed(1)}`)
  })

  it('shuffles the required characters over every position', () => {
    // Without a shuffle the digit would always sit at the same place; with it each position holds a
    // digit with the same probability (≈ 1/12 + 11/12·8/65 ≈ 0.196 for a digit-class character).
    for (let position = 0; position < 12; position++) {
      const digits = passwords.filter((p) => /\d/.test(p[position]!)).length / passwords.length
      assert.ok(digits > 0.12 && digits < 0.28, `position ${position}: ${digits}`)
    }
  })

  it('respects a wanted length and a stricter policy', () => {
    const policy: PasswordPolicy = { minLength: 16, minDigits: 3, minLower: 2, minUpper: 2, minNonAlphanumeric: 3 }
    for (let i = 0; i < 1000; i++) {
      const password = generatePassword({ policy, length: 10 })
      assert.equal(password.length, 16)
      assert.deepEqual(checkPasswordPolicy(password, policy), [])
    }
    assert.equal(generatePassword({ length: 30 }).length, 30)
  })

  it('grows the length when the class minimums add up to more than minLength', () => {
    const policy: PasswordPolicy = { minLength: 3, minDigits: 2, minLower: 2, minUpper: 2, minNonAlphanumeric: 2 }
    const password = generatePassword({ policy, length: 4 })
    assert.equal(password.length, 8)
    assert.deepEqual(checkPasswordPolicy(password, policy), [])
  })

  it('refuses a policy that cannot be met within its maxLength, saying why', () => {
    const policy: PasswordPolicy = { ...moodleDefaultPolicy, minDigits: 6, maxLength: 8 }
    assert.throws(() => generatePassword({ policy }), (err: unknown) => {
      assert.ok(err instanceof PasswordPolicyError)
      assert.equal(err.code, 'PASSWORD_POLICY_UNSATISFIABLE')
      assert.match(err.message, /at least 9 characters but allows at most 8/)
      return true
    })
  })

  it('caps the length at maxLength when the policy allows it', () => {
    const policy: PasswordPolicy = { ...moodleDefaultPolicy, maxLength: 10 }
    assert.equal(generatePassword({ policy }).length, 10)
  })

  it('refuses a negative or fractional policy value', () => {
    assert.throws(() => generatePassword({ policy: { ...moodleDefaultPolicy, minDigits: -1 } }), PasswordPolicyError)
    assert.throws(() => generatePassword({ policy: { ...moodleDefaultPolicy, minLength: 7.5 } }), PasswordPolicyError)
  })

  it('keeps runs of one character within maxConsecutiveIdentical', () => {
    const policy: PasswordPolicy = { ...moodleDefaultPolicy, maxConsecutiveIdentical: 1 }
    for (let i = 0; i < 2000; i++) assert.doesNotMatch(generatePassword({ policy }), /(.)\1/)
  })
})

describe('checkPasswordPolicy', () => {
  it('names every rule a weak password breaks', () => {
    assert.deepEqual(checkPasswordPolicy('abc'), [
      { rule: 'minLength', required: 8, actual: 3 },
      { rule: 'minDigits', required: 1, actual: 0 },
      { rule: 'minUpper', required: 1, actual: 0 },
      { rule: 'minNonAlphanumeric', required: 1, actual: 0 },
    ])
  })

  it('counts like Moodle: letters of any script by case, anything else as non-alphanumeric', () => {
    // Moodle: [^[:upper:][:lower:][:digit:]] under /u: a space counts as non-alphanumeric, 'Ä' as upper-case.
    assert.deepEqual(checkPasswordPolicy('Äbcdefg 9'), [])
    assert.deepEqual(checkPasswordPolicy('Abcdefg99'), [{ rule: 'minNonAlphanumeric', required: 1, actual: 0 }])
  })

  it('counts code points, not UTF-16 units, for the length', () => {
    assert.deepEqual(checkPasswordPolicy('Ab1!😀😀', { ...moodleDefaultPolicy, minLength: 6 }), [])
    assert.deepEqual(checkPasswordPolicy('Ab1!😀', { ...moodleDefaultPolicy, minLength: 6 }), [
      { rule: 'minLength', required: 6, actual: 5 },
    ])
  })

  it('reports a run of identical characters longer than allowed', () => {
    assert.deepEqual(checkPasswordPolicy('Aaaa1!xyz', { ...moodleDefaultPolicy, maxConsecutiveIdentical: 2 }), [
      { rule: 'maxConsecutiveIdentical', required: 2, actual: 3 },
    ])
  })
})
