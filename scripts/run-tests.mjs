// Runs every *.test.ts under test/ and src/ with node's own test runner (tsx loads TypeScript).
// The integration suites read TEST_DB (pglite | postgres); `npm test` runs them on both.
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
const result = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files,
], { stdio: 'inherit' })
process.exit(result.status ?? 1)
