// A real SMTP server on 127.0.0.1 (smtp-server, the sibling of nodemailer) that keeps every message it
// accepts as raw MIME, and can answer a recipient with a chosen SMTP error to exercise the classifier.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

export interface SmtpReply {
  code: number
  message: string
}

export interface TestSmtpServerOptions {
  /** Answer RCPT TO for `address` with an error; `attempt` counts RCPTs for that address from 1. */
  rejectRecipient?: (address: string, attempt: number) => SmtpReply | null
  /** When set, AUTH must present exactly these credentials (535 otherwise). */
  credentials?: { user: string; pass: string }
}

export interface TestSmtpServer {
  port: number
  received: ReceivedMail[]
  close(): Promise<void>
}

function replyError({ code, message }: SmtpReply): Error {
  return Object.assign(new Error(message), { responseCode: code })
}

export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = []
  const attempts = new Map<string, number>()
  const server = new SMTPServer({
    logger: false,
    // Plain text on loopback: the client under test runs with requireTLS off.
    disabledCommands: ['STARTTLS'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const wanted = options.credentials
      if (wanted && auth.username === wanted.user && auth.password === wanted.pass) return callback(null, { user: auth.username })
      callback(replyError({ code: 535, message: '5.7.8 Authentication credentials invalid' }))
    },
    onRcptTo(address, _session, callback) {
      const attempt = (attempts.get(address.address) ?? 0) + 1
      attempts.set(address.address, attempt)
      const reply = options.rejectRecipient?.(address.address, attempt)
      callback(reply ? replyError(reply) : null)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A TCP server that accepts connections and never says a word: the SMTP greeting times out. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
