// `coursebridge start` from an operator's side, on the embedded database: an SMTP server that cannot be
// reached at start gives one warning with its code (the service still starts), `check` runs through the
// running service (the database is not opened behind its back), and a stop is logged.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, startService, type ServiceProcess } from '../helpers/service-process.ts'

interface Line { level: number; msg: string; code?: string }
const jsonLines = (out: string): Line[] =>
  out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line)

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('the service from an operator\'s side (embedded database)', () => {
  let dataDir: string
  let service: ServiceProcess
  let smtpPort: number
  const env = () => ({ DATA_DIR: dataDir, COURSEBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), LOG_FORMAT: 'json' })

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cb-lifecycle-'))
    smtpPort = await closedPort()
    service = await startService({
      ...env(), LOG_LEVEL: 'info', SEED_SANDBOX: 'true',
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_REQUIRE_TLS: 'false',
    })
  })
  after(async () => {
    if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL')
    await service.exited
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('warns once, with its code, that the SMTP server cannot be reached, and starts anyway', async () => {
    const deadline = Date.now() + 30_000
    let warnings: Line[] = []
    while (Date.now() < deadline) {
      warnings = jsonLines(service.output()).filter((l) => l.level >= 40 && /SMTP server/.test(l.msg))
      if (warnings.length > 0) break
      await new Promise((r) => setTimeout(r, 200))
    }
    assert.equal(warnings.length, 1, service.output())
    assert.equal(warnings[0]!.level, 40)
    assert.equal(warnings[0]!.code, 'MAIL_SMTP_UNREACHABLE')
    assert.match(warnings[0]!.msg, new RegExp(`127\\.0\\.0\\.1:${smtpPort} not usable at start`))
    assert.equal((await fetch(`${service.url}/livez`)).status, 200, 'the service runs')
  })

  it('runs check through the running service', async () => {
    const r = await runCli(['check', 'sandbox'], env())
    assert.equal(r.status, 0, r.stdout + r.stderr)
    assert.doesNotMatch(r.stderr, /in use by coursebridge process/)
    assert.match(r.stdout, /sandbox/i)
  })

  it('logs its stop and exits 0 on SIGTERM', async () => {
    service.child.kill('SIGTERM')
    assert.equal(await service.exited, 0)
    const msgs = jsonLines(service.output()).map((l) => l.msg)
    assert.ok(msgs.includes('SIGTERM received: shutting down'), msgs.join('\n'))
    assert.ok(msgs.includes('stopped'), msgs.join('\n'))
  })
})
