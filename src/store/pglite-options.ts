import type { PGliteOptions } from '@electric-sql/pglite'

/**
 * PGlite's settings. shared_buffers 16 MB instead of PostgreSQL's 128 MB: the embedded database reads its
 * files through the operating system, whose cache holds them anyway, and every buffer once used stays
 * resident WebAssembly memory of the coursebridge process (WebAssembly memory never shrinks).
 */
export const pgliteOptions: PGliteOptions = { postgresqlconf: ['shared_buffers=16MB'] }
