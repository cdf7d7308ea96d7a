import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { Database, Queryable, QueryResult } from './database.ts'

/** The embedded database: PostgreSQL compiled to WebAssembly, data in a folder (or memory for tests). */
export async function openPgliteDatabase(dataPath?: string): Promise<Database> {
  if (dataPath) mkdirSync(dataPath, { recursive: true })
  const pg = dataPath ? new PGlite(dataPath) : new PGlite()
  await pg.waitReady

  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[])
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 }
    },
  })

  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      await pg.exec(sql)
    },
    async executeSql(text, values) {
      // pg-boss sends multi-statement scripts without parameters; PGlite's query() takes one statement.
      if (!values || values.length === 0) {
        const results = await pg.exec(text)
        return results[results.length - 1] ?? { rows: [] }
      }
      return pg.query(text, values as unknown[])
    },
    async close() {
      await pg.close()
    },
  }
}
