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
import { getPluginContact, type PluginContact } from '../store/plugin-contact.ts'

export interface CheckSubjects {
  targets: { code: string; target: TargetSpec; resolved: ResolvedTarget | null; role: string | null }[]
  knownAccounts: { lmsUserId: string; externalKey: string; fields: Record<string, string> }[]
  profileFields: string[]
  /** The last request the Moodle plugin signed for this connection (test event, result, managed-course list). */
  pluginContact: PluginContact | null
}

/** The newest linked accounts looked up besides those chosen for a profile field: a few are enough to see what the role shows. */
const newestToProbe = 5

/**
 * Linked accounts to look up: for each mapped free field the newest account whose person has a value in it (so a
 * profile field is judged by an account that should hold one, however many newer accounts hold none), then the newest
 * accounts, up to 5 + one per mapped free field. All are looked up by id in one call.
 */
export async function loadCheckSubjects(db: Queryable, connection: Connection): Promise<CheckSubjects> {
  const definitions = (await listCourseDefinitions(db, connection.tenantId)).filter((d) => d.connectionId === connection.id)
  const mapping = fieldMappingSchema.safeParse(connection.mapping)
  const mappedFreeFields = mapping.success
    ? Object.entries(mapping.data.customFields).filter(([, shortname]) => shortname !== undefined).map(([freeField]) => freeField)
    : []
  const linked = `SELECT a.lms_user_id, p.data, a.synced_at FROM lms_accounts a JOIN persons p ON p.id = a.person_ref WHERE a.connection_id = $1`
  const { rows } = await db.query<{ lms_user_id: string; data: Person }>(
    `(SELECT DISTINCT ON (f.field) l.lms_user_id, l.data, 0 AS pick, l.synced_at
        FROM (${linked}) l CROSS JOIN unnest($2::text[]) AS f(field)
       WHERE COALESCE(l.data->>f.field, '') <> ''
       ORDER BY f.field, l.synced_at DESC, l.lms_user_id)
     UNION ALL
     (SELECT l.lms_user_id, l.data, 1 AS pick, l.synced_at FROM (${linked}) l ORDER BY l.synced_at DESC, l.lms_user_id LIMIT $3)
     ORDER BY pick, synced_at DESC`,
    [connection.id, mappedFreeFields, newestToProbe],
  )
  const seen = new Set<string>()
  const chosen = rows.filter((row) => !seen.has(row.lms_user_id) && seen.add(row.lms_user_id))
  const knownAccounts = chosen.map((row) => {
    if (!mapping.success) return { lmsUserId: row.lms_user_id, externalKey: '', fields: {} }
    // The values coursebridge sends for this person now (the last sync may be older: the detail says so).
    const wanted = toAccountData(row.data, mapping.data, moodleLoginNameRules)
    return { lmsUserId: row.lms_user_id, externalKey: wanted.externalKey, fields: wanted.fields }
  })
  return {
    targets: definitions.map((d) => ({ code: d.code, target: d.target, resolved: d.resolvedTarget, role: d.role })),
    knownAccounts,
    profileFields: mapping.success ? Object.values(mapping.data.customFields).filter((s): s is string => s !== undefined) : [],
    pluginContact: await getPluginContact(db, connection.id),
  }
}
