// Every notification code coursebridge raises, in one place: a title, the plain cause, and the fix.
// Adapter and mail catalogues are merged in; a test checks that every code in the code base has an entry.
import { personProblemCatalogue } from './person-problems.ts'
import { moodleErrorCatalogue } from '../lms/moodle/moodle-errors.ts'
import { iliasErrorCatalogue } from '../lms/ilias/ilias-errors.ts'
import { mailErrorCatalogue } from '../mail/mail-errors.ts'

export interface CatalogueEntry {
  title: string
  cause: string
  fix: string
}

const core: Record<string, CatalogueEntry> = {
  // Codes both adapters raise: described without naming one LMS (the notification's message does).
  LMS_UNREACHABLE: {
    title: 'LMS not reachable',
    cause: 'The connection to the LMS server failed (name not found, refused, reset, TLS error).',
    fix: 'coursebridge retries with growing pauses. If it persists, check the base URL of the connection and that the LMS is up; '
      + 'then retry the registration.',
  },
  LMS_TIMEOUT: {
    title: 'LMS did not answer in time',
    cause: 'A call took longer than the timeout (LMS_TIMEOUT_MS). The LMS may still have done the work; the next run looks it up first.',
    fix: 'coursebridge retries. If it persists, check the load of the LMS or raise LMS_TIMEOUT_MS.',
  },
  LMS_HTTP_ERROR: {
    title: 'LMS answered with an HTTP error',
    cause: 'The web server in front of the LMS answered with an error status instead of a web-service answer.',
    fix: 'Server errors (5xx) are retried. For others check the base URL and any proxy or firewall in front of the LMS.',
  },
  LMS_BAD_ANSWER: {
    title: 'Unreadable LMS answer',
    cause: 'The LMS answered with something other than a web-service answer (an HTML page, a maintenance page, another shape).',
    fix: 'Open the base URL of the connection in a browser; the details hold the content type and the start of the answer.',
  },
  LMS_INCOMPLETE_ANSWER: {
    title: 'LMS answered for fewer records than were sent',
    cause: 'The LMS answered for only part of a batch. With Moodle, PHP drops form fields beyond max_input_vars silently.',
    fix: 'Raise max_input_vars in PHP to at least 5000, or lower the connection\'s records per call; the next run finds what was created.',
  },
  CONNECTION_INACTIVE: {
    title: 'Connection switched off',
    cause: 'The LMS connection of this course is set to inactive, so coursebridge makes no calls for it.',
    fix: 'Switch the connection on (Connections › edit › Active) and resume it.',
  },
  LMS_KNOWN_ACCOUNT_NOT_FOUND: {
    title: 'Known account no longer found',
    cause: 'coursebridge knows this person\'s LMS account, but looking it up by the external key returns nothing. '
      + 'Either the ID number was changed in the LMS, or the web-service user lost the capabilities to see users '
      + '(Moodle then answers with an empty list instead of an error). A new account is not created, to avoid a duplicate.',
    fix: 'Check the account in the LMS: restore its ID number, or give the web-service role moodle/user:viewdetails, '
      + 'moodle/user:viewalldetails and moodle/user:viewhiddendetails (Site administration › Users › Permissions › Define roles). '
      + 'Then retry the registration.',
  },
  LMS_DUPLICATE_EXTERNAL_KEY: {
    title: 'Several accounts share one external key',
    cause: 'More than one LMS account has this person\'s external key (Moodle does not keep ID numbers unique). '
      + 'coursebridge will not guess which one is the person\'s.',
    fix: 'In the LMS, clear or change the ID number of the account that is not this person\'s, then retry the registration.',
  },
  LOGIN_NAME_NO_FREE_SUFFIX: {
    title: 'No free login name',
    cause: 'The login name and its numbered variants all belong to other accounts.',
    fix: 'Choose another login-name strategy for the connection, or free one of the names in the LMS, then retry.',
  },
  INTERNAL_ERROR: {
    title: 'Internal error',
    cause: 'Something failed inside coursebridge (not in the LMS). The job is retried.',
    fix: 'If it persists, look at the service log for this registration id and report it.',
  },
}

let merged: Record<string, CatalogueEntry> | null = null

export function catalogue(): Record<string, CatalogueEntry> {
  merged ??= {
    ...pick(moodleErrorCatalogue),
    ...pick(iliasErrorCatalogue),
    ...pick(mailErrorCatalogue),
    ...personProblemCatalogue,
    ...core,
  }
  return merged
}

export function describeCode(code: string): CatalogueEntry {
  return catalogue()[code] ?? { title: code, cause: 'No description for this code yet.', fix: 'See the message.' }
}

/** Only the words of an adapter's catalogue entry (they also carry kind and scope for classification). */
function pick(source: Record<string, CatalogueEntry>): Record<string, CatalogueEntry> {
  return Object.fromEntries(Object.entries(source).map(([code, e]) => [code, { title: e.title, cause: e.cause, fix: e.fix }]))
}
