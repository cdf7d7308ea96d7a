// "Reset to the default": a tenant's own version of a document template is deleted and the built-in one applies
// again. A template of the tenant's own with no built-in behind it is deleted outright, unless an action template
// still sends it (that would leave a mail with nothing to send).
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { loadTenantSettings } from './tenant-settings.ts'
import { templateFields } from './settings-update.ts'
import { defaultTemplates } from '../mail/default-templates.ts'
import { deleteStoredTemplate, getStoredTemplates, tenantTemplateKey } from '../store/templates.ts'
import type { DocumentTemplate } from '../mail/template-model.ts'

export interface TemplateResetPlan {
  key: string
  /** The tenant's own version, or null when the built-in one applies already. */
  stored: DocumentTemplate | null
  /** What applies after the reset: the built-in template, or null when the key has none (the template is gone). */
  builtIn: DocumentTemplate | null
  /** Action-template settings that send this key (they block deleting a template without a built-in one). */
  usedBy: string[]
}

export async function templateResetPlan(ctx: AppContext, tenantId: string, key: string): Promise<TemplateResetPlan> {
  const stored = (await getStoredTemplates(ctx.db, [{ tenantId, key }])).get(tenantTemplateKey(tenantId, key)) ?? null
  const builtIn = defaultTemplates.find((t) => t.key === key) ?? null
  if (!stored && !builtIn) throw new ServiceError(404, 'TEMPLATE_NOT_FOUND', 'no such template')
  const settings = await loadTenantSettings(ctx.db, tenantId)
  const usedBy = templateFields.filter(([, keyOf]) => keyOf(settings) === key).map(([path]) => path)
  return { key, stored, builtIn, usedBy }
}

/** Resets a template (idempotent: a built-in one without a version of the tenant's own stays as it is). */
export async function resetTemplate(ctx: AppContext, tenantId: string, key: string) {
  const plan = await templateResetPlan(ctx, tenantId, key)
  if (!plan.builtIn && plan.usedBy.length > 0) {
    ctx.log.warn({ template: key, code: 'TEMPLATE_IN_USE', usedBy: plan.usedBy }, `template ${key} not deleted: an action template sends it`)
    throw new ServiceError(409, 'TEMPLATE_IN_USE', `template "${key}" has no built-in version and is sent by ${plan.usedBy.join(', ')}; choose another template there first`,
      plan.usedBy.map((path) => ({ path, key, message: `sends template "${key}"` })))
  }
  const removed = await deleteStoredTemplate(ctx.db, tenantId, key)
  if (removed) ctx.log.info({ template: key }, plan.builtIn ? `template ${key} reset to the built-in version` : `template ${key} deleted`)
  return { ...plan, removed }
}
