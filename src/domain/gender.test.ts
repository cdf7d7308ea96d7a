import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { genderSchema } from './gender.ts'
import { personSchema } from './person.ts'

describe('gender as a training system sends it', () => {
  it('reads the usual spellings as female, male or diverse', () => {
    for (const v of ['f', 'F', 'female', 'Female', 'w', 'weiblich', 'v', 'vrouw', ' f ']) assert.equal(genderSchema.parse(v), 'female', v)
    for (const v of ['m', 'M', 'male', 'MALE', 'man', 'männlich', 'Mr.']) assert.equal(genderSchema.parse(v), 'male', v)
    for (const v of ['d', 'diverse', 'divers', 'x', 'X', 'n', 'other']) assert.equal(genderSchema.parse(v), 'diverse', v)
  })
  it('refuses anything else with the accepted values, never guessing', () => {
    const result = genderSchema.safeParse('unknown')
    assert.equal(result.success, false)
    assert.match(result.error!.issues[0]!.message, /female \(f, w, v\), male \(m\) or diverse \(d, x\)/)
  })
  it('is optional on the person', () => {
    assert.equal(personSchema.parse({ personId: 'P1', lastName: 'Jansen' }).gender, undefined)
    assert.equal(personSchema.parse({ personId: 'P1', lastName: 'Jansen', gender: 'F' }).gender, 'female')
  })
})
