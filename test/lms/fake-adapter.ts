// A test double of the LMS port for the limiter's tests: it tests the limiter, not an LMS. Every port
// call waits `delayMs` (real time), reports one request of `reportedMs` to the observer (the duration the
// limiter judges, so "slow" needs no slow test) and fails with `failWith` while that is set.
import type { CallObserver, LmsAdapter, LmsAccount, ResolvedTarget } from '../../src/lms/lms-adapter.ts'

export interface FakeAdapter extends LmsAdapter {
  delayMs: number
  reportedMs: number
  failWith: unknown
  /** Resolves the calls that wait for it when set (hold = true: every call waits until release()). */
  hold: boolean
  release(): void
  inFlight: number
  peakInFlight: number
  started: number[]
  /** An adapter-specific call (like Moodle's setPassword). */
  setPassword(lmsUserId: string): Promise<string>
}

export function createFakeAdapter(observer?: CallObserver): FakeAdapter {
  let held: (() => void)[] = []
  const target: ResolvedTarget = { type: 'course', id: '2', label: 'C2' }

  async function call<T>(fn: string, result: T): Promise<T> {
    fake.inFlight++
    fake.peakInFlight = Math.max(fake.peakInFlight, fake.inFlight)
    fake.started.push(Date.now())
    try {
      if (fake.hold) await new Promise<void>((resolve) => held.push(resolve))
      if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs))
      const failure = fake.failWith
      observer?.({ function: fn, durationMs: fake.reportedMs, outcome: failure ? 'error' : 'ok', items: 1 })
      if (failure) throw failure
      return result
    } finally {
      fake.inFlight--
    }
  }

  const fake: FakeAdapter = {
    lms: 'moodle',
    loginNameRules: { allowed: /[a-z0-9]/, lowercase: true, minLength: 1, maxLength: 100 },
    defaultRole: '5',
    refusesTagsInNames: true,
    loginUrl: 'http://lms.invalid/login/index.php',
    homeUrl: 'http://lms.invalid',
    delayMs: 0,
    reportedMs: 10,
    failWith: null,
    hold: false,
    release() {
      const waiting = held
      held = []
      for (const resolve of waiting) resolve()
    },
    inFlight: 0,
    peakInFlight: 0,
    started: [],
    findByExternalKeys: () => call('findByExternalKeys', new Map<string, LmsAccount[]>()),
    findByLoginNames: () => call('findByLoginNames', new Map<string, LmsAccount>()),
    createAccounts: (accounts) => call('createAccounts', accounts.map((a, i) => ({ lmsUserId: String(i + 1), loginName: a.loginName }))),
    updateAccounts: (updates) => call('updateAccounts', updates.map(() => ({ ok: true as const }))),
    resolveTarget: () => call('resolveTarget', target),
    grantAccess: () => call('grantAccess', undefined),
    revokeAccess: () => call('revokeAccess', undefined),
    pollResults: () => call('pollResults', []),
    setPassword: (id) => call('setPassword', `password set for ${id}`),
  }
  return fake
}
