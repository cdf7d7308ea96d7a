// Records per LMS call, chosen from measured costs: the pure policy (budget, fixed-cost share, ceiling, bounds)
// on the calibrated figures, the even split of a batch into calls, and the estimator that learns fixed and
// per-record cost from call records (durations computed from the model, so nothing here depends on timing).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chooseBatchSize, defaultBatchSizePolicy, splitEvenly } from '../../src/lms/batch-size-policy.ts'
import { CallCostEstimates } from '../../src/lms/call-cost-estimates.ts'
import { calibratedIlias, calibratedMoodle, callCostMs } from '../../src/lms/simulator-cost.ts'

const moodleLimits = { defaultSize: 100, min: 1, max: 100 }
const importLimits = { defaultSize: 50, min: 1, max: 100 }
const known = (fixedMs: number, perRecordMs: number) => ({ fixedMs, perRecordMs, samples: 10 })

describe('batch size policy', () => {
  it('keeps the current fixed sizes until a function has been measured', () => {
    assert.deepEqual(chooseBatchSize(null, moodleLimits), { size: 100, reason: 'default' })
    assert.deepEqual(chooseBatchSize(null, importLimits), { size: 50, reason: 'default' })
    // Fewer calls than minSamples: the first call of a site is often cold.
    assert.deepEqual(chooseBatchSize({ fixedMs: 169, perRecordMs: 131, samples: 2 }, importLimits), { size: 50, reason: 'default' })
  })

  it('gives a cheap lookup the most records a call may carry', () => {
    assert.deepEqual(chooseBatchSize(known(45, 0.02), moodleLimits), { size: 100, reason: 'max' })
    assert.deepEqual(chooseBatchSize(known(45, 0), moodleLimits), { size: 100, reason: 'max' })
  })

  it('keeps an ILIAS import (169 ms + 131 ms per user) near the 5 s budget: 36 users a call', () => {
    const choice = chooseBatchSize(known(169, 131), importLimits)
    assert.deepEqual(choice, { size: 36, reason: 'budget' })
    assert.ok(169 + 131 * choice.size <= defaultBatchSizePolicy.budgetMs)
  })

  it('follows a site that gets slower: fewer records per call, never past the budget', () => {
    const sizes = [19.3, 40, 80, 160].map((perUser) => chooseBatchSize(known(56, perUser), moodleLimits).size)
    assert.deepEqual(sizes, [100, 100, 61, 30])
    for (const [n, perUser] of [19.3, 40, 80, 160].entries()) assert.ok(56 + perUser * sizes[n]! <= 5_000)
  })

  it('takes more records than the budget allows when the fixed cost would otherwise dominate, up to the ceiling', () => {
    // 1 s per call, 100 ms per record: 40 fit the budget, but the fixed part would be 20 %; 90 keep it at 10 %.
    assert.deepEqual(chooseBatchSize(known(1_000, 100), { defaultSize: 50, min: 1, max: 500 }), { size: 90, reason: 'fixed-share' })
    // 4 s per call, 100 ms per record: 360 for a 10 % share would take 40 s; the ceiling (15 s) allows 110.
    assert.deepEqual(chooseBatchSize(known(4_000, 100), { defaultSize: 50, min: 1, max: 500 }), { size: 110, reason: 'ceiling' })
  })

  it('stays within the bounds', () => {
    // One record takes longer than the ceiling: still one a call (the LMS's timeout per record is the judge).
    assert.deepEqual(chooseBatchSize(known(100, 20_000), importLimits), { size: 1, reason: 'min' })
    assert.deepEqual(chooseBatchSize(known(100, 1_000), { defaultSize: 50, min: 5, max: 100 }), { size: 5, reason: 'min' })
    assert.deepEqual(chooseBatchSize(known(10, 1), importLimits), { size: 100, reason: 'max' })
  })

  it('splits a batch into calls of nearly equal size, losing and repeating nothing', () => {
    assert.deepEqual(splitEvenly([...Array(100).keys()], 36).map((c) => c.length), [34, 33, 33])
    assert.deepEqual(splitEvenly([...Array(100).keys()], 50).map((c) => c.length), [50, 50])
    assert.deepEqual(splitEvenly([...Array(5).keys()], 100).map((c) => c.length), [5])
    assert.deepEqual(splitEvenly([], 10), [])
    for (const [n, size] of [[1, 1], [7, 3], [101, 36], [250, 100], [99, 1]] as const) {
      const items = [...Array(n).keys()]
      const parts = splitEvenly(items, size)
      assert.deepEqual(parts.flat(), items)
      assert.ok(parts.every((p) => p.length <= size && p.length >= 1))
      assert.equal(parts.length, Math.ceil(n / size))
    }
  })
})

describe('call cost estimates', () => {
  it('learns fixed and per-record cost from calls of different sizes (the calibrated ILIAS import)', () => {
    const model = calibratedIlias()
    const costs = new CallCostEstimates()
    for (const users of [50, 50, 34, 33, 33, 12]) {
      costs.observe({ function: 'importUsers', durationMs: callCostMs(model, 'importUsers', users), outcome: 'ok', items: users })
    }
    const e = costs.estimate('importUsers')!
    assert.ok(Math.abs(e.fixedMs - 169) < 1, `fixed ${e.fixedMs}`)
    assert.ok(Math.abs(e.perRecordMs - 131) < 0.1, `per user ${e.perRecordMs}`)
    assert.equal(costs.choose('importUsers', importLimits).size, 36)
  })

  it('takes the whole duration per record while every call carried the same number (errs towards smaller calls)', () => {
    const costs = new CallCostEstimates()
    for (let i = 0; i < 3; i++) costs.observe({ function: 'importUsers', durationMs: 6_719, outcome: 'ok', items: 50 })
    const e = costs.estimate('importUsers')!
    assert.equal(e.fixedMs, 0)
    assert.ok(Math.abs(e.perRecordMs - 134.38) < 0.01)
    assert.equal(costs.choose('importUsers', importLimits).size, 37)
  })

  it('ignores failed calls and calls without records; keeps functions apart', () => {
    const model = calibratedMoodle()
    const costs = new CallCostEstimates()
    for (const n of [100, 100, 100, 40]) {
      costs.observe({ function: 'core_user_get_users_by_field', durationMs: callCostMs(model, 'core_user_get_users_by_field', n), outcome: 'ok', items: n })
    }
    costs.observe({ function: 'core_user_get_users_by_field', durationMs: 30_000, outcome: 'error', errorCode: 'LMS_TIMEOUT', items: 100 })
    costs.observe({ function: 'core_user_get_users_by_field', durationMs: 9_000, outcome: 'ok', items: 0 })
    assert.equal(costs.choose('core_user_get_users_by_field', moodleLimits).size, 100)
    assert.equal(costs.estimate('core_user_create_users'), null)
    assert.deepEqual(Object.keys(costs.snapshot()), ['core_user_get_users_by_field'])
  })

  it('follows a site that slows down within a few calls', () => {
    const costs = new CallCostEstimates()
    const call = (n: number, perUser: number) => costs.observe({ function: 'core_user_create_users', durationMs: 56 + perUser * n, outcome: 'ok', items: n })
    for (const n of [100, 100, 60, 40]) call(n, 19.3)
    assert.equal(costs.choose('core_user_create_users', moodleLimits).size, 100)
    for (const n of [100, 50, 100, 50, 100, 50, 100, 50]) call(n, 80)
    const size = costs.choose('core_user_create_users', moodleLimits).size
    assert.ok(size >= 55 && size <= 70, `size ${size} after the site slowed to 80 ms per user`)
  })
})
