// Leases that die with their holder: one worker at a time handles one person's account in one LMS (two
// registrations of the same person must never both decide "no account yet" and create two), and one batch
// at a time picks login names per connection. A lease of a process that died is free at once, with no timer
// to wait out:
// - PostgreSQL: session-level advisory locks held on a connection of their own (not one of the pool); the
//   server releases them when that connection ends, which a kill -9 of the process does. Advisory locks are
//   re-entrant per session, so the process also keeps the keys it holds in memory.
// - The embedded database: only one process opens it (data-dir-lock.ts), so a lease is a key in that
//   process's memory; it ends with the process.
import pg from 'pg'
import type { Database } from './database.ts'

export interface Leases {
  /** Takes those of the keys that are free; returns the keys this holder now has. */
  acquire(keys: string[]): Promise<Set<string>>
  release(keys: string[]): Promise<void>
  close(): Promise<void>
}

/** Keys held in this process, per database: apps sharing one embedded database in a test share them too. */
const heldPerDatabase = new WeakMap<object, Set<string>>()

function localKeys(scope: object): Set<string> {
  let held = heldPerDatabase.get(scope)
  if (!held) heldPerDatabase.set(scope, (held = new Set()))
  return held
}

function takeLocal(held: Set<string>, keys: string[]): string[] {
  const taken: string[] = []
  for (const key of new Set(keys)) {
    if (held.has(key)) continue
    held.add(key)
    taken.push(key)
  }
  return taken
}

/** The embedded database's leases: keys in this process's memory. */
export function createProcessLeases(db: Database): Leases {
  const held = localKeys(db)
  return {
    async acquire(keys) {
      return new Set(takeLocal(held, keys))
    },
    async release(keys) {
      for (const key of keys) held.delete(key)
    },
    async close() {},
  }
}

export interface AdvisoryLeaseOptions {
  url: string
  /** The lock space: the key's first half (tables of several schemas share one database's locks). */
  schema: string
  onError: (err: Error) => void
}

/**
 * PostgreSQL's leases: pg_try_advisory_lock(hashtext(schema), hashtext(key)) on one connection of this
 * process. Two keys with the same hash only wait for each other, they never share a lease.
 */
export async function createAdvisoryLeases(o: AdvisoryLeaseOptions): Promise<Leases> {
  const held = new Set<string>()
  let client: pg.Client | null = null
  let connecting: Promise<pg.Client> | null = null

  function connection(): Promise<pg.Client> {
    if (client) return Promise.resolve(client)
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: o.url, application_name: 'coursebridge leases' })
      c.on('error', (err) => {
        // The server released every lock of this session. Keys held in memory stay held until their
        // batches release them; new ones go through a new connection.
        o.onError(err)
        if (client === c) client = null
      })
      await c.connect()
      client = c
      connecting = null
      return c
    })().catch((err) => {
      connecting = null
      throw err
    })
    return connecting
  }

  // One statement at a time on the connection: pg queues overlapping queries itself but deprecates it (pg 9
  // refuses them), and concurrent batches acquire and release at once. A promise chain is all this needs.
  let tail: Promise<unknown> = Promise.resolve()
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = tail.then(run, run)
    tail = next.catch(() => {})
    return next
  }

  return {
    async acquire(keys) {
      const candidates = takeLocal(held, keys)
      if (candidates.length === 0) return new Set()
      try {
        const c = await connection()
        const { rows } = await serial(() => c.query<{ key: string }>(
          'SELECT k AS key FROM unnest($1::text[]) AS k WHERE pg_try_advisory_lock(hashtext($2), hashtext(k))',
          [candidates, o.schema],
        ))
        const got = new Set(rows.map((r) => r.key))
        for (const key of candidates) if (!got.has(key)) held.delete(key)
        return got
      } catch (err) {
        for (const key of candidates) held.delete(key)
        throw err
      }
    },
    async release(keys) {
      const mine = [...new Set(keys)].filter((k) => held.has(k))
      if (mine.length === 0) return
      try {
        const c = client
        if (c) await serial(() => c.query('SELECT pg_advisory_unlock(hashtext($2), hashtext(k)) FROM unnest($1::text[]) AS k', [mine, o.schema]))
      } finally {
        for (const key of mine) held.delete(key)
      }
    },
    async close() {
      const c = client
      client = null
      held.clear()
      await c?.end().catch(() => {})
    },
  }
}
