// Results page (and the result section of a registration).
import { defineMessages } from '../define-messages.ts'

export default defineMessages({
  en: {
    'results.title': 'Results',
    'results.none': 'No result yet. Results arrive when participants complete their course in the LMS (pushed by the Moodle plugin, or collected by the regular poll).',
    'results.caption': 'The newest {count} results',
    'results.col.person': 'Person',
    'results.col.course': 'Course',
    'results.col.attended': 'Attended',
    'results.col.passed': 'Passed',
    'results.col.grade': 'Grade',
    'results.col.completed': 'Completed',
    'results.col.source': 'Source',
  },
  nl: {
    'results.title': 'Resultaten',
    'results.none': 'Nog geen resultaten. Resultaten komen binnen wanneer deelnemers hun cursus in het LMS afronden (doorgestuurd door de Moodle-plug-in of opgehaald bij de regelmatige controle).',
    'results.caption': 'De nieuwste {count} resultaten',
    'results.col.person': 'Persoon',
    'results.col.course': 'Cursus',
    'results.col.attended': 'Aanwezig',
    'results.col.passed': 'Geslaagd',
    'results.col.grade': 'Cijfer',
    'results.col.completed': 'Afgerond',
    'results.col.source': 'Bron',
  },
  de: {
    'results.title': 'Ergebnisse',
    'results.none': 'Noch keine Ergebnisse. Ergebnisse kommen an, wenn Teilnehmende ihren Kurs im LMS abschließen (vom Moodle-Plugin gesendet oder bei der regelmäßigen Abfrage abgeholt).',
    'results.caption': 'Die neuesten {count} Ergebnisse',
    'results.col.person': 'Person',
    'results.col.course': 'Kurs',
    'results.col.attended': 'Teilgenommen',
    'results.col.passed': 'Bestanden',
    'results.col.grade': 'Note',
    'results.col.completed': 'Abgeschlossen',
    'results.col.source': 'Quelle',
  },
})
