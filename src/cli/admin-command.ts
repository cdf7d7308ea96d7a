// `coursebridge admin create <email>`: an administrator for the Service Center; `admin password <email>`:
// a new password for one (theirs, or a forgotten one); `admin disable|enable <email>`. The password is
// asked twice on the terminal (not echoed), or read from standard input with --password-stdin (scripts).
import type { Config } from '../config.ts'
import type { AppContext } from '../services/context.ts'
import { CommandUsageError, type CommandIo } from './command-io.ts'
import { withDatabase } from './run-local-or-remote.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { AdminExistsError, createAdminUser, disableAdminUser, enableAdminUser, findAdminByEmail, setAdminPassword } from '../ui/auth/admin-users.ts'
import { passwordProblem } from '../ui/auth/password-hash.ts'

/** A refused `admin create`: its message is printed as it is, exit code 2. */
export class AdminCommandError extends CommandUsageError {}

const emailPattern = /^[^\s@]+@[^\s@]+$/

type PasswordInput = { passwordStdin: boolean; input?: NodeJS.ReadStream; output?: NodeJS.WriteStream }

async function readNewPassword(o: PasswordInput): Promise<string> {
  const input = o.input ?? process.stdin
  const output = o.output ?? process.stderr
  let password: string
  if (o.passwordStdin) {
    password = (await readAll(input)).replace(/\r?\n$/, '')
  } else {
    if (!input.isTTY) throw new AdminCommandError('no terminal to ask for the password: pipe it in with --password-stdin')
    password = await askHidden(input, output, 'Password: ')
    if ((await askHidden(input, output, 'Same password again: ')) !== password) throw new AdminCommandError('the passwords differ; nothing was changed')
  }
  const problem = passwordProblem(password)
  if (problem) throw new AdminCommandError(`the password needs ${problem}`)
  return password
}

function checkEmail(email: string | undefined, command: string): asserts email is string {
  if (!email || !emailPattern.test(email) || email.length > 254) throw new AdminCommandError(`give the administrator's e-mail address: coursebridge admin ${command} you@example.org`)
}

export async function runAdminCreate(config: Config, email: string | undefined, o: PasswordInput) {
  checkEmail(email, 'create')
  const password = await readNewPassword(o)
  // In the running service on the embedded database (the administrator can log in at once), else here.
  const code = await withDatabase(config, { command: 'admin-create', email, password }, (ctx, io) => createAdminWith(ctx, email, password, io))
  if (code !== 0) process.exitCode = code
}

/** Creates the administrator (in the running service, or in this process on its own database). */
export async function createAdminWith(ctx: AppContext, email: string, password: string, io: CommandIo): Promise<number> {
  try {
    const admin = await createAdminUser(ctx.db, defaultTenant, email, password)
    io.out.write(`Administrator ${admin.email} created. Log in at http://${ctx.config.host}:${ctx.config.port}/ui/\n`)
    return 0
  } catch (err) {
    if (err instanceof AdminExistsError) throw new AdminCommandError(err.message)
    throw err
  }
}

/** A new password for an administrator; every session of theirs ends (in the running service, or here). */
export async function runAdminPassword(config: Config, email: string | undefined, o: PasswordInput) {
  checkEmail(email, 'password')
  const password = await readNewPassword(o)
  const code = await withDatabase(config, { command: 'admin-password', email, password }, (ctx, io) => setAdminPasswordWith(ctx, email, password, io))
  if (code !== 0) process.exitCode = code
}

export async function setAdminPasswordWith(ctx: AppContext, email: string, password: string, io: CommandIo): Promise<number> {
  const admin = await findAdminByEmail(ctx.db, email)
  if (!admin) throw new AdminCommandError(`there is no administrator ${email}`)
  await setAdminPassword(ctx.db, admin.id, password)
  await ctx.db.query('DELETE FROM admin_sessions WHERE admin_user_id = $1', [admin.id])
  io.out.write(`New password set for ${admin.email}; their sessions have ended.\n`)
  return 0
}

export async function runAdminDisable(config: Config, email: string | undefined, enable: boolean) {
  checkEmail(email, enable ? 'enable' : 'disable')
  const code = await withDatabase(config, { command: 'admin-enable', email, enable }, (ctx, io) => setAdminEnabledWith(ctx, email, enable, io))
  if (code !== 0) process.exitCode = code
}

export async function setAdminEnabledWith(ctx: AppContext, email: string, enable: boolean, io: CommandIo): Promise<number> {
  const admin = await findAdminByEmail(ctx.db, email)
  if (!admin) throw new AdminCommandError(`there is no administrator ${email}`)
  if (enable) await enableAdminUser(ctx.db, admin.tenant_id, admin.id)
  else await disableAdminUser(ctx.db, admin.tenant_id, admin.id)
  io.out.write(enable ? `Administrator ${admin.email} enabled.\n` : `Administrator ${admin.email} disabled and logged out.\n`)
  return 0
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
