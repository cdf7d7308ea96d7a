// Document templates per tenant (the built-in defaults apply until a tenant saves its own) and the
// tenant's settings: house style and action templates.
import type { Queryable } from './database.ts'
import type { DocumentTemplate } from '../mail/template-model.ts'

/** Map key of a tenant's template in getStoredTemplates' answer. */
export const tenantTemplateKey = (tenantId: string, key: string) => `${tenantId}\u0000${key}`

/** The stored templates of several (tenant, key) pairs in one statement, by tenantTemplateKey; pairs without one are absent. */
export async function getStoredTemplates(
  db: Queryable,
  wanted: { tenantId: string; key: string }[],
): Promise<Map<string, DocumentTemplate>> {
  if (wanted.length === 0) return new Map()
  const { rows } = await db.query<{ tenant_id: string; key: string; template: DocumentTemplate }>(
    `SELECT t.tenant_id, t.key, t.template FROM document_templates t
     JOIN unnest($1::text[], $2::text[]) AS w(tenant_id, key) ON w.tenant_id = t.tenant_id AND w.key = t.key`,
    [wanted.map((w) => w.tenantId), wanted.map((w) => w.key)],
  )
  return new Map(rows.map((r) => [tenantTemplateKey(r.tenant_id, r.key), r.template]))
}

export async function listStoredTemplates(db: Queryable, tenantId: string): Promise<DocumentTemplate[]> {
  const { rows } = await db.query<{ template: DocumentTemplate }>(
    'SELECT template FROM document_templates WHERE tenant_id = $1 ORDER BY key',
    [tenantId],
  )
  return rows.map((r) => r.template)
}

export async function saveTemplate(db: Queryable, tenantId: string, template: DocumentTemplate) {
  await db.query(
    `INSERT INTO document_templates (tenant_id, key, template) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, key) DO UPDATE SET template = EXCLUDED.template, updated_at = now()`,
    [tenantId, template.key, JSON.stringify(template)],
  )
}

/** Deletes the tenant's own version of a template (the built-in one applies again); false when there was none. */
export async function deleteStoredTemplate(db: Queryable, tenantId: string, key: string): Promise<boolean> {
  const r = await db.query('DELETE FROM document_templates WHERE tenant_id = $1 AND key = $2', [tenantId, key])
  return r.affectedRows > 0
}

export async function getTenantSettings(db: Queryable, tenantId: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM tenants WHERE id = $1', [tenantId])
  return rows[0]?.settings ?? {}
}

export async function saveTenantSettings(db: Queryable, tenantId: string, settings: Record<string, unknown>) {
  await db.query('UPDATE tenants SET settings = $2 WHERE id = $1', [tenantId, JSON.stringify(settings)])
}
