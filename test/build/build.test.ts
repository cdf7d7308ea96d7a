// The compiled build (scripts/build.mjs) that `npm start`, `coursebridge …` and the benchmark run: it
// compiles the repository into a folder node runs without a TypeScript loader, and it is built again
// whenever a source changed after the last build started.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, ensureBuilt, repoRoot, staleReason } from '../../scripts/build.mjs'

describe('the build of this repository', () => {
  // Under the repository (test-artifacts/ is ignored by git), so the compiled modules find node_modules.
  const outDir = join(repoRoot, 'test-artifacts', `build-${process.pid}`)
  const log: string[] = []
  before(() => {
    // Type errors are the typecheck's business (`npm test` runs it first); this is about running the output.
    build({ outDir, log: (line) => log.push(line), allowTypeErrors: true })
  })
  after(() => {
    rmSync(outDir, { recursive: true, force: true })
  })

  it('runs the command line with plain node (no tsx): the whole import graph loads and prints the usage', () => {
    const r = spawnSync(process.execPath, [join(outDir, 'src/cli/main.js')], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(r.status, 2, r.stderr)
    assert.match(r.stderr, /^usage: coursebridge <command>/)
    assert.match(r.stderr, /start {2,}API, admin UI and workers in one process/)
  })

  it('puts the files under src/ that are not TypeScript next to the JavaScript', () => {
    for (const asset of ['src/ui/assets/app.css', 'src/ui/assets/app.js']) {
      assert.deepEqual(readFileSync(join(outDir, asset)), readFileSync(join(repoRoot, asset)), asset)
    }
  })

  it('compiles the benchmark cell and leaves the tests out', () => {
    assert.ok(existsSync(join(outDir, 'bench/cell.js')))
    assert.ok(existsSync(join(outDir, 'bench/simulator-process.js')))
    assert.ok(!existsSync(join(outDir, 'src/domain/login-name.test.js')))
    assert.ok(!existsSync(join(outDir, 'test')))
  })

  it('stamps the build with the time it started', () => {
    const stamp = JSON.parse(readFileSync(join(outDir, '.build-stamp.json'), 'utf8')) as { startedAt: unknown }
    assert.equal(typeof stamp.startedAt, 'number')
    assert.ok(log.some((line) => /^built .* in \d+\.\d s$/.test(line)), log.join('\n'))
  })
})

describe('when a build is stale', () => {
  let root: string
  const t0 = 1_700_000_000 // seconds; every input is dated here, the stamp 10 s later
  const date = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds)
  const stamp = () => writeFileSync(join(root, 'dist', '.build-stamp.json'), JSON.stringify({ startedAt: (t0 + 10) * 1000 }))
  const dateAll = () => {
    for (const path of ['src/a.ts', 'src/sub/b.ts', 'src/sub', 'src', 'tsconfig.json']) date(path, t0)
  }
  const reason = () => staleReason({ root, outDir: join(root, 'dist'), inputs: ['src', 'tsconfig.json'] })

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cb-stale-'))
    mkdirSync(join(root, 'src/sub'), { recursive: true })
    mkdirSync(join(root, 'dist'))
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 1\n')
    writeFileSync(join(root, 'src/sub/b.ts'), 'export const b = 1\n')
    writeFileSync(join(root, 'tsconfig.json'), '{}\n')
  })
  after(() => {
    rmSync(root, { recursive: true, force: true })
  })

  it('builds when there is no build yet', () => {
    dateAll()
    assert.match(reason() ?? '', /^no build in /)
  })

  it('runs the build when no input changed after it started', () => {
    dateAll()
    stamp()
    assert.equal(reason(), null)
  })

  it('builds again after a source changed, naming it', () => {
    dateAll()
    stamp()
    date('src/sub/b.ts', t0 + 20)
    assert.equal(reason(), 'src/sub/b.ts changed since the last build')
  })

  it('builds again after a source was added or removed (its folder changed)', () => {
    dateAll()
    stamp()
    writeFileSync(join(root, 'src/sub/c.ts'), 'export const c = 1\n')
    date('src/sub/c.ts', t0)
    assert.equal(reason(), 'src/sub changed since the last build')
    unlinkSync(join(root, 'src/sub/c.ts'))
    dateAll()
    assert.equal(reason(), null)
    unlinkSync(join(root, 'src/a.ts'))
    assert.equal(reason(), 'src changed since the last build')
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 1\n')
  })

  it('builds again after the compiler settings changed', () => {
    dateAll()
    stamp()
    date('tsconfig.json', t0 + 20)
    assert.equal(reason(), 'tsconfig.json changed since the last build')
  })

  it('ignores tests, which are not built', () => {
    dateAll()
    writeFileSync(join(root, 'src/a.test.ts'), '')
    date('src/a.test.ts', t0 + 20)
    date('src', t0)
    stamp()
    assert.equal(reason(), null)
    unlinkSync(join(root, 'src/a.test.ts'))
  })
})

describe('ensureBuilt', () => {
  let root: string
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cb-ensure-'))
    mkdirSync(join(root, 'src'))
    writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [],
        allowImportingTsExtensions: true, rewriteRelativeImportExtensions: true, rootDir: '.', outDir: 'dist',
      },
      include: ['src'],
    }))
    writeFileSync(join(root, 'src/main.ts'), "import { answer } from './answer.ts'\nconsole.log(answer)\n")
    writeFileSync(join(root, 'src/answer.ts'), 'export const answer: number = 1\n')
    writeFileSync(join(root, 'src/page.css'), 'p {}\n')
    // Dated a minute back: a source written in the same tick of the file system's clock as a build starts
    // counts as changed (one build too many rather than one too few).
    const past = Date.now() / 1000 - 60
    for (const path of ['src/main.ts', 'src/answer.ts', 'src/page.css', 'src', 'tsconfig.build.json']) utimesSync(join(root, path), past, past)
  })
  after(() => {
    rmSync(root, { recursive: true, force: true })
  })
  const run = () => spawnSync(process.execPath, [join(root, 'dist/src/main.js')], { encoding: 'utf8' }).stdout.trim()

  it('builds a missing build, keeps a current one and rebuilds after a source changed', () => {
    const log: string[] = []
    ensureBuilt({ root, log: (line) => log.push(line) })
    assert.match(log[0] ?? '', /^building \(no build in .*\) …$/)
    assert.equal(run(), '1')
    assert.equal(readFileSync(join(root, 'dist/src/page.css'), 'utf8'), 'p {}\n')

    log.length = 0
    ensureBuilt({ root, log: (line) => log.push(line) })
    assert.equal(log.join('\n'), '', 'a current build is used as it is')

    writeFileSync(join(root, 'src/answer.ts'), 'export const answer: number = 2\n')
    ensureBuilt({ root, log: (line) => log.push(line) })
    assert.equal(log[0], 'building (src/answer.ts changed since the last build) …')
    assert.equal(run(), '2')
  })

  it('runs a build with type errors (printed), as tsx did, and leaves no half build behind', () => {
    writeFileSync(join(root, 'src/answer.ts'), 'export const answer: number = "three"\n')
    const log: string[] = []
    ensureBuilt({ root, log: (line) => log.push(line) })
    assert.ok(log.some((line) => line.includes("error TS2322: Type 'string' is not assignable to type 'number'")), log.join('\n'))
    assert.ok(log.some((line) => line.includes('type errors')), log.join('\n'))
    assert.equal(run(), 'three')
    assert.throws(() => build({ root, log: () => {} }), { name: 'BuildFailedError' })
    assert.equal(run(), 'three', 'a failed build leaves the previous one')
    assert.deepEqual(readdirSync(root).filter((n) => n.startsWith('dist.')), [])
  })
})
