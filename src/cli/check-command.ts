// coursebridge check <connection name or id>: the connection check as a readable checklist.
// Exit code 0 when no required item failed, 1 otherwise (2: no such connection).
import type { Config } from '../config.ts'
import type { AppContext } from '../services/context.ts'
import type { CommandIo } from './command-io.ts'
import { withDatabase } from './run-local-or-remote.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { ServiceError } from '../services/context.ts'
import { runConnectionCheck, type CheckOutcome } from '../check/run-check.ts'
import type { CheckItem } from '../check/check-item.ts'

const marks: Record<CheckItem['status'], string> = { pass: '✔', fail: '✖', unknown: '?' }

export function formatChecklist(name: string, report: CheckOutcome): string {
  const lines = [`Connection check of "${name}" (${report.connectionId}) at ${report.checkedAt}`, '']
  for (const item of report.items) {
    const optional = item.required ? '' : ' (optional)'
    lines.push(`${marks[item.status]} ${item.title}${optional}`, `    ${item.detail}`)
    if (item.fix && item.status !== 'pass') {
      lines.push(`    fix:  ${item.fix.text}`, `    menu: ${item.fix.menuPath}`)
      if (item.fix.adminUrl) lines.push(`    page: ${item.fix.adminUrl}`)
    }
  }
  const count = (s: CheckItem['status']) => report.items.filter((i) => i.status === s).length
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('unknown')} not provable — ` +
    (report.ok ? 'OK: no required step failed' : 'NOT OK: fix the ✖ steps and run the check again') +
    (report.unblocked ? '; the connection was blocked and is now resumed' : ''))
  return `${lines.join('\n')}\n`
}

export async function runCheckCommand(config: Config, idOrName: string): Promise<number> {
  // The queue runs (without workers) so an unblocked connection can queue its waiting registrations.
  return withDatabase(config, { command: 'check', connection: idOrName }, (ctx, io) => checkWith(ctx, idOrName, io), { queue: true })
}

export async function checkWith(ctx: AppContext, idOrName: string, io: CommandIo): Promise<number> {
  try {
    const report = await runConnectionCheck(ctx, defaultTenant, idOrName)
    io.out.write(formatChecklist(idOrName, report))
    return report.ok ? 0 : 1
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'CONNECTION_NOT_FOUND') {
      io.err.write(`${err.message}\n`)
      return 2
    }
    throw err
  }
}
