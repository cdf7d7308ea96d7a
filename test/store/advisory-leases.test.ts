// PostgreSQL's leases (advisory locks on a connection of their own): a key one holder has is not given to
// another until released, and concurrent batches acquiring and releasing at once never put two statements
// on that connection together (pg deprecates that, and pg 9 refuses it).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createAdvisoryLeases, type Leases } from '../../src/store/leases.ts'

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

describe('advisory leases on PostgreSQL', () => {
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(w.message)
  const errors: Error[] = []
  let a: Leases
  let b: Leases
  const schema = `leases_${randomBytes(4).toString('hex')}`
  before(async () => {
    process.on('warning', onWarning)
    a = await createAdvisoryLeases({ url, schema, onError: (err) => errors.push(err) })
    b = await createAdvisoryLeases({ url, schema, onError: (err) => errors.push(err) })
  })
  after(async () => {
    process.off('warning', onWarning)
    await a?.close()
    await b?.close()
  })

  it('gives a key to one holder at a time', async () => {
    assert.deepEqual([...await a.acquire(['login-name:1:jdoe', 'person:1:7'])].sort(), ['login-name:1:jdoe', 'person:1:7'])
    assert.deepEqual([...await b.acquire(['login-name:1:jdoe', 'login-name:1:jdoe2'])], ['login-name:1:jdoe2'])
    await a.release(['login-name:1:jdoe'])
    assert.deepEqual([...await b.acquire(['login-name:1:jdoe'])], ['login-name:1:jdoe'])
    await a.release(['person:1:7'])
    await b.release(['login-name:1:jdoe', 'login-name:1:jdoe2'])
  })

  it('serves many batches acquiring and releasing at once, one statement at a time on its connection', async () => {
    const rounds = Array.from({ length: 40 }, (_, i) => (async () => {
      const keys = [`login-name:1:user${i}`, `login-name:1:shared${i % 4}`]
      const got = await a.acquire(keys)
      assert.ok(got.has(`login-name:1:user${i}`), 'a key nobody else wants is always given')
      await a.release([...got])
    })())
    await Promise.all(rounds)
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(warnings.filter((m) => /already executing a query/.test(m)), [])
    assert.deepEqual(errors, [])
    // Every lock was released: the other holder gets them all.
    const all = Array.from({ length: 40 }, (_, i) => `login-name:1:user${i}`)
    assert.equal((await b.acquire(all)).size, 40)
    await b.release(all)
  })
})
