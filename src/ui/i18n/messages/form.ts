// Problems with what was typed into a form, in words of the page's language. The schemas the API and the
// Service Center share speak English (the API's answers); a Dutch or German page says the same by the
// problem's kind (see errorsByField).
import { defineMessages } from '../define-messages.ts'

export default defineMessages({
  en: {
    'form.error.required': 'Fill this in.',
    'form.error.tooShort': 'At least {n} characters.',
    'form.error.tooLong': 'At most {n} characters.',
    'form.error.tooSmall': 'At least {n}.',
    'form.error.tooBig': 'At most {n}.',
    'form.error.email': 'Not an e-mail address, such as name@example.org.',
    'form.error.url': 'Not a web address, such as https://lms.example.org.',
    'form.error.format': 'Not in the expected form.',
    'form.error.choice': 'Choose one of the options.',
    'form.error.number': 'Enter a number.',
    'form.error.notAccepted': 'Not accepted: {detail}',
  },
  nl: {
    'form.error.required': 'Vul dit in.',
    'form.error.tooShort': 'Minstens {n} tekens.',
    'form.error.tooLong': 'Hoogstens {n} tekens.',
    'form.error.tooSmall': 'Minstens {n}.',
    'form.error.tooBig': 'Hoogstens {n}.',
    'form.error.email': 'Geen e-mailadres, zoals naam@example.org.',
    'form.error.url': 'Geen webadres, zoals https://lms.example.org.',
    'form.error.format': 'Niet in de verwachte vorm.',
    'form.error.choice': 'Kies een van de mogelijkheden.',
    'form.error.number': 'Vul een getal in.',
    'form.error.notAccepted': 'Niet geaccepteerd: {detail}',
  },
  de: {
    'form.error.required': 'Bitte ausfüllen.',
    'form.error.tooShort': 'Mindestens {n} Zeichen.',
    'form.error.tooLong': 'Höchstens {n} Zeichen.',
    'form.error.tooSmall': 'Mindestens {n}.',
    'form.error.tooBig': 'Höchstens {n}.',
    'form.error.email': 'Keine E-Mail-Adresse, z. B. name@example.org.',
    'form.error.url': 'Keine Webadresse, z. B. https://lms.example.org.',
    'form.error.format': 'Nicht in der erwarteten Form.',
    'form.error.choice': 'Wählen Sie eine der Möglichkeiten.',
    'form.error.number': 'Geben Sie eine Zahl ein.',
    'form.error.notAccepted': 'Nicht angenommen: {detail}',
  },
})
