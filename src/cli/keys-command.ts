// `coursebridge keys list | create [--name] [--scope] | revoke <id>`: the API keys of the institute.
// A new key is printed once (stdout, alone on its line, for scripts); lists never show a key or its hash.
import type { Config } from '../config.ts'
import { createApp } from '../app.ts'
import { apiScopes, createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type ApiScope } from '../security/api-keys.ts'
import { defaultTenant } from '../services/bootstrap.ts'

export class KeysCommandError extends Error {}

async function withApp<T>(config: Config, fn: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>): Promise<T> {
  const app = await createApp({ ...config, runWorkers: false, logLevel: 'warn' })
  try {
    return await fn(app)
  } finally {
    await app.stop()
  }
}

export function parseScope(scope: string | undefined): ApiScope {
  if (scope === undefined) return 'admin'
  if (!(apiScopes as readonly string[]).includes(scope)) throw new KeysCommandError(`--scope must be one of ${apiScopes.join(', ')}`)
  return scope as ApiScope
}

export async function runKeysCreate(config: Config, name: string, scope: ApiScope = 'admin') {
  await withApp(config, async (app) => {
    const { key, id } = await createApiKey(app.ctx.db, defaultTenant, name, scope)
    process.stderr.write(`API key ${id} (${scope}) created; it is shown only now:\n`)
    process.stdout.write(`${key}\n`)
  })
}

const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '—')

export function formatKeyTable(keys: ApiKeyView[]): string {
  const rows = [['id', 'name', 'scope', 'starts with', 'created', 'last used', 'revoked'],
    ...keys.map((k) => [k.id, k.name, k.scope, `${k.prefix}…`, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n'
}

export async function runKeysList(config: Config) {
  await withApp(config, async (app) => {
    process.stdout.write(formatKeyTable(await listApiKeys(app.ctx.db, defaultTenant)))
  })
}

export async function runKeysRevoke(config: Config, id: string | undefined) {
  if (!id) throw new KeysCommandError('give the id of the key to revoke (coursebridge keys list shows them)')
  await withApp(config, async (app) => {
    const revoked = await revokeApiKey(app.ctx.db, defaultTenant, id)
    if (!revoked) throw new KeysCommandError(`no API key with the id ${id} (coursebridge keys list shows them)`)
    process.stdout.write(`API key ${revoked.id} (${revoked.name}) revoked; it is refused from now on.\n`)
  })
}
