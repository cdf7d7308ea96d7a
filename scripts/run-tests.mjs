// `npm test`: typecheck, then every *.test.ts under src/ and test/ with node's test runner (tsx loads
// TypeScript). The integration suites (test/integration) run twice: on the embedded PGlite database
// and on the PostgreSQL server (TEST_DB=postgres). Arguments filter the files by substring.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...find(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const filter = process.argv.slice(2)
const files = ['src', 'test'].flatMap((d) => find(d)).sort()
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}

function run(label, args, env = {}) {
  console.log(`\n# ${label}`)
  const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status ?? 1
}

let failed = 0
if (filter.length === 0) failed |= run('typecheck', [process.execPath, 'node_modules/typescript/bin/tsc', '--noEmit'])
const integration = files.filter((f) => f.includes(join('test', 'integration')))
const node = (list) => [process.execPath, '--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...list]
failed |= run('tests (integration suites on PGlite)', node(files), { TEST_DB: 'pglite' })
if (integration.length > 0 && process.env.SKIP_POSTGRES !== '1') {
  failed |= run('integration suites on PostgreSQL', node(integration), { TEST_DB: 'postgres' })
}
process.exit(failed ? 1 : 0)
