// A notification code's words on a Service Center page: title, cause and fix in the page's language (the
// catalogue's Dutch and German renderings). The message recorded with a notification is written when it happens,
// in English, often with the LMS's own words in it: on a Dutch or German page it is marked as English text.
import { html, type Html } from './html.ts'
import type { Translator } from './i18n/i18n.ts'
import { describeCode, type CatalogueEntry } from '../notifications/catalogue.ts'

export function codeWords(i18n: Pick<Translator, 'locale'>, code: string): CatalogueEntry {
  return describeCode(code, i18n.locale)
}

export function recordedMessage(i18n: Pick<Translator, 'locale' | 't'>, message: string | null | undefined): Html | string {
  if (!message) return ''
  if (i18n.locale === 'en') return message
  return html`<span lang="en" class="recorded-message" title="${i18n.t('notifications.originalMessage')}">${message}</span>`
}
