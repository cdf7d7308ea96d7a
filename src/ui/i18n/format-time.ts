// Times as administrators read them: in the tenant's time zone, in the page's language, with the zone's
// short name ("3 Dec 2026, 15:13 CET", "3 dec 2026, 15:13 CET", "3. Dez. 2026, 15:13 MEZ").
import type { Locale } from './define-messages.ts'
import { localeTags } from '../../domain/language.ts'

export { localeTags }

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
