// coursebridge adopt --report [--connection NAME] [--json]: before go-live, every person compared with the LMS
// of each connection (or of the one named): matched by key, adoptable by e-mail, conflicts, not found.
// Read-only: nothing is written in the LMS or in coursebridge. Exit 0; 2 for a usage error or an unknown connection.
import { parseArgs } from 'node:util'
import type { Config } from '../config.ts'
import type { AppContext } from '../services/context.ts'
import { ServiceError } from '../services/context.ts'
import { CommandUsageError, type CommandIo } from './command-io.ts'
import { withDatabase } from './run-local-or-remote.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { findConnection } from '../check/run-check.ts'
import { listConnections } from '../store/connections.ts'
import { adoptionReport, type AdoptionReport, type ReportEntry } from '../services/account-adoption.ts'

export const adoptHelp = `usage: coursebridge adopt --report [--connection NAME] [--json]

Compares every person with the LMS before go-live, read-only (nothing is written in the LMS or in coursebridge):
  matched by key   an account holds the person's external key (Moodle: ID number)
  adoptable        an account holds the person's e-mail address (compared ignoring case) and has no key;
                   under account matching "adopt" coursebridge takes it over, under "review" it is listed
  conflicts        an account with the e-mail carries another key, or several accounts hold the key or e-mail
  not found        coursebridge would create a new account

  --report           print the report (required: the command changes nothing)
  --connection NAME  only this connection (name or id); default: every connection
  --json             the report as JSON (the same as GET /api/v1/connections/{id}/adoption-report)

Runs inside the service when one runs on this DATA_DIR.
`

function parse(args: string[]) {
  const { values } = parseArgs({ args, options: {
    report: { type: 'boolean' }, connection: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  } })
  return values
}

export async function runAdoptCommand(config: Config, args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>
  try {
    values = parse(args)
  } catch (err) {
    throw new CommandUsageError(`${(err as Error).message}\n${adoptHelp}`)
  }
  if (values.help) {
    process.stdout.write(adoptHelp)
    return 0
  }
  if (!values.report) throw new CommandUsageError(`adopt needs --report\n${adoptHelp}`)
  return withDatabase(config, { command: 'adopt', args }, (ctx, io) => adoptWith(ctx, args, io))
}

export async function adoptWith(ctx: AppContext, args: string[], io: CommandIo): Promise<number> {
  let values: ReturnType<typeof parse>
  try {
    values = parse(args)
  } catch (err) {
    throw new CommandUsageError((err as Error).message)
  }
  if (!values.report) throw new CommandUsageError(`adopt needs --report\n${adoptHelp}`)
  let ids: string[]
  try {
    ids = values.connection ? [(await findConnection(ctx, defaultTenant, values.connection)).id]
      : (await listConnections(ctx.db, ctx.box, defaultTenant)).map((c) => c.id)
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'CONNECTION_NOT_FOUND') {
      io.err.write(`${err.message}\n`)
      return 2
    }
    throw err
  }
  if (ids.length === 0) {
    io.err.write('no connection yet\n')
    return 2
  }
  const reports: AdoptionReport[] = []
  for (const id of ids) reports.push(await adoptionReport(ctx, defaultTenant, id))
  io.out.write(values.json ? `${JSON.stringify(values.connection ? reports[0] : reports, null, 2)}\n` : reports.map(formatAdoptionReport).join('\n'))
  return 0
}

const emailLookupText: Record<AdoptionReport['emailLookup'], string> = {
  'any-case': 'e-mail addresses compared ignoring case',
  partly: 'some e-mail addresses compared only as given and in lower case (see "not found")',
  none: 'this LMS is matched by external key only: no e-mail lookup',
}

export function formatAdoptionReport(r: AdoptionReport): string {
  const c = r.counts
  const pad = (n: number) => String(n).padStart(6)
  const lines = [
    `Adoption report of "${r.connectionName}" (account matching: ${r.policy}) at ${r.checkedAt}`,
    `${pad(c.persons)}  persons`,
    `${pad(c.matchedByKey)}  matched by key`,
    `${pad(c.adoptable)}  adoptable (an account with the person's e-mail and no key)`,
    `${pad(c.conflicts)}  conflicts (an account with the e-mail and another key, or several accounts)`,
    `${pad(c.notFound)}  not found (a new account would be created)${c.notFoundUnsure > 0 ? `; ${c.notFoundUnsure} of them compared only as given and in lower case` : ''}`,
    `${emailLookupText[r.emailLookup]}; ${r.lmsCalls} LMS calls`,
  ]
  const section = (title: string, entries: ReportEntry[], total: number) => {
    if (entries.length === 0) return
    lines.push('', `${title}:`)
    for (const e of entries) {
      const accounts = e.accounts.map((a) => `account ${a.lmsUserId} (${a.loginName ?? '?'}${a.externalKey ? `, key ${a.externalKey}` : ''})`).join(', ')
      lines.push(`  ${e.personId}  ${e.email}${accounts ? ` → ${accounts}` : ''}${e.reason && title === 'Conflicts' ? ` — ${e.reason}` : ''}`)
    }
    if (total > entries.length) lines.push(`  … and ${total - entries.length} more`)
  }
  section('Adoptable', r.adoptable, c.adoptable)
  section('Conflicts', r.conflicts, c.conflicts)
  section('Not found', r.notFound, c.notFound)
  return `${lines.join('\n')}\n`
}
