// The three built-in document templates, used until an institute writes its own. The HTML is a
// table layout with inline styles because that is what Outlook (Word engine), Gmail (strips <style> in
// some views) and Apple Mail all render the same; the button is a padded table cell, not CSS on <a>, so
// it stays clickable where background images and border-radius are ignored.
import type { DocumentTemplate } from './template-model.ts'

const font = "font-family:Arial,Helvetica,sans-serif;"
const paragraph = `margin:0 0 16px 0;${font}font-size:16px;line-height:24px;color:#333333;`

// Formal salutation when the TMS keeps one ("Dear Ms van der Berg"), first name otherwise.
const greeting =
  '{% if person.salutation %}{{ person.salutation }} {% if person.namePrefix %}{{ person.namePrefix }} {% endif %}' +
  '{{ person.lastName }}{% else %}Hello {{ person.firstName }}{% endif %},'

const coursePeriod =
  '{% if course.startDate %} (from {{ course.startDate | date: "%-d %B %Y" }}' +
  '{% if course.endDate %} to {{ course.endDate | date: "%-d %B %Y" }}{% endif %}){% endif %}'

interface Layout {
  /** The grey preview line most clients show after the subject. */
  preheader: string
  heading: string
  body: string
}

function houseStyleHtml({ preheader, heading, body }: Layout): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${heading}</title>
</head>
<body style="margin:0;padding:0;background-color:#f2f4f6;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f2f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;">
<tr><td style="padding:20px 32px;border-top:6px solid {{ institute.primaryColor }};">
{% if institute.logoUrl %}<img src="{{ institute.logoUrl }}" alt="{{ institute.name }}" height="48" style="display:block;height:48px;border:0;">{% else %}<span style="${font}font-size:20px;font-weight:bold;color:{{ institute.primaryColor }};">{{ institute.name }}</span>{% endif %}
</td></tr>
<tr><td style="padding:8px 32px 16px 32px;">
<h1 style="margin:0 0 20px 0;${font}font-size:24px;line-height:32px;color:{{ institute.primaryColor }};">${heading}</h1>
<p style="${paragraph}">${greeting}</p>
${body}
<p style="${paragraph}">Questions? Just reply to this e-mail or write to <a href="mailto:{{ institute.supportEmail }}" style="color:{{ institute.primaryColor }};">{{ institute.supportEmail }}</a>.</p>
<p style="${paragraph}">Kind regards,<br>{{ institute.name }}</p>
</td></tr>
<tr><td style="padding:16px 32px;background-color:#f8f9fa;border-top:1px solid #e5e8eb;${font}font-size:12px;line-height:18px;color:#6b7280;">{{ institute.footer }}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
}

function button(label: string, href: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
<tr><td align="center" bgcolor="{{ institute.accentColor }}" style="background-color:{{ institute.accentColor }};border-radius:4px;">
<a href="${href}" style="display:inline-block;padding:12px 28px;${font}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;">${label}</a>
</td></tr>
</table>
<p style="margin:0 0 16px 0;${font}font-size:13px;line-height:20px;color:#6b7280;">Button not working? Copy this address into your browser:<br><a href="${href}" style="color:{{ institute.primaryColor }};word-break:break-all;">${href}</a></p>`
}

/** A two-column box for login name and password; monospace so 'rn' and 'm' cannot be mixed up. */
function credentialsBox(rows: Array<[label: string, value: string]>): string {
  const cells = rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:6px 16px 6px 0;${font}font-size:15px;color:#6b7280;white-space:nowrap;">${label}</td>` +
        `<td style="padding:6px 0;font-family:Consolas,'Courier New',monospace;font-size:17px;font-weight:bold;color:#111111;">${value}</td></tr>`,
    )
    .join('\n')
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px 0;padding:12px 20px;background-color:#f8f9fa;border-left:4px solid {{ institute.primaryColor }};">
${cells}
</table>`
}

function textSignature(): string {
  return `Questions? Just reply to this e-mail or write to {{ institute.supportEmail }}.

Kind regards,
{{ institute.name }}

--
{{ institute.footer }}
`
}

export const newAccountTemplate: DocumentTemplate = {
  key: 'new-account',
  name: 'New account with login details',
  subject: 'Your {{ lms.name }} login for {{ course.name }}',
  html: houseStyleHtml({
    preheader: 'Your login name and password for {{ lms.name }}',
    heading: 'Welcome to {{ course.name }}',
    body: `<p style="${paragraph}">We have created an account for you on our learning platform, {{ lms.name }}, so you can start the e-learning part of <strong>{{ course.name }}</strong>${coursePeriod}. Here are your login details:</p>
${credentialsBox([
  ['Login name', '{{ login.name }}'],
  ['Password', '{{ login.password }}'],
])}
${button('Log in to {{ lms.name }}', '{{ login.url }}')}
<p style="${paragraph}"><strong>Please change your password after your first login.</strong> Keep your login details to yourself; we will never ask you for your password.</p>`,
  }),
  text: `${greeting}

We have created an account for you on our learning platform, {{ lms.name }}, so you can start the e-learning part of {{ course.name }}${coursePeriod}.

Your login details:

  Login name: {{ login.name }}
  Password:   {{ login.password }}

Log in here: {{ login.url }}

Please change your password after your first login. Keep your login details to yourself; we will never ask you for your password.

${textSignature()}`,
}

export const courseAccessTemplate: DocumentTemplate = {
  key: 'course-access',
  name: 'Existing account: new course available',
  subject: 'New course available: {{ course.name }}',
  html: houseStyleHtml({
    preheader: '{{ course.name }} is waiting for you in {{ lms.name }}',
    heading: 'A new course is waiting for you',
    body: `<p style="${paragraph}">Good news: you now have access to <strong>{{ course.name }}</strong>${coursePeriod} on {{ lms.name }}.</p>
<p style="${paragraph}">You already have an account, so simply <strong>use your existing login</strong>. Your login name is:</p>
${credentialsBox([['Login name', '{{ login.name }}']])}
${button('Go to {{ lms.name }}', '{{ login.url }}')}
<p style="${paragraph}">Forgotten your password? Use the “Forgotten your password?” link on the login page and you will receive a new one by e-mail.</p>`,
  }),
  text: `${greeting}

Good news: you now have access to {{ course.name }}${coursePeriod} on {{ lms.name }}.

You already have an account, so simply use your existing login.

  Login name: {{ login.name }}

Log in here: {{ login.url }}

Forgotten your password? Use the "Forgotten your password?" link on the login page and you will receive a new one by e-mail.

${textSignature()}`,
}

export const accessEndedTemplate: DocumentTemplate = {
  key: 'access-ended',
  name: 'Course access ended',
  subject: 'Your access to {{ course.name }} has ended',
  html: houseStyleHtml({
    preheader: 'Your access to {{ course.name }} in {{ lms.name }} has ended',
    heading: 'Your course access has ended',
    body: `<p style="${paragraph}">Your access to <strong>{{ course.name }}</strong> on {{ lms.name }} has ended, and the course no longer appears on your dashboard.</p>
<p style="${paragraph}">Your account itself stays active: any other courses you follow remain available with the same login name, <strong>{{ login.name }}</strong>.</p>
<p style="${paragraph}">Do you think this is a mistake, or would you like to continue the course? Please get in touch and we will gladly help.</p>`,
  }),
  text: `${greeting}

Your access to {{ course.name }} on {{ lms.name }} has ended, and the course no longer appears on your dashboard.

Your account itself stays active: any other courses you follow remain available with the same login name, {{ login.name }}.

Do you think this is a mistake, or would you like to continue the course? Please get in touch and we will gladly help.

${textSignature()}`,
}

export const defaultTemplates: readonly DocumentTemplate[] = Object.freeze([
  newAccountTemplate,
  courseAccessTemplate,
  accessEndedTemplate,
])
