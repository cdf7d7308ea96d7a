import { fork } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pgliteOptions } from './pglite-options.ts'
import { encodeJsonRows, type Database, type Queryable, type QueryResult } from './database.ts'
import { guarded } from './database-error.ts'

/** The embedded database: PostgreSQL compiled to WebAssembly, data in a folder (or memory for tests). */
export async function openPgliteDatabase(dataPath?: string): Promise<Database> {
  if (dataPath) {
    mkdirSync(dataPath, { recursive: true })
    if (!existsSync(join(dataPath, 'PG_VERSION'))) await createDataFolder(dataPath)
  }
  const pg = dataPath ? new PGlite(dataPath, pgliteOptions) : new PGlite(pgliteOptions)
  await pg.waitReady

  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const values = encodeJsonRows(params, (rows) => JSON.stringify(rows))
      const r = await guarded(sql, () => q.query<T>(sql, values))
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 }
    },
  })

  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      await guarded(sql, () => pg.exec(sql))
    },
    async executeSql(text, values) {
      // pg-boss sends multi-statement scripts without parameters; PGlite's query() takes one statement.
      if (!values || values.length === 0) {
        const results = await guarded(text, () => pg.exec(text))
        return results[results.length - 1] ?? { rows: [] }
      }
      return guarded(text, () => pg.query(text, values as unknown[]))
    },
    async close() {
      await pg.close()
    },
    wasmMemoryBytes: () => pg.Module.wasmMemory.buffer.byteLength,
  }
}

/** A new data folder is created in a short-lived process of its own (see pglite-init.ts). */
async function createDataFolder(dataPath: string) {
  const here = fileURLToPath(import.meta.url)
  const compiled = here.endsWith('.js')
  const script = join(here, '..', compiled ? 'pglite-init.js' : 'pglite-init.ts')
  // Only what loads the code: not, say, the test runner's flags of the parent.
  const child = fork(script, [dataPath], { execArgv: compiled ? [] : ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (c) => resolve(c))
  })
  if (code !== 0 || !existsSync(join(dataPath, 'PG_VERSION'))) throw new Error(`could not create the database in ${dataPath} (exit ${code})`)
}
