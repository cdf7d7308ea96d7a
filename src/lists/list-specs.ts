// The lists of registrations, persons, results and notifications (the logs are in log-specs.ts).
import { registrationStatuses } from '../domain/registration-state.ts'
import { describeCode } from '../notifications/catalogue.ts'
import { personSearch, type ListSpec } from './list-query.ts'

export interface PersonData { firstName?: string; namePrefix?: string; lastName?: string; email1?: string }

export const fullName = (p: PersonData | null | undefined) =>
  p ? [p.firstName, p.namePrefix, p.lastName].filter((s) => s && s !== '').join(' ') : ''

/** The joins from a registration r to its person p, course c and connection k. */
const registrationJoins = `JOIN persons p ON p.id = r.person_ref JOIN course_definitions c ON c.id = r.course_definition_id
  JOIN connections k ON k.id = c.connection_id`
const byCourse = (ph: string) => `c.code = ${ph}`
const byConnection = (ph: string) => `c.connection_id = ${ph}`
/** Person, course and connection columns of every list that serves a registration. */
const whoColumns = <Row extends { person_id: string | null; person: PersonData | null; course_code: string | null; connection_name: string | null }>() => [
  { header: 'person id', value: (r: Row) => r.person_id },
  { header: 'name', value: (r: Row) => fullName(r.person) },
  { header: 'course', value: (r: Row) => r.course_code },
  { header: 'connection', value: (r: Row) => r.connection_name },
]

export interface RegistrationListRow {
  id: string
  external_id: string | null
  desired: string
  status: string
  status_code: string | null
  login_name: string | null
  lms_user_id: string | null
  attempts: number
  created_at: Date
  updated_at: Date
  person_id: string
  person: PersonData
  course_code: string
  course_name: string
  connection_id: string
  connection_name: string
  /** The latest open notification's message (the attention list). */
  message?: string | null
}

const registrationSelect = `r.id, r.external_id, r.desired, r.status, r.status_code, r.login_name, r.lms_user_id, r.attempts,
  r.created_at, r.updated_at, p.person_id, p.data AS person, c.code AS course_code, c.name AS course_name,
  k.id AS connection_id, k.name AS connection_name`

const registrationBase = {
  from: `registrations r ${registrationJoins}`,
  tenant: 'r.tenant_id',
  status: (ph: string) => `r.status = ${ph}`,
  course: byCourse,
  connection: byConnection,
  search: personSearch('p', ['r.external_id']),
  id: 'r.id',
  sorts: {
    created: 'r.created_at', updated: 'r.updated_at', person: `lower(p.data->>'lastName')`, course: 'c.code', status: 'r.status',
  },
}

export const registrationsList: ListSpec<RegistrationListRow> = {
  ...registrationBase,
  name: 'registrations',
  select: registrationSelect,
  statuses: Object.keys(registrationStatuses),
  date: 'r.created_at',
  defaultSort: ['created', 'desc'],
  columns: [
    { header: 'registration', value: (r) => r.id },
    { header: 'TMS registration id', value: (r) => r.external_id },
    ...whoColumns<RegistrationListRow>(),
    { header: 'e-mail', value: (r) => r.person?.email1 },
    { header: 'state', value: (r) => r.status },
    { header: 'code', value: (r) => r.status_code },
    { header: 'wanted', value: (r) => r.desired },
    { header: 'login name', value: (r) => r.login_name },
    { header: 'LMS user id', value: (r) => r.lms_user_id },
    { header: 'created', value: (r) => r.created_at },
    { header: 'changed', value: (r) => r.updated_at },
  ],
}

/** The states that wait for someone: a retry (after a fix) may help. */
export const attentionStatuses = ['failed', 'needs_admin', 'waiting_for_data'] as const

export const attentionList: ListSpec<RegistrationListRow> = {
  ...registrationBase,
  name: 'needs-attention',
  select: `${registrationSelect}, (SELECT n.message FROM notifications n WHERE n.registration_id = r.id AND n.resolved_at IS NULL
    ORDER BY n.last_seen_at DESC LIMIT 1) AS message`,
  where: `r.status IN (${attentionStatuses.map((s) => `'${s}'`).join(', ')})`,
  statuses: attentionStatuses,
  date: 'r.updated_at',
  defaultSort: ['updated', 'desc'],
  columns: [
    { header: 'registration', value: (r) => r.id },
    ...whoColumns<RegistrationListRow>(),
    { header: 'state', value: (r) => r.status },
    { header: 'code', value: (r) => r.status_code },
    { header: 'problem', value: (r) => (r.status_code ? describeCode(r.status_code).title : '') },
    { header: 'message', value: (r) => r.message },
    { header: 'attempts', value: (r) => r.attempts },
    { header: 'changed', value: (r) => r.updated_at },
  ],
}

export interface PersonListRow {
  id: string
  person_id: string
  person: PersonData
  erased_at: Date | null
  updated_at: Date
  registrations: number
}

export const personsList: ListSpec<PersonListRow> = {
  name: 'persons',
  from: 'persons p',
  select: `p.id, p.person_id, p.data AS person, p.erased_at, p.updated_at,
    (SELECT count(*)::int FROM registrations r WHERE r.person_ref = p.id) AS registrations`,
  tenant: 'p.tenant_id',
  course: (ph) => `EXISTS (SELECT 1 FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
    WHERE r.person_ref = p.id AND c.code = ${ph})`,
  connection: (ph) => `EXISTS (SELECT 1 FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
    WHERE r.person_ref = p.id AND c.connection_id = ${ph})`,
  search: personSearch('p'),
  date: 'p.updated_at',
  sorts: { personId: 'p.person_id', name: `lower(p.data->>'lastName')`, updated: 'p.updated_at' },
  defaultSort: ['personId', 'asc'],
  id: 'p.id',
  columns: [
    { header: 'person id', value: (r) => r.person_id },
    { header: 'first name', value: (r) => r.person?.firstName },
    { header: 'name prefix', value: (r) => r.person?.namePrefix },
    { header: 'last name', value: (r) => r.person?.lastName },
    { header: 'e-mail', value: (r) => r.person?.email1 },
    { header: 'registrations', value: (r) => r.registrations },
    { header: 'changed', value: (r) => r.updated_at },
  ],
}

export interface ResultListRow {
  id: string
  registration_id: string
  attended: boolean
  passed: boolean
  completed_at: Date | null
  completed_at_source: 'lms' | 'criteria' | 'observed'
  grade: string | null
  grade_type: string | null
  grade_min: string | null
  grade_max: string | null
  source: string
  updated_at: Date
  person_id: string
  person: PersonData
  course_code: string
  connection_name: string
}

export const resultsList: ListSpec<ResultListRow> = {
  name: 'results',
  from: `results x JOIN registrations r ON r.id = x.registration_id ${registrationJoins}`,
  select: `x.id, x.registration_id, x.attended, x.passed, x.completed_at, x.completed_at_source, x.grade, x.grade_type, x.grade_min,
    x.grade_max, x.source, x.updated_at,
    p.person_id, p.data AS person, c.code AS course_code, k.name AS connection_name`,
  tenant: 'x.tenant_id',
  statuses: ['passed', 'not_passed'],
  status: (ph) => `(CASE WHEN x.passed THEN 'passed' ELSE 'not_passed' END) = ${ph}`,
  course: byCourse,
  connection: byConnection,
  search: personSearch('p'),
  date: 'x.updated_at',
  sorts: { updated: 'x.updated_at', completed: 'x.completed_at', person: `lower(p.data->>'lastName')`, course: 'c.code', grade: 'x.grade' },
  defaultSort: ['updated', 'desc'],
  id: 'x.id',
  columns: [
    { header: 'result', value: (r) => r.id },
    { header: 'registration', value: (r) => r.registration_id },
    ...whoColumns<ResultListRow>(),
    { header: 'attended', value: (r) => r.attended },
    { header: 'passed', value: (r) => r.passed },
    { header: 'grade', value: (r) => (r.grade === null ? null : Number(r.grade)) },
    { header: 'grade type', value: (r) => r.grade_type },
    { header: 'grade min', value: (r) => (r.grade_min === null ? null : Number(r.grade_min)) },
    { header: 'grade max', value: (r) => (r.grade_max === null ? null : Number(r.grade_max)) },
    { header: 'completed', value: (r) => r.completed_at },
    { header: 'completion time from', value: (r) => r.completed_at_source },
    { header: 'source', value: (r) => r.source },
    { header: 'recorded', value: (r) => r.updated_at },
  ],
}

export interface NotificationListRow {
  id: string
  code: string
  kind: string
  message: string
  occurrences: number
  created_at: Date
  last_seen_at: Date
  resolved_at: Date | null
  registration_id: string | null
  connection_id: string | null
  person_id: string | null
  person: PersonData | null
  course_code: string | null
  connection_name: string | null
}

export const notificationsList: ListSpec<NotificationListRow> = {
  name: 'notifications',
  from: `notifications n LEFT JOIN registrations r ON r.id = n.registration_id
    LEFT JOIN persons p ON p.id = COALESCE(n.person_ref, r.person_ref) LEFT JOIN course_definitions c ON c.id = r.course_definition_id
    LEFT JOIN connections k ON k.id = COALESCE(n.connection_id, c.connection_id)`,
  select: `n.id, n.code, n.kind, n.message, n.occurrences, n.created_at, n.last_seen_at, n.resolved_at, n.registration_id,
    k.id AS connection_id, p.person_id, p.data AS person, c.code AS course_code, k.name AS connection_name`,
  tenant: 'n.tenant_id',
  statuses: ['open', 'resolved'],
  status: (ph) => `(CASE WHEN n.resolved_at IS NULL THEN 'open' ELSE 'resolved' END) = ${ph}`,
  course: byCourse,
  connection: (ph) => `k.id = ${ph}`,
  search: (exact, like) => `(n.code = ${exact} OR ${personSearch('p')(exact, like)})`,
  date: 'n.last_seen_at',
  sorts: { lastSeen: 'n.last_seen_at', created: 'n.created_at', code: 'n.code', occurrences: 'n.occurrences' },
  defaultSort: ['lastSeen', 'desc'],
  id: 'n.id',
  columns: [
    { header: 'notification', value: (r) => r.id },
    { header: 'code', value: (r) => r.code },
    { header: 'title', value: (r) => describeCode(r.code).title },
    { header: 'message', value: (r) => r.message },
    { header: 'kind', value: (r) => r.kind },
    { header: 'registration', value: (r) => r.registration_id },
    ...whoColumns<NotificationListRow>(),
    { header: 'occurrences', value: (r) => r.occurrences },
    { header: 'first seen', value: (r) => r.created_at },
    { header: 'last seen', value: (r) => r.last_seen_at },
    { header: 'resolved', value: (r) => r.resolved_at },
  ],
}
