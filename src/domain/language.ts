// The languages coursebridge speaks: the Service Center's and the built-in mails'. A participant's
// `language` (person field) chooses their mails; without one, the tenant's default language does.
import { z } from 'zod'

export const languages = ['en', 'nl', 'de'] as const
export type Language = (typeof languages)[number]

/** en | nl | de; a TMS's "NL" or " de " is read as the same. */
export const languageSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(languages),
)

/** The region each language is written for, for dates and numbers: English as in Europe (day first, 24 hours). */
export const localeTags: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' }
