import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  buildLoginName,
  chooseLoginName,
  takenNames,
  cleanLoginName,
  isCleanLoginName,
  loginNameCandidates,
  type LoginNameSource,
} from './login-name.ts'
import { moodleLoginNameRules } from '../lms/moodle/moodle-adapter.ts'
import { LoginNameRules as iliasLoginNameRules } from '../lms/ilias/ilias-login-rules.ts'

const jose: LoginNameSource = {
  firstName: 'José',
  namePrefix: 'van der',
  lastName: 'Ñúñez-Ørsted',
  email: 'jose@example.com',
  externId: 'EXT-77',
}

describe('login-name strategies', () => {
  it('uses the e-mail address as it is when it is already clean', () => {
    assert.equal(buildLoginName(jose, 'email', moodleLoginNameRules), 'jose@example.com')
  })

  it('joins first name, name prefix and surname without a separator, dropping spaces and accents', () => {
    assert.equal(buildLoginName(jose, 'firstname-prefix-lastname', moodleLoginNameRules), 'josevandernunez-orsted')
  })

  it('takes only the first letter of the first name for the initial strategy', () => {
    assert.equal(buildLoginName(jose, 'initial-prefix-lastname', moodleLoginNameRules), 'jvandernunez-orsted')
  })

  it('falls back to the initials when the first name is empty', () => {
    const name = buildLoginName({ ...jose, firstName: '', initials: 'P.J.' }, 'initial-prefix-lastname', moodleLoginNameRules)
    assert.equal(name, 'pvandernunez-orsted')
  })

  it('uses the ExternId, lower-cased for Moodle', () => {
    assert.equal(buildLoginName(jose, 'external-id', moodleLoginNameRules), 'ext-77')
  })

  it('keeps case for ILIAS, which allows upper case', () => {
    assert.equal(buildLoginName(jose, 'firstname-prefix-lastname', iliasLoginNameRules), 'JosevanderNunez-Orsted')
    assert.equal(buildLoginName(jose, 'external-id', iliasLoginNameRules), 'EXT-77')
  })

  it('lower-cases an e-mail address with capitals for Moodle', () => {
    assert.equal(buildLoginName({ ...jose, email: 'José.Müller@Example.COM' }, 'email', moodleLoginNameRules), 'jose.muller@example.com')
  })

  it('gives an empty name when nothing allowed is left', () => {
    assert.equal(buildLoginName({ ...jose, externId: null }, 'external-id', moodleLoginNameRules), '')
    assert.equal(buildLoginName({ lastName: 'Иванов' }, 'firstname-prefix-lastname', moodleLoginNameRules), '')
  })
})

describe('cleaning by the LMS rules', () => {
  it('drops every character Moodle refuses, keeping . _ - @', () => {
    assert.equal(cleanLoginName("K.O'd_D-9 @x.nl!+", moodleLoginNameRules), 'k.od_d-9@x.nl')
  })

  it('keeps the extra characters ILIAS allows', () => {
    assert.equal(cleanLoginName('a+b*c!d$e%f~g h', iliasLoginNameRules), 'a+b*c!d$e%f~gh')
  })

  it('cuts to the maximum length', () => {
    assert.equal(cleanLoginName('a'.repeat(150), moodleLoginNameRules).length, 100)
  })

  it('tells a clean name from one the LMS would refuse', () => {
    assert.equal(isCleanLoginName('jan.jansen', moodleLoginNameRules), true)
    assert.equal(isCleanLoginName('Jan.Jansen', moodleLoginNameRules), false)
    assert.equal(isCleanLoginName('josé', moodleLoginNameRules), false)
    assert.equal(isCleanLoginName('', moodleLoginNameRules), false)
    assert.equal(isCleanLoginName('ab', iliasLoginNameRules), false)
    assert.equal(isCleanLoginName('Abc', iliasLoginNameRules), true)
  })
})

describe('login-name collisions', () => {
  it('lists the candidate and its numbered variants for one lookup', () => {
    assert.deepEqual(loginNameCandidates('jjansen', moodleLoginNameRules, 4), ['jjansen', 'jjansen2', 'jjansen3', 'jjansen4'])
  })

  it('puts the number before the @ of an e-mail login name', () => {
    assert.deepEqual(loginNameCandidates('jan@example.com', moodleLoginNameRules, 3), [
      'jan@example.com', 'jan2@example.com', 'jan3@example.com',
    ])
  })

  it('shortens the name to make room for the number at the maximum length', () => {
    const long = 'a'.repeat(100)
    const [, second] = loginNameCandidates(long, moodleLoginNameRules, 2)
    assert.equal(second, `${'a'.repeat(99)}2`)
  })

  it('keeps the candidate when no account has it', () => {
    assert.equal(chooseLoginName('jjansen', new Map(), 'P1', moodleLoginNameRules), 'jjansen')
  })

  it("reuses the person's own account name", () => {
    assert.equal(chooseLoginName('jjansen', new Map([['jjansen', 'P1']]), 'P1', moodleLoginNameRules), 'jjansen')
  })

  it('adds the next free number when another person has the name', () => {
    const taken = new Map<string, string | null>([['jjansen', 'P2'], ['jjansen2', null]])
    assert.equal(chooseLoginName('jjansen', taken, 'P1', moodleLoginNameRules), 'jjansen3')
  })

  it('takes a numbered name that is already the person’s own', () => {
    const taken = new Map<string, string | null>([['jjansen', 'P2'], ['jjansen2', 'P1']])
    assert.equal(chooseLoginName('jjansen', taken, 'P1', moodleLoginNameRules), 'jjansen2')
  })

  it('compares names case-insensitively, as ILIAS does', () => {
    const taken = takenNames([['JJansen', 'P2']])
    assert.equal(chooseLoginName('jjansen', taken, 'P1', iliasLoginNameRules), 'jjansen2')
    assert.equal(chooseLoginName('JJansen', taken, 'P1', iliasLoginNameRules), 'JJansen2')
  })

  it('gives up rather than guess when every looked-up name is someone else’s', () => {
    const taken = new Map(loginNameCandidates('jjansen', moodleLoginNameRules, 3).map((n) => [n, 'P9'] as const))
    assert.equal(chooseLoginName('jjansen', taken, 'P1', moodleLoginNameRules, 3), null)
  })
})
