// `coursebridge keys list | create [--name] [--scope] | revoke <id>`: the API keys of the institute.
// A new key is printed once (stdout, alone on its line, for scripts); lists never show a key or its hash.
import type { Config } from '../config.ts'
import type { AppContext } from '../services/context.ts'
import { apiScopes, createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type ApiScope } from '../security/api-keys.ts'
import { defaultTenant } from '../services/bootstrap.ts'
import { CommandUsageError, type CommandIo } from './command-io.ts'
import { withDatabase } from './run-local-or-remote.ts'

export class KeysCommandError extends CommandUsageError {}

/** The three subcommands, in the running service (embedded database) or on the database itself. */
export type KeysRequest = { action: 'create'; name: string; scope: ApiScope } | { action: 'list' } | { action: 'revoke'; id: string }

export async function runKeys(config: Config, r: KeysRequest): Promise<number> {
  if (r.action === 'revoke' && !r.id) throw new KeysCommandError('give the id of the key to revoke (coursebridge keys list shows them)')
  return withDatabase(config, { command: 'keys', keys: r }, (ctx, io) => keysWith(ctx, r, io))
}

export async function keysWith(ctx: AppContext, r: KeysRequest, io: CommandIo): Promise<number> {
  switch (r.action) {
    case 'create': {
      const { key, id } = await createApiKey(ctx.db, defaultTenant, r.name, r.scope)
      io.err.write(`API key ${id} (${r.scope}) created; it is shown only now:\n`)
      io.out.write(`${key}\n`)
      return 0
    }
    case 'list':
      io.out.write(formatKeyTable(await listApiKeys(ctx.db, defaultTenant)))
      return 0
    case 'revoke': {
      const revoked = await revokeApiKey(ctx.db, defaultTenant, r.id)
      if (!revoked) throw new KeysCommandError(`no API key with the id ${r.id} (coursebridge keys list shows them)`)
      io.out.write(`API key ${revoked.id} (${revoked.name}) revoked; it is refused from now on.\n`)
      return 0
    }
  }
}

export function parseScope(scope: string | undefined): ApiScope {
  if (scope === undefined) return 'admin'
  if (!(apiScopes as readonly string[]).includes(scope)) throw new KeysCommandError(`--scope must be one of ${apiScopes.join(', ')}`)
  return scope as ApiScope
}

const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '—')

export function formatKeyTable(keys: ApiKeyView[]): string {
  const rows = [['id', 'name', 'scope', 'starts with', 'created', 'last used', 'revoked'],
    ...keys.map((k) => [k.id, k.name, k.scope, `${k.prefix}…`, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n'
}
