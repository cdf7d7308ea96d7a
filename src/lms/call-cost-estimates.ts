// What the calls of one connection cost, per function, learned from the calls themselves: a least-squares
// line (duration = fixed + perRecord × records) over exponentially weighted moments, so recent calls count
// most (a site that gets busier is followed within a few calls). In memory, per process: a restart starts
// again from the default sizes, and a few calls later knows the site again.
//
// Only answered calls count (an error says little about the cost of records). When every call seen carried
// about the same number of records, fixed and per-record cost cannot be told apart: the whole duration is
// taken as per-record cost (fixed 0), which errs towards smaller calls; the next calls differ in size (the
// remainder of a batch, a bisected half) and the line separates them.
import type { CallObserver, CallRecord } from './lms-adapter.ts'
import { chooseBatchSize, defaultBatchSizePolicy, type BatchSizeChoice, type BatchSizeLimits, type BatchSizePolicy, type CostEstimate } from './batch-size-policy.ts'

/** Weight of the newest call: the estimate mostly reflects the last ~10 calls. */
const alpha = 0.2

interface Moments {
  /** Σ weights; each sum below decays with it. */
  w: number
  n: number
  d: number
  nn: number
  nd: number
  samples: number
}

export class CallCostEstimates {
  readonly #moments = new Map<string, Moments>()
  readonly #policy: BatchSizePolicy

  constructor(policy: Partial<BatchSizePolicy> = {}) {
    this.#policy = { ...defaultBatchSizePolicy, ...policy }
  }

  observe(call: CallRecord): void {
    if (call.outcome !== 'ok' || call.items < 1 || !(call.durationMs >= 0)) return
    const m = this.#moments.get(call.function) ?? { w: 0, n: 0, d: 0, nn: 0, nd: 0, samples: 0 }
    const keep = 1 - alpha
    const x = call.items
    const y = call.durationMs
    m.w = keep * m.w + 1
    m.n = keep * m.n + x
    m.d = keep * m.d + y
    m.nn = keep * m.nn + x * x
    m.nd = keep * m.nd + x * y
    m.samples++
    this.#moments.set(call.function, m)
  }

  /** An observer that feeds the estimates, then passes each record on. */
  observer(next?: CallObserver): CallObserver {
    return (call) => {
      this.observe(call)
      next?.(call)
    }
  }

  /** fixed + perRecord for `fn`, or null before its first answered call. */
  estimate(fn: string): CostEstimate | null {
    const m = this.#moments.get(fn)
    if (!m) return null
    const meanN = m.n / m.w
    const meanD = m.d / m.w
    const varN = m.nn / m.w - meanN * meanN
    // Less than one record of spread: not separable (see above).
    if (varN < 1) return { fixedMs: 0, perRecordMs: meanD / meanN, samples: m.samples }
    const perRecordMs = Math.max(0, (m.nd / m.w - meanN * meanD) / varN)
    const fixedMs = meanD - perRecordMs * meanN
    // A negative intercept (noise, a cold first call): all of it per record.
    if (fixedMs < 0) return { fixedMs: 0, perRecordMs: meanD / meanN, samples: m.samples }
    return { fixedMs, perRecordMs, samples: m.samples }
  }

  /** Records per call for `fn` now (batch-size-policy.ts). */
  choose(fn: string, limits: BatchSizeLimits): BatchSizeChoice {
    return chooseBatchSize(this.estimate(fn), limits, this.#policy)
  }

  /** Per function: the estimate (for /metrics-like views and the tests). */
  snapshot(): Record<string, CostEstimate> {
    return Object.fromEntries([...this.#moments.keys()].map((fn) => [fn, this.estimate(fn)!]))
  }
}

/** How an adapter asks for its records per call: the function, and the size it would use without estimates. */
export type RecordsPerCall = (fn: string, limits: BatchSizeLimits) => number
