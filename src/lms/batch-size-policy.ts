// How many records one LMS call carries, chosen from what the calls of that function have cost so far.
// A call costs a fixed part (request, bootstrap, session, transaction) plus a part per record (Moodle hashes a
// password per created user, ILIAS imports ~0.13 s per user: src/lms/simulator-cost.ts), so:
//
//   1. budget:  records = (budgetMs − fixed) / perRecord — a call takes about budgetMs (5 s), well below the
//               HTTP timeout and PHP's max_execution_time (30 s each by default), whatever the site's speed;
//   2. share:   if that leaves the fixed part above maxFixedShare (10 %) of the call, more records — as many as
//               keep the fixed part at that share — but never so many that the call would pass ceilingMs (15 s);
//   3. bounds:  between min and max (Moodle: the connection's records per call, for PHP's max_input_vars).
//
// Before the function has an estimate the size is the default (Moodle 100, ILIAS importUsers 50). A cheap
// lookup (45 ms + 0.02 ms per value) gets `max`; an import at 169 ms + 131 ms per user gets 36.

/** What one call of a function costs, as estimated (call-cost-estimates.ts). */
export interface CostEstimate {
  fixedMs: number
  perRecordMs: number
  /** Calls the estimate is made from. */
  samples: number
}

export interface BatchSizeLimits {
  /** The size before any estimate. */
  defaultSize: number
  min: number
  max: number
}

export interface BatchSizePolicy {
  budgetMs: number
  ceilingMs: number
  maxFixedShare: number
  /** Calls of a function seen before its estimate is used (the first call of a site is often cold). */
  minSamples: number
}

export const defaultBatchSizePolicy: Readonly<BatchSizePolicy> = Object.freeze({
  budgetMs: 5_000,
  ceilingMs: 15_000,
  maxFixedShare: 0.1,
  minSamples: 3,
})

export interface BatchSizeChoice {
  size: number
  /** Which rule decided, for the log and the tests. */
  reason: 'default' | 'budget' | 'fixed-share' | 'ceiling' | 'min' | 'max'
}

/** The records per call for a function with the given estimate (null: none yet). Pure. */
export function chooseBatchSize(estimate: CostEstimate | null, limits: BatchSizeLimits,
  policy: BatchSizePolicy = defaultBatchSizePolicy): BatchSizeChoice {
  const clamp = (size: number, reason: BatchSizeChoice['reason']): BatchSizeChoice => {
    if (size > limits.max) return { size: limits.max, reason: 'max' }
    if (size < limits.min) return { size: limits.min, reason: 'min' }
    return { size, reason }
  }
  if (!estimate || estimate.samples < policy.minSamples) return clamp(limits.defaultSize, 'default')
  const fixed = Math.max(0, estimate.fixedMs)
  const perRecord = Math.max(0, estimate.perRecordMs)
  // Records cost (next to) nothing: as many as allowed.
  if (perRecord < 1e-6) return { size: limits.max, reason: 'max' }
  let size = Math.floor((policy.budgetMs - fixed) / perRecord)
  let reason: BatchSizeChoice['reason'] = 'budget'
  // fixed / (fixed + n·perRecord) ≤ share  ⇔  n ≥ fixed·(1 − share) / (share·perRecord)
  const forShare = Math.ceil(fixed * (1 - policy.maxFixedShare) / (policy.maxFixedShare * perRecord))
  if (forShare > size) {
    size = forShare
    reason = 'fixed-share'
  }
  const underCeiling = Math.floor((policy.ceilingMs - fixed) / perRecord)
  if (size > underCeiling) {
    size = underCeiling
    reason = 'ceiling'
  }
  return clamp(size, reason)
}

/** `items` in `ceil(n / size)` calls of nearly equal size (100 at 36: 34, 33, 33, not 36, 36, 28). */
export function splitEvenly<T>(items: T[], size: number): T[][] {
  if (items.length === 0) return []
  const calls = Math.ceil(items.length / Math.max(1, size))
  const out: T[][] = []
  for (let k = 0, from = 0; k < calls; k++) {
    const to = from + Math.ceil((items.length - from) / (calls - k))
    out.push(items.slice(from, to))
    from = to
  }
  return out
}
