import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decideGrant, grantKey, type GrantSpec } from './granted-access.ts'

const grant: GrantSpec = { lmsUserId: '42', target: { type: 'course', id: '2' }, role: '5', timeStart: 1767225600, timeEnd: 1798761600 }

describe('whether an access is granted again', () => {
  it('sends a grant never sent before', () => assert.deepEqual(decideGrant(null, grant), { send: true }))

  it('sends nothing again for the same user, target, role and period', () => {
    assert.deepEqual(decideGrant(grantKey(grant), grant), { send: false })
    const open = { ...grant, timeStart: undefined, timeEnd: undefined }
    assert.deepEqual(decideGrant(grantKey(open), open), { send: false })
  })

  it('sends a changed period with the previous one, so a suspension in the LMS can be kept', () => {
    assert.deepEqual(decideGrant(grantKey(grant), { ...grant, timeEnd: 1798848000 }),
      { send: true, periodOf: { timeStart: 1767225600, timeEnd: 1798761600 } })
    assert.deepEqual(decideGrant(grantKey({ ...grant, timeEnd: undefined }), grant), { send: true, periodOf: { timeStart: 1767225600, timeEnd: undefined } })
  })

  it('sends a grant for another account, target or role as new', () => {
    for (const other of [{ ...grant, lmsUserId: '43' }, { ...grant, target: { type: 'course', id: '3' } }, { ...grant, role: '4' }]) {
      assert.deepEqual(decideGrant(grantKey(grant), other), { send: true })
    }
    assert.deepEqual(decideGrant('not json', grant), { send: true })
  })
})
