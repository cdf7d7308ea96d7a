// Failed log-ins per client address, in memory (one per app; several processes each count their own,
// which is still a useful brake). After `maxFailures` within the window the address must wait.
export interface LoginRateLimit {
  /** Seconds to wait before the next attempt, or 0 when one is allowed. */
  retryAfter(ip: string, now?: number): number
  recordFailure(ip: string, now?: number): void
  recordSuccess(ip: string): void
}

export function createLoginRateLimit(o: { maxFailures?: number; windowSeconds?: number; maxTracked?: number } = {}): LoginRateLimit {
  const maxFailures = o.maxFailures ?? 10
  const windowMs = (o.windowSeconds ?? 15 * 60) * 1000
  const maxTracked = o.maxTracked ?? 10_000
  const failures = new Map<string, { count: number; since: number }>()

  function current(ip: string, now: number) {
    const entry = failures.get(ip)
    if (entry && now - entry.since >= windowMs) {
      failures.delete(ip)
      return undefined
    }
    return entry
  }

  return {
    retryAfter(ip, now = Date.now()) {
      const entry = current(ip, now)
      if (!entry || entry.count < maxFailures) return 0
      return Math.ceil((entry.since + windowMs - now) / 1000)
    },
    recordFailure(ip, now = Date.now()) {
      const entry = current(ip, now)
      if (entry) {
        entry.count++
        return
      }
      // Bounded memory: when full, forget the oldest address first (Map keeps insertion order).
      if (failures.size >= maxTracked) failures.delete(failures.keys().next().value!)
      failures.set(ip, { count: 1, since: now })
    },
    recordSuccess(ip) {
      failures.delete(ip)
    },
  }
}
