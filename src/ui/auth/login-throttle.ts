// Failed administrator log-ins are throttled per client address and per account, through
// @fastify/rate-limit's limiters (in memory, per process; the Service Center runs in `coursebridge start`).
// Only failures count: each attempt first peeks at both counters ({increment: false}) and a failure then
// consumes one from each. Per address, one client cannot try many passwords; per account, many addresses
// together cannot either. The account limit is the higher one, so an attacker who knows an address can
// delay its owner only after more failures than a typing administrator makes.
//
// The client address is request.ip: the socket's address, or X-Forwarded-For from a proxy named in
// TRUSTED_PROXIES (Fastify's trustProxy), never a header from anyone else. IPv6 clients are counted per /64.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import { normaliseEmail } from './admin-users.ts'

export interface LoginThrottleOptions {
  maxFailuresPerAddress: number
  maxFailuresPerAccount: number
  windowSeconds: number
}

export const defaultLoginThrottle: LoginThrottleOptions = { maxFailuresPerAddress: 10, maxFailuresPerAccount: 20, windowSeconds: 15 * 60 }

export interface LoginThrottle {
  /** Null when an attempt is allowed; else which limit holds and for how many seconds. */
  blocked(request: FastifyRequest, email: string): Promise<{ by: 'address' | 'account'; retryAfterSeconds: number } | null>
  recordFailure(request: FastifyRequest, email: string): Promise<void>
}

const accountKey = (email: string) => `account:${normaliseEmail(email).slice(0, 254)}`

export async function createLoginThrottle(ui: FastifyInstance, o: LoginThrottleOptions = defaultLoginThrottle): Promise<LoginThrottle> {
  await ui.register(rateLimit, { global: false })
  const timeWindow = o.windowSeconds * 1000
  // The limiter asks the key of the request; the account's key is read from the form it carries.
  const emailOf = new WeakMap<FastifyRequest, string>()
  const byAddress = ui.createRateLimit({ max: o.maxFailuresPerAddress, timeWindow })
  const byAccount = ui.createRateLimit({ max: o.maxFailuresPerAccount, timeWindow, keyGenerator: (request) => accountKey(emailOf.get(request) ?? '') })
  return {
    async blocked(request, email) {
      emailOf.set(request, email)
      const [address, account] = await Promise.all([byAddress(request, { increment: false }), byAccount(request, { increment: false })])
      for (const [by, state] of [['address', address], ['account', account]] as const) {
        if (!state.isAllowed && state.remaining === 0) return { by, retryAfterSeconds: Math.max(1, state.ttlInSeconds) }
      }
      return null
    },
    async recordFailure(request, email) {
      emailOf.set(request, email)
      await Promise.all([byAddress(request), byAccount(request)])
    },
  }
}
