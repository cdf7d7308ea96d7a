// Whether an active registration needs its access granted again. Moodle's enrol call overwrites the
// enrolment's period and re-activates an enrolment an administrator suspended (recorded:
// enrol_manual_enrol_users.re-enrol-changes-timeend / re-enrol-without-suspend-reactivates), so a grant
// that was sent before is sent again only when something in it changed.

export interface GrantSpec {
  lmsUserId: string
  target: { type: string; id: string }
  role: string
  /** Seconds since the epoch; undefined = open. */
  timeStart?: number
  timeEnd?: number
}

/** What the registration keeps of a grant it sent (registrations.granted_access). */
export function grantKey(g: GrantSpec): string {
  return JSON.stringify([g.lmsUserId, g.target.type, g.target.id, g.role, g.timeStart ?? null, g.timeEnd ?? null])
}

export type GrantDecision =
  | { send: false }
  /** periodOf: the same enrolment with another period (its previous one), so a suspension made in the LMS must be kept. */
  | { send: true; periodOf?: { timeStart?: number; timeEnd?: number } }

export function decideGrant(previous: string | null, wanted: GrantSpec): GrantDecision {
  if (previous === null) return { send: true }
  if (previous === grantKey(wanted)) return { send: false }
  let old: unknown
  try {
    old = JSON.parse(previous)
  } catch {
    return { send: true }
  }
  if (!Array.isArray(old) || old.length !== 6) return { send: true }
  const [user, type, id, role, start, end] = old as [string, string, string, string, number | null, number | null]
  const sameEnrolment = user === wanted.lmsUserId && type === wanted.target.type && id === wanted.target.id && role === wanted.role
  if (!sameEnrolment) return { send: true }
  return { send: true, periodOf: { timeStart: start ?? undefined, timeEnd: end ?? undefined } }
}
