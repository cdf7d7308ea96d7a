// A tenant's settings: the institute's house style for mails, and the action templates that decide
// which mail goes out when ("register and give access", "cancel access").
import { z } from 'zod'
import { houseStyleSchema } from '../mail/template-model.ts'
import type { Queryable } from '../store/database.ts'
import { getTenantSettings, saveTenantSettings } from '../store/templates.ts'

const templateKey = z.string().min(1).max(64).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)

export const actionTemplatesSchema = z.strictObject({
  register: z.strictObject({
    /** Send a mail at all when access is given. */
    sendMail: z.boolean().default(true),
    /** New account: the credentials mail (with password). */
    newAccountTemplate: templateKey.default('new-account'),
    /** Existing account: "a new course is available", no password. */
    courseAccessTemplate: templateKey.default('course-access'),
  }).default({ sendMail: true, newAccountTemplate: 'new-account', courseAccessTemplate: 'course-access' }),
  cancel: z.strictObject({
    /** Optional "your access has ended" mail. Off by default. */
    sendMail: z.boolean().default(false),
    accessEndedTemplate: templateKey.default('access-ended'),
  }).default({ sendMail: false, accessEndedTemplate: 'access-ended' }),
})

export const defaultHouseStyle = {
  name: 'Training institute',
  logoUrl: null,
  primaryColor: '#1a5276',
  accentColor: '#f39c12',
  footer: '',
  supportEmail: 'support@example.org',
} satisfies z.infer<typeof houseStyleSchema>

/** Where new results go in the training system (signed like Standard Webhooks with this secret). */
export const resultWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  secret: z.string().min(16).max(200),
})

export const tenantSettingsSchema = z.strictObject({
  institute: houseStyleSchema.default(defaultHouseStyle),
  actionTemplates: actionTemplatesSchema.default(actionTemplatesSchema.parse({})),
  resultWebhook: resultWebhookSchema.nullable().default(null),
})
export type TenantSettings = z.output<typeof tenantSettingsSchema>

// Read on every registration and mail: kept for a moment per database, dropped when saved here.
const cacheMs = 2_000
const cache = new WeakMap<Queryable, Map<string, { settings: TenantSettings; until: number }>>()

export async function loadTenantSettings(db: Queryable, tenantId: string): Promise<TenantSettings> {
  const perDb = cache.get(db) ?? new Map()
  cache.set(db, perDb)
  const hit = perDb.get(tenantId)
  if (hit && hit.until > Date.now()) return hit.settings
  const settings = tenantSettingsSchema.parse(await getTenantSettings(db, tenantId))
  perDb.set(tenantId, { settings, until: Date.now() + cacheMs })
  return settings
}

export async function storeTenantSettings(db: Queryable, tenantId: string, settings: TenantSettings) {
  await saveTenantSettings(db, tenantId, settings)
  cache.get(db)?.delete(tenantId)
}
