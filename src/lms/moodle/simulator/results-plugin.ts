// The simulated local_coursebridge plugin: on each \core\event\course_completed it POSTs the same signed
// body the real plugin builds (moodle-plugin/local_coursebridge/classes/local/result_payload.php and
// webhook_signer.php; this file is their TypeScript twin, kept in step by test/webhooks tests).
import { createHash, randomBytes } from 'node:crypto'
import { signWebhook } from '../../../webhooks/standard-webhooks.ts'
import type { SimEvent, SimState } from './state.ts'

export interface ResultsPluginConfig {
  /** The coursebridge endpoint, e.g. http://127.0.0.1:3000/webhooks/moodle/<connection id>. */
  url?: string
  secret: string
  /** Instead of HTTP: hand the request to this function (an in-process app). Returns the HTTP status. */
  send?: (request: { headers: Record<string, string>; body: string }) => Promise<number>
}

export interface PluginDelivery {
  webhookId: string
  status: number | null
  error?: string
}

/** Plugin version announced in the body (the real plugin's version.php). */
export const simulatedPluginVersion = 2025112300
const siteIdentifier = 'SimulatorSiteIdentifier0000000000localhost'

const siteKey = () => createHash('sha256').update(siteIdentifier).digest('hex').slice(0, 16)

/** result_payload::course_completed for a completion row of the simulator. */
export function completionBody(state: SimState, site: string, event: SimEvent): { id: string; body: string } | null {
  const data = event.data as { objectid: string; courseid: string; relateduserid: string }
  const userId = Number(data.relateduserid)
  const courseId = Number(data.courseid)
  const user = state.users.get(userId)
  const course = state.courses.get(courseId)
  const row = state.completions.get(`${courseId}:${userId}`)
  if (!user || !course || !row || row.timeCompleted === null) return null
  const id = `moodle-${siteKey()}-${data.objectid}-${row.timeCompleted}`
  const grade = row.grade === undefined ? null : {
    type: 'value', final: row.grade, min: 0, max: 100, pass: null, percentage: Math.round(row.grade * 100) / 100,
  }
  const payload = {
    type: 'course.completed',
    id,
    moodle: { site, plugin: simulatedPluginVersion },
    user: { id: userId, idnumber: user.idnumber === '' ? null : user.idnumber },
    course: { id: courseId, shortname: course.shortname, idnumber: course.idnumber === '' ? null : course.idnumber },
    timecompleted: row.timeCompleted,
    grade,
  }
  return { id, body: JSON.stringify(payload) }
}

/** Sends one completion like the plugin's ad-hoc task does (one attempt; the outcome is kept). */
export async function sendCompletion(
  config: ResultsPluginConfig,
  message: { id: string; body: string },
  nowSeconds: number,
): Promise<PluginDelivery> {
  const headers = {
    'content-type': 'application/json',
    ...signWebhook({ id: message.id, timestamp: nowSeconds, body: message.body, secret: config.secret }),
  }
  try {
    if (config.send) return { webhookId: message.id, status: await config.send({ headers, body: message.body }) }
    const res = await fetch(config.url!, { method: 'POST', headers, body: message.body, signal: AbortSignal.timeout(10_000) })
    return { webhookId: message.id, status: res.status }
  } catch (err) {
    return { webhookId: message.id, status: null, error: (err as Error).message }
  }
}

export const testNonce = () => randomBytes(8).toString('hex')
