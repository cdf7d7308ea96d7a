// `coursebridge import` as a command: exit codes 0/1/2, the report beside the input, the summary.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('coursebridge import (command)', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-import-cli-'))
  })
  after(async () => rm(dir, { recursive: true, force: true }))

  // The embedded database in a fresh data directory (a DATABASE_URL of the environment is left out).
  const { DATABASE_URL: _url, ...env } = process.env
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', ...args], {
    encoding: 'utf8',
    env: { ...env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
    timeout: 120_000,
  })

  it('answers a usage or file error with exit code 2 and applies nothing', async () => {
    const usage = cli()
    assert.equal(usage.status, 2)
    assert.match(usage.stderr, /usage: coursebridge import <file\.csv>/)
    const latin1 = join(dir, 'latin1.csv')
    await writeFile(latin1, Buffer.concat([Buffer.from('personId,lastName,courseCode\n1,M'), Buffer.from([0xfc]), Buffer.from('ller,C\n')]))
    const encoding = cli(latin1)
    assert.equal(encoding.status, 2, encoding.stderr)
    assert.match(encoding.stderr, /line 2: not valid UTF-8/)
    assert.equal(cli(join(dir, 'missing.csv')).status, 2)
  })

  it('exits 1 when rows were refused, with the report beside the input', async () => {
    const path = join(dir, 'persons.csv')
    await writeFile(path, 'personId,lastName,courseCode\n1,Smith,NO-SUCH-COURSE\n')
    const res = cli(path, '--dry-run')
    assert.equal(res.status, 1, res.stderr)
    assert.match(res.stdout, /0 rows would be applied, 1 refused/)
    const report = await readFile(join(dir, 'persons.report.csv'), 'utf8')
    assert.match(report, /^line,column,message\n2,courseCode,/)
    assert.match(res.stderr, /import: \[#+\] 1\/1 rows 100%/, 'plain progress lines when stderr is not a terminal')
  })

  it('says a finished file is finished on --resume, exit 0; shows the refused rows on stderr', async () => {
    const path = join(dir, 'finished.csv')
    await writeFile(path, 'personId;lastName;courseCode\n1;Smith;NO-SUCH-COURSE\n')
    const first = cli(path)
    assert.equal(first.status, 1, first.stderr)
    assert.match(first.stderr, /^line 2: courseCode: no course definition with code "NO-SUCH-COURSE"$/m)
    const again = cli(path, '--resume')
    assert.equal(again.status, 0, again.stderr)
    assert.match(again.stdout, /finished\.csv was imported completely before \(0 applied, 1 refused\): nothing to resume/)
  })
})
