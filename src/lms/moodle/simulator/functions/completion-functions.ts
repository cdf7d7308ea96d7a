// Course completion: core_completion_get_course_completion_status and
// core_completion_mark_course_self_completed (completion/classes/external.php), plus the state changes
// behind them: a criterion tick, the completion cron (\core\task\completion_regular_task) and
// completion_completion::mark_complete(), which fires \core\event\course_completed once per completion.
import { hasCapability, isActivelyEnrolled, validateContext, type WsFunction } from '../call-context.ts'
import { missingRecord, moodleException } from '../moodle-exceptions.ts'
import { single, value } from '../param-validation.ts'
import type { SimCompletion, SimState } from '../state.ts'

const key = (courseId: number, userId: number) => `${courseId}:${userId}`

export function completionOf(state: SimState, courseId: number, userId: number): SimCompletion | undefined {
  return state.completions.get(key(courseId, userId))
}

function completionRow(state: SimState, courseId: number, userId: number): SimCompletion & { id: number } {
  let row = state.completions.get(key(courseId, userId)) as (SimCompletion & { id: number }) | undefined
  if (!row) {
    row = { id: state.nextCompletionId++, timeCompleted: null, criteria: new Map(), reaggregate: 0 }
    state.completions.set(key(courseId, userId), row)
  }
  return row
}

/** completion_completion::mark_complete(): sets timecompleted and fires course_completed (event data as recorded). */
export function markCourseComplete(state: SimState, userId: number, courseId: number, timeCompleted: number,
  actorId: number, now: number, grade?: number): void {
  const course = state.courses.get(courseId)
  if (!course) throw new Error(`simulator: no course ${courseId}`)
  const row = completionRow(state, courseId, userId)
  row.timeCompleted = timeCompleted
  row.reaggregate = 0
  if (grade !== undefined) row.grade = grade
  state.events.push({
    eventname: '\\core\\event\\course_completed',
    data: {
      eventname: '\\core\\event\\course_completed', component: 'core', action: 'completed', target: 'course',
      objecttable: 'course_completions', objectid: String(row.id), crud: 'u', edulevel: 2,
      contextid: course.contextid, contextlevel: 50, contextinstanceid: String(courseId), userid: String(actorId),
      courseid: String(courseId), relateduserid: String(userId), anonymous: 0, other: { relateduserid: String(userId) },
      timecreated: now,
    },
  })
}

/**
 * completion_info::delete_course_completion_data() for one user (a course reset): the completion row and its
 * criterion rows are deleted; a later completion makes a new row (round-3/*.polling-after-reset, *.polling-retake).
 */
export function resetCourseCompletion(state: SimState, userId: number, courseId: number): void {
  state.completions.delete(key(courseId, userId))
}

/** A criterion completed (e.g. a Manager ticked "manual completion by others"); the course waits for the cron. */
export function tickCriterion(state: SimState, userId: number, courseId: number, criterionIndex: number, time: number): void {
  const row = completionRow(state, courseId, userId)
  row.criteria.set(criterionIndex, time)
  row.reaggregate = time
}

/** \core\task\completion_regular_task: aggregates rows whose reaggregate is older than the task start. */
export function runCompletionCron(state: SimState, now: number, actorId: number): void {
  for (const [k, row] of state.completions) {
    if (row.reaggregate === 0 || row.reaggregate >= now || row.timeCompleted !== null) continue
    const [courseId, userId] = k.split(':').map(Number) as [number, number]
    const course = state.courses.get(courseId)
    if (!course || course.criteria.length === 0) continue
    if (course.criteria.every((_, i) => row.criteria.has(i))) {
      markCourseComplete(state, userId, courseId, Math.max(...row.criteria.values()), actorId, now)
    }
  }
}

const completionStatus: WsFunction = {
  name: 'core_completion_get_course_completion_status',
  version: '2024100706',
  params: single({ courseid: value('int'), userid: value('int') }),
  run(ctx, params) {
    const courseId = params['courseid'] as number
    const userId = params['userid'] as number
    const course = ctx.state.courses.get(courseId)
    if (!course) throw missingRecord(ctx, 'course', 'SELECT * FROM {course} WHERE id = ?', [courseId])
    validateContext(ctx, course)
    if (!ctx.state.users.has(userId)) throw missingRecord(ctx, 'user', 'SELECT * FROM {user} WHERE id = ?', [userId])
    if (userId !== ctx.user.id && !hasCapability(ctx, 'report/completion:view')) throw moodleException(ctx, 'cannotviewreport')
    if (!isActivelyEnrolled(ctx.state, courseId, userId, ctx.now)) {
      throw moodleException(ctx, userId === ctx.user.id ? 'notenroled' : 'usernotenroled', 'completion')
    }
    if (!course.enablecompletion || course.criteria.length === 0) throw moodleException(ctx, 'nocriteriaset', 'completion')
    const row = completionOf(ctx.state, courseId, userId)
    const completions = course.criteria.map((c, i) => {
      const at = row?.criteria.get(i)
      const done = at !== undefined
      const common = { status: done ? 'Yes' : 'No', complete: done, timecompleted: at ?? null }
      return c.type === 'role'
        ? { type: 7, title: c.roleName, ...common, details: { type: 'Manual completion by others', criteria: c.roleName, requirement: `Marked complete by ${c.roleName}`, status: '' } }
        : { type: 1, title: 'Self completion', ...common, details: { type: 'Self completion', criteria: 'Self completion', requirement: 'Marking yourself complete', status: '' } }
    })
    return { completionstatus: { completed: row?.timeCompleted != null, aggregation: 1, completions }, warnings: [] }
  },
}

const markSelfCompleted: WsFunction = {
  name: 'core_completion_mark_course_self_completed',
  version: '2024100706',
  params: single({ courseid: value('int') }),
  run(ctx, params) {
    const courseId = params['courseid'] as number
    const course = ctx.state.courses.get(courseId)
    if (!course) throw missingRecord(ctx, 'course', 'SELECT * FROM {course} WHERE id = ?', [courseId])
    validateContext(ctx, course)
    if (!course.enablecompletion) throw moodleException(ctx, 'completionnotenabled', 'completion')
    if (!isActivelyEnrolled(ctx.state, courseId, ctx.user.id, ctx.now)) throw moodleException(ctx, 'nottracked', 'completion')
    const index = course.criteria.findIndex((c) => c.type === 'self')
    if (index === -1) throw moodleException(ctx, 'noselfcompletioncriteria', 'completion')
    if (!completionOf(ctx.state, courseId, ctx.user.id)?.criteria.has(index)) tickCriterion(ctx.state, ctx.user.id, courseId, index, ctx.now)
    return { status: true, warnings: [] }
  },
}

export const completionFunctions: WsFunction[] = [completionStatus, markSelfCompleted]
