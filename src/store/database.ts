// The small interface the rest of the code depends on, after pg-boss's `IDatabase`: one file per
// database library (pglite-database.ts, postgres-database.ts) implements it.

export interface QueryResult<T> {
  rows: T[]
  affectedRows: number
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
