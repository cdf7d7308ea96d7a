// Times as administrators read them: in the tenant's time zone, in the page's language, with the zone's
// short name ("3 Dec 2026, 15:13 CET", "3 dec 2026, 15:13 CET", "3. Dez. 2026, 15:13 MEZ").
import type { Locale } from './define-messages.ts'

/** The region each language is written for: English as in Europe (day before month, 24 hours). */
export const localeTags: Record<Locale, string> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' }

export type FormatWhen = (d: Date | string | null | undefined) => string

export function dateTimeFormatter(locale: Locale, timeZone: string): FormatWhen {
  const f = new Intl.DateTimeFormat(localeTags[locale], {
    timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  })
  return (d) => {
    if (!d) return '—'
    const date = typeof d === 'string' ? new Date(d) : d
    return Number.isNaN(date.getTime()) ? '—' : f.format(date)
  }
}

/** True for a time zone the runtime knows (an IANA name such as Europe/Amsterdam, or UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}
