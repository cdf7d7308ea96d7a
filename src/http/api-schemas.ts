// What the API answers, as zod schemas: the OpenAPI document's components (each registered with an id,
// so the document refers to it by name) and the types a generated client gets. The request schemas are the
// ones the handlers parse with (domain/, services/, routes/); these describe the views in views.ts and the
// routes' answers.
import { z } from 'zod'
import { personSchema } from '../domain/person.ts'
import { fieldMappingSchema } from '../domain/field-mapping.ts'
import { registrationStatuses } from '../domain/registration-state.ts'
import { connectionTypes } from '../services/connection-input.ts'
import { tenantSettingsSchema } from '../services/tenant-settings.ts'
import { documentTemplateSchema } from '../mail/template-model.ts'
import { apiScopes } from '../security/api-keys.ts'

const id = <S extends z.ZodType>(name: string, schema: S, description?: string) =>
  schema.meta({ id: name, ...(description ? { description } : {}) })
const time = z.iso.datetime({ offset: true })
const list = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item) })

export const personView = id('Person', personSchema.extend({ updatedAt: time }), 'A person as stored, with the time of its last change.')

export const connectionView = id('Connection', z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(connectionTypes),
  baseUrl: z.string(),
  environment: z.enum(['live', 'training']),
  active: z.boolean(),
  credentials: z.record(z.string(), z.literal('set')).describe('Which credentials are set; their values are never returned.'),
  mapping: fieldMappingSchema,
  settings: z.record(z.string(), z.unknown()),
  blockedCode: z.string().nullable().describe('The notification code that paused this connection, if any.'),
  archivedAt: time.nullable().describe('When it was archived (no new registrations on it; restore to use it again); null while in use.'),
  createdAt: time,
  updatedAt: time,
}), 'An LMS connection without its credentials.')

const courseTarget = z.object({ type: z.string(), by: z.string().optional(), value: z.string().optional(), refId: z.string().optional() })
export const courseDefinitionView = id('CourseDefinition', z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  connectionId: z.uuid(),
  target: courseTarget,
  resolvedTarget: z.object({ type: z.string(), id: z.union([z.string(), z.number()]) }).loose().nullable(),
  role: z.string().nullable(),
  enrolStart: time.nullable(),
  enrolEnd: time.nullable(),
  archivedAt: time.nullable().describe('When it was archived (new registrations refused; restore to use it again); null while in use.'),
}), 'A TMS course code mapped to a course or cohort in an LMS.')

export const registrationView = id('Registration', z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  personId: z.string().optional(),
  courseCode: z.string().optional(),
  desired: z.enum(['active', 'cancelled']).describe('What should be.'),
  observed: z.object({
    status: z.enum(Object.keys(registrationStatuses) as [keyof typeof registrationStatuses]),
    statusCode: z.string().nullable().describe('The notification code of a waiting or failed registration.'),
    lmsUserId: z.string().nullable(),
    loginName: z.string().nullable(),
    accountCreated: z.boolean(),
    accessGrantedAt: time.nullable(),
    accessRevokedAt: time.nullable(),
    attempts: z.number().int(),
  }).describe('What is: the state the workers reached in the LMS.'),
  createdAt: time,
  updatedAt: time,
}), 'A registration: desired and observed state.')

export const resultView = id('Result', z.object({
  id: z.uuid(),
  registrationId: z.uuid(),
  attended: z.boolean(),
  passed: z.boolean().nullable(),
  completedAt: time.nullable(),
  completedAtObserved: z.boolean().describe('True when the LMS gave no completion time (Moodle without the coursebridge plugin): '
    + 'completedAt is then the moment coursebridge first saw the completion.'),
  completionTimeSource: z.enum(['lms', 'criteria', 'observed']).describe('Where completedAt comes from: lms (the LMS said when: the '
    + 'Moodle plugin, ILIAS), criteria (Moodle polled: the latest completion-criterion time), observed (first seen by a poll).'),
  grade: z.object({
    type: z.enum(['value', 'scale']).nullable().describe('value: points; scale: positions on the course total\'s scale.'),
    final: z.number(), min: z.number().nullable(), max: z.number().nullable(),
    percentage: z.number().nullable(), pass: z.number().nullable().describe('Grade to pass; null when the course sets none.'),
  }).nullable().describe('The grade as the LMS sent it.'),
  source: z.string(),
  receivedAt: time,
  updatedAt: time,
}), 'A course result (attendance, success, grade) recorded for a registration.')

export const notificationView = id('Notification', z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.string(),
  title: z.string(),
  cause: z.string(),
  fix: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  connectionId: z.uuid().nullable(),
  registrationId: z.uuid().nullable(),
  occurrences: z.number().int(),
  createdAt: time,
  lastSeenAt: time,
  resolvedAt: time.nullable(),
}), 'A problem to fix, with its code, plain cause and fix.')

export const registrationDetailView = id('RegistrationDetail', registrationView.extend({
  steps: z.array(z.object({
    at: time, step: z.string(), function: z.string().nullable(), durationMs: z.number().nullable(), items: z.number().nullable(),
    outcome: z.string(), errorCode: z.string().nullable(), detail: z.string().nullable(),
  })).describe('The step log: every LMS call made for this registration.'),
  results: z.array(resultView),
  notifications: z.array(notificationView),
}), 'A registration with its step log, results and open notifications.')

const batchError = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
export const registrationBatchView = id('RegistrationBatchAnswer', z.object({
  accepted: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  results: z.array(z.object({
    index: z.number().int(),
    status: z.number().int().describe('The status a single POST /registrations would have answered.'),
    registration: registrationView.optional(),
    error: batchError.optional(),
  })),
}), 'One outcome per entry, in the order sent.')

export const catalogueEntryView = id('CodeDescription', z.object({
  code: z.string(), title: z.string(), cause: z.string(), fix: z.string(),
}), 'A notification or API error code with its plain cause and fix.')

export const checkView = id('ConnectionCheck', z.object({
  connectionId: z.uuid(),
  ok: z.boolean().describe('No required item failed.'),
  checkedAt: time,
  unblocked: z.boolean(),
  items: z.array(z.object({
    id: z.string(), title: z.string(), status: z.enum(['pass', 'fail', 'unknown']), detail: z.string(), required: z.boolean(),
    fix: z.object({ text: z.string(), menuPath: z.string(), adminUrl: z.string() }).optional(),
  })),
}), 'The connection checklist: one item per set-up step.')

export const templateView = id('DocumentTemplate', documentTemplateSchema, 'A document template (mail subject, HTML and text with Liquid variables).')
export const templateListView = id('DocumentTemplates', z.object({
  items: z.array(z.object({ ...documentTemplateSchema.shape, builtIn: z.boolean() }).loose()),
  variables: z.record(z.string(), z.object({ description: z.string(), secret: z.boolean().optional() })),
}))
export const renderedMailView = id('RenderedMail', z.object({ subject: z.string(), html: z.string(), text: z.string() }).loose())
export const settingsView = id('TenantSettings', tenantSettingsSchema.omit({ resultWebhook: true }).extend({
  resultWebhook: z.object({
    url: z.string(), secretSet: z.boolean().optional(), secret: z.string().optional().describe('Only in the answer that generated it.'),
  }).nullable(),
}), 'House style, action templates and the result webhook (its secret is write-only).')

export const mailView = id('Mail', z.object({
  id: z.uuid(), registrationId: z.uuid().nullable(), purpose: z.string(), template: z.string(), to: z.string(), status: z.string(),
  subject: z.string().nullable(), html: z.string().nullable(), text: z.string().nullable(), attempts: z.number().int(),
  lastErrorCode: z.string().nullable(), lastError: z.string().nullable(), messageId: z.string().nullable(), createdAt: time,
  sentAt: time.nullable(),
  passwordKept: z.boolean().describe('The (encrypted) password is still kept for sending; false once sent, failed or discarded.'),
  discardedAt: time.nullable().describe('When an administrator discarded it (status discarded): it is never sent.'),
}), 'A mail of the outbox, without any password.')

const candidateView = z.object({
  lmsUserId: z.string(), loginName: z.string().nullable(), email: z.string().nullable(),
  firstName: z.string().nullable(), lastName: z.string().nullable(),
  externalKey: z.string().nullable().describe('The external key (Moodle idnumber) the account holds; null when none.'),
})

export const accountReviewView = id('AccountReview', z.object({
  id: z.uuid(),
  connectionId: z.uuid(),
  connectionName: z.string(),
  personId: z.string(),
  personName: z.string(),
  reason: z.enum(['email-no-key', 'email-other-key', 'email-several']),
  why: z.string().describe('Why the account matched, in plain words.'),
  candidates: z.array(candidateView).describe('The account(s) found by the person\'s e-mail address.'),
  status: z.enum(['open', 'link', 'new-account', 'done']).describe('open: waits for a decision; link / new-account: decided, carried out by the next reconcile; done.'),
  note: z.string().nullable().describe('Why a decision could not be carried out (e.g. the LMS refused a second account with this e-mail).'),
  createdAt: time,
  decidedAt: time.nullable(),
}), 'An LMS account found by a person\'s e-mail, waiting for an administrator to link it or to create a new account.')

export const accountReviewDecision = z.object({
  review: accountReviewView,
  registrationsQueued: z.number().int().describe('Registrations of the person on the connection reconciled again to carry the decision out.'),
})

const reportEntry = z.object({
  personId: z.string(), externalKey: z.string(), email: z.string(),
  accounts: z.array(z.object({ lmsUserId: z.string(), loginName: z.string().nullable(), email: z.string().nullable(), externalKey: z.string().nullable() })),
  reason: z.string().optional(),
})

export const adoptionReportView = id('AdoptionReport', z.object({
  connectionId: z.uuid(), connectionName: z.string(), policy: z.enum(['key-only', 'adopt', 'review']), checkedAt: time,
  counts: z.object({
    persons: z.number().int(), matchedByKey: z.number().int(), adoptable: z.number().int(), conflicts: z.number().int(),
    notFound: z.number().int(), notFoundUnsure: z.number().int().describe('Not found, but their e-mail could be compared only as given and in lower case.'),
  }),
  listLimit: z.number().int(),
  matchedByKey: z.array(reportEntry), adoptable: z.array(reportEntry), conflicts: z.array(reportEntry), notFound: z.array(reportEntry),
  emailLookup: z.enum(['any-case', 'partly', 'none']),
  lmsCalls: z.number().int(),
}), 'Every person compared with the LMS of one connection (read-only): matched by key, adoptable by e-mail, conflicts, not found.')

export const lists = {
  accountReviews: id('AccountReviewList', list(accountReviewView)),
  persons: id('PersonList', list(personView)),
  connections: id('ConnectionList', list(connectionView)),
  courseDefinitions: id('CourseDefinitionList', list(courseDefinitionView)),
  registrations: id('RegistrationList', list(registrationView)),
  notifications: id('NotificationList', list(notificationView)),
  codes: id('CodeList', list(catalogueEntryView)),
  results: id('ResultList', list(resultView)),
  mails: id('MailList', list(mailView)),
}

export const apiKeyView = id('ApiKey', z.object({
  id: z.uuid(), name: z.string(), scope: z.enum(apiScopes), prefix: z.string().describe('The first characters of the key.'),
  createdAt: time, lastUsedAt: time.nullable(), revokedAt: time.nullable(),
}), 'An API key, without the key itself.')
export const newApiKeyView = id('NewApiKey', apiKeyView.extend({ key: z.string().describe('The key: shown in this answer only.') }))
export const apiKeyListView = id('ApiKeyList', list(apiKeyView))

export const queuedView = id('Queued', z.object({ queued: z.literal(true) }))
export const webhookAnswerView = id('WebhookAnswer', z.object({
  ok: z.boolean(), outcome: z.string().optional(), resultId: z.uuid().optional(),
  code: z.string().optional().describe('Why a completion was ignored: RESULT_USER_WITHOUT_IDNUMBER, RESULT_REGISTRATION_NOT_FOUND.'),
  message: z.string().optional(),
}), 'The answer to the Moodle plugin.')
