// Creates a PGlite data folder and exits (forked by openPgliteDatabase). Creating the database (initdb)
// grows PGlite's WebAssembly memory to ~700 MB, and WebAssembly memory never shrinks: done in the
// service's own process, the service would keep that for as long as it runs.
import { PGlite } from '@electric-sql/pglite'
import { pgliteOptions } from './pglite-options.ts'

const dataPath = process.argv[2]
if (!dataPath) throw new Error('usage: pglite-init <data folder>')
const pg = new PGlite(dataPath, pgliteOptions)
await pg.waitReady
await pg.close()
