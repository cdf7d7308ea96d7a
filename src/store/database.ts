// The small interface the rest of the code depends on, after pg-boss's `IDatabase`: one file per
// database library (pglite-database.ts, postgres-database.ts) implements it.

export interface QueryResult<T> {
  rows: T[]
  affectedRows: number
}

/**
 * A query parameter that is a list of rows as one JSON array, for json_to_recordset($n::json): each database
 * file sends it as its library does best. A batch's rows as one JSON string (a mail batch's bodies: about 1 MB,
 * twice that as a two-byte string) would be allocated in V8's old generation at once, where only a major GC
 * takes it away again; pieces of a row each die young.
 */
export class JsonRows {
  constructor(readonly rows: readonly object[]) {}
}

/** The parameters with each JsonRows encoded by `encode`; the same array when there is none (most statements). */
export function encodeJsonRows(params: unknown[], encode: (rows: readonly object[]) => unknown): unknown[] {
  return params.some((p) => p instanceof JsonRows) ? params.map((p) => (p instanceof JsonRows ? encode(p.rows) : p)) : params
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs fn in one transaction; everything fn does through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  /** What pg-boss needs: executeSql(text, values). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
  close(): Promise<void>
  /** The embedded database's WebAssembly memory in bytes (it grows and never shrinks); absent on PostgreSQL. */
  wasmMemoryBytes?(): number
}
