// The queue's group commit: the first write goes at once, those arriving while it runs are joined into one next
// write, and every caller learns the outcome of the write that carried its items.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { groupCommit } from './queue.ts'

function gatedWriter() {
  const writes: string[][] = []
  const gates: ((err?: Error) => void)[] = []
  const write = (items: string[]) => new Promise<void>((resolve, reject) => {
    writes.push(items)
    gates.push((err) => (err ? reject(err) : resolve()))
  })
  return { writes, gates, write }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('group commit', () => {
  it('writes the first at once and joins those that arrive meanwhile into one next write', async () => {
    const w = gatedWriter()
    const commit = groupCommit<string>(w.write)
    const a = commit(['a'])
    const b = commit(['b'])
    const c = commit(['c', 'd'])
    await tick()
    assert.deepEqual(w.writes, [['a']])
    w.gates[0]!()
    await a
    await tick()
    assert.deepEqual(w.writes, [['a'], ['b', 'c', 'd']])
    w.gates[1]!()
    await Promise.all([b, c])
    // Idle again: the next write goes at once.
    const e = commit(['e'])
    await tick()
    assert.deepEqual(w.writes.at(-1), ['e'])
    w.gates[2]!()
    await e
  })

  it('fails the callers whose items the failed write carried, and only those', async () => {
    const w = gatedWriter()
    const commit = groupCommit<string>(w.write)
    const a = commit(['a'])
    const b = commit(['b'])
    const c = commit(['c'])
    await tick()
    w.gates[0]!()
    await a
    await tick()
    w.gates[1]!(new Error('database gone'))
    await assert.rejects(b, /database gone/)
    await assert.rejects(c, /database gone/)
    const d = commit(['d'])
    await tick()
    w.gates[2]!()
    await d
    assert.deepEqual(w.writes, [['a'], ['b', 'c'], ['d']])
  })
})
