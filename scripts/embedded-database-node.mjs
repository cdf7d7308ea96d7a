// How node runs `coursebridge start` on the embedded database (no DATABASE_URL): for memory rather than CPU.
// Measured (README, "The embedded database's memory"; bench/memory-stages.js, 4 000 registrations, back to back):
// the V8 flags take the peak resident set from ~290 to ~230 MB for ~10 % more CPU, because on the embedded
// database most of the CPU is PostgreSQL's own WebAssembly, which they do not touch. On PostgreSQL (DATABASE_URL) the same flags doubled the
// connector's CPU per registration (1.3 → 2.5 ms, bench/post-cpu.ts), so they are for the embedded database only.
// Plain JavaScript: bin/coursebridge.js imports it before anything is compiled.
//
// - --optimize-for-size: V8 keeps its heap close to the live data (a young generation of ~2 MB instead of 16,
//   a smaller growing factor): ~40 MB.
// - --no-opt --no-maglev: JavaScript stays on V8's interpreter and baseline code; no optimizing compiles (their
//   memory, their code, fewer pages of node's own binary touched): ~20 MB.
// - glibc's malloc (environment: it is read when the process starts): two arenas instead of one per thread,
//   and blocks of 128 kB and more always from mmap, returned when freed. By default glibc raises that threshold
//   each time such a block is freed (up to 32 MB), after which PostgreSQL's result buffers, V8's compiler zones
//   and Node's buffers come from the main heap and stay there, fragmented: ~15 MB. Other C libraries ignore it.

/** V8 flags added to npm start's for the embedded database. */
export const embeddedDatabaseNodeFlags = ['--optimize-for-size', '--no-opt', '--no-maglev']

/** glibc malloc settings for the embedded database (environment variables, read at process start). */
export const embeddedDatabaseMallocEnv = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
}

/**
 * The node command line and environment that `coursebridge start` on the embedded database should run with,
 * or null when this process already runs that way or is not such a start: another command, DATABASE_URL set.
 */
export function embeddedDatabaseRestart({ argv, execArgv, env }) {
  if (argv[2] !== 'start' || env.DATABASE_URL) return null
  const flags = embeddedDatabaseNodeFlags.filter((flag) => !execArgv.includes(flag))
  const mallocEnv = Object.entries(embeddedDatabaseMallocEnv).filter(([name]) => env[name] === undefined)
  if (flags.length === 0 && mallocEnv.length === 0) return null
  return { args: [argv[0], ...execArgv, ...flags, ...argv.slice(1)], env: { ...env, ...Object.fromEntries(mallocEnv) } }
}
