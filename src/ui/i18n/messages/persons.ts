// Erasing a person.
import { defineMessages } from '../define-messages.ts'

export default defineMessages({
  en: {
    'persons.eraseQuestion': 'Erase the personal data of {name}?',
    'persons.eraseFacts.one': 'Person id {personId}, {count} registration.',
    'persons.eraseFacts.other': 'Person id {personId}, {count} registrations.',
    'persons.eraseExplain': 'Their names, addresses and other person fields, login names, mail addresses and texts, step-log details and notification texts are removed from coursebridge for good. Counts stay, without the person.',
    'persons.eraseLmsStays': 'The LMS account is left as it is',
    'persons.eraseLmsHint': ': erase it in the LMS if the request covers it there too. This cannot be undone.',
    'persons.eraseButton': 'Erase personal data',
    'persons.keep': 'Keep it',
    'persons.eraseTitle': 'Erase a person',
  },
  nl: {
    'persons.eraseQuestion': 'De persoonsgegevens van {name} wissen?',
    'persons.eraseFacts.one': 'Persoons-id {personId}, {count} inschrijving.',
    'persons.eraseFacts.other': 'Persoons-id {personId}, {count} inschrijvingen.',
    'persons.eraseExplain': 'Namen, adressen en andere persoonsvelden, inlognamen, e-mailadressen en -teksten, details uit het stappenlogboek en meldingsteksten worden definitief uit coursebridge verwijderd. Aantallen blijven bewaard, zonder de persoon.',
    'persons.eraseLmsStays': 'Het LMS-account blijft zoals het is',
    'persons.eraseLmsHint': ': wis het in het LMS als het verzoek ook daarop betrekking heeft. Dit kan niet ongedaan worden gemaakt.',
    'persons.eraseButton': 'Persoonsgegevens wissen',
    'persons.keep': 'Niet wissen',
    'persons.eraseTitle': 'Een persoon wissen',
  },
  de: {
    'persons.eraseQuestion': 'Die personenbezogenen Daten von {name} löschen?',
    'persons.eraseFacts.one': 'Personen-ID {personId}, {count} Anmeldung.',
    'persons.eraseFacts.other': 'Personen-ID {personId}, {count} Anmeldungen.',
    'persons.eraseExplain': 'Namen, Adressen und andere Personenfelder, Anmeldenamen, E-Mail-Adressen und -Texte, Details im Schrittprotokoll und Meldungstexte werden endgültig aus coursebridge entfernt. Zählwerte bleiben erhalten, ohne die Person.',
    'persons.eraseLmsStays': 'Das LMS-Konto bleibt unverändert',
    'persons.eraseLmsHint': ': Löschen Sie es im LMS, wenn sich die Anfrage auch darauf bezieht. Dies kann nicht rückgängig gemacht werden.',
    'persons.eraseButton': 'Personenbezogene Daten löschen',
    'persons.keep': 'Nicht löschen',
    'persons.eraseTitle': 'Eine Person löschen',
  },
})
