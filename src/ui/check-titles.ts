// A connection check item's title in the page's language, by the item's id (the check reports in English for the
// API and the logs). An id not known here (added later) keeps its English title, marked as English.
import { escapeHtml, html, Html } from './html.ts'
import { catalogue } from './i18n/catalogue.ts'
import { renderCheckText, type CheckText } from '../check/check-text.ts'
import type { PlainKey, Translator } from './i18n/i18n.ts'

const fixed: Record<string, PlainKey> = {
  webservices: 'checkItem.webservices', 'rest-protocol': 'checkItem.rest', token: 'checkItem.token', 'service-access': 'checkItem.access',
  'moodle-version': 'checkItem.version', showuseridentity: 'checkItem.showIdentity', 'site-policy': 'checkItem.sitePolicy',
  'results-plugin': 'checkItem.plugin', 'soap-endpoint': 'checkItem.soap', login: 'checkItem.login', 'soap-administration': 'checkItem.soapAdmin',
  'user-folder': 'checkItem.folder', 'global-role': 'checkItem.role', 'required-fields': 'checkItem.required',
}

export function checkItemTitle({ t, locale }: Translator, lms: 'moodle' | 'ilias', item: { id: string; title: string }): Html | string {
  if (locale === 'en') return item.title
  const [kind, ...rest] = item.id.split(':')
  const arg = rest.join(':')
  if (item.id === 'site') return t(lms === 'ilias' ? 'checkItem.ilias.site' : 'checkItem.moodle.site')
  if (Object.hasOwn(fixed, item.id)) return t(fixed[item.id]!)
  if (kind === 'function' && arg) return t('checkItem.function', { fn: arg })
  if (kind === 'optional' && arg) return t('checkItem.optional', { fn: arg })
  if (kind === 'capability' && arg) return t('checkItem.capability', { cap: arg })
  if (kind === 'profile-field' && arg) return t('checkItem.profileField', { name: arg })
  if (kind === 'course' && arg) return t('checkItem.course', { code: arg })
  return html`<span lang="en">${item.title}</span>`
}

/** Parameters that hold an LMS's own words (its answers, menu and setting names): never translated, marked as English. */
const lmsWords = new Set(['lms', 'setting', 'menu', 'protocols', 'button', 'name', 'auth', 'fields'])

/**
 * A check item's detail or fix text in the page's language, from its message (check-text.ts); the LMS's own words
 * inside stay as they are, marked as English. A result without a message (from before it had one) shows its English
 * text, marked as English.
 */
export function checkText({ locale }: Translator, message: CheckText | undefined, englishText: string, title: string): Html | string {
  if (locale === 'en') return englishText
  if (!message) return html`<span lang="en" title="${title}">${englishText}</span>`
  return renderCheckText<Html>(message, catalogue[locale], (name, v) => (lmsWords.has(name) && v !== '' ? html`<span lang="en">${v}</span>` : html`${v}`),
    (parts) => new Html(parts.map((p) => (typeof p === 'string' ? escapeHtml(p) : p.value)).join('')))
}
