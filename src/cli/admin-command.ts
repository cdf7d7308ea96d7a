// `coursebridge admin create <email>`: an administrator for the Service Center. The password is asked
// twice on the terminal (not echoed), or read from standard input with --password-stdin (scripts).
import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { AdminExistsError, createAdminUser } from '../ui/auth/admin-users.ts'
import { passwordProblem } from '../ui/auth/password-hash.ts'

export class AdminCommandError extends Error {}

const emailPattern = /^[^\s@]+@[^\s@]+$/

export async function runAdminCreate(
  config: Config,
  email: string | undefined,
  o: { passwordStdin: boolean; input?: NodeJS.ReadStream; output?: NodeJS.WriteStream },
) {
  const input = o.input ?? process.stdin
  const output = o.output ?? process.stderr
  if (!email || !emailPattern.test(email) || email.length > 254) throw new AdminCommandError('give the administrator\'s e-mail address: coursebridge admin create you@example.org')
  let password: string
  if (o.passwordStdin) {
    password = (await readAll(input)).replace(/\r?\n$/, '')
  } else {
    if (!input.isTTY) throw new AdminCommandError('no terminal to ask for the password: pipe it in with --password-stdin')
    password = await askHidden(input, output, 'Password: ')
    if ((await askHidden(input, output, 'Same password again: ')) !== password) throw new AdminCommandError('the passwords differ; nothing was created')
  }
  const problem = passwordProblem(password)
  if (problem) throw new AdminCommandError(`the password needs ${problem}`)
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  try {
    const admin = await createAdminUser(app.ctx.db, defaultTenant, email, password)
    process.stdout.write(`Administrator ${admin.email} created. Log in at http://${config.host}:${config.port}/ui/\n`)
  } catch (err) {
    if (err instanceof AdminExistsError) throw new AdminCommandError(err.message)
    throw err
  } finally {
    await app.stop()
  }
}

async function readAll(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function askHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  output.write(prompt)
  return new Promise((resolve, reject) => {
    let value = ''
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const done = (err?: Error) => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      output.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new AdminCommandError('cancelled'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    input.on('data', onData)
  })
}
