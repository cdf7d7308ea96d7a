// Every notification code coursebridge raises, in one place: a title, the plain cause, and the fix.
// Adapter and mail catalogues are merged in; a test checks that every code in the code base has an entry.
import { personProblemCatalogue } from './person-problems.ts'

export interface CatalogueEntry {
  title: string
  cause: string
  fix: string
}

const core: Record<string, CatalogueEntry> = {
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
  merged ??= { ...core, ...personProblemCatalogue }
  return merged
}

export function describeCode(code: string): CatalogueEntry {
  return catalogue()[code] ?? { title: code, cause: 'No description for this code yet.', fix: 'See the message.' }
}
