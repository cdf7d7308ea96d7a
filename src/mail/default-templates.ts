// The three built-in document templates, used until an institute writes its own. The HTML is a
// table layout with inline styles because that is what Outlook (Word engine), Gmail (strips <style> in
// some views) and Apple Mail all render the same; the button is a padded table cell, not CSS on <a>, so
// it stays clickable where background images and border-radius are ignored.
import type { DocumentTemplate } from './template-model.ts'
import { languages, type Language } from '../domain/language.ts'

const font = "font-family:Arial,Helvetica,sans-serif;"
const paragraph = `margin:0 0 16px 0;${font}font-size:16px;line-height:24px;color:#333333;`

interface Layout {
  /** The grey preview line most clients show after the subject. */
  preheader: string
  heading: string
  body: string
}

function houseStyleHtml(w: Words, { preheader, heading, body }: Layout): string {
  return `<!DOCTYPE html>
<html lang="${w.lang}">
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
<p style="${paragraph}">${greeting(w)}</p>
${body}
<p style="${paragraph}">${w.questions('<a href="mailto:{{ institute.supportEmail }}" style="color:{{ institute.primaryColor }};">{{ institute.supportEmail }}</a>')}</p>
<p style="${paragraph}">${w.regards},<br>{{ institute.name }}</p>
</td></tr>
<tr><td style="padding:16px 32px;background-color:#f8f9fa;border-top:1px solid #e5e8eb;${font}font-size:12px;line-height:18px;color:#6b7280;">{{ institute.footer }}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
}

function button(w: Words, label: string, href: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
<tr><td align="center" bgcolor="{{ institute.accentColor }}" style="background-color:{{ institute.accentColor }};border-radius:4px;">
<a href="${href}" style="display:inline-block;padding:12px 28px;${font}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;">${label}</a>
</td></tr>
</table>
<p style="margin:0 0 16px 0;${font}font-size:13px;line-height:20px;color:#6b7280;">${w.buttonFallback}<br><a href="${href}" style="color:{{ institute.primaryColor }};word-break:break-all;">${href}</a></p>`
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

function textSignature(w: Words): string {
  return `${w.questions('{{ institute.supportEmail }}')}

${w.regards},
{{ institute.name }}

--
{{ institute.footer }}
`
}


/** Everything a built-in template says, in one language. `b` makes a phrase bold in HTML (plain in text). */
interface Words {
  lang: Language
  hello: string
  /** Liquid date format of course dates ("4 March 2026", "4 maart 2026", "4. März 2026"). */
  dateFormat: string
  from: string
  to: string
  questions: (address: string) => string
  regards: string
  buttonFallback: string
  loginName: string
  password: string
  newAccount: {
    name: string; subject: string; preheader: string; heading: string
    intro: (b: Bold, period: string) => string; detailsLead: string; textDetailsLead: string; button: string; textLink: string
    change: (b: Bold) => string
  }
  courseAccess: {
    name: string; subject: string; preheader: string; heading: string
    intro: (b: Bold, period: string) => string; existing: (b: Bold) => string; textExisting: string; button: string; textLink: string; forgotten: string
  }
  accessEnded: {
    name: string; subject: string; preheader: string; heading: string
    ended: (b: Bold) => string; accountStays: (b: Bold) => string; mistake: string
  }
}
type Bold = (s: string) => string
const strong: Bold = (s) => `<strong>${s}</strong>`
const plain: Bold = (s) => s

const words: Record<Language, Words> = {
  en: {
    lang: 'en', hello: 'Hello', dateFormat: '%-d %B %Y', from: 'from', to: 'to',
    questions: (a) => `Questions? Just reply to this e-mail or write to ${a}.`,
    regards: 'Kind regards',
    buttonFallback: 'Button not working? Copy this address into your browser:',
    loginName: 'Login name', password: 'Password',
    newAccount: {
      name: 'New account with login details',
      subject: 'Your {{ lms.name }} login for {{ course.name }}',
      preheader: 'Your login name and password for {{ lms.name }}',
      heading: 'Welcome to {{ course.name }}',
      intro: (b, period) => `We have created an account for you on our learning platform, {{ lms.name }}, so you can start the e-learning part of ${b('{{ course.name }}')}${period}.`,
      detailsLead: 'Here are your login details:', textDetailsLead: 'Your login details:',
      button: 'Log in to {{ lms.name }}', textLink: 'Log in here:',
      change: (b) => `${b('Please change your password after your first login.')} Keep your login details to yourself; we will never ask you for your password.`,
    },
    courseAccess: {
      name: 'Existing account: new course available',
      subject: 'New course available: {{ course.name }}',
      preheader: '{{ course.name }} is waiting for you in {{ lms.name }}',
      heading: 'A new course is waiting for you',
      intro: (b, period) => `Good news: you now have access to ${b('{{ course.name }}')}${period} on {{ lms.name }}.`,
      existing: (b) => `You already have an account, so simply ${b('use your existing login')}. Your login name is:`,
      textExisting: 'You already have an account, so simply use your existing login.',
      button: 'Go to {{ lms.name }}', textLink: 'Log in here:',
      forgotten: 'Forgotten your password? Use the “Forgotten your password?” link on the login page and you will receive a new one by e-mail.',
    },
    accessEnded: {
      name: 'Course access ended',
      subject: 'Your access to {{ course.name }} has ended',
      preheader: 'Your access to {{ course.name }} in {{ lms.name }} has ended',
      heading: 'Your course access has ended',
      ended: (b) => `Your access to ${b('{{ course.name }}')} on {{ lms.name }} has ended, and the course no longer appears on your dashboard.`,
      accountStays: (b) => `Your account itself stays active: any other courses you follow remain available with the same login name, ${b('{{ login.name }}')}.`,
      mistake: 'Do you think this is a mistake, or would you like to continue the course? Please get in touch and we will gladly help.',
    },
  },
  nl: {
    lang: 'nl', hello: 'Beste', dateFormat: '%-d %B %Y', from: 'van', to: 'tot en met',
    questions: (a) => `Vragen? Beantwoord deze e-mail of schrijf naar ${a}.`,
    regards: 'Met vriendelijke groet',
    buttonFallback: 'Werkt de knop niet? Kopieer dit adres naar uw browser:',
    loginName: 'Gebruikersnaam', password: 'Wachtwoord',
    newAccount: {
      name: 'Nieuw account met inloggegevens',
      subject: 'Uw inloggegevens voor {{ lms.name }}: {{ course.name }}',
      preheader: 'Uw gebruikersnaam en wachtwoord voor {{ lms.name }}',
      heading: 'Welkom bij {{ course.name }}',
      intro: (b, period) => `We hebben een account voor u aangemaakt op onze leeromgeving, {{ lms.name }}, zodat u kunt beginnen aan het e-learninggedeelte van ${b('{{ course.name }}')}${period}.`,
      detailsLead: 'Dit zijn uw inloggegevens:', textDetailsLead: 'Uw inloggegevens:',
      button: 'Inloggen bij {{ lms.name }}', textLink: 'Hier inloggen:',
      change: (b) => `${b('Wijzig uw wachtwoord na de eerste keer inloggen.')} Houd uw inloggegevens voor uzelf; wij vragen u nooit om uw wachtwoord.`,
    },
    courseAccess: {
      name: 'Bestaand account: nieuwe cursus beschikbaar',
      subject: 'Nieuwe cursus beschikbaar: {{ course.name }}',
      preheader: '{{ course.name }} staat voor u klaar in {{ lms.name }}',
      heading: 'Er staat een nieuwe cursus voor u klaar',
      intro: (b, period) => `Goed nieuws: u hebt nu toegang tot ${b('{{ course.name }}')}${period} in {{ lms.name }}.`,
      existing: (b) => `U hebt al een account, dus ${b('log in zoals altijd')}. Uw gebruikersnaam is:`,
      textExisting: 'U hebt al een account, dus log in zoals altijd.',
      button: 'Naar {{ lms.name }}', textLink: 'Hier inloggen:',
      forgotten: 'Wachtwoord vergeten? Gebruik de link “Wachtwoord vergeten?” op de inlogpagina; u ontvangt dan per e-mail een nieuw wachtwoord.',
    },
    accessEnded: {
      name: 'Toegang tot de cursus beëindigd',
      subject: 'Uw toegang tot {{ course.name }} is beëindigd',
      preheader: 'Uw toegang tot {{ course.name }} in {{ lms.name }} is beëindigd',
      heading: 'Uw toegang tot de cursus is beëindigd',
      ended: (b) => `Uw toegang tot ${b('{{ course.name }}')} in {{ lms.name }} is beëindigd; de cursus staat niet meer op uw dashboard.`,
      accountStays: (b) => `Uw account zelf blijft actief: andere cursussen die u volgt, blijven beschikbaar met dezelfde gebruikersnaam, ${b('{{ login.name }}')}.`,
      mistake: 'Denkt u dat dit een vergissing is, of wilt u de cursus voortzetten? Neem contact met ons op, dan helpen we u graag.',
    },
  },
  de: {
    lang: 'de', hello: 'Hallo', dateFormat: '%-d. %B %Y', from: 'vom', to: 'bis',
    questions: (a) => `Fragen? Antworten Sie einfach auf diese E-Mail oder schreiben Sie an ${a}.`,
    regards: 'Mit freundlichen Grüßen',
    buttonFallback: 'Die Schaltfläche funktioniert nicht? Kopieren Sie diese Adresse in Ihren Browser:',
    loginName: 'Benutzername', password: 'Passwort',
    newAccount: {
      name: 'Neues Konto mit Zugangsdaten',
      subject: 'Ihre Zugangsdaten für {{ lms.name }}: {{ course.name }}',
      preheader: 'Ihr Benutzername und Passwort für {{ lms.name }}',
      heading: 'Willkommen zu {{ course.name }}',
      intro: (b, period) => `Wir haben für Sie ein Konto auf unserer Lernplattform {{ lms.name }} angelegt, damit Sie mit dem E-Learning-Teil von ${b('{{ course.name }}')}${period} beginnen können.`,
      detailsLead: 'Hier sind Ihre Zugangsdaten:', textDetailsLead: 'Ihre Zugangsdaten:',
      button: 'Bei {{ lms.name }} anmelden', textLink: 'Hier anmelden:',
      change: (b) => `${b('Bitte ändern Sie Ihr Passwort nach der ersten Anmeldung.')} Geben Sie Ihre Zugangsdaten nicht weiter; wir fragen Sie niemals nach Ihrem Passwort.`,
    },
    courseAccess: {
      name: 'Vorhandenes Konto: neuer Kurs verfügbar',
      subject: 'Neuer Kurs verfügbar: {{ course.name }}',
      preheader: '{{ course.name }} wartet in {{ lms.name }} auf Sie',
      heading: 'Ein neuer Kurs wartet auf Sie',
      intro: (b, period) => `Gute Nachricht: Sie haben jetzt Zugang zu ${b('{{ course.name }}')}${period} in {{ lms.name }}.`,
      existing: (b) => `Sie haben bereits ein Konto, ${b('melden Sie sich einfach wie gewohnt an')}. Ihr Benutzername lautet:`,
      textExisting: 'Sie haben bereits ein Konto, melden Sie sich einfach wie gewohnt an.',
      button: 'Zu {{ lms.name }}', textLink: 'Hier anmelden:',
      forgotten: 'Passwort vergessen? Nutzen Sie den Link „Passwort vergessen?“ auf der Anmeldeseite; Sie erhalten dann per E-Mail ein neues.',
    },
    accessEnded: {
      name: 'Kurszugang beendet',
      subject: 'Ihr Zugang zu {{ course.name }} ist beendet',
      preheader: 'Ihr Zugang zu {{ course.name }} in {{ lms.name }} ist beendet',
      heading: 'Ihr Kurszugang ist beendet',
      ended: (b) => `Ihr Zugang zu ${b('{{ course.name }}')} in {{ lms.name }} ist beendet; der Kurs erscheint nicht mehr auf Ihrem Dashboard.`,
      accountStays: (b) => `Ihr Konto selbst bleibt aktiv: Andere Kurse, die Sie belegen, bleiben mit demselben Benutzernamen verfügbar, ${b('{{ login.name }}')}.`,
      mistake: 'Halten Sie das für einen Irrtum, oder möchten Sie den Kurs fortsetzen? Melden Sie sich bei uns, wir helfen gern.',
    },
  },
}

// Formal salutation when the TMS keeps one ("Dear Ms van der Berg"), first name otherwise.
const greeting = (w: Words) =>
  '{% if person.salutation %}{{ person.salutation }} {% if person.namePrefix %}{{ person.namePrefix }} {% endif %}' +
  `{{ person.lastName }}{% else %}${w.hello} {{ person.firstName }}{% endif %},`

// Course dates are calendar dates: the date filter shows them in the template's language.
const coursePeriod = (w: Words) =>
  `{% if course.startDate %} (${w.from} {{ course.startDate | date: "${w.dateFormat}" }}` +
  `{% if course.endDate %} ${w.to} {{ course.endDate | date: "${w.dateFormat}" }}{% endif %}){% endif %}`

function templatesIn(w: Words): DocumentTemplate[] {
  const p = (inner: string) => `<p style="${paragraph}">${inner}</p>`
  const na = w.newAccount
  const ca = w.courseAccess
  const ae = w.accessEnded
  return [{
    key: 'new-account',
    name: na.name,
    subject: na.subject,
    html: houseStyleHtml(w, {
      preheader: na.preheader,
      heading: na.heading,
      body: `${p(`${na.intro(strong, coursePeriod(w))} ${na.detailsLead}`)}
${credentialsBox([
  [w.loginName, '{{ login.name }}'],
  [w.password, '{{ login.password }}'],
])}
${button(w, na.button, '{{ login.url }}')}
${p(na.change(strong))}`,
    }),
    text: `${greeting(w)}

${na.intro(plain, coursePeriod(w))}

${na.textDetailsLead}

  ${w.loginName}: {{ login.name }}
  ${w.password}: {{ login.password }}

${na.textLink} {{ login.url }}

${na.change(plain)}

${textSignature(w)}`,
  }, {
    key: 'course-access',
    name: ca.name,
    subject: ca.subject,
    html: houseStyleHtml(w, {
      preheader: ca.preheader,
      heading: ca.heading,
      body: `${p(ca.intro(strong, coursePeriod(w)))}
${p(ca.existing(strong))}
${credentialsBox([[w.loginName, '{{ login.name }}']])}
${button(w, ca.button, '{{ login.url }}')}
${p(ca.forgotten)}`,
    }),
    text: `${greeting(w)}

${ca.intro(plain, coursePeriod(w))}

${ca.textExisting}

  ${w.loginName}: {{ login.name }}

${ca.textLink} {{ login.url }}

${ca.forgotten}

${textSignature(w)}`,
  }, {
    key: 'access-ended',
    name: ae.name,
    subject: ae.subject,
    html: houseStyleHtml(w, {
      preheader: ae.preheader,
      heading: ae.heading,
      body: `${p(ae.ended(strong))}
${p(ae.accountStays(strong))}
${p(ae.mistake)}`,
    }),
    text: `${greeting(w)}

${ae.ended(plain)}

${ae.accountStays(plain)}

${ae.mistake}

${textSignature(w)}`,
  }]
}

/** The built-in templates in each language (the same keys in each). */
export const defaultTemplatesByLanguage: Readonly<Record<Language, readonly DocumentTemplate[]>> = Object.freeze({
  en: Object.freeze(templatesIn(words.en)),
  nl: Object.freeze(templatesIn(words.nl)),
  de: Object.freeze(templatesIn(words.de)),
})

/** The built-in templates in English: the ones listed and edited as "the defaults". */
export const defaultTemplates: readonly DocumentTemplate[] = defaultTemplatesByLanguage.en
export const [newAccountTemplate, courseAccessTemplate, accessEndedTemplate] = defaultTemplates as [DocumentTemplate, DocumentTemplate, DocumentTemplate]

/**
 * The template to use in a participant's language: a built-in default is swapped for the same default in
 * that language; an institute's own template stays as it is.
 */
export function inLanguage(template: DocumentTemplate, language: Language): DocumentTemplate {
  const i = defaultTemplates.indexOf(template)
  return i < 0 ? template : defaultTemplatesByLanguage[language][i]!
}

/** The language a template is written in, when coursebridge knows it (its own defaults). */
export function languageOf(template: DocumentTemplate): Language | null {
  for (const language of languages) if (defaultTemplatesByLanguage[language].includes(template)) return language
  return null
}

const builtIn = new Map<string, DocumentTemplate[]>()
for (const template of Object.values(defaultTemplatesByLanguage).flat()) builtIn.set(template.html, [...(builtIn.get(template.html) ?? []), template])

/** Whether a template is, to the letter, one coursebridge ships (in any language), wherever it was read from. */
export function isBuiltInTemplate(template: DocumentTemplate): boolean {
  return (builtIn.get(template.html) ?? []).some((t) => t.key === template.key && t.subject === template.subject && t.text === template.text
    && (t.carriesPassword ?? false) === (template.carriesPassword ?? false))
}
