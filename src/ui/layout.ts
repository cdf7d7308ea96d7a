// The page shell: skip link, header with the main navigation and log-out, one <main>, messages.
import { html, type Html } from './html.ts'

export const uiBase = '/ui'

export interface PageSession {
  email: string
  csrfToken: string
}

const nav = [
  ['overview', 'Overview', `${uiBase}/`],
  ['connections', 'Connections', `${uiBase}/connections`],
  ['courses', 'Course definitions', `${uiBase}/courses`],
  ['templates', 'Document templates', `${uiBase}/templates`],
  ['registrations', 'Registrations', `${uiBase}/registrations`],
  ['notifications', 'Notifications', `${uiBase}/notifications`],
  ['results', 'Results', `${uiBase}/results`],
  ['keys', 'API keys', `${uiBase}/keys`],
  ['admins', 'Administrators', `${uiBase}/admins`],
] as const
export type NavKey = (typeof nav)[number][0]

/** Messages after a redirect, chosen by a fixed key (never text from the URL). */
export const notices = {
  'connection-added': 'Connection added.',
  'connection-saved': 'Connection saved. Registrations that waited on it are retried.',
  'mapping-saved': 'Field mapping saved. It applies to accounts created or updated from now on.',
  'course-added': 'Course definition added.',
  'course-saved': 'Course definition saved.',
  'template-saved': 'Template saved.',
  'registered': 'Registration accepted. coursebridge is creating the account and giving access.',
  'retried': 'The registration is queued again.',
  'cancelled': 'Cancellation accepted: access will be removed; the account stays.',
  'resend-queued': 'A new password is being set and the credentials mail sent again.',
  'resolved': 'Notification resolved.',
  'logged-out': 'You are logged out.',
  'key-revoked': 'API key revoked: it is refused from now on.',
  'password-changed': 'Password changed. Your other sessions have ended.',
  'admin-disabled': 'Administrator disabled and logged out.',
  'admin-enabled': 'Administrator enabled: they can log in again.',
  'person-erased': 'The person\'s personal data was erased. The LMS account was left as it is.',
} as const
export type NoticeKey = keyof typeof notices

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
}): string {
  const notice = o.notice && Object.hasOwn(notices, o.notice) ? notices[o.notice as NoticeKey] : null
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · coursebridge Service Center</title>
<link rel="stylesheet" href="${uiBase}/assets/app.css">
<script src="${uiBase}/assets/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="brand"><a href="${uiBase}/">coursebridge <span>Service Center</span></a></div>
  ${o.session ? html`<nav aria-label="Main"><ul>${nav.map(([key, label, href]) => html`
    <li><a href="${href}"${key === o.current ? html` aria-current="page"` : ''}>${label}</a></li>`)}
  </ul></nav>
  <form class="logout" method="post" action="${uiBase}/logout">
    ${csrfField(o.session.csrfToken)}
    <span class="who">${o.session.email}</span> <button type="submit" class="link-button">Log out</button>
  </form>` : ''}
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
