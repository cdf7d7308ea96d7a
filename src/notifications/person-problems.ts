import type { CatalogueEntry } from './catalogue.ts'
import type { PersonProblemCode } from '../domain/person-validation.ts'

export const personProblemCatalogue: Record<PersonProblemCode, CatalogueEntry> = {
  PERSON_FIRST_NAME_MISSING: {
    title: 'First name missing',
    cause: 'Moodle creates an account without a first name, but the participant then gets an error at every log-in.',
    fix: 'Fill in the first name of the person in the training system; the registration continues by itself.',
  },
  PERSON_EMAIL_MISSING: {
    title: 'E-mail address missing',
    cause: 'The e-mail field the connection uses is empty; the LMS needs an address and the login mail goes there.',
    fix: 'Fill in the e-mail address (or choose another e-mail field in the connection\'s field mapping).',
  },
  PERSON_EMAIL_INVALID: {
    title: 'E-mail address invalid',
    cause: 'The LMS refuses this e-mail address.',
    fix: 'Correct the e-mail address of the person in the training system; the registration continues by itself.',
  },
  PERSON_EXTERNAL_KEY_MISSING: {
    title: 'External key missing',
    cause: 'The connection identifies persons by a field (ExternId or PersonId) that is empty for this person.',
    fix: 'Fill in that field, or change the external key in the connection\'s field mapping.',
  },
  PERSON_NAME_HAS_TAGS: {
    title: 'Name contains an HTML tag',
    cause: 'Moodle refuses a first or last name with anything that looks like an HTML tag (such as "<b>" or "<script>").',
    fix: 'Correct the name of the person in the training system; the registration continues by itself.',
  },
  PERSON_GENDER_MISSING: {
    title: 'Gender missing',
    cause: 'The LMS requires a gender for a new account (ILIAS: Standard Fields → Gender → "Required", on by default in ILIAS 5.x) and the person has none. coursebridge does not make one up.',
    fix: 'Fill in the gender of the person in the training system (female or male; see the README for the spellings accepted), '
      + 'or untick "Required" for Gender in ILIAS (Administration → User Management → Settings → Standard Fields). The registration waits and continues by itself.',
  },
  PERSON_GENDER_NOT_STORABLE: {
    title: 'Gender cannot be stored in the LMS',
    cause: 'The person\'s gender is "diverse", the LMS stores only female and male (ILIAS 5.x), and it requires a gender for new accounts. coursebridge does not pick one.',
    fix: 'Untick "Required" for Gender in ILIAS (Administration → User Management → Settings → Standard Fields): the account is then created without gender. '
      + 'Then retry the registration.',
  },
  PERSON_REQUIRED_FIELD_MISSING: {
    title: 'A field the LMS requires is missing',
    cause: 'The LMS requires a user field for new accounts that the person does not have (the notification names it).',
    fix: 'Fill in that field of the person in the training system, or make the field optional in the LMS. The registration waits and continues by itself.',
  },
  PERSON_VALUE_TOO_LONG: {
    title: 'Value longer than the LMS stores',
    cause: 'A name (the last name together with its prefix), the e-mail address or the external key is longer than the LMS column; ' +
      'Moodle would refuse the account with "Error writing to database".',
    fix: 'Shorten the value named in the message in the training system; the registration continues by itself.',
  },
  PERSON_LOGIN_NAME_EMPTY: {
    title: 'No login name possible',
    cause: 'After removing the characters the LMS refuses, nothing of the login name is left.',
    fix: 'Choose another login-name strategy for the connection, or correct the person\'s data.',
  },
}
