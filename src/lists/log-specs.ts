// The logs across registrations, as administrators know them from their LMS plugins: every LMS call (from
// the step logs, where each call is recorded with its duration in the transaction that settles the
// registration), every mail, every delivery of a result to the training system.
import { fullName, type PersonData } from './list-specs.ts'
import { personSearch, type ListSpec } from './list-query.ts'

const registrationJoins = `JOIN registrations r ON r.id = REGISTRATION JOIN persons p ON p.id = r.person_ref
  JOIN course_definitions c ON c.id = r.course_definition_id JOIN connections k ON k.id = c.connection_id`
const joinsFrom = (column: string) => registrationJoins.replace('REGISTRATION', column)
const byCourse = (ph: string) => `c.code = ${ph}`
const byConnection = (ph: string) => `c.connection_id = ${ph}`

interface Served {
  registration_id: string
  person_id: string
  person: PersonData
  course_code: string
  connection_id: string
  connection_name: string
}
const servedColumns = <Row extends Served>() => [
  { header: 'registration', value: (r: Row) => r.registration_id },
  { header: 'person id', value: (r: Row) => r.person_id },
  { header: 'name', value: (r: Row) => fullName(r.person) },
  { header: 'course', value: (r: Row) => r.course_code },
]
const servedSelect = `r.id AS registration_id, p.person_id, p.data AS person, c.code AS course_code, k.id AS connection_id, k.name AS connection_name`

export interface LmsCallRow extends Served {
  id: string
  at: Date
  function: string | null
  outcome: string
  error_code: string | null
  duration_ms: number | null
  items: number | null
}

/**
 * One row per call and registration it served: a batch call that created 50 accounts is in the step log of
 * each of the 50 (its `items` says 50).
 */
export const lmsCallsList: ListSpec<LmsCallRow> = {
  name: 'lms-calls',
  from: `registration_steps s ${joinsFrom('s.registration_id')}`,
  select: `s.id::text AS id, s.at, s.function, s.outcome, s.error_code, s.duration_ms, s.items, ${servedSelect}`,
  tenant: 'r.tenant_id',
  where: `s.step = 'lms-call'`,
  statuses: ['ok', 'error'],
  status: (ph) => `s.outcome = ${ph}`,
  course: byCourse,
  connection: byConnection,
  // Also the function or the error code, exactly: "every core_user_create_users", "every LMS_TIMEOUT".
  search: (exact, like) => `(s.function = ${exact} OR s.error_code = ${exact} OR ${personSearch('p')(exact, like)})`,
  date: 's.at',
  sorts: { at: 's.at', duration: 's.duration_ms', function: 's.function' },
  defaultSort: ['at', 'desc'],
  id: 's.id',
  columns: [
    { header: 'time', value: (r) => r.at },
    { header: 'connection', value: (r) => r.connection_name },
    { header: 'function', value: (r) => r.function },
    { header: 'outcome', value: (r) => r.outcome },
    { header: 'error code', value: (r) => r.error_code },
    { header: 'duration ms', value: (r) => r.duration_ms },
    { header: 'records in the call', value: (r) => r.items },
    ...servedColumns<LmsCallRow>(),
  ],
}

/** What a mail was for, in words (the outbox's purpose keys are internal: `credentials-resend-<job id>`). */
export function mailKind(purpose: string): string {
  if (purpose === 'credentials') return 'Credentials (new account)'
  if (purpose === 'course-access') return 'New course available'
  if (purpose === 'access-ended') return 'Access ended'
  if (purpose.startsWith('credentials-resend')) return 'Credentials sent again'
  return purpose
}

/** An address as the log shows it: enough to recognise, not to copy (z•••@example.org). */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@')
  if (at < 1) return '•••'
  return `${address[0]}•••${address.slice(at)}`
}

export const mailStatuses = ['awaiting-account', 'queued', 'retrying', 'waiting-smtp', 'sent', 'outbox', 'failed', 'discarded'] as const

export interface MailLogRow extends Served {
  id: string
  purpose: string
  template_key: string
  to_address: string
  subject: string | null
  status: string
  attempts: number
  last_error_code: string | null
  last_error: string | null
  created_at: Date
  sent_at: Date | null
}

export const mailsList: ListSpec<MailLogRow> = {
  name: 'mails',
  from: `mails m ${joinsFrom('m.registration_id')}`,
  select: `m.id, m.purpose, m.template_key, m.to_address, m.subject, m.status, m.attempts, m.last_error_code, m.last_error,
    m.created_at, m.sent_at, ${servedSelect}`,
  tenant: 'm.tenant_id',
  statuses: mailStatuses,
  status: (ph) => `m.status = ${ph}`,
  course: byCourse,
  connection: byConnection,
  search: (exact, like) => `(m.to_address ILIKE ${exact} OR ${personSearch('p')(exact, like)})`,
  date: 'm.created_at',
  sorts: { created: 'm.created_at', sent: 'm.sent_at', status: 'm.status' },
  defaultSort: ['created', 'desc'],
  id: 'm.id',
  columns: [
    { header: 'time', value: (r) => r.created_at },
    { header: 'sent', value: (r) => r.sent_at },
    { header: 'kind', value: (r) => mailKind(r.purpose) },
    { header: 'to', value: (r) => maskAddress(r.to_address) },
    { header: 'status', value: (r) => r.status },
    { header: 'attempts', value: (r) => r.attempts },
    { header: 'error code', value: (r) => r.last_error_code },
    { header: 'error', value: (r) => r.last_error },
    ...servedColumns<MailLogRow>(),
  ],
}

export interface DeliveryLogRow extends Served {
  id: string
  result_id: string
  status: string
  attempts: number
  last_http_status: number | null
  last_error: string | null
  created_at: Date
  delivered_at: Date | null
  last_attempt_at: Date | null
  passed: boolean
}

export const deliveriesList: ListSpec<DeliveryLogRow> = {
  name: 'result-deliveries',
  from: `result_deliveries d JOIN results x ON x.id = d.result_id ${joinsFrom('x.registration_id')}`,
  select: `d.id, d.result_id, d.status, d.attempts, d.last_http_status, d.last_error, d.created_at, d.delivered_at, x.passed,
    (SELECT max(a.at) FROM delivery_attempts a WHERE a.delivery_id = d.id) AS last_attempt_at, ${servedSelect}`,
  tenant: 'd.tenant_id',
  statuses: ['pending', 'delivered', 'failed'],
  status: (ph) => `d.status = ${ph}`,
  course: byCourse,
  connection: byConnection,
  search: personSearch('p'),
  date: 'd.created_at',
  sorts: { created: 'd.created_at', attempts: 'd.attempts', status: 'd.status' },
  defaultSort: ['created', 'desc'],
  id: 'd.id',
  columns: [
    { header: 'delivery', value: (r) => r.id },
    { header: 'created', value: (r) => r.created_at },
    { header: 'status', value: (r) => r.status },
    { header: 'attempts', value: (r) => r.attempts },
    { header: 'last attempt', value: (r) => r.last_attempt_at },
    { header: 'HTTP status', value: (r) => r.last_http_status },
    { header: 'last error', value: (r) => r.last_error },
    { header: 'delivered', value: (r) => r.delivered_at },
    { header: 'result', value: (r) => r.result_id },
    ...servedColumns<DeliveryLogRow>(),
  ],
}
