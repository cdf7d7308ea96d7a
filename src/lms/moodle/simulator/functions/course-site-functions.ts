// core_course_get_courses_by_field (course/externallib.php) and core_webservice_get_site_info
// (webservice/classes/external/get_site_info.php) as recorded from Moodle 4.5.6.
import { hasCapability, isActivelyEnrolled, isSiteAdmin, type CallContext, type WsFunction } from '../call-context.ts'
import { invalidParameter, MoodleException } from '../moodle-exceptions.ts'
import { single, value, withDefault } from '../param-validation.ts'
import type { SimCourse } from '../state.ts'
import { pictureUrl } from '../user-details.ts'
import { courseRecord } from './course-shapes.ts'

function canAccess(ctx: CallContext, course: SimCourse): boolean {
  return hasCapability(ctx, 'moodle/course:view') || isActivelyEnrolled(ctx.state, course.id, ctx.user.id, ctx.now)
}

const getCoursesByField: WsFunction = {
  name: 'core_course_get_courses_by_field',
  version: '2024100706',
  params: single({ field: value('alpha', withDefault('')), value: value('raw', withDefault('')) }),
  run(ctx, params) {
    const field = params['field'] as string
    const v = params['value'] as string
    const all = [...ctx.state.courses.values()].sort((a, b) => a.id - b.id)
    let courses: SimCourse[]
    switch (field) {
      case '': courses = all; break
      case 'id': courses = all.filter((c) => String(c.id) === v); break
      case 'ids': {
        const ids = v.split(',').map((s) => Number(s.trim()))
        // Moodle 4.5 dereferences the context of every requested id; an unknown one is a PHP Error
        // that leaks without errorcode (recorded: core_course_get_courses_by_field.ids-list).
        if (ids.some((id) => !ctx.state.courses.has(id))) {
          throw new MoodleException('Error', undefined, 'Attempt to assign property "contextvalidated" on null', undefined)
        }
        courses = all.filter((c) => ids.includes(c.id))
        break
      }
      case 'shortname': courses = all.filter((c) => c.shortname === v); break
      case 'idnumber': courses = all.filter((c) => c.idnumber === v); break
      case 'category': courses = all.filter((c) => String(c.category) === v); break
      default: throw invalidParameter(ctx, 'Invalid field name')
    }
    return { courses: courses.filter((c) => canAccess(ctx, c)).map((c) => courseRecord(ctx, c)), warnings: [] }
  },
}

const advancedFeatures: Array<[string, number]> = [
  ['usecomments', 1], ['usetags', 1], ['enablenotes', 1], ['messaging', 1], ['enableblogs', 1], ['enablecompletion', 1],
  ['enablebadges', 1], ['messagingallusers', 0], ['enablecustomreports', 1], ['enableglobalsearch', 0],
  ['mnet_dispatcher_mode', 0], ['enablecompetencies', 1],
]

/** Built by the registry, which knows every function's version. */
export function siteInfoFunction(versionOf: (fn: string) => string): WsFunction {
  return {
    name: 'core_webservice_get_site_info',
    version: '2024100706',
    params: single({ serviceshortnames: { kind: 'multiple', content: value('alpha'), required: 'default', default: [] } }),
    run(ctx) {
      const service = ctx.state.services.get(ctx.serviceId)
      const u = ctx.user
      return {
        sitename: ctx.state.settings.sitename,
        username: u.username,
        firstname: u.firstname,
        lastname: u.lastname,
        fullname: `${u.firstname} ${u.lastname}`,
        lang: u.lang,
        userid: u.id,
        siteurl: ctx.siteUrl,
        userpictureurl: pictureUrl(ctx, 'f1'),
        functions: (service?.functions ?? []).map((name) => ({ name, version: versionOf(name) })),
        downloadfiles: 0,
        uploadfiles: 0,
        release: '4.5.6 (Build: 20250811)',
        version: '2024100706',
        mobilecssurl: '',
        advancedfeatures: advancedFeatures.map(([name, v]) => ({ name, value: name === 'enablecompletion' ? 1 : v })),
        usercanmanageownfiles: true,
        userquota: 104857600,
        usermaxuploadfilesize: 2097152,
        userhomepage: 1,
        userprivateaccesskey: u.privateAccessKey,
        siteid: 1,
        sitecalendartype: 'gregorian',
        usercalendartype: 'gregorian',
        userissiteadmin: isSiteAdmin(ctx),
        theme: 'boost',
        limitconcurrentlogins: 0,
        policyagreed: u.policyagreed ? 1 : 0,
      }
    },
  }
}

export const courseFunctions: WsFunction[] = [getCoursesByField]
