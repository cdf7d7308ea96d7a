// What the check probes with, read from coursebridge's own records of a connection: the course
// definitions (courses and cohorts that exist in the LMS), a few accounts coursebridge linked (users
// that exist, with the external key and profile-field values it sends for them), and the profile
// fields the field mapping writes.
import type { Queryable } from '../store/database.ts'
import type { Connection } from '../store/connections.ts'
import { listCourseDefinitions } from '../store/course-definitions.ts'
import { fieldMappingSchema, toAccountData } from '../domain/field-mapping.ts'
import type { Person } from '../domain/person.ts'
import { moodleLoginNameRules } from '../lms/moodle/moodle-adapter.ts'
import type { ResolvedTarget, TargetSpec } from '../lms/lms-adapter.ts'

export interface CheckSubjects {
  targets: { code: string; target: TargetSpec; resolved: ResolvedTarget | null; role: string | null }[]
  knownAccounts: { lmsUserId: string; externalKey: string; fields: Record<string, string> }[]
  profileFields: string[]
}

/**
 * Linked accounts to look up: a few are enough to see what the role shows. Persons with free-field values come first,
 * so a profile field is judged by an account that should hold it, not by the newest accounts that hold none.
 */
const accountsToProbe = 5

export async function loadCheckSubjects(db: Queryable, connection: Connection): Promise<CheckSubjects> {
  const definitions = (await listCourseDefinitions(db, connection.tenantId)).filter((d) => d.connectionId === connection.id)
  const mapping = fieldMappingSchema.safeParse(connection.mapping)
  const { rows } = await db.query<{ lms_user_id: string; data: Person }>(
    `SELECT a.lms_user_id, p.data FROM lms_accounts a JOIN persons p ON p.id = a.person_ref
     WHERE a.connection_id = $1
     ORDER BY (p.data ?| array['freeField1','freeField2','freeField3','freeField4','freeField5']) DESC, a.synced_at DESC LIMIT $2`,
    [connection.id, accountsToProbe],
  )
  const knownAccounts = rows.map((row) => {
    if (!mapping.success) return { lmsUserId: row.lms_user_id, externalKey: '', fields: {} }
    // The values coursebridge sends for this person now (the last sync may be older: the detail says so).
    const wanted = toAccountData(row.data, mapping.data, moodleLoginNameRules)
    return { lmsUserId: row.lms_user_id, externalKey: wanted.externalKey, fields: wanted.fields }
  })
  return {
    targets: definitions.map((d) => ({ code: d.code, target: d.target, resolved: d.resolvedTarget, role: d.role })),
    knownAccounts,
    profileFields: mapping.success ? Object.values(mapping.data.customFields).filter((s): s is string => s !== undefined) : [],
  }
}
