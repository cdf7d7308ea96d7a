// Every notification code coursebridge raises, in one place: a title, the plain cause, and the fix.
// Adapter and mail catalogues are merged in; a test checks that every code in the code base has an entry.
// English here is the source (the README's table, the API, the logs); the Service Center shows the Dutch and German
// renderings in translations/ when its page is in that language.
import { personProblemCatalogue } from './person-problems.ts'
import { moodleErrorCatalogue } from '../lms/moodle/moodle-errors.ts'
import { iliasErrorCatalogue } from '../lms/ilias/ilias-errors.ts'
import { mailErrorCatalogue } from '../mail/mail-errors.ts'
import { apiErrorCatalogue } from '../http/api-error-codes.ts'
import type { Language } from '../domain/language.ts'
import { catalogueTranslations } from './translations/translations.ts'

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
    cause: 'coursebridge knows this person\'s LMS account, but looking it up by the external key returns nothing, while the '
      + 'account is not deleted. A new account is not created, to avoid a duplicate.',
    fix: 'The account still exists (a deleted Moodle account would have been replaced, and a lookup that cannot see accounts '
      + 'stops the connection first): its ID number was changed in the LMS. Restore the ID number (the external key in the message) '
      + 'on that account, then retry the registration.',
  },
  LMS_ACCOUNT_DELETED_RECREATED: {
    title: 'Deleted account replaced by a new one',
    cause: 'The person\'s LMS account was deleted in the LMS (Moodle keeps a deleted account renamed and without its ID number). '
      + 'coursebridge created a new account and sent new login details; the old account\'s history stays in the LMS.',
    fix: 'Nothing to do if the deletion was intended. The old account cannot be brought back through coursebridge; its results '
      + 'stay in the LMS under the deleted account.',
  },
  LMS_ACCOUNT_REVIEW: {
    title: 'An existing account waits for your decision',
    cause: 'The person is not found in the LMS by external key, but an account holds the person\'s e-mail address (compared '
      + 'ignoring case): without a key while the connection\'s account matching is "review", or carrying another external key '
      + '(never taken over automatically), or several accounts hold it. Nothing was created, to avoid a second account.',
    fix: 'Open Accounts to review in the Service Center (or GET /api/v1/account-reviews): "Link it" makes the account the '
      + 'person\'s (coursebridge writes the external key into it and sends the "new course available" mail, no new password); '
      + '"Create a new account" makes another one, which Moodle refuses unless "Allow accounts with same email" is on.',
  },
  LMS_ACCOUNT_SAME_EMAIL_REFUSED: {
    title: 'A second account with this e-mail address was refused',
    cause: '"Create a new account" was chosen on the review list, but the LMS refuses two accounts with one e-mail address '
      + '(Moodle compares addresses ignoring case unless "Allow accounts with same email" is on).',
    fix: 'Link the existing account instead (Accounts to review), or give the person another e-mail address, or allow '
      + 'accounts with the same e-mail in Moodle (Site administration › General › Security › Site security settings › '
      + 'allowaccountssameemail); then retry the registration.',
  },
  LMS_ACCOUNT_ADOPTED: {
    title: 'Existing account adopted',
    cause: 'The person was not found in the LMS by external key; an account with the person\'s e-mail address and no key was '
      + 'taken over (account matching "adopt", or "link it" on the review list): coursebridge wrote the external key into it.',
    fix: 'Nothing to do. The person keeps their login and password; they got the "new course available" mail.',
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
  LMS_TARGET_UNSUPPORTED: {
    title: 'Target does not fit the LMS',
    cause: 'The course definition names a target of another LMS (a Moodle course or cohort on an ILIAS connection, or the other way round).',
    fix: 'Edit the course definition: choose a target of the connection\'s LMS (ILIAS: the course ref id; Moodle: course or cohort).',
  },
  // Refusals of the API and the Service Center (answers to a request, not notifications about a registration).
  CONNECTION_NOT_FOUND: {
    title: 'No such connection',
    cause: 'The request names a connection id (or name) that does not exist for this tenant.',
    fix: 'List the connections (GET /api/v1/connections or Service Center › Connections) and use one of their ids.',
  },
  CONNECTION_NAME_TAKEN: {
    title: 'Connection name in use',
    cause: 'Another connection of this tenant already has this name; names identify connections on the command line.',
    fix: 'Choose another name, or edit the existing connection instead.',
  },
  PERSON_NOT_FOUND: {
    title: 'No such person',
    cause: 'The request refers to a person id the training system has not sent yet.',
    fix: 'Send the person first (PUT /api/v1/persons/{personId}), or send the person with the registration.',
  },
  // Mail sending.
  MAIL_TEMPLATE_NOT_FOUND: {
    title: 'Mail template missing',
    cause: 'A mail was queued with a document template that no longer exists (deleted or renamed after the mail was queued).',
    fix: 'Create the template again under that key (Service Center › Templates), then resend the mail of the registration.',
  },
  MAIL_PASSWORD_UNAVAILABLE: {
    title: 'Password no longer kept for this mail',
    cause: 'The template shows the login password, but coursebridge keeps a generated password only until its mail is sent; this mail was sent or retried too late.',
    fix: 'Use "resend credentials" on the registration: it sets a new password in the LMS and mails it.',
  },
  // Document templates (refused when saved or previewed; a mail fails with them only for a template saved before a check existed).
  TEMPLATE_NOT_FOUND: {
    title: 'No such template',
    cause: 'The request names a document template key that does not exist.',
    fix: 'List the templates (Service Center › Templates) and use one of their keys, or create the template first.',
  },
  TEMPLATE_INVALID: {
    title: 'Template incomplete',
    cause: 'A required part of the template (key, subject or body) is missing or too long.',
    fix: 'Fill in the part named in the details and save again.',
  },
  TEMPLATE_SYNTAX_ERROR: {
    title: 'Template syntax error',
    cause: 'A {{ … }} or {% … %} tag is not closed or not valid Liquid at the line and column in the details.',
    fix: 'Correct the tag at that position (every {{ needs its }}, every {% if %} its {% endif %}).',
  },
  TEMPLATE_UNKNOWN_VARIABLE: {
    title: 'Unknown variable in the template',
    cause: 'The template reads a variable coursebridge does not provide, usually a typo such as {{ login.nmae }}.',
    fix: 'Use one of the variables listed next to the editor (person.*, course.*, login.*, …).',
  },
  TEMPLATE_PASSWORD_NOT_ALLOWED: {
    title: 'Password in a template that may not show it',
    cause: 'Only the credentials templates may contain {{ login.password }}; any other mail would send a password it does not have.',
    fix: 'Remove {{ login.password }} from this template (link to the login page instead).',
  },
  TEMPLATE_PASSWORD_IN_SUBJECT: {
    title: 'Password in the subject',
    cause: 'Subjects show up in mail overviews and logs, so a password must not be in them.',
    fix: 'Move {{ login.password }} from the subject into the body.',
  },
  TEMPLATE_PASSWORD_MISSING: {
    title: 'Credentials template without password',
    cause: 'A credentials mail exists to hand over the password, but the template never shows {{ login.password }}.',
    fix: 'Add {{ login.password }} to the body of the template.',
  },
  TEMPLATE_RENDER_FAILED: {
    title: 'Template failed to render',
    cause: 'The template parsed, but rendering it with example data failed (e.g. a filter used on the wrong kind of value).',
    fix: 'Read the message in the details, correct the tag it names and preview again.',
  },
  TEMPLATE_TOO_EXPENSIVE: {
    title: 'Template too expensive to render',
    cause: 'The template asks for more work than a mail may take: a range or loops larger than the limits (10 000 elements in a range, '
      + '100 000 loop iterations in all), or rendering it needed more memory or time than the renderer allows (it was stopped).',
    fix: 'Shorten the ranges and loops the message names (a mail never needs thousands of repetitions) and preview the template again.',
  },
  TEMPLATE_CONTEXT_PASSWORD_MISSING: {
    title: 'No password to render',
    cause: 'A template that shows the password was rendered without one (an internal call that should have passed it).',
    fix: 'This is a coursebridge error: report it with the template key; resend the credentials meanwhile.',
  },
  // Results coming back from the LMS and going on to the training system.
  RESULT_DELIVERY_FAILED: {
    title: 'Result not delivered to the training system',
    cause: 'coursebridge could not hand a course result to the training system\'s webhook after all retries (not reachable, or it answered with an error).',
    fix: 'Check the result webhook URL and secret in the tenant settings (PUT /api/v1/settings, resultWebhook) and that the training system is up; the delivery log of the result (GET /api/v1/results) shows its last answer.',
  },
  RESULT_USER_WITHOUT_IDNUMBER: {
    title: 'Result for a Moodle user without ID number',
    cause: 'The results plugin sent a completion for a Moodle user whose ID number is empty, so no person can be found for it.',
    fix: 'If the user is a participant from the training system, enter their external key as ID number in Moodle; otherwise nothing to do.',
  },
  RESULT_REGISTRATION_NOT_FOUND: {
    title: 'Result without registration',
    cause: 'The results plugin sent a completion for a person and course coursebridge has no registration for (enrolled by hand in Moodle, or another course).',
    fix: 'Nothing to do if the enrolment was not made through coursebridge; otherwise check the course definition points at that course.',
  },
  WEBHOOK_SECRET_NOT_SET: {
    title: 'No webhook secret for this connection',
    cause: 'The results plugin called coursebridge, but the connection has no webhook secret yet, so the request cannot be verified.',
    fix: 'Create the webhook secret of the connection (POST /api/v1/connections/{id}/webhook-secret) and enter it in the plugin settings in Moodle (local_coursebridge).',
  },
  WEBHOOK_SECRET_INVALID: {
    title: 'Webhook secret malformed',
    cause: 'A configured webhook secret is not of the form whsec_<base64>.',
    fix: 'Create a new webhook secret in coursebridge and copy it unchanged into the sender\'s settings.',
  },
  WEBHOOK_HEADERS_MISSING: {
    title: 'Webhook headers missing',
    cause: 'The request lacks a usable webhook-id or webhook-timestamp header: it did not come from the results plugin, or a proxy removed them.',
    fix: 'Check that the plugin posts to the webhook URL of the connection and that no proxy strips webhook-* headers.',
  },
  WEBHOOK_SIGNATURE_MISSING: {
    title: 'Webhook signature missing',
    cause: 'The request has no webhook-signature header.',
    fix: 'Enter the webhook secret of the connection in the plugin settings (local_coursebridge) so it signs its requests.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    title: 'Webhook signature wrong',
    cause: 'No signature matches: the secret in the plugin differs from the connection\'s, or the body was changed on the way.',
    fix: 'Copy the connection\'s webhook secret again into the plugin settings in Moodle.',
  },
  WEBHOOK_TIMESTAMP_TOO_OLD: {
    title: 'Webhook too old',
    cause: 'The signed timestamp is older than the tolerance: a replayed request, or the Moodle server\'s clock is behind.',
    fix: 'Synchronise the Moodle server\'s clock (NTP); the plugin retries with a fresh timestamp.',
  },
  WEBHOOK_TIMESTAMP_IN_FUTURE: {
    title: 'Webhook from the future',
    cause: 'The signed timestamp is ahead by more than the tolerance: the Moodle server\'s clock is fast.',
    fix: 'Synchronise the Moodle server\'s clock (NTP); the plugin retries.',
  },
  WEBHOOK_BODY_INVALID: {
    title: 'Webhook body unreadable',
    cause: 'The signed request body is not the JSON the results plugin sends (another plugin version, or another sender).',
    fix: 'Update local_coursebridge to the version that matches this coursebridge; the details name the field.',
  },
  WEBHOOK_ID_MISMATCH: {
    title: 'Webhook id mismatch',
    cause: 'The id inside the body differs from the webhook-id header, so the body may belong to another request.',
    fix: 'Update local_coursebridge; if it persists, report the details.',
  },
  API_KEY_SCOPE: {
    title: 'API key not allowed to do this',
    cause: 'The API key has a narrower scope than the call needs: a "registrations" key may handle persons, registrations and '
      + 'results, not connections, settings, templates, keys or administrators; a "metrics" key may only read /metrics.',
    fix: 'Use a key with the "admin" scope for this call, or create one (Service Center → API keys, or coursebridge keys create --scope admin).',
  },
  RESULT_WEBHOOK_NOT_SET: {
    title: 'No result webhook set',
    cause: 'A new signing secret was asked for, but no result webhook URL is set: there is nothing to sign for yet.',
    fix: 'Set the training system\'s result webhook URL first (PUT /api/v1/settings with resultWebhook.url, or the Service Center\'s settings); a secret is generated with it.',
  },
  API_KEY_NOT_FOUND: {
    title: 'No such API key',
    cause: 'There is no API key with this id for the institute.',
    fix: 'List the keys (GET /api/v1/keys, coursebridge keys list, or the Service Center\'s API keys page) and use an id from there.',
  },
  MAIL_SMTP_NOT_CONFIGURED: {
    title: 'SMTP not configured: mails waiting',
    cause: 'No mail server is configured (SMTP_HOST), so participant mails are not sent. They wait, passwords encrypted, and nothing is lost.',
    fix: 'Set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD, MAIL_FROM) and restart coursebridge: the waiting mails are sent then. '
      + 'To try coursebridge without mail, MAIL_MODE=outbox keeps mails in the outbox instead (passwords masked, nothing sent).',
  },
  REGISTRATION_HAS_ACCESS: {
    title: 'Registration still has access',
    cause: 'A registration can be removed only when it holds no access in the LMS: removing it would leave that access behind.',
    fix: 'Cancel the registration, wait until it is cancelled (access removed), then remove it.',
  },
  CONNECTION_CHECK_FAILED: {
    title: 'Connection check failed',
    cause: 'A required step of the connection check failed: the LMS is not set up as coursebridge needs it, or it was not reachable.',
    fix: 'Open the connection in the Service Center and run the check; each failed step says what to fix where.',
  },
  RESULTS_POLL_UNAVAILABLE: {
    title: 'Results cannot be polled',
    cause: 'The LMS refused the calls that read course completion or learning progress, so results are not fetched by polling. '
      + 'Moodle: core_completion_get_course_completion_status is not in the token\'s service, or the web-service role lacks '
      + 'report/completion:view (the message names what Moodle said); ILIAS: the SOAP user may not read learning progress.',
    fix: 'Moodle: add core_completion_get_course_completion_status to the service and allow report/completion:view for the '
      + 'web-service role, or install the coursebridge Moodle plugin (moodle-plugin/local_coursebridge), which pushes results with '
      + 'their exact completion time and retakes, neither of which polling can see. ILIAS: give the SOAP user read access to the '
      + 'learning progress of the courses. The next successful poll closes this notification.',
  },
  NOT_READY: {
    title: 'coursebridge is not ready',
    cause: 'The database does not take a write (read-only, disk full, connection lost, permission revoked) or the job queue is not running.',
    fix: 'See the reason in the /readyz answer and the log: free disk space, make the database writable again, or restart coursebridge.',
  },
  PORT_IN_USE: {
    title: 'Port in use',
    cause: 'Another program (perhaps a coursebridge already running) listens on the port coursebridge should use.',
    fix: 'Stop the other program, or start coursebridge with another PORT.',
  },
  PORT_NOT_PERMITTED: {
    title: 'Port not permitted',
    cause: 'The operating system does not let this user listen on the port (ports below 1024 need extra rights).',
    fix: 'Use a port above 1023 (and a reverse proxy in front), or give the process the right to bind low ports.',
  },
  HOST_NOT_AVAILABLE: {
    title: 'Address not on this machine',
    cause: 'HOST names an address this machine does not have.',
    fix: 'Set HOST to one of the machine\'s addresses, 127.0.0.1 or 0.0.0.0.',
  },
  DATA_DIR_NOT_WRITABLE: {
    title: 'Data directory not writable',
    cause: 'coursebridge cannot create or write files in DATA_DIR (read-only file system or missing permission).',
    fix: 'Make the folder writable for the user coursebridge runs as, or set DATA_DIR to a writable folder.',
  },
  DATA_DIR_FULL: {
    title: 'Data directory full',
    cause: 'The disk of DATA_DIR has no space left, so the embedded database cannot write.',
    fix: 'Free disk space (or move DATA_DIR to a larger disk) and start coursebridge again.',
  },
  SHUTDOWN_FAILED: {
    title: 'Shutdown failed',
    cause: 'Stopping the workers or closing the database failed; the process exits anyway.',
    fix: 'Usually harmless: jobs that were running are taken over after the restart. If it repeats, report the log line.',
  },
  ADMIN_EXISTS: {
    title: 'Administrator exists already',
    cause: 'There is already an administrator with this e-mail address (addresses are compared in lower case).',
    fix: 'Use the existing administrator; to give them a new password: coursebridge admin password <email>.',
  },
  ADMIN_NOT_FOUND: {
    title: 'No such administrator',
    cause: 'There is no Service Center administrator with this id or e-mail address for the institute.',
    fix: 'List the administrators (Service Center → Administrators, or GET /api/v1/admin-users) and use one from there.',
  },
  ADMIN_SELF: {
    title: 'An administrator cannot disable themself',
    cause: 'Disabling your own account would log you out with nobody left to undo it.',
    fix: 'Ask another administrator, or use coursebridge admin disable <email> on the server.',
  },
  ADMIN_LOGIN_FAILED: {
    title: 'Administrator log-in failed',
    cause: 'Someone entered an e-mail address and password that do not match an administrator. The log has the client address.',
    fix: 'Nothing, if it was a typo. Many of these from one address or for one account mean someone is guessing: they are throttled.',
  },
  ADMIN_LOGIN_THROTTLED: {
    title: 'Administrator log-in throttled',
    cause: 'Too many failed log-ins from one client address (10 in 15 minutes) or for one account (20 in 15 minutes).',
    fix: 'Wait the time the page names. Behind a reverse proxy, set TRUSTED_PROXIES so each client is counted by its own address.',
  },
  ADMIN_DISABLED: {
    title: 'Administrator disabled',
    cause: 'The administrator entered the right password, but another administrator has disabled the account.',
    fix: 'Another administrator can enable it again (Service Center → Administrators, or coursebridge admin enable <email>).',
  },
  ADMIN_PASSWORD_WRONG: {
    title: 'Current password wrong',
    cause: 'A password change was refused because the current password given was not the administrator\'s.',
    fix: 'Enter your current password; if it is forgotten, set a new one on the server: coursebridge admin password <email>.',
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
    ...apiErrorCatalogue,
    ...core,
  }
  return merged
}

/** A code's title, cause and fix in a language (English when there is no rendering in it yet). */
export function describeCode(code: string, language: Language = 'en'): CatalogueEntry {
  const english = catalogue()[code]
  if (!english) return { title: code, ...unknownCode[language] }
  return language === 'en' ? english : catalogueTranslations[language][code] ?? english
}

const unknownCode: Record<Language, Omit<CatalogueEntry, 'title'>> = {
  en: { cause: 'No description for this code yet.', fix: 'See the message.' },
  nl: { cause: 'Voor deze code is nog geen beschrijving.', fix: 'Zie de melding.' },
  de: { cause: 'Für diesen Code gibt es noch keine Beschreibung.', fix: 'Siehe die Meldung.' },
}

/** Only the words of an adapter's catalogue entry (they also carry kind and scope for classification). */
function pick(source: Record<string, CatalogueEntry>): Record<string, CatalogueEntry> {
  return Object.fromEntries(Object.entries(source).map(([code, e]) => [code, { title: e.title, cause: e.cause, fix: e.fix }]))
}
