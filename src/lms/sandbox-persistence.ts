// Ties a sandbox's simulator to its store (sandbox-state-store.ts): restores what was stored when the
// sandbox starts again, and stores what a call changed before the call's answer is sent.
import type { MoodleSimulator } from './moodle/simulator/index.ts'
import type { IliasSimulator } from './ilias/simulator/index.ts'
import { createHash, randomBytes } from 'node:crypto'
import { decodeValue, encodeValue, fromRecords, toRecords, type Records, type SandboxStateStore } from './sandbox-state-store.ts'

/** A password as the ILIAS simulator checks a hashed one (passwordMatches in ilias/simulator/world.ts). */
function hashPassword(password: string): string {
  if (password === '' || password.startsWith('sha256:')) return password
  const salt = randomBytes(8).toString('hex')
  return `sha256:${salt}:${createHash('sha256').update(salt + password).digest('hex')}`
}

/** Puts restored fields into the live state object, in place (the simulator's functions hold its maps). */
function restoreInto(target: Record<string, unknown>, restored: Record<string, unknown>) {
  for (const [field, value] of Object.entries(restored)) {
    const current = target[field]
    if (current instanceof Map && value instanceof Map) {
      current.clear()
      for (const [k, v] of value) current.set(k, v)
    } else if (current instanceof Set && value instanceof Set) {
      current.clear()
      for (const v of value) current.add(v)
    } else if (Array.isArray(current) && Array.isArray(value)) {
      current.length = 0
      current.push(...value)
    } else {
      target[field] = value
    }
  }
}

export interface SandboxKeeper {
  /** For the simulator's afterCall option; undefined when the sandbox keeps nothing. */
  afterCall: (() => Promise<void>) | undefined
  /** Restores the stored state into the simulator; false when none was stored (a new sandbox). */
  restoreMoodle(sim: MoodleSimulator): Promise<boolean>
  restoreIlias(sim: IliasSimulator): Promise<boolean>
  /** Stores the state as it is now (a new sandbox's starting point). */
  saveNow(): Promise<void>
}

export function keepSandboxState(store: SandboxStateStore | undefined): SandboxKeeper {
  let snapshot: (() => Records) | null = null
  const save = async () => {
    if (store && snapshot) await store.save(snapshot())
  }
  return {
    afterCall: store ? save : undefined,
    async restoreMoodle(sim) {
      // The version profile comes from the connection's settings, not from the store.
      snapshot = () => {
        const records = toRecords(sim.state as unknown as Record<string, unknown>, ['profile'])
        records.set('sandbox', encodeValue({ token: sim.token, plusToken: sim.plusToken }))
        return records
      }
      const records = store ? await store.load() : null
      if (!records) return false
      const { sandbox, ...state } = fromRecords(records)
      restoreInto(sim.state as unknown as Record<string, unknown>, state)
      const tokens = sandbox as { token: string; plusToken: string }
      sim.token = tokens.token
      sim.plusToken = tokens.plusToken
      return true
    },
    async restoreIlias(sim) {
      snapshot = () => {
        // Passwords are kept hashed (the credentials mail had them; nobody reads them back).
        for (const user of sim.world.users.values()) user.password = hashPassword(user.password)
        const records = toRecords(sim.world as unknown as Record<string, unknown>)
        records.set('counters', encodeValue(sim.world.counters))
        return records
      }
      const records = store ? await store.load() : null
      if (!records) return false
      const counters = records.get('counters')
      records.delete('counters')
      restoreInto(sim.world as unknown as Record<string, unknown>, fromRecords(records))
      if (counters) sim.world.counters = decodeValue(counters) as typeof sim.world.counters
      return true
    },
    saveNow: save,
  }
}
