import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { personSchema } from './person.ts'

describe('person schema', () => {
  it('trims values and defaults a missing ExternId to null', () => {
    const person = personSchema.parse({ personId: ' 1234 ', lastName: ' Berg ', firstName: ' Jan ' })
    assert.equal(person.personId, '1234')
    assert.equal(person.lastName, 'Berg')
    assert.equal(person.firstName, 'Jan')
    assert.equal(person.externId, null)
  })

  it('refuses unknown fields', () => {
    assert.equal(personSchema.safeParse({ personId: '1', lastName: 'B', surname: 'B' }).success, false)
  })

  it('requires a person id and a surname', () => {
    assert.equal(personSchema.safeParse({ personId: '1', lastName: '  ' }).success, false)
    assert.equal(personSchema.safeParse({ lastName: 'Berg' }).success, false)
  })

  it('refuses names longer than Moodle stores', () => {
    assert.equal(personSchema.safeParse({ personId: '1', lastName: 'x'.repeat(101) }).success, false)
  })

  it('accepts only real calendar dates as birth date', () => {
    assert.equal(personSchema.safeParse({ personId: '1', lastName: 'B', birthDate: '1980-02-29' }).success, true)
    assert.equal(personSchema.safeParse({ personId: '1', lastName: 'B', birthDate: '1981-02-29' }).success, false)
    assert.equal(personSchema.safeParse({ personId: '1', lastName: 'B', birthDate: '29-02-1980' }).success, false)
  })
})
