// Saving a tenant's settings, the one path of PUT /api/v1/settings and the Service Center's settings page:
// the input schema's rules, then the templates the action templates name must exist.
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { findTemplate } from './mail-flow.ts'
import { generateWebhookSecret } from '../webhooks/standard-webhooks.ts'
import { loadTenantSettings, settingsFromInput, storeTenantSettings, tenantSettingsView, type TenantSettings, type TenantSettingsInput } from './tenant-settings.ts'

/** The action templates' template fields by path, for a refusal that names the field. */
export const templateFields = [
  ['actionTemplates.register.newAccountTemplate', (s: TenantSettings) => s.actionTemplates.register.newAccountTemplate],
  ['actionTemplates.register.courseAccessTemplate', (s: TenantSettings) => s.actionTemplates.register.courseAccessTemplate],
  ['actionTemplates.cancel.accessEndedTemplate', (s: TenantSettings) => s.actionTemplates.cancel.accessEndedTemplate],
] as const

/** Stores the settings of a parsed input; `shownSecret` is a webhook secret generated now, to show once. */
export async function saveSettings(ctx: AppContext, tenantId: string, input: TenantSettingsInput) {
  const { settings, shownSecret } = settingsFromInput(ctx.box, await loadTenantSettings(ctx.db, tenantId), input)
  const unknown = []
  for (const [path, keyOf] of templateFields) {
    const key = keyOf(settings)
    if (!(await findTemplate(ctx, tenantId, key))) unknown.push({ path, key })
  }
  if (unknown.length > 0) {
    throw new ServiceError(422, 'TEMPLATE_NOT_FOUND', `no document template "${unknown[0]!.key}"`,
      unknown.map((u) => ({ path: u.path, key: u.key, message: `There is no document template "${u.key}".` })))
  }
  await storeTenantSettings(ctx.db, tenantId, settings)
  return { view: tenantSettingsView(settings), shownSecret }
}

/** A new signing secret for the results webhook (rotation): answered to show once, stored sealed. */
export async function rotateResultWebhookSecret(ctx: AppContext, tenantId: string): Promise<string> {
  const current = await loadTenantSettings(ctx.db, tenantId)
  if (!current.resultWebhook) throw new ServiceError(409, 'RESULT_WEBHOOK_NOT_SET', 'set the result webhook URL first (PUT /api/v1/settings)')
  const secret = generateWebhookSecret()
  await storeTenantSettings(ctx.db, tenantId, { ...current, resultWebhook: { url: current.resultWebhook.url, secretSealed: ctx.box.seal(secret) } })
  return secret
}
