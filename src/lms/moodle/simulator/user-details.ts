// user_get_user_details() of user/lib.php, reduced to what this ws user's capabilities can change, with
// the members in the order the return descriptions give them (clean_returnvalue orders them).
import { hasCapability, isActivelyEnrolled, type CallContext } from './call-context.ts'
import type { SimCourse, SimUser } from './state.ts'

export function pictureUrl(ctx: CallContext, size: 'f1' | 'f2'): string {
  return `${ctx.siteUrl}/theme/image.php/${ctx.state.settings.svgicons ? '' : '_s/'}boost/core/${ctx.state.settings.themerev}/u/${size}`
}

/** core_user\fields::get_identity_fields(): empty without moodle/site:viewuseridentity. */
function identityFields(ctx: CallContext): string[] {
  return hasCapability(ctx, 'moodle/site:viewuseridentity') ? ctx.state.settings.showuseridentity : []
}

/** Active enrolments, ordered like enrol_get_users_courses (visible DESC, sortorder ASC). */
export function activeCoursesOf(ctx: CallContext, userId: number): SimCourse[] {
  const courses: SimCourse[] = []
  for (const course of ctx.state.courses.values()) {
    if (isActivelyEnrolled(ctx.state, course.id, userId, ctx.now)) courses.push(course)
  }
  return courses.sort((a, b) => Number(b.visible) - Number(a.visible) || a.sortorder - b.sortorder)
}

interface Options {
  /** Set for core_enrol_get_enrolled_users (course context, its own return description). */
  course?: SimCourse
  /** Restrict to these fields (core_enrol_get_enrolled_users option userfields). */
  fields?: Set<string>
}

export function userDetails(ctx: CallContext, user: SimUser, opts: Options = {}): Record<string, unknown> | null {
  const current = user.id === ctx.user.id
  if (!current && !hasCapability(ctx, 'moodle/user:viewdetails')) return null
  const allDetails = current || hasCapability(ctx, 'moodle/user:viewalldetails')
  const identity = identityFields(ctx)
  const want = (f: string) => !opts.fields || opts.fields.has(f) || f === 'id' || f === 'fullname'
  const inCourse = opts.course !== undefined
  const canSeeEmail = current || identity.includes('email') ||
    (inCourse && hasCapability(ctx, 'moodle/course:useremail'))

  const d: Record<string, unknown> = { id: user.id }
  if (want('username') && allDetails) d['username'] = user.username
  // 4.1 and 5.0 name the user only to a site admin or with moodle/site:viewfullnames; 4.5.6 also when the
  // full-name format uses the names (user/lib.php user_get_user_details()).
  const names = !ctx.state.profile.namesNeedViewFullnames || hasCapability(ctx, 'moodle/site:viewfullnames')
  if (want('firstname') && names) d['firstname'] = user.firstname
  if (want('lastname') && names) d['lastname'] = user.lastname
  d['fullname'] = `${user.firstname} ${user.lastname}`
  if (want('email') && canSeeEmail) d['email'] = user.email
  if (want('department') && (identity.includes('department') || allDetails)) d['department'] = user.department
  if (want('idnumber') && user.idnumber !== '' && (identity.includes('idnumber') || allDetails)) d['idnumber'] = user.idnumber
  if (want('firstaccess')) d['firstaccess'] = user.firstaccess
  if (want('lastaccess')) d['lastaccess'] = user.lastaccess
  if (inCourse) {
    if (want('lastcourseaccess')) d['lastcourseaccess'] = 0
  } else {
    if (allDetails) d['auth'] = user.auth
    d['suspended'] = user.suspended
    if (allDetails) d['confirmed'] = user.confirmed
    if (allDetails) d['lang'] = user.lang
    if (allDetails) d['theme'] = user.theme
    if (user.timezone) d['timezone'] = user.timezone
    if (allDetails) d['mailformat'] = user.mailformat
    if (allDetails && ctx.state.profile.trackforums) d['trackforums'] = user.trackforums
  }
  if (want('profileimageurlsmall')) d['profileimageurlsmall'] = pictureUrl(ctx, 'f2')
  if (want('profileimageurl')) d['profileimageurl'] = pictureUrl(ctx, 'f1')
  if (want('customfields')) {
    const fields: Array<Record<string, unknown>> = []
    for (const field of ctx.state.profileFields) {
      const value = user.customfields.get(field.shortname)
      if (value === undefined || value === '') continue
      fields.push(inCourse || !ctx.state.profile.customfieldDisplayvalue
        ? { type: field.datatype, value, name: field.name, shortname: field.shortname }
        : { type: field.datatype, value, displayvalue: value, name: field.name, shortname: field.shortname })
    }
    if (fields.length > 0) d['customfields'] = fields
  }
  if (opts.course && want('roles')) {
    const roleIds = ctx.state.enrolments.get(`${opts.course.id}:${user.id}`)?.roleIds ?? []
    d['roles'] = roleIds.map((roleid) => {
      const role = ctx.state.roles.get(roleid)
      return { roleid, name: role?.name ?? '', shortname: role?.shortname ?? '', sortorder: 0 }
    })
  }
  if (current && !inCourse) {
    // get_user_preferences() also reports when the preferences were loaded.
    d['preferences'] = [...user.preferences].map(([name, value]) => ({ name, value }))
      .concat([{ name: '_lastloaded', value: ctx.now }])
  }
  if (opts.course && want('enrolledcourses')) {
    const courses = activeCoursesOf(ctx, user.id)
    if (courses.length > 0) d['enrolledcourses'] = courses.map((c) => ({ id: c.id, fullname: c.fullname, shortname: c.shortname }))
  }
  return d
}
