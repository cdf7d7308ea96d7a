// The codes of the API's error answers that are not notifications too: title, plain cause and fix, merged
// into the catalogue (GET /api/v1/notification-codes) so a client looks every code up in one place.
// test/http/openapi.test.ts checks that the codes the code base answers, the codes the OpenAPI document
// lists and the catalogue agree.
import type { CatalogueEntry } from '../notifications/catalogue.ts'

export const apiErrorCatalogue = {
  INVALID_INPUT: {
    title: 'Invalid input',
    cause: 'A field of the request body, query or URL is missing or not valid; details lists every field with its problem.',
    fix: 'Correct the fields named in details and send the request again.',
  },
  INVALID_REQUEST: {
    title: 'Request not readable',
    cause: 'The body is not valid JSON or not UTF-8, or the URL has bad percent-encoding.',
    fix: 'Send UTF-8 JSON with Content-Type: application/json and a correctly encoded URL.',
  },
  NOT_FOUND: {
    title: 'No such path',
    cause: 'No operation of the API serves this method and path.',
    fix: 'Check the path against the API reference (/api/docs) or the OpenAPI document (/api/v1/openapi.json).',
  },
  UNAUTHENTICATED: {
    title: 'API key missing or unknown',
    cause: 'The request carries no "Authorization: Bearer <key>" header, or the key is unknown or revoked.',
    fix: 'Create a key with npx coursebridge keys create and send it as a bearer token.',
  },
  URI_TOO_LONG: {
    title: 'Path segment too long',
    cause: 'A segment of the URL path (an id) is longer than 100 characters.',
    fix: 'Use the ids as the API returned them.',
  },
  BODY_TOO_LARGE: {
    title: 'Request body too large',
    cause: 'The body is larger than 1 MB.',
    fix: 'Send fewer records per request (POST /registrations/batch takes up to 500).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Unsupported content type',
    cause: 'The body is not sent as application/json.',
    fix: 'Send the header Content-Type: application/json.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    title: 'Idempotency-Key not valid',
    cause: 'The Idempotency-Key header is empty or longer than 200 characters.',
    fix: 'Send a key of 1 to 200 characters, e.g. a UUID, once per intended operation.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: 'Idempotency-Key used for another request',
    cause: 'This Idempotency-Key was sent before with a different method, path or body.',
    fix: 'Use a new key for a new operation; repeat a request only unchanged with its key.',
  },
  ADMIN_EXISTS: {
    title: 'Administrator exists',
    cause: 'A Service Center administrator with this e-mail address exists already.',
    fix: 'Sign in with that account, or choose another e-mail address.',
  },
  COURSE_CODE_TAKEN: {
    title: 'Course code taken',
    cause: 'Another course definition has this course code.',
    fix: 'Change that course definition, or use another code.',
  },
  ACCOUNT_REVIEW_NOT_FOUND: {
    title: 'Account review not found',
    cause: 'No entry of the review list of this tenant has this id.',
    fix: 'List the review list: GET /api/v1/account-reviews.',
  },
  ACCOUNT_REVIEW_DONE: {
    title: 'Account review already carried out',
    cause: 'The decision on this entry of the review list was carried out already (the account was linked or a new one created).',
    fix: 'Nothing to do; the registration page shows what happened.',
  },
  COURSE_DEFINITION_NOT_FOUND: {
    title: 'Course definition not found',
    cause: 'No course definition has this id, or no course definition maps this course code.',
    fix: 'Map the course code first (POST /api/v1/course-definitions or Service Center › Courses), then send the registration again.',
  },
  COURSE_DEFINITION_ARCHIVED: {
    title: 'Course definition archived',
    cause: 'The course definition of this course code is archived: it takes no new registrations. Its registrations, their access and history are kept.',
    fix: 'Restore it (Service Center › Courses › Archived, or POST /api/v1/course-definitions/{id}/restore) if the course runs again, or register for another course.',
  },
  COURSE_DEFINITION_IN_USE: {
    title: 'Course definition has registrations',
    cause: 'A course definition with registrations cannot be deleted: their history and results refer to it.',
    fix: 'Archive it instead (POST /api/v1/course-definitions/{id}/archive or Service Center › Courses): it takes no new registrations and keeps what it has.',
  },
  COURSE_TARGET_UNRESOLVED: {
    title: 'Target not found in the LMS',
    cause: 'The LMS of the connection does not know the course, cohort or ILIAS object the course definition names, or cannot look it up for '
      + 'coursebridge (not a course, another LMS\'s target, the lookup function not in the Moodle service, credentials refused); details names the '
      + 'LMS\'s own code. Nothing was saved. (When the LMS cannot be asked at all — not reachable, its credentials refused — the definition is saved '
      + 'not verified instead and resolved at the first registration.)',
    fix: 'Check the id, short name or idnumber (Moodle) or the ref id (ILIAS) in the LMS and that the connection\'s account may see it, or fix what '
      + 'the LMS code in details names (e.g. add the function to the service, or give the numeric Moodle id); then save again.',
  },
  CONNECTION_ARCHIVED: {
    title: 'Connection archived',
    cause: 'The connection is archived: no course definition can be put on it and the courses on it take no new registrations. What it holds is kept and looked after.',
    fix: 'Restore the connection (Service Center › Connections › Archived, or POST /api/v1/connections/{id}/restore), or choose another connection.',
  },
  CONNECTION_IN_USE: {
    title: 'Connection in use',
    cause: 'A connection with course definitions or LMS accounts cannot be deleted: registrations, accounts and their history refer to it.',
    fix: 'Archive it instead (POST /api/v1/connections/{id}/archive or Service Center › Connections); it keeps what it holds.',
  },
  TEMPLATE_IN_USE: {
    title: 'Template still sent',
    cause: 'The template has no built-in version, so resetting it deletes it; an action template still sends it (details names which).',
    fix: 'Choose another template in the action templates (Service Center › Settings) first, then delete this one.',
  },
  NOTIFICATION_NOT_FOUND: {
    title: 'Notification not found',
    cause: 'No open notification has this id (it may be resolved already).',
    fix: 'List the open notifications: GET /api/v1/notifications.',
  },
  NOT_A_SANDBOX: {
    title: 'Not a sandbox connection',
    cause: 'Only a registration on a sandbox connection can be completed through the API; a real LMS reports its own results.',
    fix: 'Complete the course in the LMS.',
  },
  REGISTRATION_HAS_NO_ACCOUNT: {
    title: 'Registration has no LMS account yet',
    cause: 'The registration has not reached the LMS yet, so there is no account to act on.',
    fix: 'Wait until the registration is active (GET /api/v1/registrations/{id}); fix any notification it waits on.',
  },
  REGISTRATION_CANCELLED: {
    title: 'Registration is cancelled',
    cause: 'The registration is cancelled (or being cancelled): the person no longer has the course, so no new password and no welcome mail are sent for it.',
    fix: 'Register the person for the course again if they should have it; the credentials mail then goes out as usual.',
  },
  REGISTRATION_ID_CONFLICT: {
    title: 'Registration id belongs to another registration',
    cause: 'The externalId was sent before for another person or course; details.existingId names that registration.',
    fix: 'Send each registration of the training system with its own id; to change a registration, cancel it and register anew.',
  },
  REGISTRATION_NOT_FOUND: {
    title: 'Registration not found',
    cause: 'No registration of this API key\'s tenant has this id.',
    fix: 'Use the id the API returned when the registration was created.',
  },
  // The outbox's actions (send now, discard).
  MAIL_NOT_FOUND: {
    title: 'Mail not found',
    cause: 'No mail of this API key\'s tenant has this id.',
    fix: 'Use the id of a mail as GET /api/v1/mails or the mail log lists it.',
  },
  MAIL_ALREADY_SENT: {
    title: 'Mail has gone out already',
    cause: 'The mail was accepted by the SMTP server (or kept in the outbox with MAIL_MODE=outbox): there is nothing left to send or discard.',
    fix: 'To give the participant new login details, use "resend credentials" on the registration.',
  },
  MAIL_DISCARDED: {
    title: 'Mail was discarded',
    cause: 'An administrator discarded this mail: it is never sent and its password was erased.',
    fix: 'To send the participant login details after all, use "resend credentials" on the registration.',
  },
  MAIL_AWAITING_ACCOUNT: {
    title: 'Mail waits for its account',
    cause: 'The credentials mail waits until its LMS account exists; it goes out by itself then.',
    fix: 'Look at the registration: when it is stuck (needs attention), fix what its notification names and retry it.',
  },
  MAIL_NOT_SENDABLE: {
    title: 'Mail cannot be sent now',
    cause: 'The mail changed state while the request was made and is in a state "send now" does not apply to.',
    fix: 'Look at the mail (GET /api/v1/mails?registrationId=…) and try again if it still has not gone out.',
  },
} satisfies Record<string, CatalogueEntry>

/** Every code an API operation may answer: the API's own and those it shares with the notifications. */
export type ApiErrorCode = keyof typeof apiErrorCatalogue | 'INTERNAL_ERROR' | 'CONNECTION_NAME_TAKEN' | 'CONNECTION_NOT_FOUND'
  | 'PERSON_NOT_FOUND' | 'TEMPLATE_NOT_FOUND' | 'WEBHOOK_SECRET_NOT_SET' | 'RESULT_REGISTRATION_NOT_FOUND'
  | 'RESULT_USER_WITHOUT_IDNUMBER' | `WEBHOOK_${string}` | `TEMPLATE_${string}` | `API_KEY_${string}` | 'REGISTRATION_HAS_ACCESS' | 'ADMIN_NOT_FOUND' | 'RESULT_WEBHOOK_NOT_SET'
  | 'MAIL_SMTP_NOT_CONFIGURED' | 'MAIL_PASSWORD_UNAVAILABLE'

export const apiErrorCodes = Object.keys(apiErrorCatalogue) as (keyof typeof apiErrorCatalogue)[]
