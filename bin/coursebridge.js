#!/usr/bin/env node
// The `coursebridge` command, also behind `npm start` and `npm run worker`. Runs the compiled CLI
// (dist/src/cli/main.js) in this process — plain node, no TypeScript loader, signals reach the CLI's own
// handlers — after building it when dist/ is missing or older than the sources, so it never runs stale
// code. Where TypeScript is not installed (a production install without dev dependencies, where tsx is
// missing too) it runs the build that is there, saying so, or stops when there is none.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BuildFailedError, BuildUnavailableError, ensureBuilt, repoRoot } from '../scripts/build.mjs'
import { embeddedDatabaseRestart } from '../scripts/embedded-database-node.mjs'

const log = (line) => process.stderr.write(`coursebridge: ${line}\n`)

// `start` on the embedded database runs node for memory (scripts/embedded-database-node.mjs): V8 flags and
// malloc settings can only be given when a process starts, so this process replaces itself once with a node
// that has them (same process id: signals and service managers see no difference). Node before 22.15 and
// Windows have no process.execve: there it runs as it was started, with the higher peak.
const restart = embeddedDatabaseRestart(process)
if (restart && typeof process.execve === 'function') process.execve(process.execPath, restart.args, restart.env)
else if (restart) log('this node cannot restart itself with the embedded database\'s memory settings (process.execve, Node 22.15+ on Linux/macOS); running without them')

let main
try {
  main = join(ensureBuilt({ log }), 'src/cli/main.js')
} catch (err) {
  if (err instanceof BuildFailedError) {
    log(err.message)
    process.exit(1)
  }
  if (!(err instanceof BuildUnavailableError)) throw err
  main = join(repoRoot, 'dist/src/cli/main.js')
  if (!existsSync(main)) {
    log(`${err.message}; there is no build in dist/ to run`)
    process.exit(1)
  }
  log(`${err.message}; running the build in dist/, which may be older than the sources`)
}
// main.js reads its command from process.argv.slice(2), which here are this script's arguments.
await import(pathToFileURL(main).href)
