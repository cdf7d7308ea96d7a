// The simulators' cost model: the calibrated figures reproduce the measured table, the PHP workers serve at
// most their number of calls at once and the rest in arrival order, and the simulators take the model (the
// Moodle one per web-service function and record, the ILIAS one per imported user). No timing is asserted:
// what a call costs is arithmetic, what runs at once is counted.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { calibratedIlias, calibratedMoodle, callCostMs, flatCost, parseCostOption, WorkerPool } from '../../src/lms/simulator-cost.ts'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'
import { createIliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'
import { IliasAdapter } from '../../src/lms/ilias/ilias-adapter.ts'

/** Measured on Moodle 4.5.6 (two calls each, averaged): records → ms. */
const measured = {
  core_user_get_users_by_field: { 10: 44, 100: 47 },
  core_user_create_users: { 1: 75, 10: 250, 100: 1986 },
  enrol_manual_enrol_users: { 1: 80, 10: 182, 100: 1086 },
} as const

describe('simulator cost model', () => {
  it('reproduces the measured Moodle figures within 15 % (the cold first lookup aside)', () => {
    const model = calibratedMoodle()
    for (const [fn, points] of Object.entries(measured)) {
      for (const [records, ms] of Object.entries(points)) {
        const modelled = callCostMs(model, fn, Number(records))
        assert.ok(Math.abs(modelled - ms) / ms < 0.15, `${fn} × ${records}: model ${modelled} ms, measured ${ms} ms`)
      }
    }
  })

  it('makes the three batched calls of 100 cost about 31 ms per registration, as measured', () => {
    const model = calibratedMoodle()
    const perRegistration = (callCostMs(model, 'core_user_get_users_by_field', 100) + callCostMs(model, 'core_user_create_users', 100) +
      callCostMs(model, 'enrol_manual_enrol_users', 100)) / 100
    assert.ok(perRegistration > 29 && perRegistration < 34, `${perRegistration} ms`)
  })

  it('charges ILIAS importUsers ~0.3 s for one user and ~13.3 s for 100', () => {
    const model = calibratedIlias()
    assert.ok(Math.abs(callCostMs(model, 'importUsers', 1) - 300) < 15)
    assert.ok(Math.abs(callCostMs(model, 'importUsers', 100) - 13_300) < 200)
  })

  it('charges a function without figures its otherMs, and the flat model the same for every call', () => {
    assert.equal(callCostMs(calibratedMoodle(), 'core_webservice_get_site_info', 1), 45)
    assert.equal(callCostMs(flatCost(30), 'core_user_create_users', 100), 30)
    assert.equal(flatCost(30).workers, Infinity)
  })

  it('reads --latency as calibrated or a number of milliseconds', () => {
    assert.equal(parseCostOption('calibrated', 'moodle', 8).workers, 8)
    assert.equal(parseCostOption('calibrated', 'ilias').functions.importUsers?.perRecordMs, 131)
    assert.equal(parseCostOption('30', 'moodle').otherMs, 30)
    assert.throws(() => parseCostOption('fast', 'moodle'), /calibrated/)
  })
})

describe('PHP workers', () => {
  it('run at most their number of calls at once; the others start in arrival order as slots free', async () => {
    const pool = new WorkerPool(2)
    const gates: (() => void)[] = []
    const started: number[] = []
    const runs = [0, 1, 2, 3, 4].map((n) => pool.run(() => new Promise<number>((resolve) => {
      started.push(n)
      gates[n] = () => resolve(n)
    })))
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(started, [0, 1])
    assert.equal(pool.queued, 3)
    gates[1]!()
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(started, [0, 1, 2])
    // A newcomer while others wait goes behind them.
    const late = pool.run(() => { started.push(5); return 5 })
    gates[0]!()
    gates[2]!()
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(started, [0, 1, 2, 3, 4])
    gates[3]!()
    gates[4]!()
    assert.deepEqual(await Promise.all([...runs, late]), [0, 1, 2, 3, 4, 5])
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5])
    assert.equal(pool.peak, 2)
    assert.equal(pool.running, 0)
    assert.equal(pool.served, 6)
  })

  it('serve the Moodle simulator: eight lookups at once meet two workers, and every answer is right', async () => {
    const sim = createMoodleSimulator({ world: 'recorded-site', cost: calibratedMoodle(2) })
    const url = await sim.start(0)
    try {
      const adapter = new MoodleAdapter({ baseUrl: url, token: sim.token, timeoutMs: 30_000 })
      const [created] = await adapter.createAccounts([{
        externalKey: 'COST1', loginName: 'cost1', password: 'Cost-Password-1!', firstName: 'Cost', lastName: 'Model', email: 'cost1@example.org', fields: {},
      }])
      const found = await Promise.all(Array.from({ length: 8 }, () => adapter.findByExternalKeys(['COST1'])))
      for (const f of found) assert.equal(f.get('COST1')?.[0]?.lmsUserId, created!.lmsUserId)
      assert.equal(sim.workers.peak, 2)
      assert.equal(sim.workers.served, 9)
      // Without a model the calls are answered at once, beside no pool.
      sim.cost = null
      await adapter.findByExternalKeys(['COST1'])
      assert.equal(sim.workers.served, 9)
    } finally {
      await sim.stop()
    }
  })

  it('serve the ILIAS simulator, and its import counts the users it carried', async () => {
    const sim = createIliasSimulator({ client: 'default', adminUser: 'soapadmin', adminPassword: 'Secret-1!', cost: { ...calibratedIlias(1), functions: { importUsers: { baseMs: 1, perRecordMs: 1 } }, otherMs: 1 } })
    const url = await sim.start(0)
    try {
      const adapter = new IliasAdapter({ baseUrl: url, client: 'default', username: 'soapadmin', password: 'Secret-1!', timeoutMs: 30_000 })
      const accounts = ['a', 'b', 'c'].map((k) => ({
        externalKey: `COST-${k}`, loginName: `cost.${k}`, password: 'Cost-Password-1!', firstName: 'Cost', lastName: k, email: `${k}@example.org`, fields: {},
      }))
      await Promise.all([adapter.createAccounts(accounts), adapter.findByExternalKeys(['COST-a'])])
      assert.equal(sim.workers.peak, 1)
      assert.ok(sim.workers.served >= 3)
      assert.equal(sim.users().filter((u) => u.login.startsWith('cost.')).length, 3, JSON.stringify(sim.users().map((u) => u.login)))
    } finally {
      await sim.stop()
    }
  })
})
