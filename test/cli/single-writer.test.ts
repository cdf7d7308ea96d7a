// One writer on the embedded database: while `coursebridge start` runs on a DATA_DIR, a second start
// refuses naming its PID, and import, admin create|password|disable|enable and keys run inside the service
// (through its control socket) — their rows are there at once; secrets reset refuses naming the PID. A lock left by a kill -9 is taken over by the next start.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callApi, runCli, startService, type ServiceProcess } from '../helpers/service-process.ts'

describe('one writer on the embedded database', () => {
  let dataDir: string
  let service: ServiceProcess
  let key: string
  const env = () => ({ DATA_DIR: dataDir, COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'), LOG_LEVEL: 'warn' })

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cb-writer-'))
    service = await startService({ ...env(), LOG_LEVEL: 'info', SEED_SANDBOX: 'true' })
    key = service.key!
    assert.ok(key)
  })
  after(async () => {
    if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL')
    await service.exited
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('holds DATA_DIR with its PID, and serves commands on a socket only its user can open', () => {
    assert.equal(Number(readFileSync(join(dataDir, 'coursebridge.pid'), 'utf8').split('\n')[0]), service.child.pid)
    const socket = statSync(join(dataDir, 'coursebridge.sock'))
    assert.ok(socket.isSocket())
    assert.equal(socket.mode & 0o777, 0o600)
  })

  it('refuses a second start on the same DATA_DIR with one sentence naming the PID', async () => {
    const second = await runCli(['start'], { ...env(), PORT: '0' })
    assert.notEqual(second.status, 0)
    const lines = second.stderr.trim().split('\n')
    assert.equal(lines.length, 1, second.stderr)
    assert.match(lines[0]!, new RegExp(`in use by coursebridge process ${service.child.pid}\\b`))
  })

  it('imports through the running service: the registration is there at once', async () => {
    const csv = join(dataDir, '..', `cb-writer-${process.pid}.csv`)
    writeFileSync(csv, 'personId,firstName,lastName,email1,courseCode\nW1,Wanda,Writer,w1@example.com,DEMO-101\n')
    try {
      const r = await runCli(['import', csv], env())
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /1 rows applied, 0 refused/)
      const person = await callApi(service.url, key, 'GET', '/api/v1/persons/W1')
      assert.equal(person.status, 200)
      const list = await callApi(service.url, key, 'GET', '/api/v1/registrations?courseCode=DEMO-101')
      assert.equal(list.body.items.length, 1)
    } finally {
      rmSync(csv, { force: true })
    }
  })

  it('creates an administrator through the running service who can log in at once', async () => {
    const r = await runCli(['admin', 'create', 'ops@example.org', '--password-stdin'], env(), { input: 'a long enough password\n' })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /Administrator ops@example\.org created/)
    const form = await fetch(`${service.url}/ui/login`)
    const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ')
    const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)![1]!
    const login = await fetch(`${service.url}/ui/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, email: 'ops@example.org', password: 'a long enough password', next: '/ui/' }).toString(),
    })
    assert.equal(login.status, 303, await login.text())
    const again = await runCli(['admin', 'create', 'ops@example.org', '--password-stdin'], env(), { input: 'another long password\n' })
    assert.equal(again.status, 2)
    assert.match(again.stderr, /exists already/)
  })

  const logIn = async (email: string, password: string) => {
    const form = await fetch(`${service.url}/ui/login`)
    const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ')
    const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)![1]!
    const res = await fetch(`${service.url}/ui/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, email, password, next: '/ui/' }).toString(),
    })
    return res.status
  }

  it('sets a password, disables and enables an administrator through the running service: in force at once', async () => {
    const set = await runCli(['admin', 'password', 'ops@example.org', '--password-stdin'], env(), { input: 'a brand new passphrase\n' })
    assert.equal(set.status, 0, set.stderr)
    assert.match(set.stdout, /New password set for ops@example\.org/)
    assert.equal(await logIn('ops@example.org', 'a brand new passphrase'), 303, 'the new password works at once')
    assert.notEqual(await logIn('ops@example.org', 'a long enough password'), 303, 'the old one no longer')

    const disabled = await runCli(['admin', 'disable', 'ops@example.org'], env())
    assert.equal(disabled.status, 0, disabled.stderr)
    assert.match(disabled.stdout, /disabled and logged out/)
    assert.notEqual(await logIn('ops@example.org', 'a brand new passphrase'), 303, 'a disabled administrator cannot log in')
    const enabled = await runCli(['admin', 'enable', 'ops@example.org'], env())
    assert.equal(enabled.status, 0, enabled.stderr)
    assert.equal(await logIn('ops@example.org', 'a brand new passphrase'), 303, 'enabled again')

    const unknown = await runCli(['admin', 'disable', 'nobody@example.org'], env())
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /there is no administrator nobody@example\.org/)
  })

  it('refuses secrets reset while the service runs, in one sentence naming its PID', async () => {
    const r = await runCli(['secrets', 'reset'], env())
    assert.equal(r.status, 1)
    const lines = r.stderr.trim().split('\n')
    assert.equal(lines.length, 1, r.stderr)
    assert.match(lines[0]!, new RegExp(`running coursebridge \\(process ${service.child.pid}\\).*stop that process first`))
  })

  it('creates and lists API keys through the running service', async () => {
    const created = await runCli(['keys', 'create', '--name', 'through the socket'], env())
    assert.equal(created.status, 0, created.stderr)
    const newKey = created.stdout.trim()
    assert.equal((await callApi(service.url, newKey, 'GET', '/api/v1/registrations')).status, 200)
    const list = await runCli(['keys', 'list'], env())
    assert.equal(list.status, 0, list.stderr)
    assert.match(list.stdout, /through the socket/)
  })

  it('takes over the lock of a service killed with SIGKILL', async () => {
    service.child.kill('SIGKILL')
    await service.exited
    assert.ok(existsSync(join(dataDir, 'coursebridge.pid')), 'kill -9 leaves the lock file behind')
    service = await startService({ ...env(), LOG_LEVEL: 'info' })
    assert.equal((await callApi(service.url, key, 'GET', '/api/v1/persons/W1')).status, 200)
    service.child.kill('SIGTERM')
    assert.equal(await service.exited, 0)
    assert.ok(!existsSync(join(dataDir, 'coursebridge.pid')), 'a stopped service leaves no lock')
    assert.ok(!existsSync(join(dataDir, 'coursebridge.sock')), 'nor its socket')
    // With no service running, a command opens the database itself.
    const list = await runCli(['keys', 'list'], env())
    assert.equal(list.status, 0, list.stderr)
    assert.match(list.stdout, /through the socket/)
  })
})
