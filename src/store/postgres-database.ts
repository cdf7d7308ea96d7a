import pg from 'pg'
import { encodeJsonRows, type Database, type Queryable, type QueryResult } from './database.ts'
import { guarded } from './database-error.ts'

// bigint (int8) columns hold counts and sequence ids well inside JS's safe range here.
pg.types.setTypeParser(20, (v) => Number(v))

/** A PostgreSQL server through node-postgres. `schema` isolates tables (one schema per test app). */
export async function openPostgresDatabase(url: string, schema: string, poolSize = 10): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  // Every connection of the pool starts with the schema on its search path.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema},public` })
  pool.on('error', () => {
    /* a broken idle client is dropped by the pool; the next query reports the problem */
  })
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)

  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const values = encodeJsonRows(params, jsonBytes)
      const r = await guarded(sql, () => q.query(sql, values))
      return { rows: r.rows as T[], affectedRows: r.rowCount ?? 0 }
    },
  })

  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    async exec(sql) {
      await guarded(sql, () => pool.query(sql))
    },
    async executeSql(text, values) {
      return guarded(text, () => pool.query(text, values as unknown[] | undefined))
    },
    async close() {
      await pool.end()
    },
  }
}

/**
 * JsonRows as UTF-8 bytes, written row by row: no string of the whole batch. pg sends a Buffer as a binary
 * parameter, and json's binary form is its text.
 */
function jsonBytes(rows: readonly object[]): Buffer {
  const parts = rows.map((r) => JSON.stringify(r))
  let length = 2 + Math.max(parts.length - 1, 0)
  for (const part of parts) length += Buffer.byteLength(part)
  const bytes = Buffer.allocUnsafe(length)
  let at = bytes.write('[')
  parts.forEach((part, n) => {
    if (n > 0) at += bytes.write(',', at)
    at += bytes.write(part, at)
  })
  bytes.write(']', at)
  return bytes
}
