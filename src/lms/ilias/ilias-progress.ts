// Learning progress, for result polling: getLearningProgressChanges (incremental, ut_lp_marks rows
// with status_changed >= timestamp) and getProgressInfo (one course, now). ILIAS speaks its server's
// local wall time ("YYYY-MM-DD HH:MM:SS", no zone), so the connection names the server's time zone.
import { asArray, attrOf, createXmlParser } from './ilias-xml.ts'
import { lpChange, lpStatusNum, progressInfoUser } from './ilias-types.ts'

export const progressStatuses = ['completed', 'passed', 'failed', 'in_progress', 'not_attempted'] as const
export type ProgressStatus = (typeof progressStatuses)[number]

/**
 * A learner's state in a course, LMS-neutral. ILIAS's "completed" of a course is its "passed"
 * (README §3), so courses report 'passed'; 'completed' is kept for other object types.
 */
export interface ProgressRecord {
  lmsUserId: string
  courseRefId: string
  status: ProgressStatus
  /** When ILIAS recorded the status; null from getProgressInfo, which has no dates. */
  changedAt: Date | null
}

function statusOfLp(num: number, type: string): ProgressStatus {
  switch (num) {
    case lpStatusNum.completed: return type === 'crs' ? 'passed' : 'completed'
    case lpStatusNum.failed: return 'failed'
    case lpStatusNum.inProgress: return 'in_progress'
    default: return 'not_attempted'
  }
}

const changesParser = createXmlParser(['LPChange'])

/** Reads `<LPData><LPChange …/></LPData>`; one record per ref id of the object (courses have one). */
export function parseLpChanges(xml: string, timeZone: string, type = 'crs'): ProgressRecord[] {
  const doc = changesParser.parse(xml) as Record<string, unknown>
  const data = doc['LPData']
  const changes = data && typeof data === 'object' ? asArray((data as Record<string, unknown>)['LPChange']) : []
  return changes.flatMap((node) => {
    const change = lpChange.parse({
      UserId: attrOf(node, 'UserId'), ObjId: attrOf(node, 'ObjId'), RefIds: attrOf(node, 'RefIds') ?? '',
      Timestamp: attrOf(node, 'Timestamp'), LPStatus: attrOf(node, 'LPStatus'),
    })
    // An object without a ref id is no longer in the repository tree: nothing to report it against.
    const refIds = change.RefIds === '' ? [] : change.RefIds.split(',')
    return refIds.map((refId) => ({
      lmsUserId: String(change.UserId),
      courseRefId: refId,
      status: statusOfLp(change.LPStatus, type),
      changedAt: parseIliasTimestamp(change.Timestamp, timeZone),
    }))
  })
}

const infoParser = createXmlParser(['User'])
// getProgressInfo's own numbering: 1 in progress, 2 completed, 3 failed, 4 not attempted.
const infoStatus: Record<number, number> = { 1: lpStatusNum.inProgress, 2: lpStatusNum.completed, 3: lpStatusNum.failed, 4: lpStatusNum.notAttempted }

export function parseProgressInfo(xml: string, refId: string): ProgressRecord[] {
  const doc = infoParser.parse(xml) as Record<string, unknown>
  const info = doc['LearningProgressInfo'] as Record<string, unknown> | undefined
  const type = attrOf(info, 'type') ?? 'crs'
  const progress = info?.['UserProgress']
  const users = progress && typeof progress === 'object' ? asArray((progress as Record<string, unknown>)['User']) : []
  return users.map((node) => {
    const user = progressInfoUser.parse({ id: attrOf(node, 'id'), status: attrOf(node, 'status') })
    return { lmsUserId: String(user.id), courseRefId: refId, status: statusOfLp(infoStatus[user.status] ?? 0, type), changedAt: null }
  })
}

function wallClockParts(date: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date)
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]))
}

/** Date → ILIAS wall time in the server's zone. */
export function formatIliasTimestamp(date: Date, timeZone: string): string {
  const p = wallClockParts(date, timeZone)
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0')
  return `${p['year']}-${two(p['month'])}-${two(p['day'])} ${two(p['hour'])}:${two(p['minute'])}:${two(p['second'])}`
}

/** ILIAS wall time in the server's zone → Date (the zone's offset at that moment, found by one correction). */
export function parseIliasTimestamp(value: string, timeZone: string): Date {
  const [y, mo, d, h, mi, s] = value.split(/[- :]/).map(Number)
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0)
  const offsetAt = (t: number) => {
    const p = wallClockParts(new Date(t), timeZone)
    return Date.UTC(p['year'] ?? 0, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0) - t
  }
  const first = asUtc - offsetAt(asUtc)
  return new Date(asUtc - offsetAt(first))
}
