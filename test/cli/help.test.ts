// Every command answers --help (and -h) with its usage on stdout and exit code 0, before any configuration
// is read: help works on a machine where coursebridge is not set up yet.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { runCli } from '../helpers/service-process.ts'

// A DATA_DIR that cannot exist: a command that opened the database instead of answering would fail.
const env = { DATA_DIR: '/nonexistent/coursebridge-help', DATABASE_URL: '' }

describe('coursebridge --help', () => {
  const commands: [string[], RegExp][] = [
    [['start'], /start\s+API, admin UI and workers/],
    [['worker'], /worker\s+extra workers/],
    [['keys'], /keys create \[--name NAME\]/],
    [['keys', 'create'], /keys revoke <id>/],
    [['check'], /check <connection>/],
    [['import'], /usage: coursebridge import <file\.csv> \[--dry-run\][\s\S]*separated by ',' ';' or a tab/],
    [['admin'], /admin password <email>/],
    [['admin', 'disable'], /admin disable <email> \| admin enable <email>/],
    [['secrets', 'reset'], /secrets reset/],
    [['simulator'], /simulator moodle\|ilias \[--port N\] \[--latency MS\|calibrated\] \[--workers N\] \[--debug\] \[--version 4\.1\|4\.5\|5\.0\]/],
  ]
  for (const [args, usage] of commands) {
    it(`coursebridge ${args.join(' ')} --help`, async () => {
      const res = await runCli([...args, '--help'], env)
      assert.equal(res.status, 0, res.stderr)
      assert.match(res.stdout, usage)
      assert.equal(res.stderr, '')
    })
  }

  it('-h, help and --help alone list every command', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const res = await runCli(args, env)
      assert.equal(res.status, 0, res.stderr)
      for (const command of ['start', 'worker', 'keys', 'check', 'import', 'admin', 'secrets', 'simulator']) {
        assert.match(res.stdout, new RegExp(`^  ${command}\\b`, 'm'))
      }
    }
    assert.match((await runCli(['import', '-h'], env)).stdout, /usage: coursebridge import/)
    assert.match((await runCli(['help', 'check'], env)).stdout, /check <connection>/)
  })

  it('answers an unknown command with the usage on stderr and exit code 2', async () => {
    const res = await runCli(['frobnicate'], env)
    assert.equal(res.status, 2)
    assert.match(res.stderr, /usage: coursebridge <command>/)
  })
})
