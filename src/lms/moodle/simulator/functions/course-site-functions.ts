// core_course_get_courses_by_field (course/externallib.php) and core_webservice_get_site_info
// (webservice/classes/external/get_site_info.php) as recorded from Moodle 4.5.6.
import { hasCapability, isActivelyEnrolled, isSiteAdmin, type CallContext, type WsFunction } from '../call-context.ts'
import { invalidParameter, missingRecord, MoodleException } from '../moodle-exceptions.ts'
import { single, value, withDefault } from '../param-validation.ts'
import type { SimCourse } from '../state.ts'
import { pictureUrl } from '../user-details.ts'
import { courseRecord } from './course-shapes.ts'
import type { VersionProfile } from '../version-profile.ts'

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
        const unknown = ids.find((id) => !ctx.state.courses.has(id))
        if (unknown !== undefined) {
          // On PHP 7.4 (4.1) that is only a warning; the code runs on and get_record fails on "id IS NULL".
          if (ctx.state.profile.coursesByIdsUnknown === 'invalidrecord') {
            throw missingRecord(ctx, 'course', 'SELECT id,category FROM {course} WHERE id IS NULL', [])
          }
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

const advancedFeatureValues: Record<string, number> = {
  usecomments: 1, usetags: 1, enablenotes: 1, messaging: 1, enableblogs: 1, enablecompletion: 1,
  enablebadges: 1, messagingallusers: 0, enablecustomreports: 1, enableglobalsearch: 0,
  mnet_dispatcher_mode: 0, enablecompetencies: 1,
}

/** Built by the registry, which knows every function's version. */
export function siteInfoFunction(versionOf: (fn: string, profile: VersionProfile) => string): WsFunction {
  return {
    name: 'core_webservice_get_site_info',
    version: '2024100706',
    params: single({ serviceshortnames: { kind: 'multiple', content: value('alpha'), required: 'default', default: [] } }),
    run(ctx) {
      const service = ctx.state.services.get(ctx.serviceId)
      const u = ctx.user
      const profile = ctx.state.profile
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
        functions: (service?.functions ?? []).map((name) => ({ name, version: versionOf(name, profile) })),
        downloadfiles: 0,
        uploadfiles: 0,
        release: profile.release,
        version: profile.version,
        mobilecssurl: '',
        advancedfeatures: profile.advancedFeatures.map((name) => ({ name, value: advancedFeatureValues[name] ?? 0 })),
        usercanmanageownfiles: true,
        userquota: 104857600,
        usermaxuploadfilesize: profile.usermaxuploadfilesize,
        userhomepage: 1,
        userprivateaccesskey: u.privateAccessKey,
        siteid: 1,
        sitecalendartype: 'gregorian',
        usercalendartype: 'gregorian',
        userissiteadmin: isSiteAdmin(ctx),
        theme: 'boost',
        limitconcurrentlogins: 0,
        ...(profile.siteInfoPolicyagreed ? { policyagreed: u.policyagreed ? 1 : 0 } : {}),
      }
    },
  }
}

export const courseFunctions: WsFunction[] = [getCoursesByField]
