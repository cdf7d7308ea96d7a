// The page shell: skip link, header with the main navigation and log-out, one <main>, messages.
import { html, type Html } from './html.ts'
import { locales, type Locale, type MessageKey, type Translator } from './i18n/i18n.ts'

export const uiBase = '/ui'

export interface PageSession {
  email: string
  csrfToken: string
}

const nav = [
  ['overview', 'nav.overview', `${uiBase}/`],
  ['connections', 'nav.connections', `${uiBase}/connections`],
  ['courses', 'nav.courses', `${uiBase}/courses`],
  ['templates', 'nav.templates', `${uiBase}/templates`],
  ['registrations', 'nav.registrations', `${uiBase}/registrations`],
  ['notifications', 'nav.notifications', `${uiBase}/notifications`],
  ['account-reviews', 'accountReviews.nav', `${uiBase}/account-reviews`],
  ['results', 'nav.results', `${uiBase}/results`],
  ['persons', 'logs.nav.persons', `${uiBase}/persons`],
  ['outbox', 'outbox.nav', `${uiBase}/outbox`],
  ['import', 'import.nav', `${uiBase}/import`],
  ['logs', 'logs.nav.logs', `${uiBase}/logs/lms-calls`],
  ['settings', 'settings.nav', `${uiBase}/settings`],
  ['keys', 'nav.keys', `${uiBase}/keys`],
  ['admins', 'nav.admins', `${uiBase}/admins`],
  ['regional', 'nav.regional', `${uiBase}/language-and-time`],
] as const satisfies readonly (readonly [string, MessageKey, string])[]
export type NavKey = (typeof nav)[number][0]

/** Messages after a redirect (?done=…), chosen by a fixed key (never text from the URL). */
export const notices = {
  'connection-added': 'notice.connection-added',
  'connection-saved': 'notice.connection-saved',
  'mapping-saved': 'notice.mapping-saved',
  'course-added': 'notice.course-added',
  'course-saved': 'notice.course-saved',
  'template-saved': 'notice.template-saved',
  'registered': 'notice.registered',
  'retried': 'notice.retried',
  'retried-many': 'logs.notice.retriedMany',
  'cancelled': 'notice.cancelled',
  'resend-queued': 'notice.resend-queued',
  'resolved': 'notice.resolved',
  'logged-out': 'notice.logged-out',
  'key-revoked': 'notice.key-revoked',
  'password-changed': 'notice.password-changed',
  'admin-added': 'notice.admin-added',
  'admin-disabled': 'notice.admin-disabled',
  'admin-enabled': 'notice.admin-enabled',
  'person-erased': 'notice.person-erased',
  'registration-removed': 'settings.notice.registration-removed',
  'house-style-saved': 'settings.notice.house-style-saved',
  'action-templates-saved': 'settings.notice.action-templates-saved',
  'result-webhook-saved': 'settings.notice.result-webhook-saved',
  'retention-saved': 'settings.notice.retention-saved',
  'regional-saved': 'notice.regional-saved',
  'poll-queued': 'settings.notice.poll-queued',
  'course-archived': 'archive.notice.courseArchived',
  'course-restored': 'archive.notice.courseRestored',
  'course-deleted': 'archive.notice.courseDeleted',
  'course-not-verified': 'archive.notice.courseNotVerified',
  'connection-archived': 'archive.notice.connectionArchived',
  'connection-restored': 'archive.notice.connectionRestored',
  'connection-deleted': 'archive.notice.connectionDeleted',
  'template-reset': 'archive.notice.templateReset',
  'template-deleted': 'archive.notice.templateDeleted',
  'mail-sending': 'outbox.notice.sending',
  'mail-discarded': 'outbox.notice.discarded',
  'person-saved': 'personForm.saved',
} as const satisfies Record<string, MessageKey>
export type NoticeKey = keyof typeof notices

/** Each language named in itself, as a language switch shows them. */
const languageNames: Record<Locale, string> = { en: 'English', nl: 'Nederlands', de: 'Deutsch' }

export function csrfField(csrfToken: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrfToken}">`
}

export function page(o: {
  title: string
  current?: NavKey
  session?: PageSession
  notice?: string | null
  error?: string | null
  body: Html
  i18n: Translator
  /** The page's own address, to come back to after switching the language. */
  path: string
}): string {
  const { t, locale } = o.i18n
  const notice = o.notice && Object.hasOwn(notices, o.notice) ? t(notices[o.notice as NoticeKey]) : null
  const back = encodeURIComponent(o.path)
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · coursebridge ${t('layout.serviceCenter')}</title>
<link rel="stylesheet" href="${uiBase}/assets/app.css">
<script src="${uiBase}/assets/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${t('layout.skipToMain')}</a>
<header class="site-header">
  <div class="brand"><a href="${uiBase}/">coursebridge <span>${t('layout.serviceCenter')}</span></a></div>
  ${o.session ? html`<nav aria-label="${t('layout.mainNav')}"><ul>${nav.map(([key, label, href]) => html`
    <li><a href="${href}"${key === o.current ? html` aria-current="page"` : ''}>${t(label)}</a></li>`)}
  </ul></nav>
  <form class="logout" method="post" action="${uiBase}/logout">
    ${csrfField(o.session.csrfToken)}
    <span class="who">${o.session.email}</span> <button type="submit" class="link-button">${t('layout.logOut')}</button>
  </form>` : ''}
  <nav class="languages" aria-label="${t('layout.language')}"><ul>${locales.map((l) => html`
    <li><a href="${uiBase}/language?lang=${l}&amp;next=${back}" lang="${l}" hreflang="${l}"${l === locale ? html` aria-current="true"` : ''}>${languageNames[l]}</a></li>`)}
  </ul></nav>
</header>
<main id="main" tabindex="-1"${o.session ? html` data-csrf="${o.session.csrfToken}"` : ''}>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${o.error ? html`<p class="error-summary" role="alert">${o.error}</p>` : ''}
${o.body}
</main>
</body>
</html>
`.value
}
