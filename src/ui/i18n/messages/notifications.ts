// Notifications page.
import { defineMessages } from '../define-messages.ts'

export default defineMessages({
  en: {
    'notifications.title': 'Notifications',
    'notifications.none': 'No open notification. Everything that needed an administrator has been dealt with.',
    'notifications.cause': 'Cause',
    'notifications.fix': 'Fix',
    'notifications.seen': 'Seen',
    'notifications.seenTimes.one': '{count} time, last {when}',
    'notifications.seenTimes.other': '{count} times, last {when}',
    'notifications.openRegistration': 'Open the registration',
    'notifications.resolve': 'Resolve',
    'notifications.originalMessage': 'The message as it was recorded (in English)',
  },
  nl: {
    'notifications.title': 'Meldingen',
    'notifications.none': 'Geen openstaande meldingen. Alles waarvoor een beheerder nodig was, is afgehandeld.',
    'notifications.cause': 'Oorzaak',
    'notifications.fix': 'Oplossing',
    'notifications.seen': 'Gezien',
    'notifications.seenTimes.one': '{count} keer, laatst {when}',
    'notifications.seenTimes.other': '{count} keer, laatst {when}',
    'notifications.openRegistration': 'Inschrijving openen',
    'notifications.resolve': 'Afhandelen',
    'notifications.originalMessage': 'De melding zoals die is vastgelegd (in het Engels)',
  },
  de: {
    'notifications.title': 'Meldungen',
    'notifications.none': 'Keine offenen Meldungen. Alles, was einen Administrator brauchte, ist erledigt.',
    'notifications.cause': 'Ursache',
    'notifications.fix': 'Behebung',
    'notifications.seen': 'Gesehen',
    'notifications.seenTimes.one': '{count}-mal, zuletzt {when}',
    'notifications.seenTimes.other': '{count}-mal, zuletzt {when}',
    'notifications.openRegistration': 'Anmeldung öffnen',
    'notifications.resolve': 'Erledigen',
    'notifications.originalMessage': 'Die Meldung, wie sie aufgezeichnet wurde (auf Englisch)',
  },
})
