// What the API shows of stored records: stable field names, no credentials, no passwords.
import type { Registration, StepRow } from '../store/registrations.ts'
import type { NotificationRow } from '../store/notifications.ts'
import type { CourseDefinition } from '../store/course-definitions.ts'
import type { PersonRow } from '../store/persons.ts'

export const personView = (p: PersonRow) => ({ ...p.data, updatedAt: p.updated_at })

export const courseDefinitionView = (d: CourseDefinition) => ({
  id: d.id, code: d.code, name: d.name, connectionId: d.connectionId, target: d.target, resolvedTarget: d.resolvedTarget,
  role: d.role, enrolStart: d.enrolStart, enrolEnd: d.enrolEnd, archivedAt: d.archivedAt,
})

export const registrationView = (r: Registration, extra: { personId?: string; courseCode?: string } = {}) => ({
  id: r.id,
  externalId: r.externalId,
  ...extra,
  desired: r.desired,
  observed: {
    status: r.status,
    statusCode: r.statusCode,
    lmsUserId: r.lmsUserId,
    loginName: r.loginName,
    accountCreated: r.accountCreated,
    accessGrantedAt: r.accessGrantedAt,
    accessRevokedAt: r.accessRevokedAt,
    attempts: r.attempts,
  },
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
})

export const stepView = (s: StepRow) => ({
  at: s.at, step: s.step, function: s.function, durationMs: s.duration_ms, items: s.items, outcome: s.outcome,
  errorCode: s.error_code, detail: s.detail,
})

export const notificationView = (n: NotificationRow, describe: (code: string) => { title: string; cause: string; fix: string }) => ({
  id: n.id, code: n.code, kind: n.kind, ...describe(n.code), message: n.message, details: n.details,
  connectionId: n.connection_id, registrationId: n.registration_id, occurrences: n.occurrences,
  createdAt: n.created_at, lastSeenAt: n.last_seen_at, resolvedAt: n.resolved_at,
})
