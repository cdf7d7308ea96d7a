// Log-in page.
import { defineMessages } from '../define-messages.ts'

export default defineMessages({
  en: {
    'login.heading': 'Log in to the Service Center',
    'login.title': 'Log in',
    'login.email': 'E-mail address',
    'login.password': 'Password',
    'login.button': 'Log in',
    'login.noAccount': 'No account yet? An administrator is created on the server with {command}.',
    'login.expired': 'The log-in form had expired. Please try again.',
    'login.throttledAddress': 'Too many failed log-ins from your address. Try again in {minutes} minutes.',
    'login.throttledAccount': 'Too many failed log-ins for this account. Try again in {minutes} minutes.',
    'login.wrong': 'The e-mail address or the password is wrong.',
    'login.disabled': 'This administrator account is disabled. Another administrator can enable it again.',
  },
  nl: {
    'login.heading': 'Inloggen op het Service Center',
    'login.title': 'Inloggen',
    'login.email': 'E-mailadres',
    'login.password': 'Wachtwoord',
    'login.button': 'Inloggen',
    'login.noAccount': 'Nog geen account? Een beheerder wordt op de server aangemaakt met {command}.',
    'login.expired': 'Het inlogformulier was verlopen. Probeer het opnieuw.',
    'login.throttledAddress': 'Te veel mislukte inlogpogingen vanaf uw adres. Probeer het over {minutes} minuten opnieuw.',
    'login.throttledAccount': 'Te veel mislukte inlogpogingen voor dit account. Probeer het over {minutes} minuten opnieuw.',
    'login.wrong': 'Het e-mailadres of het wachtwoord is onjuist.',
    'login.disabled': 'Dit beheerdersaccount is gedeactiveerd. Een andere beheerder kan het weer activeren.',
  },
  de: {
    'login.heading': 'Am Service Center anmelden',
    'login.title': 'Anmelden',
    'login.email': 'E-Mail-Adresse',
    'login.password': 'Passwort',
    'login.button': 'Anmelden',
    'login.noAccount': 'Noch kein Konto? Ein Administrator wird auf dem Server angelegt mit {command}.',
    'login.expired': 'Das Anmeldeformular war abgelaufen. Bitte versuchen Sie es erneut.',
    'login.throttledAddress': 'Zu viele fehlgeschlagene Anmeldungen von Ihrer Adresse. Versuchen Sie es in {minutes} Minuten erneut.',
    'login.throttledAccount': 'Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Versuchen Sie es in {minutes} Minuten erneut.',
    'login.wrong': 'Die E-Mail-Adresse oder das Passwort ist falsch.',
    'login.disabled': 'Dieses Administratorkonto ist deaktiviert. Ein anderer Administrator kann es wieder aktivieren.',
  },
})
