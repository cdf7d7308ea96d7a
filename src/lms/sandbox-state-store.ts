// What the sandbox connection's simulated LMS holds (accounts, enrolments, cohorts, completions …), kept in
// coursebridge's database (table sandbox_records, migration 60), so a restart of coursebridge — or a
// kill -9 — changes nothing the sandbox knows. The simulator's state is cut into records (one per map
// entry, array element or other field); after every web-service call, before its answer leaves, the
// records that changed are written in one transaction. An account the sandbox answered "created" for is
// therefore stored before coursebridge can record its id. The standalone simulators and the benchmark's
// simulator process keep their state in memory: only the sandbox is built with a store.
import type { Database } from '../store/database.ts'

/** Records by name: "users/12" → its JSON. */
export type Records = Map<string, string>

// Maps, Sets and Dates inside records survive JSON as tagged objects.
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]
  if (raw instanceof Date) return { $date: raw.toISOString() }
  if (value instanceof Map) return { $map: [...value] }
  if (value instanceof Set) return { $set: [...value] }
  return value
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o)
    if (keys.length === 1) {
      if (keys[0] === '$map') return new Map(o.$map as [unknown, unknown][])
      if (keys[0] === '$set') return new Set(o.$set as unknown[])
      if (keys[0] === '$date') return new Date(o.$date as string)
    }
  }
  return value
}

export const encodeValue = (value: unknown): string => JSON.stringify(value, replacer)
export const decodeValue = (json: string): unknown => JSON.parse(json, reviver)

/** The fields of a state object as records: maps by entry, arrays by element, anything else whole. */
export function toRecords(state: Record<string, unknown>, skip: readonly string[] = []): Records {
  const records: Records = new Map()
  for (const [field, value] of Object.entries(state)) {
    if (skip.includes(field) || typeof value === 'function') continue
    if (value instanceof Map) {
      for (const [k, v] of value) records.set(`${field}/${JSON.stringify(k)}`, encodeValue(v))
      records.set(field, '"$map"')
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => records.set(`${field}/${i}`, encodeValue(v)))
      records.set(field, '"$array"')
    } else {
      records.set(field, encodeValue(value))
    }
  }
  return records
}

/** The fields toRecords cut up, put together again. */
export function fromRecords(records: Records): Record<string, unknown> {
  const state: Record<string, unknown> = {}
  const parts = new Map<string, [string, string][]>()
  for (const [name, json] of records) {
    const slash = name.indexOf('/')
    if (slash === -1) {
      state[name] = json === '"$map"' ? new Map() : json === '"$array"' ? [] : decodeValue(json)
      continue
    }
    const field = name.slice(0, slash)
    const list = parts.get(field) ?? []
    list.push([name.slice(slash + 1), json])
    parts.set(field, list)
  }
  for (const [field, entries] of parts) {
    if (state[field] instanceof Map) {
      for (const [k, json] of entries) (state[field] as Map<unknown, unknown>).set(JSON.parse(k), decodeValue(json))
    } else if (Array.isArray(state[field])) {
      const list = state[field] as unknown[]
      for (const [i, json] of entries) list[Number(i)] = decodeValue(json)
    }
  }
  return state
}

export interface SandboxStateStore {
  /** The records stored for this sandbox, or null when it has none yet (a new sandbox). */
  load(): Promise<Records | null>
  /** Writes the records that differ from the last ones loaded or saved, in one transaction. */
  save(records: Records): Promise<void>
}

export function createSandboxStateStore(db: Database, connectionId: string): SandboxStateStore {
  let saved: Records = new Map()
  // One save at a time, in call order: a later state never overtakes an earlier one.
  let chain: Promise<void> = Promise.resolve()
  return {
    async load() {
      const { rows } = await db.query<{ name: string; data: string }>(
        'SELECT name, data FROM sandbox_records WHERE connection_id = $1', [connectionId])
      if (rows.length === 0) return null
      saved = new Map(rows.map((r) => [r.name, r.data]))
      return new Map(saved)
    },
    save(records) {
      const run = chain.then(async () => {
        const changed = [...records].filter(([name, json]) => saved.get(name) !== json)
        const removed = [...saved.keys()].filter((name) => !records.has(name))
        if (changed.length === 0 && removed.length === 0) return
        await db.transaction(async (tx) => {
          if (removed.length > 0) await tx.query('DELETE FROM sandbox_records WHERE connection_id = $1 AND name = ANY($2)', [connectionId, removed])
          for (let i = 0; i < changed.length; i += 500) {
            const part = changed.slice(i, i + 500)
            await tx.query(
              `INSERT INTO sandbox_records (connection_id, name, data)
               SELECT $1, n, d FROM unnest($2::text[], $3::text[]) AS u(n, d)
               ON CONFLICT (connection_id, name) DO UPDATE SET data = EXCLUDED.data`,
              [connectionId, part.map(([n]) => n), part.map(([, d]) => d)],
            )
          }
        })
        saved = new Map(records)
      })
      chain = run.catch(() => {})
      return run
    },
  }
}
