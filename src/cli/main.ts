// coursebridge's command line: start (API + workers), worker (extra workers), keys, check, import, admin.
import { parseArgs } from 'node:util'
import { loadConfig, ConfigError, type Config } from '../config.ts'
import { runStart } from './start-command.ts'
import { runWorker } from './worker-command.ts'
import { runSimulator } from './simulator-command.ts'
import { parseScope, runKeys } from './keys-command.ts'
import { runCheckCommand } from './check-command.ts'
import { adoptHelp, runAdoptCommand } from './adopt-command.ts'
import { importUsage, runImportCommand } from './import-command.ts'
import { AdminCommandError, runAdminCreate, runAdminDisable, runAdminPassword } from './admin-command.ts'
import { describeStartupError } from './startup-errors.ts'
import { runSecretsReset, SecretsResetRefused } from './secrets-command.ts'
import { privateUmask } from '../store/private-files.ts'
import { SecretKeyError } from '../security/secret-box.ts'
import { SecretKeyMismatchError } from '../security/key-check.ts'
import { CommandUsageError } from './command-io.ts'
import { DataDirBusyError } from '../store/data-dir-lock.ts'

// Each command's lines of the overview; `coursebridge <command> --help` prints its own (exit 0).
const commands: [command: string, text: string][] = [
  ['start', `  start                 API, admin UI and workers in one process (embedded database unless DATABASE_URL)`],
  ['worker', `  worker                extra workers against the PostgreSQL server in DATABASE_URL`],
  ['keys', `  keys list             the API keys: id, name, scope, created, last used, revoked
  keys create [--name NAME] [--scope registrations|metrics|admin]
                        create an API key (shown once; scope admin unless given)
  keys revoke <id>      revoke an API key: refused from its next request on`],
  ['check', `  check <connection>    check an LMS connection's set-up (name or id); exit 1 when a step fails`],
  ['adopt', `  adopt --report [--connection NAME] [--json]
                        compare every person with the LMS before go-live (read-only): matched by key,
                        adoptable by e-mail, conflicts, not found`],
  ['import', `  import <file.csv> [--dry-run] [--resume] [--report <file>]
                        persons and registrations from CSV (README "Bulk import"); exit 1 when rows were refused`],
  ['admin', `  admin create <email> [--password-stdin]
                        create a Service Center administrator (password asked, or read from stdin)
  admin password <email> [--password-stdin]
                        set a new password for an administrator (their sessions end)
  admin disable <email> | admin enable <email>
                        stop an administrator from logging in (sessions end at once), or allow it again`],
  ['secrets', `  secrets reset         the secret key is lost: forget what was encrypted with it (LMS credentials, unsent
                        passwords, webhook secrets) and make the current key the data's key (service stopped)`],
  ['simulator', `  simulator moodle|ilias [--port N] [--latency MS|calibrated] [--workers N] [--debug] [--version 4.1|4.5|5.0]
                        a simulated Moodle or ILIAS on 127.0.0.1; prints its URL and credentials on one line
                        (--version: the Moodle release it answers as, 4.5 unless given)`],
]

const usage = `usage: coursebridge <command>   (coursebridge <command> --help: that command alone)

commands:
${commands.map(([, text]) => text).join('\n')}
`

/** `coursebridge <command> --help` (or -h, or `coursebridge help <command>`): usage on stdout, exit 0. */
function helpFor(command: string | undefined): string {
  const entry = commands.find(([c]) => c === command)
  if (!entry) return usage
  return command === 'import' ? importUsage : command === 'adopt' ? adoptHelp : `usage:\n${entry[1]}\n`
}

let config: Config | undefined

async function main(argv: string[]) {
  // Files and folders the commands create (DATA_DIR, the embedded database, secret.key, reports) are the user's alone.
  process.umask(privateUmask)
  const [command, ...rest] = argv
  // Help needs no configuration: it works before DATA_DIR or SECRET_KEY are set up.
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    if (command === undefined) {
      process.stderr.write(usage)
      process.exitCode = 2
    } else process.stdout.write(helpFor(command === 'help' ? rest[0] : undefined))
    return
  }
  if (!commands.some(([c]) => c === command)) {
    process.stderr.write(usage)
    process.exitCode = 2
    return
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpFor(command))
    return
  }
  config = loadConfig()
  switch (command) {
    case 'start':
      return runStart(config)
    case 'simulator':
      return runSimulator(rest)
    case 'worker':
      return runWorker(config)
    case 'keys': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' }, scope: { type: 'string' } } })
      const action = positionals[0]
      if (action !== 'create' && action !== 'list' && action !== 'revoke') break
      process.exitCode = await runKeys(config, action === 'create' ? { action, name: values.name ?? 'cli key', scope: parseScope(values.scope) }
        : action === 'list' ? { action } : { action, id: positionals[1] ?? '' })
      return
    }
    case 'check': {
      if (!rest[0]) break
      process.exitCode = await runCheckCommand(config, rest[0])
      return
    }
    case 'adopt':
      process.exitCode = await runAdoptCommand(config, rest)
      return
    case 'import':
      process.exitCode = await runImportCommand(config, rest)
      return
    case 'secrets':
      if (rest[0] !== 'reset') break
      return runSecretsReset(config)
    case 'admin': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'password-stdin': { type: 'boolean' } } })
      const passwordStdin = values['password-stdin'] ?? false
      if (positionals[0] === 'create') return runAdminCreate(config, positionals[1], { passwordStdin })
      if (positionals[0] === 'password') return runAdminPassword(config, positionals[1], { passwordStdin })
      if (positionals[0] === 'disable' || positionals[0] === 'enable') return runAdminDisable(config, positionals[1], positionals[0] === 'enable')
      break
    }
  }
  process.stderr.write(usage)
  process.exitCode = 2
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError || err instanceof CommandUsageError) {
    process.stderr.write(`${err.message}\n`)
    process.exit(2)
  }
  if (err instanceof DataDirBusyError || err instanceof SecretsResetRefused) {
    // A second `start` (or a command while another command holds the database): one sentence, no stack.
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
  if (err instanceof SecretKeyError || err instanceof SecretKeyMismatchError) {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
  // A port in use, a read-only or full data directory: one sentence, no stack.
  const known = config ? describeStartupError(err, config) : null
  if (known) {
    process.stderr.write(`coursebridge: ${known.message}\n`)
    process.exit(1)
  }
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
