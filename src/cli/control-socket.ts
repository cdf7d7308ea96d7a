// The running service's control socket (embedded database only): DATA_DIR/coursebridge.sock, mode 0600,
// so only the user who runs coursebridge can use it. `import`, `admin create|password|disable|enable`, `keys …`, `check` and `adopt`
// started while the service runs are carried out by the service through it — the service alone opens the
// database — with their output streamed back line by line (NDJSON over HTTP on the Unix socket).
import { createServer, request, type Server } from 'node:http'
import { chmodSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Logger } from 'pino'
import type { AppContext } from '../services/context.ts'
import { CommandUsageError, type CommandIo } from './command-io.ts'
import { importWith } from './import-command.ts'
import { createAdminWith, setAdminEnabledWith, setAdminPasswordWith } from './admin-command.ts'
import { keysWith } from './keys-command.ts'
import { apiScopes } from '../security/api-keys.ts'
import { checkWith } from './check-command.ts'
import { adoptWith } from './adopt-command.ts'

export const controlSocketName = 'coursebridge.sock'
export const controlSocketPath = (dataDir: string) => join(dataDir, controlSocketName)

const requestSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('import'), args: z.array(z.string()), cwd: z.string(), tty: z.boolean() }),
  z.strictObject({ command: z.literal('admin-create'), email: z.string(), password: z.string(), cwd: z.string(), tty: z.boolean() }),
  z.strictObject({ command: z.literal('admin-password'), email: z.string(), password: z.string(), cwd: z.string(), tty: z.boolean() }),
  z.strictObject({ command: z.literal('admin-enable'), email: z.string(), enable: z.boolean(), cwd: z.string(), tty: z.boolean() }),
  z.strictObject({
    command: z.literal('keys'), cwd: z.string(), tty: z.boolean(),
    keys: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('create'), name: z.string(), scope: z.enum(apiScopes) }),
      z.strictObject({ action: z.literal('list') }),
      z.strictObject({ action: z.literal('revoke'), id: z.string() }),
    ]),
  }),
  z.strictObject({ command: z.literal('check'), connection: z.string(), cwd: z.string(), tty: z.boolean() }),
  z.strictObject({ command: z.literal('adopt'), args: z.array(z.string()), cwd: z.string(), tty: z.boolean() }),
])
export type ControlRequest = z.infer<typeof requestSchema>

function run(ctx: AppContext, r: ControlRequest, io: CommandIo): Promise<number> {
  switch (r.command) {
    case 'import': return importWith(ctx, r.args, io)
    case 'admin-create': return createAdminWith(ctx, r.email, r.password, io)
    case 'admin-password': return setAdminPasswordWith(ctx, r.email, r.password, io)
    case 'admin-enable': return setAdminEnabledWith(ctx, r.email, r.enable, io)
    case 'keys': return keysWith(ctx, r.keys, io)
    case 'check': return checkWith(ctx, r.connection, io)
    case 'adopt': return adoptWith(ctx, r.args, io)
  }
}

export async function startControlSocket(ctx: AppContext, dataDir: string, log: Logger): Promise<{ close(): Promise<void> }> {
  const path = controlSocketPath(dataDir)
  // Left by a process that was killed: this process holds the data-dir lock, so no one else listens on it.
  try { unlinkSync(path) } catch { /* none */ }
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let parsed: ControlRequest
      try {
        parsed = requestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        res.writeHead(400).end()
        return
      }
      const abort = new AbortController()
      res.on('close', () => abort.abort())
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      const line = (o: object) => { if (!res.writableEnded) res.write(`${JSON.stringify(o)}\n`) }
      const io: CommandIo = {
        out: { write: (text) => line({ out: text }) },
        err: { write: (text) => line({ err: text }) },
        tty: parsed.tty, cwd: parsed.cwd, signal: abort.signal,
      }
      run(ctx, parsed, io).then(
        (code) => res.end(`${JSON.stringify({ exit: code })}\n`),
        (err: unknown) => {
          if (err instanceof CommandUsageError) {
            line({ err: `${err.message}\n` })
            res.end(`${JSON.stringify({ exit: 2 })}\n`)
            return
          }
          log.error({ err, command: parsed.command }, 'command through the control socket failed')
          line({ err: `${parsed.command} failed inside the service: ${(err as Error).message}\n` })
          res.end(`${JSON.stringify({ exit: 1 })}\n`)
        },
      )
    })
  })
  // Created owner-only: no moment in which another user could connect.
  const umask = process.umask(0o177)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, () => resolve())
    })
  } finally {
    process.umask(umask)
  }
  chmodSync(path, 0o600)
  return {
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      try { unlinkSync(path) } catch { /* gone */ }
    },
  }
}

/**
 * Runs a command in the service listening on the socket; resolves with its exit code, or null when no
 * service answers there. Ctrl-C ends the request, which stops the command in the service.
 */
export function runThroughService(socketPath: string, body: ControlRequest, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request({ socketPath, method: 'POST', path: '/run', headers: { 'content-type': 'application/json' } }, (res) => {
      answered = true
      if (res.statusCode !== 200) {
        reject(new Error(`the service refused the command (HTTP ${res.statusCode})`))
        return
      }
      let buffer = ''
      let exit: number | null = null
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let nl: number
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const msg = JSON.parse(buffer.slice(0, nl)) as { out?: string; err?: string; exit?: number }
          buffer = buffer.slice(nl + 1)
          if (msg.out !== undefined) out.stdout.write(msg.out)
          if (msg.err !== undefined) out.stderr.write(msg.err)
          if (msg.exit !== undefined) exit = msg.exit
        }
      })
      res.on('end', () => {
        process.off('SIGINT', onSigint)
        resolve(exit ?? 1)
      })
    })
    const onSigint = () => {
      out.stderr.write('\nstopping …\n')
      req.destroy()
      resolve(1)
    }
    req.on('error', (err: NodeJS.ErrnoException) => {
      process.off('SIGINT', onSigint)
      if (!answered && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(null)
      else if (!answered) reject(err)
    })
    process.on('SIGINT', onSigint)
    req.end(JSON.stringify(body))
  })
}
