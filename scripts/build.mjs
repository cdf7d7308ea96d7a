// `npm run build`: compiles src/ and bench/ with tsc (tsconfig.build.json) into dist/ (dist/src/…,
// dist/bench/…), copies the files under them that are not TypeScript (the admin UI's assets) next to the
// JavaScript, and writes a stamp. `npm start`, `npm run worker`, `coursebridge …` and `npm run bench` call
// ensureBuilt(), which builds again when dist/ is missing or a source changed after the last build started,
// so they never run stale code. Plain JavaScript: it runs before there is anything compiled.
//
//   node scripts/build.mjs                 build into dist/ (exit 1 on a type error: dist/ stays as it was)
//   node scripts/build.mjs --if-possible   npm's `prepare` (also run by `npm ci`): build, but never fail
//                                          the install; without TypeScript (--omit=dev) skip
//
// ensureBuilt() runs code with type errors (it prints them), as tsx did before there was a build: the
// emitted JavaScript is the source without its types, and `npm test` is where type errors fail.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
/** What a build reads: the compiled folders and the files that decide how they compile. */
export const buildInputs = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs']
const compiledDirs = ['src', 'bench']
const stampName = '.build-stamp.json'

/** TypeScript is a development dependency: a production install (--omit=dev) cannot build. */
export class BuildUnavailableError extends Error {
  name = 'BuildUnavailableError'
}

/** tsc reported errors (printed on standard error) and the build does not accept them; dist/ was left as it was. */
export class BuildFailedError extends Error {
  name = 'BuildFailedError'
}

const isTest = (name) => /\.test\.[cm]?ts$/.test(name)

/** The newest modification time among the inputs: files and folders (a folder's time changes when a file is added, removed or renamed); tests are not built and do not count. */
export function newestInput(root = repoRoot, inputs = buildInputs) {
  let newest = { path: '', mtimeMs: -Infinity }
  const visit = (path) => {
    let st
    try {
      st = statSync(path)
    } catch {
      return
    }
    if (st.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: st.mtimeMs }
    if (!st.isDirectory()) return
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isFile() && isTest(entry.name)) continue
      visit(join(path, entry.name))
    }
  }
  for (const input of inputs) visit(join(root, input))
  return { path: relative(root, newest.path), mtimeMs: newest.mtimeMs }
}

/** Why outDir must be built again, or null when it is up to date. */
export function staleReason({ root = repoRoot, outDir = join(root, 'dist'), inputs = buildInputs } = {}) {
  let stamp
  try {
    stamp = JSON.parse(readFileSync(join(outDir, stampName), 'utf8'))
  } catch {
    return `no build in ${relative(process.cwd(), outDir) || outDir}`
  }
  const newest = newestInput(root, inputs)
  // Equal times count as changed: the file system's clock is coarse, a rebuild too many is harmless.
  if (typeof stamp.startedAt !== 'number' || newest.mtimeMs >= stamp.startedAt) return `${newest.path} changed since the last build`
  return null
}

function tscPath() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    throw new BuildUnavailableError('TypeScript is not installed (a production install without dev dependencies): run `npm run build` where it is')
  }
}

function walkFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
}

/**
 * Builds into a fresh folder beside outDir and swaps it in only when tsc succeeded, so a process running
 * from outDir never sees half a build and a failed build leaves the previous one (still stale) in place.
 */
export function build({ root = repoRoot, outDir = join(root, 'dist'), log = (line) => process.stderr.write(`${line}\n`), allowTypeErrors = false } = {}) {
  const tsc = tscPath()
  const next = `${outDir}.next-${process.pid}`
  rmSync(next, { recursive: true, force: true })
  mkdirSync(next, { recursive: true })
  // The stamp's time comes from the file system's clock, the one that dates the sources.
  const probe = join(next, stampName)
  writeFileSync(probe, '{}')
  const startedAt = statSync(probe).mtimeMs
  const started = Date.now()
  // tsc prints its diagnostics on standard output; they go to the log (standard error), so that the
  // output of a command (`coursebridge keys create` prints the key) stays clean.
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  })
  if (r.stdout?.trim()) log(r.stdout.trimEnd())
  // tsc's exit status 2: errors, JavaScript written anyway (noEmitOnError is off).
  const typeErrorsOnly = r.status === 2
  if (r.status !== 0 && !(typeErrorsOnly && allowTypeErrors)) {
    rmSync(next, { recursive: true, force: true })
    throw new BuildFailedError(`tsc failed (exit ${r.status ?? r.signal}); the errors are above`)
  }
  if (typeErrorsOnly) log('tsc reported type errors (above); the JavaScript was written anyway')
  for (const dir of compiledDirs) {
    for (const file of walkFiles(join(root, dir))) {
      if (file.endsWith('.ts')) continue
      const target = join(next, relative(root, file))
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(file, target)
    }
  }
  writeFileSync(probe, `${JSON.stringify({ startedAt, builtAt: new Date().toISOString() }, null, 2)}\n`)
  swapIn(next, outDir)
  log(`built ${relative(process.cwd(), outDir) || outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return outDir
}

function swapIn(next, outDir) {
  const old = `${outDir}.old-${process.pid}`
  try {
    renameSync(outDir, old)
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
  }
  try {
    renameSync(next, outDir)
  } catch (err) {
    // Another process swapped its build in between: it is as new as ours.
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err
    rmSync(next, { recursive: true, force: true })
  }
  rmSync(old, { recursive: true, force: true })
}

/** Builds when outDir is missing or stale (type errors are printed, not fatal); returns outDir. */
export function ensureBuilt({ root = repoRoot, outDir = join(root, 'dist'), log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const reason = staleReason({ root, outDir })
  if (reason) {
    log(`building (${reason}) …`)
    build({ root, outDir, log, allowTypeErrors: true })
  }
  return outDir
}

// Run as a script (not imported): node gives argv[1] as typed, the module URL with symlinks resolved.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const ifPossible = process.argv.includes('--if-possible')
  try {
    build({ allowTypeErrors: ifPossible })
  } catch (err) {
    process.stderr.write(`build: ${err.message}\n`)
    if (ifPossible) {
      // `npm ci` should not fail on this: `npm start` builds (or explains) when it is needed.
      process.stderr.write('build: skipped; `npm start` and `coursebridge` check again when they start\n')
    } else {
      process.exitCode = 1
    }
  }
}
