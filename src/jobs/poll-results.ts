// The polling fallback for results: for sites without the Moodle plugin, and for ILIAS (learning
// progress). Only active registrations without a result are asked about.
import type { AppContext } from '../services/context.ts'
import { LmsError } from '../lms/lms-adapter.ts'
import { getConnectionById } from '../store/connections.ts'
import { getPollState, setPollState } from '../store/results.ts'
import { getRegistration } from '../store/registrations.ts'
import { raiseNotification, resolveNotifications } from '../store/notifications.ts'
import { recordResult } from '../services/results.ts'

interface Candidate {
  registration_id: string
  lms_user_id: string
  target_id: string
}

export function createPollResultsHandler(ctx: AppContext) {
  return async (data: { connectionId: string }): Promise<void> => {
    const connection = await getConnectionById(ctx.db, ctx.box, data.connectionId)
    if (!connection || !connection.active || connection.blockedCode) return
    const { rows } = await ctx.db.query<Candidate>(
      `SELECT r.id AS registration_id, r.lms_user_id, c.resolved_target->>'id' AS target_id
       FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
       WHERE c.connection_id = $1 AND r.desired = 'active' AND r.status = 'active' AND r.lms_user_id IS NOT NULL
         AND c.resolved_target->>'type' = 'course'
         AND NOT EXISTS (SELECT 1 FROM results x WHERE x.registration_id = r.id)`,
      [connection.id],
    )
    const startedAt = new Date()
    if (rows.length === 0) {
      await setPollState(ctx.db, connection.id, startedAt)
      return
    }
    const since = await getPollState(ctx.db, connection.id)
    const adapter = await ctx.adapters.get(connection)
    let results
    try {
      results = await adapter.pollResults({ since, enrolments: rows.map((r) => ({ lmsUserId: r.lms_user_id, targetId: r.target_id })) })
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
      return
    }
    await resolveNotifications(ctx.db, { tenantId: connection.tenantId, dedupeKey: `poll:${connection.id}` })
    const byKey = new Map(rows.map((r) => [`${r.lms_user_id}:${r.target_id}`, r.registration_id]))
    for (const r of results) {
      const registrationId = byKey.get(`${r.lmsUserId}:${r.targetId}`)
      if (!registrationId) continue
      const registration = (await getRegistration(ctx.db, registrationId))!
      await recordResult(ctx, registration, {
        source: `${adapter.lms}-poll`, attended: true, passed: r.status !== 'failed', completedAt: r.completedAt, lmsRef: null,
      })
    }
    await setPollState(ctx.db, connection.id, startedAt)
  }
}
