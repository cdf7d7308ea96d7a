// First start: a tenant exists from the migrations; this adds the first API key and, on request, a
// sandbox connection with a demo course so that the README's curl example works right away.
import type { AppContext } from './context.ts'
import { countApiKeys, createApiKey } from '../security/api-keys.ts'
import { listConnections } from '../store/connections.ts'
import { insertCourseDefinition } from '../store/course-definitions.ts'
import { fieldMappingSchema } from '../domain/field-mapping.ts'
import { createConnection } from './connections.ts'

export const defaultTenant = 'default'

/** Returns the new key when none existed (to be shown once), else null. */
export async function ensureFirstApiKey(ctx: AppContext): Promise<string | null> {
  if ((await countApiKeys(ctx.db)) > 0) return null
  return (await createApiKey(ctx.db, defaultTenant, 'first key')).key
}

/** Adds the sandbox connection and the DEMO-101 course when the tenant has no connection yet. */
export async function ensureSandbox(ctx: AppContext): Promise<boolean> {
  if ((await listConnections(ctx.db, ctx.box, defaultTenant)).length > 0) return false
  const connection = await createConnection(ctx, defaultTenant, {
    name: 'sandbox', type: 'sandbox', environment: 'training', active: true, credentials: {},
    mapping: fieldMappingSchema.parse({}), settings: { sandboxLms: 'moodle' },
  })
  await insertCourseDefinition(ctx.db, defaultTenant, {
    code: 'DEMO-101', name: 'Demo e-learning (sandbox course CV-E101)', connectionId: connection.id,
    target: { type: 'moodle-course', by: 'id', value: '2' }, role: null, enrolStart: null, enrolEnd: null,
  })
  return true
}
