#!/usr/bin/env node
// The `coursebridge` command, also behind `npm start` and `npm run worker`. Runs the compiled CLI
// (dist/src/cli/main.js) in this process — plain node, no TypeScript loader, signals reach the CLI's own
// handlers — after building it when dist/ is missing or older than the sources, so it never runs stale
// code. Where TypeScript is not installed (production install without dev dependencies) and dist/ is
// not current, it runs the sources through tsx instead, as before there was a build.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BuildFailedError, BuildUnavailableError, ensureBuilt, repoRoot } from '../scripts/build.mjs'

const log = (line) => process.stderr.write(`coursebridge: ${line}\n`)

let main
try {
  main = join(ensureBuilt({ log }), 'src/cli/main.js')
} catch (err) {
  if (err instanceof BuildFailedError) {
    log(err.message)
    process.exit(1)
  }
  if (!(err instanceof BuildUnavailableError)) throw err
  log(`${err.message}; running the sources through tsx (more memory)`)
  const { register } = await import('tsx/esm/api')
  register()
  main = join(repoRoot, 'src/cli/main.ts')
}
// main.js reads its command from process.argv.slice(2), which here are this script's arguments.
await import(pathToFileURL(main).href)
