// groupCalls: the first call runs at once, those that arrive while it runs go together into the next run
// (bounded), and each caller gets the answer for its own item or the error of the run that carried it.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { groupCalls } from './group-calls.ts'

function gatedRun() {
  const runs: string[][] = []
  const gates: ((err?: Error) => void)[] = []
  const run = (items: string[]) => new Promise<string[]>((resolve, reject) => {
    runs.push(items)
    gates.push((err) => (err ? reject(err) : resolve(items.map((i) => i.toUpperCase()))))
  })
  return { runs, gates, run }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('groupCalls', () => {
  it('runs the first at once and those that arrive meanwhile together, each with its own answer', async () => {
    const g = gatedRun()
    const call = groupCalls(g.run)
    const a = call('a')
    const b = call('b')
    const c = call('c')
    await tick()
    assert.deepEqual(g.runs, [['a']])
    g.gates[0]!()
    assert.equal(await a, 'A')
    await tick()
    assert.deepEqual(g.runs, [['a'], ['b', 'c']])
    g.gates[1]!()
    assert.deepEqual(await Promise.all([b, c]), ['B', 'C'])
    // Idle again: the next call runs at once, alone.
    const d = call('d')
    await tick()
    assert.deepEqual(g.runs.at(-1), ['d'])
    g.gates[2]!()
    assert.equal(await d, 'D')
  })

  it('takes at most maxItems into one run; the rest go into the run after it', async () => {
    const g = gatedRun()
    const call = groupCalls(g.run, 2)
    const all = ['a', 'b', 'c', 'd', 'e'].map((x) => call(x))
    await tick()
    g.gates[0]!()
    await tick()
    assert.deepEqual(g.runs, [['a'], ['b', 'c']])
    g.gates[1]!()
    await tick()
    assert.deepEqual(g.runs, [['a'], ['b', 'c'], ['d', 'e']])
    g.gates[2]!()
    assert.deepEqual(await Promise.all(all), ['A', 'B', 'C', 'D', 'E'])
  })

  it('gives the error of a run to every caller of that run only, and goes on with the next', async () => {
    const g = gatedRun()
    const call = groupCalls(g.run)
    const a = call('a')
    const b = call('b')
    const c = call('c')
    await tick()
    g.gates[0]!()
    await a
    await tick()
    g.gates[1]!(new Error('database gone'))
    await assert.rejects(b, /database gone/)
    await assert.rejects(c, /database gone/)
    const d = call('d')
    await tick()
    g.gates[2]!()
    assert.equal(await d, 'D')
  })

  it('refuses a run that answers for fewer items than it got', async () => {
    const call = groupCalls<string, string>(async () => [])
    await assert.rejects(call('a'), /0 answers for 1 items/)
  })
})
