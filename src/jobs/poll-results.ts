// The polling fallback for results: for sites without the Moodle plugin, and for ILIAS (learning progress). Only
// active registrations without a result are asked about, and never all at once: a run asks at most its budget
// (RESULTS_POLL_BUDGET) of them per connection, those asked longest ago first (round robin over the runs), in groups
// of a few calls that each take one of the connection's call slots (its maxConcurrentCalls, through the adapter's
// limiter) with a pause between groups (RESULTS_POLL_PAUSE_MS). A course for which the Moodle plugin delivered a
// result in the last days is not polled by the schedule: the plugin delivers there, and it sees retakes and exact
// times, the poll neither. (A test event alone proves the plugin installed, not that it sends: it stops no poll.)
import type { AppContext } from '../services/context.ts'
import { LmsError, type LmsResult } from '../lms/lms-adapter.ts'
import { getConnectionById } from '../store/connections.ts'
import { getRegistration } from '../store/registrations.ts'
import { raiseNotification, resolveNotifications } from '../store/notifications.ts'
import { recordResult } from '../services/results.ts'
import { markPolled, type CompletionTimeSource } from '../store/results.ts'

interface Candidate {
  registration_id: string
  lms_user_id: string
  target_id: string
  polled_at: Date | null
}

/** Calls per group: one group holds one of the connection's call slots at a time. */
export const pollGroupSize = 10
/** Registrations per connection and run when the configuration does not say. */
export const defaultPollBudget = 60
/** A course with a result from the Moodle plugin within this many days is one where the plugin delivers. */
export const pluginDeliversWithinDays = 14

export interface PollRun {
  /** Why nothing was asked, when nothing was. */
  skipped?: 'inactive'
  asked: number
  recorded: number
}

export function createPollResultsHandler(ctx: AppContext) {
  return async (data: { connectionId: string; force?: boolean }): Promise<void> => {
    await pollConnectionResults(ctx, data)
  }
}

/** One poll run of one connection. */
export async function pollConnectionResults(ctx: AppContext, data: { connectionId: string; force?: boolean }): Promise<PollRun> {
  const connection = await getConnectionById(ctx.db, ctx.box, data.connectionId)
  if (!connection || !connection.active || connection.blockedCode) return { skipped: 'inactive', asked: 0, recorded: 0 }
  const budget = ctx.config.resultsPollBudget ?? defaultPollBudget
  // A forced run (an administrator's "Poll now") asks about courses the plugin delivers for too.
  const { rows } = await ctx.db.query<Candidate>(
    `SELECT r.id AS registration_id, r.lms_user_id, c.resolved_target->>'id' AS target_id, p.polled_at
     FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
       LEFT JOIN result_polls p ON p.registration_id = r.id
     WHERE c.connection_id = $1 AND r.desired = 'active' AND r.status = 'active' AND r.lms_user_id IS NOT NULL
       AND c.resolved_target->>'type' = 'course'
       AND NOT EXISTS (SELECT 1 FROM results x WHERE x.registration_id = r.id)
       AND ($3 OR NOT EXISTS (SELECT 1 FROM results x JOIN registrations r2 ON r2.id = x.registration_id
         WHERE r2.course_definition_id = c.id AND x.source = 'moodle-plugin'
           AND x.received_at > now() - make_interval(days => $4::int)))
     ORDER BY p.polled_at ASC NULLS FIRST, r.created_at, r.id
     LIMIT $2`,
    [connection.id, budget, data.force === true, pluginDeliversWithinDays],
  )
  if (rows.length === 0) return { asked: 0, recorded: 0 }
  const adapter = await ctx.adapters.get(connection)
  const pauseMs = ctx.config.resultsPollPauseMs ?? 0
  let recorded = 0
  for (let start = 0; start < rows.length; start += pollGroupSize) {
    if (start > 0 && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs))
    const group = rows.slice(start, start + pollGroupSize)
    const startedAt = new Date()
    // ILIAS reports changes since a time: since the group's least recently asked registration (null: never asked,
    // then it reads each course's current progress).
    const since = group.some((r) => r.polled_at === null) ? null : new Date(Math.min(...group.map((r) => r.polled_at!.getTime())))
    let results: LmsResult[]
    try {
      results = await adapter.pollResults({ since, enrolments: group.map((r) => ({ lmsUserId: r.lms_user_id, targetId: r.target_id })) })
    } catch (err) {
      if (!(err instanceof LmsError) || err.kind === 'retryable') throw err
      // Polling is optional (the plugin pushes): tell the administrator once, leave the connection running.
      ctx.log.warn({ connectionId: connection.id, connection: connection.name, code: 'RESULTS_POLL_UNAVAILABLE', lmsCode: err.code },
        `results cannot be polled from "${connection.name}": ${err.code}`)
      await raiseNotification(ctx.db, {
        tenantId: connection.tenantId, code: 'RESULTS_POLL_UNAVAILABLE', kind: 'needs-admin', connectionId: connection.id,
        message: `results cannot be polled from "${connection.name}": ${err.message} (${err.code})`,
        details: { lmsCode: err.code }, dedupeKey: `poll:${connection.id}`,
      })
      return { asked: start, recorded }
    }
    await resolveNotifications(ctx.db, { tenantId: connection.tenantId, dedupeKey: `poll:${connection.id}` })
    const byKey = new Map(group.map((r) => [`${r.lms_user_id}:${r.target_id}`, r.registration_id]))
    for (const r of results) {
      const registrationId = byKey.get(`${r.lmsUserId}:${r.targetId}`)
      if (!registrationId) continue
      const registration = (await getRegistration(ctx.db, registrationId))!
      // No time in the answer (Moodle's poll, completion marked directly): the moment it was first seen, said so.
      const timeSource: CompletionTimeSource = r.completedAt === null ? 'observed' : r.completedAtKind === 'criteria' ? 'criteria' : 'lms'
      const outcome = await recordResult(ctx, registration, {
        source: `${adapter.lms}-poll`, attended: true, passed: r.status !== 'failed',
        completedAt: r.completedAt ?? new Date(), completionTimeSource: timeSource, lmsRef: null,
      })
      if (outcome.outcome === 'created') recorded++
    }
    await markPolled(ctx.db, group.map((r) => r.registration_id), startedAt)
  }
  ctx.log.info({ connectionId: connection.id, asked: rows.length, recorded }, `result poll of "${connection.name}": ${rows.length} asked, ${recorded} recorded`)
  return { asked: rows.length, recorded }
}
