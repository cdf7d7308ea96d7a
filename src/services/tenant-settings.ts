// A tenant's settings: the institute's house style for mails, and the action templates that decide
// which mail goes out when ("register and give access", "cancel access").
import { z } from 'zod'
import { houseStyleSchema } from '../mail/template-model.ts'
import type { Queryable } from '../store/database.ts'
import { getTenantSettings, saveTenantSettings } from '../store/templates.ts'
import type { SecretBox } from '../security/secret-box.ts'
import { generateWebhookSecret } from '../webhooks/standard-webhooks.ts'
import { languageSchema } from '../domain/language.ts'

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

const webhookUrl = z.url({ protocol: /^https?$/ }).max(2000)

/**
 * Where new results go in the training system, signed like Standard Webhooks. The signing secret is a
 * credential: stored sealed with the secret box (as LMS tokens are), opened only to sign a delivery.
 */
export const resultWebhookSchema = z.strictObject({
  url: webhookUrl,
  secretSealed: z.string().min(1),
})

/** The settings as stored and used inside coursebridge. */
const days = (max: number) => z.number().int().min(1).max(max)

/**
 * How long records are kept, in days; the maintenance job enforces them. Sent mails keep their row (so a
 * mail is never sent twice) without address, subject and body; delivered results lose their delivery log
 * (the result stays as the registration's history); idempotency records are replayed for 24 hours anyway.
 */
export const retentionSchema = z.strictObject({
  stepLogDays: days(3650).default(365),
  sentMailDays: days(3650).default(90),
  deliveredResultDays: days(3650).default(365),
  idempotencyRecordDays: days(365).default(1),
})
export type RetentionSettings = z.output<typeof retentionSchema>

/** True for a time zone the runtime knows (an IANA name such as Europe/Amsterdam, or UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * Language and time: the language of a participant's mails when the person has none, and the time zone
 * every time is shown in (Service Center pages, dates in mails).
 */
export const regionalSchema = z.strictObject({
  defaultLanguage: languageSchema.default('en'),
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not a known time zone (an IANA name such as Europe/Amsterdam)').default('UTC'),
})
export type RegionalSettings = z.output<typeof regionalSchema>

export const tenantSettingsSchema = z.strictObject({
  institute: houseStyleSchema.default(defaultHouseStyle),
  actionTemplates: actionTemplatesSchema.default(actionTemplatesSchema.parse({})),
  resultWebhook: resultWebhookSchema.nullable().default(null),
  retention: retentionSchema.default(retentionSchema.parse({})),
  regional: regionalSchema.default(regionalSchema.parse({})),
})
export type TenantSettings = z.output<typeof tenantSettingsSchema>

/**
 * PUT /api/v1/settings. The webhook secret is write-only: give `secret` to set one (or replace it); leave
 * it out to keep the one set (a GET answer, `{url, secretSet}`, can be sent back as it is). Without any
 * secret yet, coursebridge generates one and shows it once in the answer.
 */
export const tenantSettingsInputSchema = z.strictObject({
  institute: houseStyleSchema.default(defaultHouseStyle),
  actionTemplates: actionTemplatesSchema.default(actionTemplatesSchema.parse({})),
  resultWebhook: z.strictObject({
    url: webhookUrl,
    secret: z.string().min(16).max(200).optional(),
    /** What GET answers; ignored on input. */
    secretSet: z.boolean().optional(),
  }).nullable().default(null),
  /** Absent: the stored retention stays. */
  retention: retentionSchema.optional(),
  /** Absent: the stored language and time zone stay. */
  regional: regionalSchema.optional(),
})
export type TenantSettingsInput = z.output<typeof tenantSettingsInputSchema>

/** The API's view: no secret, only whether one is set. */
export function tenantSettingsView(settings: TenantSettings) {
  const { resultWebhook, ...rest } = settings
  return { ...rest, resultWebhook: resultWebhook ? { url: resultWebhook.url, secretSet: true } : null }
}

/** The settings to store from an API input; `shownSecret` is a secret generated now, to show once. */
export function settingsFromInput(box: SecretBox, current: TenantSettings, input: TenantSettingsInput): { settings: TenantSettings; shownSecret?: string } {
  const { resultWebhook, retention, regional, ...given } = input
  const rest = { ...given, retention: retention ?? current.retention, regional: regional ?? current.regional }
  if (!resultWebhook) return { settings: { ...rest, resultWebhook: null } }
  if (resultWebhook.secret) return { settings: { ...rest, resultWebhook: { url: resultWebhook.url, secretSealed: box.seal(resultWebhook.secret) } } }
  if (current.resultWebhook) return { settings: { ...rest, resultWebhook: { url: resultWebhook.url, secretSealed: current.resultWebhook.secretSealed } } }
  const shownSecret = generateWebhookSecret()
  return { settings: { ...rest, resultWebhook: { url: resultWebhook.url, secretSealed: box.seal(shownSecret) } }, shownSecret }
}

/**
 * Settings stored before the secret was sealed held it in clear (`resultWebhook.secret`): sealed at start,
 * before anything reads them. Answers how many tenants it changed.
 */
export async function sealStoredWebhookSecrets(db: Queryable, box: SecretBox): Promise<number> {
  const { rows } = await db.query<{ id: string; settings: Record<string, unknown> }>(
    "SELECT id, settings FROM tenants WHERE settings->'resultWebhook' ? 'secret'",
  )
  for (const row of rows) {
    const { secret, ...webhook } = row.settings.resultWebhook as { secret: string; url: string }
    await saveTenantSettings(db, row.id, { ...row.settings, resultWebhook: { ...webhook, secretSealed: box.seal(secret) } })
    cache.get(db)?.delete(row.id)
  }
  return rows.length
}

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
