// The per-connection limiter (src/lms/connection-limiter.ts) around a test double of the port: the cap,
// AIMD on slow and failing answers, the pause after consecutive retryable failures, fairness between
// connections, errors unchanged.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AsyncLocalStorage } from 'node:async_hooks'
import { ConnectionLimiter, LimitedAdapter, type LimiterSettings } from '../../src/lms/connection-limiter.ts'
import { LmsError } from '../../src/lms/lms-adapter.ts'
import { createFakeAdapter } from './fake-adapter.ts'

function limited(settings: Partial<LimiterSettings> = {}) {
  const limiter = new ConnectionLimiter(settings)
  const fake = createFakeAdapter(limiter.observer())
  return { limiter, fake, adapter: new LimitedAdapter(fake, limiter) }
}

const unavailable = () => new LmsError('LMS_HTTP_503', 'retryable', 'HTTP 503')
const refused = () => new LmsError('MOODLE_INVALID_PARAMETER', 'permanent', 'invalid parameter')

/** Runs n calls one after the other (each completes a window slot), ignoring their errors. */
async function sequential(n: number, call: () => Promise<unknown>) {
  for (let i = 0; i < n; i++) await call().catch(() => undefined)
}

describe('connection limiter', () => {
  it('never runs more calls at once than the connection allows, and queues the rest in order', async () => {
    const { limiter, fake, adapter } = limited()
    fake.delayMs = 5
    const calls = Array.from({ length: 40 }, (_, i) => adapter.findByExternalKeys([`K${i}`]))
    assert.deepEqual({ ...limiter.state(), p50Ms: null }, {
      maxConcurrentCalls: 4, limit: 4, inFlight: 4, queued: 36, pauseUntil: null, p50Ms: null, failureStreak: 0,
      calls: 4, retryableFailures: 0,
    })
    await Promise.all(calls)
    assert.equal(fake.peakInFlight, 4)
    assert.equal(limiter.state().inFlight, 0)
    assert.equal(limiter.state().calls, 40)
  })

  it('takes the cap from the connection setting and lowers it when the setting changes', async () => {
    const { limiter, fake, adapter } = limited({ maxConcurrentCalls: 7 })
    fake.delayMs = 5
    await Promise.all(Array.from({ length: 30 }, () => adapter.grantAccess([])))
    assert.equal(fake.peakInFlight, 7)
    limiter.configure({ maxConcurrentCalls: 2 })
    fake.peakInFlight = 0
    await Promise.all(Array.from({ length: 30 }, () => adapter.grantAccess([])))
    assert.equal(fake.peakInFlight, 2)
    assert.equal(limiter.state().limit, 2)
  })

  it('halves the concurrency while the LMS answers slowly (floor 1) and climbs back by one per healthy window', async () => {
    const { limiter, fake, adapter } = limited({ windowCalls: 4, sampleSize: 4, slowCallMs: 2_000 })
    fake.reportedMs = 3_000
    const limits: number[] = []
    for (let w = 0; w < 4; w++) {
      await sequential(4, () => adapter.findByLoginNames(['x']))
      limits.push(limiter.state().limit)
    }
    assert.deepEqual(limits, [2, 1, 1, 1])
    assert.equal(limiter.state().p50Ms, 3_000)

    // At limit 1 the slow LMS really gets one call at a time.
    await Promise.all(Array.from({ length: 8 }, () => adapter.findByLoginNames(['x'])))
    assert.equal(fake.peakInFlight, 1)

    fake.reportedMs = 50
    limits.length = 0
    for (let w = 0; w < 5; w++) {
      await sequential(4, () => adapter.findByLoginNames(['x']))
      limits.push(limiter.state().limit)
    }
    // +1 per healthy window up to the ceiling.
    assert.deepEqual(limits, [2, 3, 4, 4, 4])
  })

  it('halves on retryable errors once per window, and not for a refused record', async () => {
    const { limiter, fake, adapter } = limited({ windowCalls: 4, pauseAfterFailures: 100 })
    fake.failWith = refused()
    await sequential(4, () => adapter.createAccounts([]))
    assert.equal(limiter.state().limit, 4, 'a permanent error is a quick, healthy answer')

    fake.failWith = unavailable()
    await sequential(3, () => adapter.createAccounts([]))
    assert.equal(limiter.state().limit, 2, 'three failures in one window halve once')
    await sequential(4, () => adapter.createAccounts([]))
    assert.equal(limiter.state().limit, 1)
    await sequential(8, () => adapter.createAccounts([]))
    assert.equal(limiter.state().limit, 1, 'never below one')
    assert.equal(limiter.state().retryableFailures, 15)

    fake.failWith = null
    await sequential(4 * 3 + 1, () => adapter.createAccounts([]))
    assert.equal(limiter.state().limit, 4)
  })

  it('pauses after consecutive retryable failures, longer each time up to the cap, until a call succeeds', async () => {
    const { limiter, fake, adapter } = limited({ pauseAfterFailures: 2, pauseBaseMs: 40, maxPauseMs: 100 })
    fake.failWith = unavailable()
    const gaps: number[] = []
    for (let i = 0; i < 5; i++) {
      const before = Date.now()
      await adapter.grantAccess([]).catch(() => undefined)
      gaps.push(fake.started.at(-1)! - before)
      if (i === 1) assert.ok(limiter.state().pauseUntil, 'paused after the second failure in a row')
    }
    // Calls 1 and 2 start at once; then pauses of 40, 80 and 100 (capped) ms before calls 3, 4 and 5.
    assert.ok(gaps[0]! < 30 && gaps[1]! < 30, `no pause before: ${gaps}`)
    assert.ok(gaps[2]! >= 35 && gaps[2]! < 75, `first pause ~40 ms: ${gaps}`)
    assert.ok(gaps[3]! >= 75 && gaps[3]! < 130, `second pause ~80 ms: ${gaps}`)
    assert.ok(gaps[4]! >= 95 && gaps[4]! < 150, `capped at 100 ms: ${gaps}`)
    assert.equal(limiter.state().failureStreak, 5)

    await new Promise((r) => setTimeout(r, 110))
    fake.failWith = null
    await adapter.grantAccess([])
    assert.equal(limiter.state().failureStreak, 0)
    const before = Date.now()
    await adapter.grantAccess([])
    assert.ok(Date.now() - before < 30, 'no pause after a success')
  })

  it('lets queued calls wait out a pause and then start', async () => {
    const { limiter, fake, adapter } = limited({ pauseAfterFailures: 1, pauseBaseMs: 50 })
    fake.failWith = unavailable()
    await adapter.revokeAccess([]).catch(() => undefined)
    fake.failWith = null
    const started = Date.now()
    const queued = Array.from({ length: 3 }, () => adapter.revokeAccess([]))
    assert.equal(limiter.state().queued, 3)
    assert.equal(limiter.state().inFlight, 0)
    await Promise.all(queued)
    assert.ok(Date.now() - started >= 40)
    assert.equal(limiter.state().pauseUntil, null)
  })

  it('keeps connections apart: a stuck LMS does not hold up another connection', async () => {
    const stuck = limited()
    const other = limited()
    stuck.fake.hold = true
    const waiting = Array.from({ length: 20 }, () => stuck.adapter.findByExternalKeys(['A']))
    assert.equal(stuck.limiter.state().queued, 16)

    const started = Date.now()
    await Promise.all(Array.from({ length: 8 }, () => other.adapter.findByExternalKeys(['B'])))
    assert.ok(Date.now() - started < 200)
    assert.equal(other.limiter.state().calls, 8)
    assert.equal(stuck.limiter.state().inFlight, 4)

    stuck.fake.hold = false
    stuck.fake.release()
    await Promise.all(waiting)
  })

  it('gives back results and errors unchanged, whatever the error', async () => {
    const { limiter, fake, adapter } = limited()
    const created = await adapter.createAccounts([
      { externalKey: 'K1', loginName: 'jan', firstName: 'Jan', lastName: 'Jansen', email: 'j@example.org', fields: {}, password: 'x' },
    ])
    assert.deepEqual(created, [{ lmsUserId: '1', loginName: 'jan' }])

    for (const error of [unavailable(), refused(), new LmsError('MOODLE_INVALID_TOKEN', 'needs-admin', 'x'), new TypeError('bug')]) {
      fake.failWith = error
      await assert.rejects(adapter.updateAccounts([]), (thrown) => thrown === error)
    }
    assert.equal(limiter.state().inFlight, 0)
  })

  it('starts a queued call in its caller\'s async context (the step log of the right job)', async () => {
    const { fake, adapter } = limited({ maxConcurrentCalls: 1 })
    const job = new AsyncLocalStorage<string>()
    const seen: string[] = []
    const original = fake.findByExternalKeys
    fake.findByExternalKeys = async (keys) => {
      seen.push(`${keys[0]} in ${job.getStore()}`)
      return original(keys)
    }
    fake.delayMs = 5
    await Promise.all(['a', 'b', 'c'].map((id) => job.run(id, () => adapter.findByExternalKeys([id]))))
    assert.deepEqual(seen, ['a in a', 'b in b', 'c in c'])
  })

  it('passes the adapter\'s properties through and runs adapter-specific calls under the same limit', async () => {
    const { limiter, fake, adapter } = limited({ maxConcurrentCalls: 2 })
    assert.equal(adapter.lms, 'moodle')
    assert.equal(adapter.loginUrl, 'http://lms.invalid/login/index.php')
    assert.equal(adapter.defaultRole, '5')
    assert.equal(adapter.refusesTagsInNames, true)
    assert.equal(adapter.loginNameRules, fake.loginNameRules)
    fake.delayMs = 5
    const answers = await Promise.all(['7', '8', '9'].map((id) => adapter.call((inner) => inner.setPassword(id))))
    assert.deepEqual(answers, ['password set for 7', 'password set for 8', 'password set for 9'])
    assert.equal(fake.peakInFlight, 2)
    assert.equal(limiter.state().calls, 3)
  })
})
