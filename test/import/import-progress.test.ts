// The import's progress output: a bar redrawn in place on a terminal, plain periodic lines otherwise.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createProgress, formatProgress } from '../../src/import/import-progress.ts'

describe('import progress', () => {
  it('shows rows done of the total, the rate and the time left', () => {
    assert.equal(formatProgress(1250, 5000, 250, 8), '[##------] 1250/5000 rows 25%  250 rows/s  ETA 0:15')
    assert.equal(formatProgress(0, 5000, 0, 4), '[----] 0/5000 rows 0%  0.0 rows/s  ETA ?')
    assert.equal(formatProgress(10, 10, 2.5, 4), '[####] 10/10 rows 100%  2.5 rows/s  ETA 0:00')
    assert.match(formatProgress(1, 100_000, 1, 4), /ETA 27:46:39$/)
  })

  it('writes plain lines at most every interval when stderr is not a terminal', () => {
    let clock = 0
    const out: string[] = []
    const p = createProgress({ total: 100, startDone: 20, out: { write: (s: string) => out.push(s) }, tty: false, intervalMs: 5000, now: () => clock })
    for (let done = 21; done <= 100; done++) {
      clock += 100
      p.update(done)
    }
    p.finish(100)
    assert.equal(out.length, 2, 'one line after 5 s, one at the end')
    assert.ok(out.every((l) => l.startsWith('import: [') && l.endsWith('\n') && !l.includes('\r')))
    assert.match(out[1]!, /100\/100 rows 100%  10 rows\/s/, 'the rate counts only the rows of this run')
  })

  it('redraws one line in place on a terminal', () => {
    let clock = 0
    const out: string[] = []
    const p = createProgress({ total: 3, startDone: 0, out: { write: (s: string) => out.push(s) }, tty: true, now: () => clock })
    for (let done = 1; done <= 3; done++) {
      clock += 150
      p.update(done)
    }
    p.finish(3)
    assert.ok(out.every((l) => l.startsWith('\r\x1b[K')))
    assert.ok(out.at(-1)!.endsWith('\n'))
    assert.ok(out.slice(0, -1).every((l) => !l.endsWith('\n')))
  })
})
