import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { transliterate } from './transliterate.ts'

describe('transliterate', () => {
  it('removes the accents that Unicode can split off the letter', () => {
    assert.equal(transliterate('José Ñúñez çà ü å ë'), 'Jose Nunez ca u a e')
  })

  it('writes letters of their own the usual Latin way', () => {
    assert.equal(transliterate('ß ø Ø æ Æ ł Ł đ þ œ ı ð'), 'ss o O ae AE l L d th oe i d')
  })

  it('keeps case, spaces, digits and punctuation for the login-name rules to decide', () => {
    assert.equal(transliterate('Van der Berg-2 O’Neil'), "Van der Berg-2 O'Neil")
  })

  it('leaves scripts without a Latin spelling as they are (the rules drop them)', () => {
    assert.equal(transliterate('Иван'), 'Иван')
  })
})
