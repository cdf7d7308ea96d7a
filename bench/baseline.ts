// The floor coursebridge is measured against: the least a script can do to register new persons in a Moodle
// course — per 100 persons, in sequence, one lookup by username (core_user_get_users_by_field), one
// core_user_create_users for those not found, one enrol_manual_enrol_users for all of them. No database,
// no queue, no retries, no mails: what is left is the LMS's own time for the three batched calls.
import { encodeMoodleBody, type MoodleParams } from '../src/lms/moodle/moodle-rest-client.ts'

export interface BaselineTarget {
  url: string
  token: string
  courseId: number
  /** Moodle's student role (5 on a standard site, as coursebridge's default). */
  roleId?: number
}

export interface BaselineResult {
  size: number
  totalMs: number
  calls: number
}

/** Registers persons `${prefix}${0..size-1}` (new accounts) into the course; throws on any Moodle error. */
export async function runBaseline(target: BaselineTarget, prefix: string, size: number, batch = 100): Promise<BaselineResult> {
  const endpoint = `${target.url.replace(/\/+$/, '')}/webservice/rest/server.php`
  let calls = 0
  const call = async <T>(fn: string, params: MoodleParams): Promise<T> => {
    calls++
    const res = await fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encodeMoodleBody(target.token, fn, params),
    })
    const answer = await res.json() as T & { exception?: string; message?: string }
    if (!res.ok || (answer && typeof answer === 'object' && 'exception' in answer)) {
      throw new Error(`baseline: ${fn} → HTTP ${res.status} ${answer?.exception ?? ''} ${answer?.message ?? ''}`)
    }
    return answer
  }
  const started = performance.now()
  for (let from = 0; from < size; from += batch) {
    const ids = Array.from({ length: Math.min(batch, size - from) }, (_, k) => `${prefix}${from + k}`)
    const usernames = ids.map((id) => id.toLowerCase())
    const found = await call<{ id: number; username: string }[]>('core_user_get_users_by_field', { field: 'username', values: usernames })
    const have = new Map(found.map((u) => [u.username, u.id]))
    const missing = ids.filter((id) => !have.has(id.toLowerCase()))
    if (missing.length > 0) {
      const created = await call<{ id: number; username: string }[]>('core_user_create_users', {
        users: missing.map((id) => ({
          username: id.toLowerCase(), password: `Base-${id}-Pass1!`, firstname: 'Baseline', lastname: `User ${id}`,
          email: `${id.toLowerCase()}@example.org`, idnumber: id,
        })),
      })
      for (const u of created) have.set(u.username, u.id)
    }
    await call('enrol_manual_enrol_users', {
      enrolments: usernames.map((u) => ({ roleid: target.roleId ?? 5, userid: have.get(u)!, courseid: target.courseId })),
    })
  }
  return { size, totalMs: performance.now() - started, calls }
}
