import type { PGliteOptions } from '@electric-sql/pglite'

/**
 * PGlite's settings, for memory (README, "The embedded database's memory"). PostgreSQL's shared memory is
 * allocated and zeroed at start, so all of it is resident WebAssembly memory of the coursebridge process from
 * the first second, and WebAssembly memory never shrinks:
 * - shared_buffers 4 MB instead of PostgreSQL's 128 MB: the embedded database reads its files through the
 *   operating system, whose cache holds them anyway. 8 → 4 MB took 4 MB off the WebAssembly memory at the end of
 *   a bulk (25 → 21 MB touched) with the same CPU (bench/memory-stages.ts, 2 000 registrations: 7.6 s both).
 * - max_connections 5 instead of 100: PGlite runs one session (single-user mode); the slots for 100 took 4 MB.
 *   The lock table is max_locks_per_transaction × max_connections entries, so 128 locks per transaction
 *   instead of 64 keep room for migrations and pg-boss's partitioned job table
 *   (https://www.postgresql.org/docs/current/runtime-config-locks.html).
 * Together: 29 → 13 MB touched after open.
 * - wal_init_zero off: a new 16 MB WAL segment is not written full of zeros first. In PGlite those writes went
 *   through a JavaScript buffer of the segment's size, a 16 MB spike of the resident set every segment (every
 *   ~40 s of a bulk). Only the last byte is written; the file system allocates the rest as WAL is written
 *   (https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-WAL-INIT-ZERO).
 */
export const pgliteOptions: PGliteOptions = {
  postgresqlconf: ['shared_buffers=4MB', 'max_connections=5', 'max_locks_per_transaction=128', 'wal_init_zero=off'],
}
