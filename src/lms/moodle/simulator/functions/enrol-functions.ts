// enrol_manual_enrol_users / enrol_manual_unenrol_users (enrol/manual/externallib.php) and the read-only
// core_enrol_get_enrolled_users / core_enrol_get_users_courses (enrol/externallib.php) of Moodle 4.5.6.
import { hasCapability, isActivelyEnrolled, requireCapability, validateContext, type CallContext, type WsFunction } from '../call-context.ts'
import { codingError, invalidParameter, missingRecord, moodleException, MoodleException } from '../moodle-exceptions.ts'
import { multiple, optional, single, value, withDefault } from '../param-validation.ts'
import { enrolmentKey, type SimCourse, type SimEnrolment } from '../state.ts'
import { activeCoursesOf, userDetails } from '../user-details.ts'
import { courseImageUrl } from './course-shapes.ts'
import { completionOf } from './completion-functions.ts'

type Row = Record<string, unknown>

function courseOr(ctx: CallContext, id: number, sql: string): SimCourse {
  const course = ctx.state.courses.get(id)
  if (!course) throw missingRecord(ctx, 'course', sql, [id])
  return course
}

/** 4.1's string leaves {$a->courseid} unfilled (the exception is given the enrolment, not an object with courseid). */
function noInstance(ctx: CallContext, a: Record<string, number>): MoodleException {
  return ctx.state.profile.wsnoinstanceFilled
    ? moodleException(ctx, 'wsnoinstance', 'enrol_manual', a)
    : moodleException(ctx, 'wsnoinstance', 'enrol_manual')
}

/**
 * enrol_user() with a user id that does not exist: 4.5.6 fails reading the user (invaliduser), 4.1 in
 * role_assign() (coding_exception), 5.0 in the welcome-message code with a PHP TypeError that has no
 * errorcode and names a file on the server (recorded with the path scrubbed to [dirroot]).
 */
function unknownUserOnEnrol(ctx: CallContext, userId: number): MoodleException {
  switch (ctx.state.profile.enrolUnknownUser) {
    // User id 0 is refused before the lookup ("userid can not be empty", as coursebridge's check probe saw it on 4.1).
    case 'codingerror': return userId === 0
      ? codingError(ctx, 'userid can not be empty', `userid:${userId}`)
      : codingError(ctx, 'User ID does not exist or is deleted!', `userid:${userId}`)
    case 'typeerror': return new MoodleException('TypeError', undefined,
      `core\\user::get_name_placeholders(): Argument #1 ($user) must be of type stdClass, bool given, called in ${ctx.state.settings.dirroot}/lib/enrollib.php on line 3674`, undefined)
    default: return missingRecord(ctx, 'user', 'SELECT * FROM {user} WHERE id = ?', [userId])
  }
}

const enrolUsers: WsFunction = {
  name: 'enrol_manual_enrol_users',
  version: '2024100700',
  params: single({
    enrolments: multiple(single({
      roleid: value('int'),
      userid: value('int'),
      courseid: value('int'),
      timestart: value('int', optional),
      timeend: value('int', optional),
      suspend: value('int', optional),
    })),
  }),
  run(ctx, params) {
    // All enrolments share one delegated transaction: remember what was there to undo it on failure.
    const undo = new Map<string, SimEnrolment | undefined>()
    try {
      for (const e of params['enrolments'] as Row[]) {
        const courseId = e['courseid'] as number
        const userId = e['userid'] as number
        const roleId = e['roleid'] as number
        const course = ctx.state.courses.get(courseId)
        // context_course::instance($courseid, IGNORE_MISSING) + validate_context(false).
        if (!course) throw invalidParameter(ctx, 'Context does not exist')
        validateContext(ctx, course)
        requireCapability(ctx, 'enrol/manual:enrol')
        // get_assignable_roles(): needs moodle/role:assign and the role in role_allow_assign.
        const a = { roleid: roleId, userid: userId, courseid: courseId }
        if (!hasCapability(ctx, 'moodle/role:assign') || !ctx.state.assignableRoles.has(roleId)) {
          throw moodleException(ctx, 'wsusercannotassign', 'enrol_manual', a)
        }
        if (!course.manualEnrol) throw noInstance(ctx, a)
        if (!ctx.state.users.has(userId)) throw unknownUserOnEnrol(ctx, userId)
        const key = enrolmentKey(courseId, userId)
        const existing = ctx.state.enrolments.get(key)
        if (!undo.has(key)) undo.set(key, existing ? { ...existing, roleIds: [...existing.roleIds] } : undefined)
        const timeStart = (e['timestart'] as number | undefined) ?? 0
        const timeEnd = (e['timeend'] as number | undefined) ?? 0
        const status: 0 | 1 = e['suspend'] ? 1 : 0
        if (existing) {
          // enrol_user() on an existing enrolment updates it in place: start, end and status are
          // always overwritten (an omitted suspend re-activates), the role is added if missing.
          existing.timeStart = timeStart
          existing.timeEnd = timeEnd
          existing.status = status
          existing.timeModified = ctx.now
          if (!existing.roleIds.includes(roleId)) existing.roleIds.push(roleId)
        } else {
          ctx.state.enrolments.set(key, { userId, courseId, roleIds: [roleId], timeStart, timeEnd, status, timeCreated: ctx.now, timeModified: ctx.now })
        }
      }
    } catch (err) {
      for (const [key, before] of undo) {
        if (before) ctx.state.enrolments.set(key, before)
        else ctx.state.enrolments.delete(key)
      }
      throw err
    }
    return null
  },
}

const unenrolUsers: WsFunction = {
  name: 'enrol_manual_unenrol_users',
  version: '2024100700',
  params: single({
    enrolments: multiple(single({ userid: value('int'), courseid: value('int'), roleid: value('int', optional) })),
  }),
  run(ctx, params) {
    const undo = new Map<string, SimEnrolment>()
    try {
      for (const e of params['enrolments'] as Row[]) {
        const courseId = e['courseid'] as number
        const userId = e['userid'] as number
        const course = courseOr(ctx, courseId, 'SELECT id,category FROM {course} WHERE id = ?')
        validateContext(ctx, course)
        requireCapability(ctx, 'enrol/manual:unenrol')
        if (!course.manualEnrol) throw noInstance(ctx, { courseid: courseId, userid: userId })
        if (!ctx.state.users.has(userId)) {
          // 4.1 and 5.0 look the user up themselves; 4.5.6 fails in get_record(MUST_EXIST).
          throw ctx.state.profile.unenrolUnknownUser === 'invalidparameter'
            ? invalidParameter(ctx, `User id not exist: ${userId}`)
            : missingRecord(ctx, 'user', 'SELECT * FROM {user} WHERE id = ?', [userId])
        }
        const key = enrolmentKey(courseId, userId)
        const existing = ctx.state.enrolments.get(key)
        if (existing) {
          undo.set(key, existing)
          ctx.state.enrolments.delete(key)
        }
      }
    } catch (err) {
      for (const [key, before] of undo) ctx.state.enrolments.set(key, before)
      throw err
    }
    return null
  },
}

const getEnrolledUsers: WsFunction = {
  name: 'core_enrol_get_enrolled_users',
  version: '2024100706',
  params: single({
    courseid: value('int'),
    options: multiple(single({ name: value('alphanumext'), value: value('raw') }), withDefault([])),
  }),
  run(ctx, params) {
    const courseId = params['courseid'] as number
    const course = courseOr(ctx, courseId, 'SELECT * FROM {course} WHERE id = ?')
    const options = new Map((params['options'] as Array<{ name: string; value: string }>).map((o) => [o.name, o.value]))
    validateContext(ctx, course)
    requireCapability(ctx, 'moodle/course:viewparticipants')
    const onlyActive = options.has('onlyactive') && options.get('onlyactive') !== '0'
    // onlysuspended: enrolments that are suspended or outside their period (enrol/externallib.php; not recorded).
    const onlySuspended = options.has('onlysuspended') && options.get('onlysuspended') !== '0'
    if (onlyActive || onlySuspended) requireCapability(ctx, 'moodle/course:enrolreview')
    const fields = options.has('userfields')
      ? new Set((options.get('userfields') ?? '').split(',').map((f) => f.trim()))
      : undefined
    const out: Row[] = []
    const enrolled = [...ctx.state.enrolments.values()].filter((e) => e.courseId === courseId)
      .filter((e) => !onlyActive || isActivelyEnrolled(ctx.state, courseId, e.userId, ctx.now))
      .filter((e) => !onlySuspended || !isActivelyEnrolled(ctx.state, courseId, e.userId, ctx.now))
      .sort((a, b) => a.userId - b.userId)
    for (const e of enrolled) {
      const user = ctx.state.users.get(e.userId)
      if (!user) continue
      const details = userDetails(ctx, user, { course, fields })
      if (details) out.push(details)
    }
    return out
  },
}

const getUsersCourses: WsFunction = {
  name: 'core_enrol_get_users_courses',
  version: '2024100706',
  params: single({ userid: value('int'), returnusercount: value('bool', withDefault(true)) }),
  run(ctx, params) {
    const userId = params['userid'] as number
    const user = ctx.state.users.get(userId)
    if (!user) throw missingRecord(ctx, 'user', 'SELECT * FROM {user} WHERE id = ?', [userId])
    validateContext(ctx)
    const out: Row[] = []
    for (const course of activeCoursesOf(ctx, userId)) {
      // Courses the caller may not see participants of are skipped silently (recorded with only the required capabilities: []).
      if (userId !== ctx.user.id && !hasCapability(ctx, 'moodle/course:viewparticipants')) continue
      const completion = completionOf(ctx.state, course.id, userId)
      const completed = completion?.timeCompleted != null
      const row: Row = {
        id: course.id, shortname: course.shortname, fullname: course.fullname, displayname: course.fullname,
      }
      if (params['returnusercount']) {
        // get_enrolled_sql($context) without onlyactive: suspended and not-yet-started enrolments count too
        // (recorded: versions/5.0/extra.core_enrol_get_users_courses.suspended-user.with-future-enrolment-present).
        row['enrolledusercount'] = [...ctx.state.enrolments.values()]
          .filter((e) => e.courseId === course.id && ctx.state.users.get(e.userId)?.deleted !== true).length
      }
      Object.assign(row, {
        idnumber: course.idnumber, visible: course.visible ? 1 : 0, summary: '', summaryformat: ctx.state.profile.emptySummaryFormat, format: 'topics',
        ...(ctx.state.profile.courseImage ? { courseimage: courseImageUrl(ctx, course) } : {}), showgrades: true, lang: '', enablecompletion: course.enablecompletion,
        completionhascriteria: course.criteria.length > 0, completionusertracked: true, category: course.category,
        progress: completed ? 100 : null, completed, startdate: 0, enddate: 0, marker: 0, lastaccess: null,
        isfavourite: false, hidden: false, overviewfiles: [], showactivitydates: false, showcompletionconditions: true,
        timemodified: course.timemodified,
      })
      out.push(row)
    }
    return out
  },
}

export const enrolFunctions: WsFunction[] = [enrolUsers, unenrolUsers, getEnrolledUsers, getUsersCourses]
