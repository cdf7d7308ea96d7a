// Per-connection limits on LMS calls: a cap on concurrent calls, lowered when the LMS struggles (AIMD)
// and a growing pause after consecutive retryable failures. One limiter per connection (the adapter
// factory keeps them), so one tenant's big import queues behind its own cap and never takes the slots of
// another connection, and a slow or failing LMS gets fewer calls instead of a retry storm.
//
// - Concurrency: at most `limit` port calls run at once; the rest wait in FIFO order. `limit` starts at
//   maxConcurrentCalls, is halved (floor 1) on trouble and grows by 1 per healthy window (AIMD, as TCP).
// - Trouble: a retryable LmsError (network, timeout, 5xx), or a p50 of the recent LMS request durations
//   above slowCallMs. At most one decrease per window, so a burst of failures of the calls already in
//   flight counts once.
// - Pause: after pauseAfterFailures consecutive retryable failures no call starts for
//   pauseBaseMs · 2^(n − pauseAfterFailures), capped at maxPauseMs; a success ends the streak.
// Durations come from the adapter's CallObserver (one record per LMS request, so a port call that makes
// several requests is not mistaken for a slow one): build the adapter with `observer: limiter.observer(next)`.
import {
  LmsError,
  type AccountUpdate,
  type CallObserver,
  type CallRecord,
  type Grant,
  type ItemOutcome,
  type LmsAccount,
  type LmsAdapter,
  type LmsResult,
  type NewAccount,
  type ResolvedTarget,
  type ResultQuery,
  type Revoke,
  type TargetSpec,
  type VisibilityCanary,
  type RequestPerRecordCall,
} from './lms-adapter.ts'
import { splitEvenly } from './batch-size-policy.ts'

export interface LimiterSettings {
  /** Ceiling of concurrent calls (connection setting maxConcurrentCalls). */
  maxConcurrentCalls: number
  /** The LMS counts as slow when the p50 of the recent request durations is above this. */
  slowCallMs: number
  /** Completed calls per window: the limit changes at most once per window. */
  windowCalls: number
  /** Request durations kept for the p50. */
  sampleSize: number
  /** Consecutive retryable failures before calls pause. */
  pauseAfterFailures: number
  pauseBaseMs: number
  maxPauseMs: number
}

export const defaultLimiterSettings: Readonly<LimiterSettings> = Object.freeze({
  maxConcurrentCalls: 4,
  slowCallMs: 2_000,
  windowCalls: 8,
  sampleSize: 20,
  pauseAfterFailures: 2,
  pauseBaseMs: 1_000,
  maxPauseMs: 30_000,
})

/** What /metrics and the Service Center show per connection. */
export interface LimiterState {
  maxConcurrentCalls: number
  /** The concurrency allowed now (lowered while the LMS struggles). */
  limit: number
  inFlight: number
  queued: number
  /** No call starts before this moment (after consecutive retryable failures). */
  pauseUntil: Date | null
  /** p50 of the recent LMS request durations; null before the first. */
  p50Ms: number | null
  /** Consecutive retryable failures. */
  failureStreak: number
  calls: number
  retryableFailures: number
}

export interface LimiterClock {
  now(): number
  setTimer(fn: () => void, ms: number): { clear(): void }
}

const realClock: LimiterClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms)
    return { clear: () => clearTimeout(t) }
  },
}

export class ConnectionLimiter {
  #settings: LimiterSettings
  readonly #clock: LimiterClock
  #limit: number
  #inFlight = 0
  readonly #waiting: (() => void)[] = []
  #pauseUntil = 0
  #pauseTimer: { clear(): void } | null = null
  readonly #samples: number[] = []
  #failureStreak = 0
  #window = { completed: 0, trouble: false, decreased: false }
  #calls = 0
  #retryableFailures = 0

  constructor(settings: Partial<LimiterSettings> = {}, clock: LimiterClock = realClock) {
    this.#settings = { ...defaultLimiterSettings, ...definedOnly(settings) }
    this.#clock = clock
    this.#limit = this.#settings.maxConcurrentCalls
  }

  /** New settings (the connection was changed); calls in flight finish, the limit never exceeds the ceiling. */
  configure(settings: Partial<LimiterSettings>): void {
    this.#settings = { ...this.#settings, ...definedOnly(settings) }
    this.#limit = Math.min(Math.max(1, this.#limit), this.#settings.maxConcurrentCalls)
    this.#pump()
  }

  /** Runs fn when a slot is free; its result or error comes back unchanged. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquire()
    try {
      const result = await fn()
      this.#succeeded()
      return result
    } catch (err) {
      this.#failed(err)
      throw err
    } finally {
      this.#inFlight--
      this.#pump()
    }
  }

  /** Records one LMS request's duration for the p50. */
  observe(call: CallRecord): void {
    this.#samples.push(call.durationMs)
    if (this.#samples.length > this.#settings.sampleSize) this.#samples.shift()
  }

  /** An observer for the adapter: feeds the durations here, then passes each record on. */
  observer(next?: CallObserver): CallObserver {
    return (call) => {
      this.observe(call)
      next?.(call)
    }
  }

  state(): LimiterState {
    const paused = this.#pauseUntil > this.#clock.now()
    return {
      maxConcurrentCalls: this.#settings.maxConcurrentCalls,
      limit: this.#limit,
      inFlight: this.#inFlight,
      queued: this.#waiting.length,
      pauseUntil: paused ? new Date(this.#pauseUntil) : null,
      p50Ms: this.#p50(),
      failureStreak: this.#failureStreak,
      calls: this.#calls,
      retryableFailures: this.#retryableFailures,
    }
  }

  #acquire(): Promise<void> {
    // FIFO: a new call never overtakes one that waits.
    if (this.#waiting.length === 0 && this.#canStart()) {
      this.#start()
      return Promise.resolve()
    }
    // The caller's await resumes in its own async context, so AsyncLocalStorage (the step log) stays right.
    const started = new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#pump()
    return started
  }

  #start(): void {
    this.#inFlight++
    this.#calls++
  }

  #canStart(): boolean {
    return this.#inFlight < this.#limit && this.#clock.now() >= this.#pauseUntil
  }

  #pump(): void {
    while (this.#waiting.length > 0 && this.#canStart()) {
      this.#start()
      this.#waiting.shift()!()
    }
    const pausedFor = this.#pauseUntil - this.#clock.now()
    if (this.#waiting.length > 0 && pausedFor > 0 && !this.#pauseTimer) {
      this.#pauseTimer = this.#clock.setTimer(() => {
        this.#pauseTimer = null
        this.#pump()
      }, pausedFor)
    }
  }

  #succeeded(): void {
    this.#failureStreak = 0
    this.#completed()
  }

  #failed(err: unknown): void {
    // Only retryable failures say the LMS struggles; a refused record or a wrong set-up is a quick answer.
    if (err instanceof LmsError && err.kind === 'retryable') {
      this.#retryableFailures++
      this.#failureStreak++
      this.#window.trouble = true
      if (!this.#window.decreased) this.#decrease()
      const s = this.#settings
      if (this.#failureStreak >= s.pauseAfterFailures) {
        const pause = Math.min(s.maxPauseMs, s.pauseBaseMs * 2 ** (this.#failureStreak - s.pauseAfterFailures))
        this.#pauseUntil = Math.max(this.#pauseUntil, this.#clock.now() + pause)
      }
    } else {
      this.#failureStreak = 0
    }
    this.#completed()
  }

  #completed(): void {
    const w = this.#window
    if (++w.completed < this.#settings.windowCalls) return
    const p50 = this.#p50()
    if (p50 !== null && p50 > this.#settings.slowCallMs) {
      if (!w.decreased) this.#decrease()
    } else if (!w.trouble) {
      this.#limit = Math.min(this.#settings.maxConcurrentCalls, this.#limit + 1)
    }
    this.#window = { completed: 0, trouble: false, decreased: false }
  }

  #decrease(): void {
    this.#limit = Math.max(1, Math.floor(this.#limit / 2))
    this.#window.decreased = true
  }

  #p50(): number | null {
    if (this.#samples.length === 0) return null
    const sorted = [...this.#samples].sort((a, b) => a - b)
    return sorted[Math.floor((sorted.length - 1) / 2)]!
  }
}

/**
 * The port around another adapter, every call through the connection's limiter. Adapter-specific calls
 * (Moodle's setPassword or completionStatus, ILIAS's isAssigned) go through `call(inner => ...)` under the
 * same limit; `inner` itself is the unlimited adapter.
 */
export class LimitedAdapter<A extends LmsAdapter = LmsAdapter> implements LmsAdapter {
  constructor(readonly inner: A, readonly limiter: ConnectionLimiter) {}

  get lms() {
    return this.inner.lms
  }
  get loginNameRules() {
    return this.inner.loginNameRules
  }
  get defaultRole() {
    return this.inner.defaultRole
  }
  get refusesTagsInNames() {
    return this.inner.refusesTagsInNames
  }
  get columnSizes() {
    return this.inner.columnSizes
  }
  get homeUrl() {
    return this.inner.homeUrl
  }
  get loginUrl() {
    return this.inner.loginUrl
  }
  get externalKeyShowsOneHolder() {
    return this.inner.externalKeyShowsOneHolder
  }
  get maxAccountsPerCall() {
    return this.inner.maxAccountsPerCall
  }
  get requestPerRecord() {
    return this.inner.requestPerRecord
  }
  /** Present only when the inner adapter has it (ILIAS), under the same limit. */
  get requiredPersonFields(): (() => Promise<string[]>) | undefined {
    return this.inner.requiredPersonFields ? () => this.call((a) => a.requiredPersonFields!()) : undefined
  }

  /** Present only when the inner adapter can look accounts up by e-mail (Moodle), under the same limit. */
  get findByEmails(): LmsAdapter['findByEmails'] {
    return this.inner.findByEmails ? (emails, options) => this.call((a) => a.findByEmails!(emails, options)) : undefined
  }

  call<T>(fn: (inner: A) => Promise<T>): Promise<T> {
    return this.limiter.run(() => fn(this.inner))
  }

  /**
   * A port call the adapter makes with one request per record, in parts at once: as many parts as the
   * limiter allows calls now (each part takes a slot, so never more than maxConcurrentCalls in flight). Every
   * part runs to its end before a failure is passed on, so a caller that retries or bisects never overlaps a
   * part still running.
   */
  async #inParts<I, R>(op: RequestPerRecordCall, items: I[], fn: (inner: A, part: I[]) => Promise<R>): Promise<R[]> {
    const lanes = Math.min(this.limiter.state().limit, items.length)
    if (!this.inner.requestPerRecord?.has(op) || lanes < 2) return [await this.call((a) => fn(a, items))]
    const settled = await Promise.allSettled(splitEvenly(items, Math.ceil(items.length / lanes)).map((part) => this.call((a) => fn(a, part))))
    const failed = settled.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    return settled.map((r) => (r as PromiseFulfilledResult<R>).value)
  }

  async findByExternalKeys(keys: string[], visibility?: VisibilityCanary): Promise<Map<string, LmsAccount[]>> {
    return new Map((await this.#inParts('findByExternalKeys', keys, (a, part) => a.findByExternalKeys(part, visibility))).flatMap((m) => [...m]))
  }
  deletedAccounts(lmsUserIds: string[]): Promise<Set<string>> {
    return this.call(async (a) => (a.deletedAccounts ? a.deletedAccounts(lmsUserIds) : new Set<string>()))
  }
  async findByLoginNames(names: string[]): Promise<Map<string, LmsAccount>> {
    return new Map((await this.#inParts('findByLoginNames', names, (a, part) => a.findByLoginNames(part))).flatMap((m) => [...m]))
  }
  createAccounts(accounts: NewAccount[]): Promise<{ lmsUserId: string; loginName: string }[]> {
    return this.call((a) => a.createAccounts(accounts))
  }
  updateAccounts(updates: AccountUpdate[]): Promise<ItemOutcome[]> {
    return this.call((a) => a.updateAccounts(updates))
  }
  resolveTarget(spec: TargetSpec): Promise<ResolvedTarget> {
    return this.call((a) => a.resolveTarget(spec))
  }
  async grantAccess(grants: Grant[]): Promise<void> {
    await this.#inParts('grantAccess', grants, (a, part) => a.grantAccess(part))
  }
  async revokeAccess(revokes: Revoke[]): Promise<void> {
    await this.#inParts('revokeAccess', revokes, (a, part) => a.revokeAccess(part))
  }
  pollResults(query: ResultQuery): Promise<LmsResult[]> {
    return this.call((a) => a.pollResults(query))
  }
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
