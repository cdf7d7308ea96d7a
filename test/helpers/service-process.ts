// `coursebridge start` as an operator runs it: a child process (sources through tsx), its URL and first
// API key read from its output, killed however the test needs.
import { spawn, type ChildProcess } from 'node:child_process'

export interface ServiceProcess {
  child: ChildProcess
  url: string
  /** The first API key, when this start printed one (the first start on its database). */
  key: string | null
  output(): string
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string>
}

export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  // The test runner's own variables must not leak into the child's configuration.
  delete env.NODE_TEST_CONTEXT
  return env
}

export function runCli(args: string[], env: Record<string, string>, o: { input?: string } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => { stdout += String(d) })
  child.stderr!.on('data', (d: Buffer) => { stderr += String(d) })
  child.stdin!.end(o.input ?? '')
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

export async function startService(env: Record<string, string>, timeoutMs = 240_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: cliEnv({ PORT: '0', LOG_LEVEL: 'info', SEED_SANDBOX: 'false', ...env }), stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += String(d) })
  child.stderr!.on('data', (d: Buffer) => { out += String(d) })
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  // A monotonic clock: the wall clock of a loaded VM can jump.
  const started = performance.now()
  for (;;) {
    const line = out.split('\n').find((l) => l.includes('coursebridge is running'))
    if (line) {
      // The first API key is printed just after the "running" line.
      await new Promise((r) => setTimeout(r, 300))
      const url = (JSON.parse(line) as { url: string }).url
      return { child, url, key: out.match(/cb_[A-Za-z0-9_-]{20,}/)?.[0] ?? null, output: () => out, exited }
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`coursebridge start exited: ${out}`)
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`coursebridge start did not come up in ${timeoutMs} ms: ${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Calls the service's API over loopback HTTP. */
export async function callApi(url: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
